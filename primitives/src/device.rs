//! Device identity: keys, signatures, kinds, statuses and the registration message.
//!
//! The byte formats here are what device firmware produces; `docs/signing.md` specifies them
//! for implementers in other languages.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::ed25519;

/// Domain separator that starts every proof-of-possession message, so that a signature made
/// for registration can never be replayed as any other kind of device message.
pub const REGISTRATION_DOMAIN: &[u8; 24] = b"depin-node/device-pop/v1";

/// A device's public key, which is also the device's identity on chain.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DeviceKey {
	/// An Ed25519 public key (32 bytes), for keys kept in software.
	#[codec(index = 0)]
	Ed25519([u8; 32]),
	/// A compressed SEC1 ECDSA P-256 public key (33 bytes: `0x02`/`0x03` then x), for keys
	/// kept in secure elements (ATECC608, TPM, phone keystores).
	#[codec(index = 1)]
	P256([u8; 33]),
}

/// A signature by a device key.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum DeviceSignature {
	/// An Ed25519 signature over the message itself (RFC 8032 pure Ed25519).
	#[codec(index = 0)]
	Ed25519([u8; 64]),
	/// An ECDSA P-256 signature over SHA-256 of the message, as `r ‖ s` (32 bytes each,
	/// big-endian); both low and high `s` are accepted.
	#[codec(index = 1)]
	P256([u8; 64]),
}

/// Which signature scheme a key uses; selects the weight of a signature check.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KeyScheme {
	/// Ed25519, checked by a host function.
	Ed25519,
	/// ECDSA P-256, checked inside the runtime.
	P256,
}

/// Why bytes are not a device's public key.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KeyBytesError {
	/// Neither 32 bytes (Ed25519) nor 33 bytes (compressed P-256).
	WrongLength(usize),
	/// 33 bytes whose first byte is not `02` or `03`.
	UncompressedP256,
}

impl TryFrom<&[u8]> for DeviceKey {
	type Error = KeyBytesError;

	/// The key whose bare public key is `bytes`; the length gives the scheme.
	fn try_from(bytes: &[u8]) -> Result<Self, KeyBytesError> {
		match bytes.len() {
			32 => Ok(DeviceKey::Ed25519(bytes.try_into().expect("32 bytes"))),
			33 if matches!(bytes[0], 2 | 3) => {
				Ok(DeviceKey::P256(bytes.try_into().expect("33 bytes")))
			},
			33 => Err(KeyBytesError::UncompressedP256),
			len => Err(KeyBytesError::WrongLength(len)),
		}
	}
}

impl DeviceKey {
	/// The bare public key: the bytes `DeviceKey::try_from` takes.
	pub fn as_bytes(&self) -> &[u8] {
		match self {
			DeviceKey::Ed25519(key) => key,
			DeviceKey::P256(key) => key,
		}
	}

	/// The signature scheme of this key.
	pub fn scheme(&self) -> KeyScheme {
		match self {
			DeviceKey::Ed25519(_) => KeyScheme::Ed25519,
			DeviceKey::P256(_) => KeyScheme::P256,
		}
	}

	/// Whether `signature` is this key's signature of `message`. A signature of the other
	/// scheme, a P-256 key that is not a curve point, or a malformed signature is not valid.
	pub fn verify(&self, signature: &DeviceSignature, message: &[u8]) -> bool {
		match (self, signature) {
			(DeviceKey::Ed25519(key), DeviceSignature::Ed25519(signature)) => {
				sp_io::crypto::ed25519_verify(
					&ed25519::Signature::from_raw(*signature),
					message,
					&ed25519::Public::from_raw(*key),
				)
			},
			(DeviceKey::P256(key), DeviceSignature::P256(signature)) => {
				verify_p256(key, signature, message)
			},
			_ => false,
		}
	}
}

fn verify_p256(key: &[u8; 33], signature: &[u8; 64], message: &[u8]) -> bool {
	use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};
	let Ok(key) = VerifyingKey::from_sec1_bytes(key) else { return false };
	let Ok(signature) = Signature::from_slice(signature) else { return false };
	key.verify(message, &signature).is_ok()
}

/// The message a device signs to prove possession of its key when `owner` registers it:
///
/// `REGISTRATION_DOMAIN ‖ genesis_hash ‖ owner ‖ SCALE(device) ‖ nonce (u32 little-endian)`
///
/// The genesis hash binds the proof to one chain, the owner's account bytes to one owner, and
/// the nonce (the number of times this key was registered before) to one registration, so a
/// proof can never be replayed after the device is deregistered.
pub fn registration_message(
	genesis_hash: &[u8],
	owner: &[u8],
	device: &DeviceKey,
	nonce: u32,
) -> Vec<u8> {
	let mut message = Vec::with_capacity(
		REGISTRATION_DOMAIN.len() + 32 + owner.len() + DeviceKey::max_encoded_len() + 4,
	);
	message.extend_from_slice(REGISTRATION_DOMAIN);
	message.extend_from_slice(genesis_hash);
	message.extend_from_slice(owner);
	device.encode_to(&mut message);
	message.extend_from_slice(&nonce.to_le_bytes());
	message
}

/// Domain separator of heartbeat messages.
pub const HEARTBEAT_DOMAIN: &[u8; 23] = b"depin-node/heartbeat/v1";

/// The message a device signs as its uptime proof for `epoch`:
///
/// `HEARTBEAT_DOMAIN ‖ genesis_hash ‖ SCALE(device) ‖ epoch (u32 little-endian)`
///
/// The chain accepts one heartbeat per device per epoch, so a heartbeat cannot be replayed.
pub fn heartbeat_message(genesis_hash: &[u8], device: &DeviceKey, epoch: u32) -> Vec<u8> {
	let mut message =
		Vec::with_capacity(HEARTBEAT_DOMAIN.len() + 32 + DeviceKey::max_encoded_len() + 4);
	message.extend_from_slice(HEARTBEAT_DOMAIN);
	message.extend_from_slice(genesis_hash);
	device.encode_to(&mut message);
	message.extend_from_slice(&epoch.to_le_bytes());
	message
}

/// What a device is; coverage proofs differ by kind.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum DeviceKind {
	/// A LoRaWAN hotspot: proves coverage with beacons and witness reports.
	#[codec(index = 0)]
	LoraHotspot,
	/// A Wi-Fi access point: proves coverage with beacons and witness reports.
	#[codec(index = 1)]
	WifiHotspot,
	/// A 5G small cell: proves coverage with beacons and witness reports.
	#[codec(index = 2)]
	FiveGHotspot,
	/// An environmental or IoT sensor: proves uptime with heartbeats.
	#[codec(index = 3)]
	Sensor,
	/// An energy meter, battery or inverter: proves uptime with heartbeats.
	#[codec(index = 4)]
	Energy,
	/// A compute node: proves uptime with heartbeats.
	#[codec(index = 5)]
	Compute,
}

impl DeviceKind {
	/// Every kind, in index order.
	pub const ALL: [DeviceKind; 6] = [
		DeviceKind::LoraHotspot,
		DeviceKind::WifiHotspot,
		DeviceKind::FiveGHotspot,
		DeviceKind::Sensor,
		DeviceKind::Energy,
		DeviceKind::Compute,
	];

	/// Whether the device proves radio coverage (beacons and witnesses) rather than uptime.
	pub fn is_radio(self) -> bool {
		matches!(self, DeviceKind::LoraHotspot | DeviceKind::WifiHotspot | DeviceKind::FiveGHotspot)
	}
}

/// Whether a device takes part in proof-of-coverage.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DeviceStatus {
	/// Takes part in proof-of-coverage and earns rewards.
	#[default]
	#[codec(index = 0)]
	Active,
	/// Suspended: its proofs are refused and its unclaimed rewards frozen.
	#[codec(index = 1)]
	Suspended,
	/// Denied: its proofs are refused; its unclaimed rewards and part of its bond were
	/// forfeited when it was denied. It cannot be transferred or located.
	#[codec(index = 2)]
	Denied,
}

impl From<Option<SanctionStatus>> for DeviceStatus {
	fn from(sanction: Option<SanctionStatus>) -> Self {
		match sanction {
			None => DeviceStatus::Active,
			Some(SanctionStatus::Suspended) => DeviceStatus::Suspended,
			Some(SanctionStatus::Denied) => DeviceStatus::Denied,
		}
	}
}

/// How hard a sanction bites. A sanction belongs to the device key: it survives the device's
/// deregistration and applies again to whoever registers the key next.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum SanctionStatus {
	/// Proofs refused and unclaimed rewards frozen, until lifted.
	#[codec(index = 0)]
	Suspended,
	/// Proofs refused; unclaimed rewards and a share of the bond forfeited at once.
	#[codec(index = 1)]
	Denied,
}

/// Why a device was sanctioned or challenged: the kinds of fraud off-chain detection finds.
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
pub enum SanctionReason {
	/// The device is not where it asserted.
	#[codec(index = 0)]
	FalseLocation,
	/// Its key is used by more than one device, or by software posing as it.
	#[codec(index = 1)]
	ClonedKey,
	/// Its radio traffic is relayed from elsewhere (a relay or a ring of witnesses).
	#[codec(index = 2)]
	Relay,
	/// Its witness reports or receipts are fabricated.
	#[codec(index = 3)]
	FakeWitness,
	/// Any other fraud, described by the evidence.
	#[codec(index = 4)]
	Other,
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::vec::Vec;

	use crate::doc_vectors::{array, value, PROOF_OF_COVERAGE_MD, SIGNING_MD};

	/// The value of a `name = hex` line of the worked examples in `docs/signing.md`.
	fn documented(name: &str) -> Vec<u8> {
		value(SIGNING_MD, name)
	}

	#[test]
	fn worked_examples_in_docs_signing_md() {
		let genesis = documented("genesis_hash");
		let owner = documented("owner");
		for scheme in ["ed25519", "p256"] {
			let field = |name: &str| documented(&alloc::format!("{scheme}.{name}"));
			let (device, signature) = match scheme {
				"ed25519" => (
					DeviceKey::Ed25519(array(field("public"))),
					DeviceSignature::Ed25519(array(field("signature"))),
				),
				_ => (
					DeviceKey::P256(array(field("public"))),
					DeviceSignature::P256(array(field("signature"))),
				),
			};
			let message = registration_message(&genesis, &owner, &device, 0);
			assert_eq!(message, field("message"), "{scheme} message bytes");
			assert!(device.verify(&signature, &message), "{scheme} signature");

			// The device-side signer derives the same public key and, both schemes being
			// deterministic, the same signature.
			let secret: [u8; 32] = array(field("secret"));
			let signer = match scheme {
				"ed25519" => crate::signing::DeviceSigner::ed25519_from_seed(&secret),
				_ => crate::signing::DeviceSigner::p256_from_secret(&secret).unwrap(),
			};
			assert_eq!(signer.public(), device, "{scheme} public key");
			assert_eq!(signer.sign(&message), signature, "{scheme} signature bytes");

			// Any other chain, owner, nonce or key breaks it.
			let mut other_genesis = genesis.clone();
			other_genesis[0] ^= 1;
			let mut other_owner = owner.clone();
			other_owner[31] ^= 1;
			for wrong in [
				registration_message(&other_genesis, &owner, &device, 0),
				registration_message(&genesis, &other_owner, &device, 0),
				registration_message(&genesis, &owner, &device, 1),
			] {
				assert!(!device.verify(&signature, &wrong), "{scheme} replayed");
			}
		}
	}

	#[test]
	fn heartbeat_examples_in_docs() {
		let genesis = documented("genesis_hash");
		let field = |name: &str| value(PROOF_OF_COVERAGE_MD, name);
		let epoch = u32::from_le_bytes(array(field("heartbeat.epoch_le")));
		assert_eq!(epoch, 7);
		let devices = [
			(
				DeviceKey::Ed25519(array(documented("ed25519.public"))),
				DeviceSignature::Ed25519(array(field("heartbeat.ed25519.signature"))),
				field("heartbeat.ed25519.message"),
				"ed25519",
			),
			(
				DeviceKey::P256(array(documented("p256.public"))),
				DeviceSignature::P256(array(field("heartbeat.p256.signature"))),
				field("heartbeat.p256.message"),
				"p256",
			),
		];
		for (device, signature, message, scheme) in devices {
			assert_eq!(heartbeat_message(&genesis, &device, epoch), message, "{scheme} message");
			assert!(device.verify(&signature, &message), "{scheme} signature");
			assert!(!device.verify(&signature, &heartbeat_message(&genesis, &device, epoch + 1)));
		}
	}

	#[test]
	fn rejects_mismatched_and_malformed_signatures() {
		let ed = crate::signing::DeviceSigner::ed25519_from_seed(&[7; 32]);
		let p256 = crate::signing::DeviceSigner::p256_from_secret(&[7; 32]).unwrap();
		let message = b"message";
		let (ed_sig, p256_sig) = (ed.sign(message), p256.sign(message));
		assert!(ed.public().verify(&ed_sig, message));
		assert!(p256.public().verify(&p256_sig, message));
		// The other scheme's signature of the same message.
		assert!(!ed.public().verify(&p256_sig, message));
		assert!(!p256.public().verify(&ed_sig, message));
		// A zero signature, a key that is not a curve point, an uncompressed-point tag.
		assert!(!p256.public().verify(&DeviceSignature::P256([0; 64]), message));
		assert!(!DeviceKey::P256([2; 33]).verify(&p256_sig, message));
		let DeviceKey::P256(mut key) = p256.public() else { unreachable!() };
		key[0] = 4;
		assert!(!DeviceKey::P256(key).verify(&p256_sig, message));
		// High-s form of the same signature is accepted (ECDSA malleability is harmless for a
		// proof of possession; receipts are never identified by their signature bytes).
		let DeviceSignature::P256(bytes) = p256_sig else { unreachable!() };
		let signature = p256::ecdsa::Signature::from_slice(&bytes).unwrap();
		let (r, s) = signature.split_scalars();
		let high = p256::ecdsa::Signature::from_scalars(r, -*s).unwrap();
		let high: [u8; 64] = high.to_bytes().into();
		assert!(p256.public().verify(&DeviceSignature::P256(high), message));
	}

	#[test]
	fn scale_encoding_is_a_tag_then_the_key() {
		let key = DeviceKey::P256([3; 33]);
		let encoded = key.encode();
		assert_eq!(encoded.len(), 34);
		assert_eq!(encoded[0], 1);
		assert_eq!(DeviceKey::Ed25519([9; 32]).encode()[0], 0);
		assert_eq!(DeviceKey::max_encoded_len(), 34);
	}
}
