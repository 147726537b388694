//! Storage migrations of the consent pallet.

use super::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// From version 0 to 1, without the version check (see [`MigrateV0ToV1`]).
///
/// Version 0 kept one bounded bucket of expiries per block and moved a consent's expiry earlier
/// when its block was full. Version 1 keeps that bucket as the first page of the block's
/// schedule, unchanged, and adds further pages and a cursor. Nothing stored is translated:
/// every version 0 bucket is a valid first page, its consents have no `ExpiryPageOf` entry
/// (which means the first page), and every bucket is for a block after the current one,
/// because version 0 marked each block's bucket at its start. The cursor starts at the current
/// block.
pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
	fn on_runtime_upgrade() -> Weight {
		let now = frame_system::Pallet::<T>::block_number();
		ExpiryCursor::<T>::put((now, 0));
		T::DbWeight::get().reads_writes(1, 1)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		let buckets: alloc::vec::Vec<(
			BlockNumberFor<T>,
			alloc::vec::Vec<(T::AccountId, ConsentId)>,
		)> = Expiries::<T>::iter().map(|(at, due)| (at, due.into_inner())).collect();
		Ok(buckets.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let before: alloc::vec::Vec<(
			BlockNumberFor<T>,
			alloc::vec::Vec<(T::AccountId, ConsentId)>,
		)> = Decode::decode(&mut &state[..]).map_err(|_| "pre-upgrade state decodes")?;
		for (at, due) in before {
			ensure!(Expiries::<T>::get(at).into_inner() == due, "an expiry bucket changed");
		}
		ensure!(ExpiryOverflow::<T>::iter().next().is_none(), "overflow pages from nowhere");
		Pallet::<T>::do_try_state()
	}
}

/// Consent storage from version 0 to 1, run once when the on-chain version is 0.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	InnerMigrateV0ToV1<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
