//! Co-ops applying to the federation and joining by a majority of the member co-ops.

use super::*;

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
