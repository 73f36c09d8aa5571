//! Benchmarks of `pallet_devices`, in the worst case of each call.

use super::*;
use depin_primitives::{
	geo::{self, H3Cell, LOCATION_RESOLUTION},
	signing::DeviceSigner,
	DeviceKey, DeviceKind, DeviceSignature, DeviceStatus, EpochClock,
};
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{Inspect, InspectHold, Mutate};
use frame_system::RawOrigin;
use sp_runtime::traits::StaticLookup;

/// Sets a non-zero bond and fee and a location-change limit that the benchmarks never reach,
/// then funds `who` for many bonds and fees.
fn setup<T: Config>(who: &T::AccountId) {
	let unit = T::Currency::minimum_balance().max(1u32.into());
	Params::<T>::put(DeviceParams {
		device_bond: unit * 10u32.into(),
		location_fee: unit,
		max_location_changes_per_epoch: u32::MAX,
	});
	T::Currency::set_balance(who, unit * 1_000_000u32.into());
}

/// The device of `signer` and its proof of possession for `owner`.
fn device_and_proof<T: Config>(
	owner: &T::AccountId,
	signer: &DeviceSigner,
) -> (DeviceKey, DeviceSignature) {
	let device = signer.public();
	(device, signer.sign(&Pallet::<T>::registration_message_for(owner, &device)))
}

/// Registers the device of `signer` for `owner`, as `register_device` does.
fn registered<T: Config>(
	owner: &T::AccountId,
	signer: &DeviceSigner,
	kind: DeviceKind,
) -> DeviceKey {
	let (device, proof) = device_and_proof::<T>(owner, signer);
	Pallet::<T>::do_register_device(owner.clone(), device, kind, proof)
		.expect("a funded owner registers a fresh device");
	device
}

/// Paris and Sydney: their parents differ at every density resolution.
fn far_apart_cells() -> (H3Cell, H3Cell) {
	let paris = geo::cell_at(48.852968, 2.349902, LOCATION_RESOLUTION).expect("valid");
	let sydney = geo::cell_at(-33.8688, 151.2093, LOCATION_RESOLUTION).expect("valid");
	(paris, sydney)
}

/// A registered radio device of `owner`, active and located in Paris.
fn located<T: Config>(owner: &T::AccountId) -> DeviceKey {
	let device =
		registered::<T>(owner, &DeviceSigner::ed25519_from_seed(&[1; 32]), DeviceKind::LoraHotspot);
	let (paris, _) = far_apart_cells();
	Pallet::<T>::do_assert_location(owner.clone(), device, paris, 12, 5).expect("valid location");
	device
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_device_ed25519() {
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let (device, proof) =
			device_and_proof::<T>(&owner, &DeviceSigner::ed25519_from_seed(&[7; 32]));

		#[extrinsic_call]
		register_device(RawOrigin::Signed(owner.clone()), device, DeviceKind::LoraHotspot, proof);

		assert_eq!(Devices::<T>::get(device).map(|info| info.owner), Some(owner));
	}

	#[benchmark]
	fn register_device_p256() {
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let (device, proof) = device_and_proof::<T>(
			&owner,
			&DeviceSigner::p256_from_secret(&[7; 32]).expect("valid scalar"),
		);

		#[extrinsic_call]
		register_device(RawOrigin::Signed(owner.clone()), device, DeviceKind::LoraHotspot, proof);

		assert_eq!(Devices::<T>::get(device).map(|info| info.owner), Some(owner));
	}

	/// Worst case: a move to a cell whose parents all differ, so every density count is
	/// decremented at the old location and incremented at the new one.
	#[benchmark]
	fn assert_location() {
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let device = located::<T>(&owner);
		let (_, sydney) = far_apart_cells();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, sydney, 150, 10_000);

		let location = Devices::<T>::get(device).and_then(|info| info.location);
		assert_eq!(location.map(|location| location.cell), Some(sydney));
		assert_eq!(
			Devices::<T>::get(device).map(|info| info.location_changes.epoch),
			Some(T::EpochClock::current_epoch())
		);
	}

	#[benchmark]
	fn transfer_device() {
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let device = located::<T>(&owner);
		let new_owner: T::AccountId = account("new_owner", 0, 0);
		setup::<T>(&new_owner);
		let bond = Params::<T>::get().device_bond;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, T::Lookup::unlookup(new_owner.clone()));

		assert_eq!(T::Currency::balance_on_hold(&HoldReason::DeviceBond.into(), &new_owner), bond);
	}

	/// Worst case: a located device, counted in every density cell.
	#[benchmark]
	fn deregister_device() {
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let device = located::<T>(&owner);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device);

		assert!(Devices::<T>::get(device).is_none());
		assert_eq!(DevicesInCell::<T>::iter().count(), 0);
	}

	/// Worst case: suspending a located device takes it out of every density cell.
	#[benchmark]
	fn set_device_status() {
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let device = located::<T>(&owner);

		#[extrinsic_call]
		_(RawOrigin::Root, device, DeviceStatus::Suspended);

		assert_eq!(
			Devices::<T>::get(device).map(|info| info.status),
			Some(DeviceStatus::Suspended)
		);
	}

	#[benchmark]
	fn deny_edge() {
		let beaconer = DeviceSigner::ed25519_from_seed(&[1; 32]).public();
		let witness = DeviceSigner::ed25519_from_seed(&[2; 32]).public();

		#[extrinsic_call]
		_(RawOrigin::Root, beaconer, witness);

		assert!(DeniedEdges::<T>::contains_key(beaconer, witness));
	}

	#[benchmark]
	fn allow_edge() {
		let beaconer = DeviceSigner::ed25519_from_seed(&[1; 32]).public();
		let witness = DeviceSigner::ed25519_from_seed(&[2; 32]).public();
		DeniedEdges::<T>::insert(beaconer, witness, ());

		#[extrinsic_call]
		_(RawOrigin::Root, beaconer, witness);

		assert!(!DeniedEdges::<T>::contains_key(beaconer, witness));
	}

	#[benchmark]
	fn set_params() {
		let params = DeviceParams {
			device_bond: 5u32.into(),
			location_fee: 1u32.into(),
			max_location_changes_per_epoch: 3,
		};

		#[extrinsic_call]
		_(RawOrigin::Root, params);

		assert_eq!(Params::<T>::get(), params);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
