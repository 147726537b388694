//! Member co-ops leaving, or removed by a motion, and what they take with them.

use super::*;

#[test]
fn a_member_is_removed_by_vote_and_its_validators_go() {
	build_and_execute(|| {
		assert_noop!(Federation::propose_removal(coop(0), 0), Error::<Test>::CannotRemoveSelf);
		assert_noop!(Federation::propose_removal(coop(0), 7), Error::<Test>::NotMember);
		assert_noop!(Federation::propose_removal(coop(7), 0), Error::<Test>::NotMember);
		assert_ok!(Federation::propose_removal(coop(0), 3));
		let motion = last_motion();
		assert_noop!(Federation::propose_removal(coop(1), 3), Error::<Test>::MotionPending);
		for c in [0, 1, 2] {
			assert_ok!(Federation::vote(coop(c), motion, true));
		}
		System::assert_has_event(Event::Left { coop: 3, removed: true }.into());
		assert_eq!(Federation::validator_set(), vec![100, 101, 102]);
		assert!(ValidatorOwner::<Test>::get(103).is_none());
	});
}

#[test]
fn a_member_leaves_at_will_but_not_the_last_one() {
	build_and_execute(|| {
		assert_ok!(Federation::leave(coop(1)));
		System::assert_last_event(Event::Left { coop: 1, removed: false }.into());
		assert_eq!(Federation::validator_set(), vec![100, 102, 103]);
		assert_noop!(Federation::leave(coop(1)), Error::<Test>::NotMember);
		for c in [0, 2] {
			assert_ok!(Federation::leave(coop(c)));
		}
		assert_noop!(Federation::leave(coop(3)), Error::<Test>::LastMember);
	});
}

#[test]
fn leaving_ends_the_motion_to_remove_the_coop() {
	build_and_execute(|| {
		assert_ok!(Federation::propose_removal(coop(0), 3));
		let motion = last_motion();
		assert_ok!(Federation::vote(coop(0), motion, true));
		assert_ok!(Federation::leave(coop(3)));
		System::assert_last_event(
			Event::MotionClosed { motion, outcome: MotionOutcome::Lapsed }.into(),
		);
		assert!(Motions::<Test>::get(motion).is_none());
		assert_eq!(OpenMotions::<Test>::get(), 0);
		assert_noop!(Federation::vote(coop(1), motion, true), Error::<Test>::UnknownMotion);
		// It may apply again at once.
		assert_ok!(Federation::apply(coop(3)));
	});
}

/// A co-op that left used to keep its vote on open motions and its place in their electorate.
#[test]
fn a_coop_that_leaves_takes_its_vote_and_its_place_with_it() {
	build_and_execute(|| {
		assert_ok!(Federation::apply(coop(4)));
		let motion = last_motion();
		assert_ok!(Federation::vote(coop(0), motion, true));
		assert_ok!(Federation::vote(coop(1), motion, true));
		assert_ok!(Federation::vote(coop(2), motion, false));
		// Co-op 2 leaves: its nay goes, and the electorate is three.
		assert_ok!(Federation::leave(coop(2)));
		let record = Motions::<Test>::get(motion).unwrap();
		assert_eq!((record.ayes, record.nays, record.electorate), (2, 0, 3));
		assert_eq!(MotionVotes::<Test>::get(motion, 2), None);
		// Two ayes of three is a majority now: anyone settles it without waiting for the end.
		assert_ok!(Federation::close(RuntimeOrigin::signed(7), motion));
		System::assert_has_event(Event::Joined { coop: 4 }.into());
		System::assert_last_event(
			Event::MotionClosed { motion, outcome: MotionOutcome::Carried }.into(),
		);
	});
}
