//! Registration and deregistration: a device proves possession of its key, its maker certifies
//! it (unless its kind is open), its owner holds its bond; deregistering settles what the other
//! pallets keep about it, releases the bond and keeps the key's registration count, its return
//! block and its sanction.

use crate::*;
use alloc::vec::Vec;
use codec::{DecodeAll, Encode};
use depin_primitives::{
	device::{registration_message, KeyScheme},
	geo,
	maker::{Certification, Certifier, DeviceCertificate, Registration},
	work::DeviceSettlement,
	DeviceKey, DeviceKind, DeviceSignature,
};
use frame_support::{
	dispatch::DispatchResultWithPostInfo,
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// The weight of registering `device`: a P-256 proof is checked inside the runtime and
	/// costs more than an Ed25519 one; a certificate is weighed by the certifier (the
	/// benchmarks register without one, reading the open kinds).
	pub(crate) fn register_device_weight(
		device: &DeviceKey,
		certificate: Option<&DeviceCertificate>,
	) -> Weight {
		let registration = match device.scheme() {
			KeyScheme::Ed25519 => T::WeightInfo::register_device_ed25519(),
			KeyScheme::P256 => T::WeightInfo::register_device_p256(),
		};
		registration
			.saturating_add(certificate.map_or(Weight::zero(), T::Certifier::certify_weight))
	}

	/// The message the device must sign for `owner` to register it now (`docs/signing.md`).
	pub fn registration_message_for(owner: &T::AccountId, device: &DeviceKey) -> Vec<u8> {
		let genesis_hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		registration_message(
			genesis_hash.as_ref(),
			&owner.encode(),
			device,
			Departures::<T>::get(device).registrations,
		)
	}

	pub(crate) fn do_register_device(
		owner: T::AccountId,
		device: DeviceKey,
		kind: DeviceKind,
		proof: DeviceSignature,
		certificate: Option<DeviceCertificate>,
	) -> DispatchResult {
		ensure!(!Devices::<T>::contains_key(device), Error::<T>::KeyAlreadyRegistered);
		let owned = OwnerDeviceCount::<T>::get(&owner);
		ensure!(owned < T::MaxDevicesPerOwner::get(), Error::<T>::TooManyDevices);
		let message = Self::registration_message_for(&owner, &device);
		ensure!(device.verify(&proof, &message), Error::<T>::BadProof);
		let departure = Departures::<T>::get(device);
		ensure!(
			frame_system::Pallet::<T>::block_number() >= departure.returns_at,
			Error::<T>::ReturnTooEarly
		);
		let registration = match departure.registrations {
			0 => Registration::First,
			_ => Registration::Again,
		};
		let certification = Self::certify(&owner, &device, kind, certificate, registration)?;

		let bond = Params::<T>::get().device_bond;
		T::Currency::hold(&HoldReason::DeviceBond.into(), &owner, bond)
			.map_err(|_| Error::<T>::InsufficientBalanceForBond)?;

		Self::insert_device(&owner, device, kind, bond, certification);
		Self::deposit_event(Event::DeviceRegistered { device, owner, kind, bond });
		Ok(())
	}

	/// The certification of `device` from `certificate`, or `None` if its kind is open and it
	/// has none.
	fn certify(
		owner: &T::AccountId,
		device: &DeviceKey,
		kind: DeviceKind,
		certificate: Option<DeviceCertificate>,
		registration: Registration,
	) -> Result<Option<Certification>, DispatchError> {
		match certificate {
			Some(certificate) => {
				T::Certifier::certify(owner, device, kind, &certificate, registration).map(Some)
			},
			None if T::Certifier::is_open(kind) => Ok(None),
			None => Err(Error::<T>::CertificateRequired.into()),
		}
	}

	/// Records a new device whose `bond` is already held from `owner`, under the sanction its
	/// key carries, if any.
	pub(crate) fn insert_device(
		owner: &T::AccountId,
		device: DeviceKey,
		kind: DeviceKind,
		bond: BalanceOf<T>,
		certification: Option<Certification>,
	) {
		let info = DeviceInfo {
			owner: owner.clone(),
			kind,
			sanction: KeySanctions::<T>::take(device),
			location: None,
			registered_at: frame_system::Pallet::<T>::block_number(),
			bond,
			location_changes: LocationChanges::default(),
			registrations: Departures::<T>::take(device).registrations.saturating_add(1),
			owner_slot: Self::add_to_owner(owner, device),
			certification,
		};
		Self::update_counts(None, Some(&info));
		Devices::<T>::insert(device, info);
	}

	/// Registers and locates a genesis device as `register_device` and `assert_location` would,
	/// without proof of possession or location fee; panics (failing genesis) where they would
	/// return an error.
	pub(crate) fn insert_genesis_device(genesis: &GenesisDevice<T::AccountId>) {
		let device = DeviceKey::try_from(genesis.key.as_slice())
			.unwrap_or_else(|error| panic!("genesis device key {:?}: {error:?}", genesis.key));
		assert!(!Devices::<T>::contains_key(device), "genesis device {device:?} listed twice");
		assert!(
			OwnerDeviceCount::<T>::get(&genesis.owner) < T::MaxDevicesPerOwner::get(),
			"genesis owner of {device:?} has too many devices"
		);
		let certificate = genesis.certificate.as_ref().map(|bytes| {
			DeviceCertificate::decode_all(&mut &bytes[..])
				.unwrap_or_else(|error| panic!("genesis certificate of {device:?}: {error}"))
		});
		let certification = Self::certify(
			&genesis.owner,
			&device,
			genesis.kind,
			certificate,
			Registration::Genesis,
		)
		.unwrap_or_else(|error| panic!("genesis device {device:?} is not certified: {error:?}"));
		let bond = Params::<T>::get().device_bond;
		T::Currency::hold(&HoldReason::DeviceBond.into(), &genesis.owner, bond)
			.unwrap_or_else(|_| panic!("genesis owner of {device:?} cannot afford its bond"));
		Self::insert_device(&genesis.owner, device, genesis.kind, bond, certification);

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

	pub(crate) fn do_deregister_device(
		owner: T::AccountId,
		device: DeviceKey,
	) -> DispatchResultWithPostInfo {
		let info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(info.owner == owner, Error::<T>::NotOwner);
		Self::ensure_uncontested(&device, &info)?;
		let (settlement, returns_at) = T::Settlement::settle_departure(&device)?;
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
		Departures::<T>::insert(
			device,
			Departure { registrations: info.registrations, returns_at },
		);
		if let Some(sanction) = info.sanction {
			KeySanctions::<T>::insert(device, sanction);
		}
		Self::deposit_event(Event::DeviceDeregistered { device, owner, bond, returns_at });
		Ok(Some(T::WeightInfo::deregister_device().saturating_add(settlement)).into())
	}
}
