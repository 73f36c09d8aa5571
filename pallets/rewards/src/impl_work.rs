//! Work records: the units each device earned in each epoch, credited by proof-of-coverage as it
//! verifies proofs, and the epochs in which a device has unclaimed units.

use crate::*;
use alloc::vec::Vec;
use depin_primitives::{
	work::{CreditRecord, ProvenWork, RewardUnits, WorkCategory, WorkTotals},
	DeviceKey, EpochIndex,
};
use frame_support::{pallet_prelude::Weight, traits::Get, BoundedVec};

impl<T: Config> Pallet<T> {
	/// The epochs in `device`'s list whose pools have not expired by `current`.
	pub(crate) fn live_epochs(device: &DeviceKey, current: EpochIndex) -> Vec<EpochIndex> {
		let oldest_live = current.saturating_sub(T::ClaimWindow::get());
		DeviceEpochs::<T>::get(device).into_iter().filter(|epoch| *epoch >= oldest_live).collect()
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
			return CreditRecord::Nothing;
		}
		DeviceWork::<T>::mutate(epoch, device, |work| {
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
			work.get_or_insert_with(WorkTotals::default).add(category, units);
			record
		})
	}

	fn epoch_closed(epoch: EpochIndex, totals: WorkTotals) -> Weight {
		Self::close_epoch(epoch, totals)
	}
}
