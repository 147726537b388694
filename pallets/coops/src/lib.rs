//! # Co-ops Pallet
//!
//! ## Overview
//!
//! Data co-ops and their members. Many co-ops live on one chain; each has its own account (its
//! treasury) derived from its id. People join as the co-op's bylaws allow, and **can always
//! leave**: nothing the co-op does can stop a member from leaving. The co-op as a whole acts
//! through its collective origin (a decision of `pallet-governance`): it admits applicants,
//! expels members (only with the expulsion threshold) and spends from its treasury.
//!
//! Built for a million members per co-op: members live in a map, never in a vector; the member
//! count is kept as members come and go; every call is O(1) in the number of members.
//!
//! ## Terminology
//!
//! - **Admission number**: every admission to a co-op gets the next number. Governance lets
//!   only members admitted before a proposal opened vote on it, with one comparison.
//! - **Admission policy** (from the bylaws): `Open` (join at once), `Vote` (apply, then the co-op
//!   admits by proposal) or `Invitation { vouches }` (apply, then that many members vouch).
//! - **Deposit**: a member (or applicant) holds `MemberDeposit` while their record is stored;
//!   the founder holds `FoundingDeposit` for the co-op plus a member deposit for each founding
//!   member. Every deposit is released when its record is removed.
//!
//! ## Interface
//!
//! ### Anyone
//! - [`Pallet::found`]: found a co-op with founding members and bylaws version 1.
//! - [`Pallet::join`]: join a co-op whose bylaws say `Open`.
//! - [`Pallet::apply`] / [`Pallet::withdraw_application`]: ask to join a `Vote` or `Invitation`
//!   co-op, or take it back.
//!
//! ### Members
//! - [`Pallet::vouch`]: vouch for an applicant of an `Invitation` co-op.
//! - [`Pallet::leave`]: leave, always; the deposit comes back.
//!
//! ### The co-op (collective origin)
//! - [`Pallet::admit`] / [`Pallet::reject_application`]: decide on an application.
//! - [`Pallet::expel`]: expel a member, only with a decision that met the expulsion threshold.
//! - [`Pallet::spend`]: pay from the co-op's treasury.

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
	AdmissionPolicy, AdmissionSeq, BylawsParams, CoopBylaws, CoopDecision, CoopId, CoopMembership,
	DocumentRef, OnMemberLeft, ProposalId,
};
pub use types::*;
pub use weights::WeightInfo;

use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::{Precision, Preservation},
	},
	PalletId,
};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{AccountIdConversion, CheckedDiv, Saturating, Zero};

/// Balance type of the currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A co-op of runtime `T`.
pub type CoopInfoFor<T> =
	CoopInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// A membership of runtime `T`.
pub type MembershipFor<T> =
	Membership<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// A co-op to found at genesis: founder, the other founding members, bylaws document reference
/// and parameters.
pub type GenesisCoop<T> = (
	<T as frame_system::Config>::AccountId,
	alloc::vec::Vec<<T as frame_system::Config>::AccountId>,
	DocumentRef,
	BylawsParams<BlockNumberFor<T>>,
);

/// Creates co-op origins for benchmarks: the real origin comes from `pallet-governance`.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<RuntimeOrigin, AccountId, BlockNumber> {
	/// An origin carrying a decision of `coop` proposed by `proposer`, that met the expulsion
	/// threshold.
	fn coop_origin(coop: CoopId, proposer: AccountId) -> RuntimeOrigin;
	/// Bylaws parameters the runtime's bylaws accept, with admission policy `admission`.
	fn bylaws(admission: AdmissionPolicy) -> BylawsParams<BlockNumber>;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The storage layout version: 1 repaired what double admissions left ([`crate::migrations`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The founding deposit of a co-op.
		CoopFounding,
		/// The deposit of a membership or an application.
		Membership,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency deposits are held in and the treasury pays in.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// A co-op's collective decision.
		type CoopOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = CoopDecision<Self::AccountId>>;

		/// The bylaws of each co-op: checks and records founding bylaws, and says the admission
		/// policy and member limit in force.
		type Bylaws: CoopBylaws<BlockNumberFor<Self>>;

		/// Told when a member leaves or is expelled (governance drops their votes, consent
		/// withdraws their consents).
		type OnMemberLeft: OnMemberLeft<Self::AccountId>;

		/// Where co-op accounts are derived from.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Held from the founder for as long as the co-op exists.
		#[pallet::constant]
		type FoundingDeposit: Get<BalanceOf<Self>>;

		/// Held for each membership or application record.
		#[pallet::constant]
		type MemberDeposit: Get<BalanceOf<Self>>;

		/// Most founding members besides the founder.
		#[pallet::constant]
		type MaxFoundingMembers: Get<u32>;

		/// Most vouches an application can gather (the bylaws' limit).
		#[pallet::constant]
		type MaxVouches: Get<u32>;

		/// Most cohorts of not-yet-mature members a co-op keeps: each cohort's window is the
		/// bylaws' membership maturity divided by one less than this, so the cost of finding
		/// who may vote stays constant whatever the number of members.
		#[pallet::constant]
		type MaxCohorts: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Builds co-op origins for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<
			Self::RuntimeOrigin,
			Self::AccountId,
			BlockNumberFor<Self>,
		>;
	}

	/// Id the next co-op gets.
	#[pallet::storage]
	pub type NextCoopId<T> = StorageValue<_, CoopId, ValueQuery>;

	/// Every co-op.
	#[pallet::storage]
	pub type CoopInfoOf<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CoopId,
		CoopInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
	>;

	/// Every membership, by co-op and member.
	#[pallet::storage]
	pub type Members<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CoopId,
		Blake2_128Concat,
		T::AccountId,
		Membership<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
	>;

	/// The cohorts of members of each co-op who are not yet mature, oldest first (see
	/// [`Cohort`]). Empty when every member is mature.
	#[pallet::storage]
	pub type Maturing<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CoopId,
		BoundedVec<Cohort<BlockNumberFor<T>>, T::MaxCohorts>,
		ValueQuery,
	>;

	/// Pending applications, by co-op and applicant.
	#[pallet::storage]
	pub type Applications<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CoopId,
		Blake2_128Concat,
		T::AccountId,
		Application<BalanceOf<T>, BlockNumberFor<T>>,
	>;

	/// Who vouched for whom: (co-op, applicant, voucher).
	#[pallet::storage]
	pub type Vouches<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, CoopId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		(),
	>;

	/// Co-ops founded at genesis: founder, the other founding members, bylaws document
	/// reference and parameters. Deposits are held from the founder as with [`Pallet::found`].
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		pub coops: alloc::vec::Vec<GenesisCoop<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		// A genesis that cannot be built must not become a chain: failing loudly is the point.
		#[allow(clippy::panic)]
		fn build(&self) {
			for (founder, members, document, params) in &self.coops {
				let members = BoundedVec::try_from(members.clone())
					.unwrap_or_else(|_| panic!("genesis co-op has too many founding members"));
				if let Err(error) = Pallet::<T>::found(
					frame_system::RawOrigin::Signed(founder.clone()).into(),
					members,
					document.clone(),
					params.clone(),
				) {
					panic!("genesis co-op cannot be founded: {error:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A co-op was founded.
		CoopFounded { coop: CoopId, founder: T::AccountId, account: T::AccountId, members: u32 },
		/// Someone joined an open co-op.
		MemberJoined { coop: CoopId, who: T::AccountId },
		/// Someone applied to join.
		Applied { coop: CoopId, who: T::AccountId },
		/// An applicant took their application back.
		ApplicationWithdrawn { coop: CoopId, who: T::AccountId },
		/// The co-op turned an application down.
		ApplicationRejected { coop: CoopId, who: T::AccountId, proposal: ProposalId },
		/// A member vouched for an applicant.
		Vouched { coop: CoopId, applicant: T::AccountId, voucher: T::AccountId, vouches: u32 },
		/// An applicant became a member.
		MemberAdmitted { coop: CoopId, who: T::AccountId, by: AdmittedBy },
		/// A member left.
		MemberLeft { coop: CoopId, who: T::AccountId },
		/// The co-op expelled a member.
		MemberExpelled { coop: CoopId, who: T::AccountId, proposal: ProposalId },
		/// The co-op paid from its treasury.
		TreasurySpent { coop: CoopId, to: T::AccountId, amount: BalanceOf<T>, proposal: ProposalId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No co-op has this id.
		UnknownCoop,
		/// Already a member of this co-op.
		AlreadyMember,
		/// Not a member of this co-op.
		NotMember,
		/// Already applied to this co-op.
		AlreadyApplied,
		/// No application from this account.
		NoApplication,
		/// The co-op's bylaws do not admit people without an application: apply instead.
		NotOpen,
		/// The co-op's bylaws admit anyone: join instead of applying.
		OpenCoop,
		/// The co-op does not admit by invitation, so vouches do not count.
		NotByInvitation,
		/// This member already vouched for this applicant.
		AlreadyVouched,
		/// The co-op has as many members as its bylaws allow.
		CoopFull,
		/// A founding member is listed twice, or is the founder.
		DuplicateFoundingMember,
		/// A proposal cannot expel its own proposer: leave instead.
		CannotExpelSelf,
		/// The decision did not meet the expulsion threshold.
		NotAnExpulsionDecision,
		/// No more co-op ids.
		TooManyCoops,
		/// Admission numbers of this co-op are exhausted.
		TooManyAdmissions,
		/// Not a member for the bylaws' membership maturity yet.
		NotMature,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Found a co-op with `members` (besides the caller, who is the first member) under
		/// bylaws `document` with `params`.
		///
		/// The caller holds `FoundingDeposit` plus `MemberDeposit` for each founding member.
		///
		/// ## Complexity
		/// O(m), m = number of founding members (at most `MaxFoundingMembers`).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::found(members.len() as u32))]
		pub fn found(
			origin: OriginFor<T>,
			members: BoundedVec<T::AccountId, T::MaxFoundingMembers>,
			document: DocumentRef,
			params: BylawsParams<BlockNumberFor<T>>,
		) -> DispatchResult {
			let founder = ensure_signed(origin)?;
			let mut all = alloc::vec::Vec::with_capacity(members.len().saturating_add(1));
			all.push(founder.clone());
			for member in members {
				ensure!(!all.contains(&member), Error::<T>::DuplicateFoundingMember);
				all.push(member);
			}
			let count = all.len() as u32;
			if let Some(limit) = params.max_members {
				ensure!(count <= limit, Error::<T>::CoopFull);
			}

			let coop = NextCoopId::<T>::get();
			let next = coop.checked_add(1).ok_or(Error::<T>::TooManyCoops)?;
			T::Bylaws::adopt_founding(coop, document, params)?;

			let deposit = T::FoundingDeposit::get();
			T::Currency::hold(&HoldReason::CoopFounding.into(), &founder, deposit)?;
			// One hold for all founding memberships; each record still names its own share.
			let member_deposit = T::MemberDeposit::get();
			T::Currency::hold(
				&HoldReason::Membership.into(),
				&founder,
				member_deposit.saturating_mul(count.into()),
			)?;
			let now = frame_system::Pallet::<T>::block_number();
			for (admission, member) in (0..).zip(all) {
				Members::<T>::insert(
					coop,
					member,
					Membership {
						admission,
						since: now,
						depositor: founder.clone(),
						deposit: member_deposit,
					},
				);
			}
			CoopInfoOf::<T>::insert(
				coop,
				CoopInfo {
					founder: founder.clone(),
					deposit,
					members: count,
					next_admission: AdmissionSeq::from(count),
					founded_at: now,
				},
			);
			NextCoopId::<T>::put(next);
			Self::deposit_event(Event::CoopFounded {
				coop,
				founder,
				account: Self::account_of(coop),
				members: count,
			});
			Ok(())
		}

		/// Join co-op `coop`, whose bylaws admit anyone. Holds `MemberDeposit`.
		///
		/// ## Complexity
		/// O(1), plus O(u) when an application from before the co-op opened is dropped, u = its
		/// vouches (at most `MaxVouches`), which are cleared.
		#[pallet::call_index(1)]
		#[pallet::weight(
			T::WeightInfo::join()
				// A leftover application is dropped, and the maturity cohorts are updated.
				.saturating_add(T::WeightInfo::withdraw_application(T::MaxVouches::get()))
				.saturating_add(T::DbWeight::get().reads_writes(1, 1))
		)]
		pub fn join(origin: OriginFor<T>, coop: CoopId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let params = Self::bylaws_of(coop)?;
			ensure!(params.admission == AdmissionPolicy::Open, Error::<T>::NotOpen);
			ensure!(!Members::<T>::contains_key(coop, &who), Error::<T>::AlreadyMember);
			// An application left from before the co-op opened its door is answered by joining:
			// it goes, and its deposit with it, so it can never admit the member a second time.
			if Applications::<T>::contains_key(coop, &who) {
				Self::drop_application(coop, &who)?;
			}
			let deposit = T::MemberDeposit::get();
			T::Currency::hold(&HoldReason::Membership.into(), &who, deposit)?;
			Self::add_member(coop, &who, &params, deposit)?;
			Self::deposit_event(Event::MemberJoined { coop, who });
			Ok(())
		}

		/// Apply to join co-op `coop`, whose bylaws admit by vote or invitation. Holds
		/// `MemberDeposit`, which becomes the membership deposit on admission.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::apply())]
		pub fn apply(origin: OriginFor<T>, coop: CoopId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let params = Self::bylaws_of(coop)?;
			ensure!(params.admission != AdmissionPolicy::Open, Error::<T>::OpenCoop);
			ensure!(!Members::<T>::contains_key(coop, &who), Error::<T>::AlreadyMember);
			ensure!(!Applications::<T>::contains_key(coop, &who), Error::<T>::AlreadyApplied);
			let deposit = T::MemberDeposit::get();
			T::Currency::hold(&HoldReason::Membership.into(), &who, deposit)?;
			Applications::<T>::insert(
				coop,
				&who,
				Application {
					vouches: 0,
					deposit,
					since: frame_system::Pallet::<T>::block_number(),
				},
			);
			Self::deposit_event(Event::Applied { coop, who });
			Ok(())
		}

		/// Take back an application; the deposit is released.
		///
		/// ## Complexity
		/// O(v), v = vouches gathered (at most `MaxVouches`).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_application(T::MaxVouches::get()))]
		pub fn withdraw_application(
			origin: OriginFor<T>,
			coop: CoopId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let vouches = Self::drop_application(coop, &who)?;
			Self::deposit_event(Event::ApplicationWithdrawn { coop, who });
			Ok(Some(T::WeightInfo::withdraw_application(vouches)).into())
		}

		/// Vouch for `applicant` of co-op `coop`, which admits by invitation. When the bylaws'
		/// number of vouches is reached, the applicant is admitted.
		///
		/// ## Complexity
		/// O(v) when the vouch admits (its vouch records are removed), O(1) otherwise.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::vouch(T::MaxVouches::get()).saturating_add(T::DbWeight::get().reads_writes(3, 1)))]
		pub fn vouch(
			origin: OriginFor<T>,
			coop: CoopId,
			applicant: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let voucher = ensure_signed(origin)?;
			let params = Self::bylaws_of(coop)?;
			let AdmissionPolicy::Invitation { vouches: needed } = params.admission else {
				return Err(Error::<T>::NotByInvitation.into());
			};
			ensure!(Members::<T>::contains_key(coop, &voucher), Error::<T>::NotMember);
			// Vouching admits: newcomers must not vouch each other in before they are mature.
			ensure!(
				<Self as CoopMembership<T::AccountId>>::is_mature(coop, &voucher),
				Error::<T>::NotMature
			);
			let mut application =
				Applications::<T>::get(coop, &applicant).ok_or(Error::<T>::NoApplication)?;
			ensure!(
				!Vouches::<T>::contains_key((coop, &applicant, &voucher)),
				Error::<T>::AlreadyVouched
			);
			application.vouches = application.vouches.saturating_add(1);
			let vouches = application.vouches;
			Self::deposit_event(Event::Vouched {
				coop,
				applicant: applicant.clone(),
				voucher: voucher.clone(),
				vouches,
			});
			if vouches >= needed {
				Self::admit_applicant(coop, &applicant, &params, AdmittedBy::Vouches)?;
				Ok(Some(T::WeightInfo::vouch(vouches)).into())
			} else {
				Vouches::<T>::insert((coop, &applicant, &voucher), ());
				Applications::<T>::insert(coop, &applicant, application);
				Ok(Some(T::WeightInfo::vouch(0)).into())
			}
		}

		/// Admit `applicant`, by decision of the co-op.
		///
		/// ## Complexity
		/// O(v), v = vouches the application gathered (at most `MaxVouches`).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::admit(T::MaxVouches::get()).saturating_add(T::DbWeight::get().reads_writes(1, 1)))]
		pub fn admit(origin: OriginFor<T>, applicant: T::AccountId) -> DispatchResult {
			let decision = T::CoopOrigin::ensure_origin(origin)?;
			let params = Self::bylaws_of(decision.coop)?;
			Self::admit_applicant(
				decision.coop,
				&applicant,
				&params,
				AdmittedBy::Vote { proposal: decision.proposal },
			)
		}

		/// Turn down `applicant`, by decision of the co-op; their deposit is released.
		///
		/// ## Complexity
		/// O(v), v = vouches the application gathered (at most `MaxVouches`).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::reject_application(T::MaxVouches::get()))]
		pub fn reject_application(origin: OriginFor<T>, applicant: T::AccountId) -> DispatchResult {
			let decision = T::CoopOrigin::ensure_origin(origin)?;
			Self::drop_application(decision.coop, &applicant)?;
			Self::deposit_event(Event::ApplicationRejected {
				coop: decision.coop,
				who: applicant,
				proposal: decision.proposal,
			});
			Ok(())
		}

		/// Leave co-op `coop`. Always possible for a member; the deposit is released, votes on
		/// open proposals are dropped, consents are withdrawn. Money already earned stays
		/// claimable.
		///
		/// ## Complexity
		/// O(1) in the number of members; plus what the co-op's other pallets do on a member
		/// leaving (bounded by their open proposals and consents).
		#[pallet::call_index(7)]
		#[pallet::weight(
			T::WeightInfo::leave()
				.saturating_add(T::OnMemberLeft::max_weight())
				.saturating_add(T::DbWeight::get().reads_writes(1, 1))
		)]
		pub fn leave(origin: OriginFor<T>, coop: CoopId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let hook_weight = Self::remove_member(coop, &who)?;
			Self::deposit_event(Event::MemberLeft { coop, who });
			Ok(Some(
				T::WeightInfo::leave()
					.saturating_add(hook_weight)
					.saturating_add(T::DbWeight::get().reads_writes(1, 1)),
			)
			.into())
		}

		/// Expel `member`, by a decision of the co-op that met the expulsion threshold. Their
		/// deposit is released; what they earned stays theirs.
		///
		/// ## Complexity
		/// As [`Pallet::leave`].
		#[pallet::call_index(8)]
		#[pallet::weight(
			T::WeightInfo::expel()
				.saturating_add(T::OnMemberLeft::max_weight())
				.saturating_add(T::DbWeight::get().reads_writes(1, 1))
		)]
		pub fn expel(origin: OriginFor<T>, member: T::AccountId) -> DispatchResultWithPostInfo {
			let decision = T::CoopOrigin::ensure_origin(origin)?;
			ensure!(decision.scope.expels, Error::<T>::NotAnExpulsionDecision);
			ensure!(decision.proposer != member, Error::<T>::CannotExpelSelf);
			let hook_weight = Self::remove_member(decision.coop, &member)?;
			Self::deposit_event(Event::MemberExpelled {
				coop: decision.coop,
				who: member,
				proposal: decision.proposal,
			});
			Ok(Some(
				T::WeightInfo::expel()
					.saturating_add(hook_weight)
					.saturating_add(T::DbWeight::get().reads_writes(1, 1)),
			)
			.into())
		}

		/// Pay `amount` from the co-op's treasury to `to`, by decision of the co-op.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::spend())]
		pub fn spend(
			origin: OriginFor<T>,
			to: T::AccountId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let decision = T::CoopOrigin::ensure_origin(origin)?;
			ensure!(CoopInfoOf::<T>::contains_key(decision.coop), Error::<T>::UnknownCoop);
			T::Currency::transfer(
				&Self::account_of(decision.coop),
				&to,
				amount,
				Preservation::Expendable,
			)?;
			Self::deposit_event(Event::TreasurySpent {
				coop: decision.coop,
				to,
				amount,
				proposal: decision.proposal,
			});
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// A co-op: founder, member count, treasury account.
		pub fn coop_info(coop: CoopId) -> Option<(CoopInfoFor<T>, T::AccountId)> {
			CoopInfoOf::<T>::get(coop).map(|info| (info, Self::account_of(coop)))
		}

		/// The membership of `who` in `coop`, if any.
		pub fn membership(coop: CoopId, who: T::AccountId) -> Option<MembershipFor<T>> {
			Members::<T>::get(coop, who)
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
	/// The treasury account of co-op `coop`.
	pub fn account_of(coop: CoopId) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(coop)
	}

	/// Bylaws parameters in force for an existing co-op.
	fn bylaws_of(coop: CoopId) -> Result<BylawsParams<BlockNumberFor<T>>, DispatchError> {
		ensure!(CoopInfoOf::<T>::contains_key(coop), Error::<T>::UnknownCoop);
		T::Bylaws::current(coop)
			.map(|(_, params)| params)
			.ok_or_else(|| Error::<T>::UnknownCoop.into())
	}

	/// Record `who` as a member whose deposit `deposit` is already held from them.
	fn add_member(
		coop: CoopId,
		who: &T::AccountId,
		params: &BylawsParams<BlockNumberFor<T>>,
		deposit: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!Members::<T>::contains_key(coop, who), Error::<T>::AlreadyMember);
		let now = frame_system::Pallet::<T>::block_number();
		CoopInfoOf::<T>::try_mutate(coop, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownCoop)?;
			if let Some(limit) = params.max_members {
				ensure!(info.members < limit, Error::<T>::CoopFull);
			}
			let admission = info.next_admission;
			info.next_admission = admission.checked_add(1).ok_or(Error::<T>::TooManyAdmissions)?;
			info.members = info.members.checked_add(1).ok_or(Error::<T>::CoopFull)?;
			Self::enter_cohort(coop, admission, params.membership_maturity, now);
			Members::<T>::insert(
				coop,
				who,
				Membership { admission, since: now, depositor: who.clone(), deposit },
			);
			Ok(())
		})
	}

	/// The window of one cohort for maturity `maturity`: cohorts alive at once (those admitted
	/// within the last `maturity` blocks) then fit in `MaxCohorts`.
	fn cohort_window(maturity: BlockNumberFor<T>) -> BlockNumberFor<T> {
		let slots = BlockNumberFor::<T>::from(T::MaxCohorts::get().saturating_sub(1).max(1));
		let window = maturity.checked_div(&slots).unwrap_or_default();
		// Round up, so that `slots` windows cover the whole maturity.
		if window.saturating_mul(slots) < maturity {
			window.saturating_add(1u32.into())
		} else {
			window
		}
	}

	/// Put admission `admission`, made at `now`, in the co-op's cohorts of maturing members.
	/// Cohorts that matured are dropped first. O(`MaxCohorts`).
	fn enter_cohort(
		coop: CoopId,
		admission: AdmissionSeq,
		maturity: BlockNumberFor<T>,
		now: BlockNumberFor<T>,
	) {
		if maturity.is_zero() {
			// Without a maturity everyone is mature, the cohorts of an earlier one included.
			Maturing::<T>::remove(coop);
			return;
		}
		Maturing::<T>::mutate_exists(coop, |maybe| {
			let cohorts = maybe.get_or_insert_with(Default::default);
			cohorts.retain(|c| c.until.saturating_add(maturity) > now);
			Self::push_cohort(cohorts, admission, maturity, now);
		});
	}

	/// Count admission `admission`, made at `now`, in the newest cohort, or open a new one.
	fn push_cohort(
		cohorts: &mut BoundedVec<Cohort<BlockNumberFor<T>>, T::MaxCohorts>,
		admission: AdmissionSeq,
		maturity: BlockNumberFor<T>,
		now: BlockNumberFor<T>,
	) {
		match cohorts.last_mut() {
			Some(last) if last.until >= now => last.present.saturating_inc(),
			_ => {
				let until =
					now.saturating_add(Self::cohort_window(maturity)).saturating_sub(1u32.into());
				let cohort = Cohort { first: admission, present: 1, until };
				if let Err(cohort) = cohorts.try_push(cohort) {
					// Only after the maturity was raised can more cohorts be alive than fit:
					// the newest then takes the newcomer in and starts again at `now`, so its
					// members mature later than they would have, never earlier.
					if let Some(last) = cohorts.last_mut() {
						last.present = last.present.saturating_add(cohort.present);
						last.until = cohort.until;
					}
				}
			},
		}
	}

	/// Take a member admitted as `admission` out of the cohort they are in, if still maturing.
	fn leave_cohort(coop: CoopId, admission: AdmissionSeq) {
		Maturing::<T>::mutate_exists(coop, |maybe| {
			let Some(cohorts) = maybe else { return };
			// Cohorts are in admission order; one that matured is gone, and so is the entry.
			if let Some(cohort) = cohorts.iter_mut().rev().find(|c| c.first <= admission) {
				cohort.present.saturating_dec();
			}
		});
	}

	/// The admission number below which members of `coop` are mature now, and how many of them
	/// there are. O(`MaxCohorts`).
	fn voting_members_now(coop: CoopId) -> (AdmissionSeq, u32) {
		let Some(info) = CoopInfoOf::<T>::get(coop) else { return (0, 0) };
		let maturity = T::Bylaws::current(coop)
			.map(|(_, params)| params.membership_maturity)
			.unwrap_or_default();
		if maturity.is_zero() {
			return (info.next_admission, info.members);
		}
		let now = frame_system::Pallet::<T>::block_number();
		let mut cutoff = info.next_admission;
		let mut maturing = 0u32;
		for cohort in Maturing::<T>::get(coop).iter().rev() {
			if cohort.until.saturating_add(maturity) <= now {
				break;
			}
			cutoff = cohort.first;
			maturing = maturing.saturating_add(cohort.present);
		}
		(cutoff, info.members.saturating_sub(maturing))
	}

	/// Turn `applicant`'s application into a membership; the application deposit stays held
	/// as the membership deposit.
	fn admit_applicant(
		coop: CoopId,
		applicant: &T::AccountId,
		params: &BylawsParams<BlockNumberFor<T>>,
		by: AdmittedBy,
	) -> DispatchResult {
		let application =
			Applications::<T>::get(coop, applicant).ok_or(Error::<T>::NoApplication)?;
		Self::add_member(coop, applicant, params, application.deposit)?;
		Applications::<T>::remove(coop, applicant);
		let _ = Vouches::<T>::clear_prefix((coop, applicant), T::MaxVouches::get(), None);
		Self::deposit_event(Event::MemberAdmitted { coop, who: applicant.clone(), by });
		Ok(())
	}

	/// Remove an application and its vouches, release its deposit. Returns the vouches it had.
	fn drop_application(coop: CoopId, who: &T::AccountId) -> Result<u32, DispatchError> {
		let application = Applications::<T>::take(coop, who).ok_or(Error::<T>::NoApplication)?;
		let _ = Vouches::<T>::clear_prefix((coop, who), T::MaxVouches::get(), None);
		T::Currency::release(
			&HoldReason::Membership.into(),
			who,
			application.deposit,
			Precision::BestEffort,
		)?;
		Ok(application.vouches)
	}

	/// Remove a membership: release its deposit, update the count, tell the other pallets.
	/// Depends on nothing the co-op controls, so leaving cannot be blocked.
	fn remove_member(coop: CoopId, who: &T::AccountId) -> Result<Weight, DispatchError> {
		let membership = Members::<T>::take(coop, who).ok_or(Error::<T>::NotMember)?;
		Self::leave_cohort(coop, membership.admission);
		CoopInfoOf::<T>::mutate(coop, |info| {
			if let Some(info) = info {
				info.members = info.members.saturating_sub(1);
			}
		});
		// Best effort: a deposit that was slashed elsewhere must not keep anyone in.
		let _ = T::Currency::release(
			&HoldReason::Membership.into(),
			&membership.depositor,
			membership.deposit,
			Precision::BestEffort,
		);
		Ok(T::OnMemberLeft::on_member_left(coop, who, membership.admission))
	}
}

impl<T: Config> CoopMembership<T::AccountId> for Pallet<T> {
	fn coop_exists(coop: CoopId) -> bool {
		CoopInfoOf::<T>::contains_key(coop)
	}

	fn admission_of(coop: CoopId, who: &T::AccountId) -> Option<AdmissionSeq> {
		Members::<T>::get(coop, who).map(|m| m.admission)
	}

	fn next_admission(coop: CoopId) -> AdmissionSeq {
		CoopInfoOf::<T>::get(coop).map(|info| info.next_admission).unwrap_or_default()
	}

	fn member_count(coop: CoopId) -> u32 {
		CoopInfoOf::<T>::get(coop).map(|info| info.members).unwrap_or_default()
	}

	fn coop_account(coop: CoopId) -> T::AccountId {
		Self::account_of(coop)
	}

	fn voting_members(coop: CoopId) -> (AdmissionSeq, u32) {
		Self::voting_members_now(coop)
	}
}
