//! The region plan: the region map and band plans `AdminOrigin` keeps, and the region lookups
//! of receipts, each map key read at most once per receipt.

use crate::*;
use alloc::collections::BTreeMap;
use depin_primitives::{
	geo::H3Cell,
	poc::regions::{is_region_cell, region_of, BandPlan, Region, REGION_LOOKUP_DEPTH},
	DeviceKind,
};
use frame_support::{pallet_prelude::*, traits::Get};

/// Region lookups over one receipt: every map key read is kept, so that witnesses near each
/// other (and near the beaconer) cost one read per key.
pub(crate) struct RegionLookups<T> {
	read: BTreeMap<H3Cell, Option<Region>>,
	_runtime: PhantomData<T>,
}

impl<T: Config> RegionLookups<T> {
	pub(crate) fn new() -> Self {
		Self { read: BTreeMap::new(), _runtime: PhantomData }
	}

	/// The region of `location`: the region of its finest mapped parent.
	pub(crate) fn region_of(&mut self, location: H3Cell) -> Option<Region> {
		let read = &mut self.read;
		region_of(location, |cell| *read.entry(cell).or_insert_with(|| CellRegions::<T>::get(cell)))
			.0
	}

	/// How many map keys were read.
	pub(crate) fn reads(&self) -> u64 {
		self.read.len() as u64
	}
}

impl<T: Config> Pallet<T> {
	/// The weight of the region lookups of `places` places, on top of the benchmarked weights:
	/// each reads up to [`REGION_LOOKUP_DEPTH`] map keys.
	pub(crate) fn region_lookups_weight(places: u32) -> Weight {
		T::DbWeight::get().reads(u64::from(places) * REGION_LOOKUP_DEPTH as u64)
	}

	pub(crate) fn ensure_region_cell(cell: H3Cell) -> DispatchResult {
		ensure!(is_region_cell(cell), Error::<T>::NotARegionCell);
		Ok(())
	}

	pub(crate) fn ensure_valid_band_plan(kind: DeviceKind, plan: &BandPlan) -> DispatchResult {
		ensure!(kind.is_radio(), Error::<T>::NotARadioKind);
		ensure!(plan.is_well_formed(), Error::<T>::MalformedBandPlan);
		Ok(())
	}

	pub(crate) fn do_set_cell_regions(changes: CellRegionChanges) -> DispatchResult {
		for (cell, _) in &changes {
			Self::ensure_region_cell(*cell)?;
		}
		for (cell, region) in &changes {
			CellRegions::<T>::set(cell, *region);
		}
		Self::deposit_event(Event::CellRegionsChanged { changes });
		Ok(())
	}

	pub(crate) fn do_set_band_plan(
		region: Region,
		kind: DeviceKind,
		plan: Option<BandPlan>,
	) -> DispatchResult {
		ensure!(kind.is_radio(), Error::<T>::NotARadioKind);
		if let Some(plan) = &plan {
			Self::ensure_valid_band_plan(kind, plan)?;
		}
		BandPlans::<T>::set(region, kind, plan.clone());
		Self::deposit_event(Event::BandPlanChanged { region, kind, plan });
		Ok(())
	}
}
