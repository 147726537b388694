//! Expulsion by a decision that met the expulsion threshold.

use super::*;

#[test]
fn expulsion_needs_the_expulsion_threshold() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		assert_noop!(
			Coops::expel(coop_origin(decision(coop, 1, 1, false)), 3),
			Error::<Test>::NotAnExpulsionDecision
		);
		assert_noop!(Coops::expel(RuntimeOrigin::signed(1), 3), DispatchError::BadOrigin);
		assert_noop!(
			Coops::expel(coop_origin(decision(coop, 1, 3, true)), 3),
			Error::<Test>::CannotExpelSelf
		);
		assert_noop!(
			Coops::expel(coop_origin(decision(coop, 1, 1, true)), 9),
			Error::<Test>::NotMember
		);
		assert_ok!(Coops::expel(coop_origin(decision(coop, 1, 1, true)), 3));
		System::assert_last_event(Event::MemberExpelled { coop, who: 3, proposal: 1 }.into());
		assert!(!Coops::is_member(coop, &3));
		assert_eq!(left(), vec![(coop, 3, 2)]);
		assert_eq!(Coops::member_count(coop), 2);
	});
}
