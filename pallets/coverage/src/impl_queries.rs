//! Read-only queries behind the runtime API.

use crate::*;
use depin_primitives::DeviceKey;
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	/// The current epoch, its bounds, the rules in force and what it verified so far.
	pub fn epoch_info() -> EpochInfo<BlockNumberFor<T>> {
		EpochInfo {
			epoch: CurrentEpoch::<T>::get(),
			start: EpochStart::<T>::get(),
			length: EpochLength::<T>::get(),
			end: Self::epoch_end(),
			params: Params::<T>::get(),
			activity: CurrentEpochActivity::<T>::get(),
		}
	}

	/// When `device` last beaconed and proved its uptime, when it may beacon again, and its open
	/// beacon's reports.
	pub fn device_coverage(device: &DeviceKey) -> DeviceCoverage {
		let last_beacon = LastBeacon::<T>::get(device);
		DeviceCoverage {
			last_beacon,
			next_beacon: last_beacon
				.map_or(0, |block| block.saturating_add(Params::<T>::get().beacon_interval)),
			last_heartbeat: LastHeartbeat::<T>::get(device),
			open_beacon_reports: OpenBeacons::<T>::get(device).map(|open| open.reports),
		}
	}
}
