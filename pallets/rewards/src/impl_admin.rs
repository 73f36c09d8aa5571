//! What `AdminOrigin` changes: the supply schedule and the split.

use crate::*;
use frame_support::{dispatch::DispatchResult, ensure};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_emission_schedule(
		schedule: EmissionSchedule<BalanceOf<T>>,
	) -> DispatchResult {
		Self::ensure_valid_schedule(&schedule)?;
		Schedule::<T>::put(schedule);
		Self::deposit_event(Event::ScheduleChanged { schedule });
		Ok(())
	}

	pub(crate) fn do_set_pool_split(split: PoolSplit) -> DispatchResult {
		Self::ensure_valid_split(&split)?;
		Split::<T>::put(split);
		Self::deposit_event(Event::SplitChanged { split });
		Ok(())
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
}
