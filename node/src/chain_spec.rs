//! The chains this node knows by name, built from the runtime's genesis presets.

use datacoop_runtime::{genesis_config_presets::LOCAL_FEDERATION_PRESET, WASM_BINARY};
use sc_service::ChainType;

/// A chain spec of this node: no extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and address format, for wallets and explorers.
fn properties() -> sc_service::Properties {
	let mut properties = sc_service::Properties::new();
	properties.insert("tokenSymbol".into(), "DCOOP".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"the wasm runtime was not built into this binary (built with SKIP_WASM_BUILD?)".to_string()
	})
}

/// `--dev`: one validator (Alice) with the sudo key.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("DataCoop Development")
		.with_id("datacoop_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local_federation`: four co-op validators (Alice, Bob, Charlie, Dave), no sudo.
pub fn local_federation_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("DataCoop Local Federation")
		.with_id("datacoop_local_federation")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(LOCAL_FEDERATION_PRESET)
		.with_properties(properties())
		.build())
}
