//! # DataCoop primitives
//!
//! The plain types every part of DataCoop agrees on: accounts, balances, block numbers. Pallets
//! take the small traits they use to talk to each other from here too, so no pallet depends on
//! another pallet's crate, and off-chain clients can share these types without linking the runtime.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod consent;
pub mod coop;

use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

/// Block number: a `u32` lasts 800 years at 6-second blocks.
pub type BlockNumber = u32;

/// Signature type of every transaction: sr25519, ed25519 or ecdsa, as Substrate wallets sign.
pub type Signature = MultiSignature;

/// An account on chain: the public key behind [`Signature`] (an `AccountId32`).
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account, in the smallest unit.
pub type Balance = u128;

/// Index of a transaction in the chain (the account nonce).
pub type Nonce = u32;

/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// Units of the chain's token, `DCOOP`, with 12 decimals.
pub mod currency {
	use super::Balance;

	/// One token.
	pub const UNIT: Balance = 1_000_000_000_000;
	/// A thousandth of a token.
	pub const MILLI_UNIT: Balance = 1_000_000_000;
	/// A millionth of a token.
	pub const MICRO_UNIT: Balance = 1_000_000;
	/// The smallest balance an account may hold.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;
}

/// Block times, in blocks.
pub mod time {
	use super::BlockNumber;

	/// Target block time, in milliseconds. Aura slots are this long.
	pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
	/// Slot duration for Aura.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
	/// One minute of blocks.
	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	/// One hour of blocks.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// One day of blocks.
	pub const DAYS: BlockNumber = HOURS * 24;
}
