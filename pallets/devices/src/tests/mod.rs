//! Unit tests of `pallet_devices` by feature: every call, every error, and the derived counts
//! against a full recount; the helpers they share.

use crate::{mock::*, *};
use depin_primitives::work::DeviceRegistry;
use depin_primitives::{
	density::CellDensity,
	geo::{self, H3Cell, LOCATION_RESOLUTION},
	signing::DeviceSigner,
	DeviceKey, DeviceKind, DeviceSignature, DeviceStatus,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectHold},
		Hooks,
	},
};
use sp_runtime::{DispatchError, DispatchResult};

const GAIN: u16 = 12;
const ELEVATION: i32 = 5;

fn cell(lat: f64, lng: f64) -> H3Cell {
	geo::cell_at(lat, lng, LOCATION_RESOLUTION).unwrap()
}

/// Notre-Dame de Paris.
fn paris() -> H3Cell {
	cell(48.852968, 2.349902)
}

/// About 4 km west of [`paris`].
fn eiffel() -> H3Cell {
	cell(48.858370, 2.294481)
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::DeviceBond.into(), &who)
}

fn free(who: u64) -> u64 {
	Balances::balance(&who)
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Registry(event) => Some(event),
			_ => None,
		})
		.expect("a devices event")
}

fn register(owner: u64, signer: &DeviceSigner, kind: DeviceKind) -> DeviceKey {
	let device = signer.public();
	assert_ok!(Registry::register_device(
		RuntimeOrigin::signed(owner),
		device,
		kind,
		proof(signer, owner),
		None
	));
	device
}

fn locate(owner: u64, device: DeviceKey, at: H3Cell) {
	assert_ok!(Registry::assert_location(
		RuntimeOrigin::signed(owner),
		device,
		at,
		GAIN,
		ELEVATION
	));
}

/// The counts of `kind` in the density parents of `at`, finest first.
fn counts_around(kind: DeviceKind, at: H3Cell) -> Vec<u32> {
	geo::density_cells(at)
		.unwrap()
		.iter()
		.map(|c| <Registry as DeviceRegistry<u64>>::cell_density(kind, *c).devices)
		.collect()
}

/// Every device of `owner`, in slot order.
fn owned(owner: u64) -> Vec<DeviceKey> {
	Registry::owned_devices(&owner, None, u32::MAX)
}

fn check_invariants() {
	Registry::do_try_state().expect("derived state equals a recount");
}

mod admin;
mod deregistration;
mod genesis;
mod invariants;
mod location;
mod owner_index;
mod queries;
mod registration;
mod sanctions;
mod transfer;
