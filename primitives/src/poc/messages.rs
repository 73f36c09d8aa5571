//! Beacon receipts and witness reports: what radio devices sign to prove coverage.
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
}
