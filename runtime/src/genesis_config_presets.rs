//! Genesis presets: the starting state of a DataCoop chain.
//!
//! - `development` (`--dev`): one validator (Alice), a sudo key for local experiments, and the
//!   well-known dev accounts funded.
//! - `local_federation`: four co-op validators (Alice, Bob, Charlie, Dave) on one machine, no sudo:
//!   a co-op chain is governed by its members.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	currency::UNIT, AccountId, Balance, BalancesConfig, RuntimeGenesisConfig, SudoConfig,
};

/// Name of the four-validator federation preset.
pub const LOCAL_FEDERATION_PRESET: &str = "local_federation";

/// What each pre-funded account starts with: one million tokens.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// One validator's keys: Aura for authoring, GRANDPA for finality.
struct Validator {
	aura: AuraId,
	grandpa: GrandpaId,
}

fn validator(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Validator {
	Validator { aura: sr.public().into(), grandpa: ed.public().into() }
}

fn genesis(validators: Vec<Validator>, endowed: Vec<AccountId>, sudo: Option<AccountId>) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|account| (account, ENDOWMENT)).collect::<Vec<_>>(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: validators.iter().map(|v| v.aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: validators.iter().map(|v| (v.grandpa.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: sudo },
	})
}

/// The `development` preset: Alice validates alone and holds the sudo key.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// The `local_federation` preset: four co-op validators, no sudo.
pub fn local_federation_genesis() -> Value {
	use Sr25519Keyring::{Alice, Bob, Charlie, Dave};
	genesis(
		vec![
			validator(Alice, Ed25519Keyring::Alice),
			validator(Bob, Ed25519Keyring::Bob),
			validator(Charlie, Ed25519Keyring::Charlie),
			validator(Dave, Ed25519Keyring::Dave),
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		None,
	)
}

/// The JSON patch of the preset called `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_str() {
		DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_FEDERATION_PRESET => local_federation_genesis(),
		_ => return None,
	};
	Some(serde_json::to_string(&patch).ok()?.into_bytes())
}

/// The names of all presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_FEDERATION_PRESET)]
}
