//! X.509 certificate chains of secure elements: a device certificate, the signer
//! (intermediate) certificate of its production batch, and a root certificate that governance
//! registered for the maker, all P-256 ECDSA with SHA-256, as Microchip ATECC608 and Matter
//! device attestation certificates are laid out.
//!
//! The rules are pure, so that the runtime, the CLI and makers' tooling apply the same ones;
//! `docs/makers.md` states the profile and `docs/signing.md` carries a worked example.
//! DER and X.509 are decoded by RustCrypto's `x509-cert` (strict DER), keys and signatures by
//! `p256`.

use crate::{device::DeviceKey, maker::BatchId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use p256::ecdsa::{signature::Verifier, Signature, VerifyingKey};
use scale_info::TypeInfo;
use sp_runtime::{traits::ConstU32, BoundedVec};
use x509_cert::{
	der::{
		self,
		oid::{
			db::{rfc5280, rfc5912},
			ObjectIdentifier,
		},
		referenced::OwnedToRef,
		Decode as _, Encode as _,
	},
	ext::pkix::{BasicConstraints, KeyUsage, KeyUsages},
	Certificate, TbsCertificate, Version,
};

/// The longest DER certificate a chain may carry, in bytes (ATECC608 and Matter device
/// certificates are about 500).
pub const MAX_CERTIFICATE_LEN: u32 = 1024;

/// The most certificates a chain decodes with; the profile takes exactly
/// [`CHAIN_CERTIFICATES`], so that a longer chain gets its own error.
pub const MAX_CHAIN_CERTIFICATES: u32 = 4;

/// The certificates of a chain: the device's, then its signer's.
pub const CHAIN_CERTIFICATES: usize = 2;

/// One DER certificate.
pub type CertificateDer = BoundedVec<u8, ConstU32<MAX_CERTIFICATE_LEN>>;

/// A registered root, named by the SHA-256 of its DER certificate (its usual fingerprint).
pub type RootId = [u8; 32];

/// A device's X.509 chain, as registration takes it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct X509Chain {
	/// The registered root the chain ends in.
	pub root: RootId,
	/// The DER certificates, the device's first, then its signer's; the root is not repeated.
	pub certificates: BoundedVec<CertificateDer, ConstU32<MAX_CHAIN_CERTIFICATES>>,
}

/// What the chain keeps of a registered root certificate: what verifying a signer under it
/// needs.
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
pub struct X509Root {
	/// The root's P-256 key, SEC1 compressed.
	pub public_key: [u8; 33],
	/// SHA-256 of the DER of the root's subject name, which a signer names as its issuer.
	pub subject_hash: [u8; 32],
	/// Unix seconds from which the root is valid.
	pub not_before: u64,
	/// Unix seconds until which the root is valid.
	pub not_after: u64,
}

/// What a verified chain certifies.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct X509Device {
	/// The device key, from the device certificate.
	pub key: DeviceKey,
	/// The batch: the first 4 bytes, big-endian, of SHA-256 of the signer's compressed key,
	/// so that every device under one signer key is one batch, whichever certificate of that
	/// key it presents.
	pub batch: BatchId,
	/// The low 64 bits of the device certificate's serial number.
	pub serial: u64,
}

/// Why a chain or a root certificate is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum X509Error {
	/// A certificate is not DER X.509, or repeats an extension.
	MalformedDer,
	/// The chain has more than [`CHAIN_CERTIFICATES`] certificates.
	ChainTooLong,
	/// The chain has fewer than [`CHAIN_CERTIFICATES`] certificates.
	ChainTooShort,
	/// A certificate is not version 3.
	NotVersion3,
	/// A certificate is not signed with ECDSA and SHA-256, or names two algorithms.
	UnsupportedSignatureAlgorithm,
	/// A certificate's key is not a P-256 key.
	UnsupportedKey,
	/// A certificate's issuer is not its issuer certificate's subject.
	IssuerMismatch,
	/// A certificate's signature does not verify under its issuer's key.
	BadSignature,
	/// A certificate is not valid yet.
	NotYetValid,
	/// A certificate has expired.
	Expired,
	/// The signer or root is not a certificate authority that may sign certificates.
	NotCertificateAuthority,
	/// The root's path length constraint allows no signer under it.
	PathLengthExceeded,
	/// The device certificate is a certificate authority's.
	DeviceIsCertificateAuthority,
	/// The device certificate's key usage does not allow signatures.
	KeyUsageForbidsSigning,
	/// A certificate has a critical extension this profile does not process.
	UnsupportedCriticalExtension,
}

const ECDSA_WITH_SHA_256: ObjectIdentifier = rfc5912::ECDSA_WITH_SHA_256;

/// The fingerprint that names a root: SHA-256 of its DER certificate.
pub fn root_id(der: &[u8]) -> RootId {
	sp_io::hashing::sha2_256(der)
}

/// Checks a root certificate for registration: self-signed, a certificate authority that may
/// sign a signer, P-256 ECDSA with SHA-256. Its validity dates are kept and checked at every
/// registration under it.
pub fn parse_root(der: &[u8]) -> Result<(RootId, X509Root), X509Error> {
	let root = decode(der)?;
	let tbs = &root.tbs_certificate;
	let key = check_profile(&root)?;
	if tbs.issuer != tbs.subject {
		return Err(X509Error::IssuerMismatch);
	}
	let constraints = check_authority(tbs)?;
	if constraints.path_len_constraint == Some(0) {
		return Err(X509Error::PathLengthExceeded);
	}
	verify_signature(&root, &key)?;
	let (not_before, not_after) = validity(tbs);
	let root = X509Root {
		public_key: compressed(&key),
		subject_hash: name_hash(&tbs.subject)?,
		not_before,
		not_after,
	};
	Ok((root_id(der), root))
}

/// Verifies `certificates` (the device's, then its signer's) under `root`, each valid at
/// `now` (Unix seconds; `None` skips the dates, for a chain's genesis, which has no time yet).
pub fn verify_chain(
	certificates: &[CertificateDer],
	root: &X509Root,
	now: Option<u64>,
) -> Result<X509Device, X509Error> {
	match certificates.len() {
		n if n > CHAIN_CERTIFICATES => return Err(X509Error::ChainTooLong),
		n if n < CHAIN_CERTIFICATES => return Err(X509Error::ChainTooShort),
		_ => {},
	}
	let device = decode(&certificates[0])?;
	let signer = decode(&certificates[1])?;
	if let Some(now) = now {
		check_validity((root.not_before, root.not_after), now)?;
		check_validity(validity(&signer.tbs_certificate), now)?;
		check_validity(validity(&device.tbs_certificate), now)?;
	}

	let signer_key = check_profile(&signer)?;
	check_authority(&signer.tbs_certificate)?;
	if name_hash(&signer.tbs_certificate.issuer)? != root.subject_hash {
		return Err(X509Error::IssuerMismatch);
	}
	let root_key =
		VerifyingKey::from_sec1_bytes(&root.public_key).map_err(|_| X509Error::UnsupportedKey)?;
	verify_signature(&signer, &root_key)?;

	let device_key = check_profile(&device)?;
	check_end_entity(&device.tbs_certificate)?;
	if device.tbs_certificate.issuer != signer.tbs_certificate.subject {
		return Err(X509Error::IssuerMismatch);
	}
	verify_signature(&device, &signer_key)?;

	let batch_hash = sp_io::hashing::sha2_256(&compressed(&signer_key));
	Ok(X509Device {
		key: DeviceKey::P256(compressed(&device_key)),
		batch: u32::from_be_bytes([batch_hash[0], batch_hash[1], batch_hash[2], batch_hash[3]]),
		serial: low_u64(device.tbs_certificate.serial_number.as_bytes()),
	})
}

fn decode(der: &[u8]) -> Result<Certificate, X509Error> {
	Certificate::from_der(der).map_err(|_| X509Error::MalformedDer)
}

/// The rules every certificate of a chain follows; its key.
fn check_profile(certificate: &Certificate) -> Result<VerifyingKey, X509Error> {
	let tbs = &certificate.tbs_certificate;
	if tbs.version != Version::V3 {
		return Err(X509Error::NotVersion3);
	}
	if tbs.signature.oid != ECDSA_WITH_SHA_256
		|| certificate.signature_algorithm.oid != ECDSA_WITH_SHA_256
		|| tbs.signature.parameters.is_some()
		|| certificate.signature_algorithm.parameters.is_some()
	{
		return Err(X509Error::UnsupportedSignatureAlgorithm);
	}
	for extension in tbs.extensions.as_deref().unwrap_or_default() {
		let processed = extension.extn_id == rfc5280::ID_CE_BASIC_CONSTRAINTS
			|| extension.extn_id == rfc5280::ID_CE_KEY_USAGE;
		if extension.critical && !processed {
			return Err(X509Error::UnsupportedCriticalExtension);
		}
	}
	let key = p256::PublicKey::try_from(tbs.subject_public_key_info.owned_to_ref())
		.map_err(|_| X509Error::UnsupportedKey)?;
	Ok(VerifyingKey::from(&key))
}

/// A signer's or root's rules: a certificate authority whose key may sign certificates.
fn check_authority(tbs: &TbsCertificate) -> Result<BasicConstraints, X509Error> {
	let constraints = extension::<BasicConstraints>(tbs)?
		.filter(|constraints| constraints.ca)
		.ok_or(X509Error::NotCertificateAuthority)?;
	let usage = extension::<KeyUsage>(tbs)?;
	if usage.is_some_and(|usage| !usage.0.contains(KeyUsages::KeyCertSign)) {
		return Err(X509Error::NotCertificateAuthority);
	}
	Ok(constraints)
}

/// The device certificate's rules: not a certificate authority, and its key may sign (the
/// proof of possession).
fn check_end_entity(tbs: &TbsCertificate) -> Result<(), X509Error> {
	if extension::<BasicConstraints>(tbs)?.is_some_and(|constraints| constraints.ca) {
		return Err(X509Error::DeviceIsCertificateAuthority);
	}
	if extension::<KeyUsage>(tbs)?.is_some_and(|usage| !usage.digital_signature()) {
		return Err(X509Error::KeyUsageForbidsSigning);
	}
	Ok(())
}

fn extension<'a, T>(tbs: &'a TbsCertificate) -> Result<Option<T>, X509Error>
where
	T: der::Decode<'a> + der::oid::AssociatedOid,
{
	tbs.get::<T>()
		.map(|found| found.map(|(_critical, value)| value))
		.map_err(|_| X509Error::MalformedDer)
}

fn verify_signature(certificate: &Certificate, issuer: &VerifyingKey) -> Result<(), X509Error> {
	let tbs = certificate.tbs_certificate.to_der().map_err(|_| X509Error::MalformedDer)?;
	let signature = certificate.signature.as_bytes().ok_or(X509Error::MalformedDer)?;
	let signature = Signature::from_der(signature).map_err(|_| X509Error::BadSignature)?;
	issuer.verify(&tbs, &signature).map_err(|_| X509Error::BadSignature)
}

fn validity(tbs: &TbsCertificate) -> (u64, u64) {
	(
		tbs.validity.not_before.to_unix_duration().as_secs(),
		tbs.validity.not_after.to_unix_duration().as_secs(),
	)
}

fn check_validity((not_before, not_after): (u64, u64), now: u64) -> Result<(), X509Error> {
	if now < not_before {
		return Err(X509Error::NotYetValid);
	}
	if now > not_after {
		return Err(X509Error::Expired);
	}
	Ok(())
}

fn name_hash(name: &x509_cert::name::Name) -> Result<[u8; 32], X509Error> {
	let der = name.to_der().map_err(|_| X509Error::MalformedDer)?;
	Ok(sp_io::hashing::sha2_256(&der))
}

fn compressed(key: &VerifyingKey) -> [u8; 33] {
	let point = key.to_encoded_point(true);
	let mut bytes = [0; 33];
	bytes.copy_from_slice(point.as_bytes());
	bytes
}

/// The last 8 bytes of a big-endian unsigned integer, as a `u64`.
fn low_u64(bytes: &[u8]) -> u64 {
	bytes.iter().rev().take(8).rev().fold(0, |value, byte| (value << 8) | u64::from(*byte))
}

/// The root and chain the benchmarks register and verify: as long as certificates get, with
/// the names and keys of the example of `docs/signing.md`.
#[cfg(any(test, feature = "runtime-benchmarks", feature = "doc-vectors"))]
pub mod vectors {
	/// A root certificate of [`super::MAX_CERTIFICATE_LEN`] bytes.
	pub const LARGE_ROOT: &[u8] = include_bytes!("../vectors/x509/large-root.der");
	/// A signer certificate of [`super::MAX_CERTIFICATE_LEN`] bytes under [`LARGE_ROOT`].
	pub const LARGE_SIGNER: &[u8] = include_bytes!("../vectors/x509/large-signer.der");
	/// A device certificate of [`super::MAX_CERTIFICATE_LEN`] bytes under [`LARGE_SIGNER`],
	/// for the P-256 key of `docs/signing.md` (`p256.secret`).
	pub const LARGE_DEVICE: &[u8] = include_bytes!("../vectors/x509/large-device.der");
	/// A time at which all three are valid, in Unix seconds (2027-01-15).
	pub const VALID_AT: u64 = 1_800_000_000;
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::doc_vectors::{array, value, SIGNING_MD};

	/// 2027-01-15, when every vector is valid.
	const DEVICE_VALID_AT: u64 = 1_800_000_000;

	fn vector(name: &str) -> Vec<u8> {
		value(SIGNING_MD, &alloc::format!("x509.{name}"))
	}

	fn file(name: &str) -> Vec<u8> {
		std::fs::read(alloc::format!("{}/vectors/x509/{name}", env!("CARGO_MANIFEST_DIR")))
			.expect("a vector file")
	}

	fn der(bytes: Vec<u8>) -> CertificateDer {
		CertificateDer::try_from(bytes).expect("short enough")
	}

	fn root() -> X509Root {
		parse_root(&vector("root")).expect("the example root").1
	}

	fn verify(device: Vec<u8>, signer: Vec<u8>) -> Result<X509Device, X509Error> {
		verify_chain(&[der(device), der(signer)], &root(), Some(DEVICE_VALID_AT))
	}

	/// The worked example of `docs/signing.md`: the ATECC608-shaped chain certifies the P-256
	/// key of the proof-of-possession example, in the documented batch, with the documented
	/// serial.
	#[test]
	fn example_chain_in_docs_signing_md() {
		let (id, _) = parse_root(&vector("root")).unwrap();
		assert_eq!(id, array::<32>(vector("root_id")));
		let device = verify(vector("device"), vector("signer")).unwrap();
		assert_eq!(device.key, DeviceKey::P256(array(value(SIGNING_MD, "p256.public"))));
		assert_eq!(device.batch, u32::from_be_bytes(array(vector("batch"))));
		assert_eq!(device.serial, u64::from_be_bytes(array(vector("serial"))));
	}

	#[test]
	fn the_largest_chain_verifies() {
		for certificate in [vectors::LARGE_ROOT, vectors::LARGE_SIGNER, vectors::LARGE_DEVICE] {
			assert_eq!(certificate.len() as u32, MAX_CERTIFICATE_LEN);
		}
		let (_, root) = parse_root(vectors::LARGE_ROOT).unwrap();
		let chain = [der(vectors::LARGE_DEVICE.to_vec()), der(vectors::LARGE_SIGNER.to_vec())];
		let certified = verify_chain(&chain, &root, Some(vectors::VALID_AT)).unwrap();
		assert_eq!(certified.key, DeviceKey::P256(array(value(SIGNING_MD, "p256.public"))));
	}

	#[test]
	fn validity_dates_are_checked_against_now() {
		let chain = [der(vector("device")), der(vector("signer"))];
		// The device certificate: 2026-01-15 10:00 to 2054-01-15 10:00.
		let (from, until) = (1_768_471_200, 2_652_084_000);
		assert_eq!(verify_chain(&chain, &root(), Some(from - 1)), Err(X509Error::NotYetValid));
		assert!(verify_chain(&chain, &root(), Some(from)).is_ok());
		assert!(verify_chain(&chain, &root(), Some(until)).is_ok());
		// The signer expires 2056-11-01, the root 2060-01-01.
		assert_eq!(verify_chain(&chain, &root(), Some(until + 1)), Err(X509Error::Expired));
		assert_eq!(verify_chain(&chain, &root(), Some(2_840_140_800)), Err(X509Error::Expired));
		assert!(verify_chain(&chain, &root(), None).is_ok());
	}

	#[test]
	fn chains_have_a_device_and_a_signer_certificate() {
		let root = root();
		let (device, signer) = (der(vector("device")), der(vector("signer")));
		assert_eq!(
			verify_chain(core::slice::from_ref(&device), &root, None),
			Err(X509Error::ChainTooShort)
		);
		assert_eq!(
			verify_chain(&[device, signer.clone(), signer], &root, None),
			Err(X509Error::ChainTooLong)
		);
	}

	#[test]
	fn malformed_der_is_refused() {
		let mut truncated = vector("device");
		truncated.pop();
		assert_eq!(verify(truncated, vector("signer")), Err(X509Error::MalformedDer));
		assert_eq!(verify(vec![0x30, 0x00], vector("signer")), Err(X509Error::MalformedDer));
		assert_eq!(parse_root(b"not a certificate"), Err(X509Error::MalformedDer));
	}

	#[test]
	fn a_tampered_signature_is_refused() {
		let mut device = vector("device");
		// The last byte is inside the signature's `s` integer.
		*device.last_mut().unwrap() ^= 1;
		assert_eq!(verify(device, vector("signer")), Err(X509Error::BadSignature));
		assert_eq!(
			verify(file("device-signed-by-stranger.der"), vector("signer")),
			Err(X509Error::BadSignature)
		);
	}

	#[test]
	fn a_chain_must_be_linked_by_names() {
		// The signer in the device's place: a certificate authority.
		assert_eq!(
			verify(vector("signer"), vector("signer")),
			Err(X509Error::DeviceIsCertificateAuthority)
		);
		// A root of another name.
		let stranger = X509Root { subject_hash: [7; 32], ..root() };
		let chain = [der(vector("device")), der(vector("signer"))];
		assert_eq!(
			verify_chain(&chain, &stranger, Some(DEVICE_VALID_AT)),
			Err(X509Error::IssuerMismatch)
		);
		// The root in the signer's place: the device names the signer as its issuer.
		assert_eq!(verify(vector("device"), vector("root")), Err(X509Error::IssuerMismatch));
		// The device in the signer's place: not a certificate authority.
		assert_eq!(
			verify(vector("device"), vector("device")),
			Err(X509Error::NotCertificateAuthority)
		);
	}

	#[test]
	fn the_profile_is_enforced() {
		assert_eq!(
			verify(vector("device"), file("signer-not-ca.der")),
			Err(X509Error::NotCertificateAuthority)
		);
		assert_eq!(
			verify(file("device-is-ca.der"), vector("signer")),
			Err(X509Error::DeviceIsCertificateAuthority)
		);
		assert_eq!(
			verify(file("device-unknown-critical.der"), vector("signer")),
			Err(X509Error::UnsupportedCriticalExtension)
		);
		assert_eq!(
			verify(file("device-p384.der"), vector("signer")),
			Err(X509Error::UnsupportedKey)
		);
	}

	#[test]
	fn roots_must_be_self_signed_authorities() {
		// A signer is no root: its issuer is another certificate.
		assert_eq!(parse_root(&vector("signer")), Err(X509Error::IssuerMismatch));
		// The device certificate is not self-signed either.
		assert_eq!(parse_root(&vector("device")), Err(X509Error::IssuerMismatch));
		assert_eq!(parse_root(&file("root-no-signers.der")), Err(X509Error::PathLengthExceeded));
		assert_eq!(parse_root(&file("root-not-ca.der")), Err(X509Error::NotCertificateAuthority));
		let mut tampered = vector("root");
		*tampered.last_mut().unwrap() ^= 1;
		assert_eq!(parse_root(&tampered), Err(X509Error::BadSignature));
	}

	#[test]
	fn low_u64_takes_the_last_eight_bytes() {
		assert_eq!(low_u64(&[0x01, 0x02]), 0x0102);
		assert_eq!(low_u64(&[0xff, 1, 2, 3, 4, 5, 6, 7, 8]), 0x0102_0304_0506_0708);
	}
}
