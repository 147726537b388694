//! Spending from the co-op's treasury, only by decision.

use super::*;

#[test]
fn treasury_pays_only_by_decision() {
	build_and_execute(|| {
		let coop = found(AdmissionPolicy::Open);
		let treasury = Coops::account_of(coop);
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(5), treasury, 300));
		assert_noop!(Coops::spend(RuntimeOrigin::signed(1), 6, 10), DispatchError::BadOrigin);
		assert_noop!(
			Coops::spend(coop_origin(decision(coop, 2, 1, false)), 6, 301),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			Coops::spend(coop_origin(decision(9, 2, 1, false)), 6, 1),
			Error::<Test>::UnknownCoop
		);
		assert_ok!(Coops::spend(coop_origin(decision(coop, 2, 1, false)), 6, 100));
		System::assert_last_event(
			Event::TreasurySpent { coop, to: 6, amount: 100, proposal: 2 }.into(),
		);
		assert_eq!(Balances::free_balance(6), 1_100);
		assert_eq!(Balances::free_balance(treasury), 200);
	});
}
