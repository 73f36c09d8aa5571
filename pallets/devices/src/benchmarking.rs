//! Benchmarks of `pallet_devices`, in the worst case of each call.

use super::*;
use depin_primitives::{
	density::{CellDensity, DENSITY_RULES},
	geo::{self, H3Cell, LOCATION_RESOLUTION},
	maker::Certifier,
	signing::DeviceSigner,
	DeviceKey, DeviceKind, DeviceSignature, DeviceStatus, EpochClock, SanctionReason,
	SanctionStatus,
};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, InspectHold, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use sp_core::H256;
use sp_runtime::{traits::StaticLookup, Perbill};

/// Sets a non-zero bond and fee and a location-change limit that the benchmarks never reach,
/// then funds `who` for many bonds and fees.
fn setup<T: Config>(who: &T::AccountId) {
	let unit = T::Currency::minimum_balance().max(1u32.into());
	Params::<T>::put(DeviceParams {
		device_bond: unit * 10u32.into(),
		location_fee: unit,
		max_location_changes_per_epoch: u32::MAX,
		denial_slash: Perbill::from_percent(50),
		challenge_reward: Perbill::from_percent(50),
		challenge_bond: unit * 10u32.into(),
		appeal_deposit: unit * 10u32.into(),
	});
	T::Currency::set_balance(who, unit * 1_000_000u32.into());
	T::Certifier::open_all_kinds();
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
	Pallet::<T>::do_register_device(owner.clone(), device, kind, proof, None)
		.expect("a funded owner registers a fresh device");
	device
}

/// A located device of `owner`, denied, whose owner appealed, with the parents of its cell
/// one short of their targets.
fn denied_under_appeal<T: Config>(owner: &T::AccountId) -> DeviceKey {
	setup::<T>(owner);
	let device = located::<T>(owner);
	Pallet::<T>::do_sanction_device(
		device,
		SanctionStatus::Denied,
		SanctionReason::ClonedKey,
		H256::repeat_byte(1),
	)
	.expect("a registered device can be denied");
	Pallet::<T>::do_appeal(owner.clone(), device).expect("a funded owner appeals");
	let (paris, sydney) = far_apart_cells();
	at_density_targets::<T>(sydney, Some(paris));
	device
}

/// A located device with an open challenge, and its challenger.
fn challenged<T: Config>() -> (DeviceKey, T::AccountId) {
	let owner: T::AccountId = whitelisted_caller();
	setup::<T>(&owner);
	let device = located::<T>(&owner);
	let challenger: T::AccountId = account("challenger", 0, 0);
	setup::<T>(&challenger);
	Pallet::<T>::do_challenge_device(
		challenger.clone(),
		device,
		SanctionReason::Relay,
		H256::repeat_byte(2),
	)
	.expect("a funded challenger challenges another's device");
	(device, challenger)
}

/// Paris and Sydney: their parents differ at every density resolution.
fn far_apart_cells() -> (H3Cell, H3Cell) {
	let paris = geo::cell_at(48.852968, 2.349902, LOCATION_RESOLUTION).expect("valid");
	let sydney = geo::cell_at(-33.8688, 151.2093, LOCATION_RESOLUTION).expect("valid");
	(paris, sydney)
}

/// Sets the counts of the parents of `from` and `to` so that a device leaving `from` and
/// arriving in `to` takes each of them across its target, at every resolution where HIP 17
/// counts dense neighbours: each crossing updates a whole dense ring.
fn at_density_targets<T: Config>(from: H3Cell, to: Option<H3Cell>) {
	for rule in DENSITY_RULES.iter().filter(|rule| rule.counts_dense_neighbours()) {
		let counts = [(Some(from), rule.target), (to, rule.target - 1)];
		for (cell, devices) in counts {
			let Some(cell) = cell else { continue };
			let parent = geo::parent(cell, rule.resolution).expect("a parent");
			let density = CellDensity { devices, dense_ring: 0 };
			DevicesInCell::<T>::insert(DeviceKind::LoraHotspot, parent, density);
		}
	}
}

/// A registered radio device of `owner`, active and located in Paris.
fn located<T: Config>(owner: &T::AccountId) -> DeviceKey {
	let device =
		registered::<T>(owner, &DeviceSigner::ed25519_from_seed(&[1; 32]), DeviceKind::LoraHotspot);
	let (paris, _) = far_apart_cells();
	Pallet::<T>::do_assert_location(owner.clone(), device, paris, 12, 5).expect("valid location");
	device
}

/// Gives `owner` a full page of further devices, so that the owner's last device sits on
/// another page than the first: taking the first device out of the index moves the last one.
fn with_a_second_page<T: Config>(owner: &T::AccountId) {
	for n in 0..OWNER_PAGE_SIZE {
		let mut key = [0xa0; 32];
		key[..4].copy_from_slice(&n.to_le_bytes());
		Pallet::<T>::insert_device(
			owner,
			DeviceKey::Ed25519(key),
			DeviceKind::Sensor,
			0u32.into(),
			None,
		);
	}
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
		register_device(
			RawOrigin::Signed(owner.clone()),
			device,
			DeviceKind::LoraHotspot,
			proof,
			None,
		);

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
		register_device(
			RawOrigin::Signed(owner.clone()),
			device,
			DeviceKind::LoraHotspot,
			proof,
			None,
		);

		assert_eq!(Devices::<T>::get(device).map(|info| info.owner), Some(owner));
	}

	/// Worst case: a move to a cell whose parents all differ, so every density count is
	/// decremented at the old location and incremented at the new one, each crossing its
	/// target.
	#[benchmark]
	fn assert_location() {
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let device = located::<T>(&owner);
		let (paris, sydney) = far_apart_cells();
		at_density_targets::<T>(paris, Some(sydney));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, sydney, 150, 10_000);

		let location = Devices::<T>::get(device).and_then(|info| info.location);
		assert_eq!(location.map(|location| location.cell), Some(sydney));
		assert_eq!(
			Devices::<T>::get(device).map(|info| info.location_changes.epoch),
			Some(T::EpochClock::current_epoch())
		);
	}

	/// Worst case: the owner's last device moves into the slot the device leaves.
	#[benchmark]
	fn transfer_device() {
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let device = located::<T>(&owner);
		with_a_second_page::<T>(&owner);
		let new_owner: T::AccountId = account("new_owner", 0, 0);
		setup::<T>(&new_owner);
		let bond = Params::<T>::get().device_bond;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, T::Lookup::unlookup(new_owner.clone()));

		assert_eq!(T::Currency::balance_on_hold(&HoldReason::DeviceBond.into(), &new_owner), bond);
	}

	/// Worst case: a located device, counted in every density cell, whose leaving takes
	/// every parent below its target, and the owner's last device moves into its slot.
	#[benchmark]
	fn deregister_device() {
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let device = located::<T>(&owner);
		with_a_second_page::<T>(&owner);
		let (paris, _) = far_apart_cells();
		at_density_targets::<T>(paris, None);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device);

		assert!(Devices::<T>::get(device).is_none());
		let res8 = geo::parent(paris, 8).expect("a parent");
		assert!(!DevicesInFineCells::<T>::contains_key(DeviceKind::LoraHotspot, res8));
	}

	/// Worst case: denying a located device takes it out of every density cell, each parent
	/// going below its target, and slashes its bond. (What the other pallets forfeit is weighed
	/// by them: `Config::Settlement`.)
	#[benchmark]
	fn sanction_device() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let device = located::<T>(&owner);
		let (paris, _) = far_apart_cells();
		at_density_targets::<T>(paris, None);

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			device,
			SanctionStatus::Denied,
			SanctionReason::FalseLocation,
			H256::repeat_byte(1),
		);

		assert_eq!(Devices::<T>::get(device).map(|info| info.status()), Some(DeviceStatus::Denied));
		Ok(())
	}

	/// Worst case: lifting the denial of a located device under appeal returns the deposit
	/// and takes every parent of its cell across its target.
	#[benchmark]
	fn lift_sanction() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner: T::AccountId = whitelisted_caller();
		let device = denied_under_appeal::<T>(&owner);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, device);

		assert_eq!(
			T::Currency::balance_on_hold(&HoldReason::AppealDeposit.into(), &owner),
			0u32.into()
		);
		Ok(())
	}

	#[benchmark]
	fn appeal() {
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let device = located::<T>(&owner);
		Pallet::<T>::do_sanction_device(
			device,
			SanctionStatus::Denied,
			SanctionReason::ClonedKey,
			H256::repeat_byte(1),
		)
		.expect("a registered device can be denied");

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), device);

		let deposit = Params::<T>::get().appeal_deposit;
		assert_eq!(
			T::Currency::balance_on_hold(&HoldReason::AppealDeposit.into(), &owner),
			deposit
		);
	}

	/// Worst case: granting, which lifts the sanction as `lift_sanction` does.
	#[benchmark]
	fn decide_appeal() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner: T::AccountId = whitelisted_caller();
		let device = denied_under_appeal::<T>(&owner);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, device, true);

		assert!(Devices::<T>::get(device).is_some_and(|info| info.sanction.is_none()));
		Ok(())
	}

	#[benchmark]
	fn challenge_device() {
		let owner: T::AccountId = whitelisted_caller();
		setup::<T>(&owner);
		let device = located::<T>(&owner);
		let challenger: T::AccountId = account("challenger", 0, 0);
		setup::<T>(&challenger);

		#[extrinsic_call]
		_(RawOrigin::Signed(challenger), device, SanctionReason::Relay, H256::repeat_byte(2));

		assert!(Challenges::<T>::contains_key(device));
	}

	/// Worst case: the device is located, its leaving takes every parent below its target,
	/// and the challenger is rewarded from its slashed bond.
	#[benchmark]
	fn uphold_challenge() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (device, challenger) = challenged::<T>();
		let (paris, _) = far_apart_cells();
		at_density_targets::<T>(paris, None);
		let before = T::Currency::balance(&challenger);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, device);

		assert!(T::Currency::balance(&challenger) > before);
		assert_eq!(Devices::<T>::get(device).map(|info| info.status()), Some(DeviceStatus::Denied));
		Ok(())
	}

	#[benchmark]
	fn reject_challenge() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (device, challenger) = challenged::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, device);

		assert!(!Challenges::<T>::contains_key(device));
		assert_eq!(
			T::Currency::balance_on_hold(&HoldReason::ChallengeBond.into(), &challenger),
			0u32.into()
		);
		Ok(())
	}

	/// Inserts into a deny list one short of full, in front of every entry.
	#[benchmark]
	fn deny_edge() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let beaconer = DeviceSigner::ed25519_from_seed(&[1; 32]).public();
		let mut denied = Pallet::<T>::unregistered_keys(T::MaxDeniedWitnesses::get());
		let witness = denied.remove(0);
		DeniedWitnesses::<T>::insert(beaconer, denied);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, beaconer, witness);

		assert!(DeniedWitnesses::<T>::get(beaconer).contains(&witness));
		Ok(())
	}

	/// Removes the first entry of a full deny list.
	#[benchmark]
	fn allow_edge() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let beaconer = DeviceSigner::ed25519_from_seed(&[1; 32]).public();
		let denied = Pallet::<T>::unregistered_keys(T::MaxDeniedWitnesses::get());
		let witness = denied[0];
		DeniedWitnesses::<T>::insert(beaconer, denied);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, beaconer, witness);

		assert!(!DeniedWitnesses::<T>::get(beaconer).contains(&witness));
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = DeviceParams {
			device_bond: 5u32.into(),
			location_fee: 1u32.into(),
			max_location_changes_per_epoch: 3,
			denial_slash: Perbill::from_percent(20),
			challenge_reward: Perbill::from_percent(50),
			challenge_bond: 7u32.into(),
			appeal_deposit: 3u32.into(),
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);

		assert_eq!(Params::<T>::get(), params);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
