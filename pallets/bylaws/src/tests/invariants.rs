//! The invariants `do_try_state` checks.

use super::*;

#[test]
fn try_state_catches_a_missing_version() {
	new_test_ext().execute_with(|| {
		found(0);
		assert_ok!(amend_as(0, 1, doc(2), params()));
		Versions::<Test>::remove(0, 1);
		assert!(Bylaws::do_try_state().is_err());
	});
}
