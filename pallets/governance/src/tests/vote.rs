//! Voting: one member one vote, only members at opening, only during the period.

use super::*;

#[test]
fn one_member_one_vote_changeable() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Nay);
		vote(3, id, VoteChoice::Abstain);
		assert_eq!(tally(id), Tally { ayes: 1, nays: 1, abstentions: 1, electorate: 4 });
		// Voting again replaces the vote; it never counts twice.
		vote(2, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		System::assert_last_event(
			Event::Voted {
				proposal: id,
				voter: 2,
				choice: VoteChoice::Aye,
				tally: Tally { ayes: 2, nays: 0, abstentions: 1, electorate: 4 },
			}
			.into(),
		);
		assert_eq!(Governance::vote_of(id, 2), Some(VoteChoice::Aye));
	});
}

#[test]
fn only_members_at_opening_vote() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		coop(1, &[9]);
		let id = propose(1, vec![act()]);
		admit(0, 3);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(3), id, VoteChoice::Aye),
			Error::<Test>::NotEligible
		);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(9), id, VoteChoice::Aye),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(1), 99, VoteChoice::Aye),
			Error::<Test>::UnknownProposal
		);
		// Leaving and rejoining does not restore the vote.
		leave(0, 2);
		admit(0, 2);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(2), id, VoteChoice::Aye),
			Error::<Test>::NotEligible
		);
	});
}

#[test]
fn no_votes_after_the_period() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		let id = propose(1, vec![act()]);
		System::set_block_number(11);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(1), id, VoteChoice::Aye),
			Error::<Test>::VotingClosed
		);
	});
}
