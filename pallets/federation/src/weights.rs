
//! Weights for `pallet_federation`. Placeholder figures until `scripts/bench-pallets.sh`
//! generates this file from the benchmarks.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_federation`.
pub trait WeightInfo {
	fn apply() -> Weight;
	fn propose_removal() -> Weight;
	fn propose_params() -> Weight;
	fn vote(v: u32, ) -> Weight;
	fn close() -> Weight;
	fn leave(v: u32, ) -> Weight;
	fn register_validator() -> Weight;
	fn deregister_validator() -> Weight;
}

/// Weights for `pallet_federation` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn apply() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn propose_removal() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn propose_params() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn vote(v: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64.saturating_mul(v.into())))
	}
	fn close() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn leave(v: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64.saturating_mul(v.into())))
	}
	fn register_validator() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn deregister_validator() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
}

// For tests and backwards compatibility.
impl WeightInfo for () {
	fn apply() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn propose_removal() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn propose_params() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn vote(v: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64.saturating_mul(v.into())))
	}
	fn close() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn leave(v: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64.saturating_mul(v.into())))
	}
	fn register_validator() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn deregister_validator() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
}
