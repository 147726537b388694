//! # Federation Pallet
//!
//! ## Overview
//!
//! DataCoop is run by the co-ops themselves: the member co-ops of the federation run the
//! validators. This pallet keeps who they are and which validator accounts each runs.
//!
//! - A co-op **applies** to join; the member co-ops decide by a **motion**, one co-op one vote.
//!   Each co-op's vote is cast by its own governance origin, so the members of each co-op decide
//!   how their co-op votes. A motion carries when more than half of the member co-ops at its
//!   opening vote aye, fails when half or more vote nay, and lapses after `MotionDuration`.
//! - A member co-op can **leave** at any time; it can be **removed** by a motion.
//! - Each member co-op **registers its validator accounts** (at most `validators_per_coop` of
//!   the federation's parameters, and `max_validators` in all). The runtime's session manager
//!   asks [`Pallet::validator_set`] at every session boundary, so the validator set follows
//!   membership: a co-op that leaves or is removed loses its validators, a co-op voted in gains
//!   them, as soon as pallet-session enacts the next planned set (within two sessions).
//! - The **parameters** (validators per co-op, validators in all) are changed by a motion too,
//!   within the hard bounds `MaxValidatorsPerCoop` and `MaxValidators`.
//!
//! ## Interface
//!
//! ### A co-op (its collective origin)
//! - [`Pallet::apply`], [`Pallet::leave`].
//! - Member co-ops: [`Pallet::propose_removal`], [`Pallet::propose_params`], [`Pallet::vote`],
//!   [`Pallet::register_validator`], [`Pallet::deregister_validator`].
//!
//! ### Anyone
//! - [`Pallet::close`]: end a motion whose time is up.

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

pub use datacoop_primitives::coop::{CoopDecision, CoopId, CoopMembership};
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use sp_runtime::{traits::Saturating, ArithmeticError};

/// Sets up co-ops and their origins for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<RuntimeOrigin> {
	/// A new co-op (not in the federation).
	fn coop() -> CoopId;
	/// The origin of a decision of `coop`.
	fn coop_origin(coop: CoopId) -> RuntimeOrigin;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The storage layout version: 1 counts open applications apart ([`crate::migrations`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// A co-op's collective decision.
		type CoopOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = CoopDecision<Self::AccountId>>;

		/// Which co-ops exist.
		type Membership: CoopMembership<Self::AccountId>;

		/// Most member co-ops.
		#[pallet::constant]
		type MaxCoops: Get<u32>;

		/// Hard bound on `validators_per_coop`.
		#[pallet::constant]
		type MaxValidatorsPerCoop: Get<u32>;

		/// Hard bound on `max_validators`.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Most motions open at once.
		#[pallet::constant]
		type MaxOpenMotions: Get<u32>;

		/// Most motions to admit a co-op open at once: applications from outside take at most
		/// these of the `MaxOpenMotions` slots, so co-ops outside cannot jam the members'
		/// motions (removals, parameters).
		#[pallet::constant]
		type MaxOpenApplications: Get<u32>;

		/// Most open motions one member co-op may have proposed, so that no member alone can
		/// fill the members' motion slots.
		#[pallet::constant]
		type MaxMotionsPerCoop: Get<u32>;

		/// How long a motion stays open.
		#[pallet::constant]
		type MotionDuration: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up co-ops for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::RuntimeOrigin>;
	}

	/// Member co-ops.
	#[pallet::storage]
	pub type Members<T: Config> =
		StorageMap<_, Twox64Concat, CoopId, FederationMember<BlockNumberFor<T>>>;

	/// Number of member co-ops.
	#[pallet::storage]
	pub type MemberCount<T> = StorageValue<_, u32, ValueQuery>;

	/// Joining number the next member gets.
	#[pallet::storage]
	pub type NextJoinSeq<T> = StorageValue<_, JoinSeq, ValueQuery>;

	/// Validator accounts of each member co-op.
	#[pallet::storage]
	pub type Validators<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CoopId,
		BoundedVec<T::AccountId, T::MaxValidatorsPerCoop>,
		ValueQuery,
	>;

	/// Which co-op runs a validator account.
	#[pallet::storage]
	pub type ValidatorOwner<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, CoopId>;

	/// Validator accounts registered in all.
	#[pallet::storage]
	pub type ValidatorCount<T> = StorageValue<_, u32, ValueQuery>;

	/// The federation's parameters.
	#[pallet::storage]
	pub type Params<T> = StorageValue<_, FederationParams, OptionQuery>;

	/// Open motions.
	#[pallet::storage]
	pub type Motions<T: Config> = StorageMap<_, Twox64Concat, MotionId, Motion<BlockNumberFor<T>>>;

	/// Number of open motions.
	#[pallet::storage]
	pub type OpenMotions<T> = StorageValue<_, u32, ValueQuery>;

	/// How many of the open motions are to admit a co-op (applications).
	#[pallet::storage]
	pub type OpenApplications<T> = StorageValue<_, u32, ValueQuery>;

	/// The member co-op that proposed each open motion (removals and parameters).
	#[pallet::storage]
	pub type MotionProposer<T> = StorageMap<_, Twox64Concat, MotionId, CoopId>;

	/// How many open motions each member co-op proposed.
	#[pallet::storage]
	pub type OpenBy<T> = StorageMap<_, Twox64Concat, CoopId, u32, ValueQuery>;

	/// The open motion about each co-op (admission or removal), if any.
	#[pallet::storage]
	pub type MotionAbout<T: Config> = StorageMap<_, Twox64Concat, CoopId, MotionId>;

	/// Number the next motion gets.
	#[pallet::storage]
	pub type NextMotionId<T> = StorageValue<_, MotionId, ValueQuery>;

	/// Votes cast on open motions, by motion and co-op.
	#[pallet::storage]
	pub type MotionVotes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, MotionId, Twox64Concat, CoopId, bool>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The founding member co-ops and their validator accounts.
		pub members: Vec<(CoopId, Vec<T::AccountId>)>,
		/// The parameters; `None` takes the hard bounds.
		pub params: Option<FederationParams>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let params = self.params.unwrap_or_else(Pallet::<T>::bounds);
			assert!(Pallet::<T>::check_params(&params).is_ok(), "federation parameters in bounds");
			Params::<T>::put(params);
			for (coop, validators) in &self.members {
				assert!(T::Membership::coop_exists(*coop), "federation member {coop} exists");
				Pallet::<T>::add_member(*coop).expect("genesis members fit");
				for validator in validators {
					Pallet::<T>::add_validator(*coop, validator.clone())
						.expect("genesis validators fit");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A motion opened.
		MotionOpened { motion: MotionId, kind: MotionKind, ends_at: BlockNumberFor<T> },
		/// Co-op `coop` voted on `motion`.
		Voted { motion: MotionId, coop: CoopId, aye: bool, ayes: u32, nays: u32 },
		/// `motion` ended.
		MotionClosed { motion: MotionId, outcome: MotionOutcome },
		/// `coop` joined the federation.
		Joined { coop: CoopId },
		/// `coop` left the federation, or was removed.
		Left { coop: CoopId, removed: bool },
		/// `coop` registered `validator`.
		ValidatorRegistered { coop: CoopId, validator: T::AccountId },
		/// `coop` no longer runs `validator`.
		ValidatorDeregistered { coop: CoopId, validator: T::AccountId },
		/// The federation changed its parameters.
		ParamsChanged { params: FederationParams },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// There is no co-op with this id.
		UnknownCoop,
		/// The co-op is already a member of the federation.
		AlreadyMember,
		/// The co-op is not a member of the federation.
		NotMember,
		/// There is already an open motion about this co-op.
		MotionPending,
		/// There is no open motion with this number.
		UnknownMotion,
		/// The co-op joined after the motion opened.
		NotEligible,
		/// The co-op already voted on this motion.
		AlreadyVoted,
		/// The motion is still open.
		MotionNotOver,
		/// `MaxOpenMotions` motions are open.
		TooManyMotions,
		/// The federation has `MaxCoops` members.
		FederationFull,
		/// A co-op cannot propose its own removal: it can leave.
		CannotRemoveSelf,
		/// The validator account is already registered.
		ValidatorTaken,
		/// The co-op does not run this validator account.
		NotOwnValidator,
		/// The co-op runs `validators_per_coop` validators already.
		TooManyValidatorsForCoop,
		/// The federation has `max_validators` validators already.
		TooManyValidators,
		/// Parameters must allow at least one validator and stay within the hard bounds.
		ParamsOutOfBounds,
		/// The last member co-op cannot leave: nobody would run the chain.
		LastMember,
		/// `MaxOpenApplications` applications are open already: apply again once one ends.
		TooManyApplications,
		/// The motion's time is over: close it.
		VotingOver,
		/// This co-op already proposed `MaxMotionsPerCoop` open motions.
		TooManyMotionsByCoop,
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
		/// The deciding co-op applies to join the federation. If the federation has no members
		/// yet, it joins at once.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply())]
		pub fn apply(origin: OriginFor<T>) -> DispatchResult {
			let coop = T::CoopOrigin::ensure_origin(origin)?.coop;
			ensure!(T::Membership::coop_exists(coop), Error::<T>::UnknownCoop);
			ensure!(!Members::<T>::contains_key(coop), Error::<T>::AlreadyMember);
			ensure!(!MotionAbout::<T>::contains_key(coop), Error::<T>::MotionPending);
			if MemberCount::<T>::get() == 0 {
				return Self::add_member(coop);
			}
			ensure!(MemberCount::<T>::get() < T::MaxCoops::get(), Error::<T>::FederationFull);
			ensure!(
				OpenApplications::<T>::get() < T::MaxOpenApplications::get(),
				Error::<T>::TooManyApplications
			);
			Self::open(MotionKind::Admit(coop), None)
		}

		/// A member co-op proposes to remove member `target`.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::propose_removal())]
		pub fn propose_removal(origin: OriginFor<T>, target: CoopId) -> DispatchResult {
			let coop = Self::ensure_member(origin)?.0;
			ensure!(coop != target, Error::<T>::CannotRemoveSelf);
			ensure!(Members::<T>::contains_key(target), Error::<T>::NotMember);
			ensure!(!MotionAbout::<T>::contains_key(target), Error::<T>::MotionPending);
			Self::open(MotionKind::Remove(target), Some(coop))
		}

		/// A member co-op proposes new federation parameters.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::propose_params())]
		pub fn propose_params(origin: OriginFor<T>, params: FederationParams) -> DispatchResult {
			let coop = Self::ensure_member(origin)?.0;
			Self::check_params(&params)?;
			Self::open(MotionKind::SetParams(params), Some(coop))
		}

		/// The deciding member co-op votes on `motion`. The motion is enacted as soon as more
		/// than half of the co-ops at its opening voted aye, and rejected as soon as half or
		/// more voted nay.
		///
		/// ## Complexity
		/// O(1) while the motion stays open. A vote that settles it also clears its votes,
		/// O(k), k = votes cast (at most `MaxCoops`); one that enacts a removal also costs
		/// O(v + m): v = the removed co-op's validators (at most `MaxValidatorsPerCoop`), m = open
		/// motions (at most `MaxOpenMotions`), which its votes are taken out of.
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::vote(T::MaxValidatorsPerCoop::get())
				.saturating_add(Pallet::<T>::votes_out_weight())
		)]
		pub fn vote(origin: OriginFor<T>, motion: MotionId, aye: bool) -> DispatchResult {
			let (coop, member) = Self::ensure_member(origin)?;
			let mut record = Motions::<T>::get(motion).ok_or(Error::<T>::UnknownMotion)?;
			ensure!(
				frame_system::Pallet::<T>::block_number() <= record.ends_at,
				Error::<T>::VotingOver
			);
			ensure!(member.seq < record.eligible_before, Error::<T>::NotEligible);
			ensure!(!MotionVotes::<T>::contains_key(motion, coop), Error::<T>::AlreadyVoted);
			if aye {
				record.ayes.saturating_inc();
			} else {
				record.nays.saturating_inc();
			}
			MotionVotes::<T>::insert(motion, coop, aye);
			Self::deposit_event(Event::Voted {
				motion,
				coop,
				aye,
				ayes: record.ayes,
				nays: record.nays,
			});
			if !Self::settle(motion, &record)? {
				Motions::<T>::insert(motion, record);
			}
			Ok(())
		}

		/// End `motion` once its time is up. Anyone may call this.
		///
		/// ## Complexity
		/// O(k), k = votes cast on the motion (at most `MaxCoops`), which are cleared; when the
		/// votes enact a removal, also O(v + m): v = the removed co-op's validators (at most
		/// `MaxValidatorsPerCoop`), m = open motions (at most `MaxOpenMotions`), which its votes
		/// are taken out of.
		#[pallet::call_index(4)]
		#[pallet::weight(
			T::WeightInfo::close()
				.max(T::WeightInfo::vote(T::MaxValidatorsPerCoop::get()))
				.saturating_add(Pallet::<T>::votes_out_weight())
		)]
		pub fn close(origin: OriginFor<T>, motion: MotionId) -> DispatchResult {
			ensure_signed(origin)?;
			let record = Motions::<T>::get(motion).ok_or(Error::<T>::UnknownMotion)?;
			let now = frame_system::Pallet::<T>::block_number();
			// Decided by the votes already cast, once the electorate shrank (a co-op left)? A
			// decision that cannot be enacted (say, the federation is full) lapses at the end.
			match frame_support::storage::with_storage_layer(|| Self::settle(motion, &record)) {
				Ok(true) => return Ok(()),
				Err(error) if now <= record.ends_at => return Err(error),
				Ok(false) | Err(_) => {},
			}
			ensure!(now > record.ends_at, Error::<T>::MotionNotOver);
			Self::end(motion, &record, MotionOutcome::Lapsed);
			Ok(())
		}

		/// The deciding member co-op leaves the federation; its validators leave the validator
		/// set at the next planned session. A motion to remove it ends: nothing is left to
		/// decide.
		///
		/// ## Complexity
		/// O(v + m + k): v = the co-op's validators (at most `MaxValidatorsPerCoop`), m = open
		/// motions (at most `MaxOpenMotions`), which its votes are taken out of, k = votes cast
		/// on the motion to remove it, if one is open (at most `MaxCoops`).
		#[pallet::call_index(5)]
		#[pallet::weight(
			T::WeightInfo::leave(T::MaxValidatorsPerCoop::get())
				.saturating_add(T::WeightInfo::close())
				.saturating_add(Pallet::<T>::votes_out_weight())
		)]
		pub fn leave(origin: OriginFor<T>) -> DispatchResult {
			let coop = Self::ensure_member(origin)?.0;
			Self::remove_member(coop, false)?;
			if let Some(motion) = MotionAbout::<T>::get(coop) {
				if let Some(record) = Motions::<T>::get(motion) {
					Self::end(motion, &record, MotionOutcome::Lapsed);
				}
			}
			Ok(())
		}

		/// The deciding member co-op runs `validator` (an account whose session keys its node
		/// sets with `session.set_keys`).
		///
		/// ## Complexity
		/// O(v), v = the co-op's validators (at most `MaxValidatorsPerCoop`): its list is read
		/// and written whole.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::register_validator())]
		pub fn register_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			let coop = Self::ensure_member(origin)?.0;
			Self::add_validator(coop, validator)
		}

		/// The deciding member co-op no longer runs `validator`.
		///
		/// ## Complexity
		/// O(v), v = the co-op's validators (at most `MaxValidatorsPerCoop`).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::deregister_validator())]
		pub fn deregister_validator(
			origin: OriginFor<T>,
			validator: T::AccountId,
		) -> DispatchResult {
			let coop = Self::ensure_member(origin)?.0;
			ensure!(
				ValidatorOwner::<T>::get(&validator) == Some(coop),
				Error::<T>::NotOwnValidator
			);
			Validators::<T>::mutate(coop, |list| list.retain(|v| v != &validator));
			ValidatorOwner::<T>::remove(&validator);
			ValidatorCount::<T>::mutate(|n| n.saturating_dec());
			Self::deposit_event(Event::ValidatorDeregistered { coop, validator });
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The member co-ops, in no particular order.
		pub fn members() -> Vec<CoopId> {
			Members::<T>::iter_keys().collect()
		}

		/// The validator accounts the next planned session will have.
		pub fn next_validators() -> Vec<T::AccountId> {
			Self::validator_set()
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The validator accounts of every member co-op, up to `max_validators`: what the session
	/// manager plans each new session with.
	///
	/// ## Complexity
	/// O(c + v): at most `MaxCoops` co-ops and `MaxValidators` validators.
	pub fn validator_set() -> Vec<T::AccountId> {
		let limit = Params::<T>::get().unwrap_or_else(Self::bounds).max_validators as usize;
		let mut set: Vec<T::AccountId> = Validators::<T>::iter_values().flatten().collect();
		set.sort();
		set.truncate(limit);
		set
	}

	/// The hard bounds, as parameters.
	fn bounds() -> FederationParams {
		FederationParams {
			validators_per_coop: T::MaxValidatorsPerCoop::get(),
			max_validators: T::MaxValidators::get(),
		}
	}

	fn check_params(params: &FederationParams) -> DispatchResult {
		ensure!(
			(1..=T::MaxValidatorsPerCoop::get()).contains(&params.validators_per_coop)
				&& (1..=T::MaxValidators::get()).contains(&params.max_validators),
			Error::<T>::ParamsOutOfBounds
		);
		Ok(())
	}

	/// The deciding co-op, which must be a member.
	fn ensure_member(
		origin: OriginFor<T>,
	) -> Result<(CoopId, FederationMember<BlockNumberFor<T>>), DispatchError> {
		let coop = T::CoopOrigin::ensure_origin(origin)?.coop;
		let member = Members::<T>::get(coop).ok_or(Error::<T>::NotMember)?;
		Ok((coop, member))
	}

	/// Open a motion of `kind`, proposed by member co-op `by` (none for an application).
	fn open(kind: MotionKind, by: Option<CoopId>) -> DispatchResult {
		ensure!(OpenMotions::<T>::get() < T::MaxOpenMotions::get(), Error::<T>::TooManyMotions);
		let motion = NextMotionId::<T>::get();
		if let Some(coop) = by {
			OpenBy::<T>::try_mutate(coop, |open| {
				ensure!(*open < T::MaxMotionsPerCoop::get(), Error::<T>::TooManyMotionsByCoop);
				open.saturating_inc();
				Ok::<_, Error<T>>(())
			})?;
			MotionProposer::<T>::insert(motion, coop);
		}
		let next = motion.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let ends_at =
			frame_system::Pallet::<T>::block_number().saturating_add(T::MotionDuration::get());
		Motions::<T>::insert(
			motion,
			Motion {
				kind,
				ayes: 0,
				nays: 0,
				electorate: MemberCount::<T>::get(),
				eligible_before: NextJoinSeq::<T>::get(),
				ends_at,
			},
		);
		if let MotionKind::Admit(coop) | MotionKind::Remove(coop) = kind {
			MotionAbout::<T>::insert(coop, motion);
		}
		if let MotionKind::Admit(_) = kind {
			OpenApplications::<T>::mutate(|n| n.saturating_inc());
		}
		NextMotionId::<T>::put(next);
		OpenMotions::<T>::mutate(|n| n.saturating_inc());
		Self::deposit_event(Event::MotionOpened { motion, kind, ends_at });
		Ok(())
	}

	/// End `motion` if its votes decide it: enacted when more than half of its electorate
	/// voted aye, rejected when half or more voted nay. Whether it ended.
	fn settle(motion: MotionId, record: &Motion<BlockNumberFor<T>>) -> Result<bool, DispatchError> {
		if record.ayes.saturating_mul(2) > record.electorate {
			Self::enact(record.kind)?;
			Self::end(motion, record, MotionOutcome::Carried);
			Ok(true)
		} else if record.nays.saturating_mul(2) >= record.electorate {
			Self::end(motion, record, MotionOutcome::Rejected);
			Ok(true)
		} else {
			Ok(false)
		}
	}

	/// Take co-op `coop`, which joined as `seq` and is leaving, out of every open motion: out
	/// of the electorate of those it could vote on, and its vote out of the tally. O(open
	/// motions), at most `MaxOpenMotions`.
	fn take_votes_out(coop: CoopId, seq: JoinSeq) {
		let open: Vec<MotionId> = Motions::<T>::iter_keys().collect();
		for motion in open {
			Motions::<T>::mutate(motion, |maybe| {
				let Some(record) = maybe else { return };
				if seq >= record.eligible_before {
					return;
				}
				record.electorate.saturating_dec();
				match MotionVotes::<T>::take(motion, coop) {
					Some(true) => record.ayes.saturating_dec(),
					Some(false) => record.nays.saturating_dec(),
					None => {},
				}
			});
		}
	}

	/// What [`Self::take_votes_out`] may cost: a read and a write of each open motion and of
	/// the leaving co-op's vote on it.
	pub fn votes_out_weight() -> Weight {
		let motions = u64::from(T::MaxOpenMotions::get());
		T::DbWeight::get()
			.reads_writes(motions.saturating_mul(2).saturating_add(1), motions.saturating_mul(2))
	}

	fn end(motion: MotionId, record: &Motion<BlockNumberFor<T>>, outcome: MotionOutcome) {
		Motions::<T>::remove(motion);
		let _ = MotionVotes::<T>::clear_prefix(motion, T::MaxCoops::get(), None);
		if let MotionKind::Admit(coop) | MotionKind::Remove(coop) = record.kind {
			MotionAbout::<T>::remove(coop);
		}
		if let MotionKind::Admit(_) = record.kind {
			OpenApplications::<T>::mutate(|n| n.saturating_dec());
		}
		if let Some(coop) = MotionProposer::<T>::take(motion) {
			OpenBy::<T>::mutate_exists(coop, |n| {
				*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0)
			});
		}
		OpenMotions::<T>::mutate(|n| n.saturating_dec());
		Self::deposit_event(Event::MotionClosed { motion, outcome });
	}

	fn enact(kind: MotionKind) -> DispatchResult {
		match kind {
			MotionKind::Admit(coop) => Self::add_member(coop),
			MotionKind::Remove(coop) => Self::remove_member(coop, true),
			MotionKind::SetParams(params) => {
				Params::<T>::put(params);
				Self::deposit_event(Event::ParamsChanged { params });
				Ok(())
			},
		}
	}

	fn add_member(coop: CoopId) -> DispatchResult {
		ensure!(!Members::<T>::contains_key(coop), Error::<T>::AlreadyMember);
		let count = MemberCount::<T>::get();
		ensure!(count < T::MaxCoops::get(), Error::<T>::FederationFull);
		let seq = NextJoinSeq::<T>::get();
		let joined_at = frame_system::Pallet::<T>::block_number();
		Members::<T>::insert(coop, FederationMember { joined_at, seq });
		NextJoinSeq::<T>::put(seq.checked_add(1).ok_or(ArithmeticError::Overflow)?);
		MemberCount::<T>::put(count.saturating_add(1));
		Self::deposit_event(Event::Joined { coop });
		Ok(())
	}

	fn remove_member(coop: CoopId, removed: bool) -> DispatchResult {
		ensure!(Members::<T>::contains_key(coop), Error::<T>::NotMember);
		ensure!(MemberCount::<T>::get() > 1, Error::<T>::LastMember);
		if let Some(member) = Members::<T>::take(coop) {
			Self::take_votes_out(coop, member.seq);
		}
		MemberCount::<T>::mutate(|n| n.saturating_dec());
		for validator in Validators::<T>::take(coop) {
			ValidatorOwner::<T>::remove(&validator);
			ValidatorCount::<T>::mutate(|n| n.saturating_dec());
		}
		Self::deposit_event(Event::Left { coop, removed });
		Ok(())
	}

	fn add_validator(coop: CoopId, validator: T::AccountId) -> DispatchResult {
		let params = Params::<T>::get().unwrap_or_else(Self::bounds);
		ensure!(!ValidatorOwner::<T>::contains_key(&validator), Error::<T>::ValidatorTaken);
		let total = ValidatorCount::<T>::get();
		ensure!(total < params.max_validators, Error::<T>::TooManyValidators);
		let mut list = Validators::<T>::get(coop);
		ensure!(
			(list.len() as u32) < params.validators_per_coop,
			Error::<T>::TooManyValidatorsForCoop
		);
		list.try_push(validator.clone())
			.map_err(|_| Error::<T>::TooManyValidatorsForCoop)?;
		Validators::<T>::insert(coop, list);
		ValidatorOwner::<T>::insert(&validator, coop);
		ValidatorCount::<T>::put(total.saturating_add(1));
		Self::deposit_event(Event::ValidatorRegistered { coop, validator });
		Ok(())
	}
}
