//! Storage migrations of the bylaws pallet.

use super::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

/// Storage version 0: parameters before the minimum voting time and the membership maturity.
pub mod v0 {
	use super::*;

	/// Bylaws parameters as version 0 stored them.
	#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
	pub struct BylawsParams<BlockNumber> {
		pub quorum: Perbill,
		pub approval: Perbill,
		pub amendment_approval: Perbill,
		pub expulsion_approval: Perbill,
		pub voting_period: BlockNumber,
		pub admission: AdmissionPolicy,
		pub revenue_share: Perbill,
		pub max_members: Option<u32>,
		pub vocabulary: Vocabulary,
	}

	/// A bylaws version as version 0 stored it.
	#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
	pub struct BylawsRecord<BlockNumber> {
		pub document: DocumentRef,
		pub params: BylawsParams<BlockNumber>,
		pub enacted_by: Option<ProposalId>,
		pub enacted_at: BlockNumber,
	}

	/// Every bylaws version as version 0 stored it.
	#[frame_support::storage_alias]
	pub type Versions<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Twox64Concat,
		CoopId,
		Twox64Concat,
		BylawsVersion,
		BylawsRecord<BlockNumberFor<T>>,
	>;
}

/// Storage version 1: parameters before the cap on items per commitment.
pub mod v1 {
	use super::*;

	/// Bylaws parameters as version 1 stored them.
	#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
	pub struct BylawsParams<BlockNumber> {
		pub quorum: Perbill,
		pub approval: Perbill,
		pub amendment_approval: Perbill,
		pub expulsion_approval: Perbill,
		pub voting_period: BlockNumber,
		pub min_voting_period: BlockNumber,
		pub membership_maturity: BlockNumber,
		pub admission: AdmissionPolicy,
		pub revenue_share: Perbill,
		pub max_members: Option<u32>,
		pub vocabulary: Vocabulary,
	}

	/// A bylaws version as version 1 stored it.
	#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
	pub struct BylawsRecord<BlockNumber> {
		pub document: DocumentRef,
		pub params: BylawsParams<BlockNumber>,
		pub enacted_by: Option<ProposalId>,
		pub enacted_at: BlockNumber,
	}

	/// Every bylaws version as version 1 stored it.
	#[frame_support::storage_alias]
	pub type Versions<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Twox64Concat,
		CoopId,
		Twox64Concat,
		BylawsVersion,
		BylawsRecord<BlockNumberFor<T>>,
	>;
}

/// From version 0 to 1, without the version check (see [`MigrateV0ToV1`]): every stored
/// version, in force or not, gains a minimum voting time and a membership maturity of 0, which
/// is what those bylaws meant (early close at once, everyone votes at once). A co-op adopts
/// other values by amending its bylaws.
pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut translated = 0u64;
		v1::Versions::<T>::translate::<v0::BylawsRecord<BlockNumberFor<T>>, _>(|_, _, old| {
			translated.saturating_inc();
			let p = old.params;
			Some(v1::BylawsRecord {
				document: old.document,
				params: v1::BylawsParams {
					quorum: p.quorum,
					approval: p.approval,
					amendment_approval: p.amendment_approval,
					expulsion_approval: p.expulsion_approval,
					voting_period: p.voting_period,
					min_voting_period: Zero::zero(),
					membership_maturity: Zero::zero(),
					admission: p.admission,
					revenue_share: p.revenue_share,
					max_members: p.max_members,
					vocabulary: p.vocabulary,
				},
				enacted_by: old.enacted_by,
				enacted_at: old.enacted_at,
			})
		});
		T::DbWeight::get().reads_writes(translated, translated)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		let all: alloc::vec::Vec<(CoopId, BylawsVersion, v0::BylawsRecord<BlockNumberFor<T>>)> =
			v0::Versions::<T>::iter().collect();
		Ok(all.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let before: alloc::vec::Vec<(CoopId, BylawsVersion, v0::BylawsRecord<BlockNumberFor<T>>)> =
			Decode::decode(&mut &state[..]).map_err(|_| "pre-upgrade state decodes")?;
		ensure!(v1::Versions::<T>::iter().count() == before.len(), "a bylaws version was lost");
		for (coop, version, old) in before {
			let new = v1::Versions::<T>::get(coop, version).ok_or("a bylaws version was lost")?;
			ensure!(
				new.document == old.document
					&& new.enacted_at == old.enacted_at
					&& new.params.quorum == old.params.quorum
					&& new.params.voting_period == old.params.voting_period
					&& new.params.admission == old.params.admission
					&& new.params.vocabulary == old.params.vocabulary,
				"a bylaws version changed in the migration"
			);
		}
		Ok(())
	}
}

/// Bylaws storage from version 0 to 1, run once when the on-chain version is 0.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	InnerMigrateV0ToV1<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

/// From version 1 to 2, without the version check (see [`MigrateV1ToV2`]): every stored
/// version gains `max_items_per_commitment: None`, which is what those bylaws meant (no cap).
/// A co-op adopts a cap by amending its bylaws.
pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut translated = 0u64;
		Versions::<T>::translate::<v1::BylawsRecord<BlockNumberFor<T>>, _>(|_, _, old| {
			translated.saturating_inc();
			let p = old.params;
			Some(BylawsRecord {
				document: old.document,
				params: BylawsParams {
					quorum: p.quorum,
					approval: p.approval,
					amendment_approval: p.amendment_approval,
					expulsion_approval: p.expulsion_approval,
					voting_period: p.voting_period,
					min_voting_period: p.min_voting_period,
					membership_maturity: p.membership_maturity,
					admission: p.admission,
					revenue_share: p.revenue_share,
					max_members: p.max_members,
					max_items_per_commitment: None,
					vocabulary: p.vocabulary,
				},
				enacted_by: old.enacted_by,
				enacted_at: old.enacted_at,
			})
		});
		T::DbWeight::get().reads_writes(translated, translated)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		let all: alloc::vec::Vec<(CoopId, BylawsVersion, v1::BylawsRecord<BlockNumberFor<T>>)> =
			v1::Versions::<T>::iter().collect();
		Ok(all.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let before: alloc::vec::Vec<(CoopId, BylawsVersion, v1::BylawsRecord<BlockNumberFor<T>>)> =
			Decode::decode(&mut &state[..]).map_err(|_| "pre-upgrade state decodes")?;
		ensure!(Versions::<T>::iter().count() == before.len(), "a bylaws version was lost");
		for (coop, version, old) in before {
			let new = Versions::<T>::get(coop, version).ok_or("a bylaws version was lost")?;
			ensure!(
				new.document == old.document
					&& new.enacted_at == old.enacted_at
					&& new.params.voting_period == old.params.voting_period
					&& new.params.membership_maturity == old.params.membership_maturity
					&& new.params.admission == old.params.admission
					&& new.params.vocabulary == old.params.vocabulary
					&& new.params.max_items_per_commitment.is_none(),
				"a bylaws version changed in the migration"
			);
		}
		Pallet::<T>::do_try_state()
	}
}

/// Bylaws storage from version 1 to 2, run once when the on-chain version is 1.
pub type MigrateV1ToV2<T> = VersionedMigration<
	1,
	2,
	InnerMigrateV1ToV2<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
