//! Weights for `pallet_bylaws`.
//!
//! Hand-set from the benchmark's storage accesses (one read, two writes) until the benchmarks
//! are run with the node's `benchmark pallet` command (`--features runtime-benchmarks`); this
//! file is then regenerated and says how.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_bylaws`.
pub trait WeightInfo {
	fn amend() -> Weight;
}

/// Weights for `pallet_bylaws` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Bylaws::Current` (r:1 w:1), `Bylaws::Versions` (r:0 w:1)
	fn amend() -> Weight {
		Weight::from_parts(25_000_000, 1_600)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

// For tests and backwards compatibility.
impl WeightInfo for () {
	fn amend() -> Weight {
		Weight::from_parts(25_000_000, 1_600)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}
