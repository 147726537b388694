//! Records the market pallet keeps on chain.

use crate::{BalanceOf, Config};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use datacoop_primitives::{
	consent::{CategoryCode, OfferId, PurposeCode},
	coop::CoopId,
};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

/// Number of an access grant, unique on the chain.
pub type GrantId = u64;

/// A member's weight in an offer's pool: committed items in the categories they consented to.
pub type PoolWeight = u64;

/// Fixed-point scale of a pool's accumulated amount per unit of weight.
pub const ACC_SCALE: u128 = 1_000_000_000_000;

/// Whether an offer sells.
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
pub enum OfferState {
	/// Buyers may purchase.
	Open,
	/// No purchases for now; the co-op may open it again.
	Paused,
	/// No purchases ever again. Grants already sold and royalties already earned stay.
	Closed,
}

/// An access offer of a co-op.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Offer<T: Config> {
	/// The co-op that published it.
	pub coop: CoopId,
	/// What buyers may use the data for.
	pub purpose: PurposeCode,
	/// The data categories on offer, ascending.
	pub categories: BoundedVec<CategoryCode, T::MaxCategories>,
	/// Price of one purchase.
	pub price: BalanceOf<T>,
	/// How long a purchase gives access, in blocks.
	pub duration: BlockNumberFor<T>,
	/// Fewest contributing members for a purchase to settle.
	pub min_contributors: u32,
	/// Hash of the terms document.
	pub terms: T::Hash,
	/// Whether it sells.
	pub state: OfferState,
}

/// An offer's royalty pool: constant-cost splitting by an accumulated amount per unit of
/// weight.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Pool<Balance> {
	/// Sum of the contributors' weights.
	pub total_weight: u128,
	/// Members with a weight above zero.
	pub contributors: u32,
	/// Amount per unit of weight paid in since the pool began, times [`ACC_SCALE`].
	pub acc: u128,
	/// Everything buyers paid for this offer.
	pub paid: Balance,
	/// Of which the co-op's treasury got.
	pub to_treasury: Balance,
	/// Of which went to the pool (the rest of `paid`).
	pub received: Balance,
	/// Claimed by members so far.
	pub claimed: Balance,
}

/// A member's place in an offer's pool.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Position<Balance> {
	/// Their weight now.
	pub weight: PoolWeight,
	/// The pool's `acc` when their earnings were last brought up to date.
	pub acc_at: u128,
	/// Earned and not yet claimed, up to `acc_at`.
	pub owed: Balance,
}

/// What a buyer bought: access to an offer's data until `expires`, from the members whose
/// consent was live when they bought and still is when a store serves them.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Grant<T: Config> {
	/// Who bought.
	pub buyer: T::AccountId,
	/// Which offer.
	pub offer: OfferId,
	/// The offer's co-op.
	pub coop: CoopId,
	/// Block of the purchase.
	pub purchased_at: BlockNumberFor<T>,
	/// First block at which access ends.
	pub expires: BlockNumberFor<T>,
	/// Contributing members at the purchase.
	pub contributors: u32,
	/// Their total weight at the purchase.
	pub total_weight: u128,
	/// Price paid.
	pub price: BalanceOf<T>,
	/// Deposit held from the buyer for this record.
	pub deposit: BalanceOf<T>,
}

/// Domain separator at the start of every delivery receipt a buyer signs.
pub const RECEIPT_DOMAIN: &[u8] = b"datacoop/receipt/1";

/// Longest store identifier a receipt names (a libp2p peer id is 38 bytes).
pub type MaxStoreIdLen = frame_support::traits::ConstU32<64>;

/// The store a receipt names, as the buyer saw it (its libp2p peer id bytes).
pub type StoreId = BoundedVec<u8, MaxStoreIdLen>;

/// Entries of a member's weight history kept per offer; older changes merge by their minimum.
pub type MaxWeightHistory = frame_support::traits::ConstU32<6>;

/// The price a purchase holds for its grant until members redeem delivery receipts against it.
/// Covered by the grant's deposit; removed with the grant.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Escrow<Balance> {
	/// Still held: the price less what members earned so far.
	pub held: Balance,
	/// The co-op's share of what is earned, from its bylaws at the purchase.
	pub revenue_share: sp_runtime::Perbill,
}

/// What one member redeemed under one grant: items counted so far and the deposit held for
/// this record until it is pruned after the grant.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Redemption<Balance> {
	/// Items counted (acknowledged, capped by the member's weight at the purchase).
	pub items: PoolWeight,
	/// Deposit held from the member.
	pub deposit: Balance,
}

/// The message a buyer signs to acknowledge `items` verified items (cumulative) of `member`
/// under `grant`, served by `store`, on the chain whose genesis hash is `genesis`: the SCALE
/// encoding of ([`RECEIPT_DOMAIN`], genesis, grant, member, store, items).
pub fn receipt_payload<Hash: Encode, AccountId: Encode>(
	genesis: &Hash,
	grant: GrantId,
	member: &AccountId,
	store: &[u8],
	items: PoolWeight,
) -> alloc::vec::Vec<u8> {
	(RECEIPT_DOMAIN, genesis, grant, member, store, items).encode()
}
