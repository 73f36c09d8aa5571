//! Types of `pallet_coverage`.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{
	geo::H3Cell,
	poc::regions::Region,
	work::{DeviceLocation, WorkTotals},
	DeviceKey, DeviceKind, EpochIndex,
};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;

/// The most region map entries one `set_cell_regions` call may change.
pub const MAX_CELL_REGION_CHANGES: u32 = 256;

/// Changes to the region map: each cell's new region, `None` to unmap it.
pub type CellRegionChanges =
	BoundedVec<(H3Cell, Option<Region>), ConstU32<MAX_CELL_REGION_CHANGES>>;

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

/// The verification rules' parameters, changed by root.
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
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct PocParams {
	/// The oldest entropy block a beacon may name, in blocks before the current one.
	pub max_entropy_age: u32,
	/// A device may beacon once per this many blocks; more than `max_entropy_age`, so that a
	/// receipt's entropy is stale before its slot frees and it cannot be submitted again, and
	/// more than `report_window + reveal_window`, so that an announced beacon is settled before
	/// the next.
	pub beacon_interval: u32,
	/// Reports of an announced beacon count if included in the block of its announcement or
	/// in the next `report_window` blocks.
	pub report_window: u32,
	/// The beaconer reveals its beacon in the `reveal_window` blocks after the report window;
	/// a beacon not revealed by then earns nothing.
	pub reveal_window: u32,
	/// The most a witness's frequency may differ from the beacon's, in kHz.
	pub frequency_tolerance_khz: u32,
	/// The latest a witness may report the beacon's arrival, in microseconds.
	pub max_lateness_us: u32,
	/// The fewest H3 grid steps between the resolution-11 cells of beaconer and witness, and
	/// between two rewarded witnesses of one beacon.
	pub min_witness_grid_distance: u32,
	/// The farthest a witness may be from the beaconer, in metres (cell centre to centre).
	pub max_witness_distance_m: u32,
	/// How much stronger than free-space path loss allows a witness's RSSI may be, in tenths
	/// of a dB.
	pub rssi_margin_db_x10: i16,
	/// The most valid witnesses rewarded per beacon, drawn at random.
	pub max_rewarded_witnesses: u32,
}

impl Default for PocParams {
	/// Helium's values, with six-second blocks.
	fn default() -> Self {
		Self {
			max_entropy_age: 30,
			beacon_interval: 3_600,
			report_window: 10,
			reveal_window: 10,
			frequency_tolerance_khz: 100,
			max_lateness_us: 4_000_000,
			min_witness_grid_distance: 8,
			max_witness_distance_m: 100_000,
			rssi_margin_db_x10: 0,
			max_rewarded_witnesses: 14,
		}
	}
}

/// Why a witness report is invalid, in the order the rules are checked. Announced beacons'
/// reports are checked by these rules when they enter the pool and refused there (as the
/// pallet error of the same name); at the reveal, only the commitment is left to check.
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
pub enum WitnessRejection {
	/// A second report of the same witness in this receipt.
	Duplicate,
	/// The beaconer reported itself.
	SelfWitness,
	/// No device is registered with the witness's key.
	UnknownWitness,
	/// The witness is on the deny list.
	WitnessDenied,
	/// The (beaconer, witness) edge is on the deny list.
	EdgeDenied,
	/// The witness is suspended.
	WitnessNotActive,
	/// The witness's certification no longer holds: its maker, the maker key or its batch
	/// was revoked, or it is uncertified and its kind is no longer open.
	WitnessRevoked(depin_primitives::maker::Revocation),
	/// The witness is not a radio device of the beaconer's kind.
	KindMismatch,
	/// The witness has not asserted a location.
	WitnessNotLocated,
	/// The witness is not in the beaconer's region of the region plan.
	OutsideRegion,
	/// Its RSSI is below `MIN_RSSI_DBM_X10` (−150 dBm): nothing was received.
	RssiBelowSensitivity,
	/// Its SNR is outside `SNR_RANGE_DB_X10` (−20 to +20 dB).
	SnrOutOfRange,
	/// The witness's signature does not verify.
	BadSignature,
	/// Its frequency differs from the beacon's by more than the tolerance.
	FrequencyMismatch,
	/// Closer to the beaconer than `min_witness_grid_distance`.
	TooClose,
	/// Farther from the beaconer than `max_witness_distance_m`.
	TooFar,
	/// Stronger than free-space path loss allows over the asserted distance.
	SignalTooStrong,
	/// It arrived later than `max_lateness_us` (receipts).
	TooLate,
	/// Its commitment is not the one of the revealed payload and the witness's key: it did not
	/// receive the beacon (announced beacons).
	CommitmentMismatch,
}

/// What became of a witness report.
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
pub enum WitnessVerdict {
	/// Valid and drawn among the first `max_rewarded_witnesses`: rewarded.
	Selected,
	/// Valid but drawn after the rewarded ones.
	Unselected,
	/// Valid but closer than `min_witness_grid_distance` to a rewarded witness drawn before it.
	Redundant,
	/// Invalid, for this reason.
	Invalid(WitnessRejection),
}

/// An announced beacon, from its announcement until its reveal or the next announcement of its
/// beaconer; it was announced in the block `LastBeacon` holds.
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
pub struct OpenBeacon {
	/// The block whose hash is the beacon's remote entropy.
	pub entropy_block: u32,
	/// The seal of its payload.
	pub seal: [u8; 32],
	/// Carrier frequency in kHz, a channel of the beaconer's band plan.
	pub frequency_khz: u32,
	/// Transmit power in tenths of dBm, within the band plan's EIRP.
	pub tx_power_dbm_x10: i16,
	/// The beaconer's kind; witnesses must be of it.
	pub kind: DeviceKind,
	/// The beaconer's location when it announced; witnesses are judged against it.
	pub location: DeviceLocation,
	/// The beaconer's region; witnesses must be in it.
	pub region: Region,
	/// How many reports it has collected.
	pub reports: u32,
}

/// A witness's accepted report of an open beacon, as the reveal needs it.
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
pub struct ReportRecord {
	/// The witness's location when it reported.
	pub cell: H3Cell,
	/// Its commitment to the payload it received.
	pub commitment: [u8; 32],
}

/// How many proofs of each outcome an epoch verified.
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
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct ProofCounts {
	/// Beacons judged: receipts accepted and announced beacons revealed.
	pub receipts_accepted: u32,
	/// Valid witness reports that earned units.
	pub witnesses_selected: u32,
	/// Valid witness reports drawn after the rewarded ones.
	pub witnesses_unselected: u32,
	/// Valid witness reports too close to a rewarded witness.
	pub witnesses_redundant: u32,
	/// Witness reports that broke a rule.
	pub witnesses_invalid: u32,
	/// Heartbeats accepted.
	pub heartbeats: u32,
}

/// What the current epoch has verified so far.
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
pub struct EpochActivity {
	/// Units credited, by category.
	pub units: WorkTotals,
	/// Proofs, by outcome.
	pub proofs: ProofCounts,
}

/// The epoch clock as the runtime API reports it.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct EpochInfo<BlockNumber> {
	/// The current epoch.
	pub epoch: EpochIndex,
	/// The block at which it started.
	pub start: BlockNumber,
	/// Its length in blocks.
	pub length: BlockNumber,
	/// The block at which it ends (the first block of the next epoch).
	pub end: BlockNumber,
	/// The verification rules in force.
	pub params: PocParams,
	/// What it has verified so far.
	pub activity: EpochActivity,
}

/// A device's proof-of-coverage timing, as the runtime API reports it.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DeviceCoverage {
	/// The block of its latest beacon, valid or not.
	pub last_beacon: Option<u32>,
	/// The first block at which it may beacon again.
	pub next_beacon: u32,
	/// The latest epoch in which its heartbeat was accepted.
	pub last_heartbeat: Option<EpochIndex>,
	/// How many reports its open announced beacon has collected, if one is open: the count
	/// its reveal names.
	pub open_beacon_reports: Option<u32>,
}
