//! Storage migrations of the governance pallet.

use super::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// Storage version 0: proposals before the minimum voting time and the federation scope.
pub mod v0 {
	use super::*;

	/// The scope of a proposal before it knew the federation.
	#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
	pub struct DecisionScope {
		/// The amendment threshold applies.
		pub amends_bylaws: bool,
		/// The expulsion threshold applies.
		pub expels: bool,
	}

	/// An open proposal as version 0 stored it.
	#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
	#[scale_info(skip_type_params(MaxLen))]
	pub struct Proposal<AccountId, Balance, BlockNumber, MaxLen: Get<u32>> {
		pub coop: CoopId,
		pub proposer: AccountId,
		pub calls: BoundedVec<u8, MaxLen>,
		pub call_count: u32,
		pub call_weight: Weight,
		pub scope: DecisionScope,
		pub quorum: Perbill,
		pub threshold: Perbill,
		pub bylaws_version: BylawsVersion,
		pub eligible_before: AdmissionSeq,
		pub tally: Tally,
		pub ends_at: BlockNumber,
		pub deposit: Balance,
	}

	/// A version 0 proposal of runtime `T`.
	pub type ProposalOf<T> = Proposal<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxProposalLen,
	>;

	/// The open proposals as version 0 stored them.
	#[frame_support::storage_alias]
	pub type Proposals<T: Config> = StorageMap<Pallet<T>, Twox64Concat, ProposalId, ProposalOf<T>>;
}

/// From version 0 to 1, without the version check (see [`MigrateV0ToV1`]):
/// - every open proposal gains `early_close_from`, set to the upgrade's block: proposals that
///   were open keep the rules they opened under, with no minimum voting time added afterwards;
///   one with a federation call gains `scope.federation` and the amendment threshold of the
///   bylaws in force (federation decisions need it now, open ones too);
/// - an open amendment of the bylaws ends as `Outcome::Expired`, its deposit released: its
///   calls carry the bylaws parameters in the old encoding, which the new runtime cannot read;
/// - [`OpenByMember`] is counted from the open proposals;
/// - every closed proposal not yet queued for pruning is queued (version 0 kept the records of
///   proposals closed without votes for ever). O(closed proposals): fine for the young chains
///   this runs on; a chain with millions of closed proposals would need a multi-block migration.
pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
	fn on_runtime_upgrade() -> Weight {
		let now = frame_system::Pallet::<T>::block_number();
		let mut translated = 0u64;
		let mut amendments = alloc::vec::Vec::new();
		Proposals::<T>::translate::<v0::ProposalOf<T>, _>(|id, old| {
			translated.saturating_inc();
			OpenByMember::<T>::mutate(old.coop, &old.proposer, |n| n.saturating_inc());
			// Federation calls now need the amendment threshold, open ones too.
			let calls =
				Vec::<<T as Config>::RuntimeCall>::decode(&mut &old.calls[..]).unwrap_or_default();
			let federation = calls
				.iter()
				.any(|call| T::CallScope::scope(call).is_some_and(|scope| scope.federation));
			let mut threshold = old.threshold;
			if federation {
				if let Some((_, params)) = T::Bylaws::current(old.coop) {
					threshold = threshold.max(params.amendment_approval);
				}
			}
			if old.scope.amends_bylaws {
				amendments.push(id);
			}
			Some(Proposal {
				coop: old.coop,
				proposer: old.proposer,
				calls: old.calls,
				call_count: old.call_count,
				call_weight: old.call_weight,
				scope: DecisionScope {
					amends_bylaws: old.scope.amends_bylaws,
					expels: old.scope.expels,
					federation,
				},
				quorum: old.quorum,
				threshold,
				bylaws_version: old.bylaws_version,
				eligible_before: old.eligible_before,
				tally: old.tally,
				ends_at: old.ends_at,
				early_close_from: now.min(old.ends_at),
				deposit: old.deposit,
			})
		});
		// An amendment open at the upgrade carries the bylaws in the old encoding, which the new
		// runtime would read wrongly: it ends unenacted, its deposit back, to be proposed again.
		for id in amendments.iter() {
			if let Some(open) = Proposals::<T>::get(id) {
				Pallet::<T>::finish(*id, &open, Outcome::Expired);
			}
		}
		// Version 0 queued only closed proposals with votes, and kept their records for ever:
		// queue the others too, so that every record is pruned after the retention.
		let queued: alloc::collections::BTreeSet<ProposalId> =
			VoteCleanup::<T>::iter_values().collect();
		let mut closed = 0u64;
		let (head, mut tail) = VoteCleanupQueue::<T>::get();
		for proposal in Closed::<T>::iter_keys() {
			closed.saturating_inc();
			if !queued.contains(&proposal) {
				VoteCleanup::<T>::insert(tail, proposal);
				tail = tail.wrapping_add(1);
			}
		}
		VoteCleanupQueue::<T>::put((head, tail));
		// Each proposal: one read, one write, and one read and write of its proposer's count;
		// each closed record: a read and at most a write.
		let queue =
			(queued.len() as u64).saturating_add((amendments.len() as u64).saturating_mul(6));
		T::DbWeight::get().reads_writes(
			translated.saturating_mul(2).saturating_add(closed).saturating_add(queue),
			translated.saturating_mul(2).saturating_add(closed).saturating_add(1),
		)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		let open: alloc::vec::Vec<(ProposalId, v0::ProposalOf<T>)> =
			v0::Proposals::<T>::iter().collect();
		Ok(open.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let before: alloc::vec::Vec<(ProposalId, v0::ProposalOf<T>)> =
			Decode::decode(&mut &state[..]).map_err(|_| "pre-upgrade state decodes")?;
		ensure!(Proposals::<T>::iter().count() == before.len(), "a proposal was lost");
		for (id, old) in before {
			let new = Proposals::<T>::get(id).ok_or("a proposal was lost")?;
			ensure!(
				new.coop == old.coop
					&& new.proposer == old.proposer
					&& new.calls == old.calls
					&& new.tally == old.tally
					&& new.ends_at == old.ends_at
					&& new.threshold == old.threshold
					&& new.deposit == old.deposit,
				"a proposal changed in the migration"
			);
		}
		Pallet::<T>::do_try_state()
	}
}

/// Governance storage from version 0 to 1, run once when the on-chain version is 0.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	InnerMigrateV0ToV1<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
