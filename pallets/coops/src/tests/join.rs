//! Joining an open co-op, within the member limit of the bylaws in force.

use super::*;

#[test]
fn open_coop_is_joined_directly() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		System::assert_last_event(Event::MemberJoined { coop, who: 4 }.into());
		assert_eq!(Coops::admission_of(coop, &4), Some(3));
		assert_eq!(Coops::member_count(coop), 4);
		assert_eq!(held(4), MEMBER_DEPOSIT);
		assert_noop!(Coops::join(RuntimeOrigin::signed(4), coop), Error::<Test>::AlreadyMember);
		assert_noop!(Coops::apply(RuntimeOrigin::signed(5), coop), Error::<Test>::OpenCoop);
		assert_noop!(Coops::join(RuntimeOrigin::signed(4), 9), Error::<Test>::UnknownCoop);
		assert_noop!(Coops::join(RuntimeOrigin::signed(99), coop), TokenError::FundsUnavailable);
	});
}

#[test]
fn member_limit_of_the_bylaws_in_force_holds() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		let mut full = params(AdmissionPolicy::Open);
		full.max_members = Some(4);
		set_bylaws(coop, full);
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		assert_noop!(Coops::join(RuntimeOrigin::signed(5), coop), Error::<Test>::CoopFull);
	});
}

#[test]
fn rejoining_gets_a_new_admission_number() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		assert_ok!(Coops::leave(RuntimeOrigin::signed(4), coop));
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		assert_eq!(Coops::admission_of(coop, &4), Some(4));
	});
}
