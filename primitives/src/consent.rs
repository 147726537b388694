//! Consent and data commitments: the types `pallet-consent` keeps, the traits through which the
//! market asks it questions, and the runtime API that stores and wallets call.

use crate::coop::CoopId;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// A purpose code from the co-op's vocabulary (see [`crate::coop::Vocabulary`]).
pub type PurposeCode = u16;

/// A data-category code from the co-op's vocabulary (see [`crate::coop::Vocabulary`]).
pub type CategoryCode = u16;

/// Identifier of an access offer, unique across co-ops.
pub type OfferId = u32;

/// Number of a consent among one member's consents, assigned in order.
pub type ConsentId = u32;

/// Who a consent lets use the member's data.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Grantee<AccountId> {
	/// One buyer account.
	Buyer(AccountId),
	/// Whoever buys access through this offer of the member's co-op.
	Offer(OfferId),
}

/// An access offer as consent needs to know it: whose it is and what it is for.
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
pub struct OfferScope {
	/// The co-op that published it.
	pub coop: CoopId,
	/// The purpose buyers may use the data for.
	pub purpose: PurposeCode,
}

/// Access offers, answered by the market pallet.
pub trait AccessOffers {
	/// Co-op and purpose of `offer`, if it exists.
	fn offer_scope(offer: OfferId) -> Option<OfferScope>;
	/// Whether `offer` covers data of `category`.
	fn offer_includes(offer: OfferId, category: CategoryCode) -> bool;
}

/// No offers at all: consents can only name buyers.
impl AccessOffers for () {
	fn offer_scope(_: OfferId) -> Option<OfferScope> {
		None
	}
	fn offer_includes(_: OfferId, _: CategoryCode) -> bool {
		false
	}
}

/// Told when what a member contributes to an offer's pool may have changed: their consent for
/// the offer was given, changed, withdrawn or expired, or their commitment in one of its
/// categories changed. The market brings the member's royalty weight up to date.
pub trait OnConsentChange<AccountId> {
	/// `member`'s contribution to `offer` of `coop` may have changed. Returns the weight used.
	fn on_consent_change(
		coop: CoopId,
		member: &AccountId,
		offer: OfferId,
	) -> frame_support::weights::Weight;
	/// The most weight one `on_consent_change` may use.
	fn max_weight() -> frame_support::weights::Weight;
}

impl<AccountId> OnConsentChange<AccountId> for () {
	fn on_consent_change(_: CoopId, _: &AccountId, _: OfferId) -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
	fn max_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

/// What the market, contracts and stores ask about consent, answered by `pallet-consent`.
pub trait ConsentInspect<AccountId, BlockNumber> {
	/// Whether `member`'s live consent, given through `coop`, covers `grantee` using data of
	/// `category` for `purpose` at block `at`.
	fn covers(
		member: &AccountId,
		coop: CoopId,
		grantee: &Grantee<AccountId>,
		purpose: PurposeCode,
		category: CategoryCode,
		at: BlockNumber,
	) -> bool;
	/// Number of members whose live consent covers `grantee`, `purpose` and `category` in `coop`.
	fn pool_size(
		coop: CoopId,
		grantee: &Grantee<AccountId>,
		purpose: PurposeCode,
		category: CategoryCode,
	) -> u32;
	/// Items `member` has committed to in `category` of `coop` (0 without a commitment).
	fn committed_items(coop: CoopId, member: &AccountId, category: CategoryCode) -> u32;
	/// Whether every consent whose expiry is due by block `now` has been marked, so counts and
	/// contributions follow live consents exactly. False while a flood of expiries is marked
	/// over several blocks; a sale must then wait.
	fn expiries_marked(now: BlockNumber) -> bool {
		let _ = now;
		true
	}
}

/// Why a list of category codes is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CategoriesError {
	/// No category at all.
	Empty,
	/// More than the bound.
	TooMany,
	/// A code the co-op's vocabulary does not define.
	Unknown,
	/// A code named twice.
	Duplicate,
}

/// `categories` sorted ascending and checked: at least one, at most `Bound`, every code
/// `known`, none twice. The one rule consents and offers share.
pub fn checked_categories<Bound: frame_support::traits::Get<u32>>(
	mut categories: alloc::vec::Vec<CategoryCode>,
	known: impl Fn(CategoryCode) -> bool,
) -> Result<frame_support::BoundedVec<CategoryCode, Bound>, CategoriesError> {
	if categories.is_empty() {
		return Err(CategoriesError::Empty);
	}
	if categories.len() > Bound::get() as usize {
		return Err(CategoriesError::TooMany);
	}
	categories.sort_unstable();
	let mut previous = None;
	for &category in categories.iter() {
		if !known(category) {
			return Err(CategoriesError::Unknown);
		}
		if previous == Some(category) {
			return Err(CategoriesError::Duplicate);
		}
		previous = Some(category);
	}
	frame_support::BoundedVec::try_from(categories).map_err(|_| CategoriesError::TooMany)
}

/// The runtime API `ConsentApi`, in a module of its own so that lints about the macro's
/// expansion stay here.
#[allow(clippy::multiple_bound_locations, clippy::too_many_arguments)]
pub mod runtime_api {
	use super::*;

	sp_api::decl_runtime_apis! {
		/// Consent questions for stores, wallets and buyers, without knowing storage layouts.
		pub trait ConsentApi<AccountId: Codec, BlockNumber: Codec> {
			/// Whether `member`'s live consent in `coop` covers `grantee`, `purpose` and `category`
			/// at block `at` (state as of the block the call is made at; expiry judged at `at`).
			fn consent_covers(
				member: AccountId,
				coop: CoopId,
				grantee: Grantee<AccountId>,
				purpose: PurposeCode,
				category: CategoryCode,
				at: BlockNumber,
			) -> bool;
			/// Members with live consent for `grantee`, `purpose` and `category` in `coop`.
			fn consent_pool_size(
				coop: CoopId,
				grantee: Grantee<AccountId>,
				purpose: PurposeCode,
				category: CategoryCode,
			) -> u32;
		}
	}
}
