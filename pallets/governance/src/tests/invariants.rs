//! The invariants `do_try_state` checks.

use super::*;

#[test]
fn try_state_catches_a_tampered_tally() {
	new_test_ext().execute_with(|| {
		coop(0, &[1, 2]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		Proposals::<Test>::mutate(id, |p| p.as_mut().unwrap().tally.ayes = 2);
		assert!(Governance::do_try_state().is_err());
	});
}
