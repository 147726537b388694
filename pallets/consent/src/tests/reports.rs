//! Reports of inflated commitments: a member's own store lists fewer items than the member
//! committed to; the signed listing removes the commitment and pays its deposit to the reporter.

use super::*;
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::testing::TestSignature;

/// `signer`'s listing of `listed` items under `root` for `member`'s `category` in `coop`, on
/// the chain whose genesis hash is `genesis`.
fn listing(
	signer: u64,
	genesis: H256,
	coop: CoopId,
	member: u64,
	category: CategoryCode,
	root: H256,
	listed: u32,
) -> TestSignature {
	TestSignature(signer, listing_payload(&genesis, coop, &member, category, &root, listed))
}

fn genesis() -> H256 {
	System::block_hash(0)
}

/// The attack: member 1 declares 10,000 items of category 3 and holds 3. The listing its own
/// store signed (3 items under that root) removes the commitment, the market is told, and the
/// deposit moves to the reporter; no money is made or lost.
#[test]
fn an_inflated_commitment_is_removed_on_its_stores_own_listing() {
	build_and_execute(|| {
		offer(7, 0, 2, &[3]);
		assert_ok!(Consent::give(
			RuntimeOrigin::signed(1),
			0,
			Grantee::Offer(7),
			2,
			vec![3],
			None,
			receipt(1)
		));
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 3, receipt(9), 10_000, 1));
		take_changes();
		let issuance = Balances::total_issuance();
		let reporter_before = Balances::balance(&2);

		let evidence = listing(1, genesis(), 0, 1, 3, receipt(9), 3);
		let info = Consent::report_commitment(RuntimeOrigin::signed(2), 1, 0, 3, 3, evidence)
			.expect("the report holds");
		assert_eq!(info.pays_fee, Pays::No, "a report that holds is free");

		System::assert_last_event(
			Event::CommitmentReported {
				member: 1,
				coop: 0,
				category: 3,
				reporter: 2,
				listed: 3,
				committed: 10_000,
				deposit: COMMITMENT_DEPOSIT,
			}
			.into(),
		);
		assert!(Consent::commitment(0, 1, 3).is_none());
		assert_eq!(Consent::committed_items(0, &1, 3), 0);
		assert_eq!(take_changes(), vec![(0, 1, 7)], "the offer's pool is told");
		assert_eq!(Balances::balance_on_hold(&HoldReason::Commitment.into(), &1), 0);
		assert_eq!(Balances::balance(&2), reporter_before + COMMITMENT_DEPOSIT);
		assert_eq!(Balances::total_issuance(), issuance);
		// Once is all: the commitment is gone.
		assert_noop!(
			Consent::report_commitment(
				RuntimeOrigin::signed(3),
				1,
				0,
				3,
				3,
				listing(1, genesis(), 0, 1, 3, receipt(9), 3)
			),
			Error::<Test>::NoCommitment
		);
	});
}

/// Evidence that is not the member's own, is for another chain, co-op, category or root, or
/// lists as many items as committed, changes nothing.
#[test]
fn a_report_needs_the_members_own_short_listing_of_this_commitment() {
	build_and_execute(|| {
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 3, receipt(9), 12, 1));
		let report = |listed: u32, signature: TestSignature| {
			Consent::report_commitment(RuntimeOrigin::signed(2), 1, 0, 3, listed, signature)
		};
		// Nothing to report: as many or more items listed than committed.
		assert_noop!(
			report(12, listing(1, genesis(), 0, 1, 3, receipt(9), 12)),
			Error::<Test>::ListingNotShort
		);
		assert_noop!(
			report(13, listing(1, genesis(), 0, 1, 3, receipt(9), 13)),
			Error::<Test>::ListingNotShort
		);
		// A listing the reporter made up, not the member's store's.
		assert_noop!(
			report(3, listing(2, genesis(), 0, 1, 3, receipt(9), 3)),
			Error::<Test>::BadListing
		);
		// The member's, but of another chain, co-op, member, category or root, or another count.
		for forged in [
			listing(1, H256::repeat_byte(0xee), 0, 1, 3, receipt(9), 3),
			listing(1, genesis(), 1, 1, 3, receipt(9), 3),
			listing(1, genesis(), 0, 2, 3, receipt(9), 3),
			listing(1, genesis(), 0, 1, 4, receipt(9), 3),
			listing(1, genesis(), 0, 1, 3, receipt(8), 3),
			listing(1, genesis(), 0, 1, 3, receipt(9), 2),
		] {
			assert_noop!(report(3, forged), Error::<Test>::BadListing);
		}
		// No commitment in that category, or of that member.
		assert_noop!(
			Consent::report_commitment(
				RuntimeOrigin::signed(2),
				1,
				0,
				4,
				3,
				listing(1, genesis(), 0, 1, 4, receipt(9), 3)
			),
			Error::<Test>::NoCommitment
		);
		assert_noop!(
			Consent::report_commitment(
				RuntimeOrigin::signed(2),
				3,
				0,
				3,
				3,
				listing(3, genesis(), 0, 3, 3, receipt(9), 3)
			),
			Error::<Test>::NoCommitment
		);
	});
}

/// A member who adds data and commits again is not exposed by a listing of the earlier, smaller
/// commitment: the listing names the root it was made under.
#[test]
fn a_listing_of_an_earlier_commitment_says_nothing_about_the_current_one() {
	build_and_execute(|| {
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 3, receipt(5), 5, 1));
		let old = listing(1, genesis(), 0, 1, 3, receipt(5), 5);
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 3, receipt(8), 8, 1));
		assert_noop!(
			Consent::report_commitment(RuntimeOrigin::signed(2), 1, 0, 3, 5, old),
			Error::<Test>::BadListing
		);
		assert_eq!(Consent::committed_items(0, &1, 3), 8);
	});
}

/// Reporting oneself is removing the commitment: the deposit comes back.
#[test]
fn a_member_who_reports_their_own_commitment_gets_the_deposit_back() {
	build_and_execute(|| {
		assert_ok!(Consent::commit(RuntimeOrigin::signed(1), 0, 3, receipt(9), 12, 1));
		let before = Balances::balance(&1);
		assert_ok!(Consent::report_commitment(
			RuntimeOrigin::signed(1),
			1,
			0,
			3,
			2,
			listing(1, genesis(), 0, 1, 3, receipt(9), 2)
		));
		assert_eq!(Balances::balance(&1), before + COMMITMENT_DEPOSIT);
		assert_eq!(Balances::balance_on_hold(&HoldReason::Commitment.into(), &1), 0);
		assert!(Consent::commitment(0, 1, 3).is_none());
	});
}
