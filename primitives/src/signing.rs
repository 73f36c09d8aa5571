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

/// `body` certified by the maker key `signer`: what a maker's factory tooling produces.
pub fn certify(
	body: crate::maker::CertificateBody,
	signer: &DeviceSigner,
) -> crate::maker::DeviceCertificate {
	let signature = signer.sign(&crate::maker::certificate_message(&body));
	crate::maker::DeviceCertificate::Maker(crate::maker::MakerCertificate {
		body,
		signer: signer.public(),
		signature,
	})
}

/// What a test or benchmark certifies for `device` of `kind`: no expiry, and rated as a test
/// device of its kind is (an energy device at 5,000 W, a compute device in class 1).
pub fn test_certificate_body(
	genesis_hash: [u8; 32],
	maker: crate::maker::MakerId,
	device: DeviceKey,
	kind: crate::DeviceKind,
	batch: crate::maker::BatchId,
	serial: u64,
) -> crate::maker::CertificateBody {
	use crate::{maker::Capability, DeviceKind};
	let capability = match kind {
		DeviceKind::Energy => Capability::RatedPowerW(5_000),
		DeviceKind::Compute => Capability::ComputeClass(1),
		_ => Capability::Unrated,
	};
	crate::maker::CertificateBody {
		genesis_hash,
		maker,
		device,
		kind,
		batch,
		serial,
		capability,
		expires_at: None,
	}
}
