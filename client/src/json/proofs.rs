//! The JSON forms of device-signed proofs, as `depin_submitHeartbeat`, `depin_submitReceipt`,
//! `depin_announceBeacon`, `depin_submitReports` and `depin_revealBeacon` take them and the
//! operator CLI writes them: byte strings in `0x` hex, measurements as
//! integers in the units their names give.

use super::text::{
	device_key_hex, hex, parse_array, parse_device_key, parse_signature, signature_hex,
};
use depin_primitives::{
	poc::{
		Beacon, BeaconAnnouncement, BeaconReceipt, MaxReportsPerBatch, MaxWitnessesPerReceipt,
		Report, SignedReport, WitnessMeasurements, WitnessReport, MAX_REPORTS_PER_BATCH,
		MAX_WITNESSES_PER_RECEIPT,
	},
	DeviceKey, DeviceSignature,
};
use pallet_coverage::Heartbeat;
use serde::{Deserialize, Serialize};
use sp_runtime::BoundedVec;

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
	/// The witness reports (at most [`MAX_WITNESSES_PER_RECEIPT`]).
	pub witnesses: Vec<WitnessReportJson>,
	/// The beaconer's signature of the receipt message.
	pub signature: String,
}

impl ReceiptJson {
	/// The receipt and its signature.
	pub fn to_chain(&self) -> Result<(BeaconReceipt, DeviceSignature), String> {
		let beaconer = parse_device_key("beaconer", &self.beaconer)?;
		witness_count_fits(self.witnesses.len())?;
		let witnesses = self
			.witnesses
			.iter()
			.enumerate()
			.map(|(i, report)| report.to_chain(&format!("witnesses[{i}]")))
			.collect::<Result<Vec<_>, _>>()?;
		let receipt = BeaconReceipt {
			beaconer,
			beacon: self.beacon.to_chain()?,
			witnesses: bounded_witnesses(witnesses)?,
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

/// `count` witness reports fit in one receipt.
fn witness_count_fits(count: usize) -> Result<(), String> {
	if count > MAX_WITNESSES_PER_RECEIPT as usize {
		return Err(format!(
			"a receipt carries at most {MAX_WITNESSES_PER_RECEIPT} witness reports, got {count}"
		));
	}
	Ok(())
}

/// The witness reports of one receipt, if they fit in it.
pub fn bounded_witnesses(
	reports: Vec<WitnessReport>,
) -> Result<BoundedVec<WitnessReport, MaxWitnessesPerReceipt>, String> {
	witness_count_fits(reports.len())?;
	Ok(BoundedVec::truncate_from(reports))
}

/// A beacon announcement signed by its beaconer, as `depin_announceBeacon` takes it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnnouncementJson {
	/// The beaconer's key.
	pub beaconer: String,
	/// The block whose hash is the remote entropy.
	pub entropy_block: u32,
	/// The 32-byte seal of the payload.
	pub seal: String,
	/// Carrier frequency, kHz.
	pub frequency_khz: u32,
	/// Transmit power, tenths of dBm.
	pub tx_power_dbm_x10: i16,
	/// The beaconer's signature of the announcement message.
	pub signature: String,
}

impl AnnouncementJson {
	/// The announcement and its signature.
	pub fn to_chain(&self) -> Result<(BeaconAnnouncement, DeviceSignature), String> {
		let beaconer = parse_device_key("beaconer", &self.beaconer)?;
		let announcement = BeaconAnnouncement {
			beaconer,
			entropy_block: self.entropy_block,
			seal: parse_array("seal", &self.seal)?,
			frequency_khz: self.frequency_khz,
			tx_power_dbm_x10: self.tx_power_dbm_x10,
		};
		Ok((announcement, parse_signature("signature", &beaconer, &self.signature)?))
	}

	/// The JSON form of a signed announcement.
	pub fn from_chain(announcement: &BeaconAnnouncement, signature: &DeviceSignature) -> Self {
		Self {
			beaconer: device_key_hex(&announcement.beaconer),
			entropy_block: announcement.entropy_block,
			seal: hex(&announcement.seal),
			frequency_khz: announcement.frequency_khz,
			tx_power_dbm_x10: announcement.tx_power_dbm_x10,
			signature: signature_hex(signature),
		}
	}
}

/// A witness's signed report of an announced beacon, as `depin_submitReports` takes each.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportJson {
	/// The beaconer's key.
	pub beaconer: String,
	/// The block that included the announcement.
	pub announced_at: u32,
	/// The witness's key.
	pub witness: String,
	/// The 32-byte commitment to the received payload.
	pub commitment: String,
	/// RSSI, tenths of dBm.
	pub rssi_dbm_x10: i16,
	/// SNR, tenths of dB.
	pub snr_db_x10: i16,
	/// Received frequency, kHz.
	pub frequency_khz: u32,
	/// The witness's signature of the report message.
	pub signature: String,
}

impl ReportJson {
	/// The signed report; `what` names it in errors.
	pub fn to_chain(&self, what: &str) -> Result<SignedReport, String> {
		let field = |name: &str| format!("{what}.{name}");
		let witness = parse_device_key(&field("witness"), &self.witness)?;
		let report = Report {
			beaconer: parse_device_key(&field("beaconer"), &self.beaconer)?,
			announced_at: self.announced_at,
			witness,
			commitment: parse_array(&field("commitment"), &self.commitment)?,
			rssi_dbm_x10: self.rssi_dbm_x10,
			snr_db_x10: self.snr_db_x10,
			frequency_khz: self.frequency_khz,
		};
		let signature = parse_signature(&field("signature"), &witness, &self.signature)?;
		Ok(SignedReport { report, signature })
	}

	/// The JSON form of a signed report.
	pub fn from_chain(signed: &SignedReport) -> Self {
		let report = &signed.report;
		Self {
			beaconer: device_key_hex(&report.beaconer),
			announced_at: report.announced_at,
			witness: device_key_hex(&report.witness),
			commitment: hex(&report.commitment),
			rssi_dbm_x10: report.rssi_dbm_x10,
			snr_db_x10: report.snr_db_x10,
			frequency_khz: report.frequency_khz,
			signature: signature_hex(&signed.signature),
		}
	}
}

/// The reports of one `depin_submitReports` batch, if there are 1 to [`MAX_REPORTS_PER_BATCH`].
pub fn reports_batch(
	reports: &[ReportJson],
) -> Result<BoundedVec<SignedReport, MaxReportsPerBatch>, String> {
	if reports.is_empty() || reports.len() > MAX_REPORTS_PER_BATCH as usize {
		return Err(format!(
			"a batch carries 1 to {MAX_REPORTS_PER_BATCH} reports, got {}",
			reports.len()
		));
	}
	let reports = reports
		.iter()
		.enumerate()
		.map(|(i, report)| report.to_chain(&format!("reports[{i}]")))
		.collect::<Result<Vec<_>, _>>()?;
	Ok(BoundedVec::truncate_from(reports))
}

/// A beacon's reveal, as `depin_revealBeacon` takes it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevealJson {
	/// The beaconer's key.
	pub beaconer: String,
	/// The beacon's 16 bytes of local entropy.
	pub local_entropy: String,
	/// How many reports the beacon collected.
	pub reports: u32,
}

impl RevealJson {
	/// The beaconer, its local entropy and the report count.
	pub fn to_chain(&self) -> Result<(DeviceKey, [u8; 16], u32), String> {
		Ok((
			parse_device_key("beaconer", &self.beaconer)?,
			parse_array("localEntropy", &self.local_entropy)?,
			self.reports,
		))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

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
		receipt.witnesses = vec![report; MAX_WITNESSES_PER_RECEIPT as usize + 1];
		let error = receipt.to_chain().unwrap_err();
		assert!(error.contains(&format!("at most {MAX_WITNESSES_PER_RECEIPT}")), "{error}");
	}

	#[test]
	fn a_report_round_trips_and_batches_are_bounded() {
		let report = ReportJson {
			beaconer: format!("0x{}", "33".repeat(32)),
			announced_at: 1_002,
			witness: format!("0x03{}", "44".repeat(32)),
			commitment: format!("0x{}", "02".repeat(32)),
			rssi_dbm_x10: -1_085,
			snr_db_x10: 72,
			frequency_khz: 868_105,
			signature: format!("0x{}", "55".repeat(64)),
		};
		let chain = report.to_chain("report").unwrap();
		assert!(matches!(chain.signature, DeviceSignature::P256(_)));
		let back = ReportJson::from_chain(&chain);
		assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&report).unwrap());
		let short = ReportJson { commitment: "0x02".into(), ..report.clone() };
		assert_eq!(
			reports_batch(&[report.clone(), short]).unwrap_err(),
			"reports[1].commitment must be 32 bytes, got 1"
		);
		assert!(reports_batch(&[]).unwrap_err().contains("1 to"));
		let full = vec![report; MAX_REPORTS_PER_BATCH as usize + 1];
		assert!(reports_batch(&full).unwrap_err().contains(&format!("{MAX_REPORTS_PER_BATCH}")));
	}
}
