//! Changing a consent: versions, counts, and the limit on versions.

use super::*;
use frame_support::{assert_noop, assert_ok};

#[test]
fn an_update_is_a_new_version_and_moves_the_counts() {
	build_and_execute(|| {
		let id = give_to_buyer(1, 0, &[0, 1], Some(20));
		run_to_block(3);
		assert_ok!(Consent::update(RuntimeOrigin::signed(1), id, vec![1, 2], Some(30), receipt(2)));
		System::assert_last_event(
			Event::ConsentUpdated {
				member: 1,
				consent: id,
				version: 2,
				categories: BoundedVec::truncate_from(vec![1, 2]),
				expires: Some(30),
			}
			.into(),
		);
		assert_eq!((buyer_pool(0, 0), buyer_pool(0, 1), buyer_pool(0, 2)), (0, 1, 1));
		assert!(!covers_now(1, 0) && covers_now(1, 1) && covers_now(1, 2));
		let first = History::<Test>::get((1, id, 1)).unwrap();
		let second = History::<Test>::get((1, id, 2)).unwrap();
		assert_eq!(
			(first.terms.categories.to_vec(), first.terms.expires, first.at),
			(vec![0, 1], Some(20), 1)
		);
		assert_eq!(
			(second.terms.categories.to_vec(), second.terms.expires, second.at),
			(vec![1, 2], Some(30), 3)
		);
		assert_eq!(second.terms.receipt, receipt(2));
		// The old expiry no longer applies: nothing happens at block 20.
		run_to_block(25);
		assert!(covers_now(1, 1));
		run_to_block(30);
		assert!(!covers_now(1, 1));
		assert_eq!(Consents::<Test>::get(1, id).unwrap().state, ConsentState::Expired { at: 30 });
	});
}

#[test]
fn updates_are_checked_like_new_consents() {
	build_and_execute(|| {
		let id = give_to_buyer(1, 0, &[0], None);
		let update = |categories: Vec<u16>, expires| {
			Consent::update(RuntimeOrigin::signed(1), id, categories, expires, receipt(2))
		};
		assert_noop!(update(vec![], None), Error::<Test>::NoCategories);
		assert_noop!(update(vec![9], None), Error::<Test>::UnknownCategory);
		assert_noop!(update(vec![1, 1], None), Error::<Test>::DuplicateCategory);
		assert_noop!(update(vec![0, 1, 2, 3, 4], None), Error::<Test>::TooManyCategories);
		assert_noop!(update(vec![0], Some(1)), Error::<Test>::ExpiryInPast);
		assert_noop!(
			Consent::update(RuntimeOrigin::signed(1), 5, vec![0], None, receipt(2)),
			Error::<Test>::UnknownConsent
		);
	});
}

#[test]
fn history_is_bounded_and_withdrawal_always_fits() {
	build_and_execute(|| {
		let id = give_to_buyer(1, 0, &[0], None);
		// Versions 2 and 3 by update; the last slot is kept for the withdrawal.
		for n in 2..MAX_VERSIONS {
			assert_ok!(Consent::update(
				RuntimeOrigin::signed(1),
				id,
				vec![0],
				None,
				receipt(n as u8)
			));
		}
		assert_noop!(
			Consent::update(RuntimeOrigin::signed(1), id, vec![0], None, receipt(9)),
			Error::<Test>::TooManyVersions
		);
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(1), id));
		assert_eq!(Consents::<Test>::get(1, id).unwrap().version, MAX_VERSIONS);
		assert_eq!(History::<Test>::iter_prefix((1, id)).count() as u32, MAX_VERSIONS);
	});
}

#[test]
fn an_ended_consent_cannot_be_updated() {
	build_and_execute(|| {
		let id = give_to_buyer(1, 0, &[0], None);
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(1), id));
		assert_noop!(
			Consent::update(RuntimeOrigin::signed(1), id, vec![0], None, receipt(2)),
			Error::<Test>::NotLive
		);
	});
}
