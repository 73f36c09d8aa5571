//! `depin-node device …`: one function per command.

use std::path::{Path, PathBuf};

use depin_primitives::{
	device::{heartbeat_message, registration_message},
	geo::{self, LOCATION_RESOLUTION},
	maker::DeviceCertificate,
	poc::{
		announce_message, beacon_payload, payload_seal, receipt_message, reception_commitment,
		report_message, witness_message, Beacon, BeaconAnnouncement, BeaconReceipt, Report,
		SignedReport, WitnessReport,
	},
	signing::DeviceSigner,
	DeviceKey,
};
use depin_runtime::AccountId;
use serde::Serialize;
use sp_core::Pair;
use subxt::{extrinsics::ExtrinsicEvents, utils::Static, PolkadotConfig};

use super::{
	io::{block_on, describe_rpc, device_key, output, owner_pair, print_json, read_json, tenths},
	keys, DeviceCmd, DeviceRef, Owner,
};
use crate::{
	chain::Chain,
	interface::depin,
	json::{
		proofs::{
			bounded_witnesses, AnnouncementJson, BeaconJson, HeartbeatJson, MeasurementsJson,
			ReceiptJson, ReportJson, RevealJson, WitnessReportJson,
		},
		replies::{DeviceJson, DeviceRewardsJson},
		text::{
			as_account, as_cell, as_device_key, device_key_hex, parse_account, parse_array,
			parse_cell, parse_device_key, parse_kind, signature_hex, Scheme,
		},
	},
	rpc::DepinApiClient,
};

/// Runs `depin-node device …`.
pub fn run(command: &DeviceCmd) -> Result<(), String> {
	match command {
		DeviceCmd::KeyGenerate { scheme, out } => {
			let (secret, _) = keys::generate(*scheme)?;
			key_file_created(*scheme, &secret, out)
		},
		DeviceCmd::KeyImport { scheme, secret, out } => {
			key_file_created(*scheme, &parse_array("--secret", secret)?, out)
		},
		DeviceCmd::KeyShow { key_file } => {
			let public = keys::read(key_file)?.public();
			print_json(&KeyJson { scheme: Scheme::of(&public), public, key_file: None });
			Ok(())
		},
		DeviceCmd::Pop { key_file, owner, connection } => {
			let signer = keys::read(key_file)?;
			let owner = parse_account("--owner", owner)?;
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let proof = proof_of_possession(&chain, &signer, &owner).await?;
				print_json(&PopJson {
					device: signer.public(),
					owner,
					proof: signature_hex(&proof),
				});
				Ok(())
			})
		},
		DeviceCmd::Register { key_file, kind, certificate, owner, connection } => {
			let certificate =
				certificate.as_deref().map(super::maker::read_certificate).transpose()?;
			register(key_file, kind, certificate, owner, &connection.url)
		},
		DeviceCmd::Locate { device, lat, lng, cell, gain_dbi, elevation_m, owner, connection } => {
			let cell = match (cell, lat, lng) {
				(Some(cell), _, _) => parse_cell("--cell", cell)?,
				(None, Some(lat), Some(lng)) => geo::cell_at(*lat, *lng, LOCATION_RESOLUTION)
					.ok_or_else(|| format!("{lat}, {lng} is not a valid latitude, longitude"))?,
				_ => return Err("give --lat and --lng, or --cell".into()),
			};
			locate(
				device,
				cell,
				tenths("--gain-dbi", *gain_dbi)?,
				*elevation_m,
				owner,
				&connection.url,
			)
		},
		DeviceCmd::Heartbeat { key_file, connection } => heartbeat(key_file, &connection.url),
		DeviceCmd::Beacon { key_file, frequency_khz, tx_power_dbm, out, connection } => {
			let tx_power_dbm_x10 = tenths("--tx-power-dbm", *tx_power_dbm)?;
			beacon(key_file, *frequency_khz, tx_power_dbm_x10, out.as_deref(), &connection.url)
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
			let measurements = MeasurementsJson {
				rssi_dbm_x10: tenths("--rssi-dbm", *rssi_dbm)?,
				snr_db_x10: tenths("--snr-db", *snr_db)?,
				frequency_khz: *frequency_khz,
				arrival_us: *arrival_us,
			};
			let beaconer = parse_device_key("--beaconer", beaconer)?;
			witness(key_file, beaconer, beacon, measurements, out.as_deref(), &connection.url)
		},
		DeviceCmd::Receipt { key_file, beacon, witness, connection } => {
			receipt(key_file, beacon, witness, &connection.url)
		},
		DeviceCmd::Announce { key_file, beacon, connection } => {
			announce(key_file, beacon, &connection.url)
		},
		DeviceCmd::Report {
			key_file,
			beaconer,
			payload,
			rssi_dbm,
			snr_db,
			frequency_khz,
			out,
			connection,
		} => {
			let reception = Reception {
				payload: parse_array("--payload", payload)?,
				rssi_dbm_x10: tenths("--rssi-dbm", *rssi_dbm)?,
				snr_db_x10: tenths("--snr-db", *snr_db)?,
				frequency_khz: *frequency_khz,
			};
			let beaconer = parse_device_key("--beaconer", beaconer)?;
			report(key_file, beaconer, reception, out.as_deref(), &connection.url)
		},
		DeviceCmd::Relay { report, connection } => relay(report, &connection.url),
		DeviceCmd::Reveal { key_file, beacon, connection } => {
			reveal(key_file, beacon, &connection.url)
		},
		DeviceCmd::Show { device, connection } => show(device, &connection.url),
	}
}

/// A device key, as `key-generate`, `key-import` and `key-show` print it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KeyJson<'a> {
	scheme: Scheme,
	#[serde(with = "as_device_key")]
	public: DeviceKey,
	#[serde(skip_serializing_if = "Option::is_none")]
	key_file: Option<&'a Path>,
}

/// A proof of possession, as `pop` prints it.
#[derive(Serialize)]
struct PopJson {
	#[serde(with = "as_device_key")]
	device: DeviceKey,
	#[serde(with = "as_account")]
	owner: AccountId,
	proof: String,
}

/// An owner transaction's outcome: the device and the events of our pallets it emitted.
#[derive(Serialize)]
struct CallJson {
	#[serde(with = "as_device_key")]
	device: DeviceKey,
	#[serde(with = "as_account::option", skip_serializing_if = "Option::is_none")]
	owner: Option<AccountId>,
	#[serde(with = "as_cell::option", skip_serializing_if = "Option::is_none")]
	cell: Option<u64>,
	events: Vec<String>,
}

/// A submitted device proof: its transaction hash.
#[derive(Serialize)]
struct SubmittedJson {
	#[serde(skip_serializing_if = "Option::is_none")]
	epoch: Option<u32>,
	#[serde(skip_serializing_if = "Option::is_none")]
	witnesses: Option<usize>,
	transaction: sp_core::H256,
}

/// What a witness received of a beacon, as `report` takes it.
struct Reception {
	payload: [u8; 32],
	rssi_dbm_x10: i16,
	snr_db_x10: i16,
	frequency_khz: u32,
}

/// A device's record and rewards, as `show` prints them.
#[derive(Serialize)]
struct ShowJson {
	device: DeviceJson,
	rewards: DeviceRewardsJson,
}

fn key_file_created(scheme: Scheme, secret: &[u8; 32], out: &Path) -> Result<(), String> {
	let public = keys::write(out, scheme, secret)?;
	print_json(&KeyJson { scheme, public, key_file: Some(out) });
	Ok(())
}

/// The device's signature of its registration message for `owner`, at the key's nonce.
async fn proof_of_possession(
	chain: &Chain,
	signer: &DeviceSigner,
	owner: &AccountId,
) -> Result<depin_primitives::DeviceSignature, String> {
	let device = signer.public();
	let nonce =
		chain.rpc.registration_nonce(device_key_hex(&device), None).await.map_err(describe_rpc)?;
	let message = registration_message(chain.genesis.as_ref(), owner.as_ref(), &device, nonce);
	Ok(signer.sign(&message))
}

fn register(
	key_file: &Path,
	kind: &str,
	certificate: Option<DeviceCertificate>,
	owner: &Owner,
	url: &str,
) -> Result<(), String> {
	let signer = keys::read(key_file)?;
	let kind = parse_kind(kind)?;
	let pair = owner_pair(owner)?;
	let account = AccountId::from(pair.public());
	block_on(async {
		let chain = Chain::connect(url).await?;
		let proof = proof_of_possession(&chain, &signer, &account).await?;
		let device = signer.public();
		let call = depin::tx().devices().register_device(
			Static(device),
			Static(kind),
			Static(proof),
			certificate.map(Static),
		);
		let events = chain.submit_signed(&pair, &call).await?;
		print_json(&CallJson {
			device,
			owner: Some(account),
			cell: None,
			events: describe(&events),
		});
		Ok(())
	})
}

fn locate(
	device: &DeviceRef,
	cell: u64,
	gain_dbi_x10: u16,
	elevation_m: i32,
	owner: &Owner,
	url: &str,
) -> Result<(), String> {
	let device = device_key(device)?;
	let pair = owner_pair(owner)?;
	block_on(async {
		let chain = Chain::connect(url).await?;
		let call =
			depin::tx().devices().assert_location(Static(device), cell, gain_dbi_x10, elevation_m);
		let events = chain.submit_signed(&pair, &call).await?;
		print_json(&CallJson { device, owner: None, cell: Some(cell), events: describe(&events) });
		Ok(())
	})
}

fn heartbeat(key_file: &Path, url: &str) -> Result<(), String> {
	let signer = keys::read(key_file)?;
	block_on(async {
		let chain = Chain::connect(url).await?;
		let epoch = chain.rpc.epoch(None).await.map_err(describe_rpc)?.epoch;
		let device = signer.public();
		let signature = signer.sign(&heartbeat_message(chain.genesis.as_ref(), &device, epoch));
		let heartbeat =
			HeartbeatJson::from_chain(&pallet_coverage::Heartbeat { device, epoch }, &signature);
		let transaction = chain.rpc.submit_heartbeat(heartbeat).await.map_err(describe_rpc)?;
		print_json(&SubmittedJson { epoch: Some(epoch), witnesses: None, transaction });
		Ok(())
	})
}

fn beacon(
	key_file: &Path,
	frequency_khz: u32,
	tx_power_dbm_x10: i16,
	out: Option<&Path>,
	url: &str,
) -> Result<(), String> {
	let signer = keys::read(key_file)?;
	block_on(async {
		let chain = Chain::connect(url).await?;
		let (entropy_block, entropy_hash) = chain.best().await?;
		let local_entropy = keys::random_bytes::<16>()?;
		let beacon = Beacon {
			entropy_block,
			local_entropy,
			payload: beacon_payload(entropy_hash.as_ref(), &signer.public(), &local_entropy),
			frequency_khz,
			tx_power_dbm_x10,
		};
		output(&BeaconJson::from_chain(&beacon), out)
	})
}

fn witness(
	key_file: &Path,
	beaconer: DeviceKey,
	beacon: &Path,
	measurements: MeasurementsJson,
	out: Option<&Path>,
	url: &str,
) -> Result<(), String> {
	let signer = keys::read(key_file)?;
	let beacon = read_json::<BeaconJson>(beacon)?.to_chain()?;
	let measurements = measurements.into();
	block_on(async {
		let chain = Chain::connect(url).await?;
		let witness = signer.public();
		let message =
			witness_message(chain.genesis.as_ref(), &beaconer, &beacon, &witness, &measurements);
		let report = WitnessReport { witness, measurements, signature: signer.sign(&message) };
		output(&WitnessReportJson::from_chain(&report), out)
	})
}

fn receipt(key_file: &Path, beacon: &Path, witnesses: &[PathBuf], url: &str) -> Result<(), String> {
	let signer = keys::read(key_file)?;
	let beacon = read_json::<BeaconJson>(beacon)?.to_chain()?;
	let reports = witnesses
		.iter()
		.map(|path| read_json::<WitnessReportJson>(path)?.to_chain(&path.display().to_string()))
		.collect::<Result<Vec<_>, String>>()?;
	let count = reports.len();
	let witnesses = bounded_witnesses(reports)?;
	block_on(async {
		let chain = Chain::connect(url).await?;
		let receipt = BeaconReceipt { beaconer: signer.public(), beacon, witnesses };
		let signature = signer.sign(&receipt_message(chain.genesis.as_ref(), &receipt));
		let json = ReceiptJson::from_chain(&receipt, &signature);
		let transaction = chain.rpc.submit_receipt(json).await.map_err(describe_rpc)?;
		print_json(&SubmittedJson { epoch: None, witnesses: Some(count), transaction });
		Ok(())
	})
}

fn announce(key_file: &Path, beacon: &Path, url: &str) -> Result<(), String> {
	let signer = keys::read(key_file)?;
	let beacon = read_json::<BeaconJson>(beacon)?.to_chain()?;
	block_on(async {
		let chain = Chain::connect(url).await?;
		let announcement = BeaconAnnouncement {
			beaconer: signer.public(),
			entropy_block: beacon.entropy_block,
			seal: payload_seal(&beacon.payload),
			frequency_khz: beacon.frequency_khz,
			tx_power_dbm_x10: beacon.tx_power_dbm_x10,
		};
		let signature = signer.sign(&announce_message(chain.genesis.as_ref(), &announcement));
		let json = AnnouncementJson::from_chain(&announcement, &signature);
		let transaction = chain.rpc.announce_beacon(json).await.map_err(describe_rpc)?;
		print_json(&SubmittedJson { epoch: None, witnesses: None, transaction });
		Ok(())
	})
}

fn report(
	key_file: &Path,
	beaconer: DeviceKey,
	reception: Reception,
	out: Option<&Path>,
	url: &str,
) -> Result<(), String> {
	let signer = keys::read(key_file)?;
	block_on(async {
		let chain = Chain::connect(url).await?;
		// The beacon it received is the beaconer's latest announcement.
		let record =
			chain.rpc.device(device_key_hex(&beaconer), None).await.map_err(describe_rpc)?;
		if record.coverage.open_beacon_reports.is_none() {
			return Err(format!("{} has no open beacon", device_key_hex(&beaconer)));
		}
		let announced_at = record.coverage.last_beacon.ok_or("the beaconer never beaconed")?;
		let witness = signer.public();
		let report = Report {
			beaconer,
			announced_at,
			witness,
			commitment: reception_commitment(&reception.payload, &witness),
			rssi_dbm_x10: reception.rssi_dbm_x10,
			snr_db_x10: reception.snr_db_x10,
			frequency_khz: reception.frequency_khz,
		};
		let signature = signer.sign(&report_message(chain.genesis.as_ref(), &report));
		output(&ReportJson::from_chain(&SignedReport { report, signature }), out)
	})
}

fn relay(reports: &[PathBuf], url: &str) -> Result<(), String> {
	let reports =
		reports.iter().map(|path| read_json::<ReportJson>(path)).collect::<Result<Vec<_>, _>>()?;
	let count = reports.len();
	block_on(async {
		let chain = Chain::connect(url).await?;
		let transaction = chain.rpc.submit_reports(reports).await.map_err(describe_rpc)?;
		print_json(&SubmittedJson { epoch: None, witnesses: Some(count), transaction });
		Ok(())
	})
}

fn reveal(key_file: &Path, beacon: &Path, url: &str) -> Result<(), String> {
	let beaconer = device_key_hex(&keys::read(key_file)?.public());
	let beacon = read_json::<BeaconJson>(beacon)?;
	block_on(async {
		let chain = Chain::connect(url).await?;
		let record = chain.rpc.device(beaconer.clone(), None).await.map_err(describe_rpc)?;
		let reports = record
			.coverage
			.open_beacon_reports
			.ok_or_else(|| format!("{beaconer} has no open beacon"))?;
		let reveal = RevealJson { beaconer, local_entropy: beacon.local_entropy, reports };
		let transaction = chain.rpc.reveal_beacon(reveal).await.map_err(describe_rpc)?;
		print_json(&SubmittedJson { epoch: None, witnesses: Some(reports as usize), transaction });
		Ok(())
	})
}

fn show(device: &DeviceRef, url: &str) -> Result<(), String> {
	let device = device_key_hex(&device_key(device)?);
	block_on(async {
		let chain = Chain::connect(url).await?;
		let record = chain.rpc.device(device.clone(), None).await.map_err(describe_rpc)?;
		let rewards = chain.rpc.device_rewards(device, None).await.map_err(describe_rpc)?;
		print_json(&ShowJson { device: record, rewards });
		Ok(())
	})
}

/// The events of the DePIN pallets among `events`, for printing.
pub(super) fn describe(events: &ExtrinsicEvents<PolkadotConfig>) -> Vec<String> {
	events
		.iter()
		.filter_map(Result::ok)
		.filter(|event| matches!(event.pallet_name(), "Devices" | "Coverage" | "Rewards"))
		.map(|event| match event.decode_as::<depin::Event>() {
			Ok(decoded) => format!("{decoded:?}"),
			Err(_) => format!("{}.{}", event.pallet_name(), event.event_name()),
		})
		.collect()
}
