//! Membership maturity: newcomers cannot outvote the members at once.

use super::*;

/// The sybil capture: fresh accounts join an open co-op, propose, vote and close in one block.
#[test]
fn newcomers_cannot_outvote_the_members_at_once() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		amend_bylaws(0, guarded(3, 20));
		for sybil in 11..=14 {
			admit(0, sybil);
		}
		// Not mature: they cannot propose, and a proposal of the members does not count them.
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(11), 0, calls(vec![act()])),
			Error::<Test>::NotMature
		);
		let id = propose(1, vec![act()]);
		let p = Proposals::<Test>::get(id).unwrap();
		assert_eq!((p.eligible_before, p.tally.electorate), (3, 3));
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(12), id, VoteChoice::Aye),
			Error::<Test>::NotEligible
		);

		// Once mature they propose and vote on what opens from then on.
		System::set_block_number(21);
		let later = propose(11, vec![act()]);
		assert_eq!(Proposals::<Test>::get(later).unwrap().tally.electorate, 7);
		for sybil in 11..=14 {
			vote(sybil, later, VoteChoice::Aye);
		}
		// Four of seven in favour is certain, but not before the minimum voting time: the
		// members have three blocks to see it (and, say, expel or outvote).
		assert_noop!(close(later), Error::<Test>::TooEarly);
		System::set_block_number(24);
		assert_ok!(close(later));
	});
}
