//! HIP 17 density scaling (the unit arithmetic is tested in `depin_primitives::poc::rules`).

use crate::mock::*;
use depin_primitives::{
	geo::{self, LOCATION_RESOLUTION},
	poc::rules::{hip15_units, scaled, PPM},
	signing::DeviceSigner,
	DeviceKind,
};

/// `n` hotspots registered at `cell`.
fn farm(first_seed: u8, n: u8, cell: u64) {
	for seed in first_seed..first_seed + n {
		register_at(&DeviceSigner::ed25519_from_seed(&[seed; 32]), DeviceKind::LoraHotspot, cell);
	}
}

#[test]
fn a_farm_in_one_cell_earns_what_one_device_earns() {
	new_test_ext().execute_with(|| {
		let here = geo::cell_at(48.8530, 2.3499, LOCATION_RESOLUTION).unwrap();
		farm(1, 1, here);
		assert_eq!(Coverage::density_scale_ppm(DeviceKind::LoraHotspot, here), PPM);
		farm(2, 4, here);
		// Five hotspots in one resolution-10 cell share one hotspot's rewards.
		let scale = Coverage::density_scale_ppm(DeviceKind::LoraHotspot, here);
		assert_eq!(scale, PPM / 5);
		let (beacon, _) = hip15_units(4);
		assert!(5 * scaled(beacon, scale) <= beacon);
		// Other kinds are counted apart.
		assert_eq!(Coverage::density_scale_ppm(DeviceKind::WifiHotspot, here), PPM);
	});
}

#[test]
fn spread_out_hotspots_are_not_scaled_and_a_crowded_parent_is() {
	new_test_ext().execute_with(|| {
		// 1.1 km apart: different resolution-8 cells (edges of about 0.5 km).
		let cells: Vec<u64> = (0..3)
			.map(|i| geo::cell_at(48.80 + 0.01 * i as f64, 2.35, LOCATION_RESOLUTION).unwrap())
			.collect();
		for (i, cell) in cells.iter().enumerate() {
			farm(10 + i as u8, 1, *cell);
		}
		for cell in &cells {
			let distinct_res8 = cells
				.iter()
				.filter(|other| geo::parent(**other, 8) == geo::parent(*cell, 8))
				.count();
			let res7_count = cells
				.iter()
				.filter(|other| geo::parent(**other, 7) == geo::parent(*cell, 7))
				.count() as u64;
			assert_eq!(distinct_res8, 1);
			// At most 5 per resolution-7 cell before its limit binds: not scaled.
			assert!(res7_count <= 5);
			assert_eq!(Coverage::density_scale_ppm(DeviceKind::LoraHotspot, *cell), PPM);
		}
		// Two more in the first hotspot's resolution-10 cell: that cell is shared three ways.
		farm(20, 2, cells[0]);
		assert_eq!(Coverage::density_scale_ppm(DeviceKind::LoraHotspot, cells[0]), PPM / 3);
		assert_eq!(Coverage::density_scale_ppm(DeviceKind::LoraHotspot, cells[1]), PPM);
	});
}
