//! HIP 17 density rules, shared by the registry that keeps the counts (pallet-devices) and the
//! proof-of-coverage rule that reads them (pallet-coverage).

use crate::geo::{self, H3Cell};
use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// HIP 17 density parameters of one resolution (HIP 104 values).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DensityRule {
	/// The H3 resolution of the cells the rule applies to.
	pub resolution: u8,
	/// Dense neighbours allowed before the limit grows.
	pub neighbours: u32,
	/// Devices a cell may hold at full reward; a cell holding at least this many is dense.
	pub target: u32,
	/// The most a cell may count, however many neighbours are dense.
	pub max: u32,
}

impl DensityRule {
	/// Whether a cell's limit grows with its dense neighbours; otherwise it is `max`.
	pub const fn counts_dense_neighbours(&self) -> bool {
		self.target != self.max
	}
}

/// HIP 17 rules, finest resolution first.
pub const DENSITY_RULES: [DensityRule; 7] = [
	DensityRule { resolution: 10, neighbours: 2, target: 1, max: 1 },
	DensityRule { resolution: 9, neighbours: 2, target: 1, max: 1 },
	DensityRule { resolution: 8, neighbours: 2, target: 1, max: 1 },
	DensityRule { resolution: 7, neighbours: 4, target: 5, max: 10 },
	DensityRule { resolution: 6, neighbours: 4, target: 25, max: 50 },
	DensityRule { resolution: 5, neighbours: 4, target: 100, max: 200 },
	DensityRule { resolution: 4, neighbours: 2, target: 500, max: 1_000 },
];

/// The target that makes a cell of `resolution` dense, where the rule at that resolution
/// counts dense neighbours.
pub fn dense_target(resolution: u8) -> Option<u32> {
	DENSITY_RULES
		.iter()
		.find(|rule| rule.resolution == resolution && rule.counts_dense_neighbours())
		.map(|rule| rule.target)
}

/// What the registry keeps for one kind of device in one H3 cell at a density resolution.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct CellDensity {
	/// Active devices with a location in the cell.
	pub devices: u32,
	/// Cells of the cell's 1-ring, itself included, that are dense (see [`dense_target`]);
	/// kept at the resolutions whose rule counts dense neighbours, so that proof-of-coverage
	/// reads one entry per resolution instead of the whole ring.
	pub dense_ring: u8,
}

/// Whether `cell` is dense with `devices` devices.
pub fn is_dense(cell: H3Cell, devices: u32) -> bool {
	geo::resolution_of(cell).and_then(dense_target).is_some_and(|target| devices >= target)
}
