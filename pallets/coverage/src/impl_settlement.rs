//! Settlement with the registry: a departing device's limits leave with it, and the registry
//! keeps the key out until none of them would still bind it.

use crate::*;
use depin_primitives::{work::DeviceSettlement, DeviceKey};
use frame_support::{pallet_prelude::*, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Zero, DispatchError};

impl<T: Config> Pallet<T> {
	/// Checks that every device this pallet keeps a limit of is registered: a departed device
	/// leaves none. Reads every entry: for `try_state` and tests.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use depin_primitives::work::DeviceRegistry;
		let keys = LastBeacon::<T>::iter_keys().chain(LastHeartbeat::<T>::iter_keys());
		for device in keys {
			frame_support::ensure!(
				T::Devices::device(&device).is_some(),
				"an unregistered device has a last beacon or heartbeat"
			);
		}
		Ok(())
	}
}

impl<T: Config> DeviceSettlement<BlockNumberFor<T>> for Pallet<T> {
	/// Removes the device's last beacon and last heartbeat. The key may come back once its
	/// next beacon would have been allowed and, if it sent a heartbeat in the current epoch,
	/// once that epoch has ended: re-registering cannot buy a second beacon or heartbeat.
	fn settle_departure(device: &DeviceKey) -> Result<(Weight, BlockNumberFor<T>), DispatchError> {
		let mut returns_at = BlockNumberFor::<T>::zero();
		if let Some(last) = LastBeacon::<T>::take(device) {
			let next = last.saturating_add(Params::<T>::get().beacon_interval);
			returns_at = returns_at.max(next.into());
		}
		if LastHeartbeat::<T>::take(device) == Some(CurrentEpoch::<T>::get()) {
			returns_at = returns_at.max(Self::epoch_end());
		}
		Ok((Self::settle_departure_weight(), returns_at))
	}

	fn settle_departure_weight() -> Weight {
		T::DbWeight::get().reads_writes(5, 2)
	}

	fn forfeit(_: &DeviceKey) -> Weight {
		Weight::zero()
	}

	fn forfeit_weight() -> Weight {
		Weight::zero()
	}
}
