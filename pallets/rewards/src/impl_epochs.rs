//! Emission and epoch closes; crediting work; block authors.

use crate::*;
use alloc::vec::Vec;
use depin_primitives::{
	work::{CreditRecord, ProvenWork, RewardUnits, WorkCategory, WorkTotals},
	DeviceKey, EpochClock, EpochIndex,
};
use frame_support::{
	dispatch::{Pays, PostDispatchInfo},
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::Preservation,
	},
};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AccountIdConversion, UniqueSaturatedFrom, UniqueSaturatedInto, Zero},
	Rounding, Saturating,
};

/// `amount × numerator / denominator`, rounded down; 0 for a zero denominator.
pub(crate) fn share<B: UniqueSaturatedInto<u128> + UniqueSaturatedFrom<u128>>(
	amount: B,
	numerator: u128,
	denominator: u128,
) -> B {
	if denominator == 0 {
		return B::unique_saturated_from(0);
	}
	let amount: u128 = amount.unique_saturated_into();
	B::unique_saturated_from(
		multiply_by_rational_with_rounding(amount, numerator, denominator, Rounding::Down)
			.unwrap_or_default(),
	)
}

impl<T: Config> Pallet<T> {
	/// The account holding minted but unclaimed device rewards.
	pub fn pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The treasury account.
	pub fn treasury() -> T::AccountId {
		T::TreasuryAccount::get()
	}

	pub(crate) fn ensure_valid_schedule(
		schedule: &EmissionSchedule<BalanceOf<T>>,
	) -> DispatchResult {
		ensure!(schedule.halving_interval >= 1, Error::<T>::ZeroHalvingInterval);
		Ok(())
	}

	pub(crate) fn ensure_valid_split(split: &PoolSplit) -> DispatchResult {
		ensure!(split.total() == BPS, Error::<T>::SplitNotWhole);
		Ok(())
	}

	/// The emission of `epoch` under the schedule, before the supply cap.
	pub fn scheduled_emission(epoch: EpochIndex) -> BalanceOf<T> {
		let schedule = Schedule::<T>::get();
		let halvings = epoch / schedule.halving_interval.max(1);
		let initial: u128 = schedule.initial_per_epoch.unique_saturated_into();
		BalanceOf::<T>::unique_saturated_from(initial.checked_shr(halvings).unwrap_or(0))
	}

	/// The emission of `epoch`: the schedule's, cut so that total issuance stays within
	/// `max_supply`.
	pub fn emission(epoch: EpochIndex) -> BalanceOf<T> {
		let room = Schedule::<T>::get().max_supply.saturating_sub(T::Currency::total_issuance());
		Self::scheduled_emission(epoch).min(room)
	}

	/// The device pools of an epoch's `emission` with `totals` units of work: each category
	/// with work gets its share of `split`.
	pub(crate) fn pools_for(
		emission: BalanceOf<T>,
		split: &PoolSplit,
		totals: &WorkTotals,
	) -> EpochPools<BalanceOf<T>> {
		let mut pools = EpochPools::<BalanceOf<T>>::default();
		for (category, units) in totals.by_category() {
			if units > 0 {
				let amount = share(emission, u128::from(split.of(category)), u128::from(BPS));
				*pools.of_mut(category) = Pool { amount, units, paid: Zero::zero() };
			}
		}
		pools
	}

	/// Mints `amount` to `who` and returns what it received: nothing if `who` would not reach
	/// the existential deposit.
	fn try_mint(who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return amount;
		}
		T::Currency::mint_into(who, amount).unwrap_or_default()
	}

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
		CurrentUnits::<T>::kill();
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

	/// Drops the epochs from a device's list whose pools expired.
	pub(crate) fn live_epochs(device: &DeviceKey, current: EpochIndex) -> Vec<EpochIndex> {
		let oldest_live = current.saturating_sub(T::ClaimWindow::get());
		DeviceEpochs::<T>::get(device).into_iter().filter(|epoch| *epoch >= oldest_live).collect()
	}

	/// Pays `amount` out of the pot; returns what was paid.
	pub(crate) fn pay_from_pot(to: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		T::Currency::transfer(&Self::pot(), to, amount, Preservation::Preserve).unwrap_or_default()
	}
}

impl<T: Config> ProvenWork for Pallet<T> {
	fn credit(
		epoch: EpochIndex,
		device: &DeviceKey,
		category: WorkCategory,
		units: RewardUnits,
	) -> CreditRecord {
		if units == 0 {
			return CreditRecord::Opened;
		}
		let record = DeviceWork::<T>::mutate(epoch, device, |work| {
			let record = match work {
				Some(_) => CreditRecord::Updated,
				None => {
					let mut epochs = Self::live_epochs(device, epoch);
					epochs.push(epoch);
					// Within bounds: live epochs span the claim window and the current epoch.
					DeviceEpochs::<T>::insert(device, BoundedVec::truncate_from(epochs));
					CreditRecord::Opened
				},
			};
			work.get_or_insert_with(Default::default).add(category, units);
			record
		});
		CurrentUnits::<T>::mutate(|totals| totals.add(category, units));
		record
	}

	fn epoch_closed(epoch: EpochIndex, totals: WorkTotals) -> Weight {
		Self::close_epoch(epoch, totals)
	}
}

impl<T: Config>
	pallet_authorship::EventHandler<T::AccountId, frame_system::pallet_prelude::BlockNumberFor<T>>
	for Pallet<T>
{
	fn note_author(author: T::AccountId) {
		EpochAuthors::<T>::mutate(|authors| {
			if let Some(blocks) = authors.get_mut(&author) {
				*blocks = blocks.saturating_add(1);
			} else {
				// Beyond `MaxAuthors` an author goes unpaid and its share joins the treasury.
				let _ = authors.try_insert(author, 1);
			}
		});
	}
}
