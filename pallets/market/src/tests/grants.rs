//! Grants: what they cover, expiry and pruning.

use super::*;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

#[test]
fn a_grant_covers_consenting_members_until_it_expires_then_is_pruned() {
	build_and_execute(|| {
		let offer = publish(1_000, 1);
		consent(0, 1, offer, &[0]);
		commit(0, 1, 0, 10);
		assert_ok!(Market::purchase(RuntimeOrigin::signed(9), offer, 1_000));
		assert!(Market::grant_covers_member(0, &1, 0, 5));
		assert!(!Market::grant_covers_member(0, &1, 2, 5), "a category not on offer");
		assert!(
			!Market::grant_covers_member(0, &1, 1, 5),
			"a category the member did not consent to"
		);
		assert!(!Market::grant_covers_member(0, &1, 0, 11), "expired");
		// A member who consents after the purchase was not paid for: not covered.
		System::set_block_number(3);
		consent(0, 2, offer, &[0]);
		commit(0, 2, 0, 10);
		assert!(!Market::grant_covers_member(0, &2, 0, 5));
		assert!(!Market::grant_covers_member(7, &1, 0, 5), "no such grant");

		assert_noop!(
			Market::prune_grant(RuntimeOrigin::signed(4), 0),
			Error::<Test>::GrantNotExpired
		);
		System::set_block_number(11);
		assert_noop!(Market::prune_grant(RuntimeOrigin::signed(4), 5), Error::<Test>::UnknownGrant);
		// Expired, but its members may still redeem receipts for what they delivered.
		assert_noop!(
			Market::prune_grant(RuntimeOrigin::signed(4), 0),
			Error::<Test>::RedemptionWindowOpen
		);
		System::set_block_number(11 + REDEMPTION_WINDOW);
		let before = free(9);
		assert_ok!(Market::prune_grant(RuntimeOrigin::signed(4), 0));
		// Nobody redeemed anything: the whole price and the deposit go back to the buyer.
		System::assert_last_event(Event::GrantPruned { grant: 0, refunded: 1_000 }.into());
		assert_eq!(free(9), before + 1_000 + GRANT_DEPOSIT);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Grant.into(), &9), 0);
		assert!(Escrows::<Test>::get(0).is_none());
		assert!(Market::grant(0).is_none());
	});
}
