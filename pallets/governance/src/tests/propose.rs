//! Proposing: deposit, snapshot of the bylaws, scope, and the limits on open proposals.

use super::*;

#[test]
fn members_propose_with_a_deposit_and_a_snapshot() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4]);
		let id = propose(1, vec![act(), act()]);
		System::assert_last_event(
			Event::Proposed {
				coop: 0,
				proposal: id,
				proposer: 1,
				calls: 2,
				bylaws_version: 1,
				ends_at: 11,
			}
			.into(),
		);
		let p = Proposals::<Test>::get(id).unwrap();
		assert_eq!(p.tally, Tally { electorate: 4, ..Default::default() });
		assert_eq!(
			(p.quorum, p.threshold, p.eligible_before),
			(bylaws().quorum, bylaws().approval, 4)
		);
		assert_eq!(held(1), PROPOSAL_DEPOSIT);
		assert_eq!(Governance::open_proposals(0), vec![id]);
	});
}

#[test]
fn proposing_refusals_change_nothing() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		coop(1, &[5]);
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(5), 0, calls(vec![act()])),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Governance::propose(RuntimeOrigin::none(), 0, calls(vec![act()])),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(1), 0, calls(vec![])),
			Error::<Test>::EmptyProposal
		);
		assert_noop!(
			Governance::propose(
				RuntimeOrigin::signed(1),
				0,
				calls(vec![act(), Box::new(RuntimeCall::Target(target::Call::forbidden {}))])
			),
			Error::<Test>::CallOutOfScope
		);
		assert_noop!(
			Governance::propose(
				RuntimeOrigin::signed(1),
				0,
				calls(vec![Box::new(RuntimeCall::System(frame_system::Call::remark {
					remark: vec![]
				}))])
			),
			Error::<Test>::CallOutOfScope
		);
		let long = Box::new(RuntimeCall::Target(target::Call::note { data: vec![0; 64] }));
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(1), 0, calls(vec![long])),
			Error::<Test>::ProposalTooLong
		);
		propose(1, vec![act()]);
		propose(1, vec![act()]);
		propose(2, vec![act()]);
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(2), 0, calls(vec![act()])),
			Error::<Test>::TooManyOpenProposals
		);
		// Another co-op has its own limit.
		propose_in(1, 5);
	});
}

fn propose_in(coop: CoopId, who: u64) {
	assert_ok!(Governance::propose(RuntimeOrigin::signed(who), coop, calls(vec![act()])));
}

#[test]
fn one_member_cannot_fill_every_slot() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		propose(1, vec![act()]);
		let second = propose(1, vec![act()]);
		assert_eq!(OpenByMember::<Test>::get(0, 1), 2);
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(1), 0, calls(vec![act()])),
			Error::<Test>::TooManyOpenByMember
		);
		// The last slot is still there for someone else, e.g. to expel the jammer.
		propose(2, vec![expel()]);
		// A slot freed by withdrawal frees the member's count too.
		assert_ok!(Governance::withdraw(RuntimeOrigin::signed(1), second));
		assert_eq!(OpenByMember::<Test>::get(0, 1), 1);
		propose(1, vec![act()]);
	});
}

#[test]
fn a_proposal_nobody_could_dispatch_is_refused() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(1), 0, calls(vec![heavy()])),
			Error::<Test>::ProposalTooHeavy
		);
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(1), 0, calls(vec![act(), heavy()])),
			Error::<Test>::ProposalTooHeavy
		);
	});
}
