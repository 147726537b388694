//! Members who leave lose their vote, and their place in the electorate.

use super::*;

#[test]
fn a_member_who_left_cannot_vote() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		let id = propose(1, vec![act()]);
		leave(0, 3);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(3), id, VoteChoice::Aye),
			Error::<Test>::NotMember
		);
		assert_eq!(tally(id).electorate, 2);
	});
}

#[test]
fn leaving_takes_the_vote_out() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		let id = propose(1, vec![act()]);
		vote(2, id, VoteChoice::Aye);
		vote(3, id, VoteChoice::Nay);
		admit(0, 4);
		leave(0, 2);
		System::assert_last_event(Event::VoteRemoved { proposal: id, voter: 2 }.into());
		assert_eq!(tally(id), Tally { ayes: 0, nays: 1, abstentions: 0, electorate: 2 });
		assert_eq!(Governance::vote_of(id, 2), None);
		// A member who joined after opening leaves: the electorate stays.
		leave(0, 4);
		assert_eq!(tally(id).electorate, 2);
		// A member who had not voted leaves: only the electorate shrinks.
		leave(0, 1);
		assert_eq!(tally(id), Tally { ayes: 0, nays: 1, abstentions: 0, electorate: 1 });
		// The vote of the one left decides: rejected at once.
		assert_ok!(close(id));
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
	});
}
