//! Asserted locations: an H3 cell with antenna gain and elevation, charged a fee and limited
//! per epoch.

use crate::*;
use depin_primitives::{
	geo::{self, CellError, H3Cell},
	DeviceKey, EpochClock,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::Balanced,
		tokens::{Fortitude, Precision, Preservation},
		OnUnbalanced,
	},
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_assert_location(
		owner: T::AccountId,
		device: DeviceKey,
		cell: H3Cell,
		gain_dbi_x10: u16,
		elevation_m: i32,
	) -> DispatchResult {
		let before = Self::managed_device(&owner, &device)?;
		geo::validate_location(cell).map_err(|error| match error {
			CellError::InvalidCell => Error::<T>::InvalidCell,
			CellError::WrongResolution => Error::<T>::WrongResolution,
		})?;
		ensure!(
			(T::MinAntennaGain::get()..=T::MaxAntennaGain::get()).contains(&gain_dbi_x10),
			Error::<T>::GainOutOfRange
		);
		ensure!(
			(T::MinElevation::get()..=T::MaxElevation::get()).contains(&elevation_m),
			Error::<T>::ElevationOutOfRange
		);
		let params = Params::<T>::get();
		let epoch = T::EpochClock::current_epoch();
		let changes =
			if before.location_changes.epoch == epoch { before.location_changes.count } else { 0 };
		ensure!(
			changes < params.max_location_changes_per_epoch,
			Error::<T>::TooManyLocationChanges
		);

		let fee = params.location_fee;
		let credit = T::Currency::withdraw(
			&owner,
			fee,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::InsufficientBalanceForFee)?;
		T::Treasury::on_unbalanced(credit);

		let mut after = before.clone();
		after.location = Some(Location {
			cell,
			gain_dbi_x10,
			elevation_m,
			asserted_at: frame_system::Pallet::<T>::block_number(),
		});
		after.location_changes = LocationChanges { epoch, count: changes + 1 };
		Self::update_counts(Some(&before), Some(&after));
		Devices::<T>::insert(device, after);
		Self::deposit_event(Event::LocationAsserted {
			device,
			cell,
			gain_dbi_x10,
			elevation_m,
			fee,
		});
		Ok(())
	}
}
