//! Settlement with the registry: a departing device's rewards go to the owner that earned them,
//! a sanctioned device's are frozen or forfeited, and nothing passes to the key's next
//! registrant.

use crate::*;
use depin_primitives::{
	work::{DeviceRegistry, DeviceSettlement},
	DeviceKey, DeviceStatus, EpochClock,
};
use frame_support::{ensure, traits::Get, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError,
};

impl<T: Config> Pallet<T> {
	/// Removes every work record of `device` and sends its share of closed epochs to the
	/// treasury; the share of the open epoch stays in the pot and expires to the treasury with
	/// its epoch. Returns the number of records removed.
	pub(crate) fn forfeit_records(device: &DeviceKey) -> u32 {
		let current = T::EpochClock::current_epoch();
		let epochs = DeviceEpochs::<T>::take(device);
		let mut amount = BalanceOf::<T>::zero();
		for epoch in &epochs {
			let Some(work) = DeviceWork::<T>::take(epoch, device) else { continue };
			if *epoch >= current {
				continue;
			}
			if let Some(mut pools) = Pools::<T>::get(epoch) {
				amount.saturating_accrue(Self::take_shares(&mut pools, &work));
				Pools::<T>::insert(epoch, pools);
			}
		}
		if !amount.is_zero() {
			let paid = Self::pay_from_pot(&Self::treasury(), amount);
			TotalToTreasury::<T>::mutate(|total| total.saturating_accrue(paid));
			Self::deposit_event(Event::RewardsForfeited { device: *device, amount: paid });
		}
		epochs.len() as u32
	}
}

impl<T: Config> Pallet<T> {
	/// Checks that every live work record belongs to a registered device and is listed among
	/// its epochs, so that a departed device leaves none (records of expired epochs pay nothing
	/// and anyone removes them for free: `remove_expired_work`). Reads every record: for
	/// `try_state` and tests.
	pub fn check_device_records() -> Result<(), DispatchError> {
		let oldest_live = T::EpochClock::current_epoch().saturating_sub(T::ClaimWindow::get());
		for (epoch, device, _) in DeviceWork::<T>::iter() {
			if epoch < oldest_live {
				continue;
			}
			ensure!(
				T::Devices::device(&device).is_some(),
				DispatchError::Other("an unregistered device has a live work record")
			);
			ensure!(
				DeviceEpochs::<T>::get(device).contains(&epoch),
				DispatchError::Other("a live work record is missing from its device's epochs")
			);
		}
		for device in DeviceEpochs::<T>::iter_keys() {
			ensure!(
				T::Devices::device(&device).is_some(),
				DispatchError::Other("an unregistered device has epochs of work")
			);
		}
		Ok(())
	}
}

impl<T: Config> DeviceSettlement<BlockNumberFor<T>> for Pallet<T> {
	/// Pays an active device's claimable rewards to its owner, as a claim would, and forfeits
	/// the open epoch's work, whose pool is not known yet; a sanctioned device forfeits all.
	/// Refuses a device with more claimable epochs than one claim pays
	/// ([`Error::ClaimBeforeDeregistering`]).
	fn settle_departure(device: &DeviceKey) -> Result<(Weight, BlockNumberFor<T>), DispatchError> {
		let active =
			T::Devices::device(device).is_some_and(|view| view.status == DeviceStatus::Active);
		if !active {
			return Ok((Self::forfeit(device), Zero::zero()));
		}
		let limit = T::MaxClaimRecords::get();
		let mut budget = limit;
		let (payment, finished) =
			Self::claim_device(device, T::EpochClock::current_epoch(), &mut budget)?;
		ensure!(finished, Error::<T>::ClaimBeforeDeregistering);
		if let Some((owner, amount)) = payment {
			Self::deposit_event(Event::RewardsClaimed { owner, amount });
		}
		let open = Self::forfeit_records(device);
		let weight = T::WeightInfo::claim_rewards(1, limit - budget)
			.saturating_add(T::WeightInfo::forfeit_device(open));
		Ok((weight, Zero::zero()))
	}

	fn settle_departure_weight() -> Weight {
		let claim = T::WeightInfo::claim_rewards(1, T::MaxClaimRecords::get())
			.saturating_add(T::WeightInfo::forfeit_device(1));
		claim.max(Self::forfeit_weight())
	}

	fn forfeit(device: &DeviceKey) -> Weight {
		T::WeightInfo::forfeit_device(Self::forfeit_records(device))
	}

	fn forfeit_weight() -> Weight {
		T::WeightInfo::forfeit_device(LiveEpochs::<T>::get())
	}
}
