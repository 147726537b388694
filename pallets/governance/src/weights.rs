//! Weights for `pallet_governance`.
//!
//! Hand-set from each benchmark's storage accesses until the benchmarks are run with the node's
//! `benchmark pallet` command (`--features runtime-benchmarks`); this file is then regenerated
//! and says how. Components: `c` calls, `l` bytes of encoded calls, `p` open proposals of the
//! co-op, `v` votes removed, `m` members of the co-op (benchmarked from 3 to 1,000,000 to show
//! that `vote` and `close` do not grow with it: these weights have no `m` term).

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_governance`.
pub trait WeightInfo {
	fn propose(c: u32, l: u32) -> Weight;
	fn vote(m: u32) -> Weight;
	fn close_approved(c: u32, l: u32, m: u32) -> Weight;
	fn close_rejected(m: u32) -> Weight;
	fn withdraw() -> Weight;
	fn on_member_left(p: u32) -> Weight;
	fn clean_votes(v: u32) -> Weight;
}

macro_rules! weights {
	($db:expr) => {
		fn propose(c: u32, l: u32) -> Weight {
			Weight::from_parts(60_000_000, 6_000)
				.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(c.into()))
				.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(l.into()))
				.saturating_add($db.reads(7_u64))
				.saturating_add($db.writes(5_u64))
		}
		fn vote(_m: u32) -> Weight {
			Weight::from_parts(35_000_000, 5_000)
				.saturating_add($db.reads(3_u64))
				.saturating_add($db.writes(2_u64))
		}
		fn close_approved(c: u32, l: u32, _m: u32) -> Weight {
			Weight::from_parts(60_000_000, 6_000)
				.saturating_add(Weight::from_parts(3_000_000, 0).saturating_mul(c.into()))
				.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(l.into()))
				.saturating_add($db.reads(4_u64))
				.saturating_add($db.writes(6_u64))
		}
		fn close_rejected(_m: u32) -> Weight {
			Weight::from_parts(50_000_000, 6_000)
				.saturating_add($db.reads(4_u64))
				.saturating_add($db.writes(6_u64))
		}
		fn withdraw() -> Weight {
			Weight::from_parts(45_000_000, 6_000)
				.saturating_add($db.reads(4_u64))
				.saturating_add($db.writes(5_u64))
		}
		fn on_member_left(p: u32) -> Weight {
			Weight::from_parts(5_000_000, 2_000)
				.saturating_add(Weight::from_parts(15_000_000, 5_000).saturating_mul(p.into()))
				.saturating_add($db.reads(1_u64))
				.saturating_add($db.reads_writes(2_u64, 2_u64).saturating_mul(p.into()))
		}
		fn clean_votes(v: u32) -> Weight {
			Weight::from_parts(10_000_000, 2_000)
				.saturating_add(Weight::from_parts(3_000_000, 2_500).saturating_mul(v.into()))
				.saturating_add($db.reads_writes(2_u64, 2_u64))
				.saturating_add($db.writes(1_u64).saturating_mul(v.into()))
		}
	};
}

/// Weights for `pallet_governance` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	weights!(T::DbWeight::get());
}

// For tests and backwards compatibility.
impl WeightInfo for () {
	weights!(RocksDbWeight::get());
}
