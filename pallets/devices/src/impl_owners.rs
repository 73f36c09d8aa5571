//! Owners: who may manage a device, and the owner index: each owner's devices in gapless
//! slots, in pages of [`OWNER_PAGE_SIZE`].
//!
//! A page holds 32 keys under one storage key, so the index costs a device about its key's
//! bytes instead of a storage entry of its own.

use crate::*;
use alloc::vec::Vec;
use depin_primitives::{DeviceKey, DeviceStatus};
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// The device, if `owner` owns it and it is not denied (a denied device is neither
	/// transferred nor located).
	pub(crate) fn managed_device(
		owner: &T::AccountId,
		device: &DeviceKey,
	) -> Result<DeviceInfoOf<T>, Error<T>> {
		let info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(&info.owner == owner, Error::<T>::NotOwner);
		ensure!(info.status() != DeviceStatus::Denied, Error::<T>::DeviceDenied);
		Ok(info)
	}

	/// Puts `device` in `owner`'s next free slot and returns the slot.
	pub(crate) fn add_to_owner(owner: &T::AccountId, device: DeviceKey) -> u32 {
		let slot = OwnerDeviceCount::<T>::get(owner);
		OwnedDevices::<T>::mutate(owner, slot / OWNER_PAGE_SIZE, |page| {
			// The slot is the page's next: the callers check the owner's bound first.
			if page.try_push(device).is_err() {
				frame_support::defensive!("an owner page is fuller than its owner's count");
			}
		});
		OwnerDeviceCount::<T>::insert(owner, slot.saturating_add(1));
		slot
	}

	/// Frees `owner`'s `slot`, moving the owner's last device into it (and its record's slot
	/// with it), so that the slots stay gapless.
	pub(crate) fn remove_from_owner(owner: &T::AccountId, slot: u32) {
		let last = OwnerDeviceCount::<T>::get(owner).saturating_sub(1);
		let moved = OwnedDevices::<T>::mutate_exists(owner, last / OWNER_PAGE_SIZE, |entry| {
			let page = entry.as_mut()?;
			let moved = page.pop();
			if page.is_empty() {
				*entry = None;
			}
			moved
		});
		if let Some(moved) = moved.filter(|_| slot != last) {
			OwnedDevices::<T>::mutate(owner, slot / OWNER_PAGE_SIZE, |page| {
				if let Some(entry) = page.get_mut((slot % OWNER_PAGE_SIZE) as usize) {
					*entry = moved;
				}
			});
			Devices::<T>::mutate(moved, |info| {
				if let Some(info) = info {
					info.owner_slot = slot;
				}
			});
		}
		OwnerDeviceCount::<T>::mutate_exists(owner, crate::impl_cells::decrement);
	}

	/// Up to `limit` of `owner`'s devices in slot order, from the slot after `after`'s; from
	/// the first slot if `after` is `None` or no longer the owner's (it was moved or removed
	/// since: the owner's devices are then listed again from the start).
	pub(crate) fn owned_devices(
		owner: &T::AccountId,
		after: Option<&DeviceKey>,
		limit: u32,
	) -> Vec<DeviceKey> {
		let start = after
			.and_then(Devices::<T>::get)
			.filter(|info| &info.owner == owner)
			.map_or(0, |info| info.owner_slot.saturating_add(1));
		let end = OwnerDeviceCount::<T>::get(owner).min(start.saturating_add(limit));
		let mut devices = Vec::with_capacity(end.saturating_sub(start) as usize);
		let mut slot = start;
		while slot < end {
			let page = OwnedDevices::<T>::get(owner, slot / OWNER_PAGE_SIZE);
			let from = (slot % OWNER_PAGE_SIZE) as usize;
			let take = (end - slot).min(OWNER_PAGE_SIZE - slot % OWNER_PAGE_SIZE) as usize;
			devices.extend(page.iter().skip(from).take(take).copied());
			slot = slot.saturating_add(take as u32);
		}
		devices
	}
}
