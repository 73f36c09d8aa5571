//! Emission: what each epoch mints under the supply schedule, and its split into pools.

use crate::*;
use depin_primitives::{work::WorkTotals, EpochIndex};
use frame_support::traits::fungible::Inspect;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{UniqueSaturatedFrom, UniqueSaturatedInto, Zero},
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
}
