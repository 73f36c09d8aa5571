//! HIP 15 reward units and HIP 17 density scaling.

use crate::{
	impl_units::{hip15_units, scaled, PPM},
	mock::*,
};
use depin_primitives::{
	geo::{self, LOCATION_RESOLUTION},
	signing::DeviceSigner,
	work::REWARD_UNIT,
	DeviceKind,
};

#[test]
fn hip15_reward_units_for_every_witness_count() {
	// (w, beaconer, each witness) from HIP 15 with N = 4, r = 0.8, in millionths (rounded down),
	// computed independently with exact fractions (Python `fractions`).
	let table: [(u32, u64, u64); 15] = [
		(0, 0, 0),
		(1, 250_000, 1_000_000),
		(2, 500_000, 1_000_000),
		(3, 750_000, 1_000_000),
		(4, 1_000_000, 1_000_000),
		(5, 1_200_000, 760_000),
		(6, 1_360_000, 606_666),
		(7, 1_488_000, 501_714),
		(8, 1_590_400, 426_200),
		(9, 1_672_320, 369_742),
		(10, 1_737_856, 326_214),
		(11, 1_790_284, 291_792),
		(12, 1_832_227, 263_981),
		(13, 1_865_782, 241_093),
		(14, 1_892_625, 221_955),
	];
	for (w, beaconer, witness) in table {
		assert_eq!(hip15_units(w), (beaconer, witness), "w = {w}");
		// Against the formula in floating point.
		let r = 0.8f64;
		let (b, x) = if w == 0 {
			(0.0, 0.0)
		} else if w <= 4 {
			(w as f64 / 4.0, 1.0)
		} else {
			(
				(2.0 - r.powi(w as i32 - 4)).min(2.0),
				((4.0 - (1.0 - r.powi(w as i32 - 4))) / w as f64).min(2.0),
			)
		};
		assert!((beaconer as f64 / REWARD_UNIT as f64 - b).abs() < 1e-6, "beaconer, w = {w}");
		assert!((witness as f64 / REWARD_UNIT as f64 - x).abs() < 1e-6, "witness, w = {w}");
		// From four witnesses on, a beacon is worth five units in all (up to rounding).
		if w >= 4 {
			let total = beaconer + witness * u64::from(w);
			assert!((5 * REWARD_UNIT - 15..=5 * REWARD_UNIT).contains(&total), "w = {w}: {total}");
		}
	}
}

#[test]
fn scaling_rounds_down() {
	assert_eq!(scaled(REWARD_UNIT, PPM), REWARD_UNIT);
	assert_eq!(scaled(REWARD_UNIT, PPM / 3), 333_333);
	assert_eq!(scaled(7, 0), 0);
}

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
