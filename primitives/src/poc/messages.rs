//! What radio devices sign to prove coverage: the beacon announcement, witnesses' reports and
//! the commitments that bind them to a received payload (the announce–report–reveal flow), and
//! the beaconer-assembled receipt of the single-receipt flow.
//!
//! `docs/proof-of-coverage.md` specifies these bytes for firmware in other languages.

use crate::{DeviceKey, DeviceSignature};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{traits::ConstU32, BoundedVec};

/// Domain separator of the beacon payload derivation.
pub const BEACON_DOMAIN: &[u8; 20] = b"depin-node/beacon/v1";
/// Domain separator of witness reports.
pub const WITNESS_DOMAIN: &[u8; 21] = b"depin-node/witness/v1";
/// Domain separator of beacon receipts.
pub const RECEIPT_DOMAIN: &[u8; 21] = b"depin-node/receipt/v1";
/// Domain separator of beacon announcements.
pub const ANNOUNCE_DOMAIN: &[u8; 22] = b"depin-node/announce/v1";
/// Domain separator of the seal an announcement carries of its payload.
pub const SEAL_DOMAIN: &[u8; 18] = b"depin-node/seal/v1";
/// Domain separator of a witness's commitment to the payload it received.
pub const COMMITMENT_DOMAIN: &[u8; 24] = b"depin-node/commitment/v1";
/// Domain separator of witnesses' reports.
pub const REPORT_DOMAIN: &[u8; 20] = b"depin-node/report/v1";

/// The most reports one announced beacon may collect.
pub const MAX_REPORTS_PER_BEACON: u32 = 64;

/// [`MAX_REPORTS_PER_BEACON`] as a type.
pub type MaxReportsPerBeacon = ConstU32<MAX_REPORTS_PER_BEACON>;

/// The most reports one transaction may carry.
pub const MAX_REPORTS_PER_BATCH: u32 = 128;

/// [`MAX_REPORTS_PER_BATCH`] as a type.
pub type MaxReportsPerBatch = ConstU32<MAX_REPORTS_PER_BATCH>;

/// The most witness reports one receipt may carry (more than the 14 that are rewarded, so that
/// the earliest can be selected among all who heard the beacon).
pub const MAX_WITNESSES_PER_RECEIPT: u32 = 25;

/// [`MAX_WITNESSES_PER_RECEIPT`] as a type.
pub type MaxWitnessesPerReceipt = ConstU32<MAX_WITNESSES_PER_RECEIPT>;

/// One beacon as the beaconer transmitted it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Beacon {
	/// The block whose hash is the beacon's remote entropy; it must be recent.
	pub entropy_block: u32,
	/// Random bytes the beaconer chose.
	pub local_entropy: [u8; 16],
	/// The transmitted payload: [`beacon_payload`] of the entropies.
	pub payload: [u8; 32],
	/// Carrier frequency in kHz.
	pub frequency_khz: u32,
	/// Transmit power in tenths of dBm.
	pub tx_power_dbm_x10: i16,
}

/// What a witness measured when it received a beacon.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct WitnessMeasurements {
	/// Received signal strength in tenths of dBm.
	pub rssi_dbm_x10: i16,
	/// Signal-to-noise ratio in tenths of dB.
	pub snr_db_x10: i16,
	/// Frequency the witness received on, in kHz.
	pub frequency_khz: u32,
	/// Time of arrival after the beacon's transmission, in microseconds.
	pub arrival_us: u32,
}

/// A witness's signed report of a beacon.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct WitnessReport {
	/// The witness device.
	pub witness: DeviceKey,
	/// What it measured.
	pub measurements: WitnessMeasurements,
	/// The witness's signature of [`witness_message`].
	pub signature: DeviceSignature,
}

/// The beaconer's report of one beacon and the witnesses that heard it; the beaconer signs
/// [`receipt_message`] of it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct BeaconReceipt {
	/// The beaconing device.
	pub beaconer: DeviceKey,
	/// The beacon.
	pub beacon: Beacon,
	/// The witness reports, at most [`MAX_WITNESSES_PER_RECEIPT`].
	pub witnesses: BoundedVec<WitnessReport, MaxWitnessesPerReceipt>,
}

/// The payload a beacon must carry: the first 32 bytes of
/// `BLAKE2b-256(BEACON_DOMAIN ‖ entropy_hash ‖ SCALE(beaconer) ‖ local_entropy)`.
///
/// It depends on a block hash that did not exist before the entropy block, so a beacon cannot
/// be made in advance, and on the beaconer, so one beacon cannot be passed off as another's.
pub fn beacon_payload(
	entropy_hash: &[u8],
	beaconer: &DeviceKey,
	local_entropy: &[u8; 16],
) -> [u8; 32] {
	let mut preimage =
		Vec::with_capacity(BEACON_DOMAIN.len() + 32 + DeviceKey::max_encoded_len() + 16);
	preimage.extend_from_slice(BEACON_DOMAIN);
	preimage.extend_from_slice(entropy_hash);
	beaconer.encode_to(&mut preimage);
	preimage.extend_from_slice(local_entropy);
	sp_io::hashing::blake2_256(&preimage)
}

/// The message a witness signs:
/// `WITNESS_DOMAIN ‖ genesis_hash ‖ SCALE(beaconer) ‖ SCALE(beacon) ‖ SCALE(witness) ‖
/// SCALE(measurements)`.
pub fn witness_message(
	genesis_hash: &[u8],
	beaconer: &DeviceKey,
	beacon: &Beacon,
	witness: &DeviceKey,
	measurements: &WitnessMeasurements,
) -> Vec<u8> {
	let mut message = Vec::with_capacity(
		WITNESS_DOMAIN.len()
			+ 32 + 2 * DeviceKey::max_encoded_len()
			+ Beacon::max_encoded_len()
			+ WitnessMeasurements::max_encoded_len(),
	);
	message.extend_from_slice(WITNESS_DOMAIN);
	message.extend_from_slice(genesis_hash);
	beaconer.encode_to(&mut message);
	beacon.encode_to(&mut message);
	witness.encode_to(&mut message);
	measurements.encode_to(&mut message);
	message
}

/// The message the beaconer signs: `RECEIPT_DOMAIN ‖ genesis_hash ‖ SCALE(receipt)`.
pub fn receipt_message(genesis_hash: &[u8], receipt: &BeaconReceipt) -> Vec<u8> {
	let mut message = Vec::with_capacity(RECEIPT_DOMAIN.len() + 32 + receipt.encoded_size());
	message.extend_from_slice(RECEIPT_DOMAIN);
	message.extend_from_slice(genesis_hash);
	receipt.encode_to(&mut message);
	message
}

/// A beacon as its beaconer announces it on chain, before the report window: everything but
/// the payload, which only its seal shows. The beaconer signs [`announce_message`] of it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct BeaconAnnouncement {
	/// The beaconing device.
	pub beaconer: DeviceKey,
	/// The block whose hash is the beacon's remote entropy; it must be recent.
	pub entropy_block: u32,
	/// [`payload_seal`] of the transmitted payload.
	pub seal: [u8; 32],
	/// Carrier frequency in kHz.
	pub frequency_khz: u32,
	/// Transmit power in tenths of dBm.
	pub tx_power_dbm_x10: i16,
}

/// A witness's report of an announced beacon it received. The witness signs
/// [`report_message`] of it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Report {
	/// The beaconing device.
	pub beaconer: DeviceKey,
	/// The block that included the beacon's announcement.
	pub announced_at: u32,
	/// The witness device.
	pub witness: DeviceKey,
	/// [`reception_commitment`] of the received payload and the witness.
	pub commitment: [u8; 32],
	/// Received signal strength in tenths of dBm.
	pub rssi_dbm_x10: i16,
	/// Signal-to-noise ratio in tenths of dB.
	pub snr_db_x10: i16,
	/// Frequency the witness received on, in kHz.
	pub frequency_khz: u32,
}

/// A report and its witness's signature.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SignedReport {
	/// The report.
	pub report: Report,
	/// The witness's signature of [`report_message`] of it.
	pub signature: DeviceSignature,
}

/// The seal of a payload: `BLAKE2b-256(SEAL_DOMAIN ‖ payload)`. It binds the beaconer to the
/// payload it transmits without telling it.
pub fn payload_seal(payload: &[u8; 32]) -> [u8; 32] {
	let mut preimage = Vec::with_capacity(SEAL_DOMAIN.len() + 32);
	preimage.extend_from_slice(SEAL_DOMAIN);
	preimage.extend_from_slice(payload);
	sp_io::hashing::blake2_256(&preimage)
}

/// A witness's commitment to the payload it received:
/// `BLAKE2b-256(COMMITMENT_DOMAIN ‖ payload ‖ SCALE(witness))`. Bound to the witness's key, so
/// that another device's commitment, public once reported, proves nothing for a copier.
pub fn reception_commitment(payload: &[u8; 32], witness: &DeviceKey) -> [u8; 32] {
	let mut preimage =
		Vec::with_capacity(COMMITMENT_DOMAIN.len() + 32 + DeviceKey::max_encoded_len());
	preimage.extend_from_slice(COMMITMENT_DOMAIN);
	preimage.extend_from_slice(payload);
	witness.encode_to(&mut preimage);
	sp_io::hashing::blake2_256(&preimage)
}

/// The message a beaconer signs to announce a beacon:
/// `ANNOUNCE_DOMAIN ‖ genesis_hash ‖ SCALE(announcement)`.
pub fn announce_message(genesis_hash: &[u8], announcement: &BeaconAnnouncement) -> Vec<u8> {
	let mut message =
		Vec::with_capacity(ANNOUNCE_DOMAIN.len() + 32 + BeaconAnnouncement::max_encoded_len());
	message.extend_from_slice(ANNOUNCE_DOMAIN);
	message.extend_from_slice(genesis_hash);
	announcement.encode_to(&mut message);
	message
}

/// The message a witness signs to report a beacon: `REPORT_DOMAIN ‖ genesis_hash ‖ SCALE(report)`.
pub fn report_message(genesis_hash: &[u8], report: &Report) -> Vec<u8> {
	let mut message = Vec::with_capacity(REPORT_DOMAIN.len() + 32 + Report::max_encoded_len());
	message.extend_from_slice(REPORT_DOMAIN);
	message.extend_from_slice(genesis_hash);
	report.encode_to(&mut message);
	message
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::doc_vectors::{array, value, PROOF_OF_COVERAGE_MD, SIGNING_MD};
	use codec::Decode;

	#[test]
	fn receipt_example_in_docs() {
		let example =
			|name: &str| value(PROOF_OF_COVERAGE_MD, &alloc::format!("receipt_example.{name}"));
		let genesis = value(SIGNING_MD, "genesis_hash");
		let beaconer = DeviceKey::Ed25519(array(value(SIGNING_MD, "ed25519.public")));
		let witness = DeviceKey::P256(array(value(SIGNING_MD, "p256.public")));
		let local_entropy: [u8; 16] = core::array::from_fn(|i| i as u8);
		let payload = beacon_payload(&example("entropy_hash"), &beaconer, &local_entropy);
		assert_eq!(payload.to_vec(), example("payload"));

		let beacon = Beacon {
			entropy_block: 1_000,
			local_entropy,
			payload,
			frequency_khz: 868_100,
			tx_power_dbm_x10: 270,
		};
		let measurements = WitnessMeasurements {
			rssi_dbm_x10: -1_085,
			snr_db_x10: 72,
			frequency_khz: 868_105,
			arrival_us: 1_234,
		};
		let witness_message =
			witness_message(&genesis, &beaconer, &beacon, &witness, &measurements);
		assert_eq!(witness_message, example("witness.message"));
		let witness_signature = DeviceSignature::P256(array(example("witness.signature")));
		assert!(witness.verify(&witness_signature, &witness_message));

		let receipt = BeaconReceipt {
			beaconer,
			beacon,
			witnesses: BoundedVec::truncate_from(alloc::vec![WitnessReport {
				witness,
				measurements,
				signature: witness_signature,
			}]),
		};
		assert_eq!(receipt.encode(), example("receipt.scale"));
		assert_eq!(BeaconReceipt::decode(&mut &example("receipt.scale")[..]).unwrap(), receipt);
		let message = receipt_message(&genesis, &receipt);
		assert_eq!(message, example("receipt.message"));
		let signature = DeviceSignature::Ed25519(array(example("receipt.signature")));
		assert!(beaconer.verify(&signature, &message));
	}

	#[test]
	fn announced_beacon_example_in_docs() {
		use crate::signing::DeviceSigner;
		let example =
			|name: &str| value(PROOF_OF_COVERAGE_MD, &alloc::format!("announced_example.{name}"));
		let genesis = value(SIGNING_MD, "genesis_hash");
		let beaconer = DeviceSigner::ed25519_from_seed(&array(value(SIGNING_MD, "ed25519.secret")));
		let witness =
			DeviceSigner::p256_from_secret(&array(value(SIGNING_MD, "p256.secret"))).unwrap();
		let local_entropy: [u8; 16] = core::array::from_fn(|i| i as u8);
		let payload = beacon_payload(&[0x11; 32], &beaconer.public(), &local_entropy);
		assert_eq!(payload.to_vec(), value(PROOF_OF_COVERAGE_MD, "receipt_example.payload"));
		assert_eq!(payload_seal(&payload).to_vec(), example("seal"));

		let announcement = BeaconAnnouncement {
			beaconer: beaconer.public(),
			entropy_block: 1_000,
			seal: payload_seal(&payload),
			frequency_khz: 868_100,
			tx_power_dbm_x10: 140,
		};
		assert_eq!(announcement.encode(), example("announcement.scale"));
		let message = announce_message(&genesis, &announcement);
		assert_eq!(message, example("announcement.message"));
		let signature = DeviceSignature::Ed25519(array(example("announcement.signature")));
		assert_eq!(beaconer.sign(&message), signature);

		let commitment = reception_commitment(&payload, &witness.public());
		assert_eq!(commitment.to_vec(), example("commitment"));
		let report = Report {
			beaconer: beaconer.public(),
			announced_at: 1_002,
			witness: witness.public(),
			commitment,
			rssi_dbm_x10: -1_085,
			snr_db_x10: 72,
			frequency_khz: 868_105,
		};
		let message = report_message(&genesis, &report);
		assert_eq!(message, example("report.message"));
		let signature = DeviceSignature::P256(array(example("report.signature")));
		assert_eq!(witness.sign(&message), signature);
		let signed = SignedReport { report, signature };
		assert_eq!(signed.encode(), example("signed_report.scale"));
		assert_eq!(SignedReport::decode(&mut &example("signed_report.scale")[..]).unwrap(), signed);
	}
}
