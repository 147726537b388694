//! The storage migration from version 0, tested from the old layout.

use super::*;
// `super::*` brings `tests::migrations` (this module); the tests name the pallet's.
use crate::migrations;

#[test]
fn migration_from_v0_keeps_open_proposals_and_counts_them() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		coop(0, &[1, 2]);
		StorageVersion::new(0).put::<Governance>();
		let old = |call: RuntimeCall, amends_bylaws| migrations::v0::Proposal {
			coop: 0,
			proposer: 1u64,
			calls: BoundedVec::truncate_from(vec![Box::new(call)].encode()),
			call_count: 1,
			call_weight: Weight::from_parts(1_000, 0),
			scope: migrations::v0::DecisionScope { amends_bylaws, expels: false },
			quorum: Perbill::from_percent(50),
			threshold: Perbill::from_percent(50),
			bylaws_version: 1,
			eligible_before: 2,
			tally: Tally { ayes: 1, electorate: 2, ..Default::default() },
			ends_at: 30u64,
			deposit: PROPOSAL_DEPOSIT,
		};
		migrations::v0::Proposals::<Test>::insert(
			7,
			old(RuntimeCall::Target(target::Call::federate {}), false),
		);
		migrations::v0::Proposals::<Test>::insert(
			8,
			old(RuntimeCall::Target(target::Call::amend {}), true),
		);
		OpenProposals::<Test>::insert(0, BoundedVec::truncate_from(vec![7, 8]));
		Votes::<Test>::insert(7, 1, VoteChoice::Aye);
		Votes::<Test>::insert(8, 1, VoteChoice::Aye);
		System::set_block_number(12);

		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();

		assert_eq!(Governance::on_chain_storage_version(), 1);
		let p = Proposals::<Test>::get(7).unwrap();
		// A federation decision now needs the amendment threshold, open ones too.
		assert_eq!(
			p.scope,
			DecisionScope { amends_bylaws: false, expels: false, federation: true }
		);
		assert_eq!(p.threshold, bylaws().amendment_approval);
		assert_eq!((p.early_close_from, p.ends_at, p.tally.ayes), (12, 30, 1));
		// The open amendment carried bylaws in the old encoding: it ended, unenacted.
		assert!(Proposals::<Test>::get(8).is_none());
		assert_eq!(Governance::closed_proposal(8).unwrap().outcome, Outcome::Expired);
		assert_eq!(Governance::open_proposals(0), vec![7]);
		assert_eq!(OpenByMember::<Test>::get(0, 1), 1);
		Governance::do_try_state().expect("invariants hold after the migration");
		// Running it again does nothing: the version says it ran.
		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(OpenByMember::<Test>::get(0, 1), 1);
	});
}

#[test]
fn migration_queues_closed_proposals_for_pruning() {
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		coop(0, &[1, 2]);
		let id = propose(1, vec![act()]);
		assert_ok!(Governance::withdraw(RuntimeOrigin::signed(1), id));
		// Version 0 queued only proposals with votes: take this one out of the queue.
		VoteCleanup::<Test>::remove(0);
		VoteCleanupQueue::<Test>::put((1, 1));
		StorageVersion::new(0).put::<Governance>();
		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		System::set_block_number(10);
		Governance::on_idle(10, Weight::MAX);
		assert!(Governance::closed_proposal(id).is_none());
	});
}
