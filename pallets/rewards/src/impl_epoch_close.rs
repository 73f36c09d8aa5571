//! Closing an epoch: minting its emission, storing its pools, paying its block authors, and
//! expiring the epoch that leaves the claim window; removing expired work records.

use crate::{impl_emission::share, *};
use alloc::vec::Vec;
use depin_primitives::{work::WorkTotals, DeviceKey, EpochClock, EpochIndex};
use frame_support::{
	dispatch::{DispatchResultWithPostInfo, Pays, PostDispatchInfo},
	ensure,
	pallet_prelude::Weight,
	traits::Get,
};
use sp_runtime::{traits::Zero, Saturating};

impl<T: Config> Pallet<T> {
	/// Mints and splits `epoch`'s emission, stores its device pools, pays its block authors
	/// and expires the epoch that leaves the claim window. Reads and writes a fixed number of
	/// items, plus one per block author (at most `MaxAuthors`).
	pub(crate) fn close_epoch(epoch: EpochIndex, totals: WorkTotals) -> Weight {
		let emission = Self::emission(epoch);
		let split = Split::<T>::get();

		// Device pools, for categories with work; the pot holds them until claimed.
		let pools = Self::pools_for(emission, &split, &totals);
		let devices = Self::try_mint(&Self::pot(), pools.total());

		// Block authors, by blocks authored in the epoch.
		let validators_pool = share(emission, u128::from(split.validators), u128::from(BPS));
		let authors = EpochAuthors::<T>::take();
		let blocks: u32 = authors.values().sum();
		let mut validators = BalanceOf::<T>::zero();
		for (author, authored) in authors.iter() {
			let reward = share(validators_pool, u128::from(*authored), u128::from(blocks));
			let paid = Self::try_mint(author, reward);
			validators.saturating_accrue(paid);
			LifetimePaid::<T>::mutate(author, |total| total.saturating_accrue(paid));
		}

		// The rest: the treasury's share, empty pools, unpaid authors, rounding remainders.
		let rest = emission.saturating_sub(devices).saturating_sub(validators);
		let treasury = Self::try_mint(&Self::treasury(), rest);

		TotalMinted::<T>::mutate(|total| {
			total.saturating_accrue(devices.saturating_add(validators).saturating_add(treasury))
		});
		TotalPaid::<T>::mutate(|total| total.saturating_accrue(validators));
		TotalToTreasury::<T>::mutate(|total| total.saturating_accrue(treasury));
		Pools::<T>::insert(epoch, pools);
		Self::deposit_event(Event::EpochRewarded { epoch, emission, pools, validators, treasury });

		if let Some(expired) = epoch.checked_sub(T::ClaimWindow::get()) {
			Self::expire(expired);
		}
		T::WeightInfo::close_epoch(authors.len() as u32)
	}

	/// Sends what `epoch`'s pools still hold to the treasury and forgets them; its work records
	/// stay until `remove_expired_work`.
	fn expire(epoch: EpochIndex) {
		let Some(pools) = Pools::<T>::take(epoch) else { return };
		let unclaimed = pools.unclaimed();
		if !unclaimed.is_zero() {
			let moved = Self::pay_from_pot(&Self::treasury(), unclaimed);
			TotalToTreasury::<T>::mutate(|total| total.saturating_accrue(moved));
		}
		Self::deposit_event(Event::EpochExpired { epoch, unclaimed });
	}

	pub(crate) fn do_remove_expired_work(
		epoch: EpochIndex,
		limit: u32,
	) -> DispatchResultWithPostInfo {
		let current = T::EpochClock::current_epoch();
		ensure!(
			epoch.saturating_add(T::ClaimWindow::get()) < current
				&& !Pools::<T>::contains_key(epoch),
			Error::<T>::EpochNotExpired
		);
		// Key by key rather than `clear_prefix`, whose count ignores what an earlier call in
		// the same block removed.
		let devices: Vec<DeviceKey> =
			DeviceWork::<T>::iter_key_prefix(epoch).take(limit as usize).collect();
		ensure!(!devices.is_empty(), Error::<T>::NothingToRemove);
		for device in &devices {
			DeviceWork::<T>::remove(epoch, device);
		}
		let removed = devices.len() as u32;
		Self::deposit_event(Event::ExpiredWorkRemoved { epoch, removed });
		// Free when it removed something: cleaning up is a service to the chain.
		Ok(PostDispatchInfo {
			actual_weight: Some(T::WeightInfo::remove_expired_work(removed)),
			pays_fee: Pays::No,
		})
	}
}
