//! Weights for `pallet_coops`.
//!
//! Hand-set from each benchmark's storage accesses until the benchmarks are run with the node's
//! `benchmark pallet` command (`--features runtime-benchmarks`); this file is then regenerated
//! and says how. Components: `m` founding members, `v` vouches.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_coops`.
pub trait WeightInfo {
	fn found(m: u32) -> Weight;
	fn join() -> Weight;
	fn apply() -> Weight;
	fn withdraw_application(v: u32) -> Weight;
	fn vouch(v: u32) -> Weight;
	fn admit(v: u32) -> Weight;
	fn reject_application(v: u32) -> Weight;
	fn leave() -> Weight;
	fn expel() -> Weight;
	fn spend() -> Weight;
}

macro_rules! weights {
	($db:expr) => {
		fn found(m: u32) -> Weight {
			Weight::from_parts(60_000_000, 4_000)
				.saturating_add(Weight::from_parts(20_000_000, 2_600).saturating_mul(m.into()))
				.saturating_add($db.reads(3_u64))
				.saturating_add($db.reads_writes(1_u64, 1_u64).saturating_mul(m.into()))
				.saturating_add($db.writes(6_u64))
		}
		fn join() -> Weight {
			Weight::from_parts(45_000_000, 4_000)
				.saturating_add($db.reads(5_u64))
				.saturating_add($db.writes(3_u64))
		}
		fn apply() -> Weight {
			Weight::from_parts(45_000_000, 4_000)
				.saturating_add($db.reads(6_u64))
				.saturating_add($db.writes(3_u64))
		}
		fn withdraw_application(v: u32) -> Weight {
			Weight::from_parts(40_000_000, 4_000)
				.saturating_add(Weight::from_parts(3_000_000, 2_500).saturating_mul(v.into()))
				.saturating_add($db.reads(2_u64))
				.saturating_add($db.writes(3_u64))
				.saturating_add($db.writes(1_u64).saturating_mul(v.into()))
		}
		fn vouch(v: u32) -> Weight {
			Weight::from_parts(50_000_000, 4_000)
				.saturating_add(Weight::from_parts(3_000_000, 2_500).saturating_mul(v.into()))
				.saturating_add($db.reads(6_u64))
				.saturating_add($db.writes(4_u64))
				.saturating_add($db.writes(1_u64).saturating_mul(v.into()))
		}
		fn admit(v: u32) -> Weight {
			Weight::from_parts(45_000_000, 4_000)
				.saturating_add(Weight::from_parts(3_000_000, 2_500).saturating_mul(v.into()))
				.saturating_add($db.reads(4_u64))
				.saturating_add($db.writes(3_u64))
				.saturating_add($db.writes(1_u64).saturating_mul(v.into()))
		}
		fn reject_application(v: u32) -> Weight {
			Weight::from_parts(40_000_000, 4_000)
				.saturating_add(Weight::from_parts(3_000_000, 2_500).saturating_mul(v.into()))
				.saturating_add($db.reads(2_u64))
				.saturating_add($db.writes(3_u64))
				.saturating_add($db.writes(1_u64).saturating_mul(v.into()))
		}
		fn leave() -> Weight {
			Weight::from_parts(40_000_000, 4_000)
				.saturating_add($db.reads(4_u64))
				.saturating_add($db.writes(4_u64))
		}
		fn expel() -> Weight {
			Weight::from_parts(40_000_000, 4_000)
				.saturating_add($db.reads(4_u64))
				.saturating_add($db.writes(4_u64))
		}
		fn spend() -> Weight {
			Weight::from_parts(50_000_000, 6_000)
				.saturating_add($db.reads(3_u64))
				.saturating_add($db.writes(2_u64))
		}
	};
}

/// Weights for `pallet_coops` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	weights!(T::DbWeight::get());
}

// For tests and backwards compatibility.
impl WeightInfo for () {
	weights!(RocksDbWeight::get());
}
