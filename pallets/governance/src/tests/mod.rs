//! Tests of the governance pallet: proposing, one-member-one-vote, thresholds from the bylaws in
//! force at opening, early close, dispatch with the co-op origin, leaving, withdrawal, cleanup.
//! One file per concern.

mod as_coop;
mod close;
mod invariants;
mod leave;
mod maturity;
mod migrations;
mod propose;
mod pruning;
mod thresholds;
mod vote;
mod withdraw;

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
