//! The JSON forms of the chain's types, shared by the `depin_*` RPC and the operator CLI:
//! device keys, signatures and byte strings in `0x` hex, accounts in SS58 (prefix 42), H3
//! cells as H3 strings, token amounts as decimal strings of planck (10^-12 DPN), reward units
//! as integers of millionths. `docs/rpc.md` is the reference.

use std::collections::BTreeMap;

use depin_primitives::{
	device::KeyBytesError,
	geo::{self, H3Cell},
	poc::{Beacon, BeaconReceipt, WitnessMeasurements, WitnessReport, MAX_WITNESSES_PER_RECEIPT},
	work::WorkTotals,
	DeviceKey, DeviceKind, DeviceSignature, DeviceStatus,
};
use depin_runtime::{AccountId, Balance, BlockNumber, SS58_PREFIX};
use pallet_coverage::{DeviceCoverage, EpochInfo, Heartbeat, PocParams, ProofCounts};
use serde::{Deserialize, Serialize};
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};

/// `0x`-prefixed lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
	format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&bytes))
}

/// The bytes of `0x`-prefixed (or bare) hex; `what` names the field in the error.
pub fn parse_hex(what: &str, text: &str) -> Result<Vec<u8>, String> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	if !digits.len().is_multiple_of(2) || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
		return Err(format!(
			"{what}: `{text}` is not hex (expected 0x followed by pairs of hex digits)"
		));
	}
	Ok((0..digits.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&digits[i..i + 2], 16).expect("checked hex digits"))
		.collect())
}

/// Exactly `N` bytes of hex.
pub fn parse_array<const N: usize>(what: &str, text: &str) -> Result<[u8; N], String> {
	let bytes = parse_hex(what, text)?;
	let len = bytes.len();
	bytes.try_into().map_err(|_| format!("{what} must be {N} bytes, got {len}"))
}

/// A device key: 32 bytes for Ed25519, 33 bytes (compressed SEC1, `02`/`03` first) for P-256.
pub fn parse_device_key(what: &str, text: &str) -> Result<DeviceKey, String> {
	DeviceKey::try_from(parse_hex(what, text)?.as_slice()).map_err(|error| match error {
		KeyBytesError::UncompressedP256 => {
			format!("{what}: a P-256 key must be compressed (first byte 02 or 03)")
		},
		KeyBytesError::WrongLength(len) => {
			format!("{what} must be 32 bytes (Ed25519) or 33 bytes (compressed P-256), got {len}")
		},
	})
}

/// A device key as `0x` hex of the bare public key.
pub fn device_key_hex(key: &DeviceKey) -> String {
	match key {
		DeviceKey::Ed25519(key) => hex(key),
		DeviceKey::P256(key) => hex(key),
	}
}

/// `"ed25519"` or `"p256"`.
pub fn scheme_name(key: &DeviceKey) -> &'static str {
	match key {
		DeviceKey::Ed25519(_) => "ed25519",
		DeviceKey::P256(_) => "p256",
	}
}

/// A 64-byte signature by `signer` (`r ‖ s` for P-256).
pub fn parse_signature(
	what: &str,
	signer: &DeviceKey,
	text: &str,
) -> Result<DeviceSignature, String> {
	let bytes = parse_array::<64>(what, text)?;
	Ok(match signer {
		DeviceKey::Ed25519(_) => DeviceSignature::Ed25519(bytes),
		DeviceKey::P256(_) => DeviceSignature::P256(bytes),
	})
}

/// A signature as `0x` hex of its 64 bytes.
pub fn signature_hex(signature: &DeviceSignature) -> String {
	match signature {
		DeviceSignature::Ed25519(bytes) | DeviceSignature::P256(bytes) => hex(bytes),
	}
}

/// An SS58 address of this chain (prefix 42).
pub fn parse_account(what: &str, text: &str) -> Result<AccountId, String> {
	let (account, format) = AccountId::from_ss58check_with_version(text)
		.map_err(|error| format!("{what}: `{text}` is not an SS58 address ({error})"))?;
	if u16::from(format) != SS58_PREFIX {
		return Err(format!(
			"{what}: `{text}` is an address of network prefix {}, this chain uses {SS58_PREFIX}",
			u16::from(format)
		));
	}
	Ok(account)
}

/// An account in SS58 with this chain's prefix.
pub fn ss58(account: &AccountId) -> String {
	account.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX))
}

/// An H3 cell as an H3 string (`8c1fb46624125ff`), with or without `0x`.
pub fn parse_cell(what: &str, text: &str) -> Result<H3Cell, String> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	u64::from_str_radix(digits, 16)
		.ok()
		.filter(|cell| geo::resolution_of(*cell).is_some())
		.ok_or_else(|| format!("{what}: `{text}` is not a valid H3 cell"))
}

/// An H3 cell as an H3 string.
pub fn cell_string(cell: H3Cell) -> String {
	format!("{cell:x}")
}

/// The JSON (and CLI) name of a device kind.
pub fn kind_name(kind: DeviceKind) -> &'static str {
	match kind {
		DeviceKind::LoraHotspot => "loraHotspot",
		DeviceKind::WifiHotspot => "wifiHotspot",
		DeviceKind::FiveGHotspot => "fiveGHotspot",
		DeviceKind::Sensor => "sensor",
		DeviceKind::Energy => "energy",
		DeviceKind::Compute => "compute",
	}
}

/// A device kind by name, in camelCase (`loraHotspot`) or kebab-case (`lora-hotspot`).
pub fn parse_kind(text: &str) -> Result<DeviceKind, String> {
	let wanted = text.replace(['-', '_'], "").to_lowercase();
	DeviceKind::ALL.into_iter().find(|kind| kind_name(*kind).to_lowercase() == wanted).ok_or_else(
		|| {
			let names: Vec<&str> = DeviceKind::ALL.into_iter().map(kind_name).collect();
			format!("unknown device kind `{text}`; expected one of {}", names.join(", "))
		},
	)
}

/// The JSON name of a device status.
pub fn status_name(status: DeviceStatus) -> &'static str {
	match status {
		DeviceStatus::Active => "active",
		DeviceStatus::Suspended => "suspended",
		DeviceStatus::Denied => "denied",
	}
}

/// A token amount: decimal string of planck.
pub fn amount(value: Balance) -> String {
	value.to_string()
}

/// A device-signed heartbeat, as `depin_submitHeartbeat` takes it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HeartbeatJson {
	/// The device key.
	pub device: String,
	/// The current epoch.
	pub epoch: u32,
	/// The device's signature of the heartbeat message.
	pub signature: String,
}

impl HeartbeatJson {
	/// The heartbeat and its signature.
	pub fn to_chain(&self) -> Result<(Heartbeat, DeviceSignature), String> {
		let device = parse_device_key("device", &self.device)?;
		let signature = parse_signature("signature", &device, &self.signature)?;
		Ok((Heartbeat { device, epoch: self.epoch }, signature))
	}

	/// The JSON form of a signed heartbeat.
	pub fn from_chain(heartbeat: &Heartbeat, signature: &DeviceSignature) -> Self {
		Self {
			device: device_key_hex(&heartbeat.device),
			epoch: heartbeat.epoch,
			signature: signature_hex(signature),
		}
	}
}

/// A beacon.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BeaconJson {
	/// The block whose hash is the remote entropy.
	pub entropy_block: u32,
	/// 16 random bytes.
	pub local_entropy: String,
	/// The 32-byte payload.
	pub payload: String,
	/// Carrier frequency, kHz.
	pub frequency_khz: u32,
	/// Transmit power, tenths of dBm.
	pub tx_power_dbm_x10: i16,
}

impl BeaconJson {
	/// The beacon.
	pub fn to_chain(&self) -> Result<Beacon, String> {
		Ok(Beacon {
			entropy_block: self.entropy_block,
			local_entropy: parse_array("beacon.localEntropy", &self.local_entropy)?,
			payload: parse_array("beacon.payload", &self.payload)?,
			frequency_khz: self.frequency_khz,
			tx_power_dbm_x10: self.tx_power_dbm_x10,
		})
	}

	/// The JSON form of a beacon.
	pub fn from_chain(beacon: &Beacon) -> Self {
		Self {
			entropy_block: beacon.entropy_block,
			local_entropy: hex(&beacon.local_entropy),
			payload: hex(&beacon.payload),
			frequency_khz: beacon.frequency_khz,
			tx_power_dbm_x10: beacon.tx_power_dbm_x10,
		}
	}
}

/// What a witness measured.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeasurementsJson {
	/// RSSI, tenths of dBm.
	pub rssi_dbm_x10: i16,
	/// SNR, tenths of dB.
	pub snr_db_x10: i16,
	/// Received frequency, kHz.
	pub frequency_khz: u32,
	/// Arrival after transmission, µs.
	pub arrival_us: u32,
}

impl From<MeasurementsJson> for WitnessMeasurements {
	fn from(m: MeasurementsJson) -> Self {
		Self {
			rssi_dbm_x10: m.rssi_dbm_x10,
			snr_db_x10: m.snr_db_x10,
			frequency_khz: m.frequency_khz,
			arrival_us: m.arrival_us,
		}
	}
}

impl From<WitnessMeasurements> for MeasurementsJson {
	fn from(m: WitnessMeasurements) -> Self {
		Self {
			rssi_dbm_x10: m.rssi_dbm_x10,
			snr_db_x10: m.snr_db_x10,
			frequency_khz: m.frequency_khz,
			arrival_us: m.arrival_us,
		}
	}
}

/// A witness's signed report.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WitnessReportJson {
	/// The witness's key.
	pub witness: String,
	/// What it measured.
	pub measurements: MeasurementsJson,
	/// Its signature of the witness message.
	pub signature: String,
}

impl WitnessReportJson {
	/// The report; `what` names it in errors.
	pub fn to_chain(&self, what: &str) -> Result<WitnessReport, String> {
		let witness = parse_device_key(&format!("{what}.witness"), &self.witness)?;
		let signature = parse_signature(&format!("{what}.signature"), &witness, &self.signature)?;
		Ok(WitnessReport { witness, measurements: self.measurements.into(), signature })
	}

	/// The JSON form of a report.
	pub fn from_chain(report: &WitnessReport) -> Self {
		Self {
			witness: device_key_hex(&report.witness),
			measurements: report.measurements.into(),
			signature: signature_hex(&report.signature),
		}
	}
}

/// A beacon receipt signed by its beaconer, as `depin_submitReceipt` takes it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReceiptJson {
	/// The beaconer's key.
	pub beaconer: String,
	/// The beacon.
	pub beacon: BeaconJson,
	/// The witness reports (at most 25).
	pub witnesses: Vec<WitnessReportJson>,
	/// The beaconer's signature of the receipt message.
	pub signature: String,
}

impl ReceiptJson {
	/// The receipt and its signature.
	pub fn to_chain(&self) -> Result<(BeaconReceipt, DeviceSignature), String> {
		let beaconer = parse_device_key("beaconer", &self.beaconer)?;
		if self.witnesses.len() > MAX_WITNESSES_PER_RECEIPT as usize {
			return Err(format!(
				"a receipt carries at most {MAX_WITNESSES_PER_RECEIPT} witness reports, got {}",
				self.witnesses.len()
			));
		}
		let witnesses = self
			.witnesses
			.iter()
			.enumerate()
			.map(|(i, report)| report.to_chain(&format!("witnesses[{i}]")))
			.collect::<Result<Vec<_>, _>>()?;
		let receipt = BeaconReceipt {
			beaconer,
			beacon: self.beacon.to_chain()?,
			witnesses: witnesses.try_into().expect("length checked above"),
		};
		let signature = parse_signature("signature", &beaconer, &self.signature)?;
		Ok((receipt, signature))
	}

	/// The JSON form of a signed receipt.
	pub fn from_chain(receipt: &BeaconReceipt, signature: &DeviceSignature) -> Self {
		Self {
			beaconer: device_key_hex(&receipt.beaconer),
			beacon: BeaconJson::from_chain(&receipt.beacon),
			witnesses: receipt.witnesses.iter().map(WitnessReportJson::from_chain).collect(),
			signature: signature_hex(signature),
		}
	}
}

/// Reward units by category, in millionths of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct UnitsJson {
	/// Beacon units.
	pub beacon: u64,
	/// Witness units.
	pub witness: u64,
	/// Uptime units.
	pub uptime: u64,
}

impl From<WorkTotals> for UnitsJson {
	fn from(totals: WorkTotals) -> Self {
		Self { beacon: totals.beacon, witness: totals.witness, uptime: totals.uptime }
	}
}

/// A device's asserted location.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationJson {
	/// The resolution-12 H3 cell.
	pub cell: String,
	/// Latitude of the cell's centre, degrees.
	pub lat: f64,
	/// Longitude of the cell's centre, degrees.
	pub lng: f64,
	/// Antenna gain, tenths of dBi.
	pub gain_dbi_x10: u16,
	/// Antenna elevation, metres.
	pub elevation_m: i32,
	/// The block of the assertion.
	pub asserted_at: BlockNumber,
}

/// A device's proof-of-coverage timing.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoverageJson {
	/// The block of its latest beacon.
	pub last_beacon: Option<u32>,
	/// The first block at which it may beacon again.
	pub next_beacon: u32,
	/// The latest epoch with an accepted heartbeat.
	pub last_heartbeat: Option<u32>,
}

impl From<DeviceCoverage> for CoverageJson {
	fn from(c: DeviceCoverage) -> Self {
		Self {
			last_beacon: c.last_beacon,
			next_beacon: c.next_beacon,
			last_heartbeat: c.last_heartbeat,
		}
	}
}

/// A registered device.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceJson {
	/// Its key.
	pub device: String,
	/// `ed25519` or `p256`.
	pub scheme: &'static str,
	/// Its owner.
	pub owner: String,
	/// Its kind.
	pub kind: &'static str,
	/// `active`, `suspended` or `denied`.
	pub status: &'static str,
	/// Where it is, if asserted.
	pub location: Option<LocationJson>,
	/// The block of its registration.
	pub registered_at: BlockNumber,
	/// The bond held for it.
	pub bond: String,
	/// Registrations of the key so far (the next proof of possession signs this nonce).
	pub registration_nonce: u32,
	/// Its proof-of-coverage timing.
	pub coverage: CoverageJson,
}

impl DeviceJson {
	/// The JSON form of a device record.
	pub fn new(
		details: pallet_devices::DeviceDetails<AccountId, Balance, BlockNumber>,
		coverage: DeviceCoverage,
	) -> Self {
		let info = details.info;
		Self {
			device: device_key_hex(&details.device),
			scheme: scheme_name(&details.device),
			owner: ss58(&info.owner),
			kind: kind_name(info.kind),
			status: status_name(info.status),
			location: info.location.map(|location| {
				let (lat, lng) = geo::cell_center(location.cell).unwrap_or_default();
				LocationJson {
					cell: cell_string(location.cell),
					lat,
					lng,
					gain_dbi_x10: location.gain_dbi_x10,
					elevation_m: location.elevation_m,
					asserted_at: location.asserted_at,
				}
			}),
			registered_at: info.registered_at,
			bond: amount(info.bond),
			registration_nonce: info.registrations,
			coverage: coverage.into(),
		}
	}
}

/// What a device proved and earned in one closed epoch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpochRewardJson {
	/// The epoch.
	pub epoch: u32,
	/// Its units, by category.
	pub units: UnitsJson,
	/// What they earned.
	pub amount: String,
}

/// A device's rewards.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRewardsJson {
	/// The device.
	pub device: String,
	/// Its owner, whom a claim pays.
	pub owner: String,
	/// Claimable now.
	pub claimable: String,
	/// Claimable by closed epoch, oldest first.
	pub claimable_by_epoch: Vec<EpochRewardJson>,
	/// Its share of the current epoch if it closed now.
	pub pending: String,
	/// Its units in the current epoch so far.
	pub pending_units: UnitsJson,
}

impl From<pallet_rewards::DeviceRewards<AccountId, Balance>> for DeviceRewardsJson {
	fn from(r: pallet_rewards::DeviceRewards<AccountId, Balance>) -> Self {
		Self {
			device: device_key_hex(&r.device),
			owner: ss58(&r.owner),
			claimable: amount(r.claimable_total),
			claimable_by_epoch: r
				.claimable
				.iter()
				.map(|e| EpochRewardJson {
					epoch: e.epoch,
					units: e.units.into(),
					amount: amount(e.amount),
				})
				.collect(),
			pending: amount(r.pending),
			pending_units: r.pending_units.into(),
		}
	}
}

/// An account's rewards over all its devices.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingRewardsJson {
	/// The account.
	pub account: String,
	/// How many devices it owns.
	pub devices: u32,
	/// Claimable now.
	pub claimable: String,
	/// Its devices' shares of the current epoch if it closed now.
	pub pending: String,
	/// All it was ever paid (device rewards and block authoring).
	pub lifetime_paid: String,
}

/// One page of an account's devices with their rewards.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountRewardsJson {
	/// The account.
	pub account: String,
	/// The page's devices.
	pub devices: Vec<DeviceRewardsJson>,
	/// Claimable now for the page's devices.
	pub claimable: String,
	/// Pending for the page's devices.
	pub pending: String,
	/// All the account was ever paid.
	pub lifetime_paid: String,
	/// Pass as `after` for the next page; `null` on the last.
	pub next: Option<String>,
}

/// One page of an owner's devices.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DevicePageJson {
	/// The owner.
	pub owner: String,
	/// How many devices it owns in all.
	pub total: u32,
	/// The page's devices.
	pub devices: Vec<DeviceJson>,
	/// Pass as `after` for the next page; `null` on the last.
	pub next: Option<String>,
}

/// Active located devices in a cell, by kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CellJson {
	/// The cell.
	pub cell: String,
	/// Its resolution.
	pub resolution: u8,
	/// Active devices by kind (kinds with none left out).
	pub active: BTreeMap<&'static str, u32>,
}

impl From<pallet_devices::CellDevices> for CellJson {
	fn from(c: pallet_devices::CellDevices) -> Self {
		Self {
			cell: cell_string(c.cell),
			resolution: c.resolution,
			active: c.active.iter().map(|k| (kind_name(k.kind), k.count)).collect(),
		}
	}
}

/// Devices of one kind by status.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusCountsJson {
	/// Active.
	pub active: u32,
	/// Suspended.
	pub suspended: u32,
	/// Denied.
	pub denied: u32,
}

/// Registered devices.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceStatsJson {
	/// All registered devices.
	pub total: u32,
	/// Active devices.
	pub active: u32,
	/// By kind and status.
	pub by_kind: BTreeMap<&'static str, StatusCountsJson>,
}

impl From<pallet_devices::DeviceStats> for DeviceStatsJson {
	fn from(s: pallet_devices::DeviceStats) -> Self {
		Self {
			total: s.total,
			active: s.active,
			by_kind: s
				.by_kind
				.iter()
				.map(|k| {
					(
						kind_name(k.kind),
						StatusCountsJson {
							active: k.active,
							suspended: k.suspended,
							denied: k.denied,
						},
					)
				})
				.collect(),
		}
	}
}

/// The epoch clock and what the epoch verified so far.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpochJson {
	/// The current epoch.
	pub epoch: u32,
	/// Its first block.
	pub start: BlockNumber,
	/// Its length in blocks.
	pub length: BlockNumber,
	/// The first block of the next epoch.
	pub end: BlockNumber,
	/// The verification rules.
	pub params: PocParams,
	/// Units credited so far.
	pub units: UnitsJson,
	/// Proofs verified so far.
	pub proofs: ProofCounts,
}

impl From<EpochInfo<BlockNumber>> for EpochJson {
	fn from(e: EpochInfo<BlockNumber>) -> Self {
		Self {
			epoch: e.epoch,
			start: e.start,
			length: e.length,
			end: e.end,
			params: e.params,
			units: e.activity.units.into(),
			proofs: e.activity.proofs,
		}
	}
}

/// Network statistics.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkStatsJson {
	/// Registered devices.
	pub devices: DeviceStatsJson,
	/// The current epoch.
	pub epoch: EpochJson,
}

/// A device pool: amount, units and what was paid from it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PoolJson {
	/// Tokens in the pool.
	pub amount: String,
	/// Units sharing it.
	pub units: u64,
	/// Paid from it so far.
	pub paid: String,
}

impl From<pallet_rewards::Pool<Balance>> for PoolJson {
	fn from(p: pallet_rewards::Pool<Balance>) -> Self {
		Self { amount: amount(p.amount), units: p.units, paid: amount(p.paid) }
	}
}

/// The emission schedule.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleJson {
	/// Emission of epoch 0.
	pub initial_per_epoch: String,
	/// Epochs between halvings.
	pub halving_interval: u32,
	/// The supply cap.
	pub max_supply: String,
}

/// The chain's emission and reward accounting.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RewardStateJson {
	/// The current epoch.
	pub epoch: u32,
	/// What closing it will mint.
	pub emission: String,
	/// Its device pools if it closed now.
	pub pools: BTreeMap<&'static str, PoolJson>,
	/// Units credited so far.
	pub units: UnitsJson,
	/// The split, basis points by share.
	pub split: BTreeMap<&'static str, u16>,
	/// The schedule.
	pub schedule: ScheduleJson,
	/// The first epoch of the next halving.
	pub next_halving: u32,
	/// Minted as rewards since genesis.
	pub total_minted: String,
	/// Paid to owners and authors.
	pub total_paid: String,
	/// Sent to the treasury.
	pub total_to_treasury: String,
	/// Minted and not claimed yet.
	pub unclaimed: String,
	/// The account holding unclaimed rewards.
	pub pot: String,
	/// The treasury.
	pub treasury: String,
}

impl From<pallet_rewards::RewardState<AccountId, Balance>> for RewardStateJson {
	fn from(s: pallet_rewards::RewardState<AccountId, Balance>) -> Self {
		Self {
			epoch: s.epoch,
			emission: amount(s.emission),
			pools: BTreeMap::from([
				("beacon", s.pools.beacon.into()),
				("witness", s.pools.witness.into()),
				("uptime", s.pools.uptime.into()),
			]),
			units: s.units.into(),
			split: BTreeMap::from([
				("beacon", s.split.beacon),
				("witness", s.split.witness),
				("uptime", s.split.uptime),
				("validators", s.split.validators),
				("treasury", s.split.treasury),
			]),
			schedule: ScheduleJson {
				initial_per_epoch: amount(s.schedule.initial_per_epoch),
				halving_interval: s.schedule.halving_interval,
				max_supply: amount(s.schedule.max_supply),
			},
			next_halving: s.next_halving,
			total_minted: amount(s.total_minted),
			total_paid: amount(s.total_paid),
			total_to_treasury: amount(s.total_to_treasury),
			unclaimed: amount(s.unclaimed),
			pot: ss58(&s.pot),
			treasury: ss58(&s.treasury),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn parses_keys_signatures_accounts_and_cells_with_clear_errors() {
		let ed = format!("0x{}", "11".repeat(32));
		assert_eq!(parse_device_key("d", &ed), Ok(DeviceKey::Ed25519([0x11; 32])));
		let p256 = format!("0x02{}", "22".repeat(32));
		assert!(matches!(parse_device_key("d", &p256), Ok(DeviceKey::P256(_))));
		assert_eq!(
			parse_device_key("d", &format!("0x04{}", "22".repeat(32))),
			Err("d: a P-256 key must be compressed (first byte 02 or 03)".into())
		);
		assert_eq!(
			parse_device_key("d", "0x1234"),
			Err("d must be 32 bytes (Ed25519) or 33 bytes (compressed P-256), got 2".into())
		);
		assert!(parse_device_key("d", "0xzz").unwrap_err().contains("is not hex"));
		assert!(parse_device_key("d", "0x123").unwrap_err().contains("is not hex"));
		assert_eq!(device_key_hex(&DeviceKey::Ed25519([0x11; 32])), ed);

		let key = DeviceKey::Ed25519([0; 32]);
		assert_eq!(
			parse_signature("s", &key, "0x00").unwrap_err(),
			"s must be 64 bytes, got 1".to_string()
		);

		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		assert_eq!(ss58(&parse_account("a", alice).unwrap()), alice);
		assert!(parse_account("a", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ")
			.unwrap_err()
			.contains("is not an SS58 address"));
		// Alice on Polkadot (prefix 0).
		assert!(parse_account("a", "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5")
			.unwrap_err()
			.contains("network prefix 0"));

		assert_eq!(parse_cell("c", "8c1fb46624125ff"), Ok(0x8c1fb46624125ff));
		assert_eq!(parse_cell("c", "0x8c1fb46624125ff"), Ok(0x8c1fb46624125ff));
		assert!(parse_cell("c", "1234").is_err());
		assert_eq!(cell_string(0x8c1fb46624125ff), "8c1fb46624125ff");

		assert_eq!(parse_kind("lora-hotspot"), Ok(DeviceKind::LoraHotspot));
		assert_eq!(parse_kind("fiveGHotspot"), Ok(DeviceKind::FiveGHotspot));
		assert!(parse_kind("toaster").unwrap_err().contains("loraHotspot"));
	}

	#[test]
	fn a_receipt_round_trips_and_too_many_witnesses_are_refused() {
		let report = WitnessReportJson {
			witness: format!("0x03{}", "44".repeat(32)),
			measurements: MeasurementsJson {
				rssi_dbm_x10: -1085,
				snr_db_x10: 72,
				frequency_khz: 868_105,
				arrival_us: 1_234,
			},
			signature: format!("0x{}", "55".repeat(64)),
		};
		let mut receipt = ReceiptJson {
			beaconer: format!("0x{}", "33".repeat(32)),
			beacon: BeaconJson {
				entropy_block: 1_000,
				local_entropy: format!("0x{}", "01".repeat(16)),
				payload: format!("0x{}", "02".repeat(32)),
				frequency_khz: 868_100,
				tx_power_dbm_x10: 270,
			},
			witnesses: vec![report.clone()],
			signature: format!("0x{}", "66".repeat(64)),
		};
		let (chain, signature) = receipt.to_chain().unwrap();
		assert!(matches!(chain.witnesses[0].signature, DeviceSignature::P256(_)));
		let back = ReceiptJson::from_chain(&chain, &signature);
		assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&receipt).unwrap());

		receipt.witnesses[0].signature = "0x55".into();
		assert_eq!(
			receipt.to_chain().unwrap_err(),
			"witnesses[0].signature must be 64 bytes, got 1".to_string()
		);
		receipt.witnesses = vec![report; 26];
		assert!(receipt.to_chain().unwrap_err().contains("at most 25"));
	}
}
