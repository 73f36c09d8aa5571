//! The registry as proof-of-coverage reads it.

use crate::*;
use alloc::vec::Vec;
use depin_primitives::{
	density::CellDensity,
	geo::H3Cell,
	maker::Certifier,
	work::{DeviceLocation, DeviceRegistry, DeviceView},
	DeviceKey, DeviceKind,
};

impl<T: Config> DeviceRegistry<T::AccountId> for Pallet<T> {
	fn device(key: &DeviceKey) -> Option<DeviceView<T::AccountId>> {
		Devices::<T>::get(key).map(|info| DeviceView {
			status: info.status(),
			revocation: T::Certifier::revocation(info.kind, info.certification.as_ref()),
			maker: info.certification.map(|certification| certification.maker),
			owner: info.owner,
			kind: info.kind,
			location: info.location.map(|location| DeviceLocation {
				cell: location.cell,
				gain_dbi_x10: location.gain_dbi_x10,
			}),
		})
	}

	fn denied_witnesses(beaconer: &DeviceKey) -> Vec<DeviceKey> {
		DeniedWitnesses::<T>::get(beaconer).into_inner()
	}

	fn cell_density(kind: DeviceKind, cell: H3Cell) -> CellDensity {
		Self::density_of(kind, cell)
	}

	fn devices_of(owner: &T::AccountId, after: Option<&DeviceKey>, limit: u32) -> Vec<DeviceKey> {
		Self::owned_devices(owner, after, limit)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> depin_primitives::work::RegistryBenchmarkHelper<T::AccountId> for Pallet<T> {
	/// Certified by a maker of its own whose record is as large as records get, so that the
	/// readers' benchmarks read a distinct, full maker record per device.
	fn add_device(owner: &T::AccountId, device: DeviceKey, kind: DeviceKind, cell: Option<H3Cell>) {
		use sp_runtime::traits::Zero;
		let n = u32::from_le_bytes(device.as_bytes()[1..5].try_into().expect("4 bytes"));
		let certification = T::Certifier::benchmark_certification(n, kind);
		Self::insert_device(owner, device, kind, Zero::zero(), Some(certification));
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

	fn set_cell_density(kind: DeviceKind, cell: H3Cell, density: CellDensity) {
		match FineCellCounts::position(cell) {
			Some((group, position)) => DevicesInFineCells::<T>::mutate(kind, group, |counts| {
				counts.get_or_insert_with(Default::default).change(position, |_| density.devices)
			}),
			None => DevicesInCell::<T>::insert(kind, cell, density),
		}
	}

	fn fill_denied_witnesses(beaconer: &DeviceKey) {
		use frame_support::traits::Get;
		DeniedWitnesses::<T>::insert(
			beaconer,
			Self::unregistered_keys(T::MaxDeniedWitnesses::get()),
		);
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// `count` distinct, sorted Ed25519 keys no benchmark registers.
	pub(crate) fn unregistered_keys(
		count: u32,
	) -> frame_support::BoundedVec<DeviceKey, T::MaxDeniedWitnesses> {
		let mut keys: alloc::vec::Vec<DeviceKey> = (0..count)
			.map(|n| {
				let mut key = [0xd0; 32];
				key[..4].copy_from_slice(&n.to_le_bytes());
				DeviceKey::Ed25519(key)
			})
			.collect();
		keys.sort();
		frame_support::BoundedVec::truncate_from(keys)
	}
}
