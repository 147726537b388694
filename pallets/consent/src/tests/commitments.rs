//! Data commitments: register, update, remove, deposits, refusals.

use super::*;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

#[test]
fn a_member_commits_updates_and_removes_with_one_deposit() {
	build_and_execute(|| {
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 3, receipt(1), 12, 4_096));
		System::assert_last_event(
			Event::DataCommitted {
				member: 1,
				coop: 0,
				category: 3,
				root: receipt(1),
				items: 12,
				bytes: 4_096,
			}
			.into(),
		);
		assert_eq!(Consent::committed_items(0, &1, 3), 12);
		run_to_block(4);
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 3, receipt(2), 13, 5_000));
		let commitment = Consent::commitment(0, 1, 3).unwrap();
		assert_eq!(
			(commitment.root, commitment.items, commitment.bytes, commitment.updated_at),
			(receipt(2), 13, 5_000, 4)
		);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::Commitment.into(), &1),
			COMMITMENT_DEPOSIT
		);
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 4, receipt(3), 1, 1));
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::Commitment.into(), &1),
			2 * COMMITMENT_DEPOSIT
		);

		assert_ok!(Consent::remove_commitment(RuntimeOrigin::signed(1), 0, 3));
		System::assert_last_event(
			Event::CommitmentRemoved { member: 1, coop: 0, category: 3 }.into(),
		);
		assert_eq!(Consent::committed_items(0, &1, 3), 0);
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::Commitment.into(), &1),
			COMMITMENT_DEPOSIT
		);
		assert_noop!(
			Consent::remove_commitment(RuntimeOrigin::signed(1), 0, 3),
			Error::<Test>::NoCommitment
		);
	});
}

#[test]
fn commitments_are_checked() {
	build_and_execute(|| {
		assert_noop!(
			Consent::commit(RuntimeOrigin::signed(9), 0, 0, receipt(1), 1, 1),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Consent::commit(RuntimeOrigin::signed(4), 0, 0, receipt(1), 1, 1),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Consent::commit(RuntimeOrigin::signed(1), 7, 0, receipt(1), 1, 1),
			Error::<Test>::UnknownCoop
		);
		assert_noop!(
			Consent::commit(RuntimeOrigin::signed(1), 0, 8, receipt(1), 1, 1),
			Error::<Test>::UnknownCategory
		);
		assert_noop!(
			Consent::commit(RuntimeOrigin::signed(1), 0, 0, receipt(1), 0, 0),
			Error::<Test>::EmptyCommitment
		);
		// Someone else's commitment cannot be removed.
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 0, receipt(1), 1, 1));
		assert_noop!(
			Consent::remove_commitment(RuntimeOrigin::signed(2), 0, 0),
			Error::<Test>::NoCommitment
		);
	});
}

/// A member cannot declare more items than the bylaws let one commitment count: the most an
/// inflated commitment dilutes the honest members' per-item price by is the cap. A lower cap
/// adopted later refuses new commitments above it; those made before stay.
#[test]
fn a_commitment_above_the_bylaws_cap_is_refused() {
	build_and_execute(|| {
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 0, receipt(1), u32::MAX, 1));
		set_item_cap(Some(1_000));
		assert_noop!(
			Consent::commit(RuntimeOrigin::signed(2), 0, 0, receipt(1), u32::MAX, 1),
			Error::<Test>::TooManyItems
		);
		assert_noop!(
			Consent::commit(RuntimeOrigin::signed(2), 0, 0, receipt(1), 1_001, 1),
			Error::<Test>::TooManyItems
		);
		assert_ok!(Consent::commit(RuntimeOrigin::signed(2), 0, 0, receipt(1), 1_000, 1));
		assert_eq!(Consent::commitment(0, 1, 0).map(|c| c.items), Some(u32::MAX));
		set_item_cap(None);
	});
}

#[test]
fn a_former_member_can_still_remove_their_commitment() {
	build_and_execute(|| {
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 0, receipt(1), 1, 1));
		leave(0, 1);
		assert_noop!(
			Consent::commit(RuntimeOrigin::signed(1), 0, 0, receipt(2), 2, 2),
			Error::<Test>::NotMember
		);
		assert_ok!(Consent::remove_commitment(RuntimeOrigin::signed(1), 0, 0));
		assert_eq!(Balances::balance_on_hold(&HoldReason::Commitment.into(), &1), 0);
	});
}
