//! # DataCoop runtime
//!
//! The FRAME runtime of a DataCoop federation: data cooperatives run its validators (Aura blocks,
//! GRANDPA finality) and keep their members, votes, bylaws, consents and royalties on it.
//!
//! - [`configs`]: how each pallet is configured.
//! - [`apis`]: the runtime APIs the node and clients call.
//! - [`genesis_config_presets`]: the `development` and `local_federation` genesis presets.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` needs a large recursion limit.
#![recursion_limit = "256"]
// Runtime code must not panic. (`expect_used` is not denied: FRAME's own macros expand to
// `expect`s that cannot fail, which the lint would flag in our crate.)
#![cfg_attr(
	not(test),
	deny(
		clippy::arithmetic_side_effects,
		clippy::indexing_slicing,
		clippy::unwrap_used,
		clippy::panic,
		clippy::todo,
		clippy::unimplemented
	)
)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
pub mod configs;
pub mod contracts;
pub mod coop_configs;
pub mod genesis_config_presets;

use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256};
use sp_version::{runtime_version, RuntimeVersion};

pub use datacoop_primitives::{
	currency, time, AccountId, Balance, BlockNumber, Hash, Nonce, Signature,
};
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;

/// Types the node needs without knowing the runtime's extrinsic format: blocks and session keys.
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;

	impl_opaque_keys! {
		/// The keys a validator holds: one for authoring (Aura), one for finality (GRANDPA).
		pub struct SessionKeys {
			pub aura: Aura,
			pub grandpa: Grandpa,
		}
	}
}

/// The runtime's version. Bump `spec_version` on every change of runtime logic.
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("datacoop"),
	impl_name: alloc::borrow::Cow::Borrowed("datacoop"),
	authoring_version: 1,
	spec_version: 105,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	// 2: `coops.found` and `bylaws.amend` carry the new bylaws fields (spec 102).
	transaction_version: 2,
	system_version: 1,
};

/// The address format for describing accounts.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions every signed transaction carries, in the order wallets sign them.
///
/// These are the standard FRAME extensions, so polkadot.js, Talisman, SubWallet and subxt build
/// transactions for this chain without any custom type definitions.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to apply on runtime upgrade, beyond those the pallets declare themselves. Each is
/// versioned: it runs once, when the pallet's on-chain storage version is the one it starts
/// from, so a chain that already has the new layout (or starts with it) skips it.
pub type Migrations = (
	// spec 102: bylaws gain the minimum voting time and the membership maturity; proposals
	// the minimum voting time, the federation scope and the per-member count.
	pallet_coops::migrations::MigrateV0ToV1<Runtime>,
	pallet_bylaws::migrations::MigrateV0ToV1<Runtime>,
	pallet_governance::migrations::MigrateV0ToV1<Runtime>,
	pallet_federation::migrations::MigrateV0ToV1<Runtime>,
	// spec 103: the expiry schedule has pages and a cursor, so no expiry is refused.
	pallet_consent::migrations::MigrateV0ToV1<Runtime>,
	// spec 104: bylaws gain the cap on items per commitment (none on the versions stored).
	// The market's escrows, redemptions and weight histories are new maps, empty at the
	// upgrade; grants bought before it keep the pool they paid at purchase.
	pallet_bylaws::migrations::MigrateV1ToV2<Runtime>,
);

/// Executive: dispatches calls to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall, RuntimeEvent, RuntimeError, RuntimeOrigin, RuntimeFreezeReason,
		RuntimeHoldReason, RuntimeSlashReason, RuntimeLockId, RuntimeTask, RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Utility = pallet_utility;

	/// Only the `development` preset sets a sudo key; on a federation it stays empty and the
	/// chain is governed by its co-ops.
	#[runtime::pallet_index(7)]
	pub type Sudo = pallet_sudo;

	// The co-op pallets.

	/// Co-ops, members, admission, leaving, treasury.
	#[runtime::pallet_index(10)]
	pub type Coops = pallet_coops;

	/// Every version of every co-op's bylaws.
	#[runtime::pallet_index(11)]
	pub type Bylaws = pallet_bylaws;

	/// One-member-one-vote proposals and the co-op origin.
	#[runtime::pallet_index(12)]
	pub type Governance = pallet_governance;

	/// Members' consents, their history, pool sizes, and data commitments.
	#[runtime::pallet_index(13)]
	pub type Consent = pallet_consent;

	/// Access offers, escrowed purchases, grants and royalty pools.
	#[runtime::pallet_index(14)]
	pub type Market = pallet_market;

	// The federation that runs the chain.

	/// Member co-ops and their validators. Before `Session`: its genesis plans the first set.
	#[runtime::pallet_index(15)]
	pub type Federation = pallet_federation;

	/// Sessions: the validator set (Aura and GRANDPA authorities) follows the federation.
	#[runtime::pallet_index(16)]
	pub type Session = pallet_session;

	// Access contracts.

	/// PolkaVM contracts (ink! 6); they reach the market only through its precompile.
	#[runtime::pallet_index(20)]
	pub type Revive = pallet_revive;
}

#[cfg(feature = "runtime-benchmarks")]
mod benches {
	frame_benchmarking::define_benchmarks!(
		[frame_benchmarking, BaselineBench::<Runtime>]
		[frame_system, SystemBench::<Runtime>]
		[pallet_balances, Balances]
		[pallet_timestamp, Timestamp]
		[pallet_utility, Utility]
		[pallet_sudo, Sudo]
		[pallet_coops, Coops]
		[pallet_bylaws, Bylaws]
		[pallet_governance, Governance]
		[pallet_consent, Consent]
		[pallet_market, Market]
		[pallet_federation, Federation]
	);
	pub use frame_benchmarking::baseline::Pallet as BaselineBench;
	pub use frame_system_benchmarking::Pallet as SystemBench;

	pub use super::*;

	impl frame_benchmarking::baseline::Config for Runtime {}
}
