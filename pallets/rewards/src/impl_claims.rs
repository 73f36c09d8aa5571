//! Claims: a device's share of each closed epoch's pools, paid to its owner.

use crate::{impl_emission::share, *};
use alloc::vec::Vec;
use depin_primitives::{
	work::{DeviceRegistry, WorkTotals},
	DeviceKey, DeviceStatus, EpochClock, EpochIndex,
};
use frame_support::{
	dispatch::DispatchResultWithPostInfo,
	ensure,
	traits::{fungible::Mutate, tokens::Preservation, Get},
	BoundedVec,
};
use sp_runtime::{traits::Zero, DispatchError, Saturating};

/// An owner and an amount paid to it.
type Payment<T> = (<T as frame_system::Config>::AccountId, BalanceOf<T>);

/// What one claim did.
#[derive(frame_support::DefaultNoBound)]
pub(crate) struct ClaimOutcome<T: Config> {
	/// Tokens paid.
	total: BalanceOf<T>,
	/// Devices looked at.
	devices: u32,
	/// Epochs of work looked at.
	records: u32,
	/// The last device with nothing claimable left.
	finished: Option<DeviceKey>,
	/// Whether every device given has nothing claimable left.
	complete: bool,
}

impl<T: Config> Pallet<T> {
	/// What `device` can claim now, by closed epoch: `floor(pool × units / total units)` summed
	/// over its categories.
	pub fn claimable(device: &DeviceKey) -> Vec<(EpochIndex, BalanceOf<T>)> {
		Self::claimable_work(device).into_iter().map(|e| (e.epoch, e.amount)).collect()
	}

	/// [`Self::claimable`] with the units each epoch's amount pays for.
	pub fn claimable_work(device: &DeviceKey) -> Vec<EpochAmount<BalanceOf<T>>> {
		let current = T::EpochClock::current_epoch();
		Self::live_epochs(device, current)
			.into_iter()
			.filter(|epoch| *epoch < current)
			.filter_map(|epoch| {
				let mut pools = Pools::<T>::get(epoch)?;
				let units = DeviceWork::<T>::get(epoch, device)?;
				Some(EpochAmount { epoch, units, amount: Self::take_shares(&mut pools, &units) })
			})
			.collect()
	}

	/// `work`'s share of `pools`, recorded as paid from them.
	pub(crate) fn take_shares(
		pools: &mut EpochPools<BalanceOf<T>>,
		work: &WorkTotals,
	) -> BalanceOf<T> {
		let mut amount = BalanceOf::<T>::zero();
		for (category, units) in work.by_category() {
			if units == 0 {
				continue;
			}
			let pool = pools.of_mut(category);
			let part = share(pool.amount, u128::from(units), u128::from(pool.units));
			pool.paid.saturating_accrue(part);
			amount.saturating_accrue(part);
		}
		amount
	}

	/// Pays `device`'s claimable rewards, oldest epoch first and at most `budget` epochs, to its
	/// current owner, and forgets the work it paid for. Returns the owner and amount paid, and
	/// whether the device has nothing claimable left. A suspended device is skipped: its
	/// rewards are frozen until the suspension is lifted or they expire to the treasury.
	pub(crate) fn claim_device(
		device: &DeviceKey,
		current: EpochIndex,
		budget: &mut u32,
	) -> Result<(Option<Payment<T>>, bool), DispatchError> {
		let Some(view) =
			T::Devices::device(device).filter(|view| view.status == DeviceStatus::Active)
		else {
			return Ok((None, true));
		};
		let mut amount = BalanceOf::<T>::zero();
		let mut kept = Vec::new();
		for epoch in Self::live_epochs(device, current) {
			if epoch >= current || *budget == 0 {
				kept.push(epoch);
				continue;
			}
			*budget -= 1;
			let (Some(mut pools), Some(work)) =
				(Pools::<T>::get(epoch), DeviceWork::<T>::take(epoch, device))
			else {
				continue;
			};
			amount.saturating_accrue(Self::take_shares(&mut pools, &work));
			Pools::<T>::insert(epoch, pools);
		}
		let finished = kept.iter().all(|epoch| *epoch >= current);
		DeviceEpochs::<T>::insert(device, BoundedVec::truncate_from(kept));
		if amount.is_zero() {
			return Ok((None, finished));
		}
		T::Currency::transfer(&Self::pot(), &view.owner, amount, Preservation::Preserve)?;
		TotalPaid::<T>::mutate(|total| total.saturating_accrue(amount));
		LifetimePaid::<T>::mutate(&view.owner, |total| total.saturating_accrue(amount));
		Ok((Some((view.owner, amount)), finished))
	}

	/// Claims for `devices` in order, within `MaxClaimRecords` epochs in all, and emits one
	/// event per owner paid.
	fn claim_devices(devices: &[DeviceKey]) -> Result<ClaimOutcome<T>, DispatchError> {
		let current = T::EpochClock::current_epoch();
		let mut budget = T::MaxClaimRecords::get();
		let mut paid: Vec<Payment<T>> = Vec::new();
		let mut outcome = ClaimOutcome::<T>::default();
		for device in devices {
			let before = budget;
			let (payment, finished) = Self::claim_device(device, current, &mut budget)?;
			outcome.devices += 1;
			outcome.records += before - budget;
			if let Some((owner, amount)) = payment {
				outcome.total.saturating_accrue(amount);
				match paid.iter_mut().find(|(who, _)| *who == owner) {
					Some((_, total)) => total.saturating_accrue(amount),
					None => paid.push((owner, amount)),
				}
			}
			if !finished {
				break;
			}
			outcome.finished = Some(*device);
		}
		outcome.complete =
			outcome.devices == devices.len() as u32 && outcome.finished.as_ref() == devices.last();
		for (owner, amount) in paid {
			Self::deposit_event(Event::RewardsClaimed { owner, amount });
		}
		Ok(outcome)
	}

	pub(crate) fn do_claim_rewards_for(devices: Vec<DeviceKey>) -> DispatchResultWithPostInfo {
		let outcome = Self::claim_devices(&devices)?;
		ensure!(!outcome.total.is_zero() || !outcome.complete, Error::<T>::NothingToClaim);
		Ok(Some(T::WeightInfo::claim_rewards(outcome.devices, outcome.records)).into())
	}

	pub(crate) fn do_claim_rewards(owner: T::AccountId) -> DispatchResultWithPostInfo {
		let limit = T::MaxClaimDevices::get();
		let cursor = ClaimCursor::<T>::get(&owner);
		// One device past the page tells whether another page follows.
		let mut devices = T::Devices::devices_of(&owner, cursor.as_ref(), limit.saturating_add(1));
		let next_page = devices.len() as u32 > limit;
		devices.truncate(limit as usize);
		let outcome = Self::claim_devices(&devices)?;
		// Resume after the last device paid in full: within this page if the epoch budget ran
		// out, on the next page otherwise.
		let more = !outcome.complete || next_page;
		match outcome.finished.or(cursor) {
			Some(last) if more => ClaimCursor::<T>::insert(&owner, last),
			_ => ClaimCursor::<T>::remove(&owner),
		}
		// Only a single page that pays nothing is an error: an empty page among several still
		// moves the cursor, which an error would roll back.
		ensure!(!outcome.total.is_zero() || more || cursor.is_some(), Error::<T>::NothingToClaim);
		Ok(Some(T::WeightInfo::claim_rewards(outcome.devices, outcome.records)).into())
	}

	/// Checks that every minted token is paid, unclaimed or the treasury's, and that the pot
	/// holds what is unclaimed. Reads every live pool: for `try_state` and tests.
	pub fn check_accounting() -> Result<(), DispatchError> {
		use frame_support::traits::fungible::Inspect;
		let unclaimed = Self::unclaimed();
		ensure!(
			TotalMinted::<T>::get()
				== TotalPaid::<T>::get()
					.saturating_add(unclaimed)
					.saturating_add(TotalToTreasury::<T>::get()),
			DispatchError::Other("minted != paid + unclaimed + treasury")
		);
		ensure!(
			T::Currency::balance(&Self::pot())
				>= unclaimed.saturating_add(T::Currency::minimum_balance()),
			DispatchError::Other("the pot holds less than what is unclaimed")
		);
		ensure!(Split::<T>::get().total() == BPS, DispatchError::Other("the split is not whole"));
		Ok(())
	}
}
