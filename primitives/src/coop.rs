//! Co-ops, bylaws and decisions: the types and traits `pallet-coops`, `pallet-bylaws` and
//! `pallet-governance` share, so that none of them depends on another's crate.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::Weight, BoundedVec};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::ConstU32;
use sp_runtime::{DispatchResult, Perbill};

/// Identifier of a co-op, assigned in order of founding.
pub type CoopId = u32;

/// Identifier of a proposal, unique across all co-ops.
pub type ProposalId = u32;

/// Number of a bylaws version within one co-op: 1 is the founding bylaws.
pub type BylawsVersion = u32;

/// Admission number of a membership within a co-op: every admission gets the next number, so
/// "was a member when the proposal opened" is one comparison, whatever the size of the co-op.
pub type AdmissionSeq = u64;

/// The longest document reference the chain keeps: a 32-byte blake2-256 hash or a CID in bytes.
pub const MAX_DOCUMENT_REF_LEN: u32 = 64;

/// Reference to an off-chain document (bylaws, terms): a blake2-256 hash or a CID, as bytes.
pub type DocumentRef = BoundedVec<u8, ConstU32<MAX_DOCUMENT_REF_LEN>>;

/// How people become members of a co-op, as its bylaws say.
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
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum AdmissionPolicy {
	/// Anyone who applies is in.
	Open,
	/// Applications are admitted by a proposal of the co-op.
	Vote,
	/// An applicant is admitted once this many members vouch for them.
	Invitation {
		/// Number of members who must vouch.
		vouches: u32,
	},
}

/// What a co-op's bylaws set on chain. The bylaws document itself stays off chain.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct BylawsParams<BlockNumber> {
	/// Share of the eligible members who must vote (aye, nay or abstain) for a decision to count.
	pub quorum: Perbill,
	/// Share of ayes among ayes and nays that carries an ordinary proposal.
	pub approval: Perbill,
	/// Share of ayes needed to amend the bylaws.
	pub amendment_approval: Perbill,
	/// Share of ayes needed to expel a member.
	pub expulsion_approval: Perbill,
	/// How long a proposal stays open for votes, in blocks.
	pub voting_period: BlockNumber,
	/// The least time a proposal stays open before it may close early, in blocks: however
	/// certain its outcome, nobody can close it in the block its last needed vote lands, so
	/// every member has this long to see it. At most `voting_period`.
	#[serde(default)]
	pub min_voting_period: BlockNumber,
	/// How long a newcomer is a member before they may propose and vote, in blocks: accounts
	/// that join by the dozen cannot outvote the members at once. Founding members are mature
	/// at founding.
	#[serde(default)]
	pub membership_maturity: BlockNumber,
	/// How people join.
	pub admission: AdmissionPolicy,
	/// The co-op's share of revenue from data sales; the rest goes to the contributing members.
	pub revenue_share: Perbill,
	/// Most members the co-op admits, if it sets a limit.
	pub max_members: Option<u32>,
	/// Most items one commitment (a member's data of one category) may declare, if the bylaws
	/// set a cap. A member's weight in a pool is their committed items, so the cap bounds what
	/// one inflated commitment dilutes an honest member's per-item price by. Commitments above
	/// it are refused; a lower cap adopted later applies to commitments made after it.
	#[serde(default)]
	pub max_items_per_commitment: Option<u32>,
	/// How many purpose and data-category codes the bylaws define; consents use these codes.
	pub vocabulary: Vocabulary,
}

/// The largest vocabulary of purposes or categories bylaws may define.
pub const MAX_VOCABULARY: u16 = 1024;

/// The codes a co-op's bylaws define for purposes and data categories. Codes are numbers
/// `0..purposes` and `0..categories`; the bylaws document says what each one means (e.g.
/// category 3 = "heart rate", purpose 1 = "academic research"), in the style of ISO/IEC TS 27560

#[cfg(feature = "test-utils")]
impl<BlockNumber: sp_runtime::traits::Zero> BylawsParams<BlockNumber> {
	/// The bylaws the pallets' unit tests start from, with votes open `voting_period` blocks:
	/// quorum and approval 50%, amendment 66%, expulsion 75%, no minimum voting time, no
	/// maturity, open admission, a 10% revenue share, no member limit, no item cap, 8 purposes and 32
	/// categories. Tests override what they are about (`BylawsParams { admission, ..for_tests }`).
	pub fn for_tests(voting_period: BlockNumber) -> Self {
		Self {
			quorum: Perbill::from_percent(50),
			approval: Perbill::from_percent(50),
			amendment_approval: Perbill::from_percent(66),
			expulsion_approval: Perbill::from_percent(75),
			voting_period,
			min_voting_period: BlockNumber::zero(),
			membership_maturity: BlockNumber::zero(),
			admission: AdmissionPolicy::Open,
			revenue_share: Perbill::from_percent(10),
			max_members: None,
			max_items_per_commitment: None,
			vocabulary: Vocabulary { purposes: 8, categories: 32 },
		}
	}
}

/// and the Kantara consent receipt, which name purposes and categories from a published list.
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
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
	/// Number of purpose codes defined.
	pub purposes: u16,
	/// Number of data-category codes defined.
	pub categories: u16,
}

impl Vocabulary {
	/// Whether `purpose` is a code these bylaws define.
	pub fn has_purpose(&self, purpose: u16) -> bool {
		purpose < self.purposes
	}
	/// Whether `category` is a code these bylaws define.
	pub fn has_category(&self, category: u16) -> bool {
		category < self.categories
	}
}

/// Which raised thresholds a proposal's calls need, besides the ordinary approval.
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
	Default,
	Debug,
)]
pub struct DecisionScope {
	/// The proposal amends the bylaws: the amendment threshold applies.
	pub amends_bylaws: bool,
	/// The proposal expels a member: the expulsion threshold applies.
	pub expels: bool,
	/// The proposal acts in the federation (applies, votes, leaves, registers validators): the
	/// amendment threshold applies, as for a change of the co-op's own rules.
	pub federation: bool,
}

impl DecisionScope {
	/// The scope of a proposal made of calls of scopes `self` and `other`.
	pub fn union(self, other: Self) -> Self {
		Self {
			amends_bylaws: self.amends_bylaws || other.amends_bylaws,
			expels: self.expels || other.expels,
			federation: self.federation || other.federation,
		}
	}

	/// The approval threshold this scope needs under `params`: the highest that applies.
	pub fn threshold<B>(&self, params: &BylawsParams<B>) -> Perbill {
		let mut threshold = params.approval;
		if self.amends_bylaws || self.federation {
			threshold = threshold.max(params.amendment_approval);
		}
		if self.expels {
			threshold = threshold.max(params.expulsion_approval);
		}
		threshold
	}
}

/// Votes on a proposal.
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
	Default,
	Debug,
)]
pub struct Tally {
	/// Members in favour.
	pub ayes: u32,
	/// Members against.
	pub nays: u32,
	/// Members who took part without taking a side (they count for the quorum).
	pub abstentions: u32,
	/// Members eligible to vote: members when the proposal opened who have not left since.
	pub electorate: u32,
}

/// A decision a co-op took by vote: what the co-op's collective origin carries.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct CoopDecision<AccountId> {
	/// The co-op that decided.
	pub coop: CoopId,
	/// The proposal that carried.
	pub proposal: ProposalId,
	/// Who proposed it.
	pub proposer: AccountId,
	/// Which raised thresholds it met.
	pub scope: DecisionScope,
	/// The votes that carried it.
	pub tally: Tally,
}

/// Facts about co-ops and their members, answered by `pallet-coops`.
pub trait CoopMembership<AccountId> {
	/// Whether co-op `coop` exists.
	fn coop_exists(coop: CoopId) -> bool;
	/// Admission number of `who` in `coop`, if `who` is a member.
	fn admission_of(coop: CoopId, who: &AccountId) -> Option<AdmissionSeq>;
	/// The admission number the next member of `coop` will get.
	fn next_admission(coop: CoopId) -> AdmissionSeq;
	/// Number of members of `coop`.
	fn member_count(coop: CoopId) -> u32;
	/// The co-op's own account (its treasury), derived from its id.
	fn coop_account(coop: CoopId) -> AccountId;

	/// The members of `coop` who may propose and vote now, as the bylaws' membership maturity
	/// says: those with an admission number below the first returned, of whom there are the
	/// second. By default every member is mature.
	fn voting_members(coop: CoopId) -> (AdmissionSeq, u32) {
		(Self::next_admission(coop), Self::member_count(coop))
	}

	/// Whether `who` is a member of `coop` past the bylaws' membership maturity.
	fn is_mature(coop: CoopId, who: &AccountId) -> bool {
		Self::admission_of(coop, who).is_some_and(|a| a < Self::voting_members(coop).0)
	}

	/// Whether `who` is a member of `coop`.
	fn is_member(coop: CoopId, who: &AccountId) -> bool {
		Self::admission_of(coop, who).is_some()
	}
}

/// The bylaws in force, answered by `pallet-bylaws`.
pub trait CoopBylaws<BlockNumber> {
	/// Version and parameters of the bylaws of `coop` in force now.
	fn current(coop: CoopId) -> Option<(BylawsVersion, BylawsParams<BlockNumber>)>;
	/// Check parameters without storing anything.
	fn validate(params: &BylawsParams<BlockNumber>) -> DispatchResult;
	/// Record the founding bylaws (version 1) of a new co-op.
	fn adopt_founding(
		coop: CoopId,
		document: DocumentRef,
		params: BylawsParams<BlockNumber>,
	) -> DispatchResult;
}

/// Told when a member leaves a co-op (of their own will or expelled), so that state elsewhere
/// follows: their votes on open proposals, their consents.
pub trait OnMemberLeft<AccountId> {
	/// `who`, admitted as number `admission`, is no longer a member of `coop`. Returns the
	/// weight used.
	fn on_member_left(coop: CoopId, who: &AccountId, admission: AdmissionSeq) -> Weight;
	/// The most weight `on_member_left` may use, for the leaving call's weight.
	fn max_weight() -> Weight;
}

impl<AccountId> OnMemberLeft<AccountId> for () {
	fn on_member_left(_: CoopId, _: &AccountId, _: AdmissionSeq) -> Weight {
		Weight::zero()
	}
	fn max_weight() -> Weight {
		Weight::zero()
	}
}

impl<AccountId, A: OnMemberLeft<AccountId>, B: OnMemberLeft<AccountId>> OnMemberLeft<AccountId>
	for (A, B)
{
	fn on_member_left(coop: CoopId, who: &AccountId, admission: AdmissionSeq) -> Weight {
		A::on_member_left(coop, who, admission)
			.saturating_add(B::on_member_left(coop, who, admission))
	}
	fn max_weight() -> Weight {
		A::max_weight().saturating_add(B::max_weight())
	}
}
