//! # Bylaws Pallet
//!
//! ## Overview
//!
//! A data co-op governs itself under bylaws its members agreed on. The bylaws document stays off
//! chain; this pallet keeps, for every co-op, **every version** of its bylaws: the document
//! reference (a blake2-256 hash or a CID), the parameters the document sets on chain, the
//! proposal that enacted it and the block. Nothing is overwritten: version `n + 1` is added
//! beside version `n`, and the current version number moves.
//!
//! ## Terminology
//!
//! - **Parameters** ([`BylawsParams`]): quorum, approval threshold, the higher thresholds for
//!   amending the bylaws and for expelling a member, voting period, admission policy, the co-op's
//!   share of revenue, and an optional member limit.
//! - **Co-op origin**: the collective decision of a co-op, produced by `pallet-governance` when a
//!   proposal carries. It says which raised thresholds the proposal met.
//!
//! ## Interface
//!
//! ### The co-op (through its collective origin)
//! - [`Pallet::amend`]: adopt a new version. Only a decision that met the **amendment**
//!   threshold may amend; governance applies the threshold of the bylaws in force when the
//!   proposal opened.
//!
//! ### Other pallets (through [`CoopBylaws`])
//! - `current`: version and parameters in force; `validate`: check parameters;
//!   `adopt_founding`: record version 1 when a co-op is founded.
//!
//! ### Clients
//! - View functions `current_bylaws(coop)` and `bylaws_version(coop, version)`.

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

pub use datacoop_primitives::coop::{
	AdmissionPolicy, BylawsParams, BylawsVersion, CoopBylaws, CoopDecision, CoopId, DocumentRef,
	ProposalId, Vocabulary, MAX_DOCUMENT_REF_LEN, MAX_VOCABULARY,
};
pub use types::*;
pub use weights::WeightInfo;

use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;

/// Creates co-op origins for benchmarks: the real origin comes from `pallet-governance`.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<RuntimeOrigin> {
	/// An origin carrying a decision of `coop` that met the amendment threshold.
	fn amendment_origin(coop: CoopId) -> RuntimeOrigin;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The storage layout version: 1 added the minimum voting time and the membership
	/// maturity to every stored version's parameters, 2 the cap on items per commitment
	/// ([`crate::migrations`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// A co-op's collective decision.
		type CoopOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = CoopDecision<Self::AccountId>>;

		/// Shortest voting period bylaws may set, in blocks.
		#[pallet::constant]
		type MinVotingPeriod: Get<BlockNumberFor<Self>>;

		/// Longest voting period bylaws may set, in blocks.
		#[pallet::constant]
		type MaxVotingPeriod: Get<BlockNumberFor<Self>>;

		/// Most vouches an invitation policy may require.
		#[pallet::constant]
		type MaxVouches: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Builds co-op origins for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::RuntimeOrigin>;
	}

	/// Every version of every co-op's bylaws.
	#[pallet::storage]
	pub type Versions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CoopId,
		Twox64Concat,
		BylawsVersion,
		BylawsRecord<BlockNumberFor<T>>,
	>;

	/// The version in force for each co-op.
	#[pallet::storage]
	pub type Current<T: Config> = StorageMap<_, Twox64Concat, CoopId, BylawsVersion>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A co-op was founded with these bylaws (version 1).
		BylawsAdopted { coop: CoopId, document: DocumentRef },
		/// A co-op amended its bylaws by vote.
		BylawsAmended {
			coop: CoopId,
			version: BylawsVersion,
			proposal: ProposalId,
			document: DocumentRef,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The co-op has no bylaws: it does not exist.
		UnknownCoop,
		/// The co-op already has founding bylaws.
		AlreadyFounded,
		/// The decision did not meet the amendment threshold: only an amendment vote may amend.
		NotAnAmendmentDecision,
		/// A threshold (quorum, approval, amendment, expulsion) must be above 0% and at most 100%.
		ThresholdOutOfRange,
		/// The amendment and expulsion thresholds must be at least the ordinary approval.
		RaisedThresholdBelowApproval,
		/// The voting period is shorter than `MinVotingPeriod` or longer than `MaxVotingPeriod`.
		VotingPeriodOutOfRange,
		/// The minimum voting time is longer than the voting period.
		MinVotingPeriodTooLong,
		/// The membership maturity is longer than `MaxVotingPeriod`.
		MaturityTooLong,
		/// An invitation policy must require between 1 and `MaxVouches` vouches.
		VouchesOutOfRange,
		/// A member limit must allow at least one member.
		/// A cap on items per commitment must allow at least one item.
		ItemCapTooLow,
		MemberLimitTooLow,
		/// The vocabulary must define at least one purpose and one category, and at most
		/// `MAX_VOCABULARY` of each.
		VocabularyOutOfRange,
		/// The document reference is empty.
		EmptyDocument,
		/// The co-op has amended its bylaws `u32::MAX` times.
		TooManyVersions,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adopt a new version of the co-op's bylaws.
		///
		/// The origin must be the co-op's collective decision, taken with the amendment
		/// threshold. The old versions stay on chain.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::amend())]
		pub fn amend(
			origin: OriginFor<T>,
			document: DocumentRef,
			params: BylawsParams<BlockNumberFor<T>>,
		) -> DispatchResult {
			let decision = T::CoopOrigin::ensure_origin(origin)?;
			ensure!(decision.scope.amends_bylaws, Error::<T>::NotAnAmendmentDecision);
			let coop = decision.coop;
			let current = Current::<T>::get(coop).ok_or(Error::<T>::UnknownCoop)?;
			Self::check(&params)?;
			ensure!(!document.is_empty(), Error::<T>::EmptyDocument);
			let version = current.checked_add(1).ok_or(Error::<T>::TooManyVersions)?;

			Versions::<T>::insert(
				coop,
				version,
				BylawsRecord {
					document: document.clone(),
					params,
					enacted_by: Some(decision.proposal),
					enacted_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			Current::<T>::insert(coop, version);
			Self::deposit_event(Event::BylawsAmended {
				coop,
				version,
				proposal: decision.proposal,
				document,
			});
			Ok(())
		}
	}

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// Longest document reference (hash or CID) in bytes.
		#[pallet::constant_name(MaxDocumentLen)]
		fn max_document_len() -> u32 {
			MAX_DOCUMENT_REF_LEN
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Version number and record of the bylaws of `coop` in force now.
		pub fn current_bylaws(
			coop: CoopId,
		) -> Option<(BylawsVersion, BylawsRecord<BlockNumberFor<T>>)> {
			let version = Current::<T>::get(coop)?;
			Versions::<T>::get(coop, version).map(|record| (version, record))
		}

		/// Any past or present version of the bylaws of `coop`.
		pub fn bylaws_version(
			coop: CoopId,
			version: BylawsVersion,
		) -> Option<BylawsRecord<BlockNumberFor<T>>> {
			Versions::<T>::get(coop, version)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Parameters within the bounds the chain accepts.
	pub fn check(params: &BylawsParams<BlockNumberFor<T>>) -> DispatchResult {
		for threshold in
			[params.quorum, params.approval, params.amendment_approval, params.expulsion_approval]
		{
			ensure!(!threshold.is_zero(), Error::<T>::ThresholdOutOfRange);
		}
		ensure!(
			params.amendment_approval >= params.approval
				&& params.expulsion_approval >= params.approval,
			Error::<T>::RaisedThresholdBelowApproval
		);
		ensure!(
			params.voting_period >= T::MinVotingPeriod::get()
				&& params.voting_period <= T::MaxVotingPeriod::get(),
			Error::<T>::VotingPeriodOutOfRange
		);
		ensure!(
			params.min_voting_period <= params.voting_period,
			Error::<T>::MinVotingPeriodTooLong
		);
		ensure!(
			params.membership_maturity <= T::MaxVotingPeriod::get(),
			Error::<T>::MaturityTooLong
		);
		if let AdmissionPolicy::Invitation { vouches } = params.admission {
			ensure!(vouches >= 1 && vouches <= T::MaxVouches::get(), Error::<T>::VouchesOutOfRange);
		}
		if let Some(limit) = params.max_members {
			ensure!(limit >= 1, Error::<T>::MemberLimitTooLow);
		}
		if let Some(cap) = params.max_items_per_commitment {
			ensure!(cap >= 1, Error::<T>::ItemCapTooLow);
		}
		let vocabulary = params.vocabulary;
		ensure!(
			(1..=MAX_VOCABULARY).contains(&vocabulary.purposes)
				&& (1..=MAX_VOCABULARY).contains(&vocabulary.categories),
			Error::<T>::VocabularyOutOfRange
		);
		// `revenue_share` is a `Perbill`: every value from 0% to 100% is meaningful.
		Ok(())
	}
}

impl<T: Config> CoopBylaws<BlockNumberFor<T>> for Pallet<T> {
	fn current(coop: CoopId) -> Option<(BylawsVersion, BylawsParams<BlockNumberFor<T>>)> {
		Self::current_bylaws(coop).map(|(version, record)| (version, record.params))
	}

	fn validate(params: &BylawsParams<BlockNumberFor<T>>) -> DispatchResult {
		Self::check(params)
	}

	fn adopt_founding(
		coop: CoopId,
		document: DocumentRef,
		params: BylawsParams<BlockNumberFor<T>>,
	) -> DispatchResult {
		ensure!(!Current::<T>::contains_key(coop), Error::<T>::AlreadyFounded);
		Self::check(&params)?;
		ensure!(!document.is_empty(), Error::<T>::EmptyDocument);
		Versions::<T>::insert(
			coop,
			1,
			BylawsRecord {
				document: document.clone(),
				params,
				enacted_by: None,
				enacted_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Current::<T>::insert(coop, 1);
		Self::deposit_event(Event::BylawsAdopted { coop, document });
		Ok(())
	}
}
