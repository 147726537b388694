//! Pruning the records and votes of closed proposals.

use super::*;

#[test]
fn votes_of_closed_proposals_are_cleaned_when_idle() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		assert_ok!(close(id));
		assert_eq!(Votes::<Test>::iter_prefix(id).count(), 2);
		// Kept for the retention (5 blocks), whatever the spare weight.
		Governance::on_idle(2, Weight::MAX);
		assert_eq!(Votes::<Test>::iter_prefix(id).count(), 2);
		assert!(Governance::closed_proposal(id).is_some());
		System::set_block_number(6);
		// No spare weight: nothing happens.
		assert_eq!(Governance::on_idle(6, Weight::zero()), Weight::zero());
		assert_eq!(Votes::<Test>::iter_prefix(id).count(), 2);
		Governance::on_idle(6, Weight::MAX);
		assert_eq!(Votes::<Test>::iter_prefix(id).count(), 0);
		assert!(Governance::closed_proposal(id).is_none());
		assert_eq!(VoteCleanupQueue::<Test>::get(), (1, 1));
	});
}

/// One-member co-ops closing a proposal every block, in blocks with no spare weight: the
/// records of closed proposals used to pile up for ever. Each `close` now prunes one that is
/// due, so the queue stays as long as the retention, not as long as the chain.
#[test]
fn pruning_keeps_up_with_closing_in_full_blocks() {
	build_and_execute(|| {
		for c in 0..3 {
			coop(c, &[1 + c as u64]);
		}
		for block in 1..=40u64 {
			System::set_block_number(block);
			let c = (block % 3) as CoopId;
			let who = 1 + c as u64;
			let id = NextProposalId::<Test>::get();
			assert_ok!(Governance::propose(RuntimeOrigin::signed(who), c, calls(vec![act()])));
			vote(who, id, VoteChoice::Aye);
			assert_ok!(close(id));
			let (head, tail) = VoteCleanupQueue::<Test>::get();
			// Closed within the last 5 blocks (retention), plus the one closed now.
			assert!(tail - head <= 6, "block {block}: {} queued", tail - head);
			assert!(Closed::<Test>::iter().count() <= 6);
		}
		// Nothing younger than the retention is pruned.
		let last = NextProposalId::<Test>::get() - 1;
		assert!(Governance::closed_proposal(last).is_some());
	});
}
