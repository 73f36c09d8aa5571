//! Types of `pallet_devices`.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{
	geo::H3Cell, maker::Certification, DeviceKey, DeviceKind, DeviceStatus, EpochIndex,
	SanctionReason, SanctionStatus,
};
use frame_support::{pallet_prelude::ConstU32, traits::fungible::Inspect, BoundedVec};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as crate::Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The form in which calls name an account (an address the runtime's lookup resolves).
pub type AccountIdLookupOf<T> =
	<<T as frame_system::Config>::Lookup as sp_runtime::traits::StaticLookup>::Source;

/// A device record as stored in [`crate::Devices`].
pub type DeviceInfoOf<T> = DeviceInfo<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// Everything the chain keeps about a registered device; its key is the map key.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct DeviceInfo<AccountId, Balance, BlockNumber> {
	/// The account that registered the device or received it by transfer; it earns the
	/// device's rewards and gets the bond back.
	pub owner: AccountId,
	/// What the device is.
	pub kind: DeviceKind,
	/// The sanction on its key, if any; `None` while it takes part in proof-of-coverage.
	pub sanction: Option<Sanction<AccountId, Balance, BlockNumber>>,
	/// Where the owner says it is; `None` until the first `assert_location`.
	pub location: Option<Location<BlockNumber>>,
	/// The block in which it was registered.
	pub registered_at: BlockNumber,
	/// The amount held from the owner for this device (the bond in force at registration).
	pub bond: Balance,
	/// Location assertions in the latest epoch that had one, for the per-epoch limit.
	pub location_changes: LocationChanges,
	/// How many times the key has been registered, this registration included. The next
	/// proof of possession, after a deregistration, signs this nonce.
	pub registrations: u32,
	/// The device's position in its owner's index ([`crate::OwnedDevices`]).
	pub owner_slot: u32,
	/// Who certified it, from its maker certificate; `None` for a device of an open kind
	/// registered without one.
	pub certification: Option<Certification>,
}

impl<AccountId, Balance, BlockNumber> DeviceInfo<AccountId, Balance, BlockNumber> {
	/// Whether it takes part in proof-of-coverage, from its sanction.
	pub fn status(&self) -> DeviceStatus {
		self.sanction.as_ref().map(|sanction| sanction.status).into()
	}
}

/// A sanction as stored: in the device's record while its key is registered, in
/// [`crate::KeySanctions`] while it is not.
pub type SanctionOf<T> = Sanction<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A sanction on a device key, with its grounds and the owner's appeal.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Sanction<AccountId, Balance, BlockNumber> {
	/// How hard it bites.
	pub status: SanctionStatus,
	/// Why.
	pub reason: SanctionReason,
	/// The hash of the evidence, published off chain.
	pub evidence: H256,
	/// The block in which it was imposed.
	pub since: BlockNumber,
	/// The owner's pending appeal, if any.
	pub appeal: Option<Appeal<AccountId, Balance>>,
}

/// An appeal against a sanction, for `AdminOrigin` to decide.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Appeal<AccountId, Balance> {
	/// The owner who appealed; the deposit is held from it.
	pub appellant: AccountId,
	/// The deposit: returned if the appeal is granted, the treasury's if it is refused.
	pub deposit: Balance,
}

/// An open challenge as stored in [`crate::Challenges`].
pub type ChallengeOf<T> = Challenge<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// Somebody's bonded claim that a device cheats, for `AdminOrigin` to uphold or reject.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Challenge<AccountId, Balance, BlockNumber> {
	/// Who challenged; the bond is held from it.
	pub challenger: AccountId,
	/// The bond: returned with a reward if upheld, the treasury's if rejected.
	pub bond: Balance,
	/// The fraud claimed.
	pub reason: SanctionReason,
	/// The hash of the evidence, published off chain.
	pub evidence: H256,
	/// The block in which it was opened.
	pub opened_at: BlockNumber,
}

/// What the registry keeps about a key that is not registered now.
#[derive(Clone, Copy, PartialEq, Eq, Default, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Departure<BlockNumber> {
	/// How many times the key has been registered: the nonce of its next proof of
	/// possession, so that an old proof can never be replayed.
	pub registrations: u32,
	/// The first block at which it may be registered again: until then a limit of its last
	/// registration (a beacon interval, an epoch's heartbeat) would still bind it.
	pub returns_at: BlockNumber,
}

/// How many devices one page of the owner index holds.
pub const OWNER_PAGE_SIZE: u32 = 32;

/// One page of an owner's devices: slots `page × OWNER_PAGE_SIZE` onwards.
pub type OwnerPage = BoundedVec<DeviceKey, ConstU32<OWNER_PAGE_SIZE>>;

/// The resolution whose cells keep the counts of their children at the finer density
/// resolutions (9 and 10).
pub const FINE_GROUP_RESOLUTION: u8 = 8;

/// The most children at resolutions 9 and 10 one resolution-8 cell has: 7 + 49.
pub const MAX_FINE_CHILDREN: u32 = 56;

/// Active located devices of one kind in a resolution-8 cell and in each of its occupied
/// children at resolutions 9 and 10: one entry, where an isolated device would otherwise need
/// one entry per resolution.
#[derive(Clone, PartialEq, Eq, Default, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct FineCellCounts {
	/// Devices in the resolution-8 cell.
	#[codec(compact)]
	pub devices: u32,
	/// Devices in its occupied children, sorted by position (see [`FineCellCounts::position`]).
	pub children: BoundedVec<ChildCount, ConstU32<MAX_FINE_CHILDREN>>,
}

/// Devices in one child cell of a [`FineCellCounts`].
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct ChildCount {
	/// The child's position: a resolution-9 child at its H3 digit (0 to 6), a resolution-10
	/// grandchild at 7 + 7 × its parent's digit + its own digit (7 to 55).
	pub position: u8,
	/// Devices in it (never 0: empty children are left out).
	#[codec(compact)]
	pub devices: u32,
}

impl FineCellCounts {
	/// Where `cell`, at resolution 8, 9 or 10, is counted: its resolution-8 parent, and its
	/// position below it (`None` for the resolution-8 cell itself).
	pub fn position(cell: H3Cell) -> Option<(H3Cell, Option<u8>)> {
		use depin_primitives::geo;
		let group = geo::parent(cell, FINE_GROUP_RESOLUTION)?;
		let position = match geo::resolution_of(cell)? {
			8 => None,
			9 => Some(geo::digit(cell, 9)?),
			10 => Some(7 + 7 * geo::digit(cell, 9)? + geo::digit(cell, 10)?),
			_ => return None,
		};
		Some((group, position))
	}

	/// Devices at `position` (`None`: in the resolution-8 cell).
	pub fn devices_at(&self, position: Option<u8>) -> u32 {
		let Some(position) = position else { return self.devices };
		self.children
			.binary_search_by_key(&position, |child| child.position)
			.map_or(0, |at| self.children[at].devices)
	}

	/// Changes the count at `position`, leaving out a child whose count reaches 0.
	pub fn change(&mut self, position: Option<u8>, change: impl FnOnce(u32) -> u32) {
		let Some(position) = position else {
			self.devices = change(self.devices);
			return;
		};
		match self.children.binary_search_by_key(&position, |child| child.position) {
			Ok(at) => match change(self.children[at].devices) {
				0 => {
					self.children.remove(at);
				},
				devices => self.children[at].devices = devices,
			},
			Err(at) => {
				let devices = change(0);
				// Positions are below `MAX_FINE_CHILDREN` and distinct: the bound holds.
				if devices > 0
					&& self.children.try_insert(at, ChildCount { position, devices }).is_err()
				{
					frame_support::defensive!("a fine cell has more children than H3 allows");
				}
			},
		}
	}
}

/// An asserted location.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Location<BlockNumber> {
	/// H3 cell at resolution 12.
	pub cell: H3Cell,
	/// Antenna gain in tenths of dBi.
	pub gain_dbi_x10: u16,
	/// Antenna elevation above ground, in metres; recorded, never checked.
	pub elevation_m: i32,
	/// The block in which it was asserted.
	pub asserted_at: BlockNumber,
}

/// How many times the location was asserted in `epoch`.
#[derive(Clone, Copy, PartialEq, Eq, Default, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct LocationChanges {
	/// The epoch of the latest assertion.
	pub epoch: EpochIndex,
	/// Assertions made in that epoch.
	pub count: u32,
}

/// Parameters governance may change.
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
pub struct DeviceParams<Balance> {
	/// Held from the owner at registration and released at deregistration. A change applies
	/// to registrations made after it; each device keeps the bond it was registered with.
	pub device_bond: Balance,
	/// Charged (and burnt or routed by the runtime) for every location assertion; it prices
	/// location spoofing.
	pub location_fee: Balance,
	/// How many location assertions a device may make per epoch (at least 1).
	pub max_location_changes_per_epoch: u32,
	/// The share of a device's bond slashed when it is denied.
	pub denial_slash: Perbill,
	/// The share of that slash paid to the challenger whose challenge was upheld; the rest
	/// goes to the treasury, so that an owner challenging its own device recovers less than
	/// it loses.
	pub challenge_reward: Perbill,
	/// Held from whoever challenges a device.
	pub challenge_bond: Balance,
	/// Held from an owner who appeals a sanction.
	pub appeal_deposit: Balance,
}

/// A registered device as the runtime API reports it.
pub type DeviceDetailsOf<T> = DeviceDetails<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A page of an owner's devices as the runtime API reports it.
pub type DevicePageOf<T> = DevicePage<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A registered device and its record.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DeviceDetails<AccountId, Balance, BlockNumber> {
	/// The device's key.
	pub device: DeviceKey,
	/// What the chain keeps about it.
	pub info: DeviceInfo<AccountId, Balance, BlockNumber>,
	/// Why its certification no longer holds, if it does not: its proofs are then refused.
	pub revocation: Option<depin_primitives::maker::Revocation>,
	/// The open challenge against it, if any.
	pub challenge: Option<Challenge<AccountId, Balance, BlockNumber>>,
}

/// One page of an owner's devices.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DevicePage<AccountId, Balance, BlockNumber> {
	/// The page's devices, in storage order.
	pub devices: Vec<DeviceDetails<AccountId, Balance, BlockNumber>>,
	/// How many devices the owner has in all.
	pub total: u32,
	/// Where the next page starts (pass it as `after`), if there is one.
	pub next: Option<DeviceKey>,
}

/// A number of devices of one kind.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct KindCount {
	/// The kind.
	pub kind: DeviceKind,
	/// How many.
	pub count: u32,
}

/// The active located devices in an H3 cell.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct CellDevices {
	/// The cell.
	pub cell: H3Cell,
	/// Its resolution (4 to 10).
	pub resolution: u8,
	/// Active devices located in it, by kind; kinds with none are left out.
	pub active: Vec<KindCount>,
}

/// Registered devices of one kind by status.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct KindStats {
	/// The kind.
	pub kind: DeviceKind,
	/// Taking part in proof-of-coverage.
	pub active: u32,
	/// Suspended.
	pub suspended: u32,
	/// Denied.
	pub denied: u32,
}

/// Registered devices by kind and status.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DeviceStats {
	/// Every kind, in index order.
	pub by_kind: Vec<KindStats>,
	/// All registered devices.
	pub total: u32,
	/// Active devices.
	pub active: u32,
}

/// A device the chain starts with: a network launched with an existing fleet (and test and
/// benchmark chains). Its owner must afford the bond.
#[derive(Clone, PartialEq, Eq, Debug, frame_support::Serialize, frame_support::Deserialize)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct GenesisDevice<AccountId> {
	/// Its owner, from whom the bond is held.
	pub owner: AccountId,
	/// The bare public key, `0x` hex in JSON: 32 bytes for Ed25519, 33 (compressed SEC1) for
	/// P-256.
	#[serde(with = "depin_primitives::hex_serde")]
	pub key: Vec<u8>,
	/// What it is.
	pub kind: DeviceKind,
	/// Its asserted location, if any.
	pub location: Option<GenesisLocation>,
	/// Its maker certificate, `SCALE(DeviceCertificate)` as `0x` hex, whose chain field is 32
	/// zero bytes (`docs/makers.md`); `None` for a device of an open kind.
	#[serde(default, with = "depin_primitives::hex_serde::option")]
	pub certificate: Option<Vec<u8>>,
}

/// A genesis device's location, with the bounds of `assert_location`.
#[derive(
	Clone, Copy, PartialEq, Eq, Debug, frame_support::Serialize, frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct GenesisLocation {
	/// A resolution-12 H3 cell.
	pub cell: H3Cell,
	/// Antenna gain in tenths of dBi.
	pub gain_dbi_x10: u16,
	/// Antenna elevation in metres.
	pub elevation_m: i32,
}
