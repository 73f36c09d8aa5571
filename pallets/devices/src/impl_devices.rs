//! The calls' logic.

use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use depin_primitives::{
	device::{registration_message, KeyScheme},
	geo::{self, CellError, H3Cell},
	DeviceKey, DeviceKind, DeviceSignature, DeviceStatus, EpochClock,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Balanced, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		OnUnbalanced,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// The weight of registering `device`: a P-256 proof is checked inside the runtime and
	/// costs more than an Ed25519 one.
	pub(crate) fn register_device_weight(device: &DeviceKey) -> Weight {
		match device.scheme() {
			KeyScheme::Ed25519 => T::WeightInfo::register_device_ed25519(),
			KeyScheme::P256 => T::WeightInfo::register_device_p256(),
		}
	}

	/// The message the device must sign for `owner` to register it now (`docs/signing.md`).
	pub fn registration_message_for(owner: &T::AccountId, device: &DeviceKey) -> Vec<u8> {
		let genesis_hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		registration_message(
			genesis_hash.as_ref(),
			&owner.encode(),
			device,
			RegistrationNonce::<T>::get(device),
		)
	}

	pub(crate) fn do_register_device(
		owner: T::AccountId,
		device: DeviceKey,
		kind: DeviceKind,
		proof: DeviceSignature,
	) -> DispatchResult {
		ensure!(!Devices::<T>::contains_key(device), Error::<T>::KeyAlreadyRegistered);
		let owned = OwnerDeviceCount::<T>::get(&owner);
		ensure!(owned < T::MaxDevicesPerOwner::get(), Error::<T>::TooManyDevices);
		let message = Self::registration_message_for(&owner, &device);
		ensure!(device.verify(&proof, &message), Error::<T>::BadProof);

		let bond = Params::<T>::get().device_bond;
		T::Currency::hold(&HoldReason::DeviceBond.into(), &owner, bond)
			.map_err(|_| Error::<T>::InsufficientBalanceForBond)?;

		Self::insert_device(&owner, device, kind, bond);
		Self::deposit_event(Event::DeviceRegistered { device, owner, kind, bond });
		Ok(())
	}

	/// Records a new active device whose `bond` is already held from `owner`.
	pub(crate) fn insert_device(
		owner: &T::AccountId,
		device: DeviceKey,
		kind: DeviceKind,
		bond: BalanceOf<T>,
	) {
		let info = DeviceInfo {
			owner: owner.clone(),
			kind,
			status: DeviceStatus::Active,
			location: None,
			registered_at: frame_system::Pallet::<T>::block_number(),
			bond,
			location_changes: LocationChanges::default(),
			registrations: RegistrationNonce::<T>::take(device).saturating_add(1),
			owner_slot: Self::add_to_owner(owner, device),
		};
		Self::update_counts(None, Some(&info));
		Devices::<T>::insert(device, info);
	}

	/// Registers and locates a genesis device as `register_device` and `assert_location` would,
	/// without proof or fee; panics (failing genesis) where they would return an error.
	pub(crate) fn insert_genesis_device(genesis: &GenesisDevice<T::AccountId>) {
		let device = DeviceKey::try_from(genesis.key.as_slice())
			.unwrap_or_else(|error| panic!("genesis device key {:?}: {error:?}", genesis.key));
		assert!(!Devices::<T>::contains_key(device), "genesis device {device:?} listed twice");
		assert!(
			OwnerDeviceCount::<T>::get(&genesis.owner) < T::MaxDevicesPerOwner::get(),
			"genesis owner of {device:?} has too many devices"
		);
		let bond = Params::<T>::get().device_bond;
		T::Currency::hold(&HoldReason::DeviceBond.into(), &genesis.owner, bond)
			.unwrap_or_else(|_| panic!("genesis owner of {device:?} cannot afford its bond"));
		Self::insert_device(&genesis.owner, device, genesis.kind, bond);

		let Some(location) = genesis.location else { return };
		assert!(
			geo::validate_location(location.cell).is_ok()
				&& (T::MinAntennaGain::get()..=T::MaxAntennaGain::get())
					.contains(&location.gain_dbi_x10)
				&& (T::MinElevation::get()..=T::MaxElevation::get())
					.contains(&location.elevation_m),
			"genesis location of {device:?} is invalid: {location:?}"
		);
		let before = Devices::<T>::get(device).expect("inserted above");
		let mut after = before.clone();
		after.location = Some(Location {
			cell: location.cell,
			gain_dbi_x10: location.gain_dbi_x10,
			elevation_m: location.elevation_m,
			asserted_at: Zero::zero(),
		});
		Self::update_counts(Some(&before), Some(&after));
		Devices::<T>::insert(device, after);
	}

	pub(crate) fn do_assert_location(
		owner: T::AccountId,
		device: DeviceKey,
		cell: H3Cell,
		gain_dbi_x10: u16,
		elevation_m: i32,
	) -> DispatchResult {
		let before = Self::managed_device(&owner, &device)?;
		geo::validate_location(cell).map_err(|error| match error {
			CellError::InvalidCell => Error::<T>::InvalidCell,
			CellError::WrongResolution => Error::<T>::WrongResolution,
		})?;
		ensure!(
			(T::MinAntennaGain::get()..=T::MaxAntennaGain::get()).contains(&gain_dbi_x10),
			Error::<T>::GainOutOfRange
		);
		ensure!(
			(T::MinElevation::get()..=T::MaxElevation::get()).contains(&elevation_m),
			Error::<T>::ElevationOutOfRange
		);
		let params = Params::<T>::get();
		let epoch = T::EpochClock::current_epoch();
		let changes =
			if before.location_changes.epoch == epoch { before.location_changes.count } else { 0 };
		ensure!(
			changes < params.max_location_changes_per_epoch,
			Error::<T>::TooManyLocationChanges
		);

		let fee = params.location_fee;
		let credit = T::Currency::withdraw(
			&owner,
			fee,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::InsufficientBalanceForFee)?;
		T::LocationFeeDestination::on_unbalanced(credit);

		let mut after = before.clone();
		after.location = Some(Location {
			cell,
			gain_dbi_x10,
			elevation_m,
			asserted_at: frame_system::Pallet::<T>::block_number(),
		});
		after.location_changes = LocationChanges { epoch, count: changes + 1 };
		Self::update_counts(Some(&before), Some(&after));
		Devices::<T>::insert(device, after);
		Self::deposit_event(Event::LocationAsserted {
			device,
			cell,
			gain_dbi_x10,
			elevation_m,
			fee,
		});
		Ok(())
	}

	pub(crate) fn do_transfer_device(
		owner: T::AccountId,
		device: DeviceKey,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let mut info = Self::managed_device(&owner, &device)?;
		ensure!(new_owner != owner, Error::<T>::TransferToSelf);
		let new_owner_count = OwnerDeviceCount::<T>::get(&new_owner);
		ensure!(new_owner_count < T::MaxDevicesPerOwner::get(), Error::<T>::TooManyDevices);

		T::Currency::transfer_on_hold(
			&HoldReason::DeviceBond.into(),
			&owner,
			&new_owner,
			info.bond,
			Precision::Exact,
			Restriction::OnHold,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::CannotReceiveBond)?;

		Self::remove_from_owner(&owner, info.owner_slot);
		info.owner_slot = Self::add_to_owner(&new_owner, device);
		info.owner = new_owner.clone();
		Devices::<T>::insert(device, info);
		Self::deposit_event(Event::DeviceTransferred { device, from: owner, to: new_owner });
		Ok(())
	}

	pub(crate) fn do_deregister_device(owner: T::AccountId, device: DeviceKey) -> DispatchResult {
		let info = Self::managed_device(&owner, &device)?;
		// Best effort: nothing else touches this hold, and a device must never be stuck.
		let bond = T::Currency::release(
			&HoldReason::DeviceBond.into(),
			&owner,
			info.bond,
			Precision::BestEffort,
		)?;
		Self::update_counts(Some(&info), None);
		Devices::<T>::remove(device);
		Self::remove_from_owner(&owner, info.owner_slot);
		RegistrationNonce::<T>::insert(device, info.registrations);
		Self::deposit_event(Event::DeviceDeregistered { device, owner, bond });
		Ok(())
	}

	pub(crate) fn do_set_device_status(device: DeviceKey, status: DeviceStatus) -> DispatchResult {
		let before = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(before.status != status, Error::<T>::StatusUnchanged);
		let mut after = before.clone();
		after.status = status;
		Self::update_counts(Some(&before), Some(&after));
		Devices::<T>::insert(device, after);
		Self::deposit_event(Event::DeviceStatusChanged { device, status });
		Ok(())
	}

	pub(crate) fn do_deny_edge(beaconer: DeviceKey, witness: DeviceKey) -> DispatchResult {
		ensure!(beaconer != witness, Error::<T>::SelfEdge);
		DeniedWitnesses::<T>::try_mutate(beaconer, |denied| {
			let at = denied.binary_search(&witness).err().ok_or(Error::<T>::EdgeAlreadyDenied)?;
			denied.try_insert(at, witness).map_err(|_| Error::<T>::TooManyDeniedWitnesses)
		})?;
		Self::deposit_event(Event::EdgeDenied { beaconer, witness });
		Ok(())
	}

	pub(crate) fn do_allow_edge(beaconer: DeviceKey, witness: DeviceKey) -> DispatchResult {
		DeniedWitnesses::<T>::try_mutate_exists(beaconer, |entry| {
			let denied = entry.as_mut().ok_or(Error::<T>::EdgeNotDenied)?;
			let at = denied.binary_search(&witness).map_err(|_| Error::<T>::EdgeNotDenied)?;
			denied.remove(at);
			if denied.is_empty() {
				*entry = None;
			}
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::EdgeAllowed { beaconer, witness });
		Ok(())
	}

	pub(crate) fn do_set_params(params: DeviceParams<BalanceOf<T>>) -> DispatchResult {
		Self::ensure_valid_params(&params)?;
		Params::<T>::put(params);
		Self::deposit_event(Event::ParamsChanged { params });
		Ok(())
	}

	pub(crate) fn ensure_valid_params(params: &DeviceParams<BalanceOf<T>>) -> DispatchResult {
		ensure!(params.max_location_changes_per_epoch >= 1, Error::<T>::ZeroLocationChanges);
		Ok(())
	}

	/// The device, if `owner` owns it and it is not frozen by a denial.
	fn managed_device(
		owner: &T::AccountId,
		device: &DeviceKey,
	) -> Result<DeviceInfoOf<T>, Error<T>> {
		let info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(&info.owner == owner, Error::<T>::NotOwner);
		ensure!(info.status != DeviceStatus::Denied, Error::<T>::DeviceDenied);
		Ok(info)
	}
}
