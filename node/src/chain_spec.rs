//! The built-in chains. Their genesis state comes from the runtime's presets; this file only
//! names them and adds the token properties that wallets read.

use depin_runtime::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// A chain spec of this runtime, with no extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// `tokenSymbol`, `tokenDecimals` and `ss58Format`, for wallets and explorers.
fn token_properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"the runtime Wasm was not built (SKIP_WASM_BUILD was set); rebuild without it".to_string()
	})
}

/// `--dev` / `--chain dev`: Alice validates alone.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("DePIN Development")
		.with_id("depin_dev")
		.with_chain_type(ChainType::Development)
		.with_protocol_id("depin-dev")
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(token_properties())
		.build())
}

/// `--chain local`: Alice, Bob, Charlie and Dave validate.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("DePIN Local Testnet")
		.with_id("depin_local_testnet")
		.with_chain_type(ChainType::Local)
		.with_protocol_id("depin-local")
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(token_properties())
		.build())
}
