//! Genesis presets: the starting state of a DataCoop chain.
//!
//! - `development` (`--dev`): one validator (Alice), a sudo key for local experiments, the
//!   well-known dev accounts funded, and a demo co-op (id 0) founded by Alice with Bob, Charlie
//!   and Dave under the bylaws in `docs/demo-bylaws.md` (open admission); the demo co-op is the
//!   federation's one member and runs Alice's validator.
//! - `local_federation`: four co-op validators (Alice, Bob, Charlie, Dave) on one machine, each
//!   the founder of its own co-op (ids 0 to 3) that admits new members by vote, each co-op a
//!   member of the federation running its founder's validator; no sudo: a co-op chain is
//!   governed by its members.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use datacoop_primitives::coop::{AdmissionPolicy, BylawsParams, DocumentRef, Vocabulary};
use sp_runtime::Perbill;

use crate::{
	currency::UNIT, opaque::SessionKeys, time::MINUTES, AccountId, Balance, BalancesConfig,
	BlockNumber, CoopsConfig, FederationConfig, RuntimeGenesisConfig, SessionConfig, SudoConfig,
};

/// The demo co-op's bylaws document; the chain keeps its blake2-256 hash.
pub const DEMO_BYLAWS: &[u8] = include_bytes!("../../docs/demo-bylaws.md");

/// Reference to the demo bylaws: their blake2-256 hash.
pub fn demo_bylaws_ref() -> DocumentRef {
	DocumentRef::truncate_from(
		<sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(DEMO_BYLAWS)
			.as_bytes()
			.to_vec(),
	)
}

/// The most items one commitment may declare under the demo bylaws.
pub const DEMO_ITEM_CAP: u32 = 10_000;

/// The parameters `docs/demo-bylaws.md` sets.
pub fn demo_bylaws_params() -> BylawsParams<BlockNumber> {
	BylawsParams {
		quorum: Perbill::from_percent(50),
		approval: Perbill::from_percent(50),
		amendment_approval: Perbill::from_rational(2u32, 3u32),
		expulsion_approval: Perbill::from_percent(75),
		voting_period: 2 * MINUTES,
		min_voting_period: MINUTES / 2,
		membership_maturity: MINUTES,
		admission: AdmissionPolicy::Open,
		revenue_share: Perbill::from_percent(10),
		max_members: None,
		max_items_per_commitment: Some(DEMO_ITEM_CAP),
		vocabulary: Vocabulary { purposes: 4, categories: 6 },
	}
}

/// A co-op for genesis: founder, other founding members, bylaws.
type GenesisCoop = (AccountId, Vec<AccountId>, DocumentRef, BylawsParams<BlockNumber>);

/// The parameters of the `local_federation` validator co-ops (the last section of
/// `docs/demo-bylaws.md`): admission by vote, so no stranger can join a one-member co-op and
/// take over its validator; early close at once, since the founder is the only voter.
pub fn validator_coop_bylaws_params() -> BylawsParams<BlockNumber> {
	BylawsParams { admission: AdmissionPolicy::Vote, min_voting_period: 0, ..demo_bylaws_params() }
}

fn demo_coop(founder: Sr25519Keyring, members: &[Sr25519Keyring]) -> GenesisCoop {
	(
		founder.to_account_id(),
		members.iter().map(|m| m.to_account_id()).collect(),
		demo_bylaws_ref(),
		demo_bylaws_params(),
	)
}

fn validator_coop(founder: Sr25519Keyring) -> GenesisCoop {
	(founder.to_account_id(), Vec::new(), demo_bylaws_ref(), validator_coop_bylaws_params())
}

/// Name of the four-validator federation preset.
pub const LOCAL_FEDERATION_PRESET: &str = "local_federation";

/// What each pre-funded account starts with: one million tokens.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// One validator: its account (the co-op registers it with the federation) and its session
/// keys, Aura for authoring and GRANDPA for finality.
struct Validator {
	account: AccountId,
	aura: AuraId,
	grandpa: GrandpaId,
}

fn validator(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Validator {
	Validator { account: sr.to_account_id(), aura: sr.public().into(), grandpa: ed.public().into() }
}

/// Genesis with `validators[i]` run by co-op `i`, every co-op of `coops` a member of the
/// federation. Aura and GRANDPA start empty: the session pallet hands them the validators' keys.
fn genesis(
	validators: Vec<Validator>,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
	coops: Vec<GenesisCoop>,
) -> Value {
	let members = (0..coops.len() as u32)
		.map(|coop| {
			let runs = validators.get(coop as usize).map(|v| v.account.clone());
			(coop, runs.into_iter().collect::<Vec<_>>())
		})
		.collect::<Vec<_>>();
	let keys = validators
		.iter()
		.map(|v| {
			let keys = SessionKeys { aura: v.aura.clone(), grandpa: v.grandpa.clone() };
			(v.account.clone(), v.account.clone(), keys)
		})
		.collect::<Vec<_>>();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|account| (account, ENDOWMENT)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: sudo },
		coops: CoopsConfig { coops },
		federation: FederationConfig { members },
		session: SessionConfig { keys },
	})
}

/// The `development` preset: Alice validates alone, holds the sudo key, and founded the demo
/// co-op.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		vec![demo_coop(
			Sr25519Keyring::Alice,
			&[Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave],
		)],
	)
}

/// The `local_federation` preset: four co-op validators, each with its own co-op; no sudo.
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
		[Alice, Bob, Charlie, Dave].into_iter().map(validator_coop).collect(),
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
