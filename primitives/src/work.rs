//! Proven work: what pallet-coverage measures and hands to the rewards side, and the traits that
//! connect the pallets (wired by the runtime).

use crate::{density::CellDensity, geo::H3Cell, DeviceKey, DeviceKind, DeviceStatus, EpochIndex};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, Weight};

/// Reward units, counted in millionths of a unit.
pub type RewardUnits = u64;

/// One reward unit (HIP 15's "1"), in millionths.
pub const REWARD_UNIT: RewardUnits = 1_000_000;

/// What a unit of proven work was earned for; each category has its own reward pool.
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
pub enum WorkCategory {
	/// Beacons that valid witnesses heard.
	#[codec(index = 0)]
	Beacon,
	/// Valid, selected witness reports.
	#[codec(index = 1)]
	Witness,
	/// Heartbeats of non-radio devices.
	#[codec(index = 2)]
	Uptime,
}

/// Units of an epoch, by category.
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
pub struct WorkTotals {
	/// Beacon units.
	pub beacon: RewardUnits,
	/// Witness units.
	pub witness: RewardUnits,
	/// Uptime units.
	pub uptime: RewardUnits,
}

impl WorkTotals {
	/// Adds `units` to `category`, saturating.
	pub fn add(&mut self, category: WorkCategory, units: RewardUnits) {
		let total = match category {
			WorkCategory::Beacon => &mut self.beacon,
			WorkCategory::Witness => &mut self.witness,
			WorkCategory::Uptime => &mut self.uptime,
		};
		*total = total.saturating_add(units);
	}

	/// Each category with its units.
	pub fn by_category(&self) -> [(WorkCategory, RewardUnits); 3] {
		[
			(WorkCategory::Beacon, self.beacon),
			(WorkCategory::Witness, self.witness),
			(WorkCategory::Uptime, self.uptime),
		]
	}
}

/// What a credit did to the device's work record of the epoch.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CreditRecord {
	/// The device's first credit in the epoch opened its record and indexed the epoch for the
	/// device: the case a credit is weighed with.
	Opened,
	/// The device already had a record in the epoch and only the record changed.
	Updated,
	/// Nothing was credited (no units).
	Nothing,
}

impl CreditRecord {
	/// The storage reads and writes the credit made, which the crediting call weighs and
	/// refunds by: an opening reads and writes the record and the device's epoch index, an
	/// update the record.
	pub const fn database_ops(self) -> (u64, u64) {
		match self {
			CreditRecord::Opened => (2, 2),
			CreditRecord::Updated => (1, 1),
			CreditRecord::Nothing => (0, 0),
		}
	}
}

/// Receives proven work as it is verified (implemented by the rewards side).
pub trait ProvenWork {
	/// `device` earned `units` in `category` during `epoch`.
	fn credit(
		epoch: EpochIndex,
		device: &DeviceKey,
		category: WorkCategory,
		units: RewardUnits,
	) -> CreditRecord;

	/// `epoch` closed with these totals; returns the weight it used. Must cost the same
	/// whatever the number of devices.
	fn epoch_closed(epoch: EpochIndex, totals: WorkTotals) -> Weight;
}

impl ProvenWork for () {
	fn credit(_: EpochIndex, _: &DeviceKey, _: WorkCategory, _: RewardUnits) -> CreditRecord {
		CreditRecord::Nothing
	}
	fn epoch_closed(_: EpochIndex, _: WorkTotals) -> Weight {
		Weight::zero()
	}
}

/// The work credited so far in the current epoch, kept by the epoch clock's owner (implemented
/// by pallet-coverage) and read by the rewards side for its estimates.
pub trait EpochWork {
	/// Units credited so far in the current epoch, by category.
	fn units_so_far() -> WorkTotals;
}

/// An asserted location, as proof-of-coverage reads it.
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
pub struct DeviceLocation {
	/// H3 cell at resolution 12.
	pub cell: H3Cell,
	/// Antenna gain in tenths of dBi.
	pub gain_dbi_x10: u16,
}

/// A registered device, as proof-of-coverage reads it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeviceView<AccountId> {
	/// The owner, who may also submit the device's proofs in signed transactions.
	pub owner: AccountId,
	/// What the device is.
	pub kind: DeviceKind,
	/// Whether it takes part.
	pub status: DeviceStatus,
	/// Where it is, once asserted.
	pub location: Option<DeviceLocation>,
	/// Why its certification no longer holds, if it does not: its proofs are then invalid.
	pub revocation: Option<crate::maker::Revocation>,
	/// The maker whose record that check read (`None`: the open kinds were read), so that a
	/// proof naming many devices of one maker can refund the reads it repeated.
	pub maker: Option<crate::maker::MakerId>,
}

/// The device registry as proof-of-coverage reads it (implemented by pallet-devices).
pub trait DeviceRegistry<AccountId> {
	/// The device with this key, if registered: one read of its record and one of its
	/// maker's ([`crate::maker::Certifier::revocation`]).
	fn device(key: &DeviceKey) -> Option<DeviceView<AccountId>>;

	/// The witnesses whose reports of beacons by `beaconer` are denied, sorted.
	fn denied_witnesses(beaconer: &DeviceKey) -> Vec<DeviceKey>;

	/// Active, located devices of `kind` in `cell` (resolution 10 down to 4), and its dense
	/// ring.
	fn cell_density(kind: DeviceKind, cell: H3Cell) -> CellDensity;

	/// Up to `limit` of `owner`'s devices, in storage order, after `after` (from the first
	/// if `None`).
	fn devices_of(owner: &AccountId, after: Option<&DeviceKey>, limit: u32) -> Vec<DeviceKey>;
}

/// What the pallets beside the registry keep about a device, settled when the registry lets it
/// go (implemented by pallet-coverage and pallet-rewards, wired as a pair by the runtime), so
/// that nothing about a registration outlives it or passes to the key's next registrant.
pub trait DeviceSettlement<BlockNumber> {
	/// `device`, still registered, is being deregistered: settle and remove what is kept about
	/// it. Returns the weight used and the first block at which the key may be registered
	/// again without escaping a limit of this registration. An error refuses the
	/// deregistration; the caller's transaction then leaves nothing changed.
	fn settle_departure(device: &DeviceKey) -> Result<(Weight, BlockNumber), DispatchError>;

	/// The most [`Self::settle_departure`] can weigh.
	fn settle_departure_weight() -> Weight;

	/// `device` was denied: forfeit its unclaimed rewards. Returns the weight used.
	fn forfeit(device: &DeviceKey) -> Weight;

	/// The most [`Self::forfeit`] can weigh.
	fn forfeit_weight() -> Weight;
}

impl<BlockNumber: Default> DeviceSettlement<BlockNumber> for () {
	fn settle_departure(_: &DeviceKey) -> Result<(Weight, BlockNumber), DispatchError> {
		Ok((Weight::zero(), BlockNumber::default()))
	}
	fn settle_departure_weight() -> Weight {
		Weight::zero()
	}
	fn forfeit(_: &DeviceKey) -> Weight {
		Weight::zero()
	}
	fn forfeit_weight() -> Weight {
		Weight::zero()
	}
}

impl<BlockNumber: Ord, A, B> DeviceSettlement<BlockNumber> for (A, B)
where
	A: DeviceSettlement<BlockNumber>,
	B: DeviceSettlement<BlockNumber>,
{
	fn settle_departure(device: &DeviceKey) -> Result<(Weight, BlockNumber), DispatchError> {
		let (first, first_return) = A::settle_departure(device)?;
		let (second, second_return) = B::settle_departure(device)?;
		Ok((first.saturating_add(second), first_return.max(second_return)))
	}
	fn settle_departure_weight() -> Weight {
		A::settle_departure_weight().saturating_add(B::settle_departure_weight())
	}
	fn forfeit(device: &DeviceKey) -> Weight {
		A::forfeit(device).saturating_add(B::forfeit(device))
	}
	fn forfeit_weight() -> Weight {
		A::forfeit_weight().saturating_add(B::forfeit_weight())
	}
}

/// Creates registry entries for the benchmarks of pallets that read the registry, without
/// proofs of possession (implemented by pallet-devices in `runtime-benchmarks` builds).
pub trait RegistryBenchmarkHelper<AccountId> {
	/// Registers `device` for `owner`, located at `cell` if given, with no bond.
	fn add_device(owner: &AccountId, device: DeviceKey, kind: DeviceKind, cell: Option<H3Cell>);

	/// Sets what is counted for `kind` in `cell`, to build dense areas.
	fn set_cell_density(kind: DeviceKind, cell: H3Cell, density: CellDensity);

	/// Fills `beaconer`'s edge deny list with unregistered witnesses, to its bound.
	fn fill_denied_witnesses(beaconer: &DeviceKey);
}
