
//! Weights for `pallet_consent`. Placeholder figures until `scripts/bench-pallets.sh` generates
//! this file from the benchmarks; they overstate the measured costs of similar calls.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_consent`.
pub trait WeightInfo {
	fn give(c: u32, ) -> Weight;
	fn update(c: u32, ) -> Weight;
	fn withdraw(c: u32, ) -> Weight;
	fn remove(v: u32, ) -> Weight;
	fn commit() -> Weight;
	fn remove_commitment() -> Weight;
	fn expire(n: u32, ) -> Weight;
	fn on_member_left(n: u32, ) -> Weight;
}

/// Weights for `pallet_consent` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn give(c: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().reads(2_u64.saturating_mul(c.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64.saturating_mul(c.into())))
	}
	fn update(c: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().reads(2_u64.saturating_mul(c.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64.saturating_mul(c.into())))
	}
	fn withdraw(c: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().reads(2_u64.saturating_mul(c.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64.saturating_mul(c.into())))
	}
	fn remove(v: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().reads(2_u64.saturating_mul(v.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64.saturating_mul(v.into())))
	}
	fn commit() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn remove_commitment() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn expire(n: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().reads(2_u64.saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64.saturating_mul(n.into())))
	}
	fn on_member_left(n: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().reads(2_u64.saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64.saturating_mul(n.into())))
	}
}

// For tests and backwards compatibility.
impl WeightInfo for () {
	fn give(c: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().reads(2_u64.saturating_mul(c.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64.saturating_mul(c.into())))
	}
	fn update(c: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().reads(2_u64.saturating_mul(c.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64.saturating_mul(c.into())))
	}
	fn withdraw(c: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().reads(2_u64.saturating_mul(c.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64.saturating_mul(c.into())))
	}
	fn remove(v: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().reads(2_u64.saturating_mul(v.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64.saturating_mul(v.into())))
	}
	fn commit() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn remove_commitment() -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn expire(n: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().reads(2_u64.saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64.saturating_mul(n.into())))
	}
	fn on_member_left(n: u32, ) -> Weight {
		Weight::from_parts(500_000_000, 10_000)
			.saturating_add(Weight::from_parts(100_000_000, 3_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().reads(2_u64.saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64.saturating_mul(n.into())))
	}
}
