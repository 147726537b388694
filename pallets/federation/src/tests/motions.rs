//! Motions: one co-op one vote, rejection, lapse, and the slots members may fill.

use super::*;

#[test]
fn a_motion_is_rejected_by_half_the_coops_or_lapses() {
	build_and_execute(|| {
		assert_ok!(Federation::apply(coop(4)));
		let motion = last_motion();
		assert_ok!(Federation::vote(coop(0), motion, false));
		assert_ok!(Federation::vote(coop(1), motion, false));
		System::assert_last_event(
			Event::MotionClosed { motion, outcome: MotionOutcome::Rejected }.into(),
		);
		assert!(!Members::<Test>::contains_key(4));

		assert_ok!(Federation::apply(coop(4)));
		let motion = last_motion();
		assert_noop!(
			Federation::close(RuntimeOrigin::signed(7), motion),
			Error::<Test>::MotionNotOver
		);
		System::set_block_number(12);
		assert_ok!(Federation::close(RuntimeOrigin::signed(7), motion));
		System::assert_last_event(
			Event::MotionClosed { motion, outcome: MotionOutcome::Lapsed }.into(),
		);
		assert_noop!(
			Federation::close(RuntimeOrigin::signed(7), motion),
			Error::<Test>::UnknownMotion
		);
	});
}

#[test]
fn voting_is_one_coop_one_vote_by_coops_that_were_members_at_opening() {
	build_and_execute(|| {
		assert_ok!(Federation::apply(coop(4)));
		let first = last_motion();
		assert_ok!(Federation::apply(coop(5)));
		let second = last_motion();
		assert_ok!(Federation::vote(coop(0), first, true));
		assert_noop!(Federation::vote(coop(0), first, false), Error::<Test>::AlreadyVoted);
		assert_noop!(Federation::vote(coop(4), first, true), Error::<Test>::NotMember);
		assert_noop!(Federation::vote(coop(0), 99, true), Error::<Test>::UnknownMotion);
		assert_noop!(
			Federation::vote(RuntimeOrigin::signed(1), first, true),
			DispatchError::BadOrigin
		);
		for c in [1, 2] {
			assert_ok!(Federation::vote(coop(c), first, true));
		}
		// Co-op 4 joined after the second motion opened: it may not vote on it.
		assert_noop!(Federation::vote(coop(4), second, true), Error::<Test>::NotEligible);
	});
}

/// A motion whose time is over used to take votes, and could still carry.
#[test]
fn a_lapsed_motion_takes_no_votes() {
	build_and_execute(|| {
		assert_ok!(Federation::apply(coop(4)));
		let motion = last_motion();
		assert_ok!(Federation::vote(coop(0), motion, true));
		assert_ok!(Federation::vote(coop(1), motion, true));
		System::set_block_number(12);
		assert_noop!(Federation::vote(coop(2), motion, true), Error::<Test>::VotingOver);
		assert!(!Members::<Test>::contains_key(4));
		assert_ok!(Federation::close(RuntimeOrigin::signed(7), motion));
		System::assert_last_event(
			Event::MotionClosed { motion, outcome: MotionOutcome::Lapsed }.into(),
		);
	});
}

/// One member co-op used to fill every motion slot with proposals of its own.
#[test]
fn one_coop_cannot_fill_the_members_motion_slots() {
	build_and_execute(|| {
		let params = |v| FederationParams { validators_per_coop: v, max_validators: 4 };
		assert_ok!(Federation::propose_params(coop(0), params(1)));
		assert_noop!(
			Federation::propose_params(coop(0), params(2)),
			Error::<Test>::TooManyMotionsByCoop
		);
		assert_noop!(Federation::propose_removal(coop(0), 3), Error::<Test>::TooManyMotionsByCoop);
		assert_ok!(Federation::propose_params(coop(1), params(2)));
		// Its count frees when its motion ends.
		let first = last_motion() - 1;
		assert_ok!(Federation::vote(coop(1), first, false));
		assert_ok!(Federation::vote(coop(2), first, false));
		assert_ok!(Federation::propose_removal(coop(0), 3));
	});
}
