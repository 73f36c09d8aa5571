//! HIP 17 density scaling of reward units, read from pallet-devices' cell counts.

use crate::*;
use depin_primitives::{
	density::DENSITY_RULES,
	geo::{self, H3Cell},
	poc::rules::PPM,
	work::DeviceRegistry,
	DeviceKind,
};

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
