//! Reward units: HIP 15 units per beacon and HIP 17 density scaling, in integers.

use crate::*;
use depin_primitives::{
	density::DENSITY_RULES,
	geo::{self, H3Cell},
	work::{DeviceRegistry, RewardUnits, REWARD_UNIT},
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
		return (REWARD_UNIT * u64::from(w) / 4, REWARD_UNIT);
	}
	// r^k = 4^k / 5^k exactly; k ≤ MAX_WITNESSES_PER_RECEIPT keeps 5^k within u128.
	let k = w - 4;
	let five = 5u128.pow(k);
	let four = 4u128.pow(k);
	let unit = u128::from(REWARD_UNIT);
	let beaconer = (2 * five - four) * unit / five;
	let witness = (3 * five + four) * unit / (u128::from(w) * five);
	(beaconer as RewardUnits, witness as RewardUnits)
}

impl<T: Config> Pallet<T> {
	/// The density scale of a device of `kind` located in `cell`, in parts per million.
	///
	/// At each resolution from 10 down to 4 ([`DENSITY_RULES`]) the device's parent cell holds
	/// `count` active located devices of the same kind. A cell is allowed
	/// `limit = min(max, target · (max(dense − N, 0) + 1))`, where `dense` counts the cells of
	/// its 1-ring (itself included) holding at least `target` devices; the scale is the
	/// smallest `limit / count` over the levels, capped at 1. A farm of n devices in one
	/// resolution-10 cell is thus scaled by 1/n and earns what one device would.
	///
	/// Reads 5 entries: pallet-devices keeps resolutions 10 to 8 in one entry, and each coarser
	/// cell's dense ring with its count.
	pub fn density_scale_ppm(kind: DeviceKind, cell: H3Cell) -> u64 {
		let mut scale = PPM;
		for rule in &DENSITY_RULES {
			let Some(parent) = geo::parent(cell, rule.resolution) else { return 0 };
			let density = T::Devices::cell_density(kind, parent);
			if density.devices <= rule.target {
				continue;
			}
			let limit = if rule.counts_dense_neighbours() {
				let growth =
					u32::from(density.dense_ring).saturating_sub(rule.neighbours).saturating_add(1);
				rule.max.min(rule.target.saturating_mul(growth))
			} else {
				rule.max
			};
			scale = scale.min(PPM * u64::from(limit) / u64::from(density.devices));
		}
		scale
	}
}

/// `units` scaled by `scale_ppm`, rounded down.
pub fn scaled(units: RewardUnits, scale_ppm: u64) -> RewardUnits {
	(u128::from(units) * u128::from(scale_ppm) / u128::from(PPM)) as RewardUnits
}
