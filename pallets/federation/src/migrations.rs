//! Storage migrations of the federation pallet.

use super::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// From version 0 to 1, without the version check (see [`MigrateV0ToV1`]): count the open
/// motions to admit a co-op into [`OpenApplications`]; nothing else changes layout.
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
		T::DbWeight::get().reads_writes(read, 1)
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
