//! Invariants of the bylaws pallet, checked after every unit test and by `try-runtime`.

use crate::*;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Invariants: each co-op has exactly one version in force, the latest one, and versions
	/// 1..=current all exist.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		for (coop, current) in Current::<T>::iter() {
			ensure!(current >= 1, "a co-op's bylaws start at version 1");
			for version in 1..=current {
				ensure!(Versions::<T>::contains_key(coop, version), "a bylaws version is missing");
			}
			ensure!(
				!Versions::<T>::contains_key(coop, current.saturating_add(1)),
				"a version newer than the one in force exists"
			);
		}
		for (coop, version, record) in Versions::<T>::iter() {
			let current = Current::<T>::get(coop).ok_or("versions of a co-op without bylaws")?;
			ensure!(version <= current, "a version newer than the one in force exists");
			Self::check(&record.params).map_err(|_| "stored parameters are out of bounds")?;
		}
		Ok(())
	}
}
