//! Tests of the federation pallet: admission by one-co-op-one-vote motions, removal, leaving,
//! validators and their limits, parameters, and every refusal.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

fn last_motion() -> MotionId {
	NextMotionId::<Test>::get() - 1
}

#[test]
fn a_coop_joins_by_majority_of_member_coops_and_its_validator_is_planned() {
	build_and_execute(|| {
		assert_eq!(Federation::validator_set(), vec![100, 101, 102, 103]);
		assert_ok!(Federation::apply(coop(4)));
		let motion = last_motion();
		System::assert_last_event(
			Event::MotionOpened { motion, kind: MotionKind::Admit(4), ends_at: 11 }.into(),
		);
		// Four members: two ayes are not a majority, the third is.
		assert_ok!(Federation::vote(coop(0), motion, true));
		assert_ok!(Federation::vote(coop(1), motion, true));
		assert!(!Members::<Test>::contains_key(4));
		assert_ok!(Federation::vote(coop(2), motion, true));
		System::assert_has_event(Event::Joined { coop: 4 }.into());
		System::assert_last_event(
			Event::MotionClosed { motion, outcome: MotionOutcome::Carried }.into(),
		);
		assert_eq!(MemberCount::<Test>::get(), 5);
		assert_ok!(Federation::register_validator(coop(4), 104));
		assert_eq!(Federation::validator_set(), vec![100, 101, 102, 103, 104]);
	});
}

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

#[test]
fn applications_are_checked() {
	build_and_execute(|| {
		assert_noop!(Federation::apply(coop(0)), Error::<Test>::AlreadyMember);
		assert_noop!(Federation::apply(coop(12)), Error::<Test>::UnknownCoop);
		assert_noop!(Federation::apply(RuntimeOrigin::signed(1)), DispatchError::BadOrigin);
		assert_ok!(Federation::apply(coop(4)));
		assert_noop!(Federation::apply(coop(4)), Error::<Test>::MotionPending);
		for c in [5, 6] {
			assert_ok!(Federation::apply(coop(c)));
		}
		// Co-ops outside hold at most `MaxOpenApplications` (3) of the 4 slots...
		assert_noop!(Federation::apply(coop(7)), Error::<Test>::TooManyApplications);
		// ... so the members can still open a motion, here to change the parameters.
		let params = FederationParams { validators_per_coop: 1, max_validators: 4 };
		assert_ok!(Federation::propose_params(coop(0), params));
		assert_noop!(Federation::propose_params(coop(1), params), Error::<Test>::TooManyMotions);
	});
}

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
fn validators_are_limited_per_coop_and_in_all() {
	build_and_execute(|| {
		assert_noop!(Federation::register_validator(coop(0), 101), Error::<Test>::ValidatorTaken);
		assert_noop!(Federation::register_validator(coop(7), 200), Error::<Test>::NotMember);
		assert_ok!(Federation::register_validator(coop(0), 200));
		assert_noop!(
			Federation::register_validator(coop(0), 201),
			Error::<Test>::TooManyValidatorsForCoop
		);
		assert_ok!(Federation::register_validator(coop(1), 201));
		assert_noop!(
			Federation::register_validator(coop(2), 202),
			Error::<Test>::TooManyValidators
		);
		assert_noop!(
			Federation::deregister_validator(coop(2), 201),
			Error::<Test>::NotOwnValidator
		);
		assert_ok!(Federation::deregister_validator(coop(1), 201));
		System::assert_last_event(Event::ValidatorDeregistered { coop: 1, validator: 201 }.into());
		assert_ok!(Federation::register_validator(coop(2), 202));
	});
}

#[test]
fn parameters_change_by_motion_within_the_hard_bounds() {
	build_and_execute(|| {
		let params = |per, all| FederationParams { validators_per_coop: per, max_validators: all };
		assert_noop!(
			Federation::propose_params(coop(0), params(0, 4)),
			Error::<Test>::ParamsOutOfBounds
		);
		assert_noop!(
			Federation::propose_params(coop(0), params(4, 4)),
			Error::<Test>::ParamsOutOfBounds
		);
		assert_noop!(
			Federation::propose_params(coop(0), params(1, 9)),
			Error::<Test>::ParamsOutOfBounds
		);
		assert_noop!(Federation::propose_params(coop(7), params(1, 3)), Error::<Test>::NotMember);
		assert_ok!(Federation::propose_params(coop(0), params(1, 3)));
		let motion = last_motion();
		for c in [0, 1, 2] {
			assert_ok!(Federation::vote(coop(c), motion, true));
		}
		System::assert_has_event(Event::ParamsChanged { params: params(1, 3) }.into());
		// Four validators are registered, but only three are planned.
		assert_eq!(Federation::validator_set(), vec![100, 101, 102]);
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

#[test]
fn migration_from_v0_counts_open_applications() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		assert_ok!(Federation::apply(coop(4)));
		assert_ok!(Federation::propose_params(
			coop(0),
			FederationParams { validators_per_coop: 1, max_validators: 4 }
		));
		// As version 0 left it: no count of applications, and the vote of a co-op that left.
		OpenApplications::<Test>::kill();
		let motion = last_motion();
		MotionVotes::<Test>::insert(motion, 9, true);
		Motions::<Test>::mutate(motion, |m| m.as_mut().unwrap().ayes = 1);
		StorageVersion::new(0).put::<Federation>();
		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Federation::on_chain_storage_version(), 1);
		assert_eq!(OpenApplications::<Test>::get(), 1);
		assert_eq!(MotionVotes::<Test>::get(motion, 9), None);
		assert_eq!(Motions::<Test>::get(motion).unwrap().ayes, 0);
		Federation::do_try_state().expect("invariants hold after the migration");
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
