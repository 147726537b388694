//! Records the co-ops pallet keeps on chain.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use datacoop_primitives::coop::{AdmissionSeq, ProposalId};
use scale_info::TypeInfo;

/// A co-op, as the chain keeps it.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct CoopInfo<AccountId, Balance, BlockNumber> {
	/// Who founded it and holds the founding deposit.
	pub founder: AccountId,
	/// The founding deposit.
	pub deposit: Balance,
	/// Number of members now.
	pub members: u32,
	/// Admission number the next member gets.
	pub next_admission: AdmissionSeq,
	/// Block of founding.
	pub founded_at: BlockNumber,
}

/// One membership.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Membership<AccountId, Balance, BlockNumber> {
	/// Admission number within the co-op.
	pub admission: AdmissionSeq,
	/// Block of admission.
	pub since: BlockNumber,
	/// Who holds the deposit for this record (the member, or the founder for founding members).
	pub depositor: AccountId,
	/// The deposit held.
	pub deposit: Balance,
}

/// An application to join a co-op.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Application<Balance, BlockNumber> {
	/// Members who have vouched so far.
	pub vouches: u32,
	/// Deposit the applicant holds; it becomes the membership deposit on admission.
	pub deposit: Balance,
	/// Block of application.
	pub since: BlockNumber,
}

/// Members admitted close together in time who are not yet mature: admission numbers from
/// `first` up to the next cohort's `first` (or the co-op's next admission number), of whom
/// `present` are still members. All count as admitted at block `until` (the end of the
/// cohort's time window), so they mature together at `until + membership_maturity`: at worst a
/// little later than each one's own admission, never earlier.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Cohort<BlockNumber> {
	/// Admission number of the cohort's first member.
	pub first: AdmissionSeq,
	/// The cohort's members still in the co-op.
	pub present: u32,
	/// The last block of the cohort's window: its members mature `membership_maturity` after.
	pub until: BlockNumber,
}

/// How an applicant was admitted.
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
pub enum AdmittedBy {
	/// By a proposal of the co-op.
	Vote { proposal: ProposalId },
	/// By enough members vouching.
	Vouches,
}
