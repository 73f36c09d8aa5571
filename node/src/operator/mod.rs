//! The operator CLI, `depin-node device …` and `depin-node rewards …`: device keys, proofs of
//! possession, registration, locations, device-signed proofs and rewards, against any node's
//! RPC. Owner calls are signed here with the owner's sr25519 key; device proofs go through the
//! node's `depin_submit*` methods. `docs/operators.md` walks through it.

mod chain;
mod keys;

use std::path::{Path, PathBuf};

use depin_primitives::{
	device::{heartbeat_message, registration_message},
	geo::{self, LOCATION_RESOLUTION},
	poc::{beacon_payload, receipt_message, witness_message, BeaconReceipt, WitnessReport},
	signing::DeviceSigner,
	DeviceKey,
};
use depin_runtime::{AccountId, RuntimeCall, RuntimeEvent};
use jsonrpsee::rpc_params;
use serde::Serialize;
use serde_json::Value;
use sp_core::{sr25519, Pair};
use sp_runtime::{traits::IdentifyAccount, MultiSigner};

use crate::json::{
	device_key_hex, parse_account, parse_cell, parse_device_key, parse_kind, signature_hex, ss58,
	BeaconJson, HeartbeatJson, MeasurementsJson, ReceiptJson, WitnessReportJson,
};
use chain::Chain;
pub use keys::Scheme;

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
		#[command(flatten)]
		connection: Connection,
	},
	/// Register a device under the owner's account; the bond is held from it.
	Register {
		/// The device's key file (it signs the proof of possession).
		#[arg(long)]
		key_file: PathBuf,
		/// loraHotspot, wifiHotspot, fiveGHotspot, sensor, energy or compute.
		#[arg(long)]
		kind: String,
		#[command(flatten)]
		owner: Owner,
		#[command(flatten)]
		connection: Connection,
	},
	/// Assert a device's location, from latitude/longitude or an H3 cell (resolution 12).
	Locate {
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
		#[command(flatten)]
		owner: Owner,
		#[command(flatten)]
		connection: Connection,
	},
	/// Sign the current epoch's heartbeat and submit it (non-radio devices); prints the
	/// transaction hash.
	Heartbeat {
		/// The device's key file.
		#[arg(long)]
		key_file: PathBuf,
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
		#[command(flatten)]
		connection: Connection,
	},
	/// Show a device: owner, kind, status, location, proof-of-coverage timing and rewards.
	Show {
		#[command(flatten)]
		device: DeviceRef,
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
		#[command(flatten)]
		connection: Connection,
	},
	/// Claim all the owner's claimable rewards (one transaction per 100 devices).
	Claim {
		#[command(flatten)]
		owner: Owner,
		#[command(flatten)]
		connection: Connection,
	},
}

/// Runs an operator command: prints its result on stdout, or its error on stderr and exits
/// with status 1.
pub fn run(command: impl FnOnce() -> Result<(), String>) -> ! {
	match command() {
		Ok(()) => std::process::exit(0),
		Err(error) => {
			eprintln!("error: {error}");
			std::process::exit(1)
		},
	}
}

fn block_on<T>(future: impl std::future::Future<Output = Result<T, String>>) -> Result<T, String> {
	tokio::runtime::Builder::new_current_thread()
		.enable_all()
		.build()
		.map_err(|error| format!("cannot start the async runtime: {error}"))?
		.block_on(future)
}

fn print_json(value: &impl Serialize) {
	println!("{}", serde_json::to_string_pretty(value).expect("JSON serializes"));
}

fn output(value: &impl Serialize, out: Option<&Path>) -> Result<(), String> {
	match out {
		Some(path) => std::fs::write(
			path,
			serde_json::to_string_pretty(value).expect("JSON serializes") + "\n",
		)
		.map_err(|error| format!("cannot write {}: {error}", path.display())),
		None => {
			print_json(value);
			Ok(())
		},
	}
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
	let text = std::fs::read_to_string(path)
		.map_err(|error| format!("cannot read {}: {error}", path.display()))?;
	serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))
}

fn owner_pair(owner: &Owner) -> Result<sr25519::Pair, String> {
	let suri = match (&owner.suri, &owner.suri_file) {
		(Some(suri), _) => suri.clone(),
		(None, Some(path)) => std::fs::read_to_string(path)
			.map_err(|error| format!("cannot read {}: {error}", path.display()))?
			.trim()
			.to_string(),
		(None, None) => return Err("give --suri or --suri-file".into()),
	};
	sr25519::Pair::from_string(&suri, None)
		.map_err(|error| format!("the owner secret is not a valid secret URI: {error:?}"))
}

fn account_of(pair: &sr25519::Pair) -> AccountId {
	MultiSigner::from(pair.public()).into_account()
}

fn device_key(device: &DeviceRef) -> Result<DeviceKey, String> {
	match (&device.device, &device.key_file) {
		(Some(key), _) => parse_device_key("--device", key),
		(None, Some(path)) => Ok(keys::read(path)?.public()),
		(None, None) => Err("give --device or --key-file".into()),
	}
}

/// Tenths of a unit, for dBm/dBi/dB arguments.
fn tenths<T: TryFrom<i64>>(what: &str, value: f64) -> Result<T, String> {
	let scaled = (value * 10.0).round();
	if !scaled.is_finite() {
		return Err(format!("{what} must be a number"));
	}
	T::try_from(scaled as i64).map_err(|_| format!("{what} = {value} is out of range"))
}

/// The events of `pallet` in `events`, for printing.
fn describe_events(events: &[RuntimeEvent]) -> Vec<String> {
	events
		.iter()
		.filter(|event| {
			matches!(
				event,
				RuntimeEvent::Devices(_) | RuntimeEvent::Coverage(_) | RuntimeEvent::Rewards(_)
			)
		})
		.map(|event| format!("{event:?}"))
		.collect()
}

/// Runs `depin-node device …`.
pub fn device(command: &DeviceCmd) -> Result<(), String> {
	match command {
		DeviceCmd::KeyGenerate { scheme, out } => {
			let (secret, _) = keys::generate(*scheme)?;
			let public = keys::write(out, *scheme, &secret)?;
			print_json(
				&serde_json::json!({ "scheme": scheme, "public": device_key_hex(&public), "keyFile": out }),
			);
			Ok(())
		},
		DeviceCmd::KeyImport { scheme, secret, out } => {
			let secret = crate::json::parse_array("--secret", secret)?;
			let public = keys::write(out, *scheme, &secret)?;
			print_json(
				&serde_json::json!({ "scheme": scheme, "public": device_key_hex(&public), "keyFile": out }),
			);
			Ok(())
		},
		DeviceCmd::KeyShow { key_file } => {
			let public = keys::read(key_file)?.public();
			print_json(&serde_json::json!({
				"scheme": crate::json::scheme_name(&public),
				"public": device_key_hex(&public),
			}));
			Ok(())
		},
		DeviceCmd::Pop { key_file, owner, connection } => {
			let signer = keys::read(key_file)?;
			let owner = parse_account("--owner", owner)?;
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let proof = proof_of_possession(&chain, &signer, &owner).await?;
				print_json(&serde_json::json!({
					"device": device_key_hex(&signer.public()),
					"owner": ss58(&owner),
					"proof": proof,
				}));
				Ok(())
			})
		},
		DeviceCmd::Register { key_file, kind, owner, connection } => {
			let signer = keys::read(key_file)?;
			let kind = parse_kind(kind)?;
			let pair = owner_pair(owner)?;
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let proof = proof_of_possession(&chain, &signer, &account_of(&pair)).await?;
				let device = signer.public();
				let proof = crate::json::parse_signature("proof", &device, &proof)?;
				let call = RuntimeCall::Devices(pallet_devices::Call::register_device {
					device,
					kind,
					proof,
				});
				let events = chain.submit_signed(&pair, call).await?;
				print_json(&serde_json::json!({
					"device": device_key_hex(&device),
					"owner": ss58(&account_of(&pair)),
					"events": describe_events(&events),
				}));
				Ok(())
			})
		},
		DeviceCmd::Locate { device, lat, lng, cell, gain_dbi, elevation_m, owner, connection } => {
			let device = device_key(device)?;
			let cell = match (cell, lat, lng) {
				(Some(cell), _, _) => parse_cell("--cell", cell)?,
				(None, Some(lat), Some(lng)) => geo::cell_at(*lat, *lng, LOCATION_RESOLUTION)
					.ok_or_else(|| format!("{lat}, {lng} is not a valid latitude, longitude"))?,
				_ => return Err("give --lat and --lng, or --cell".into()),
			};
			let gain_dbi_x10 = tenths("--gain-dbi", *gain_dbi)?;
			let pair = owner_pair(owner)?;
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let call = RuntimeCall::Devices(pallet_devices::Call::assert_location {
					device,
					cell,
					gain_dbi_x10,
					elevation_m: *elevation_m,
				});
				let events = chain.submit_signed(&pair, call).await?;
				print_json(&serde_json::json!({
					"device": device_key_hex(&device),
					"cell": crate::json::cell_string(cell),
					"events": describe_events(&events),
				}));
				Ok(())
			})
		},
		DeviceCmd::Heartbeat { key_file, connection } => {
			let signer = keys::read(key_file)?;
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let epoch: Value = chain.call("depin_epoch", rpc_params![]).await?;
				let epoch = epoch["epoch"].as_u64().ok_or("depin_epoch without epoch")? as u32;
				let device = signer.public();
				let signature =
					signer.sign(&heartbeat_message(chain.genesis.as_ref(), &device, epoch));
				let heartbeat = HeartbeatJson::from_chain(
					&pallet_coverage::Heartbeat { device, epoch },
					&signature,
				);
				let hash: Value =
					chain.call("depin_submitHeartbeat", rpc_params![heartbeat]).await?;
				print_json(&serde_json::json!({ "epoch": epoch, "transaction": hash }));
				Ok(())
			})
		},
		DeviceCmd::Beacon { key_file, frequency_khz, tx_power_dbm, out, connection } => {
			let signer = keys::read(key_file)?;
			let tx_power_dbm_x10 = tenths("--tx-power-dbm", *tx_power_dbm)?;
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let (entropy_block, entropy_hash) = chain.best().await?;
				let local_entropy =
					keys::generate(Scheme::Ed25519)?.0[..16].try_into().expect("16 of 32 bytes");
				let beacon = depin_primitives::poc::Beacon {
					entropy_block,
					local_entropy,
					payload: beacon_payload(
						entropy_hash.as_ref(),
						&signer.public(),
						&local_entropy,
					),
					frequency_khz: *frequency_khz,
					tx_power_dbm_x10,
				};
				output(&BeaconJson::from_chain(&beacon), out.as_deref())
			})
		},
		DeviceCmd::Witness {
			key_file,
			beaconer,
			beacon,
			rssi_dbm,
			snr_db,
			frequency_khz,
			arrival_us,
			out,
			connection,
		} => {
			let signer = keys::read(key_file)?;
			let beaconer = parse_device_key("--beaconer", beaconer)?;
			let beacon = read_json::<BeaconJson>(beacon)?.to_chain()?;
			let measurements = MeasurementsJson {
				rssi_dbm_x10: tenths("--rssi-dbm", *rssi_dbm)?,
				snr_db_x10: tenths("--snr-db", *snr_db)?,
				frequency_khz: *frequency_khz,
				arrival_us: *arrival_us,
			}
			.into();
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let witness = signer.public();
				let signature = signer.sign(&witness_message(
					chain.genesis.as_ref(),
					&beaconer,
					&beacon,
					&witness,
					&measurements,
				));
				let report = WitnessReport { witness, measurements, signature };
				output(&WitnessReportJson::from_chain(&report), out.as_deref())
			})
		},
		DeviceCmd::Receipt { key_file, beacon, witness, connection } => {
			let signer = keys::read(key_file)?;
			let beacon = read_json::<BeaconJson>(beacon)?.to_chain()?;
			let witnesses = witness
				.iter()
				.map(|path| {
					read_json::<WitnessReportJson>(path)?.to_chain(&path.display().to_string())
				})
				.collect::<Result<Vec<_>, String>>()?;
			let count = witnesses.len();
			let witnesses = witnesses.try_into().map_err(|_| {
				format!("a receipt carries at most 25 witness reports, got {count}")
			})?;
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let receipt = BeaconReceipt { beaconer: signer.public(), beacon, witnesses };
				let signature = signer.sign(&receipt_message(chain.genesis.as_ref(), &receipt));
				let json = ReceiptJson::from_chain(&receipt, &signature);
				let hash: Value = chain.call("depin_submitReceipt", rpc_params![json]).await?;
				print_json(&serde_json::json!({ "transaction": hash, "witnesses": count }));
				Ok(())
			})
		},
		DeviceCmd::Show { device, connection } => {
			let device = device_key_hex(&device_key(device)?);
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let record: Value = chain.call("depin_device", rpc_params![&device]).await?;
				let rewards: Value =
					chain.call("depin_deviceRewards", rpc_params![&device]).await?;
				print_json(&serde_json::json!({ "device": record, "rewards": rewards }));
				Ok(())
			})
		},
	}
}

/// The device's signature of its registration message for `owner`, in hex.
async fn proof_of_possession(
	chain: &Chain,
	signer: &DeviceSigner,
	owner: &AccountId,
) -> Result<String, String> {
	let device = signer.public();
	let nonce: u32 =
		chain.call("depin_registrationNonce", rpc_params![device_key_hex(&device)]).await?;
	let message = registration_message(chain.genesis.as_ref(), owner.as_ref(), &device, nonce);
	Ok(signature_hex(&signer.sign(&message)))
}

/// Runs `depin-node rewards …`.
pub fn rewards(command: &RewardsCmd) -> Result<(), String> {
	match command {
		RewardsCmd::Show { account, connection } => {
			let account = ss58(&parse_account("--account", account)?);
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let rewards: Value =
					chain.call("depin_pendingRewards", rpc_params![account]).await?;
				print_json(&rewards);
				Ok(())
			})
		},
		RewardsCmd::Claim { owner, connection } => {
			let pair = owner_pair(owner)?;
			let account = ss58(&account_of(&pair));
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let mut claimed: u128 = 0;
				let mut transactions = 0;
				loop {
					let rewards: Value =
						chain.call("depin_pendingRewards", rpc_params![&account]).await?;
					let claimable: u128 = rewards["claimable"]
						.as_str()
						.and_then(|amount| amount.parse().ok())
						.ok_or_else(|| format!("unexpected depin_pendingRewards {rewards}"))?;
					if claimable == 0 {
						break;
					}
					let call = RuntimeCall::Rewards(pallet_rewards::Call::claim_rewards {});
					let events = chain.submit_signed(&pair, call).await?;
					transactions += 1;
					claimed += events
						.iter()
						.filter_map(|event| match event {
							RuntimeEvent::Rewards(pallet_rewards::Event::RewardsClaimed {
								amount,
								..
							}) => Some(*amount),
							_ => None,
						})
						.sum::<u128>();
				}
				if transactions == 0 {
					return Err(format!("{account} has nothing to claim"));
				}
				print_json(&serde_json::json!({
					"account": account,
					"claimed": claimed.to_string(),
					"transactions": transactions,
				}));
				Ok(())
			})
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn tenths_round_and_refuse_out_of_range_values() {
		assert_eq!(tenths::<i16>("x", -108.54), Ok(-1085));
		assert_eq!(tenths::<u16>("x", 1.25), Ok(13));
		assert!(tenths::<u16>("x", -1.0).unwrap_err().contains("out of range"));
		assert!(tenths::<i16>("x", f64::NAN).unwrap_err().contains("must be a number"));
	}

	#[test]
	fn every_command_has_help() {
		use clap::CommandFactory;
		let mut cli = crate::cli::Cli::command();
		for group in ["device", "rewards"] {
			let group = cli.find_subcommand_mut(group).expect("command group exists");
			assert!(group.get_about().is_some());
			for command in group.get_subcommands() {
				assert!(command.get_about().is_some(), "{} has no help", command.get_name());
			}
		}
	}
}
