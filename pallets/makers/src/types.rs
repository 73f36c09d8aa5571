//! Types of `pallet_makers`.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{
	maker::{BatchId, Capability, KindSet, MakerId, MakerKey},
	x509::X509Root,
	DeviceKind,
};
use frame_support::{pallet_prelude::ConstU32, traits::fungible::Inspect, BoundedVec};
use scale_info::TypeInfo;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as crate::Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A maker record as stored in [`crate::Makers`].
pub type MakerInfoOf<T> = MakerInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

/// The longest maker name, in bytes of UTF-8.
pub const MAX_NAME_LEN: u32 = 64;

/// The most keys one maker ever adds: retired and revoked keys keep their place, so that the
/// devices they certified keep pointing at them. A key's index fits the `u8` a device record
/// keeps.
pub const MAX_MAKER_KEYS: u32 = 16;

/// The most batches one maker keeps recalled at once.
pub const MAX_RECALLED_BATCHES: u32 = 64;

/// A maker's name.
pub type MakerName = BoundedVec<u8, ConstU32<MAX_NAME_LEN>>;

/// Everything the chain keeps about a maker: one record, so that checking whether a device's
/// certification still holds is one read.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct MakerInfo<AccountId, Balance> {
	/// The account that proposed the maker, manages its keys and batches, and whose bond is
	/// held.
	pub account: AccountId,
	/// Its name, for people.
	pub name: MakerName,
	/// Where it stands.
	pub status: MakerStatus,
	/// What governance allows it to certify and what a device owner pays for it.
	pub terms: MakerTerms<Balance>,
	/// Devices it has certified, counted against `terms.quota`.
	pub certified: u32,
	/// The amount held from `account`.
	pub bond: Balance,
	/// Its signing keys, in the order they were added; a device record names its certifying
	/// key by its index here.
	pub keys: BoundedVec<MakerKeyInfo, ConstU32<MAX_MAKER_KEYS>>,
	/// Its recalled batches, sorted.
	pub recalled: BoundedVec<BatchId, ConstU32<MAX_RECALLED_BATCHES>>,
}

/// Where a maker stands.
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
pub enum MakerStatus {
	/// Proposed with its bond, waiting for governance; certifies nothing yet.
	#[codec(index = 0)]
	Proposed,
	/// Certifies devices.
	#[codec(index = 1)]
	Active,
	/// Certifies no new device; the devices it certified keep proving work.
	#[codec(index = 2)]
	Suspended,
	/// Certifies no new device, and the proofs of every device it certified are invalid.
	#[codec(index = 3)]
	Revoked,
}

/// What governance allows a maker.
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
pub struct MakerTerms<Balance> {
	/// The device kinds it may certify.
	pub kinds: KindSet,
	/// The most devices it may certify in all.
	pub quota: u32,
	/// Paid by a device's owner to the treasury when the device is first registered.
	pub onboarding_fee: Balance,
}

/// One of a maker's keys.
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
pub struct MakerKeyInfo {
	/// The public key.
	pub key: MakerKey,
	/// Whether it certifies.
	pub status: KeyStatus,
}

/// Whether a maker key certifies.
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
pub enum KeyStatus {
	/// Certifies new devices.
	#[codec(index = 0)]
	Active,
	/// Rotated out: certifies no new device; the devices it certified stay valid.
	#[codec(index = 1)]
	Retired,
	/// Compromised or withdrawn: certifies nothing, and the proofs of every device it
	/// certified are invalid.
	#[codec(index = 2)]
	Revoked,
}

/// An X.509 root certificate governance registered for a maker.
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
pub struct X509RootInfo {
	/// The maker it certifies for.
	pub maker: MakerId,
	/// What verifying a signer under it takes.
	pub root: X509Root,
	/// The kind of the devices under it: one root per product line.
	pub kind: DeviceKind,
	/// The capability of the devices under it, which X.509 certificates do not carry.
	pub capability: Capability,
}

/// A maker the chain starts with (development and test chains, or a network launched with
/// known makers). Its account must afford the bond.
#[derive(Clone, PartialEq, Eq, Debug, frame_support::Serialize, frame_support::Deserialize)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct GenesisMaker<AccountId, Balance> {
	/// Its account, from which the bond is held.
	pub account: AccountId,
	/// Its name.
	pub name: alloc::string::String,
	/// The device kinds it may certify; the maker starts active.
	pub kinds: Vec<depin_primitives::DeviceKind>,
	/// The most devices it may certify.
	pub quota: u32,
	/// What a device's owner pays at the device's first registration.
	pub onboarding_fee: Balance,
	/// Its bond.
	pub bond: Balance,
	/// Its keys' bare public keys, `0x` hex in JSON (32 bytes Ed25519, 33 bytes compressed
	/// P-256), all active.
	#[serde(with = "depin_primitives::hex_serde::list")]
	pub keys: Vec<Vec<u8>>,
}
