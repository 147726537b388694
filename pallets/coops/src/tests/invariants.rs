//! The invariants `do_try_state` checks.

use super::*;

#[test]
fn try_state_catches_a_wrong_member_count() {
	new_test_ext().execute_with(|| {
		let coop = found(AdmissionPolicy::Open);
		CoopInfoOf::<Test>::mutate(coop, |info| info.as_mut().unwrap().members = 7);
		assert!(Coops::do_try_state().is_err());
	});
}
