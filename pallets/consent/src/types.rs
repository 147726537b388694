//! Records the consent pallet keeps on chain.

use crate::{BalanceOf, Config};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use datacoop_primitives::{
	consent::{CategoryCode, Grantee, PurposeCode},
	coop::CoopId,
};
use frame_support::{
	traits::ConstU32, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

/// Version number of a consent record: 1 when given, one more with every change.
pub type ConsentVersion = u32;

/// Where a consent stands (the ISO/IEC TS 27560 consent states that a record can reach).
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
pub enum ConsentState<BlockNumber> {
	/// In force: the grantee may use the data as the terms say, until the expiry.
	Given,
	/// The member withdrew it (or left the co-op) at this block.
	Withdrawn {
		/// Block of the withdrawal.
		at: BlockNumber,
	},
	/// Its expiry passed; the chain marked it expired at this block.
	Expired {
		/// Block at which it lapsed.
		at: BlockNumber,
	},
}

/// What a member agreed to in one version of a consent.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct ConsentTerms<T: Config> {
	/// Data categories covered, ascending, no repeats.
	pub categories: BoundedVec<CategoryCode, T::MaxCategories>,
	/// First block at which the consent no longer holds; `None`: until withdrawn.
	pub expires: Option<BlockNumberFor<T>>,
	/// Hash of the full consent receipt the member's store keeps off chain.
	pub receipt: T::Hash,
}

/// A consent, as it stands now. Its history is kept version by version.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct ConsentRecord<T: Config> {
	/// The co-op through which it was given: the data controller.
	pub coop: CoopId,
	/// Who may use the data.
	pub grantee: Grantee<T::AccountId>,
	/// What for.
	pub purpose: PurposeCode,
	/// The terms of the latest version.
	pub terms: ConsentTerms<T>,
	/// Where it stands.
	pub state: ConsentState<BlockNumberFor<T>>,
	/// Latest version number.
	pub version: ConsentVersion,
	/// Block it was first given.
	pub given_at: BlockNumberFor<T>,
	/// Deposit held from the member for this record and its history.
	pub deposit: BalanceOf<T>,
}

impl<T: Config> ConsentRecord<T> {
	/// Whether the consent is in force at block `at`.
	pub fn is_live_at(&self, at: BlockNumberFor<T>) -> bool {
		self.state == ConsentState::Given && self.terms.expires.is_none_or(|end| at < end)
	}
}

/// One entry of a consent's history.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct ConsentChange<T: Config> {
	/// The terms from this version on.
	pub terms: ConsentTerms<T>,
	/// The state from this version on.
	pub state: ConsentState<BlockNumberFor<T>>,
	/// Block of the change.
	pub at: BlockNumberFor<T>,
}

/// A member's commitment to the data of one category in their store: a Merkle root over
/// salted item hashes. Nothing about the data itself can be learnt from it, and once the store
/// deletes the salts, not even that an item was in it.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Commitment<BlockNumber, Hash, Balance> {
	/// Merkle root over the salted hashes of the items.
	pub root: Hash,
	/// Number of items.
	pub items: u32,
	/// Total size of the items, in bytes.
	pub bytes: u64,
	/// Block of the last update.
	pub updated_at: BlockNumber,
	/// Deposit held from the member.
	pub deposit: Balance,
}

/// Longest store address a member can register, in bytes.
pub const MAX_STORE_ADDRESS_LEN: u32 = 256;

/// Where a member's data store can be reached: a libp2p multiaddr in text form ending in
/// `/p2p/<peer id>`, so buyers find the store and know the key it must prove on connection.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct StoreAddress<Balance> {
	/// The multiaddr, as UTF-8 text.
	pub address: BoundedVec<u8, ConstU32<MAX_STORE_ADDRESS_LEN>>,
	/// Deposit held from the member.
	pub deposit: Balance,
}

/// What every listing's payload starts with.
pub const LISTING_DOMAIN: &[u8] = b"datacoop/listing/1";

/// The message a member's store signs with every list of a category it answers: "under the
/// commitment whose root is `root`, of `member` for `category` in `coop`, on the chain whose
/// genesis hash is `genesis`, this store lists `items` items". The SCALE encoding of
/// ([`LISTING_DOMAIN`], genesis, coop, member, category, root, items). One that lists fewer
/// items than the commitment declares is the evidence [`crate::Pallet::report_commitment`]
/// takes; the root binds it to that commitment, so it says nothing about a later one.
pub fn listing_payload<Hash: Encode, AccountId: Encode>(
	genesis: &Hash,
	coop: CoopId,
	member: &AccountId,
	category: CategoryCode,
	root: &Hash,
	items: u32,
) -> alloc::vec::Vec<u8> {
	(LISTING_DOMAIN, genesis, coop, member, category, root, items).encode()
}
