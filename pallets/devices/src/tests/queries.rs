//! The queries behind the runtime API.

use super::*;
use depin_primitives::query::{QueryError, MAX_PAGE};

const OWNER: u64 = 1;

#[test]
fn report_devices_pages_cells_and_tallies() {
	new_test_ext().execute_with(|| {
		let signers = [ed25519_device(1), p256_device(2), ed25519_device(3)];
		let keys: Vec<DeviceKey> =
			signers.iter().map(|s| register(OWNER, s, DeviceKind::LoraHotspot)).collect();
		locate(OWNER, keys[0], paris());
		locate(OWNER, keys[1], eiffel());
		assert_ok!(set_status(keys[2], DeviceStatus::Suspended));

		let details = Registry::device_details(&keys[1]).unwrap();
		assert_eq!((details.info.owner, details.info.registrations), (OWNER, 1));
		assert_eq!(details.info.location.unwrap().cell, eiffel());
		assert_eq!(Registry::device_details(&ed25519_device(9).public()), None);

		let first = Registry::devices_page(&OWNER, None, 2).unwrap();
		assert_eq!((first.devices.len(), first.total), (2, 3));
		let second = Registry::devices_page(&OWNER, first.next, 2).unwrap();
		assert_eq!((second.devices.len(), second.next), (1, None));
		let mut seen: Vec<DeviceKey> =
			first.devices.iter().chain(&second.devices).map(|d| d.device).collect();
		seen.sort();
		let mut all = keys.clone();
		all.sort();
		assert_eq!(seen, all);
		assert!(Registry::devices_page(&NOBODY, None, 10).unwrap().devices.is_empty());
		for limit in [0, MAX_PAGE + 1] {
			assert_eq!(
				Registry::devices_page(&OWNER, None, limit),
				Err(QueryError::PageLimitOutOfRange { limit, max: MAX_PAGE })
			);
		}

		// Both located devices are within 5 km of each other: one resolution-5 cell.
		let city = geo::parent(paris(), 5).unwrap();
		assert_eq!(
			Registry::cell_devices(city),
			Ok(CellDevices {
				cell: city,
				resolution: 5,
				active: vec![KindCount { kind: DeviceKind::LoraHotspot, count: 2 }],
			})
		);
		assert_eq!(
			Registry::cell_devices(paris()),
			Err(QueryError::NotADensityResolution { resolution: 12, coarsest: 4, finest: 10 })
		);
		assert_eq!(Registry::cell_devices(0x1234), Err(QueryError::InvalidCell));

		let stats = Registry::device_stats();
		assert_eq!((stats.total, stats.active), (3, 2));
		assert_eq!(
			stats.by_kind[0],
			KindStats { kind: DeviceKind::LoraHotspot, active: 2, suspended: 1, denied: 0 }
		);
		assert_eq!(stats.by_kind.len(), DeviceKind::ALL.len());
	});
}
