//! Storage migrations of the federation pallet.

use super::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// From version 0 to 1, without the version check (see [`MigrateV0ToV1`]): count the open
/// motions to admit a co-op into [`OpenApplications`], and take the votes of co-ops that left
/// out of open motions (version 0 kept them); nothing else changes layout.
pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut read = 0u64;
		let mut applications = 0u32;
		for motion in Motions::<T>::iter_values() {
			read.saturating_inc();
			if matches!(motion.kind, MotionKind::Admit(_)) {
				applications.saturating_inc();
			}
		}
		OpenApplications::<T>::put(applications);
		// Version 0 kept the votes of co-ops that left: take them out of the tallies, and
		// their voters out of the electorates (they voted, so they were in them).
		let stale: Vec<(MotionId, CoopId, bool)> = MotionVotes::<T>::iter()
			.filter(|(_, coop, _)| !Members::<T>::contains_key(coop))
			.collect();
		let mut writes = 1u64;
		for (motion, coop, aye) in stale {
			MotionVotes::<T>::remove(motion, coop);
			Motions::<T>::mutate(motion, |record| {
				if let Some(record) = record {
					if aye {
						record.ayes.saturating_dec()
					} else {
						record.nays.saturating_dec()
					}
					record.electorate.saturating_dec();
				}
			});
			writes = writes.saturating_add(2);
		}
		read = read.saturating_add(MotionVotes::<T>::iter_keys().count() as u64);
		T::DbWeight::get().reads_writes(read, writes)
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		Pallet::<T>::do_try_state()
	}
}

/// Federation storage from version 0 to 1, run once when the on-chain version is 0.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	InnerMigrateV0ToV1<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
