//! Read-only queries behind the runtime API.

use crate::*;
use alloc::vec::Vec;
use depin_primitives::{
	geo::{self, H3Cell},
	maker::Certifier,
	query::{page_limit, QueryError},
	work::DeviceRegistry,
	DeviceKey, DeviceKind, DeviceStatus,
};

impl<T: Config> Pallet<T> {
	/// A registered device and its record.
	pub fn device_details(device: &DeviceKey) -> Option<DeviceDetailsOf<T>> {
		Devices::<T>::get(device).map(|info| DeviceDetails {
			device: *device,
			revocation: T::Certifier::revocation(info.kind, info.certification.as_ref()),
			challenge: Challenges::<T>::get(device),
			info,
		})
	}

	/// How many times `device` has been registered: the nonce of its next proof of
	/// possession (once deregistered, if it is registered now).
	pub fn registration_nonce(device: &DeviceKey) -> u32 {
		Devices::<T>::get(device)
			.map_or_else(|| Departures::<T>::get(device).registrations, |info| info.registrations)
	}

	/// Up to `limit` (1 to [`depin_primitives::query::MAX_PAGE`]) of `owner`'s devices after
	/// `after`.
	pub fn devices_page(
		owner: &T::AccountId,
		after: Option<DeviceKey>,
		limit: u32,
	) -> Result<DevicePageOf<T>, QueryError> {
		let limit = page_limit(limit)?;
		let mut keys = Self::devices_of(owner, after.as_ref(), limit.saturating_add(1));
		let next = if keys.len() as u32 > limit {
			keys.truncate(limit as usize);
			keys.last().copied()
		} else {
			None
		};
		Ok(DevicePage {
			devices: keys.iter().filter_map(Self::device_details).collect(),
			total: OwnerDeviceCount::<T>::get(owner),
			next,
		})
	}

	/// Active located devices by kind in `cell`, a cell of a density resolution.
	pub fn cell_devices(cell: H3Cell) -> Result<CellDevices, QueryError> {
		let resolution = geo::resolution_of(cell).ok_or(QueryError::InvalidCell)?;
		if !geo::DENSITY_RESOLUTIONS.contains(&resolution) {
			return Err(QueryError::NotADensityResolution {
				resolution,
				coarsest: *geo::DENSITY_RESOLUTIONS.start(),
				finest: *geo::DENSITY_RESOLUTIONS.end(),
			});
		}
		let active = DeviceKind::ALL
			.into_iter()
			.map(|kind| KindCount { kind, count: Self::density_of(kind, cell).devices })
			.filter(|count| count.count > 0)
			.collect();
		Ok(CellDevices { cell, resolution, active })
	}

	/// Registered devices by kind and status.
	pub fn device_stats() -> DeviceStats {
		let by_kind: Vec<KindStats> = DeviceKind::ALL
			.into_iter()
			.map(|kind| KindStats {
				kind,
				active: DeviceTally::<T>::get(kind, DeviceStatus::Active),
				suspended: DeviceTally::<T>::get(kind, DeviceStatus::Suspended),
				denied: DeviceTally::<T>::get(kind, DeviceStatus::Denied),
			})
			.collect();
		let (total, active) = by_kind.iter().fold((0u32, 0u32), |(total, active), k| {
			(
				total.saturating_add(k.active).saturating_add(k.suspended).saturating_add(k.denied),
				active.saturating_add(k.active),
			)
		});
		DeviceStats { by_kind, total, active }
	}
}
