//! Transfers: a device and its bond move to another owner.

use crate::*;
use depin_primitives::DeviceKey;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_transfer_device(
		owner: T::AccountId,
		device: DeviceKey,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let mut info = Self::managed_device(&owner, &device)?;
		Self::ensure_uncontested(&device, &info)?;
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
}
