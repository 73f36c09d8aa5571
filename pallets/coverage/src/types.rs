//! Types of `pallet_coverage`.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{DeviceKey, EpochIndex};
use scale_info::TypeInfo;

/// A non-radio device's uptime proof for one epoch; the device signs
/// `depin_primitives::device::heartbeat_message` of it.
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
pub struct Heartbeat {
	/// The device that is up.
	pub device: DeviceKey,
	/// The current epoch.
	pub epoch: EpochIndex,
}
