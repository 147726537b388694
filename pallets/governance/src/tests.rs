//! Tests of the governance pallet: proposing, one-member-one-vote, thresholds from the bylaws in
//! force at opening, early close, dispatch with the co-op origin, leaving, withdrawal, cleanup.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Hooks},
};
use sp_runtime::DispatchError;

fn act() -> Box<RuntimeCall> {
	Box::new(RuntimeCall::Target(target::Call::act {}))
}
fn amend() -> Box<RuntimeCall> {
	Box::new(RuntimeCall::Target(target::Call::amend {}))
}
fn expel() -> Box<RuntimeCall> {
	Box::new(RuntimeCall::Target(target::Call::expel {}))
}
fn fail() -> Box<RuntimeCall> {
	Box::new(RuntimeCall::Target(target::Call::fail {}))
}

fn calls(list: Vec<Box<RuntimeCall>>) -> BoundedVec<Box<RuntimeCall>, ConstU32<4>> {
	BoundedVec::truncate_from(list)
}

/// Member `who` proposes `list` to co-op 0; returns the proposal id.
fn propose(who: u64, list: Vec<Box<RuntimeCall>>) -> ProposalId {
	let id = NextProposalId::<Test>::get();
	assert_ok!(Governance::propose(RuntimeOrigin::signed(who), 0, calls(list)));
	id
}

fn vote(who: u64, id: ProposalId, choice: VoteChoice) {
	assert_ok!(Governance::vote(RuntimeOrigin::signed(who), id, choice));
}

fn close(id: ProposalId) -> DispatchResultWithPostInfo {
	Governance::close(RuntimeOrigin::signed(20), id, Weight::MAX)
}

fn tally(id: ProposalId) -> Tally {
	Proposals::<Test>::get(id).unwrap().tally
}

fn held(who: u64) -> Balance {
	Balances::balance_on_hold(&HoldReason::Proposal.into(), &who)
}

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
fn one_member_one_vote_changeable() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Nay);
		vote(3, id, VoteChoice::Abstain);
		assert_eq!(tally(id), Tally { ayes: 1, nays: 1, abstentions: 1, electorate: 4 });
		// Voting again replaces the vote; it never counts twice.
		vote(2, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		System::assert_last_event(
			Event::Voted {
				proposal: id,
				voter: 2,
				choice: VoteChoice::Aye,
				tally: Tally { ayes: 2, nays: 0, abstentions: 1, electorate: 4 },
			}
			.into(),
		);
		assert_eq!(Governance::vote_of(id, 2), Some(VoteChoice::Aye));
	});
}

#[test]
fn only_members_at_opening_vote() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		coop(1, &[9]);
		let id = propose(1, vec![act()]);
		admit(0, 3);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(3), id, VoteChoice::Aye),
			Error::<Test>::NotEligible
		);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(9), id, VoteChoice::Aye),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(1), 99, VoteChoice::Aye),
			Error::<Test>::UnknownProposal
		);
		// Leaving and rejoining does not restore the vote.
		leave(0, 2);
		admit(0, 2);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(2), id, VoteChoice::Aye),
			Error::<Test>::NotEligible
		);
	});
}

#[test]
fn a_member_who_left_cannot_vote() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		let id = propose(1, vec![act()]);
		leave(0, 3);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(3), id, VoteChoice::Aye),
			Error::<Test>::NotMember
		);
		assert_eq!(tally(id).electorate, 2);
	});
}

#[test]
fn no_votes_after_the_period() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		let id = propose(1, vec![act()]);
		System::set_block_number(11);
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(1), id, VoteChoice::Aye),
			Error::<Test>::VotingClosed
		);
	});
}

#[test]
fn carried_proposal_dispatches_with_the_coop_origin() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		let id = propose(2, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		assert_noop!(close(id), Error::<Test>::TooEarly);
		vote(2, id, VoteChoice::Aye);
		// Two of three in favour: the third cannot change it, so it may close early.
		assert_ok!(close(id));
		let received = target::Received::<Test>::get();
		assert_eq!(received.len(), 1);
		let decision = &received[0];
		assert_eq!((decision.coop, decision.proposal, decision.proposer), (0, id, 2));
		assert_eq!(decision.tally, Tally { ayes: 2, nays: 0, abstentions: 0, electorate: 3 });
		assert_eq!(decision.scope, DecisionScope::default());
		System::assert_has_event(
			Event::CallDispatched { proposal: id, index: 0, result: Ok(()) }.into(),
		);
		System::assert_last_event(
			Event::Closed {
				proposal: id,
				coop: 0,
				outcome: Outcome::Approved { dispatched: 1, failed: 0 },
				tally: decision.tally,
			}
			.into(),
		);
		assert_eq!(held(2), 0);
		assert!(Proposals::<Test>::get(id).is_none());
		assert_eq!(
			Governance::closed_proposal(id).unwrap().outcome,
			Outcome::Approved { dispatched: 1, failed: 0 }
		);
		assert!(Governance::open_proposals(0).is_empty());
		assert_noop!(close(id), Error::<Test>::UnknownProposal);
	});
}

#[test]
fn failed_dispatch_is_recorded() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		let id = propose(1, vec![fail(), act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		assert_ok!(close(id));
		System::assert_has_event(
			Event::CallDispatched {
				proposal: id,
				index: 0,
				result: Err(target::Error::<Test>::Refused.into()),
			}
			.into(),
		);
		System::assert_has_event(
			Event::CallDispatched { proposal: id, index: 1, result: Ok(()) }.into(),
		);
		assert_eq!(
			Governance::closed_proposal(id).unwrap().outcome,
			Outcome::Approved { dispatched: 2, failed: 1 }
		);
		assert_eq!(target::Received::<Test>::get().len(), 1);
	});
}

#[test]
fn quorum_not_met_rejects_at_the_end() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4, 5]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		assert_noop!(close(id), Error::<Test>::TooEarly);
		System::set_block_number(11);
		assert_ok!(close(id));
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
		assert!(target::Received::<Test>::get().is_empty());
		assert_eq!(held(1), 0);
	});
}

#[test]
fn abstentions_count_for_quorum_not_approval() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Abstain);
		System::set_block_number(11);
		assert_ok!(close(id));
		assert_eq!(
			Governance::closed_proposal(id).unwrap().outcome,
			Outcome::Approved { dispatched: 1, failed: 0 }
		);
	});
}

#[test]
fn certain_rejection_closes_early() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		let id = propose(1, vec![act()]);
		vote(2, id, VoteChoice::Nay);
		assert_noop!(close(id), Error::<Test>::TooEarly);
		vote(3, id, VoteChoice::Nay);
		assert_ok!(close(id));
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
	});
}

#[test]
fn amendment_uses_its_own_threshold_from_the_bylaws_at_opening() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		// Ordinary: 1 aye, 1 nay is a tie, which never carries.
		let ordinary = propose(1, vec![act()]);
		// Amendment: 2 of 3 meets 2/3; the bylaws change to 90% mid-vote, which does not apply.
		let amendment = propose(1, vec![amend()]);
		let mut stricter = bylaws();
		stricter.amendment_approval = Perbill::from_percent(90);
		amend_bylaws(0, stricter);
		for id in [ordinary, amendment] {
			vote(1, id, VoteChoice::Aye);
			vote(2, id, VoteChoice::Nay);
		}
		vote(3, amendment, VoteChoice::Aye);
		System::set_block_number(11);
		assert_ok!(close(ordinary));
		assert_ok!(close(amendment));
		assert_eq!(Governance::closed_proposal(ordinary).unwrap().outcome, Outcome::Rejected);
		assert_eq!(
			Governance::closed_proposal(amendment).unwrap().outcome,
			Outcome::Approved { dispatched: 1, failed: 0 }
		);
		let received = target::Received::<Test>::get();
		assert_eq!(received.len(), 1);
		assert!(received[0].scope.amends_bylaws);

		// A new amendment opens under the new bylaws: 2 of 3 is no longer enough.
		let later = propose(1, vec![amend()]);
		assert_eq!(Proposals::<Test>::get(later).unwrap().bylaws_version, 2);
		vote(1, later, VoteChoice::Aye);
		vote(3, later, VoteChoice::Aye);
		vote(2, later, VoteChoice::Nay);
		assert_ok!(close(later));
		assert_eq!(Governance::closed_proposal(later).unwrap().outcome, Outcome::Rejected);
	});
}

#[test]
fn expulsion_needs_the_expulsion_threshold() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4]);
		let id = propose(1, vec![act(), expel()]);
		let p = Proposals::<Test>::get(id).unwrap();
		assert_eq!(p.threshold, bylaws().expulsion_approval);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		vote(3, id, VoteChoice::Nay);
		System::set_block_number(11);
		assert_ok!(close(id));
		// 2 of 3 is below 75%.
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
	});
}

#[test]
fn leaving_takes_the_vote_out() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		let id = propose(1, vec![act()]);
		vote(2, id, VoteChoice::Aye);
		vote(3, id, VoteChoice::Nay);
		admit(0, 4);
		leave(0, 2);
		System::assert_last_event(Event::VoteRemoved { proposal: id, voter: 2 }.into());
		assert_eq!(tally(id), Tally { ayes: 0, nays: 1, abstentions: 0, electorate: 2 });
		assert_eq!(Governance::vote_of(id, 2), None);
		// A member who joined after opening leaves: the electorate stays.
		leave(0, 4);
		assert_eq!(tally(id).electorate, 2);
		// A member who had not voted leaves: only the electorate shrinks.
		leave(0, 1);
		assert_eq!(tally(id), Tally { ayes: 0, nays: 1, abstentions: 0, electorate: 1 });
		// The vote of the one left decides: rejected at once.
		assert_ok!(close(id));
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
	});
}

#[test]
fn withdraw_only_by_proposer_before_votes() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		let id = propose(1, vec![act()]);
		assert_noop!(
			Governance::withdraw(RuntimeOrigin::signed(2), id),
			Error::<Test>::NotProposer
		);
		assert_ok!(Governance::withdraw(RuntimeOrigin::signed(1), id));
		System::assert_last_event(Event::Withdrawn { proposal: id, coop: 0 }.into());
		assert_eq!(held(1), 0);
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Withdrawn);

		let id = propose(1, vec![act()]);
		vote(2, id, VoteChoice::Nay);
		assert_noop!(
			Governance::withdraw(RuntimeOrigin::signed(1), id),
			Error::<Test>::AlreadyVoted
		);
		assert_noop!(
			Governance::withdraw(RuntimeOrigin::signed(1), 99),
			Error::<Test>::UnknownProposal
		);
	});
}

#[test]
fn close_needs_a_sufficient_weight_bound() {
	build_and_execute(|| {
		coop(0, &[1]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		assert_noop!(
			Governance::close(RuntimeOrigin::signed(1), id, Weight::zero()),
			Error::<Test>::WeightBoundTooLow
		);
		assert_ok!(close(id));
	});
}

#[test]
fn votes_of_closed_proposals_are_cleaned_when_idle() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		assert_ok!(close(id));
		assert_eq!(Votes::<Test>::iter_prefix(id).count(), 2);
		// Kept for the retention (5 blocks), whatever the spare weight.
		Governance::on_idle(2, Weight::MAX);
		assert_eq!(Votes::<Test>::iter_prefix(id).count(), 2);
		assert!(Governance::closed_proposal(id).is_some());
		System::set_block_number(6);
		// No spare weight: nothing happens.
		assert_eq!(Governance::on_idle(6, Weight::zero()), Weight::zero());
		assert_eq!(Votes::<Test>::iter_prefix(id).count(), 2);
		Governance::on_idle(6, Weight::MAX);
		assert_eq!(Votes::<Test>::iter_prefix(id).count(), 0);
		assert!(Governance::closed_proposal(id).is_none());
		assert_eq!(VoteCleanupQueue::<Test>::get(), (1, 1));
	});
}

#[test]
fn threshold_arithmetic_is_exact() {
	assert!(at_least(1, 2, Perbill::from_percent(50)));
	assert!(!at_least(1, 3, Perbill::from_percent(50)));
	assert!(at_least(2, 3, Perbill::from_rational(2u32, 3u32)));
	assert!(!at_least(0, 0, Perbill::from_percent(1)));
	assert!(at_least(u32::MAX, u32::MAX, Perbill::one()));
	assert!(!at_least(u32::MAX - 1, u32::MAX, Perbill::one()));
	// Approval is strict: a tie never carries; 100% asks for unanimity.
	assert!(!more_than(1, 2, Perbill::from_percent(50)));
	assert!(more_than(2, 3, Perbill::from_percent(50)));
	assert!(more_than(501, 1000, Perbill::from_percent(50)));
	assert!(!more_than(500, 1000, Perbill::from_percent(50)));
	assert!(!more_than(3, 4, Perbill::from_percent(75)));
	assert!(more_than(u32::MAX, u32::MAX, Perbill::one()));
	assert!(!more_than(u32::MAX - 1, u32::MAX, Perbill::one()));
	assert!(!more_than(0, 0, Perbill::from_percent(1)));
}

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

fn federate() -> Box<RuntimeCall> {
	Box::new(RuntimeCall::Target(target::Call::federate {}))
}

fn heavy() -> Box<RuntimeCall> {
	Box::new(RuntimeCall::Target(target::Call::heavy {}))
}

/// Bylaws with a minimum voting time and a membership maturity.
fn guarded(min_voting_period: u64, membership_maturity: u64) -> BylawsParams<u64> {
	BylawsParams { min_voting_period, membership_maturity, ..bylaws() }
}

#[test]
fn a_tie_never_carries() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4]);
		let id = propose(1, vec![act()]);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		// Two of four in favour: with two nays to come it would be a tie, so it is not certain.
		assert_noop!(close(id), Error::<Test>::TooEarly);
		vote(3, id, VoteChoice::Nay);
		vote(4, id, VoteChoice::Nay);
		assert_ok!(close(id));
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
		assert!(target::Received::<Test>::get().is_empty());
	});
}

/// The sybil capture: fresh accounts join an open co-op, propose, vote and close in one block.
#[test]
fn newcomers_cannot_outvote_the_members_at_once() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		amend_bylaws(0, guarded(3, 20));
		for sybil in 11..=14 {
			admit(0, sybil);
		}
		// Not mature: they cannot propose, and a proposal of the members does not count them.
		assert_noop!(
			Governance::propose(RuntimeOrigin::signed(11), 0, calls(vec![act()])),
			Error::<Test>::NotMature
		);
		let id = propose(1, vec![act()]);
		let p = Proposals::<Test>::get(id).unwrap();
		assert_eq!((p.eligible_before, p.tally.electorate), (3, 3));
		assert_noop!(
			Governance::vote(RuntimeOrigin::signed(12), id, VoteChoice::Aye),
			Error::<Test>::NotEligible
		);

		// Once mature they propose and vote on what opens from then on.
		System::set_block_number(21);
		let later = propose(11, vec![act()]);
		assert_eq!(Proposals::<Test>::get(later).unwrap().tally.electorate, 7);
		for sybil in 11..=14 {
			vote(sybil, later, VoteChoice::Aye);
		}
		// Four of seven in favour is certain, but not before the minimum voting time: the
		// members have three blocks to see it (and, say, expel or outvote).
		assert_noop!(close(later), Error::<Test>::TooEarly);
		System::set_block_number(24);
		assert_ok!(close(later));
	});
}

#[test]
fn no_early_close_before_the_minimum_voting_time() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3]);
		amend_bylaws(0, guarded(4, 0));
		let carried = propose(1, vec![act()]);
		let rejected = propose(2, vec![act()]);
		assert_eq!(Proposals::<Test>::get(carried).unwrap().early_close_from, 5);
		for who in [1, 2, 3] {
			vote(who, carried, VoteChoice::Aye);
			vote(who, rejected, VoteChoice::Nay);
		}
		// Certain both ways, and still too early.
		assert_noop!(close(carried), Error::<Test>::TooEarly);
		assert_noop!(close(rejected), Error::<Test>::TooEarly);
		System::set_block_number(5);
		assert_ok!(close(carried));
		assert_ok!(close(rejected));
		assert_eq!(Governance::closed_proposal(rejected).unwrap().outcome, Outcome::Rejected);

		// A minimum longer than the vote stops at its end.
		amend_bylaws(0, guarded(50, 0));
		let id = propose(1, vec![act()]);
		let p = Proposals::<Test>::get(id).unwrap();
		assert_eq!(p.early_close_from, p.ends_at);
	});
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

#[test]
fn a_carried_proposal_too_heavy_to_dispatch_expires() {
	build_and_execute(|| {
		coop(0, &[1, 2]);
		// As if proposed before the limit existed: the stored calls declare too much weight.
		let id = propose(1, vec![act()]);
		Proposals::<Test>::mutate(id, |p| p.as_mut().unwrap().call_weight = Weight::MAX);
		vote(1, id, VoteChoice::Aye);
		vote(2, id, VoteChoice::Aye);
		// It carried but cannot be dispatched: it waits for the end of the vote, then expires.
		assert_noop!(close(id), Error::<Test>::TooEarly);
		System::set_block_number(11);
		assert_ok!(Governance::close(RuntimeOrigin::signed(20), id, Weight::zero()));
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Expired);
		assert!(target::Received::<Test>::get().is_empty());
		assert_eq!(held(1), 0);
		assert!(Governance::open_proposals(0).is_empty());
		assert_eq!(OpenByMember::<Test>::get(0, 1), 0);
	});
}

#[test]
fn federation_decisions_need_the_amendment_threshold() {
	build_and_execute(|| {
		coop(0, &[1, 2, 3, 4, 5]);
		let id = propose(1, vec![federate()]);
		let ordinary = propose(2, vec![act()]);
		assert_eq!(Proposals::<Test>::get(id).unwrap().threshold, bylaws().amendment_approval);
		for proposal in [id, ordinary] {
			for (who, choice) in [(1, VoteChoice::Aye), (2, VoteChoice::Aye), (3, VoteChoice::Aye)]
			{
				vote(who, proposal, choice);
			}
			vote(4, proposal, VoteChoice::Nay);
			vote(5, proposal, VoteChoice::Nay);
		}
		System::set_block_number(11);
		assert_ok!(close(id));
		assert_ok!(close(ordinary));
		// 3 of 5 carries an ordinary decision, not one that acts in the federation.
		assert_eq!(Governance::closed_proposal(id).unwrap().outcome, Outcome::Rejected);
		assert_eq!(
			Governance::closed_proposal(ordinary).unwrap().outcome,
			Outcome::Approved { dispatched: 1, failed: 0 }
		);
		target::Received::<Test>::kill();

		let id = propose(1, vec![federate()]);
		for who in [1, 2, 3, 4] {
			vote(who, id, VoteChoice::Aye);
		}
		assert_ok!(close(id));
		assert!(target::Received::<Test>::get()[0].scope.federation);
	});
}

#[test]
fn migration_from_v0_keeps_open_proposals_and_counts_them() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		coop(0, &[1, 2]);
		StorageVersion::new(0).put::<Governance>();
		let old = |call: RuntimeCall, amends_bylaws| migrations::v0::Proposal {
			coop: 0,
			proposer: 1u64,
			calls: BoundedVec::truncate_from(vec![Box::new(call)].encode()),
			call_count: 1,
			call_weight: Weight::from_parts(1_000, 0),
			scope: migrations::v0::DecisionScope { amends_bylaws, expels: false },
			quorum: Perbill::from_percent(50),
			threshold: Perbill::from_percent(50),
			bylaws_version: 1,
			eligible_before: 2,
			tally: Tally { ayes: 1, electorate: 2, ..Default::default() },
			ends_at: 30u64,
			deposit: PROPOSAL_DEPOSIT,
		};
		migrations::v0::Proposals::<Test>::insert(
			7,
			old(RuntimeCall::Target(target::Call::federate {}), false),
		);
		migrations::v0::Proposals::<Test>::insert(
			8,
			old(RuntimeCall::Target(target::Call::amend {}), true),
		);
		OpenProposals::<Test>::insert(0, BoundedVec::truncate_from(vec![7, 8]));
		Votes::<Test>::insert(7, 1, VoteChoice::Aye);
		Votes::<Test>::insert(8, 1, VoteChoice::Aye);
		System::set_block_number(12);

		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();

		assert_eq!(Governance::on_chain_storage_version(), 1);
		let p = Proposals::<Test>::get(7).unwrap();
		// A federation decision now needs the amendment threshold, open ones too.
		assert_eq!(
			p.scope,
			DecisionScope { amends_bylaws: false, expels: false, federation: true }
		);
		assert_eq!(p.threshold, bylaws().amendment_approval);
		assert_eq!((p.early_close_from, p.ends_at, p.tally.ayes), (12, 30, 1));
		// The open amendment carried bylaws in the old encoding: it ended, unenacted.
		assert!(Proposals::<Test>::get(8).is_none());
		assert_eq!(Governance::closed_proposal(8).unwrap().outcome, Outcome::Expired);
		assert_eq!(Governance::open_proposals(0), vec![7]);
		assert_eq!(OpenByMember::<Test>::get(0, 1), 1);
		Governance::do_try_state().expect("invariants hold after the migration");
		// Running it again does nothing: the version says it ran.
		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(OpenByMember::<Test>::get(0, 1), 1);
	});
}

/// One-member co-ops closing a proposal every block, in blocks with no spare weight: the
/// records of closed proposals used to pile up for ever. Each `close` now prunes one that is
/// due, so the queue stays as long as the retention, not as long as the chain.
#[test]
fn pruning_keeps_up_with_closing_in_full_blocks() {
	build_and_execute(|| {
		for c in 0..3 {
			coop(c, &[1 + c as u64]);
		}
		for block in 1..=40u64 {
			System::set_block_number(block);
			let c = (block % 3) as CoopId;
			let who = 1 + c as u64;
			let id = NextProposalId::<Test>::get();
			assert_ok!(Governance::propose(RuntimeOrigin::signed(who), c, calls(vec![act()])));
			vote(who, id, VoteChoice::Aye);
			assert_ok!(close(id));
			let (head, tail) = VoteCleanupQueue::<Test>::get();
			// Closed within the last 5 blocks (retention), plus the one closed now.
			assert!(tail - head <= 6, "block {block}: {} queued", tail - head);
			assert!(Closed::<Test>::iter().count() <= 6);
		}
		// Nothing younger than the retention is pruned.
		let last = NextProposalId::<Test>::get() - 1;
		assert!(Governance::closed_proposal(last).is_some());
	});
}

#[test]
fn migration_queues_closed_proposals_for_pruning() {
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		coop(0, &[1, 2]);
		let id = propose(1, vec![act()]);
		assert_ok!(Governance::withdraw(RuntimeOrigin::signed(1), id));
		// Version 0 queued only proposals with votes: take this one out of the queue.
		VoteCleanup::<Test>::remove(0);
		VoteCleanupQueue::<Test>::put((1, 1));
		StorageVersion::new(0).put::<Governance>();
		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		System::set_block_number(10);
		Governance::on_idle(10, Weight::MAX);
		assert!(Governance::closed_proposal(id).is_none());
	});
}
