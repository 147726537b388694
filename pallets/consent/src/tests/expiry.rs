//! Expiry: honoured without anyone acting, and the per-block limit.

use super::*;
use frame_support::{assert_noop, assert_ok};

#[test]
fn an_expired_consent_counts_as_withdrawn_without_anyone_acting() {
	build_and_execute(|| {
		let id = give_to_buyer(1, 0, &[0, 1], Some(10));
		give_to_buyer(2, 0, &[0], None);
		run_to_block(9);
		assert!(covers_now(1, 0));
		assert_eq!(buyer_pool(0, 0), 2);
		run_to_block(10);
		assert!(!covers_now(1, 0));
		assert_eq!((buyer_pool(0, 0), buyer_pool(0, 1)), (1, 0));
		let record = Consents::<Test>::get(1, id).unwrap();
		assert_eq!((record.state, record.version), (ConsentState::Expired { at: 10 }, 2));
		System::assert_has_event(Event::ConsentExpired { member: 1, consent: id, coop: 0 }.into());
		assert_noop!(Consent::withdraw(RuntimeOrigin::signed(1), id), Error::<Test>::NotLive);
		assert_ok!(Consent::remove(RuntimeOrigin::signed(1), id));
	});
}

#[test]
fn a_full_expiry_block_makes_the_consent_end_earlier_never_later() {
	build_and_execute(|| {
		// MAX_EXPIRIES consents end at block 20; the next ones end at 19, 19, 18, 18.
		for member in [1, 2] {
			give_to_buyer(member, 0, &[0], Some(20));
		}
		let give = |member, buyer| {
			assert_ok!(Consent::give(
				RuntimeOrigin::signed(member),
				0,
				Grantee::Buyer(buyer),
				1,
				vec![0],
				Some(20),
				receipt(1)
			));
			Consents::<Test>::get(member, NextConsentId::<Test>::get(member) - 1).unwrap().terms.expires
		};
		let ends = [give(3, 20), give(3, 21), give(3, 22), give(2, 23)];
		assert_eq!(ends, [Some(19), Some(19), Some(18), Some(18)]);
		assert_noop!(
			Consent::give(RuntimeOrigin::signed(1), 0, Grantee::Buyer(30), 1, vec![0], Some(20), receipt(1)),
			Error::<Test>::ExpiryCongested
		);
		run_to_block(20);
		assert_eq!(buyer_pool(0, 0), 0);
		assert!(Expiries::<Test>::iter().next().is_none());
	});
}

#[test]
fn an_expiry_never_lands_on_or_before_the_current_block() {
	build_and_execute(|| {
		for member in [1, 2] {
			give_to_buyer(member, 0, &[0], Some(2));
		}
		assert_noop!(
			Consent::give(RuntimeOrigin::signed(3), 0, Grantee::Buyer(10), 1, vec![0], Some(2), receipt(1)),
			Error::<Test>::ExpiryCongested
		);
	});
}
