//! Makers and device certificates: who vouches that a device key lives in real hardware, the
//! certificate a maker signs for each device, and the trait through which the registry asks
//! the makers' pallet to check one.
//!
//! The byte formats here are what a maker's factory tooling produces; `docs/makers.md` and
//! `docs/signing.md` specify them for implementers in other languages.

use crate::{
	device::{DeviceKey, DeviceKind, DeviceSignature},
	x509::X509Chain,
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, Weight};

/// Domain separator that starts every maker certificate message, so that a maker's signature
/// over a certificate can never be taken for any other message.
pub const MAKER_CERTIFICATE_DOMAIN: &[u8; 24] = b"depin-node/maker-cert/v1";

/// The 32-byte Ed25519 seed of the development maker's key, the ASCII text
/// `depin-node development maker key`: well known, so that development and test chains can
/// certify devices. No production chain may approve its public key.
pub const DEV_MAKER_SEED: &[u8; 32] = b"depin-node development maker key";

/// The Ed25519 public key of [`DEV_MAKER_SEED`], which the development presets approve.
pub const DEV_MAKER_PUBLIC: [u8; 32] = [
	0x49, 0x9f, 0x55, 0x65, 0xf5, 0xa3, 0xac, 0x69, 0x79, 0xe1, 0x30, 0xe0, 0x8c, 0xc9, 0x61, 0xd4,
	0x9f, 0x92, 0xcf, 0x48, 0xfb, 0x36, 0x7a, 0x5c, 0xe1, 0x7c, 0xf5, 0x35, 0xcf, 0x31, 0x53, 0x19,
];

/// A maker's number, given in order of proposal.
pub type MakerId = u32;

/// A production batch, numbered by its maker: the unit a maker recalls.
pub type BatchId = u32;

/// A maker's signing key: the same two schemes, encodings and signatures as device keys.
pub type MakerKey = DeviceKey;

/// The set of device kinds a maker may certify (or that need no certificate), one bit per
/// kind at the kind's index.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct KindSet(pub u8);

impl KindSet {
	/// No kind.
	pub const NONE: KindSet = KindSet(0);

	/// The set of `kinds`.
	pub fn of(kinds: &[DeviceKind]) -> Self {
		KindSet(kinds.iter().fold(0, |bits, kind| bits | Self::bit(*kind)))
	}

	/// Whether `kind` is in the set.
	pub fn contains(self, kind: DeviceKind) -> bool {
		self.0 & Self::bit(kind) != 0
	}

	/// The kinds in the set, in index order.
	pub fn kinds(self) -> Vec<DeviceKind> {
		DeviceKind::ALL.into_iter().filter(|kind| self.contains(*kind)).collect()
	}

	/// Whether the set names only kinds that exist.
	pub fn is_valid(self) -> bool {
		self.0 & !Self::of(&DeviceKind::ALL).0 == 0
	}

	fn bit(kind: DeviceKind) -> u8 {
		1 << kind.encode()[0]
	}
}

/// What the device can deliver, as its maker certifies it; rewards for metered work are capped
/// by it.
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
pub enum Capability {
	/// Nothing to rate: radio hotspots and sensors.
	#[codec(index = 0)]
	Unrated,
	/// An energy device's rated power in watts (more than 0).
	#[codec(index = 1)]
	RatedPowerW(u32),
	/// A compute device's hardware class (0 to [`MAX_COMPUTE_CLASS`]), which sets the
	/// difficulty of its capacity challenges.
	#[codec(index = 2)]
	ComputeClass(u8),
}

/// The highest compute hardware class.
pub const MAX_COMPUTE_CLASS: u8 = 7;

impl Capability {
	/// Whether a device of `kind` may carry this capability: energy devices are rated in
	/// watts, compute devices by class, every other kind is unrated.
	pub fn fits(self, kind: DeviceKind) -> bool {
		match (kind, self) {
			(DeviceKind::Energy, Capability::RatedPowerW(watts)) => watts > 0,
			(DeviceKind::Compute, Capability::ComputeClass(class)) => class <= MAX_COMPUTE_CLASS,
			(DeviceKind::Energy | DeviceKind::Compute, _) => false,
			(_, capability) => capability == Capability::Unrated,
		}
	}
}

/// What a maker certifies about one device: the signed part of a [`MakerCertificate`].
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct CertificateBody {
	/// The genesis hash of the chain the certificate is for.
	pub genesis_hash: [u8; 32],
	/// The certifying maker.
	pub maker: MakerId,
	/// The device's key, made in the maker's hardware.
	pub device: DeviceKey,
	/// What the device is.
	pub kind: DeviceKind,
	/// The production batch it belongs to.
	pub batch: BatchId,
	/// The maker's serial number of the device.
	pub serial: u64,
	/// What it can deliver.
	pub capability: Capability,
	/// The Unix time in seconds after which the certificate no longer registers a device,
	/// if any. A registered device stays certified.
	pub expires_at: Option<u64>,
}

/// A maker's compact certificate of a device: the body and the maker key's signature of
/// [`certificate_message`].
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct MakerCertificate {
	/// What is certified.
	pub body: CertificateBody,
	/// The maker key that signed it.
	pub signer: MakerKey,
	/// The signer's signature of `certificate_message(&body)`.
	pub signature: DeviceSignature,
}

/// The message a maker key signs to certify a device:
///
/// `MAKER_CERTIFICATE_DOMAIN ‖ SCALE(body)`
///
/// The body binds the chain, the maker, the device key, its kind, batch, serial, capability
/// and expiry.
pub fn certificate_message(body: &CertificateBody) -> Vec<u8> {
	let mut message =
		Vec::with_capacity(MAKER_CERTIFICATE_DOMAIN.len() + CertificateBody::max_encoded_len());
	message.extend_from_slice(MAKER_CERTIFICATE_DOMAIN);
	body.encode_to(&mut message);
	message
}

/// A device's certificate, as registration takes it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum DeviceCertificate {
	/// A maker's compact certificate.
	#[codec(index = 0)]
	Maker(MakerCertificate),
	/// The X.509 chain of the device's secure element, under a root governance registered
	/// for its maker.
	#[codec(index = 1)]
	X509(X509Chain),
}

/// What the registry keeps of a device's certificate: enough to find, in one read, whether the
/// maker, its key or the batch has been revoked since.
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
pub struct Certification {
	/// The certifying maker.
	pub maker: MakerId,
	/// The index of the certifying key among the maker's keys.
	pub key: u8,
	/// The device's production batch.
	pub batch: BatchId,
	/// The maker's serial number of the device.
	pub serial: u64,
	/// What the device can deliver.
	pub capability: Capability,
}

/// Why a registered device's proofs are no longer valid although the device itself is not
/// sanctioned.
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
pub enum Revocation {
	/// Governance revoked the device's maker.
	#[codec(index = 0)]
	MakerRevoked,
	/// The key that certified the device was revoked.
	#[codec(index = 1)]
	MakerKeyRevoked,
	/// The maker recalled the device's batch.
	#[codec(index = 2)]
	BatchRecalled,
	/// The device has no certificate and its kind is no longer open.
	#[codec(index = 3)]
	Uncertified,
}

/// Which registration of a device key a certificate is checked for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Registration {
	/// The key's first registration: it counts against the maker's quota and the owner pays
	/// the onboarding fee.
	First,
	/// A later registration of a key that was certified and paid for before.
	Again,
	/// A device of the chain's genesis config, registered first. The genesis hash of a chain
	/// does not exist while its genesis is built, so a genesis device's certificate carries
	/// 32 zero bytes in its place.
	Genesis,
}

/// The makers' side of registration (implemented by pallet-makers, wired by the runtime).
pub trait Certifier<AccountId> {
	/// Checks `certificate` for `device` of `kind`. At the key's first registration, counts it
	/// against the maker's quota and charges `payer` the maker's onboarding fee. Changes
	/// nothing if it fails.
	fn certify(
		payer: &AccountId,
		device: &DeviceKey,
		kind: DeviceKind,
		certificate: &DeviceCertificate,
		registration: Registration,
	) -> Result<Certification, DispatchError>;

	/// The most [`Certifier::certify`] can weigh for `certificate`.
	fn certify_weight(certificate: &DeviceCertificate) -> Weight;

	/// Whether devices of `kind` may register without a certificate.
	fn is_open(kind: DeviceKind) -> bool;

	/// Why a device of `kind` with `certification` may not prove work now, if it may not.
	/// One storage read.
	fn revocation(kind: DeviceKind, certification: Option<&Certification>) -> Option<Revocation>;

	/// Opens every kind, so that benchmarks of other pallets register devices without
	/// certificates.
	#[cfg(feature = "runtime-benchmarks")]
	fn open_all_kinds();

	/// The certification of a device of `kind` by a new maker (number `n` among the
	/// benchmark's makers) whose record is as large as records get: the worst case of
	/// [`Certifier::revocation`].
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_certification(n: u32, kind: DeviceKind) -> Certification;
}

/// Every kind is open and nothing is ever revoked: for the mocks of pallets that do not test
/// certification.
impl<AccountId> Certifier<AccountId> for () {
	fn certify(
		_: &AccountId,
		_: &DeviceKey,
		_: DeviceKind,
		_: &DeviceCertificate,
		_: Registration,
	) -> Result<Certification, DispatchError> {
		Err(DispatchError::Other("no makers: every kind is open"))
	}
	fn certify_weight(_: &DeviceCertificate) -> Weight {
		Weight::zero()
	}
	fn is_open(_: DeviceKind) -> bool {
		true
	}
	fn revocation(_: DeviceKind, _: Option<&Certification>) -> Option<Revocation> {
		None
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn open_all_kinds() {}
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_certification(n: u32, _: DeviceKind) -> Certification {
		Certification { maker: n, key: 0, batch: 0, serial: 0, capability: Capability::Unrated }
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::doc_vectors::{array, value, SIGNING_MD};

	#[test]
	fn kind_sets_hold_their_kinds() {
		let set = KindSet::of(&[DeviceKind::LoraHotspot, DeviceKind::Energy]);
		assert_eq!(set, KindSet(0b1_0001));
		assert!(set.contains(DeviceKind::Energy) && !set.contains(DeviceKind::Sensor));
		assert_eq!(set.kinds(), [DeviceKind::LoraHotspot, DeviceKind::Energy]);
		assert!(KindSet::of(&DeviceKind::ALL).is_valid());
		assert!(!KindSet(0b100_0000).is_valid());
	}

	#[test]
	fn capabilities_fit_their_kinds() {
		assert!(Capability::RatedPowerW(5_000).fits(DeviceKind::Energy));
		assert!(!Capability::RatedPowerW(0).fits(DeviceKind::Energy));
		assert!(!Capability::Unrated.fits(DeviceKind::Energy));
		assert!(Capability::ComputeClass(MAX_COMPUTE_CLASS).fits(DeviceKind::Compute));
		assert!(!Capability::ComputeClass(MAX_COMPUTE_CLASS + 1).fits(DeviceKind::Compute));
		assert!(Capability::Unrated.fits(DeviceKind::LoraHotspot));
		assert!(!Capability::RatedPowerW(1).fits(DeviceKind::Sensor));
	}

	/// The worked example of `docs/signing.md`: the message bytes and the dev maker's
	/// signature.
	#[test]
	fn certificate_example_in_docs_signing_md() {
		let field = |name: &str| value(SIGNING_MD, &alloc::format!("certificate.{name}"));
		let body = CertificateBody {
			genesis_hash: array(value(SIGNING_MD, "genesis_hash")),
			maker: 0,
			device: DeviceKey::Ed25519(array(value(SIGNING_MD, "ed25519.public"))),
			kind: DeviceKind::Energy,
			batch: 7,
			serial: 1_001,
			capability: Capability::RatedPowerW(5_000),
			expires_at: Some(1_893_456_000),
		};
		let message = certificate_message(&body);
		assert_eq!(message, field("message"));
		let signer = crate::signing::DeviceSigner::ed25519_from_seed(DEV_MAKER_SEED);
		assert_eq!(signer.public(), DeviceKey::Ed25519(DEV_MAKER_PUBLIC));
		assert_eq!(DEV_MAKER_PUBLIC, array::<32>(value(SIGNING_MD, "dev_maker.public")));
		let signature = signer.sign(&message);
		assert_eq!(signature, DeviceSignature::Ed25519(array(field("signature"))));
		let certificate = MakerCertificate { body, signer: signer.public(), signature };
		assert_eq!(DeviceCertificate::Maker(certificate).encode(), field("scale"));
	}
}
