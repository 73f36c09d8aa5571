//! Reward units: HIP 15 units per beacon and HIP 17 density scaling, in integers.

use crate::*;
use depin_primitives::{
	geo::{self, H3Cell},
	work::{DeviceRegistry, RewardUnits, UNIT},
	DeviceKind,
};

/// Parts per million: the unit of a density scale.
pub const PPM: u64 = 1_000_000;

/// HIP 15 with N = 4 and r = 0.8 = 4/5: units of the beaconer and of each selected witness
/// when `w` valid witnesses are selected, in millionths, rounded down.
///
/// - beaconer: 0 for w = 0, w/4 for w ≤ 4, else 2 − r^(w−4);
/// - each witness: 1 for w ≤ 4, else (3 + r^(w−4)) / w;
///
/// so that for w ≥ 4 the beaconer and its witnesses earn 5 units together.
pub fn hip15_units(w: u32) -> (RewardUnits, RewardUnits) {
	if w == 0 {
		return (0, 0);
	}
	if w <= 4 {
		return (UNIT * u64::from(w) / 4, UNIT);
	}
	// r^k = 4^k / 5^k exactly; k ≤ MAX_WITNESSES_PER_RECEIPT keeps 5^k within u128.
	let k = w - 4;
	let five = 5u128.pow(k);
	let four = 4u128.pow(k);
	let unit = u128::from(UNIT);
	let beaconer = (2 * five - four) * unit / five;
	let witness = (3 * five + four) * unit / (u128::from(w) * five);
	(beaconer as RewardUnits, witness as RewardUnits)
}

/// HIP 17 density parameters of one resolution (HIP 104 values).
struct DensityLevel {
	resolution: u8,
	/// Occupied neighbours allowed before the limit grows.
	neighbours: u32,
	/// Devices a cell may hold at full reward.
	target: u32,
	/// The most a cell may count, however many neighbours are occupied.
	max: u32,
}

/// The most distinct cells [`Pallet::density_scale_ppm`] reads: the 7 parents, plus the 6
/// neighbours at each of the 4 levels whose target and maximum differ. `submit_receipt` is
/// benchmarked reading all of them and refunds the reads it did not make.
pub const MAX_DENSITY_CELL_READS: u32 = 7 + 4 * 6;

/// HIP 17 levels, finest first.
const DENSITY_LEVELS: [DensityLevel; 7] = [
	DensityLevel { resolution: 10, neighbours: 2, target: 1, max: 1 },
	DensityLevel { resolution: 9, neighbours: 2, target: 1, max: 1 },
	DensityLevel { resolution: 8, neighbours: 2, target: 1, max: 1 },
	DensityLevel { resolution: 7, neighbours: 4, target: 5, max: 10 },
	DensityLevel { resolution: 6, neighbours: 4, target: 25, max: 50 },
	DensityLevel { resolution: 5, neighbours: 4, target: 100, max: 200 },
	DensityLevel { resolution: 4, neighbours: 2, target: 500, max: 1_000 },
];

impl<T: Config> Pallet<T> {
	/// The density scale of a device of `kind` located in `cell`, in parts per million.
	///
	/// At each resolution from 10 down to 4 the device's parent cell holds `count` active
	/// located devices of the same kind (pallet-devices keeps these counts). A cell is allowed
	/// `limit = min(max, target · (max(occupied − N, 0) + 1))`, where `occupied` counts the
	/// cells of its 1-ring (itself included) holding at least `target` devices; the scale is
	/// the smallest `limit / count` over the levels, capped at 1. A farm of n devices in one
	/// resolution-10 cell is thus scaled by 1/n and earns what one device would.
	///
	/// Reads the parent line (7 cells), plus a cell's 1-ring only where its count exceeds its
	/// target, since below the target the limit cannot bind.
	pub fn density_scale_ppm(kind: DeviceKind, cell: H3Cell) -> u64 {
		Self::density_scale(kind, cell).0
	}

	/// [`Self::density_scale_ppm`] with the number of distinct cells it read.
	pub(crate) fn density_scale(kind: DeviceKind, cell: H3Cell) -> (u64, u32) {
		let mut scale = PPM;
		let mut cells_read = 0;
		for level in &DENSITY_LEVELS {
			let Some(parent) = geo::parent(cell, level.resolution) else { return (0, cells_read) };
			let count = T::Devices::devices_in_cell(kind, parent);
			cells_read += 1;
			if count <= level.target {
				continue;
			}
			let limit = if level.target == level.max {
				level.max
			} else {
				let ring = geo::neighbourhood(parent).unwrap_or_default();
				// The parent itself is in its ring, and already read.
				cells_read += ring.len().saturating_sub(1) as u32;
				let occupied = ring
					.into_iter()
					.filter(|cell| T::Devices::devices_in_cell(kind, *cell) >= level.target)
					.count() as u32;
				let growth = occupied.saturating_sub(level.neighbours).saturating_add(1);
				level.max.min(level.target.saturating_mul(growth))
			};
			scale = scale.min(PPM * u64::from(limit) / u64::from(count));
		}
		(scale, cells_read)
	}
}

/// `units` scaled by `scale_ppm`, rounded down.
pub fn scaled(units: RewardUnits, scale_ppm: u64) -> RewardUnits {
	(u128::from(units) * u128::from(scale_ppm) / u128::from(PPM)) as RewardUnits
}
