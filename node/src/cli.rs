//! The command line of `depin-node`.

/// Subcommands of `depin-node`; without one, it runs a node.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Device operator commands: device keys, proofs of possession, registration, locations,
	/// heartbeats, beacons, witness reports and receipts, against a node's RPC.
	#[command(subcommand)]
	Device(depin_client::cli::DeviceCmd),

	/// Rewards: show an account's claimable and pending rewards, claim them.
	#[command(subcommand)]
	Rewards(depin_client::cli::RewardsCmd),

	/// Maker commands: maker keys, signing and inspecting device certificates (offline).
	#[command(subcommand)]
	Maker(depin_client::cli::MakerCmd),

	/// Key management: generate, inspect and insert keys (`insert` puts session keys into a
	/// node's keystore).
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Export a chain spec as JSON (`--raw` for the storage-level form that nodes share).
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain database.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmark the runtime's pallets, storage, blocks and this machine (built with
	/// `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}

/// `depin-node [SUBCOMMAND] [OPTIONS]`.
#[derive(Debug, clap::Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true
)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: sc_cli::RunCmd,
}
