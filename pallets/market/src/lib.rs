//! # Market Pallet
//!
//! ## Overview
//!
//! The co-op's fiduciary promise in code: a buyer pays for access to data, the money is split
//! between the co-op and the members whose consenting data the buyer gets, and members collect
//! their share when they like.
//!
//! - A co-op **publishes an access offer** by a decision of its members: purpose, data
//!   categories, price, access duration, fewest contributing members, hash of the terms.
//! - Members **opt in** by consenting to the offer (`pallet-consent`, grantee
//!   `Grantee::Offer`). A member's **weight** in the offer's pool is the number of items they
//!   committed to in the offer's categories their consent covers, so the split follows the data
//!   on offer, not a flat share.
//! - A buyer **purchases**: the price moves into the market's escrow account; the purchase
//!   settles only if the pool has at least the offer's minimum of contributors at that block
//!   (otherwise it fails and the buyer keeps the money). The co-op's share (its bylaws'
//!   `revenue_share`) goes to its treasury, the rest to the pool, and the buyer gets an **access
//!   grant** that member stores check before serving data.
//! - **Royalties cost the same for 10 or 1,000,000 contributors**: a sale adds to the pool's
//!   accumulated amount per unit of weight; a member's earnings are their weight times the
//!   growth since they were last brought up to date, which happens whenever their weight
//!   changes. Members pull their earnings with `claim`, at any time, also after leaving.
//!   Rounding is always down: dust stays in the pool's account and is accounted for.
//!
//! ## Terminology
//!
//! - **Contributor**: a member with a live consent for the offer and committed items in at least
//!   one of the categories it covers.
//! - **Grant**: buyer, offer, expiry and the pool (contributors and total weight) it paid for. A
//!   store serves a member's data under a grant only if the member's consent covered the offer
//!   when the grant was bought and still does.
//!
//! ## Interface
//!
//! ### The co-op (collective origin)
//! - [`Pallet::publish_offer`], [`Pallet::set_offer_state`] (pause, reopen, close).
//!
//! ### Buyers
//! - [`Pallet::purchase`]; [`Pallet::prune_grant`] once a grant expired (anyone; the deposit
//!   goes back to the buyer).
//!
//! ### Members
//! - [`Pallet::claim`]: collect royalties from an offer's pool.

#![cfg_attr(not(feature = "std"), no_std)]
// Runtime code must not panic. (`expect_used` is not denied: FRAME's own macros expand to
// `expect`s that cannot fail, which the lint would flag in our crate.)
#![cfg_attr(
	not(test),
	deny(
		clippy::arithmetic_side_effects,
		clippy::indexing_slicing,
		clippy::unwrap_used,
		clippy::panic,
		clippy::todo,
		clippy::unimplemented
	)
)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", feature = "std", test))]
mod try_state;
pub mod types;
pub mod weights;

use datacoop_primitives::consent::{checked_categories, CategoriesError};
pub use datacoop_primitives::{
	consent::{
		AccessOffers, CategoryCode, ConsentInspect, Grantee, OfferId, OfferScope, OnConsentChange,
		PurposeCode,
	},
	coop::{CoopBylaws, CoopDecision, CoopId, CoopMembership},
};
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::{DepositConsequence, Precision, Preservation, Provenance},
	},
	PalletId,
};
use frame_system::pallet_prelude::*;
use sp_runtime::{
	traits::{AccountIdConversion, IdentifyAccount, Saturating, Verify, Zero},
	ArithmeticError, Rounding, SaturatedConversion,
};

/// Balance type of the currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A pool of runtime `T`.
pub type PoolOf<T> = Pool<BalanceOf<T>>;

/// A position of runtime `T`.
pub type PositionOf<T> = Position<BalanceOf<T>>;

/// The pool size market weights are charged at, the top of the range the benchmarks measure
/// with real positions (10 to 100,000): they show the cost does not grow with it.
pub const WEIGHT_CONTRIBUTORS: u32 = 100_000;

/// Sets up co-ops, contributors and decisions for benchmarks, through the runtime's pallets.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, RuntimeOrigin, Signature> {
	/// A funded account that can sign delivery receipts, and its signature on `message`
	/// (the same account for every call).
	fn receipt_signer() -> AccountId;
	/// `receipt_signer`'s signature on `message`.
	fn sign_receipt(message: &[u8]) -> Signature;
	/// A new co-op whose vocabulary has at least `categories` categories and one purpose.
	fn coop(categories: u16) -> CoopId;
	/// The origin of a decision of `coop`.
	fn coop_origin(coop: CoopId) -> RuntimeOrigin;
	/// Make `member` (funded) a member of `coop` who committed `items` items in each of
	/// `categories` and consented to `offer` for `purpose` and those categories.
	fn contributor(
		coop: CoopId,
		member: &AccountId,
		offer: OfferId,
		purpose: PurposeCode,
		categories: &[CategoryCode],
		items: u32,
	);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The on-chain storage version: 0, the first layout. (`GrantDepositors` came later as a new
	/// map, empty at the upgrade: a grant bought before it has no entry and releases its deposit
	/// to its buyer, who paid it.)
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An access grant record.
		Grant,
		/// A member's redemption record under a grant.
		Redemption,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency buyers pay in.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// A co-op's collective decision.
		type CoopOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = CoopDecision<Self::AccountId>>;

		/// Co-ops and their treasury accounts.
		type Membership: CoopMembership<Self::AccountId>;

		/// The bylaws in force: vocabulary and revenue share.
		type Bylaws: CoopBylaws<BlockNumberFor<Self>>;

		/// Members' consents and data commitments.
		type Consent: ConsentInspect<Self::AccountId, BlockNumberFor<Self>>;

		/// The market's account, which holds escrow and pools.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Most data categories in one offer.
		#[pallet::constant]
		type MaxCategories: Get<u32>;

		/// Lowest price of an offer.
		#[pallet::constant]
		type MinPrice: Get<BalanceOf<Self>>;

		/// Longest access one purchase may give, in blocks.
		#[pallet::constant]
		type MaxAccessDuration: Get<BlockNumberFor<Self>>;

		/// Held for each grant record until it is pruned after expiry: from the buyer, or from
		/// the contract that paid for it.
		#[pallet::constant]
		type GrantDeposit: Get<BalanceOf<Self>>;

		/// How long after a grant ends its members may still redeem delivery receipts, in
		/// blocks; after it, what they did not earn goes back to the buyer.
		#[pallet::constant]
		type RedemptionWindow: Get<BlockNumberFor<Self>>;

		/// Held from a member for each grant they redeem receipts under, until the record is
		/// pruned after the grant.
		#[pallet::constant]
		type RedemptionDeposit: Get<BalanceOf<Self>>;

		/// A buyer's signature on a delivery receipt.
		type OffchainSignature: Verify<Signer = Self::SigningPublicKey> + Parameter;

		/// The key that signs receipts, identifying the buyer's account.
		type SigningPublicKey: IdentifyAccount<AccountId = Self::AccountId>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up co-ops and contributors for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<
			Self::AccountId,
			Self::RuntimeOrigin,
			Self::OffchainSignature,
		>;
	}

	/// Id the next offer gets.
	#[pallet::storage]
	pub type NextOfferId<T> = StorageValue<_, OfferId, ValueQuery>;

	/// Access offers.
	#[pallet::storage]
	pub type Offers<T: Config> = StorageMap<_, Twox64Concat, OfferId, Offer<T>>;

	/// Each offer's royalty pool.
	#[pallet::storage]
	pub type Pools<T: Config> = StorageMap<_, Twox64Concat, OfferId, PoolOf<T>, ValueQuery>;

	/// Members' places in pools: weight, and earnings not yet claimed.
	#[pallet::storage]
	pub type Positions<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OfferId, Blake2_128Concat, T::AccountId, PositionOf<T>>;

	/// Id the next grant gets.
	#[pallet::storage]
	pub type NextGrantId<T> = StorageValue<_, GrantId, ValueQuery>;

	/// Access grants, until pruned after expiry.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageMap<_, Twox64Concat, GrantId, Grant<T>>;

	/// Who holds a grant's deposit when it is not its buyer: the account that paid for it (an
	/// access contract). Paid for by that deposit; removed with the grant.
	#[pallet::storage]
	pub type GrantDepositors<T: Config> = StorageMap<_, Twox64Concat, GrantId, T::AccountId>;

	/// The price each grant holds until its members redeem delivery receipts; what is left is
	/// refunded when the grant is pruned. Covered by the grant's deposit; removed with it.
	/// Grants bought before settlement by delivery have none.
	#[pallet::storage]
	pub type Escrows<T: Config> = StorageMap<_, Twox64Concat, GrantId, Escrow<BalanceOf<T>>>;

	/// Items each member redeemed under each grant. Paid for by `RedemptionDeposit`; pruned by
	/// anyone once the grant is gone.
	#[pallet::storage]
	pub type Redemptions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		GrantId,
		Blake2_128Concat,
		T::AccountId,
		Redemption<BalanceOf<T>>,
	>;

	/// A member's recent weights in an offer's pool, oldest first: (first grant id that saw
	/// it, block of the change, weight). Grants sold before the first entry saw no weight.
	/// Full, the two oldest merge at their minimum, so the weight read for a past purchase is
	/// never above the true one. Empty while the weight never changed (it is then the
	/// position's). Bounded; pruned by anyone once no open grant needs it and the member has
	/// no weight.
	#[pallet::storage]
	pub type WeightHistory<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		OfferId,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<(GrantId, BlockNumberFor<T>, PoolWeight), MaxWeightHistory>,
		ValueQuery,
	>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		/// The market's account holds the existential deposit from the start, so paying out of
		/// it never reaps it and never loses dust.
		fn build(&self) {
			let account = Pallet::<T>::account();
			if T::Currency::balance(&account) < T::Currency::minimum_balance() {
				let _ = T::Currency::mint_into(&account, T::Currency::minimum_balance());
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `coop` published offer `offer`.
		OfferPublished {
			offer: OfferId,
			coop: CoopId,
			purpose: PurposeCode,
			categories: BoundedVec<CategoryCode, T::MaxCategories>,
			price: BalanceOf<T>,
			duration: BlockNumberFor<T>,
			min_contributors: u32,
			terms: T::Hash,
		},
		/// The co-op paused, reopened or closed offer `offer`.
		OfferStateChanged { offer: OfferId, state: OfferState },
		/// `buyer` bought access through `offer`; grant `grant` records it and holds `price`
		/// in escrow, `price / total_weight` per delivered item.
		Purchased {
			grant: GrantId,
			offer: OfferId,
			buyer: T::AccountId,
			price: BalanceOf<T>,
			contributors: u32,
			total_weight: u128,
			expires: BlockNumberFor<T>,
		},
		/// `member` redeemed a receipt for `items` items (cumulative, as counted) under
		/// `grant`: `earned` went to them and `to_treasury` to the co-op, out of escrow.
		Redeemed {
			grant: GrantId,
			member: T::AccountId,
			items: PoolWeight,
			earned: BalanceOf<T>,
			to_treasury: BalanceOf<T>,
		},
		/// `member`'s redemption record under pruned grant `grant` was removed and its deposit
		/// released.
		RedemptionPruned { grant: GrantId, member: T::AccountId },
		/// `member`'s weight history in the pool of `offer` was removed.
		WeightHistoryPruned { offer: OfferId, member: T::AccountId },
		/// `member`'s weight in the pool of `offer` is now `weight`.
		WeightChanged { offer: OfferId, member: T::AccountId, weight: PoolWeight },
		/// `member` collected `amount` from the pool of `offer`.
		Claimed { offer: OfferId, member: T::AccountId, amount: BalanceOf<T> },
		/// Expired grant `grant` was removed; its deposit, and `refunded` (the escrow no member
		/// earned), went back to whoever paid.
		GrantPruned { grant: GrantId, refunded: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// There is no co-op with this id.
		UnknownCoop,
		/// The purpose code is not in the co-op's vocabulary.
		UnknownPurpose,
		/// A category code is not in the co-op's vocabulary.
		UnknownCategory,
		/// An offer must include at least one category.
		NoCategories,
		/// A category is named twice.
		DuplicateCategory,
		/// More categories than `MaxCategories`.
		TooManyCategories,
		/// The price is below `MinPrice`.
		PriceTooLow,
		/// The access duration must be at least one block and at most `MaxAccessDuration`.
		DurationOutOfRange,
		/// An offer must need at least one contributor.
		NoContributorsNeeded,
		/// There is no offer with this id.
		UnknownOffer,
		/// The offer belongs to another co-op.
		NotOfferOwner,
		/// The offer is closed for good.
		OfferClosed,
		/// The offer is paused.
		OfferPaused,
		/// The offer's price is above the most the buyer agreed to pay.
		PriceAboveLimit,
		/// An access contract offered less than the offer's price.
		PriceBelowOffer,
		/// Fewer members contribute to the offer than it needs.
		PoolTooSmall,
		/// Consents whose expiry passed are still being marked (a flood of expiries), so the
		/// pool may count members who no longer consent: try again in a few blocks.
		ExpiriesPending,
		/// The caller has nothing to claim from this pool.
		NothingToClaim,
		/// There is no grant with this id.
		UnknownGrant,
		/// The grant has not expired yet.
		GrantNotExpired,
		/// The grant's members may still redeem receipts: it can be pruned once its
		/// redemption window ends.
		RedemptionWindowOpen,
		/// The grant was bought before settlement by delivery: its pool was paid at purchase.
		NotSettledByDelivery,
		/// The grant's redemption window has ended.
		RedemptionClosed,
		/// The receipt's signature is not the grant's buyer's over this grant, member, store,
		/// item count and chain.
		BadReceipt,
		/// The receipt counts no more items than already redeemed (after the cap at the
		/// member's weight at the purchase).
		NothingToRedeem,
		/// The grant still exists: its redemption records stay until it is pruned.
		GrantNotPruned,
		/// No redemption record for this grant and member.
		UnknownRedemption,
		/// The member still has weight in the pool, or an open grant may need the history.
		HistoryInUse,
		/// No weight history for this offer and member.
		UnknownHistory,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Publish an access offer of the deciding co-op: data of `categories` for `purpose`,
		/// at `price` per purchase, giving `duration` blocks of access, settling only with at
		/// least `min_contributors` contributing members; `terms` is the hash of the terms
		/// document.
		///
		/// ## Complexity
		/// O(c), c = categories.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::publish_offer(T::MaxCategories::get()))]
		pub fn publish_offer(
			origin: OriginFor<T>,
			purpose: PurposeCode,
			categories: Vec<CategoryCode>,
			price: BalanceOf<T>,
			duration: BlockNumberFor<T>,
			min_contributors: u32,
			terms: T::Hash,
		) -> DispatchResult {
			let coop = T::CoopOrigin::ensure_origin(origin)?.coop;
			let (_, bylaws) = T::Bylaws::current(coop).ok_or(Error::<T>::UnknownCoop)?;
			let vocabulary = bylaws.vocabulary;
			ensure!(vocabulary.has_purpose(purpose), Error::<T>::UnknownPurpose);
			let categories = Self::checked_categories(categories, |c| vocabulary.has_category(c))?;
			ensure!(price >= T::MinPrice::get(), Error::<T>::PriceTooLow);
			ensure!(
				!duration.is_zero() && duration <= T::MaxAccessDuration::get(),
				Error::<T>::DurationOutOfRange
			);
			ensure!(min_contributors >= 1, Error::<T>::NoContributorsNeeded);
			let offer = NextOfferId::<T>::get();
			let next = offer.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			Offers::<T>::insert(
				offer,
				Offer::<T> {
					coop,
					purpose,
					categories: categories.clone(),
					price,
					duration,
					min_contributors,
					terms,
					state: OfferState::Open,
				},
			);
			NextOfferId::<T>::put(next);
			Self::deposit_event(Event::OfferPublished {
				offer,
				coop,
				purpose,
				categories,
				price,
				duration,
				min_contributors,
				terms,
			});
			Ok(())
		}

		/// Pause, reopen or close offer `offer`, by a decision of the co-op that published it.
		/// Closing is final.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_offer_state())]
		pub fn set_offer_state(
			origin: OriginFor<T>,
			offer: OfferId,
			state: OfferState,
		) -> DispatchResult {
			let coop = T::CoopOrigin::ensure_origin(origin)?.coop;
			Offers::<T>::try_mutate(offer, |maybe| {
				let record = maybe.as_mut().ok_or(Error::<T>::UnknownOffer)?;
				ensure!(record.coop == coop, Error::<T>::NotOfferOwner);
				ensure!(record.state != OfferState::Closed, Error::<T>::OfferClosed);
				record.state = state;
				Ok::<_, DispatchError>(())
			})?;
			Self::deposit_event(Event::OfferStateChanged { offer, state });
			Ok(())
		}

		/// Buy access through offer `offer`, paying its price if it is at most `max_price`.
		/// Settles only if enough members contribute now; then the price is held in escrow for
		/// the grant, at `price / total_weight` per item members deliver (see
		/// [`Pallet::redeem`]), and what they do not earn comes back when the grant is pruned.
		/// Holds `GrantDeposit` until then.
		///
		/// ## Complexity
		/// O(1): independent of the number of contributors.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::purchase(WEIGHT_CONTRIBUTORS))]
		pub fn purchase(
			origin: OriginFor<T>,
			offer: OfferId,
			max_price: BalanceOf<T>,
		) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			let record = Offers::<T>::get(offer).ok_or(Error::<T>::UnknownOffer)?;
			ensure!(record.price <= max_price, Error::<T>::PriceAboveLimit);
			Self::settle_purchase(&buyer, &buyer, offer, record, None, None).map(|_| ())
		}

		/// Collect the caller's royalties from the pool of `offer` earned by sales made before
		/// settlement by delivery (those paid the pool at purchase; later sales pay through
		/// [`Pallet::redeem`]). Works at any time, also after leaving the co-op or withdrawing
		/// consent.
		///
		/// ## Complexity
		/// O(1): independent of the number of contributors.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::claim(WEIGHT_CONTRIBUTORS))]
		pub fn claim(origin: OriginFor<T>, offer: OfferId) -> DispatchResult {
			let member = ensure_signed(origin)?;
			let mut pool = Pools::<T>::get(offer);
			let mut position =
				Positions::<T>::get(offer, &member).ok_or(Error::<T>::NothingToClaim)?;
			Self::settle(&pool, &mut position)?;
			let amount = position.owed;
			ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
			T::Currency::transfer(&Self::account(), &member, amount, Preservation::Preserve)?;
			pool.claimed = pool.claimed.saturating_add(amount);
			position.owed = Zero::zero();
			if position.weight == 0 {
				Positions::<T>::remove(offer, &member);
			} else {
				Positions::<T>::insert(offer, &member, position);
			}
			Pools::<T>::insert(offer, pool);
			Self::deposit_event(Event::Claimed { offer, member, amount });
			Ok(())
		}

		/// Remove grant `grant` once it has expired and its redemption window ended, release its
		/// deposit and refund the escrow its members did not earn, both to whoever paid (the
		/// buyer, or the contract that sold). Anyone may do this.
		///
		/// ## Complexity
		/// O(1): the refund is what is left in escrow, whatever the number of contributors.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::prune_grant(WEIGHT_CONTRIBUTORS).saturating_add(T::DbWeight::get().reads_writes(2, 3)))]
		pub fn prune_grant(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			ensure_signed(origin)?;
			let record = Grants::<T>::get(grant).ok_or(Error::<T>::UnknownGrant)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= record.expires, Error::<T>::GrantNotExpired);
			let escrow = Escrows::<T>::take(grant);
			if escrow.is_some() {
				ensure!(now >= Self::redemption_closes(&record), Error::<T>::RedemptionWindowOpen);
			}
			Grants::<T>::remove(grant);
			let depositor = GrantDepositors::<T>::take(grant).unwrap_or(record.buyer);
			T::Currency::release(
				&HoldReason::Grant.into(),
				&depositor,
				record.deposit,
				Precision::BestEffort,
			)?;
			let refunded = escrow.map_or_else(Zero::zero, |e| e.held);
			if !refunded.is_zero() {
				T::Currency::transfer(
					&Self::account(),
					&depositor,
					refunded,
					Preservation::Preserve,
				)?;
				Pools::<T>::mutate(record.offer, |pool| {
					pool.paid = pool.paid.saturating_sub(refunded);
				});
			}
			Self::deposit_event(Event::GrantPruned { grant, refunded });
			Ok(())
		}

		/// Redeem a delivery receipt: the buyer of `grant` signed that the caller's store
		/// `store` delivered `items` verified items of the caller's data under it (cumulative:
		/// the latest receipt counts, earlier ones are superseded). The items counted are capped
		/// at the caller's weight in the pool when the grant was bought; each earns
		/// `price / total_weight` of the grant, rounded down, of which the co-op's share (its
		/// bylaws' `revenue_share` at the purchase) goes to its treasury and the rest to the
		/// caller. Only the growth since the last redemption is paid. Open until the grant's
		/// expiry plus `RedemptionWindow`. The first redemption under a grant holds
		/// `RedemptionDeposit` until the record is pruned.
		///
		/// The receipt is the buyer's signature over [`receipt_payload`] with this chain's
		/// genesis hash, so it cannot be replayed on another chain, grant, member or store.
		///
		/// ## Complexity
		/// O(1): independent of the number of contributors.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::redeem(WEIGHT_CONTRIBUTORS))]
		pub fn redeem(
			origin: OriginFor<T>,
			grant: GrantId,
			items: PoolWeight,
			store: StoreId,
			signature: T::OffchainSignature,
		) -> DispatchResult {
			let member = ensure_signed(origin)?;
			let record = Grants::<T>::get(grant).ok_or(Error::<T>::UnknownGrant)?;
			let mut escrow = Escrows::<T>::get(grant).ok_or(Error::<T>::NotSettledByDelivery)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now < Self::redemption_closes(&record), Error::<T>::RedemptionClosed);
			let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
			let payload = receipt_payload(&genesis, grant, &member, &store, items);
			ensure!(signature.verify(&payload[..], &record.buyer), Error::<T>::BadReceipt);

			let cap = Self::weight_at(record.offer, &member, grant);
			let counted = items.min(cap);
			let previous = Redemptions::<T>::get(grant, &member);
			let before = previous.map_or(0, |r| r.items);
			ensure!(counted > before, Error::<T>::NothingToRedeem);
			let (member_before, treasury_before) = Self::earnings(&record, &escrow, before)?;
			let (member_now, treasury_now) = Self::earnings(&record, &escrow, counted)?;
			let earned =
				member_now.checked_sub(&member_before).ok_or(ArithmeticError::Underflow)?;
			let mut to_treasury =
				treasury_now.checked_sub(&treasury_before).ok_or(ArithmeticError::Underflow)?;
			let treasury = T::Membership::coop_account(record.coop);
			// A share below the existential deposit cannot open an empty treasury: it stays in
			// escrow and goes back to the buyer.
			if T::Currency::can_deposit(&treasury, to_treasury, Provenance::Extant)
				!= DepositConsequence::Success
			{
				to_treasury = Zero::zero();
			}
			let paid = earned.checked_add(&to_treasury).ok_or(ArithmeticError::Overflow)?;
			escrow.held = escrow.held.checked_sub(&paid).ok_or(ArithmeticError::Underflow)?;

			let account = Self::account();
			if !earned.is_zero() {
				T::Currency::transfer(&account, &member, earned, Preservation::Preserve)?;
			}
			if !to_treasury.is_zero() {
				T::Currency::transfer(&account, &treasury, to_treasury, Preservation::Preserve)?;
			}
			// Held after the payment, so the first earnings can pay for the record.
			let deposit = match previous {
				Some(r) => r.deposit,
				None => {
					let deposit = T::RedemptionDeposit::get();
					T::Currency::hold(&HoldReason::Redemption.into(), &member, deposit)?;
					deposit
				},
			};
			Redemptions::<T>::insert(grant, &member, Redemption { items: counted, deposit });
			Escrows::<T>::insert(grant, escrow);
			Pools::<T>::mutate(record.offer, |pool| {
				pool.to_treasury = pool.to_treasury.saturating_add(to_treasury);
				pool.received = pool.received.saturating_add(earned);
				pool.claimed = pool.claimed.saturating_add(earned);
			});
			Self::deposit_event(Event::Redeemed {
				grant,
				member,
				items: counted,
				earned,
				to_treasury,
			});
			Ok(())
		}

		/// Remove `member`'s redemption record under `grant` once the grant is pruned, and
		/// release its deposit to them. Anyone may do this.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::prune_redemption())]
		pub fn prune_redemption(
			origin: OriginFor<T>,
			grant: GrantId,
			member: T::AccountId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(!Grants::<T>::contains_key(grant), Error::<T>::GrantNotPruned);
			let record =
				Redemptions::<T>::take(grant, &member).ok_or(Error::<T>::UnknownRedemption)?;
			T::Currency::release(
				&HoldReason::Redemption.into(),
				&member,
				record.deposit,
				Precision::BestEffort,
			)?;
			Self::deposit_event(Event::RedemptionPruned { grant, member });
			Ok(())
		}

		/// Remove `member`'s weight history in the pool of `offer` once they have no weight
		/// there and no grant still open for redemption was bought while the history mattered
		/// (its last change is more than `MaxAccessDuration + RedemptionWindow` blocks old).
		/// Anyone may do this.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::prune_weight_history())]
		pub fn prune_weight_history(
			origin: OriginFor<T>,
			offer: OfferId,
			member: T::AccountId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let history = WeightHistory::<T>::get(offer, &member);
			let last = history.last().ok_or(Error::<T>::UnknownHistory)?;
			let weight = Positions::<T>::get(offer, &member).map_or(0, |p| p.weight);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				weight == 0 && last.1.saturating_add(Self::history_horizon()) < now,
				Error::<T>::HistoryInUse
			);
			WeightHistory::<T>::remove(offer, &member);
			Self::deposit_event(Event::WeightHistoryPruned { offer, member });
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// An offer and its pool.
		pub fn offer(offer: OfferId) -> Option<(Offer<T>, PoolOf<T>)> {
			Offers::<T>::get(offer).map(|o| (o, Pools::<T>::get(offer)))
		}

		/// What `member` could claim from the pool of `offer` now, and their weight.
		pub fn claimable(offer: OfferId, member: T::AccountId) -> (BalanceOf<T>, PoolWeight) {
			let pool = Pools::<T>::get(offer);
			Positions::<T>::get(offer, member).map_or((Zero::zero(), 0), |mut position| {
				let _ = Self::settle(&pool, &mut position);
				(position.owed, position.weight)
			})
		}

		/// An access grant.
		pub fn grant(grant: GrantId) -> Option<Grant<T>> {
			Grants::<T>::get(grant)
		}

		/// Grant `grant`'s escrow (none for a grant bought before settlement by delivery) and
		/// the first block at which its redemption window is closed.
		pub fn escrow(grant: GrantId) -> Option<(Escrow<BalanceOf<T>>, BlockNumberFor<T>)> {
			let record = Grants::<T>::get(grant)?;
			Escrows::<T>::get(grant).map(|e| (e, Self::redemption_closes(&record)))
		}

		/// Under grant `grant`: the items `member` redeemed so far, and the most that can count
		/// (their weight in the pool when the grant was bought).
		pub fn redemption(grant: GrantId, member: T::AccountId) -> (PoolWeight, PoolWeight) {
			let redeemed = Redemptions::<T>::get(grant, &member).map_or(0, |r| r.items);
			let cap =
				Grants::<T>::get(grant).map_or(0, |g| Self::weight_at(g.offer, &member, grant));
			(redeemed, cap)
		}

		/// Whether grant `grant` lets its buyer have `member`'s data of `category` at block
		/// `at`: the grant is unexpired, the offer includes the category, and the member's
		/// consent covered the offer when the grant was bought and still does at `at`.
		pub fn grant_covers(
			grant: GrantId,
			member: T::AccountId,
			category: CategoryCode,
			at: BlockNumberFor<T>,
		) -> bool {
			Self::grant_covers_member(grant, &member, category, at)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The market's account: escrow and every pool's funds.
	pub fn account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Buy access through `offer` for `buyer`, with `payer` paying: the way an access contract
	/// sells. `payer` (the contract's account) pays `price`, at least the offer's price, and
	/// holds the grant's deposit (back to it when the grant is pruned); the grant and the access
	/// are `buyer`'s, for `duration` blocks, at most the offer's. Nothing is taken from or held
	/// on `buyer`'s account. Every rule of [`Pallet::purchase`] applies: the offer must be open and its pool
	/// big enough, and the co-op's share and the pool's are split from the whole `price`.
	///
	/// Changes nothing unless it succeeds. Costs [`WeightInfo::purchase`].
	pub fn purchase_for(
		payer: &T::AccountId,
		buyer: &T::AccountId,
		offer: OfferId,
		price: BalanceOf<T>,
		duration: BlockNumberFor<T>,
	) -> Result<GrantId, DispatchError> {
		frame_support::storage::with_storage_layer(|| {
			let record = Offers::<T>::get(offer).ok_or(Error::<T>::UnknownOffer)?;
			ensure!(price >= record.price, Error::<T>::PriceBelowOffer);
			ensure!(
				!duration.is_zero() && duration <= record.duration,
				Error::<T>::DurationOutOfRange
			);
			Self::settle_purchase(payer, buyer, offer, record, Some(price), Some(duration))
		})
	}

	/// Settle a purchase of `offer` (whose record is `record`): `payer` pays `price` (the
	/// offer's if `None`) into escrow and holds the grant's deposit, `buyer` gets a grant for
	/// `duration` blocks (the offer's if `None`).
	fn settle_purchase(
		payer: &T::AccountId,
		buyer: &T::AccountId,
		offer: OfferId,
		record: Offer<T>,
		price: Option<BalanceOf<T>>,
		duration: Option<BlockNumberFor<T>>,
	) -> Result<GrantId, DispatchError> {
		match record.state {
			OfferState::Open => {},
			OfferState::Paused => return Err(Error::<T>::OfferPaused.into()),
			OfferState::Closed => return Err(Error::<T>::OfferClosed.into()),
		}
		let price = price.unwrap_or(record.price);
		let duration = duration.unwrap_or(record.duration);
		let now = frame_system::Pallet::<T>::block_number();
		// The pool is exact only once every passed expiry is marked.
		ensure!(T::Consent::expiries_marked(now), Error::<T>::ExpiriesPending);
		let mut pool = Pools::<T>::get(offer);
		ensure!(
			pool.contributors >= record.min_contributors && pool.total_weight > 0,
			Error::<T>::PoolTooSmall
		);
		let (_, bylaws) = T::Bylaws::current(record.coop).ok_or(Error::<T>::UnknownCoop)?;
		let expires = now.checked_add(&duration).ok_or(ArithmeticError::Overflow)?;
		let grant = NextGrantId::<T>::get();
		let next_grant = grant.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		pool.paid = pool.paid.checked_add(&price).ok_or(ArithmeticError::Overflow)?;

		// Escrow: the whole price into the market's account, paid out as members redeem.
		T::Currency::transfer(payer, &Self::account(), price, Preservation::Preserve)?;
		let deposit = T::GrantDeposit::get();
		T::Currency::hold(&HoldReason::Grant.into(), payer, deposit)?;
		if payer != buyer {
			GrantDepositors::<T>::insert(grant, payer);
		}
		Escrows::<T>::insert(grant, Escrow { held: price, revenue_share: bylaws.revenue_share });

		let (contributors, total_weight) = (pool.contributors, pool.total_weight);
		Grants::<T>::insert(
			grant,
			Grant::<T> {
				buyer: buyer.clone(),
				offer,
				coop: record.coop,
				purchased_at: now,
				expires,
				contributors,
				total_weight,
				price,
				deposit,
			},
		);
		NextGrantId::<T>::put(next_grant);
		Pools::<T>::insert(offer, pool);
		Self::deposit_event(Event::Purchased {
			grant,
			offer,
			buyer: buyer.clone(),
			price,
			contributors,
			total_weight,
			expires,
		});
		Ok(grant)
	}

	/// A sale of `amount` to the pool of `offer` as sales settled before settlement by
	/// delivery: paid to the pool at once, split by weight then. For the tests and benchmarks
	/// of `claim`, which collects such earnings.
	#[cfg(any(test, feature = "runtime-benchmarks"))]
	pub(crate) fn legacy_sale(offer: OfferId, amount: BalanceOf<T>) -> DispatchResult {
		let mut pool = Pools::<T>::get(offer);
		let increase = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
			amount.saturated_into::<u128>(),
			ACC_SCALE,
			pool.total_weight,
			Rounding::Down,
		)
		.ok_or(ArithmeticError::Overflow)?;
		T::Currency::mint_into(&Self::account(), amount)?;
		pool.acc = pool.acc.checked_add(increase).ok_or(ArithmeticError::Overflow)?;
		pool.paid = pool.paid.saturating_add(amount);
		pool.received = pool.received.saturating_add(amount);
		Pools::<T>::insert(offer, pool);
		Ok(())
	}

	/// The first block at which `grant`'s redemption window is closed.
	fn redemption_closes(grant: &Grant<T>) -> BlockNumberFor<T> {
		grant.expires.saturating_add(T::RedemptionWindow::get())
	}

	/// How far back a weight history can matter: the longest a grant stays open for
	/// redemption after its purchase.
	fn history_horizon() -> BlockNumberFor<T> {
		T::MaxAccessDuration::get().saturating_add(T::RedemptionWindow::get())
	}

	/// What `items` counted items earn under `grant`: (the member's part, the co-op's part).
	/// The gross is `price * items / total_weight` and the co-op's part its `revenue_share`,
	/// both rounded down, so neither grows faster than the items and the sum over all members
	/// never exceeds the price.
	fn earnings(
		grant: &Grant<T>,
		escrow: &Escrow<BalanceOf<T>>,
		items: PoolWeight,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		let gross = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
			grant.price.saturated_into::<u128>(),
			u128::from(items),
			grant.total_weight,
			Rounding::Down,
		)
		.ok_or(ArithmeticError::Overflow)?;
		let gross: BalanceOf<T> = gross.saturated_into();
		let to_treasury = escrow.revenue_share.mul_floor(gross);
		Ok((gross.saturating_sub(to_treasury), to_treasury))
	}

	/// `member`'s weight in the pool of `offer` as the purchase of grant `grant` saw it, or
	/// less (never more): from their weight history, or their position if it never changed.
	pub fn weight_at(offer: OfferId, member: &T::AccountId, grant: GrantId) -> PoolWeight {
		let history = WeightHistory::<T>::get(offer, member);
		if history.is_empty() {
			return Positions::<T>::get(offer, member).map_or(0, |p| p.weight);
		}
		history
			.iter()
			.rev()
			.find(|(from, _, _)| *from <= grant)
			.map_or(0, |(_, _, w)| *w)
	}

	/// Record that `member`'s weight in `offer` changes from `old` to `new` now: grants sold
	/// from now on (ids from `NextGrantId`) see `new`. Entries no open grant can need are
	/// dropped; when the history is full its two oldest entries merge at their minimum.
	fn record_weight_change(
		offer: OfferId,
		member: &T::AccountId,
		old: PoolWeight,
		new: PoolWeight,
	) {
		let now = frame_system::Pallet::<T>::block_number();
		let from = NextGrantId::<T>::get();
		let horizon = now.saturating_sub(Self::history_horizon());
		WeightHistory::<T>::mutate(offer, member, |bounded| {
			let mut history = core::mem::take(bounded).into_inner();
			if history.is_empty() && old > 0 {
				// A position from before histories were kept, unchanged since.
				history.push((0, Zero::zero(), old));
			}
			// Grants bought before a change at or before the horizon are all closed: the
			// entries before that change serve none.
			while history.get(1).is_some_and(|(_, changed, _)| *changed <= horizon) {
				history.remove(0);
			}
			match history.last_mut() {
				// No grant sold since the last change: it never saw that weight.
				Some(last) if last.0 == from => *last = (from, now, new),
				_ => {
					let max = <MaxWeightHistory as Get<u32>>::get() as usize;
					while history.len() >= max {
						// Merge the two oldest at their minimum: never above the true weight.
						let Some(second) = history.get(1).copied() else { break };
						history.remove(1);
						if let Some(first) = history.first_mut() {
							first.2 = first.2.min(second.2);
						}
					}
					history.push((from, now, new));
				},
			}
			*bounded = BoundedVec::truncate_from(history);
		});
	}

	/// See the view function [`Pallet::grant_covers`].
	pub fn grant_covers_member(
		grant: GrantId,
		member: &T::AccountId,
		category: CategoryCode,
		at: BlockNumberFor<T>,
	) -> bool {
		let Some(record) = Grants::<T>::get(grant) else { return false };
		let Some(offer) = Offers::<T>::get(record.offer) else { return false };
		let grantee = Grantee::Offer(record.offer);
		at < record.expires
			&& offer.categories.binary_search(&category).is_ok()
			&& T::Consent::covers(
				member, record.coop, &grantee, offer.purpose, category, record.purchased_at,
			) && T::Consent::covers(member, record.coop, &grantee, offer.purpose, category, at)
	}

	/// `categories` sorted, each accepted by `known`, no repeats, within the bound.
	fn checked_categories(
		categories: Vec<CategoryCode>,
		known: impl Fn(CategoryCode) -> bool,
	) -> Result<BoundedVec<CategoryCode, T::MaxCategories>, DispatchError> {
		checked_categories(categories, known)
			.map_err(|e| match e {
				CategoriesError::Empty => Error::<T>::NoCategories,
				CategoriesError::TooMany => Error::<T>::TooManyCategories,
				CategoriesError::Unknown => Error::<T>::UnknownCategory,
				CategoriesError::Duplicate => Error::<T>::DuplicateCategory,
			})
			.map_err(Into::into)
	}

	/// Bring `position`'s earnings up to the pool's current `acc`. Rounds down.
	fn settle(pool: &PoolOf<T>, position: &mut PositionOf<T>) -> DispatchResult {
		let growth = pool.acc.saturating_sub(position.acc_at);
		let earned = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
			u128::from(position.weight),
			growth,
			ACC_SCALE,
			Rounding::Down,
		)
		.ok_or(ArithmeticError::Overflow)?;
		position.owed = position.owed.saturating_add(earned.saturated_into());
		position.acc_at = pool.acc;
		Ok(())
	}

	/// `member`'s weight in `offer` from their consent and commitments now.
	fn current_weight(offer: OfferId, record: &Offer<T>, member: &T::AccountId) -> PoolWeight {
		let now = frame_system::Pallet::<T>::block_number();
		let grantee = Grantee::Offer(offer);
		record
			.categories
			.iter()
			.filter(|c| T::Consent::covers(member, record.coop, &grantee, record.purpose, **c, now))
			.map(|c| PoolWeight::from(T::Consent::committed_items(record.coop, member, *c)))
			.fold(0, |sum: PoolWeight, items| sum.saturating_add(items))
	}

	/// Bring `member`'s place in the pool of `offer` up to date with their consent and
	/// commitments: earnings so far are settled at the old weight first.
	pub fn refresh(offer: OfferId, member: &T::AccountId) -> DispatchResult {
		let Some(record) = Offers::<T>::get(offer) else { return Ok(()) };
		let weight = Self::current_weight(offer, &record, member);
		let mut pool = Pools::<T>::get(offer);
		let mut position = Positions::<T>::get(offer, member).unwrap_or_default();
		if position.weight == weight {
			return Ok(());
		}
		Self::settle(&pool, &mut position)?;
		Self::record_weight_change(offer, member, position.weight, weight);
		pool.total_weight = pool
			.total_weight
			.saturating_sub(u128::from(position.weight))
			.saturating_add(u128::from(weight));
		match (position.weight, weight) {
			(0, _) => pool.contributors.saturating_inc(),
			(_, 0) => pool.contributors.saturating_dec(),
			_ => {},
		}
		position.weight = weight;
		if position.weight == 0 && position.owed.is_zero() {
			Positions::<T>::remove(offer, member);
		} else {
			Positions::<T>::insert(offer, member, position);
		}
		Pools::<T>::insert(offer, pool);
		Self::deposit_event(Event::WeightChanged { offer, member: member.clone(), weight });
		Ok(())
	}
}

impl<T: Config> AccessOffers for Pallet<T> {
	fn offer_scope(offer: OfferId) -> Option<OfferScope> {
		Offers::<T>::get(offer).map(|o| OfferScope { coop: o.coop, purpose: o.purpose })
	}

	fn offer_includes(offer: OfferId, category: CategoryCode) -> bool {
		Offers::<T>::get(offer).is_some_and(|o| o.categories.binary_search(&category).is_ok())
	}
}

impl<T: Config> OnConsentChange<T::AccountId> for Pallet<T> {
	fn on_consent_change(_coop: CoopId, member: &T::AccountId, offer: OfferId) -> Weight {
		// Settling can only fail on an overflow of an amount no chain reaches; the member's
		// consent change must go through regardless, so the old weight then stays.
		let _ = Self::refresh(offer, member);
		Self::max_weight()
	}

	fn max_weight() -> Weight {
		// With the weight history's read and write, which the last measured run predates.
		T::WeightInfo::refresh(T::MaxCategories::get())
			.saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
}
