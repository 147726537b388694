//! Storage migrations of the co-ops pallet.

use super::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// From version 0 to 1, without the version check (see [`MigrateV0ToV1`]): repair what the
/// double admission of version 0 could leave behind. Each co-op's member count is recounted
/// from its memberships, and an application of someone who is already a member is dropped and
/// its deposit released. The layout does not change (the maturity cohorts start empty: every
/// member of a running chain is mature).
///
/// O(members + applications): fine for the young chains this runs on; a chain with millions
/// of members would need a multi-block migration.
pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut reads = 0u64;
		let mut writes = 0u64;
		let coops: alloc::vec::Vec<CoopId> = CoopInfoOf::<T>::iter_keys().collect();
		for coop in coops {
			let members = Members::<T>::iter_prefix(coop).count() as u32;
			reads = reads.saturating_add(u64::from(members)).saturating_add(1);
			CoopInfoOf::<T>::mutate(coop, |info| {
				if let Some(info) = info {
					if info.members != members {
						info.members = members;
						writes.saturating_inc();
					}
				}
			});
		}
		let stale: alloc::vec::Vec<(CoopId, T::AccountId)> = Applications::<T>::iter_keys()
			.filter(|(coop, who)| Members::<T>::contains_key(coop, who))
			.collect();
		reads = reads.saturating_add(Applications::<T>::iter_keys().count() as u64);
		for (coop, who) in stale {
			// Its deposit is released; a failure to release leaves it held, never lost.
			let _ = Pallet::<T>::drop_application(coop, &who);
			writes = writes.saturating_add(2);
		}
		T::DbWeight::get().reads_writes(reads, writes)
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		Pallet::<T>::do_try_state()
	}
}

/// Co-ops storage from version 0 to 1, run once when the on-chain version is 0.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	InnerMigrateV0ToV1<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
