//! # Governance Pallet
//!
//! ## Overview
//!
//! One member, one vote. A member of a co-op proposes a bounded batch of co-op actions; members
//! vote aye, nay or abstain; when the proposal carries, its calls are dispatched with the co-op's
//! own collective origin, [`RawOrigin::Coop`], which carries the co-op id, the proposal, the
//! proposer, which raised thresholds were met, and the tally. Pallets accept that origin through
//! [`EnsureCoop`].
//!
//! `vote` and `close` cost the same whatever the size of the co-op: the tally is kept as votes
//! arrive, and nothing ever loops over members (pallet-collective loops over its voters; this
//! pallet is built for co-ops of a million).
//!
//! ## Rules
//!
//! - **Who votes**: members admitted before the proposal opened (no stuffing by admitting new
//!   members mid-vote). A member who leaves or is expelled loses their vote: it is taken out of
//!   the tally and out of the electorate of every open proposal of that co-op.
//! - **Thresholds** come from the bylaws in force when the proposal opened and are fixed then:
//!   quorum (turnout of the electorate, abstentions included), and approval (ayes among ayes and
//!   nays, at least the threshold). A proposal that amends the bylaws needs the amendment
//!   threshold, one that expels a member the expulsion threshold; the highest that applies wins.
//! - **Scope**: only calls the runtime's [`CallScope`] accepts can be proposed (membership,
//!   bylaws, treasury, offers); the check runs again before dispatch.
//! - **Closing**: anyone may close a proposal once its voting period is over, or earlier as soon
//!   as the votes not yet cast could not change the outcome. Votes may be changed until then.
//!   The proposer may withdraw a proposal nobody has voted on.
//! - **Failed dispatch** is recorded, not hidden: each call's result is an event and the outcome
//!   keeps the count of calls that failed.
//!
//! ## Interface
//!
//! ### Members
//! - [`Pallet::propose`], [`Pallet::vote`], [`Pallet::withdraw`].
//!
//! ### Anyone
//! - [`Pallet::close`].
//!
//! ### Other pallets
//! - [`EnsureCoop`]: the co-op origin; `OnMemberLeft` for `pallet-coops`.

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
	AdmissionSeq, BylawsParams, BylawsVersion, CoopBylaws, CoopDecision, CoopId, CoopMembership,
	DecisionScope, OnMemberLeft, ProposalId, Tally,
};
pub use types::*;
pub use weights::WeightInfo;

use alloc::{boxed::Box, vec::Vec};
use frame_support::{
	dispatch::{GetDispatchInfo, PostDispatchInfo},
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, MutateHold},
		tokens::Precision,
		OriginTrait,
	},
};
use frame_system::pallet_prelude::*;
use sp_runtime::{
	traits::{Dispatchable, Saturating},
	PerThing, Perbill,
};

/// Balance type of the currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// An open proposal of runtime `T`.
pub type ProposalOf<T> = Proposal<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxProposalLen,
>;

/// Which co-op calls a proposal may contain, and which raised threshold each needs.
pub trait CallScope<Call> {
	/// `None` if `call` is outside what a co-op may decide; otherwise the thresholds it needs.
	fn scope(call: &Call) -> Option<DecisionScope>;

	/// Whether a co-op may dispatch `call` from its own account with
	/// [`Pallet::as_coop_account`]: for acting where only an account can, such as calling the
	/// co-op's own access contracts as their owner. None by default.
	fn as_coop_account(_call: &Call) -> bool {
		false
	}
}

/// Accepts the co-op origin; yields the decision.
pub struct EnsureCoop<AccountId>(core::marker::PhantomData<AccountId>);
impl<O, AccountId> EnsureOrigin<O> for EnsureCoop<AccountId>
where
	O: OriginTrait + From<RawOrigin<AccountId>>,
	for<'a> &'a O::PalletsOrigin: TryInto<&'a RawOrigin<AccountId>>,
	AccountId: Clone + Decode,
{
	type Success = CoopDecision<AccountId>;

	fn try_origin(o: O) -> Result<Self::Success, O> {
		let decision = match o.caller().try_into() {
			Ok(RawOrigin::Coop(decision)) => Some(decision.clone()),
			_ => None,
		};
		decision.ok_or(o)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let proposer = AccountId::decode(&mut sp_runtime::traits::TrailingZeroInput::zeroes())
			.map_err(|_| ())?;
		Ok(O::from(RawOrigin::Coop(CoopDecision {
			coop: 0,
			proposal: 0,
			proposer,
			scope: DecisionScope { amends_bylaws: true, expels: true, federation: true },
			tally: Tally::default(),
		})))
	}
}

/// The co-op size the weights of `vote` and `close` are charged at: their benchmarks show the
/// cost does not grow with it.
pub const WEIGHT_MEMBERS: u32 = 1_000_000;

/// Most vote records one `close` prunes of a closed proposal past its retention.
pub const PRUNE_VOTES_PER_CLOSE: u32 = 16;

/// Sets up co-ops with members for benchmarks, through the runtime's membership pallet.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, RuntimeCall> {
	/// A co-op whose `voters` first members are funded accounts returned here, and whose member
	/// count on record is `on_record` (at least `voters`): the size governance must not care
	/// about.
	fn coop_with_members(voters: u32, on_record: u32) -> (CoopId, Vec<AccountId>);
	/// A cheap call inside co-op scope.
	fn in_scope_call() -> RuntimeCall;
	/// A cheap call a co-op may make from its own account ([`CallScope::as_coop_account`]).
	fn coop_account_call() -> RuntimeCall;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The storage layout version: 1 added the minimum voting time, the federation scope and
	/// the open-proposal count of each member ([`crate::migrations`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of an open proposal.
		Proposal,
	}

	#[pallet::origin]
	pub type Origin<T> = RawOrigin<<T as frame_system::Config>::AccountId>;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The runtime origin, which the co-op origin converts into.
		type RuntimeOrigin: From<RawOrigin<Self::AccountId>>
			+ From<frame_system::RawOrigin<Self::AccountId>>;

		/// The co-op origin ([`EnsureCoop`]), as calls of this pallet accept it.
		type CoopOrigin: EnsureOrigin<
			<Self as frame_system::Config>::RuntimeOrigin,
			Success = CoopDecision<Self::AccountId>,
		>;

		/// The calls a proposal carries.
		type RuntimeCall: Parameter
			+ Dispatchable<
				RuntimeOrigin = <Self as Config>::RuntimeOrigin,
				PostInfo = PostDispatchInfo,
			> + GetDispatchInfo
			+ From<frame_system::Call<Self>>;

		/// The currency proposal deposits are held in.
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Who is a member of which co-op, since when.
		type Membership: CoopMembership<Self::AccountId>;

		/// The bylaws in force.
		type Bylaws: CoopBylaws<BlockNumberFor<Self>>;

		/// Which calls a co-op may decide on.
		type CallScope: CallScope<<Self as Config>::RuntimeCall>;

		/// Held from the proposer while a proposal is open.
		#[pallet::constant]
		type ProposalDeposit: Get<BalanceOf<Self>>;

		/// Most calls in one proposal.
		#[pallet::constant]
		type MaxCalls: Get<u32>;

		/// Most bytes of encoded calls in one proposal.
		#[pallet::constant]
		type MaxProposalLen: Get<u32>;

		/// Most proposals open at once in one co-op.
		#[pallet::constant]
		type MaxOpenProposals: Get<u32>;

		/// Most proposals one member may have open at once in one co-op, so that no member
		/// alone can fill the co-op's `MaxOpenProposals` slots.
		#[pallet::constant]
		type MaxOpenPerMember: Get<u32>;

		/// The most weight one `close` may use: a proposal whose calls would need more could
		/// never be dispatched, so `propose` refuses it. The runtime's largest extrinsic.
		#[pallet::constant]
		type MaxCloseWeight: Get<Weight>;

		/// How long the record of a closed proposal ([`Closed`]) and its votes are kept after
		/// it closed; then they are pruned, in the order proposals closed.
		#[pallet::constant]
		type ClosedRetention: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up co-ops for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, <Self as Config>::RuntimeCall>;
	}

	/// Id the next proposal gets.
	#[pallet::storage]
	pub type NextProposalId<T> = StorageValue<_, ProposalId, ValueQuery>;

	/// Open proposals.
	#[pallet::storage]
	pub type Proposals<T: Config> = StorageMap<_, Twox64Concat, ProposalId, ProposalOf<T>>;

	/// Votes on proposals, by proposal and voter.
	#[pallet::storage]
	pub type Votes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ProposalId, Blake2_128Concat, T::AccountId, VoteChoice>;

	/// Open proposals of each co-op.
	#[pallet::storage]
	pub type OpenProposals<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CoopId,
		BoundedVec<ProposalId, T::MaxOpenProposals>,
		ValueQuery,
	>;

	/// How many proposals each member has open in each co-op.
	#[pallet::storage]
	pub type OpenByMember<T: Config> =
		StorageDoubleMap<_, Twox64Concat, CoopId, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// How each closed proposal ended.
	#[pallet::storage]
	pub type Closed<T: Config> =
		StorageMap<_, Twox64Concat, ProposalId, ClosedProposal<BlockNumberFor<T>>>;

	/// Closed proposals whose record and votes are still to be pruned, in the order they
	/// closed: `(head, tail)` indices into [`VoteCleanup`].
	#[pallet::storage]
	pub type VoteCleanupQueue<T> = StorageValue<_, (u32, u32), ValueQuery>;

	/// The queue of closed proposals whose record and votes are pruned once
	/// `ClosedRetention` has passed: by `on_idle` with spare weight, and one by each `close`,
	/// so pruning keeps up with closing even in blocks that are always full.
	#[pallet::storage]
	pub type VoteCleanup<T> = StorageMap<_, Twox64Concat, u32, ProposalId>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A member proposed.
		Proposed {
			coop: CoopId,
			proposal: ProposalId,
			proposer: T::AccountId,
			calls: u32,
			bylaws_version: BylawsVersion,
			ends_at: BlockNumberFor<T>,
		},
		/// A member voted (or changed their vote).
		Voted { proposal: ProposalId, voter: T::AccountId, choice: VoteChoice, tally: Tally },
		/// A vote was taken out because its member left the co-op.
		VoteRemoved { proposal: ProposalId, voter: T::AccountId },
		/// `coop` dispatched a call from its own account, with this result.
		ActedAsCoop { coop: CoopId, result: DispatchResult },
		/// One call of a carried proposal was dispatched, with this result.
		CallDispatched { proposal: ProposalId, index: u32, result: DispatchResult },
		/// A proposal closed.
		Closed { proposal: ProposalId, coop: CoopId, outcome: Outcome, tally: Tally },
		/// The proposer withdrew a proposal.
		Withdrawn { proposal: ProposalId, coop: CoopId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Not a member of this co-op.
		NotMember,
		/// Joined after the proposal opened: only members at opening may vote.
		NotEligible,
		/// No open proposal with this id.
		UnknownProposal,
		/// The voting period is over: close the proposal.
		VotingClosed,
		/// The voting period is not over and the outcome could still change.
		TooEarly,
		/// A call is outside what a co-op may decide.
		CallOutOfScope,
		/// A proposal needs at least one call.
		EmptyProposal,
		/// The calls are longer than `MaxProposalLen` bytes.
		ProposalTooLong,
		/// The co-op has `MaxOpenProposals` open proposals.
		TooManyOpenProposals,
		/// The co-op does not exist or has no bylaws.
		UnknownCoop,
		/// Only the proposer may withdraw.
		NotProposer,
		/// Members have voted: the proposal can no longer be withdrawn.
		AlreadyVoted,
		/// The weight bound given to `close` is below what the calls may use.
		WeightBoundTooLow,
		/// No more proposal ids.
		TooManyProposals,
		/// Not a member for long enough yet: the bylaws' membership maturity has not passed.
		NotMature,
		/// This member already has `MaxOpenPerMember` proposals open in this co-op.
		TooManyOpenByMember,
		/// The calls declare more weight than one `close` may carry: nobody could ever
		/// dispatch them.
		ProposalTooHeavy,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Propose `calls` to co-op `coop`. Holds `ProposalDeposit` until the proposal closes.
		///
		/// ## Complexity
		/// O(c + l): c calls (at most `MaxCalls`), l bytes of encoded calls; O(1) in members.
		#[pallet::call_index(0)]
		#[pallet::weight(
			T::WeightInfo::propose(calls.len() as u32, T::MaxProposalLen::get())
				// Not benchmarked yet: the maturity cohorts, the co-op and the proposer's count.
				.saturating_add(T::DbWeight::get().reads_writes(3, 1))
		)]
		pub fn propose(
			origin: OriginFor<T>,
			coop: CoopId,
			calls: BoundedVec<Box<<T as Config>::RuntimeCall>, T::MaxCalls>,
		) -> DispatchResult {
			let proposer = ensure_signed(origin)?;
			let admission =
				T::Membership::admission_of(coop, &proposer).ok_or(Error::<T>::NotMember)?;
			ensure!(!calls.is_empty(), Error::<T>::EmptyProposal);
			let (bylaws_version, params) =
				T::Bylaws::current(coop).ok_or(Error::<T>::UnknownCoop)?;
			let (eligible_before, electorate) = T::Membership::voting_members(coop);
			ensure!(admission < eligible_before, Error::<T>::NotMature);

			let mut scope = DecisionScope::default();
			let mut call_weight = Weight::zero();
			for call in calls.iter() {
				scope = scope.union(T::CallScope::scope(call).ok_or(Error::<T>::CallOutOfScope)?);
				call_weight = call_weight.saturating_add(call.get_dispatch_info().call_weight);
			}
			let call_count = calls.len() as u32;
			let encoded: BoundedVec<u8, T::MaxProposalLen> = calls
				.into_inner()
				.encode()
				.try_into()
				.map_err(|_| Error::<T>::ProposalTooLong)?;
			ensure!(
				Self::close_declared_weight(call_weight).all_lte(T::MaxCloseWeight::get()),
				Error::<T>::ProposalTooHeavy
			);

			let proposal = NextProposalId::<T>::get();
			let next = proposal.checked_add(1).ok_or(Error::<T>::TooManyProposals)?;
			OpenByMember::<T>::try_mutate(coop, &proposer, |open| {
				ensure!(*open < T::MaxOpenPerMember::get(), Error::<T>::TooManyOpenByMember);
				open.saturating_inc();
				Ok::<_, Error<T>>(())
			})?;
			OpenProposals::<T>::try_mutate(coop, |open| open.try_push(proposal))
				.map_err(|_| Error::<T>::TooManyOpenProposals)?;

			let deposit = T::ProposalDeposit::get();
			T::Currency::hold(&HoldReason::Proposal.into(), &proposer, deposit)?;
			let now = frame_system::Pallet::<T>::block_number();
			let ends_at = now.saturating_add(params.voting_period);
			let early_close_from = now.saturating_add(params.min_voting_period).min(ends_at);
			Proposals::<T>::insert(
				proposal,
				Proposal {
					coop,
					proposer: proposer.clone(),
					calls: encoded,
					call_count,
					call_weight,
					scope,
					quorum: params.quorum,
					threshold: scope.threshold(&params),
					bylaws_version,
					eligible_before,
					tally: Tally { electorate, ..Default::default() },
					ends_at,
					early_close_from,
					deposit,
				},
			);
			NextProposalId::<T>::put(next);
			Self::deposit_event(Event::Proposed {
				coop,
				proposal,
				proposer,
				calls: call_count,
				bylaws_version,
				ends_at,
			});
			Ok(())
		}

		/// Vote on `proposal`, or change your vote. Only members admitted before it opened.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::vote(WEIGHT_MEMBERS))]
		pub fn vote(
			origin: OriginFor<T>,
			proposal: ProposalId,
			choice: VoteChoice,
		) -> DispatchResult {
			let voter = ensure_signed(origin)?;
			let mut open = Proposals::<T>::get(proposal).ok_or(Error::<T>::UnknownProposal)?;
			ensure!(
				frame_system::Pallet::<T>::block_number() < open.ends_at,
				Error::<T>::VotingClosed
			);
			let admission =
				T::Membership::admission_of(open.coop, &voter).ok_or(Error::<T>::NotMember)?;
			ensure!(admission < open.eligible_before, Error::<T>::NotEligible);

			if let Some(previous) = Votes::<T>::get(proposal, &voter) {
				Self::uncount(&mut open.tally, previous);
			}
			Self::count(&mut open.tally, choice);
			let tally = open.tally;
			Votes::<T>::insert(proposal, &voter, choice);
			Proposals::<T>::insert(proposal, open);
			Self::deposit_event(Event::Voted { proposal, voter, choice, tally });
			Ok(())
		}

		/// Close `proposal`: once its voting period is over, or earlier when the votes not yet
		/// cast could not change the outcome. If it carried, its calls are dispatched with the
		/// co-op origin. Anyone may close. `weight_bound` must cover the calls' declared weight.
		///
		/// ## Complexity
		/// O(c) in the proposal's calls, plus their own weight; O(1) in members.
		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::close_declared_weight(*weight_bound))]
		pub fn close(
			origin: OriginFor<T>,
			proposal: ProposalId,
			weight_bound: Weight,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let open = Proposals::<T>::get(proposal).ok_or(Error::<T>::UnknownProposal)?;
			// Each close prunes up to one closed proposal that is due, whatever its outcome.
			let pruned = Self::prune_closed(Self::prune_per_close(), 1);
			let now = frame_system::Pallet::<T>::block_number();
			let approved = if now >= open.ends_at {
				Self::passes(&open.tally, open.quorum, open.threshold)
			} else {
				ensure!(now >= open.early_close_from, Error::<T>::TooEarly);
				if Self::certainly_approved(&open) {
					true
				} else {
					ensure!(Self::certainly_rejected(&open), Error::<T>::TooEarly);
					false
				}
			};

			if !approved {
				Self::finish(proposal, &open, Outcome::Rejected);
				return Ok(Some(
					T::WeightInfo::close_rejected(WEIGHT_MEMBERS).saturating_add(pruned),
				)
				.into());
			}
			// Carried, but too heavy for any `close` (proposed before the limit, or the limit
			// fell): nobody could ever dispatch it, so it expires once voting is over.
			if !Self::close_declared_weight(open.call_weight).all_lte(T::MaxCloseWeight::get()) {
				ensure!(now >= open.ends_at, Error::<T>::TooEarly);
				Self::finish(proposal, &open, Outcome::Expired);
				return Ok(Some(
					T::WeightInfo::close_rejected(WEIGHT_MEMBERS).saturating_add(pruned),
				)
				.into());
			}
			ensure!(open.call_weight.all_lte(weight_bound), Error::<T>::WeightBoundTooLow);

			let decision = CoopDecision {
				coop: open.coop,
				proposal,
				proposer: open.proposer.clone(),
				scope: open.scope,
				tally: open.tally,
			};
			let calls = Vec::<<T as Config>::RuntimeCall>::decode(&mut &open.calls[..]);
			let mut used = Weight::zero();
			let mut failed = 0u32;
			let dispatched = match calls {
				Ok(calls) => {
					for (index, call) in (0u32..).zip(calls) {
						let info = call.get_dispatch_info();
						let result = if T::CallScope::scope(&call).is_some() {
							let origin: <T as Config>::RuntimeOrigin =
								RawOrigin::Coop(decision.clone()).into();
							let outcome = call.dispatch(origin);
							used = used.saturating_add(
								frame_support::dispatch::extract_actual_weight(&outcome, &info),
							);
							outcome.map(|_| ()).map_err(|e| e.error)
						} else {
							Err(Error::<T>::CallOutOfScope.into())
						};
						if result.is_err() {
							failed = failed.saturating_add(1);
						}
						Self::deposit_event(Event::CallDispatched { proposal, index, result });
					}
					open.call_count
				},
				// Calls that no longer decode (after a runtime upgrade) fail as a whole.
				Err(_) => {
					failed = open.call_count;
					Self::deposit_event(Event::CallDispatched {
						proposal,
						index: 0,
						result: Err(DispatchError::Other("calls no longer decode")),
					});
					open.call_count
				},
			};
			Self::finish(proposal, &open, Outcome::Approved { dispatched, failed });
			Ok(Some(
				T::WeightInfo::close_approved(
					open.call_count,
					open.calls.len() as u32,
					WEIGHT_MEMBERS,
				)
				.saturating_add(used)
				.saturating_add(pruned),
			)
			.into())
		}

		/// Withdraw `proposal` before anyone voted; the deposit comes back.
		///
		/// ## Complexity
		/// O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, proposal: ProposalId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let open = Proposals::<T>::get(proposal).ok_or(Error::<T>::UnknownProposal)?;
			ensure!(open.proposer == who, Error::<T>::NotProposer);
			ensure!(Self::turnout(&open.tally) == 0, Error::<T>::AlreadyVoted);
			Self::finish(proposal, &open, Outcome::Withdrawn);
			Self::deposit_event(Event::Withdrawn { proposal, coop: open.coop });
			Ok(())
		}

		/// Dispatch `call` from the deciding co-op's own account (the account its treasury is
		/// kept in): how a co-op acts where only an account can, for example as the owner of
		/// its access contracts. Only calls the runtime's [`CallScope::as_coop_account`] accepts.
		///
		/// ## Complexity
		/// O(1) plus the call's own weight.
		#[pallet::call_index(4)]
		#[pallet::weight({
			let info = call.get_dispatch_info();
			(T::WeightInfo::as_coop_account().saturating_add(info.call_weight), info.class)
		})]
		pub fn as_coop_account(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			let coop = T::CoopOrigin::ensure_origin(origin)?.coop;
			ensure!(T::CallScope::as_coop_account(&call), Error::<T>::CallOutOfScope);
			let account = T::Membership::coop_account(coop);
			let info = call.get_dispatch_info();
			let origin: <T as Config>::RuntimeOrigin =
				frame_system::RawOrigin::Signed(account).into();
			let outcome = call.dispatch(origin);
			let used = T::WeightInfo::as_coop_account()
				.saturating_add(frame_support::dispatch::extract_actual_weight(&outcome, &info));
			Self::deposit_event(Event::ActedAsCoop {
				coop,
				result: outcome.map(|_| ()).map_err(|e| e.error),
			});
			Ok(Some(used).into())
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Prunes closed proposals past their retention with the block's spare weight.
		fn on_idle(_: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::prune_closed(remaining, u32::MAX)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// An open proposal.
		pub fn proposal(proposal: ProposalId) -> Option<ProposalOf<T>> {
			Proposals::<T>::get(proposal)
		}

		/// How a closed proposal ended.
		pub fn closed_proposal(proposal: ProposalId) -> Option<ClosedProposal<BlockNumberFor<T>>> {
			Closed::<T>::get(proposal)
		}

		/// The open proposals of `coop`.
		pub fn open_proposals(coop: CoopId) -> Vec<ProposalId> {
			OpenProposals::<T>::get(coop).into_inner()
		}

		/// How `voter` voted on `proposal`.
		pub fn vote_of(proposal: ProposalId, voter: T::AccountId) -> Option<VoteChoice> {
			Votes::<T>::get(proposal, voter)
		}
	}
}

/// `a / b >= threshold`, exactly, without overflow. False when `b` is zero.
fn at_least(a: u32, b: u32, threshold: Perbill) -> bool {
	if b == 0 {
		return false;
	}
	let parts = u128::from(threshold.deconstruct());
	let billion = u128::from(Perbill::ACCURACY);
	u128::from(a).saturating_mul(billion) >= parts.saturating_mul(u128::from(b))
}

/// `a / b > threshold`, exactly, without overflow; for a threshold of 100%, `a == b`
/// (unanimity, the most a share can be). False when `b` is zero.
fn more_than(a: u32, b: u32, threshold: Perbill) -> bool {
	if b == 0 {
		return false;
	}
	if threshold == Perbill::one() {
		return a == b;
	}
	let parts = u128::from(threshold.deconstruct());
	let billion = u128::from(Perbill::ACCURACY);
	u128::from(a).saturating_mul(billion) > parts.saturating_mul(u128::from(b))
}

impl<T: Config> Pallet<T> {
	fn turnout(tally: &Tally) -> u32 {
		tally.ayes.saturating_add(tally.nays).saturating_add(tally.abstentions)
	}

	fn count(tally: &mut Tally, choice: VoteChoice) {
		match choice {
			VoteChoice::Aye => tally.ayes.saturating_inc(),
			VoteChoice::Nay => tally.nays.saturating_inc(),
			VoteChoice::Abstain => tally.abstentions.saturating_inc(),
		}
	}

	fn uncount(tally: &mut Tally, choice: VoteChoice) {
		match choice {
			VoteChoice::Aye => tally.ayes.saturating_dec(),
			VoteChoice::Nay => tally.nays.saturating_dec(),
			VoteChoice::Abstain => tally.abstentions.saturating_dec(),
		}
	}

	/// The weight `close` declares for `weight_bound` (at least the calls' declared weight):
	/// what a proposal must fit in `MaxCloseWeight` to be closable at all.
	pub fn close_declared_weight(weight_bound: Weight) -> Weight {
		T::WeightInfo::close_approved(T::MaxCalls::get(), T::MaxProposalLen::get(), WEIGHT_MEMBERS)
			.max(T::WeightInfo::close_rejected(WEIGHT_MEMBERS))
			.saturating_add(weight_bound)
			.saturating_add(Self::prune_per_close())
	}

	/// Whether the votes as they stand carry the proposal: the quorum is met (turnout at least
	/// `quorum` of the electorate) and ayes are **more than** `threshold` of ayes and nays, so a
	/// tie never carries (a threshold of 100% asks for no nay at all).
	pub fn passes(tally: &Tally, quorum: Perbill, threshold: Perbill) -> bool {
		let turnout = Self::turnout(tally);
		let quorum_met = tally.electorate == 0 || at_least(turnout, tally.electorate, quorum);
		quorum_met && more_than(tally.ayes, tally.ayes.saturating_add(tally.nays), threshold)
	}

	/// Members who may still vote.
	fn outstanding(tally: &Tally) -> u32 {
		tally.electorate.saturating_sub(Self::turnout(tally))
	}

	/// Carries even if every outstanding voter votes nay.
	fn certainly_approved(p: &ProposalOf<T>) -> bool {
		let worst =
			Tally { nays: p.tally.nays.saturating_add(Self::outstanding(&p.tally)), ..p.tally };
		// Turnout only grows with more votes, so the quorum as it stands is what counts here.
		Self::passes(&p.tally, p.quorum, p.threshold) && Self::passes(&worst, p.quorum, p.threshold)
	}

	/// Fails even if every outstanding voter votes aye.
	fn certainly_rejected(p: &ProposalOf<T>) -> bool {
		let best =
			Tally { ayes: p.tally.ayes.saturating_add(Self::outstanding(&p.tally)), ..p.tally };
		!Self::passes(&best, p.quorum, p.threshold)
	}

	/// Close `proposal`: release the deposit, keep the outcome, queue its votes for removal.
	pub(crate) fn finish(proposal: ProposalId, open: &ProposalOf<T>, outcome: Outcome) {
		Proposals::<T>::remove(proposal);
		OpenProposals::<T>::mutate(open.coop, |ids| ids.retain(|id| *id != proposal));
		OpenByMember::<T>::mutate_exists(open.coop, &open.proposer, |count| {
			*count = count.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
		let _ = T::Currency::release(
			&HoldReason::Proposal.into(),
			&open.proposer,
			open.deposit,
			Precision::BestEffort,
		);
		Closed::<T>::insert(
			proposal,
			ClosedProposal {
				coop: open.coop,
				outcome,
				tally: open.tally,
				closed_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		// Every closed proposal is queued: its record goes after the retention, with its votes.
		VoteCleanupQueue::<T>::mutate(|(_, tail)| {
			VoteCleanup::<T>::insert(*tail, proposal);
			*tail = tail.wrapping_add(1);
		});
		if outcome != Outcome::Withdrawn {
			Self::deposit_event(Event::Closed {
				proposal,
				coop: open.coop,
				outcome,
				tally: open.tally,
			});
		}
	}

	/// The most each `close` spends pruning: one due proposal with up to
	/// [`PRUNE_VOTES_PER_CLOSE`] votes (a proposal with more is finished by later calls).
	pub fn prune_per_close() -> Weight {
		T::WeightInfo::clean_votes(PRUNE_VOTES_PER_CLOSE)
	}

	/// Prune closed proposals whose retention has passed, oldest first: their votes, then
	/// their record. At most `max_proposals` of them, within `limit`. Returns the weight used.
	pub(crate) fn prune_closed(limit: Weight, max_proposals: u32) -> Weight {
		let per_vote = T::WeightInfo::clean_votes(1).saturating_sub(T::WeightInfo::clean_votes(0));
		let base = T::WeightInfo::clean_votes(0);
		let now = frame_system::Pallet::<T>::block_number();
		let mut used = T::DbWeight::get().reads(1);
		if !used.all_lte(limit) {
			return Weight::zero();
		}
		let (mut head, tail) = VoteCleanupQueue::<T>::get();
		let mut done = 0u32;
		while head != tail && done < max_proposals {
			let step = used.saturating_add(base).saturating_add(per_vote);
			if !step.all_lte(limit) {
				break;
			}
			used = used.saturating_add(base);
			let Some(proposal) = VoteCleanup::<T>::get(head) else {
				head = head.wrapping_add(1);
				continue;
			};
			let closed_at = Closed::<T>::get(proposal).map(|c| c.closed_at);
			if closed_at.is_some_and(|at| now < at.saturating_add(T::ClosedRetention::get())) {
				// Queued in closing order: everything after this one is younger still.
				break;
			}
			let budget = limit.saturating_sub(used);
			// As many votes as both the time and the proof size left allow.
			let fits = |left: u64, each: u64| left.checked_div(each).unwrap_or(u64::MAX);
			let max_votes = fits(budget.ref_time(), per_vote.ref_time())
				.min(fits(budget.proof_size(), per_vote.proof_size()))
				.min(u64::from(u32::MAX)) as u32;
			let result = Votes::<T>::clear_prefix(proposal, max_votes, None);
			used = used.saturating_add(per_vote.saturating_mul(u64::from(result.unique)));
			if result.maybe_cursor.is_some() {
				break;
			}
			Closed::<T>::remove(proposal);
			VoteCleanup::<T>::remove(head);
			head = head.wrapping_add(1);
			done.saturating_inc();
		}
		VoteCleanupQueue::<T>::put((head, tail));
		used
	}
}

impl<T: Config> OnMemberLeft<T::AccountId> for Pallet<T> {
	/// Take the member's vote out of every open proposal of the co-op they could vote on.
	fn on_member_left(coop: CoopId, who: &T::AccountId, admission: AdmissionSeq) -> Weight {
		let open = OpenProposals::<T>::get(coop);
		for id in open.iter() {
			Proposals::<T>::mutate(id, |maybe| {
				let Some(p) = maybe else { return };
				if admission >= p.eligible_before {
					return;
				}
				p.tally.electorate.saturating_dec();
				if let Some(previous) = Votes::<T>::take(id, who) {
					Self::uncount(&mut p.tally, previous);
					Self::deposit_event(Event::VoteRemoved { proposal: *id, voter: who.clone() });
				}
			});
		}
		T::WeightInfo::on_member_left(open.len() as u32)
	}

	fn max_weight() -> Weight {
		T::WeightInfo::on_member_left(T::MaxOpenProposals::get())
	}
}
