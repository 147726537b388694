//! Withdrawing a proposal: only by the proposer, only before votes.

use super::*;

#[test]
fn withdraw_only_by_proposer_before_votes() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		let id = propose(1, vec![act()]);
		assert_noop!(
			Governance::withdraw(RuntimeOrigin::signed(2), id),
			Error::<Test>::NotProposer
		);
		assert_ok!(Governance::withdraw(RuntimeOrigin::signed(1), id));
		System::assert_last_event(Event::Withdrawn { proposal: id, coop: 0 }.into());
		assert_eq!(held(1), 0);
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Withdrawn);

		let id = propose(1, vec![act()]);
		vote(2, id, VoteChoice::Nay);
		assert_noop!(
			Governance::withdraw(RuntimeOrigin::signed(1), id),
			Error::<Test>::AlreadyVoted
		);
		assert_noop!(
			Governance::withdraw(RuntimeOrigin::signed(1), 99),
			Error::<Test>::UnknownProposal
		);
	});
}
