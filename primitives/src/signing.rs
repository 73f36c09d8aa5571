//! Device-side signing, for clients, tests and benchmarks. The runtime only verifies; it
//! includes this module only in `runtime-benchmarks` builds.

use crate::device::{DeviceKey, DeviceSignature};
use p256::ecdsa::{signature::Signer, Signature, SigningKey};

/// A device's secret key.
pub enum DeviceSigner {
	/// An Ed25519 signing key.
	Ed25519(ed25519_zebra::SigningKey),
	/// An ECDSA P-256 signing key.
	P256(SigningKey),
}

impl DeviceSigner {
	/// The Ed25519 key whose 32-byte seed (RFC 8032 secret key) is `seed`.
	pub fn ed25519_from_seed(seed: &[u8; 32]) -> Self {
		DeviceSigner::Ed25519(ed25519_zebra::SigningKey::from(*seed))
	}

	/// The P-256 key whose 32-byte big-endian scalar is `secret`; `None` if it is zero or not
	/// below the group order.
	pub fn p256_from_secret(secret: &[u8; 32]) -> Option<Self> {
		SigningKey::from_slice(secret).ok().map(DeviceSigner::P256)
	}

	/// The public key, which is the device's identity.
	pub fn public(&self) -> DeviceKey {
		match self {
			DeviceSigner::Ed25519(key) => {
				DeviceKey::Ed25519(ed25519_zebra::VerificationKeyBytes::from(key).into())
			},
			DeviceSigner::P256(key) => {
				let point = key.verifying_key().to_encoded_point(true);
				let mut compressed = [0u8; 33];
				compressed.copy_from_slice(point.as_bytes());
				DeviceKey::P256(compressed)
			},
		}
	}

	/// Signs `message`: pure Ed25519, or deterministic (RFC 6979) ECDSA P-256 over SHA-256.
	pub fn sign(&self, message: &[u8]) -> DeviceSignature {
		match self {
			DeviceSigner::Ed25519(key) => DeviceSignature::Ed25519(key.sign(message).to_bytes()),
			DeviceSigner::P256(key) => {
				let signature: Signature = key.sign(message);
				DeviceSignature::P256(signature.to_bytes().into())
			},
		}
	}
}
