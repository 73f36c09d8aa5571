//! Unit tests of `pallet_coverage`.

mod announced_beacons;
mod heartbeats;
mod receipts;
mod settlement;
mod units;

use crate::{impl_heartbeats::invalid, mock::*, Error, Event, Params, PocParams};
use depin_primitives::{
	geo::{self, H3Cell, LOCATION_RESOLUTION},
	signing::DeviceSigner,
	DeviceKey, DeviceKind,
};
use frame_support::{assert_ok, pallet_prelude::TransactionValidityError};

/// The latest event this pallet deposited.
fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Coverage(event) => Some(event),
			_ => None,
		})
		.expect("a coverage event")
}

pub(super) const FREQUENCY_KHZ: u32 = 868_100;
/// With the test antennas' 1.2 dBi, 15.2 dBm EIRP: within EU868's 16.1 dBm.
pub(super) const TX_POWER_DBM_X10: i16 = 140;
/// −120 dBm: plausible at any distance the tests use.
pub(super) const WEAK_RSSI: i16 = -1_200;
/// The block tests submit receipts in.
pub(super) const NOW: u64 = 20;

/// A registered, located radio device and its key.
pub(super) struct Radio {
	pub(super) signer: DeviceSigner,
	pub(super) key: DeviceKey,
	pub(super) cell: H3Cell,
}

pub(super) fn cell(lat: f64, lng: f64) -> H3Cell {
	geo::cell_at(lat, lng, LOCATION_RESOLUTION).unwrap()
}

/// The beaconer's location in the tests.
pub(super) fn home() -> H3Cell {
	cell(48.8530, 2.3499)
}

/// The cell of witness `i`: `i + 1` times 1.1 km north of [`home`].
pub(super) fn away(i: u8) -> H3Cell {
	cell(48.8530 + 0.01 * f64::from(i + 1), 2.3499)
}

pub(super) fn radio_at(signer: DeviceSigner, kind: DeviceKind, at: H3Cell) -> Radio {
	let key = register_at(&signer, kind, at);
	Radio { signer, key, cell: at }
}

pub(super) fn lora(seed: u8, at: H3Cell) -> Radio {
	radio_at(DeviceSigner::ed25519_from_seed(&[seed; 32]), DeviceKind::LoraHotspot, at)
}

/// A chain at block [`NOW`] with a beaconer at [`home`].
pub(super) fn setup() -> Radio {
	run_to_block(NOW);
	lora(1, home())
}

pub(super) fn authorized() -> RuntimeOrigin {
	frame_system::RawOrigin::Authorized.into()
}

pub(super) fn rejected(error: Error<Test>) -> Result<(), TransactionValidityError> {
	Err(invalid::<Test>(error))
}

pub(super) fn set_params(change: impl FnOnce(&mut PocParams)) {
	let mut params = Params::<Test>::get();
	change(&mut params);
	assert_ok!(Coverage::set_poc_params(RuntimeOrigin::root(), params));
}
