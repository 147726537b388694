//! Records the governance pallet keeps on chain, and its origin.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use datacoop_primitives::coop::{
	AdmissionSeq, BylawsVersion, CoopDecision, CoopId, DecisionScope, Tally,
};
use frame_support::{traits::Get, weights::Weight, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// A member's vote.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum VoteChoice {
	/// In favour.
	Aye,
	/// Against.
	Nay,
	/// Taking part without taking a side: counts for the quorum only.
	Abstain,
}

/// An open proposal.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[scale_info(skip_type_params(MaxLen))]
pub struct Proposal<AccountId, Balance, BlockNumber, MaxLen: Get<u32>> {
	/// The co-op deciding.
	pub coop: CoopId,
	/// Who proposed, and holds the deposit.
	pub proposer: AccountId,
	/// The SCALE-encoded calls to dispatch if it carries.
	pub calls: BoundedVec<u8, MaxLen>,
	/// Number of calls.
	pub call_count: u32,
	/// Sum of the calls' declared weights: what `close` must be allowed to spend.
	pub call_weight: Weight,
	/// Which raised thresholds apply.
	pub scope: DecisionScope,
	/// Quorum of the bylaws in force at opening.
	pub quorum: Perbill,
	/// Approval threshold that applies, from the bylaws in force at opening.
	pub threshold: Perbill,
	/// The bylaws version in force at opening.
	pub bylaws_version: BylawsVersion,
	/// Members with an admission number below this were members at opening and may vote.
	pub eligible_before: AdmissionSeq,
	/// Votes so far, and the electorate.
	pub tally: Tally,
	/// Block at which voting ends.
	pub ends_at: BlockNumber,
	/// First block at which the proposal may close before `ends_at`, however certain its
	/// outcome: the bylaws' minimum voting time after opening.
	pub early_close_from: BlockNumber,
	/// Deposit held from the proposer.
	pub deposit: Balance,
}

/// How a proposal ended.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Outcome {
	/// It carried; its calls were dispatched, `failed` of them with an error.
	Approved {
		/// Calls dispatched.
		dispatched: u32,
		/// Of which failed.
		failed: u32,
	},
	/// It did not carry.
	Rejected,
	/// The proposer withdrew it before any vote.
	Withdrawn,
	/// It carried, but its calls declare more weight than one `close` may carry, so nobody
	/// could dispatch them: it closed without dispatching, and its slot and deposit are free.
	Expired,
}

/// The record kept of a closed proposal.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ClosedProposal<BlockNumber> {
	/// The co-op that decided.
	pub coop: CoopId,
	/// How it ended.
	pub outcome: Outcome,
	/// The final tally.
	pub tally: Tally,
	/// Block at which it closed.
	pub closed_at: BlockNumber,
}

/// The origin of a co-op's collective decision.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum RawOrigin<AccountId> {
	/// The co-op decided, by this proposal and these votes.
	Coop(CoopDecision<AccountId>),
}
