//! The federation's parameters, changed by motion within the hard bounds.

use super::*;

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
