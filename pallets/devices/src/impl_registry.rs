//! The registry as proof-of-coverage reads it.

use crate::*;
use alloc::vec::Vec;
use depin_primitives::{
	geo::H3Cell,
	work::{DeviceLocation, DeviceRegistry, DeviceView},
	DeviceKey, DeviceKind,
};

impl<T: Config> DeviceRegistry<T::AccountId> for Pallet<T> {
	fn device(key: &DeviceKey) -> Option<DeviceView<T::AccountId>> {
		Devices::<T>::get(key).map(|info| DeviceView {
			owner: info.owner,
			kind: info.kind,
			status: info.status,
			location: info.location.map(|location| DeviceLocation {
				cell: location.cell,
				gain_dbi_x10: location.gain_dbi_x10,
			}),
		})
	}

	fn is_edge_denied(beaconer: &DeviceKey, witness: &DeviceKey) -> bool {
		DeniedEdges::<T>::contains_key(beaconer, witness)
	}

	fn devices_in_cell(kind: DeviceKind, cell: H3Cell) -> u32 {
		DevicesInCell::<T>::get(kind, cell)
	}

	fn devices_of(owner: &T::AccountId, after: Option<&DeviceKey>, limit: u32) -> Vec<DeviceKey> {
		let keys = match after {
			Some(after) => OwnedDevices::<T>::iter_key_prefix_from(
				owner,
				OwnedDevices::<T>::hashed_key_for(owner, after),
			),
			None => OwnedDevices::<T>::iter_key_prefix(owner),
		};
		keys.take(limit as usize).collect()
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> depin_primitives::work::RegistryBenchmarkHelper<T::AccountId> for Pallet<T> {
	fn add_device(owner: &T::AccountId, device: DeviceKey, kind: DeviceKind, cell: Option<H3Cell>) {
		use sp_runtime::traits::Zero;
		Self::insert_device(owner, device, kind, Zero::zero());
		if let Some(cell) = cell {
			let before = Devices::<T>::get(device).expect("just inserted");
			let mut after = before.clone();
			after.location = Some(Location {
				cell,
				gain_dbi_x10: 12,
				elevation_m: 0,
				asserted_at: frame_system::Pallet::<T>::block_number(),
			});
			Self::update_counts(Some(&before), Some(&after));
			Devices::<T>::insert(device, after);
		}
	}

	fn set_devices_in_cell(kind: DeviceKind, cell: H3Cell, count: u32) {
		DevicesInCell::<T>::insert(kind, cell, count);
	}
}
