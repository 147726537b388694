//! Admission by vote and by invitation: applications, vouches, decisions.

use super::*;

#[test]
fn vote_coop_admits_by_decision() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Vote);
		assert_noop!(Coops::join(RuntimeOrigin::signed(4), coop), Error::<Test>::NotOpen);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), coop));
		System::assert_last_event(Event::Applied { coop, who: 4 }.into());
		assert_eq!(held(4), MEMBER_DEPOSIT);
		assert_noop!(Coops::apply(RuntimeOrigin::signed(4), coop), Error::<Test>::AlreadyApplied);
		assert_noop!(Coops::apply(RuntimeOrigin::signed(2), coop), Error::<Test>::AlreadyMember);

		// Only the co-op's decision admits.
		NextDecision::set(None);
		assert_noop!(Coops::admit(RuntimeOrigin::signed(2), 4), DispatchError::BadOrigin);
		assert_noop!(Coops::admit(RuntimeOrigin::root(), 4), DispatchError::BadOrigin);
		assert_noop!(
			Coops::admit(coop_origin(decision(coop, 5, 2, false)), 6),
			Error::<Test>::NoApplication
		);
		assert_ok!(Coops::admit(coop_origin(decision(coop, 5, 2, false)), 4));
		System::assert_last_event(
			Event::MemberAdmitted { coop, who: 4, by: AdmittedBy::Vote { proposal: 5 } }.into(),
		);
		assert!(Coops::is_member(coop, &4));
		assert!(!Applications::<Test>::contains_key(coop, 4));
		// The application deposit became the membership deposit.
		assert_eq!(held(4), MEMBER_DEPOSIT);
	});
}

#[test]
fn a_decision_of_another_coop_admits_only_there() {
	build_and_execute(|| {
		let a = found(AdmissionPolicy::Vote);
		let b = found(AdmissionPolicy::Vote);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), a));
		assert_noop!(
			Coops::admit(coop_origin(decision(b, 1, 2, false)), 4),
			Error::<Test>::NoApplication
		);
		assert!(!Coops::is_member(a, &4));
	});
}

#[test]
fn applications_can_be_withdrawn_or_rejected() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Vote);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), coop));
		assert_ok!(Coops::withdraw_application(RuntimeOrigin::signed(4), coop));
		System::assert_last_event(Event::ApplicationWithdrawn { coop, who: 4 }.into());
		assert_eq!(held(4), 0);
		assert_noop!(
			Coops::withdraw_application(RuntimeOrigin::signed(4), coop),
			Error::<Test>::NoApplication
		);

		assert_ok!(Coops::apply(RuntimeOrigin::signed(5), coop));
		assert_ok!(Coops::reject_application(coop_origin(decision(coop, 3, 1, false)), 5));
		System::assert_last_event(Event::ApplicationRejected { coop, who: 5, proposal: 3 }.into());
		assert_eq!(held(5), 0);
		assert!(!Coops::is_member(coop, &5));
	});
}

#[test]
fn invitation_coop_admits_after_enough_vouches() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Invitation { vouches: 2 });
		let other = found(AdmissionPolicy::Open);
		assert_ok!(Coops::join(RuntimeOrigin::signed(9), other));
		assert_noop!(Coops::vouch(RuntimeOrigin::signed(2), coop, 4), Error::<Test>::NoApplication);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), coop));

		// Only members of this co-op vouch, once each.
		assert_noop!(Coops::vouch(RuntimeOrigin::signed(9), coop, 4), Error::<Test>::NotMember);
		assert_ok!(Coops::vouch(RuntimeOrigin::signed(2), coop, 4));
		System::assert_last_event(
			Event::Vouched { coop, applicant: 4, voucher: 2, vouches: 1 }.into(),
		);
		assert_noop!(
			Coops::vouch(RuntimeOrigin::signed(2), coop, 4),
			Error::<Test>::AlreadyVouched
		);
		assert!(!Coops::is_member(coop, &4));

		assert_ok!(Coops::vouch(RuntimeOrigin::signed(3), coop, 4));
		System::assert_last_event(
			Event::MemberAdmitted { coop, who: 4, by: AdmittedBy::Vouches }.into(),
		);
		assert!(Coops::is_member(coop, &4));
		assert_eq!(Vouches::<Test>::iter_prefix((coop, 4u64)).count(), 0);

		// Vouching in a co-op that does not admit by invitation.
		assert_noop!(
			Coops::vouch(RuntimeOrigin::signed(1), other, 5),
			Error::<Test>::NotByInvitation
		);
	});
}

/// The loophole: an applicant joins once the door opens, and the pending application admits
/// them a second time (member count inflated, a deposit orphaned).
#[test]
fn a_member_is_never_admitted_twice() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Vote);
		assert_ok!(Coops::apply(RuntimeOrigin::signed(4), coop));
		set_bylaws(coop, params(AdmissionPolicy::Open));
		// Joining answers the application: it goes, and its deposit is released.
		assert_ok!(Coops::join(RuntimeOrigin::signed(4), coop));
		assert!(!Applications::<Test>::contains_key(coop, 4));
		assert_eq!(held(4), MEMBER_DEPOSIT);
		assert_eq!(Coops::member_count(coop), 4);
		assert_noop!(
			Coops::admit(coop_origin(decision(coop, 5, 2, false)), 4),
			Error::<Test>::NoApplication
		);

		// An application stored beside a membership (as the old code could leave) admits nobody.
		Applications::<Test>::insert(coop, 4, Application { vouches: 0, deposit: 0, since: 1 });
		assert_noop!(
			Coops::admit(coop_origin(decision(coop, 5, 2, false)), 4),
			Error::<Test>::AlreadyMember
		);
		Applications::<Test>::remove(coop, 4);
	});
}
