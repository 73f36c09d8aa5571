//! depin-node: the validator and RPC node of the DePIN solochain.

// `sc_cli::Error` and `sc_service::Error` are large, and sc-cli's runner dictates them.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
