//! Records the federation pallet keeps on chain.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use datacoop_primitives::coop::CoopId;
use scale_info::TypeInfo;

/// Number of a motion.
pub type MotionId = u32;

/// Order in which co-ops joined the federation: only co-ops that joined before a motion opened
/// vote on it.
pub type JoinSeq = u32;

/// The federation's own parameters.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct FederationParams {
	/// Most validators one co-op runs.
	pub validators_per_coop: u32,
	/// Most validators in all.
	pub max_validators: u32,
}

/// What a motion would do.
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
pub enum MotionKind {
	/// Admit this co-op to the federation.
	Admit(CoopId),
	/// Remove this member co-op.
	Remove(CoopId),
	/// Change the federation's parameters.
	SetParams(FederationParams),
}

/// An open motion.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Motion<BlockNumber> {
	/// What it would do.
	pub kind: MotionKind,
	/// Member co-ops in favour.
	pub ayes: u32,
	/// Member co-ops against.
	pub nays: u32,
	/// Member co-ops when it opened.
	pub electorate: u32,
	/// Co-ops that joined with a number below this may vote.
	pub eligible_before: JoinSeq,
	/// Block after which it lapses.
	pub ends_at: BlockNumber,
}

/// A member co-op.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct FederationMember<BlockNumber> {
	/// Block it joined.
	pub joined_at: BlockNumber,
	/// Its joining number.
	pub seq: JoinSeq,
}

/// How a motion ended.
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
pub enum MotionOutcome {
	/// It carried and was enacted.
	Carried,
	/// Half or more of the electorate voted nay.
	Rejected,
	/// Its time ran out.
	Lapsed,
}
