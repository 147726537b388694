//! # Consent Pallet
//!
//! ## Overview
//!
//! Who may use a member's data, for what, until when; and commitments to the data members keep
//! in their own stores. Raw data never comes here: the chain keeps the consent terms, the hash of
//! the full consent receipt the member's store keeps, and a Merkle root per data category.
//!
//! A consent follows ISO/IEC TS 27560 and the Kantara consent receipt: the **controller** is the
//! co-op it is given through, the **grantee** is one buyer or the buyers of one access offer of
//! that co-op, the **purpose** and the **data categories** are codes from the vocabulary the
//! co-op's bylaws define, and the **state** is given, withdrawn or expired.
//!
//! - **Withdrawal cannot be blocked**: it needs nothing but the member's signature, works
//!   whether or not they are still a member, and takes effect in the block it is in.
//! - **Expiry needs no one to act**: a consent does not cover anything from its expiry block on,
//!   exactly the block the member asked for, and the chain marks it expired at the start of that
//!   block and takes it out of the counts. Nobody can make an expiry fail or move: when more
//!   consents end in one block than the chain marks per block, the rest are marked in the next
//!   blocks, and until then they still cover nothing.
//! - **Leaving the co-op withdraws** every consent given through it.
//! - **Every change is a new version**: the record keeps its history; events say who gave,
//!   changed or withdrew what, and the block says when.
//!
//! ## Terminology
//!
//! - **Live consent**: given, not withdrawn, and before its expiry.
//! - **Pool size**: the number of members with a live consent for a (co-op, grantee, purpose,
//!   category), kept as consents come and go, so a buyer sees it in one read. A member has at
//!   most one live consent per (co-op, grantee, purpose), so this counts members, not records.
//! - **Commitment**: per member and category, a Merkle root over salted item hashes with the
//!   item count and byte size. When the store deletes the salts, the root no longer says anything
//!   about the data (erasure by crypto-shredding).
//! - **Deposit**: a member holds `ConsentDeposit` per consent record (with its history) and
//!   `CommitmentDeposit` per commitment, released when the member removes them, or paid to
//!   whoever reports a commitment its own store's listing shows to be inflated.
//!
//! ## Interface
//!
//! ### Members
//! - [`Pallet::give`]: give consent through a co-op one is a member of.
//! - [`Pallet::update`]: change the categories, expiry or receipt of a live consent (a new
//!   version).
//! - [`Pallet::withdraw`]: withdraw a consent, at once, always.
//! - [`Pallet::remove`]: delete a withdrawn or expired consent and its history; the deposit
//!   comes back.
//! - [`Pallet::commit`]: register or update the commitment to one category of data.
//! - [`Pallet::remove_commitment`]: remove it; the deposit comes back.
//!
//! ### Anyone
//! - [`Pallet::report_commitment`]: report a commitment that declares more items than the
//!   member's own store lists under it, with the store's signed listing as evidence: the
//!   commitment is removed and its deposit goes to the reporter.
//!
//! ### Anyone (reads)
//! - [`Pallet::covers`] and [`Pallet::pool_size`]: as view functions, through
//!   `ConsentApi`, and through [`ConsentInspect`] for other pallets.

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
pub mod migrations;
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
		AccessOffers, CategoryCode, ConsentId, ConsentInspect, Grantee, OfferId, OfferScope,
		OnConsentChange, PurposeCode,
	},
	coop::{AdmissionSeq, CoopBylaws, CoopId, CoopMembership, OnMemberLeft, Vocabulary},
};
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{IdentifyAccount, Saturating, Verify, Zero};

/// Most (block, page) steps the expiry cursor takes in one block. While it is behind it catches
/// up this many blocks per block; in step with the chain it takes one or two.
pub const EXPIRY_CURSOR_STEPS: u32 = 32;

/// Most empty pages taking a consent off a block's schedule drops from the end of its count.
pub const EXPIRY_TRIM_STEPS: u32 = 4;

/// Balance type of the currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A store address of runtime `T`.
pub type StoreAddressOf<T> = StoreAddress<BalanceOf<T>>;

/// A store address as a call takes it.
pub type StoreAddressBytes = BoundedVec<u8, ConstU32<MAX_STORE_ADDRESS_LEN>>;

/// A commitment of runtime `T`.
pub type CommitmentOf<T> =
	Commitment<BlockNumberFor<T>, <T as frame_system::Config>::Hash, BalanceOf<T>>;

/// Sets up a co-op member for benchmarks, through the runtime's co-op pallets.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Signature> {
	/// A new co-op whose vocabulary has at least `categories` categories and one purpose, with
	/// `member` as a member, funded for a thousand deposits.
	fn coop_with_member(member: &AccountId, categories: u16) -> CoopId;
	/// An account that can sign store listings (the same for every call).
	fn listing_signer() -> AccountId;
	/// `listing_signer`'s signature on `message`.
	fn sign_listing(message: &[u8]) -> Signature;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The on-chain storage version: 1 since the expiry schedule has pages.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A consent record and its history.
		Consent,
		/// A data commitment.
		Commitment,
		/// The address of the member's data store.
		StoreAddress,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Who is a member of which co-op.
		type Membership: CoopMembership<Self::AccountId>;

		/// The bylaws in force, which define each co-op's vocabulary.
		type Bylaws: CoopBylaws<BlockNumberFor<Self>>;

		/// Access offers that consents may name as grantee.
		type Offers: AccessOffers;

		/// Told when a member's contribution to an offer may have changed (the market's royalty
		/// weights follow it).
		type OnChange: OnConsentChange<Self::AccountId>;

		/// Held from the member for each consent record and its history.
		#[pallet::constant]
		type ConsentDeposit: Get<BalanceOf<Self>>;

		/// Held from the member for each data commitment.
		#[pallet::constant]
		type CommitmentDeposit: Get<BalanceOf<Self>>;

		/// Most data categories in one consent.
		#[pallet::constant]
		type MaxCategories: Get<u32>;

		/// Most versions one consent's history keeps, the final withdrawal or expiry included.
		#[pallet::constant]
		type MaxVersions: Get<u32>;

		/// Most live consents one member has through one co-op.
		#[pallet::constant]
		type MaxLiveConsents: Get<u32>;

		/// Consents per page of a block's expiry schedule. A block has as many pages as the
		/// consents ending in it need.
		#[pallet::constant]
		type ExpiryPageSize: Get<u32>;

		/// Most pages of due expiries the chain marks at the start of a block: when more are
		/// due, the rest wait for the next blocks, oldest first.
		#[pallet::constant]
		type ExpiryPagesPerBlock: Get<u32>;

		/// A member's signature on their store's listing (see [`listing_payload`]).
		type OffchainSignature: Verify<Signer = Self::SigningPublicKey> + Parameter;

		/// The key that signs listings, identifying the member's account.
		type SigningPublicKey: IdentifyAccount<AccountId = Self::AccountId>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up co-op members for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::OffchainSignature>;
	}

	/// Number the next consent of each member gets.
	#[pallet::storage]
	pub type NextConsentId<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ConsentId, ValueQuery>;

	/// Consents, by member and number: the latest version and state.
	#[pallet::storage]
	pub type Consents<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		ConsentId,
		ConsentRecord<T>,
	>;

	/// Every version of every consent: the audit trail.
	#[pallet::storage]
	pub type History<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, ConsentId>,
			NMapKey<Twox64Concat, ConsentVersion>,
		),
		ConsentChange<T>,
	>;

	/// The live consent of a member for a (co-op, grantee, purpose), if any.
	#[pallet::storage]
	pub type LiveIndex<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, CoopId>,
			NMapKey<Blake2_128Concat, Grantee<T::AccountId>>,
			NMapKey<Twox64Concat, PurposeCode>,
		),
		ConsentId,
	>;

	/// A member's live consents through a co-op, withdrawn together when they leave it.
	#[pallet::storage]
	pub type LiveInCoop<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CoopId,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<ConsentId, T::MaxLiveConsents>,
		ValueQuery,
	>;

	/// Members with a live consent for (co-op, grantee, purpose, category).
	#[pallet::storage]
	pub type PoolSize<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, CoopId>,
			NMapKey<Blake2_128Concat, Grantee<T::AccountId>>,
			NMapKey<Twox64Concat, PurposeCode>,
			NMapKey<Twox64Concat, CategoryCode>,
		),
		u32,
		ValueQuery,
	>;

	/// Consents that expire at the start of each block: the first page of its schedule.
	#[pallet::storage]
	pub type Expiries<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<(T::AccountId, ConsentId), T::ExpiryPageSize>,
		ValueQuery,
	>;

	/// The further pages of a block's expiry schedule, numbered from 1, when more than a page
	/// of consents end in it.
	#[pallet::storage]
	pub type ExpiryOverflow<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		Twox64Concat,
		u32,
		BoundedVec<(T::AccountId, ConsentId), T::ExpiryPageSize>,
		ValueQuery,
	>;

	/// The number of further pages each block's expiry schedule has had (pages emptied by
	/// withdrawals stay counted until the block is marked).
	#[pallet::storage]
	pub type ExpiryPages<T: Config> =
		StorageMap<_, Twox64Concat, BlockNumberFor<T>, u32, ValueQuery>;

	/// The page of its block's schedule a consent's expiry is on, when it is not the first.
	/// Part of the consent record its deposit pays for.
	#[pallet::storage]
	pub type ExpiryPageOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ConsentId, u32>;

	/// The next (block, page) of expiries to mark. Never after the current block's first page
	/// before `on_initialize`; `None` until the first block is marked.
	#[pallet::storage]
	pub type ExpiryCursor<T: Config> = StorageValue<_, (BlockNumberFor<T>, u32), OptionQuery>;

	/// Data commitments, by co-op, member and category.
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, CoopId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, CategoryCode>,
		),
		CommitmentOf<T>,
	>;

	/// Where each member's data store can be reached (a libp2p multiaddr with its peer id).
	#[pallet::storage]
	pub type StoreAddresses<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, StoreAddressOf<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `member` gave consent `consent` through `coop`.
		ConsentGiven {
			member: T::AccountId,
			consent: ConsentId,
			coop: CoopId,
			grantee: Grantee<T::AccountId>,
			purpose: PurposeCode,
			categories: BoundedVec<CategoryCode, T::MaxCategories>,
			expires: Option<BlockNumberFor<T>>,
		},
		/// `member` changed consent `consent`; this is its version `version`.
		ConsentUpdated {
			member: T::AccountId,
			consent: ConsentId,
			version: ConsentVersion,
			categories: BoundedVec<CategoryCode, T::MaxCategories>,
			expires: Option<BlockNumberFor<T>>,
		},
		/// Consent `consent` of `member` was withdrawn (by the member, or because they left).
		ConsentWithdrawn { member: T::AccountId, consent: ConsentId, coop: CoopId },
		/// Consent `consent` of `member` reached its expiry.
		ConsentExpired { member: T::AccountId, consent: ConsentId, coop: CoopId },
		/// `member` deleted the record of an ended consent and its history.
		ConsentRemoved { member: T::AccountId, consent: ConsentId },
		/// `member` registered or updated the commitment to their data of `category`.
		DataCommitted {
			member: T::AccountId,
			coop: CoopId,
			category: CategoryCode,
			root: T::Hash,
			items: u32,
			bytes: u64,
		},
		/// `member` removed their commitment for `category`.
		CommitmentRemoved { member: T::AccountId, coop: CoopId, category: CategoryCode },
		/// `reporter` showed that `member`'s store lists `listed` items under the commitment for
		/// `category`, which declared `committed`: the commitment is removed and its `deposit`
		/// went to `reporter`.
		CommitmentReported {
			member: T::AccountId,
			coop: CoopId,
			category: CategoryCode,
			reporter: T::AccountId,
			listed: u32,
			committed: u32,
			deposit: BalanceOf<T>,
		},
		/// `member` registered or changed the address of their data store.
		StoreAddressSet { member: T::AccountId, address: StoreAddressBytes },
		/// `member` removed the address of their data store.
		StoreAddressCleared { member: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// There is no co-op with this id.
		UnknownCoop,
		/// The caller is not a member of the co-op.
		NotMember,
		/// The caller has not been a member for the bylaws' membership maturity yet: consents
		/// to an offer, which count towards its minimum of contributors, wait until then.
		NotMature,
		/// The purpose code is not in the co-op's vocabulary.
		UnknownPurpose,
		/// A category code is not in the co-op's vocabulary.
		UnknownCategory,
		/// A consent must name at least one category.
		NoCategories,
		/// A category is named twice.
		DuplicateCategory,
		/// More categories than `MaxCategories`.
		TooManyCategories,
		/// There is no offer with this id.
		UnknownOffer,
		/// The offer belongs to another co-op.
		OfferOfOtherCoop,
		/// The offer is for another purpose.
		PurposeNotOffered,
		/// The offer does not include one of the categories.
		CategoryNotOffered,
		/// The member already has a live consent for this grantee and purpose in this co-op:
		/// update it instead.
		AlreadyConsented,
		/// The expiry must be after the current block.
		ExpiryInPast,
		/// The member already has `MaxLiveConsents` live consents through this co-op.
		TooManyConsents,
		/// The caller has no consent with this number.
		UnknownConsent,
		/// The consent is already withdrawn or expired.
		NotLive,
		/// A live consent cannot be removed: withdraw it first.
		StillLive,
		/// The consent has changed `MaxVersions - 1` times: withdraw it and give a new one.
		TooManyVersions,
		/// A commitment must cover at least one item.
		EmptyCommitment,
		/// The commitment declares more items than the co-op's bylaws let one commitment count
		/// (`max_items_per_commitment`).
		TooManyItems,
		/// The caller (or the member reported) has no commitment for this category.
		NoCommitment,
		/// The listing shows as many items as the commitment declares, or more: nothing to
		/// report.
		ListingNotShort,
		/// The listing is not the member's signature for this chain, co-op, category, the
		/// commitment's current root and the items it names.
		BadListing,
		/// A store address is a multiaddr in text form: it starts with `/` and is printable
		/// ASCII.
		BadStoreAddress,
		/// The caller has no store address registered.
		NoStoreAddress,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Mark the consents whose expiry is due expired and take them out of the counts: those
		/// ending at `now`, and any an earlier block had no room for, at most
		/// `ExpiryPagesPerBlock` pages.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::mark_due_expiries(now)
		}

		fn integrity_test() {
			assert!(T::ExpiryPageSize::get() > 0, "an expiry page holds at least one consent");
			assert!(T::ExpiryPagesPerBlock::get() > 0, "each block marks at least one page");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Give consent, through `coop`, for `grantee` to use the caller's data of `categories`
		/// for `purpose`, until block `expires` (exclusive) or until withdrawn. `receipt` is the
		/// hash of the full consent receipt the caller's store keeps.
		///
		/// The caller must be a member of `coop`; purpose and categories must be codes of its
		/// vocabulary; an offer named as grantee must be the co-op's, for this purpose, and
		/// include every category. Holds `ConsentDeposit`.
		///
		/// ## Complexity
		/// O(c), c = number of categories (at most `MaxCategories`); O(1) in members and
		/// consents.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::give(T::MaxCategories::get()).saturating_add(T::OnChange::max_weight()).saturating_add(Pallet::<T>::late_expiry_weight()))]
		pub fn give(
			origin: OriginFor<T>,
			coop: CoopId,
			grantee: Grantee<T::AccountId>,
			purpose: PurposeCode,
			categories: Vec<CategoryCode>,
			expires: Option<BlockNumberFor<T>>,
			receipt: T::Hash,
		) -> DispatchResultWithPostInfo {
			let member = ensure_signed(origin)?;
			let vocabulary = Self::vocabulary_for(coop, &member)?;
			ensure!(vocabulary.has_purpose(purpose), Error::<T>::UnknownPurpose);
			let categories = Self::checked_categories(&vocabulary, categories)?;
			Self::check_grantee(coop, &grantee, purpose, &categories)?;
			// Fresh accounts must not make an offer's pool look big enough to sell.
			if matches!(grantee, Grantee::Offer(_)) {
				ensure!(T::Membership::is_mature(coop, &member), Error::<T>::NotMature);
			}
			let now = frame_system::Pallet::<T>::block_number();
			// A consent whose expiry passed but is not marked yet no longer stands in the way.
			let mut hook = Weight::zero();
			if let Some(previous) = LiveIndex::<T>::get((&member, coop, &grantee, purpose)) {
				let (record, marked) = Self::live_or_expired(&member, previous, now)?;
				ensure!(record.state != ConsentState::Given, Error::<T>::AlreadyConsented);
				hook.saturating_accrue(marked);
			}
			if let Some(asked) = expires {
				ensure!(asked > now, Error::<T>::ExpiryInPast);
			}
			let id = NextConsentId::<T>::get(&member);
			let next = id.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?;
			let mut live = LiveInCoop::<T>::get(coop, &member);
			live.try_push(id).map_err(|_| Error::<T>::TooManyConsents)?;
			let deposit = T::ConsentDeposit::get();
			T::Currency::hold(&HoldReason::Consent.into(), &member, deposit)?;

			let c = categories.len() as u32;
			for category in categories.iter() {
				PoolSize::<T>::mutate((coop, &grantee, purpose, category), |n| n.saturating_inc());
			}
			if let Some(end) = expires {
				Self::schedule_expiry(end, &member, id)?;
			}
			let terms = ConsentTerms::<T> { categories: categories.clone(), expires, receipt };
			History::<T>::insert(
				(&member, id, 1),
				ConsentChange::<T> { terms: terms.clone(), state: ConsentState::Given, at: now },
			);
			Consents::<T>::insert(
				&member,
				id,
				ConsentRecord::<T> {
					coop,
					grantee: grantee.clone(),
					purpose,
					terms,
					state: ConsentState::Given,
					version: 1,
					given_at: now,
					deposit,
				},
			);
			LiveIndex::<T>::insert((&member, coop, &grantee, purpose), id);
			LiveInCoop::<T>::insert(coop, &member, live);
			NextConsentId::<T>::insert(&member, next);
			hook.saturating_accrue(Self::notify(coop, &member, &grantee));
			Self::deposit_event(Event::ConsentGiven {
				member,
				consent: id,
				coop,
				grantee,
				purpose,
				categories,
				expires,
			});
			Ok(Some(T::WeightInfo::give(c).saturating_add(hook)).into())
		}

		/// Change the categories, expiry or receipt of the caller's live consent `consent`. The
		/// change is a new version; the old one stays in the history.
		///
		/// ## Complexity
		/// O(c), c = categories before or after, whichever is more (at most `MaxCategories`).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update(T::MaxCategories::get()).saturating_add(T::OnChange::max_weight()))]
		pub fn update(
			origin: OriginFor<T>,
			consent: ConsentId,
			categories: Vec<CategoryCode>,
			expires: Option<BlockNumberFor<T>>,
			receipt: T::Hash,
		) -> DispatchResultWithPostInfo {
			let member = ensure_signed(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			let (mut record, _) = Self::live_or_expired(&member, consent, now)?;
			ensure!(record.state == ConsentState::Given, Error::<T>::NotLive);
			let (coop, purpose) = (record.coop, record.purpose);
			let vocabulary = Self::vocabulary_for(coop, &member)?;
			let categories = Self::checked_categories(&vocabulary, categories)?;
			Self::check_grantee(coop, &record.grantee, purpose, &categories)?;
			ensure!(
				record.version < T::MaxVersions::get().saturating_sub(1),
				Error::<T>::TooManyVersions
			);
			let old = record.terms.clone();
			if let Some(asked) = expires.filter(|asked| Some(*asked) != old.expires) {
				ensure!(asked > now, Error::<T>::ExpiryInPast);
			}

			if expires != old.expires {
				if let Some(end) = old.expires {
					Self::unschedule_expiry(end, &member, consent);
				}
				if let Some(end) = expires {
					Self::schedule_expiry(end, &member, consent)?;
				}
			}
			let grantee = &record.grantee;
			for category in old.categories.iter().filter(|c| categories.binary_search(c).is_err()) {
				Self::uncount(coop, grantee, purpose, *category);
			}
			for category in categories.iter().filter(|c| old.categories.binary_search(c).is_err()) {
				PoolSize::<T>::mutate((coop, grantee, purpose, category), |n| n.saturating_inc());
			}
			let c = old.categories.len().max(categories.len()) as u32;
			record.version.saturating_inc();
			record.terms = ConsentTerms::<T> { categories: categories.clone(), expires, receipt };
			History::<T>::insert(
				(&member, consent, record.version),
				ConsentChange::<T> {
					terms: record.terms.clone(),
					state: ConsentState::Given,
					at: now,
				},
			);
			let version = record.version;
			let grantee = record.grantee.clone();
			Consents::<T>::insert(&member, consent, record);
			let hook = Self::notify(coop, &member, &grantee);
			Self::deposit_event(Event::ConsentUpdated {
				member,
				consent,
				version,
				categories,
				expires,
			});
			Ok(Some(T::WeightInfo::update(c).saturating_add(hook)).into())
		}

		/// Withdraw the caller's consent `consent`, from this block on. Nobody can stop this:
		/// it needs no membership, no funds beyond the fee, and no one else's agreement.
		///
		/// ## Complexity
		/// O(c), c = categories of the consent.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw(T::MaxCategories::get()).saturating_add(T::OnChange::max_weight()))]
		pub fn withdraw(origin: OriginFor<T>, consent: ConsentId) -> DispatchResultWithPostInfo {
			let member = ensure_signed(origin)?;
			let at = frame_system::Pallet::<T>::block_number();
			let (record, _) = Self::live_or_expired(&member, consent, at)?;
			ensure!(record.state == ConsentState::Given, Error::<T>::NotLive);
			let (coop, c) = (record.coop, record.terms.categories.len() as u32);
			let hook = Self::end(&member, consent, record, ConsentState::Withdrawn { at });
			Self::deposit_event(Event::ConsentWithdrawn { member, consent, coop });
			Ok(Some(T::WeightInfo::withdraw(c).saturating_add(hook)).into())
		}

		/// Delete the caller's withdrawn or expired consent `consent` with its history, and
		/// release its deposit. The events of its life stay in the chain's history.
		///
		/// ## Complexity
		/// O(v), v = versions kept (at most `MaxVersions`).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove(T::MaxVersions::get()).saturating_add(Pallet::<T>::late_expiry_weight()))]
		pub fn remove(origin: OriginFor<T>, consent: ConsentId) -> DispatchResultWithPostInfo {
			let member = ensure_signed(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			let (record, marked) = Self::live_or_expired(&member, consent, now)?;
			ensure!(record.state != ConsentState::Given, Error::<T>::StillLive);
			let _ = History::<T>::clear_prefix((&member, consent), T::MaxVersions::get(), None);
			Consents::<T>::remove(&member, consent);
			T::Currency::release(
				&HoldReason::Consent.into(),
				&member,
				record.deposit,
				Precision::BestEffort,
			)?;
			Self::deposit_event(Event::ConsentRemoved { member, consent });
			Ok(Some(T::WeightInfo::remove(record.version).saturating_add(marked)).into())
		}

		/// Register, or replace, the caller's commitment to their data of `category` in `coop`:
		/// the Merkle `root` over salted item hashes, the number of `items` and their total
		/// `bytes`. The first commitment for a category holds `CommitmentDeposit`.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::commit_weight())]
		pub fn commit(
			origin: OriginFor<T>,
			coop: CoopId,
			category: CategoryCode,
			root: T::Hash,
			items: u32,
			bytes: u64,
		) -> DispatchResultWithPostInfo {
			let member = ensure_signed(origin)?;
			let (_, bylaws) = T::Bylaws::current(coop).ok_or(Error::<T>::UnknownCoop)?;
			ensure!(T::Membership::is_member(coop, &member), Error::<T>::NotMember);
			ensure!(bylaws.vocabulary.has_category(category), Error::<T>::UnknownCategory);
			ensure!(items > 0, Error::<T>::EmptyCommitment);
			ensure!(
				bylaws.max_items_per_commitment.is_none_or(|cap| items <= cap),
				Error::<T>::TooManyItems
			);
			let deposit = match Commitments::<T>::get((coop, &member, category)) {
				Some(existing) => existing.deposit,
				None => {
					let deposit = T::CommitmentDeposit::get();
					T::Currency::hold(&HoldReason::Commitment.into(), &member, deposit)?;
					deposit
				},
			};
			let updated_at = frame_system::Pallet::<T>::block_number();
			Commitments::<T>::insert(
				(coop, &member, category),
				Commitment { root, items, bytes, updated_at, deposit },
			);
			let hook = Self::notify_commitment(coop, &member, category);
			Self::deposit_event(Event::DataCommitted {
				member,
				coop,
				category,
				root,
				items,
				bytes,
			});
			Ok(Some(T::WeightInfo::commit().saturating_add(hook)).into())
		}

		/// Remove the caller's commitment for `category` in `coop` and release its deposit.
		/// Works also after leaving the co-op.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_commitment().saturating_add(Pallet::<T>::commitment_change_weight()))]
		pub fn remove_commitment(
			origin: OriginFor<T>,
			coop: CoopId,
			category: CategoryCode,
		) -> DispatchResultWithPostInfo {
			let member = ensure_signed(origin)?;
			let commitment = Commitments::<T>::take((coop, &member, category))
				.ok_or(Error::<T>::NoCommitment)?;
			T::Currency::release(
				&HoldReason::Commitment.into(),
				&member,
				commitment.deposit,
				Precision::BestEffort,
			)?;
			let hook = Self::notify_commitment(coop, &member, category);
			Self::deposit_event(Event::CommitmentRemoved { member, coop, category });
			Ok(Some(T::WeightInfo::remove_commitment().saturating_add(hook)).into())
		}

		/// Report `member`'s commitment for `category` in `coop` as inflated: `signature` is the
		/// member's signature over [`listing_payload`] for this chain, the commitment's current
		/// root and `listed`, which the member's store gives with every list it answers. When
		/// `listed` is below the items the commitment declares, the member's own store has shown
		/// it holds less than the member declared: the commitment is removed (it counts in no
		/// pool from now on) and its deposit goes to the caller, who found it; a report that
		/// holds pays no fee. A listing for another root says nothing about the commitment now
		/// and is refused. (A store signs only under a root its own items add up to, which binds
		/// their count: a listing under a root is short of every commitment to that root that
		/// declares more than the root's items, whenever it is made.)
		///
		/// ## Complexity
		/// O(1), and what telling the market about the change costs (as for `commit`).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::report_commitment().saturating_add(Pallet::<T>::commitment_change_weight()))]
		pub fn report_commitment(
			origin: OriginFor<T>,
			member: T::AccountId,
			coop: CoopId,
			category: CategoryCode,
			listed: u32,
			signature: T::OffchainSignature,
		) -> DispatchResultWithPostInfo {
			let reporter = ensure_signed(origin)?;
			let commitment =
				Commitments::<T>::get((coop, &member, category)).ok_or(Error::<T>::NoCommitment)?;
			ensure!(listed < commitment.items, Error::<T>::ListingNotShort);
			let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
			let payload =
				listing_payload(&genesis, coop, &member, category, &commitment.root, listed);
			ensure!(signature.verify(&payload[..], &member), Error::<T>::BadListing);

			Commitments::<T>::remove((coop, &member, category));
			let reason = HoldReason::Commitment.into();
			let deposit = if reporter == member {
				T::Currency::release(&reason, &member, commitment.deposit, Precision::BestEffort)?
			} else {
				T::Currency::transfer_on_hold(
					&reason,
					&member,
					&reporter,
					commitment.deposit,
					Precision::BestEffort,
					Restriction::Free,
					Fortitude::Force,
				)?
			};
			let hook = Self::notify_commitment(coop, &member, category);
			Self::deposit_event(Event::CommitmentReported {
				member,
				coop,
				category,
				reporter,
				listed,
				committed: commitment.items,
				deposit,
			});
			// A report that holds costs the reporter nothing; one that fails pays its fee.
			Ok(frame_support::dispatch::PostDispatchInfo {
				actual_weight: Some(T::WeightInfo::report_commitment().saturating_add(hook)),
				pays_fee: Pays::No,
			})
		}

		/// Register, or change, where the caller's data store can be reached: a libp2p
		/// multiaddr in text form ending in `/p2p/<peer id>`. Buyers holding a grant look it up
		/// to fetch the data the caller consented to. The first registration holds
		/// `CommitmentDeposit`.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_store_address())]
		pub fn set_store_address(
			origin: OriginFor<T>,
			address: StoreAddressBytes,
		) -> DispatchResult {
			let member = ensure_signed(origin)?;
			ensure!(
				address.first() == Some(&b'/') && address.iter().all(|b| b.is_ascii_graphic()),
				Error::<T>::BadStoreAddress
			);
			let deposit = match StoreAddresses::<T>::get(&member) {
				Some(existing) => existing.deposit,
				None => {
					let deposit = T::CommitmentDeposit::get();
					T::Currency::hold(&HoldReason::StoreAddress.into(), &member, deposit)?;
					deposit
				},
			};
			StoreAddresses::<T>::insert(
				&member,
				StoreAddress { address: address.clone(), deposit },
			);
			Self::deposit_event(Event::StoreAddressSet { member, address });
			Ok(())
		}

		/// Remove the caller's store address and release its deposit.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::clear_store_address())]
		pub fn clear_store_address(origin: OriginFor<T>) -> DispatchResult {
			let member = ensure_signed(origin)?;
			let record = StoreAddresses::<T>::take(&member).ok_or(Error::<T>::NoStoreAddress)?;
			T::Currency::release(
				&HoldReason::StoreAddress.into(),
				&member,
				record.deposit,
				Precision::BestEffort,
			)?;
			Self::deposit_event(Event::StoreAddressCleared { member });
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Whether `member`'s live consent in `coop` covers `grantee`, `purpose` and `category`
		/// at block `at`.
		pub fn covers(
			member: T::AccountId,
			coop: CoopId,
			grantee: Grantee<T::AccountId>,
			purpose: PurposeCode,
			category: CategoryCode,
			at: BlockNumberFor<T>,
		) -> bool {
			Self::consent_covers(&member, coop, &grantee, purpose, category, at)
		}

		/// Members with a live consent for `grantee`, `purpose` and `category` in `coop`.
		pub fn pool_size(
			coop: CoopId,
			grantee: Grantee<T::AccountId>,
			purpose: PurposeCode,
			category: CategoryCode,
		) -> u32 {
			PoolSize::<T>::get((coop, grantee, purpose, category))
		}

		/// Consent `consent` of `member`, as it stands.
		pub fn consent(member: T::AccountId, consent: ConsentId) -> Option<ConsentRecord<T>> {
			Consents::<T>::get(member, consent)
		}

		/// The commitment of `member` for `category` in `coop`.
		pub fn commitment(
			coop: CoopId,
			member: T::AccountId,
			category: CategoryCode,
		) -> Option<CommitmentOf<T>> {
			Commitments::<T>::get((coop, member, category))
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Whether `member`'s live consent in `coop` covers `grantee`, `purpose` and `category` at
	/// block `at`. O(1): one index read and one record read.
	pub fn consent_covers(
		member: &T::AccountId,
		coop: CoopId,
		grantee: &Grantee<T::AccountId>,
		purpose: PurposeCode,
		category: CategoryCode,
		at: BlockNumberFor<T>,
	) -> bool {
		LiveIndex::<T>::get((member, coop, grantee, purpose))
			.and_then(|id| Consents::<T>::get(member, id))
			.is_some_and(|record| {
				record.given_at <= at
					&& record.is_live_at(at)
					&& record.terms.categories.binary_search(&category).is_ok()
			})
	}

	/// The vocabulary of `coop`, if `member` is one of its members.
	fn vocabulary_for(coop: CoopId, member: &T::AccountId) -> Result<Vocabulary, DispatchError> {
		let (_, bylaws) = T::Bylaws::current(coop).ok_or(Error::<T>::UnknownCoop)?;
		ensure!(T::Membership::is_member(coop, member), Error::<T>::NotMember);
		Ok(bylaws.vocabulary)
	}

	/// `categories` sorted, checked against the vocabulary and the bound.
	fn checked_categories(
		vocabulary: &Vocabulary,
		categories: Vec<CategoryCode>,
	) -> Result<BoundedVec<CategoryCode, T::MaxCategories>, DispatchError> {
		checked_categories(categories, |c| vocabulary.has_category(c))
			.map_err(|e| match e {
				CategoriesError::Empty => Error::<T>::NoCategories,
				CategoriesError::TooMany => Error::<T>::TooManyCategories,
				CategoriesError::Unknown => Error::<T>::UnknownCategory,
				CategoriesError::Duplicate => Error::<T>::DuplicateCategory,
			})
			.map_err(Into::into)
	}

	/// An offer named as grantee must be `coop`'s, for `purpose`, with every category.
	fn check_grantee(
		coop: CoopId,
		grantee: &Grantee<T::AccountId>,
		purpose: PurposeCode,
		categories: &[CategoryCode],
	) -> DispatchResult {
		if let Grantee::Offer(offer) = grantee {
			let scope = T::Offers::offer_scope(*offer).ok_or(Error::<T>::UnknownOffer)?;
			ensure!(scope.coop == coop, Error::<T>::OfferOfOtherCoop);
			ensure!(scope.purpose == purpose, Error::<T>::PurposeNotOffered);
			ensure!(
				categories.iter().all(|c| T::Offers::offer_includes(*offer, *c)),
				Error::<T>::CategoryNotOffered
			);
		}
		Ok(())
	}

	/// Put consent `id` of `member` on the expiry schedule of block `at`: on its first page if
	/// that has room, else on its last page, or a new one. Never fails for lack of room.
	fn schedule_expiry(
		at: BlockNumberFor<T>,
		member: &T::AccountId,
		id: ConsentId,
	) -> DispatchResult {
		let room = T::ExpiryPageSize::get() as usize;
		let entry = (member.clone(), id);
		if Expiries::<T>::decode_len(at).unwrap_or(0) < room {
			return Expiries::<T>::try_mutate(at, |due| due.try_push(entry))
				.map_err(|_| sp_runtime::ArithmeticError::Overflow.into());
		}
		let last = ExpiryPages::<T>::get(at);
		let page = if last > 0 && ExpiryOverflow::<T>::decode_len(at, last).unwrap_or(0) < room {
			last
		} else {
			let page = last.checked_add(1).ok_or(sp_runtime::ArithmeticError::Overflow)?;
			ExpiryPages::<T>::insert(at, page);
			page
		};
		ExpiryOverflow::<T>::try_mutate(at, page, |due| due.try_push(entry))
			.map_err(|_| sp_runtime::ArithmeticError::Overflow)?;
		ExpiryPageOf::<T>::insert(member, id, page);
		Ok(())
	}

	/// Take consent `id` of `member` off the expiry schedule of block `at`.
	fn unschedule_expiry(at: BlockNumberFor<T>, member: &T::AccountId, id: ConsentId) {
		let keep = |due: &mut BoundedVec<(T::AccountId, ConsentId), T::ExpiryPageSize>| {
			due.retain(|(who, i)| !(who == member && *i == id));
		};
		match ExpiryPageOf::<T>::take(member, id) {
			None => Expiries::<T>::mutate_exists(at, |maybe| {
				if let Some(due) = maybe {
					keep(due);
					if due.is_empty() {
						*maybe = None;
					}
				}
			}),
			Some(page) => {
				ExpiryOverflow::<T>::mutate_exists(at, page, |maybe| {
					if let Some(due) = maybe {
						keep(due);
						if due.is_empty() {
							*maybe = None;
						}
					}
				});
				Self::trim_expiry_pages(at);
			},
		}
	}

	/// Drop the empty pages at the end of block `at`'s schedule from its count, at most
	/// [`EXPIRY_TRIM_STEPS`] of them, so that pages everyone left cost nothing and the cursor
	/// does not step over them.
	fn trim_expiry_pages(at: BlockNumberFor<T>) {
		let mut last = ExpiryPages::<T>::get(at);
		for _ in 0..EXPIRY_TRIM_STEPS {
			if last == 0 || ExpiryOverflow::<T>::contains_key(at, last) {
				break;
			}
			last.saturating_dec();
		}
		if last == 0 {
			ExpiryPages::<T>::remove(at);
		} else {
			ExpiryPages::<T>::insert(at, last);
		}
	}

	/// Mark due expiries from the cursor on, oldest first: every page of every block up to
	/// `now`, at most `ExpiryPagesPerBlock` pages with consents on them and
	/// [`EXPIRY_CURSOR_STEPS`] pages in all. Returns the weight used.
	pub(crate) fn mark_due_expiries(now: BlockNumberFor<T>) -> Weight {
		let (mut at, mut page) = ExpiryCursor::<T>::get().unwrap_or((now, 0));
		let mut pages = T::ExpiryPagesPerBlock::get();
		let (mut steps, mut marked) = (0u32, 0u32);
		let mut hooks = Weight::zero();
		while at <= now && pages > 0 && steps < EXPIRY_CURSOR_STEPS {
			steps.saturating_inc();
			let due = match page {
				0 => Expiries::<T>::take(at),
				_ => ExpiryOverflow::<T>::take(at, page),
			};
			if !due.is_empty() {
				pages.saturating_dec();
			}
			for (member, id) in due {
				if page > 0 {
					ExpiryPageOf::<T>::remove(&member, id);
				}
				let Some(record) = Consents::<T>::get(&member, id) else { continue };
				if record.state == ConsentState::Given && record.terms.expires == Some(at) {
					marked.saturating_inc();
					let coop = record.coop;
					let expired = ConsentState::Expired { at };
					hooks.saturating_accrue(Self::end(&member, id, record, expired));
					Self::deposit_event(Event::ConsentExpired { member, consent: id, coop });
				}
			}
			if page < ExpiryPages::<T>::get(at) {
				page.saturating_inc();
			} else {
				ExpiryPages::<T>::remove(at);
				at.saturating_inc();
				page = 0;
			}
		}
		ExpiryCursor::<T>::put((at, page));
		T::WeightInfo::expire(marked).saturating_add(hooks).saturating_add(
			T::DbWeight::get().reads_writes(
				u64::from(steps).saturating_mul(2).saturating_add(1),
				u64::from(steps).saturating_mul(2).saturating_add(1),
			),
		)
	}

	/// Consent `id` of `member`; if it is given but its expiry has passed unmarked (the blocks
	/// had no room to mark it yet), it is marked expired first. Also returns the weight that
	/// marking used, the market's update included.
	fn live_or_expired(
		member: &T::AccountId,
		id: ConsentId,
		now: BlockNumberFor<T>,
	) -> Result<(ConsentRecord<T>, Weight), DispatchError> {
		let record = Consents::<T>::get(member, id).ok_or(Error::<T>::UnknownConsent)?;
		match record.terms.expires {
			Some(end) if record.state == ConsentState::Given && end <= now => {
				let coop = record.coop;
				let hook = Self::end(member, id, record, ConsentState::Expired { at: end });
				Self::deposit_event(Event::ConsentExpired {
					member: member.clone(),
					consent: id,
					coop,
				});
				let record = Consents::<T>::get(member, id).ok_or(Error::<T>::UnknownConsent)?;
				Ok((record, T::WeightInfo::expire(1).saturating_add(hook)))
			},
			_ => Ok((record, Weight::zero())),
		}
	}

	/// Whether every expiry due by block `now` is marked: the cursor is past `now` (or no
	/// block was marked yet, when nothing can be due).
	pub fn expiries_marked_by(now: BlockNumberFor<T>) -> bool {
		ExpiryCursor::<T>::get().is_none_or(|(at, _)| at > now)
	}

	/// Most extra weight a call spends marking one consent whose expiry passed unmarked.
	fn late_expiry_weight() -> Weight {
		T::WeightInfo::expire(1).saturating_add(T::OnChange::max_weight())
	}

	fn uncount(
		coop: CoopId,
		grantee: &Grantee<T::AccountId>,
		purpose: PurposeCode,
		category: CategoryCode,
	) {
		PoolSize::<T>::mutate_exists((coop, grantee, purpose, category), |n| {
			let left = n.unwrap_or(0).saturating_sub(1);
			*n = (left > 0).then_some(left);
		});
	}

	/// End a live consent: out of the counts and indexes, a final version in its history.
	fn end(
		member: &T::AccountId,
		id: ConsentId,
		mut record: ConsentRecord<T>,
		state: ConsentState<BlockNumberFor<T>>,
	) -> Weight {
		let (coop, purpose) = (record.coop, record.purpose);
		for category in record.terms.categories.iter() {
			Self::uncount(coop, &record.grantee, purpose, *category);
		}
		if let Some(end) = record.terms.expires {
			Self::unschedule_expiry(end, member, id);
		}
		LiveIndex::<T>::remove((member, coop, &record.grantee, purpose));
		LiveInCoop::<T>::mutate_exists(coop, member, |maybe| {
			if let Some(live) = maybe {
				live.retain(|i| *i != id);
				if live.is_empty() {
					*maybe = None;
				}
			}
		});
		let at = frame_system::Pallet::<T>::block_number();
		// `update` leaves room for this final version, so the history never overflows.
		record.version.saturating_inc();
		record.state = state;
		History::<T>::insert(
			(member, id, record.version),
			ConsentChange::<T> { terms: record.terms.clone(), state, at },
		);
		let grantee = record.grantee.clone();
		Consents::<T>::insert(member, id, record);
		// Told after the record is stored, so the market reads the new state.
		Self::notify(coop, member, &grantee)
	}

	/// Tell the market that `member`'s contribution to an offer may have changed.
	fn notify(coop: CoopId, member: &T::AccountId, grantee: &Grantee<T::AccountId>) -> Weight {
		match grantee {
			Grantee::Offer(offer) => T::OnChange::on_consent_change(coop, member, *offer),
			Grantee::Buyer(_) => Weight::zero(),
		}
	}

	/// After a commitment changed: tell the market about every offer the member's live
	/// consents in `coop` cover `category` for.
	fn notify_commitment(coop: CoopId, member: &T::AccountId, category: CategoryCode) -> Weight {
		let mut weight = Weight::zero();
		for id in LiveInCoop::<T>::get(coop, member).iter() {
			weight.saturating_accrue(T::DbWeight::get().reads(1));
			let Some(record) = Consents::<T>::get(member, id) else { continue };
			if record.terms.categories.binary_search(&category).is_ok() {
				weight.saturating_accrue(Self::notify(coop, member, &record.grantee));
			}
		}
		weight
	}

	/// Most weight a commitment change spends telling the market: every live consent read, each
	/// one an offer's.
	fn commitment_change_weight() -> Weight {
		let live = u64::from(T::MaxLiveConsents::get());
		T::DbWeight::get()
			.reads(live.saturating_add(1))
			.saturating_add(T::OnChange::max_weight().saturating_mul(live))
	}

	fn commit_weight() -> Weight {
		T::WeightInfo::commit().saturating_add(Self::commitment_change_weight())
	}
}

impl<T: Config> OnMemberLeft<T::AccountId> for Pallet<T> {
	/// Withdraw every live consent the member gave through the co-op.
	fn on_member_left(coop: CoopId, who: &T::AccountId, _: AdmissionSeq) -> Weight {
		let live = LiveInCoop::<T>::get(coop, who);
		let at = frame_system::Pallet::<T>::block_number();
		let mut weight = T::WeightInfo::on_member_left(live.len() as u32);
		for id in live.iter() {
			if let Some(record) = Consents::<T>::get(who, id) {
				if record.state == ConsentState::Given {
					// One whose expiry passed unmarked ended then, not now.
					let state = match record.terms.expires {
						Some(end) if end <= at => ConsentState::Expired { at: end },
						_ => ConsentState::Withdrawn { at },
					};
					let hook = Self::end(who, *id, record, state);
					weight.saturating_accrue(hook);
					let (member, consent) = (who.clone(), *id);
					Self::deposit_event(match state {
						ConsentState::Expired { .. } => {
							Event::ConsentExpired { member, consent, coop }
						},
						_ => Event::ConsentWithdrawn { member, consent, coop },
					});
				}
			}
		}
		weight
	}

	fn max_weight() -> Weight {
		T::WeightInfo::on_member_left(T::MaxLiveConsents::get()).saturating_add(
			T::OnChange::max_weight().saturating_mul(u64::from(T::MaxLiveConsents::get())),
		)
	}
}

impl<T: Config> ConsentInspect<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn covers(
		member: &T::AccountId,
		coop: CoopId,
		grantee: &Grantee<T::AccountId>,
		purpose: PurposeCode,
		category: CategoryCode,
		at: BlockNumberFor<T>,
	) -> bool {
		Self::consent_covers(member, coop, grantee, purpose, category, at)
	}

	fn expiries_marked(now: BlockNumberFor<T>) -> bool {
		Self::expiries_marked_by(now)
	}

	fn pool_size(
		coop: CoopId,
		grantee: &Grantee<T::AccountId>,
		purpose: PurposeCode,
		category: CategoryCode,
	) -> u32 {
		PoolSize::<T>::get((coop, grantee, purpose, category))
	}

	fn committed_items(coop: CoopId, member: &T::AccountId, category: CategoryCode) -> u32 {
		Commitments::<T>::get((coop, member, category)).map_or(0, |c| c.items)
	}
}
