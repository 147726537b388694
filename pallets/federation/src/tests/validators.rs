//! Validator accounts of member co-ops and their limits.

use super::*;

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
