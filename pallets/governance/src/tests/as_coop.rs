//! A co-op acting from its own account.

use super::*;

fn remark(text: &[u8]) -> Box<RuntimeCall> {
	Box::new(RuntimeCall::System(frame_system::Call::remark_with_event { remark: text.to_vec() }))
}

#[test]
fn a_carried_proposal_acts_from_the_coops_own_account() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		let acting =
			Box::new(RuntimeCall::Governance(Call::as_coop_account { call: remark(b"owner") }));
		let id = propose(1, vec![acting]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		assert_ok!(close(id));
		// The remark's sender is the co-op's account (1_000 + co-op id in the mock).
		System::assert_has_event(
			frame_system::Event::Remarked {
				sender: 1_000,
				hash: sp_io::hashing::blake2_256(b"owner").into(),
			}
			.into(),
		);
		System::assert_has_event(Event::ActedAsCoop { coop: 0, result: Ok(()) }.into());
		assert_eq!(
			Governance::closed_proposal(id).unwrap().outcome,
			Outcome::Approved { dispatched: 1, failed: 0 }
		);
	});
}

#[test]
fn acting_as_the_coop_needs_a_coop_decision_and_a_call_in_scope() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		let decision = RuntimeOrigin::from(RawOrigin::Coop(CoopDecision {
			coop: 0,
			proposal: 0,
			proposer: 1,
			scope: DecisionScope::default(),
			tally: Tally::default(),
		}));
		// A member, root, or anyone else cannot make the co-op act.
		assert_noop!(
			Governance::as_coop_account(RuntimeOrigin::signed(1), remark(b"x")),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Governance::as_coop_account(RuntimeOrigin::root(), remark(b"x")),
			DispatchError::BadOrigin
		);
		// A decision cannot reach beyond the scope, e.g. a plain remark or a transfer.
		let plain = Box::new(RuntimeCall::System(frame_system::Call::remark { remark: vec![] }));
		assert_noop!(
			Governance::as_coop_account(decision.clone(), plain),
			Error::<Test>::CallOutOfScope
		);
		let transfer =
			Box::new(RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
				dest: 1,
				value: 1,
			}));
		assert_noop!(
			Governance::as_coop_account(decision.clone(), transfer),
			Error::<Test>::CallOutOfScope
		);
		assert_ok!(Governance::as_coop_account(decision, remark(b"ok")));
		System::assert_last_event(Event::ActedAsCoop { coop: 0, result: Ok(()) }.into());
	});
}
