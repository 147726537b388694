//! Withdrawing and removing consents.

use super::*;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

#[test]
fn withdrawal_takes_effect_at_once_and_is_recorded() {
	build_and_execute(|| {
		let id = give_to_buyer(1, 0, &[0, 2], Some(40));
		give_to_buyer(2, 0, &[0], None);
		run_to_block(5);
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(1), id));
		System::assert_last_event(
			Event::ConsentWithdrawn { member: 1, consent: id, coop: 0 }.into(),
		);
		assert!(!covers_now(1, 0));
		assert_eq!((buyer_pool(0, 0), buyer_pool(0, 2)), (1, 0));
		let record = Consents::<Test>::get(1, id).unwrap();
		assert_eq!((record.state, record.version), (ConsentState::Withdrawn { at: 5 }, 2));
		assert_eq!(
			History::<Test>::get((1, id, 2)).unwrap().state,
			ConsentState::Withdrawn { at: 5 }
		);
		assert!(Expiries::<Test>::get(40).is_empty(), "no expiry left for a withdrawn consent");
		// The member may consent again to the same buyer and purpose.
		give_to_buyer(1, 0, &[0], None);
		assert_eq!(buyer_pool(0, 0), 2);
	});
}

#[test]
fn withdrawing_twice_or_someone_elses_consent_is_refused() {
	build_and_execute(|| {
		let id = give_to_buyer(1, 0, &[0], None);
		assert_noop!(
			Consent::withdraw(RuntimeOrigin::signed(3), id),
			Error::<Test>::UnknownConsent
		);
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(1), id));
		assert_noop!(Consent::withdraw(RuntimeOrigin::signed(1), id), Error::<Test>::NotLive);
		assert_noop!(Consent::withdraw(RuntimeOrigin::signed(1), 7), Error::<Test>::UnknownConsent);
	});
}

#[test]
fn withdrawal_cannot_be_blocked_by_leaving_or_by_spending_everything() {
	build_and_execute(|| {
		let id = give_to_buyer(1, 0, &[0], None);
		// The member spends everything they can; the deposit stays held, withdrawal still works.
		let free = <Balances as frame_support::traits::fungible::Inspect<u64>>::reducible_balance(
			&1,
			frame_support::traits::tokens::Preservation::Expendable,
			frame_support::traits::tokens::Fortitude::Polite,
		);
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(1), 9, free));
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(1), id));
		assert!(!covers_now(1, 0));
	});
}

#[test]
fn removing_an_ended_consent_releases_the_deposit() {
	build_and_execute(|| {
		let id = give_to_buyer(1, 0, &[0], None);
		assert_noop!(Consent::remove(RuntimeOrigin::signed(1), id), Error::<Test>::StillLive);
		assert_ok!(Consent::update(RuntimeOrigin::signed(1), id, vec![1], None, receipt(2)));
		assert_ok!(Consent::withdraw(RuntimeOrigin::signed(1), id));
		assert_noop!(Consent::remove(RuntimeOrigin::signed(2), id), Error::<Test>::UnknownConsent);
		assert_ok!(Consent::remove(RuntimeOrigin::signed(1), id));
		System::assert_last_event(Event::ConsentRemoved { member: 1, consent: id }.into());
		assert!(Consents::<Test>::get(1, id).is_none());
		assert_eq!(History::<Test>::iter_prefix((1, id)).count(), 0);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Consent.into(), &1), 0);
		assert_noop!(Consent::remove(RuntimeOrigin::signed(1), id), Error::<Test>::UnknownConsent);
		// Numbers are not reused.
		assert_eq!(give_to_buyer(1, 0, &[0], None), id + 1);
	});
}
