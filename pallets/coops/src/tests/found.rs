//! Founding a co-op: founding members, account, deposits, refusals.

use super::*;

#[test]
fn founding_creates_members_account_and_holds_deposits() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		System::assert_last_event(
			Event::CoopFounded { coop, founder: 1, account: Coops::account_of(coop), members: 3 }
				.into(),
		);
		assert_eq!(Coops::member_count(coop), 3);
		for (who, admission) in [(1, 0), (2, 1), (3, 2)] {
			assert_eq!(Coops::admission_of(coop, &who), Some(admission));
			assert_eq!(Members::<Test>::get(coop, who).unwrap().depositor, 1);
		}
		assert_eq!(Coops::next_admission(coop), 3);
		assert_eq!(held(1), FOUNDING_DEPOSIT + 3 * MEMBER_DEPOSIT);
		assert_eq!(held(2), 0);
	});
}

#[test]
fn founding_refusals_change_nothing() {
	build_and_execute(|| {
		assert_noop!(
			Coops::found(
				RuntimeOrigin::signed(1),
				members(&[2, 2]),
				doc(),
				params(AdmissionPolicy::Open)
			),
			Error::<Test>::DuplicateFoundingMember
		);
		assert_noop!(
			Coops::found(
				RuntimeOrigin::signed(1),
				members(&[1]),
				doc(),
				params(AdmissionPolicy::Open)
			),
			Error::<Test>::DuplicateFoundingMember
		);
		let mut small = params(AdmissionPolicy::Open);
		small.max_members = Some(2);
		assert_noop!(
			Coops::found(RuntimeOrigin::signed(1), members(&[2, 3]), doc(), small),
			Error::<Test>::CoopFull
		);
		let mut bad = params(AdmissionPolicy::Open);
		bad.quorum = Perbill::zero();
		assert_noop!(
			Coops::found(RuntimeOrigin::signed(1), members(&[2]), doc(), bad),
			DispatchError::Other("bad bylaws")
		);
		// Account 99 has no funds for the deposit.
		assert_noop!(
			Coops::found(
				RuntimeOrigin::signed(99),
				members(&[2]),
				doc(),
				params(AdmissionPolicy::Open)
			),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			Coops::found(
				RuntimeOrigin::none(),
				members(&[2]),
				doc(),
				params(AdmissionPolicy::Open)
			),
			DispatchError::BadOrigin
		);
		assert_eq!(NextCoopId::<Test>::get(), 0);
	});
}
