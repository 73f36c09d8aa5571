//! The operator CLI, `depin-node device …`, `depin-node rewards …` and `depin-node maker …`:
//! device keys, proofs of possession, registration, locations, device-signed proofs and
//! rewards, against any node's RPC; maker keys and device certificates, offline. Owner calls are built from the node's metadata and signed here with the owner's sr25519
//! key ([`crate::chain`]); device proofs go through the node's `depin_submit*` methods; replies
//! are read typed ([`crate::rpc::DepinApiClient`]). `docs/operators.md` walks through it.
//!
//! Every command prints its result as JSON on stdout, or its error on stderr and exits with
//! status 1.

mod device;
mod io;
pub mod keys;
mod maker;
mod rewards;

use std::path::PathBuf;

use crate::json::text::Scheme;

/// The node to talk to.
#[derive(Debug, Clone, clap::Args)]
pub struct Connection {
	/// The node's RPC endpoint (ws://, wss://, http:// or https://).
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	pub url: String,
}

/// The owner account that signs a call.
#[derive(Debug, Clone, clap::Args)]
pub struct Owner {
	/// The owner's sr25519 secret: a dev URI (`//Alice`), a mnemonic phrase or a 0x hex seed,
	/// optionally with a derivation path.
	#[arg(long, required_unless_present = "suri_file", conflicts_with = "suri_file")]
	pub suri: Option<String>,
	/// A file holding the owner's secret, as for `--suri`.
	#[arg(long)]
	pub suri_file: Option<PathBuf>,
}

/// A device named by its key or by its key file.
#[derive(Debug, Clone, clap::Args)]
pub struct DeviceRef {
	/// The device's public key (0x hex: 32 bytes Ed25519, 33 bytes compressed P-256).
	#[arg(long, required_unless_present = "key_file", conflicts_with = "key_file")]
	pub device: Option<String>,
	/// The device's key file.
	#[arg(long)]
	pub key_file: Option<PathBuf>,
}

/// `depin-node device …`.
#[derive(Debug, clap::Subcommand)]
pub enum DeviceCmd {
	/// Generate a device key into a new key file (never overwritten, mode 0600).
	KeyGenerate {
		/// The signature scheme.
		#[arg(long, value_enum)]
		scheme: Scheme,
		/// The key file to create.
		#[arg(long)]
		out: PathBuf,
	},
	/// Import a device secret into a new key file.
	KeyImport {
		/// The signature scheme.
		#[arg(long, value_enum)]
		scheme: Scheme,
		/// The 32-byte secret in 0x hex: Ed25519 seed or P-256 scalar.
		#[arg(long)]
		secret: String,
		/// The key file to create.
		#[arg(long)]
		out: PathBuf,
	},
	/// Print a key file's scheme and public key.
	KeyShow {
		/// The key file.
		#[arg(long)]
		key_file: PathBuf,
	},
	/// Print the device's proof of possession for an owner: its signature of the
	/// registration message (genesis hash and nonce read from the node).
	Pop {
		/// The device's key file.
		#[arg(long)]
		key_file: PathBuf,
		/// The owner's SS58 address.
		#[arg(long)]
		owner: String,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Register a device under the owner's account; the bond is held from it, and the maker's
	/// onboarding fee at the key's first registration.
	Register {
		/// The device's key file (it signs the proof of possession).
		#[arg(long)]
		key_file: PathBuf,
		/// loraHotspot, wifiHotspot, fiveGHotspot, sensor, energy or compute.
		#[arg(long)]
		kind: String,
		/// The device's maker certificate: the file `maker certify` wrote, or its `0x` hex.
		/// Required unless the kind is open.
		#[arg(long)]
		certificate: Option<String>,
		/// The owner account that signs.
		#[command(flatten)]
		owner: Owner,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Assert a device's location, from latitude/longitude or an H3 cell (resolution 12).
	Locate {
		/// The device.
		#[command(flatten)]
		device: DeviceRef,
		/// Latitude, degrees (with --lng).
		#[arg(
			long,
			allow_hyphen_values = true,
			requires = "lng",
			required_unless_present = "cell"
		)]
		lat: Option<f64>,
		/// Longitude, degrees (with --lat).
		#[arg(long, allow_hyphen_values = true, requires = "lat")]
		lng: Option<f64>,
		/// The H3 cell at resolution 12, instead of --lat/--lng.
		#[arg(long, conflicts_with_all = ["lat", "lng"])]
		cell: Option<String>,
		/// Antenna gain, dBi (0.1 dBi steps).
		#[arg(long, default_value_t = 0.0)]
		gain_dbi: f64,
		/// Antenna elevation above ground, metres.
		#[arg(long, default_value_t = 0, allow_hyphen_values = true)]
		elevation_m: i32,
		/// The owner account that signs.
		#[command(flatten)]
		owner: Owner,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Sign the current epoch's heartbeat and submit it (non-radio devices); prints the
	/// transaction hash.
	Heartbeat {
		/// The device's key file.
		#[arg(long)]
		key_file: PathBuf,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Make a beacon on the chain's latest block: prints its JSON; transmit its payload.
	Beacon {
		/// The beaconer's key file.
		#[arg(long)]
		key_file: PathBuf,
		/// Carrier frequency, kHz.
		#[arg(long)]
		frequency_khz: u32,
		/// Transmit power, dBm (0.1 dBm steps).
		#[arg(long, allow_hyphen_values = true)]
		tx_power_dbm: f64,
		/// Write the JSON here instead of printing it.
		#[arg(long)]
		out: Option<PathBuf>,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Sign a witness report of a heard beacon: prints its JSON, for the beaconer's receipt.
	Witness {
		/// The witness's key file.
		#[arg(long)]
		key_file: PathBuf,
		/// The beaconer's public key.
		#[arg(long)]
		beaconer: String,
		/// The beacon's JSON file (from `device beacon`).
		#[arg(long)]
		beacon: PathBuf,
		/// Received signal strength, dBm (0.1 dBm steps).
		#[arg(long, allow_hyphen_values = true)]
		rssi_dbm: f64,
		/// Signal-to-noise ratio, dB (0.1 dB steps).
		#[arg(long, allow_hyphen_values = true)]
		snr_db: f64,
		/// Received frequency, kHz.
		#[arg(long)]
		frequency_khz: u32,
		/// Arrival after the beacon's transmission, microseconds.
		#[arg(long)]
		arrival_us: u32,
		/// Write the JSON here instead of printing it.
		#[arg(long)]
		out: Option<PathBuf>,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Sign a receipt of a beacon with its witness reports and submit it; prints the
	/// transaction hash.
	Receipt {
		/// The beaconer's key file.
		#[arg(long)]
		key_file: PathBuf,
		/// The beacon's JSON file.
		#[arg(long)]
		beacon: PathBuf,
		/// A witness report's JSON file (from `device witness`); repeat for each.
		#[arg(long)]
		witness: Vec<PathBuf>,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Announce a beacon (from `device beacon`): submits its signed announcement, which shows
	/// only the payload's seal; prints the transaction hash. Keep the beacon's file for
	/// `device reveal`.
	Announce {
		/// The beaconer's key file.
		#[arg(long)]
		key_file: PathBuf,
		/// The beacon's JSON file.
		#[arg(long)]
		beacon: PathBuf,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Sign a report of an announced beacon the witness received: prints its JSON, for any
	/// relayer (`device relay`).
	Report {
		/// The witness's key file.
		#[arg(long)]
		key_file: PathBuf,
		/// The beaconer's public key.
		#[arg(long)]
		beaconer: String,
		/// The payload received over the air, 32 bytes in hex.
		#[arg(long)]
		payload: String,
		/// Received signal strength, dBm (0.1 dBm steps).
		#[arg(long, allow_hyphen_values = true)]
		rssi_dbm: f64,
		/// Signal-to-noise ratio, dB (0.1 dB steps).
		#[arg(long, allow_hyphen_values = true)]
		snr_db: f64,
		/// Received frequency, kHz.
		#[arg(long)]
		frequency_khz: u32,
		/// Write the JSON here instead of printing it.
		#[arg(long)]
		out: Option<PathBuf>,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Relay witnesses' reports (from `device report`) in one feeless transaction; needs no
	/// key. Prints the transaction hash.
	Relay {
		/// A report's JSON file; repeat for each (1 to 128).
		#[arg(long, required = true)]
		report: Vec<PathBuf>,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Reveal an announced beacon once its report window has closed; prints the transaction
	/// hash.
	Reveal {
		/// The beaconer's key file.
		#[arg(long)]
		key_file: PathBuf,
		/// The beacon's JSON file (from `device beacon`).
		#[arg(long)]
		beacon: PathBuf,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Show a device: owner, kind, status, location, proof-of-coverage timing and rewards.
	Show {
		/// The device.
		#[command(flatten)]
		device: DeviceRef,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
}

/// `depin-node rewards …`.
#[derive(Debug, clap::Subcommand)]
pub enum RewardsCmd {
	/// Show an account's claimable and pending rewards over all its devices.
	Show {
		/// The account's SS58 address.
		#[arg(long)]
		account: String,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
	/// Claim all the owner's claimable rewards (one transaction per `MaxClaimDevices`
	/// devices, as many as it takes).
	Claim {
		/// The owner account that signs.
		#[command(flatten)]
		owner: Owner,
		/// The node to talk to.
		#[command(flatten)]
		connection: Connection,
	},
}

/// `depin-node maker …`.
#[derive(Debug, clap::Subcommand)]
pub enum MakerCmd {
	/// Generate a maker signing key into a new key file (never overwritten, mode 0600); add
	/// its public key with `makers.addMakerKey`.
	KeyGenerate {
		/// The signature scheme.
		#[arg(long, value_enum)]
		scheme: Scheme,
		/// The key file to create.
		#[arg(long)]
		out: PathBuf,
	},
	/// Sign a device's certificate with a maker key (docs/makers.md), for one chain.
	Certify {
		/// The maker key file.
		#[arg(long)]
		key_file: PathBuf,
		/// The maker's number.
		#[arg(long)]
		maker: u32,
		/// The device's public key (0x hex: 32 bytes Ed25519, 33 bytes compressed P-256).
		#[arg(long)]
		device: String,
		/// loraHotspot, wifiHotspot, fiveGHotspot, sensor, energy or compute.
		#[arg(long)]
		kind: String,
		/// The production batch.
		#[arg(long)]
		batch: u32,
		/// The maker's serial number of the device.
		#[arg(long)]
		serial: u64,
		/// An energy device's rated power, in watts.
		#[arg(long)]
		rated_power_w: Option<u32>,
		/// A compute device's hardware class (0 to 7).
		#[arg(long)]
		compute_class: Option<u8>,
		/// The Unix time in seconds after which the certificate no longer registers a device.
		#[arg(long)]
		expires_at: Option<u64>,
		/// The chain's genesis hash (0x, 32 bytes); 32 zero bytes certify a device of a chain
		/// spec's genesis.
		#[arg(long, required_unless_present = "url", conflicts_with = "url")]
		genesis_hash: Option<String>,
		/// A node of the chain, to read its genesis hash from.
		#[arg(long)]
		url: Option<String>,
		/// Write the certificate here instead of printing it.
		#[arg(long)]
		out: Option<PathBuf>,
	},
	/// Decode a certificate and check its signature (an X.509 chain's, against its root).
	Inspect {
		/// The file `maker certify` or `maker x509-chain` wrote, or the certificate's `0x`
		/// hex.
		#[arg(long)]
		certificate: String,
		/// An X.509 chain's root certificate (DER or PEM file).
		#[arg(long)]
		root: Option<PathBuf>,
	},
	/// Build the certificate of a device from its secure element's X.509 chain (DER or PEM
	/// files), verified against the root as the chain will (docs/makers.md, "X.509 chains").
	X509Chain {
		/// The root certificate governance registered for the maker.
		#[arg(long)]
		root: PathBuf,
		/// The signer (intermediate) certificate.
		#[arg(long)]
		signer: PathBuf,
		/// The device certificate.
		#[arg(long)]
		device: PathBuf,
		/// Write the certificate here instead of printing it.
		#[arg(long)]
		out: Option<PathBuf>,
	},
}

/// Runs `depin-node device …`.
pub fn device(command: &DeviceCmd) -> ! {
	io::run(|| device::run(command))
}

/// Runs `depin-node rewards …`.
pub fn rewards(command: &RewardsCmd) -> ! {
	io::run(|| rewards::run(command))
}

/// Runs `depin-node maker …`.
pub fn maker(command: &MakerCmd) -> ! {
	io::run(|| maker::run(command))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[derive(Debug, clap::Parser)]
	enum Commands {
		/// Device commands.
		#[command(subcommand)]
		Device(DeviceCmd),
		/// Rewards commands.
		#[command(subcommand)]
		Rewards(RewardsCmd),
		/// Maker commands.
		#[command(subcommand)]
		Maker(MakerCmd),
	}

	#[test]
	fn every_command_has_help() {
		use clap::CommandFactory;
		let cli = Commands::command();
		for group in cli.get_subcommands() {
			assert!(group.get_about().is_some(), "{} has no help", group.get_name());
			for command in group.get_subcommands() {
				assert!(command.get_about().is_some(), "{} has no help", command.get_name());
			}
		}
	}
}
