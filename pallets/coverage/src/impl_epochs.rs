//! The epoch clock.

use crate::*;
use depin_primitives::{
	work::{EpochWork, ProvenWork, WorkTotals},
	EpochClock, EpochIndex,
};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::Saturating;

impl<T: Config> Pallet<T> {
	/// Closes the current epoch if it has lasted `EpochLength` blocks by `now`.
	pub(crate) fn advance_epoch(now: BlockNumberFor<T>) -> Weight {
		let start = EpochStart::<T>::get();
		if now.saturating_sub(start) < EpochLength::<T>::get() {
			return T::WeightInfo::on_initialize_within_epoch();
		}
		let epoch = CurrentEpoch::<T>::get();
		let EpochActivity { units: totals, proofs } = CurrentEpochActivity::<T>::take();
		CurrentEpoch::<T>::put(epoch.saturating_add(1));
		EpochStart::<T>::put(now);
		Self::deposit_event(Event::EpochClosed { epoch, totals, proofs });
		T::WeightInfo::on_initialize_closing_epoch()
			.saturating_add(T::Work::epoch_closed(epoch, totals))
	}

	pub(crate) fn do_set_epoch_length(length: BlockNumberFor<T>) -> DispatchResult {
		ensure!(length >= T::MinEpochLength::get(), Error::<T>::EpochLengthTooShort);
		EpochLength::<T>::put(length);
		Self::deposit_event(Event::EpochLengthChanged { length });
		Ok(())
	}

	/// The block at which the current epoch ends (the first block of the next one).
	pub fn epoch_end() -> BlockNumberFor<T> {
		EpochStart::<T>::get().saturating_add(EpochLength::<T>::get())
	}
}

impl<T: Config> EpochClock for Pallet<T> {
	fn current_epoch() -> EpochIndex {
		CurrentEpoch::<T>::get()
	}
}

impl<T: Config> EpochWork for Pallet<T> {
	fn units_so_far() -> WorkTotals {
		CurrentEpochActivity::<T>::get().units
	}
}
