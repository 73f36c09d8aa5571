//! H3 geometry on asserted device locations, built on `h3o` without its `std` feature.
//!
//! Locations are H3 cell indexes (`u64`) at [`LOCATION_RESOLUTION`]. Proof-of-coverage needs
//! parents at coarser resolutions (density scaling, minimum witness distance) and the distance
//! between cell centres (maximum witness distance, signal plausibility).
//!
//! Determinism in Wasm: `h3o` computes with `f64` through `libm`, a software implementation, so
//! every operation is either an exact IEEE-754 basic operation or a fixed sequence of them;
//! Wasm has no extended precision and no fused operations the compiler may choose. The only
//! non-deterministic part of Wasm floats is the bit pattern of a NaN; no result here exposes
//! one: distances leave as a saturating cast to whole metres (a NaN casts to 0 whatever its
//! bits), everything else is integer H3 index arithmetic. The node executes the runtime only as
//! Wasm, so every validator computes the same values.

use core::ops::RangeInclusive;
use h3o::{CellIndex, LatLng, Resolution};

/// An H3 cell index.
pub type H3Cell = u64;

/// The resolution of an asserted location (hexagons with edges of about 9.4 m).
pub const LOCATION_RESOLUTION: u8 = 12;

/// The resolutions at which devices are counted for density scaling (HIP 17's).
pub const DENSITY_RESOLUTIONS: RangeInclusive<u8> = 4..=10;

/// How many density resolutions there are.
pub const DENSITY_LEVELS: usize = 7;

/// Why a cell index is not a valid location.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CellError {
	/// Not a valid H3 cell index.
	InvalidCell,
	/// A valid cell, but not at [`LOCATION_RESOLUTION`].
	WrongResolution,
}

fn cell(index: H3Cell) -> Option<CellIndex> {
	CellIndex::try_from(index).ok()
}

fn resolution(resolution: u8) -> Option<Resolution> {
	Resolution::try_from(resolution).ok()
}

/// Checks that `index` is a valid H3 cell at [`LOCATION_RESOLUTION`].
pub fn validate_location(index: H3Cell) -> Result<(), CellError> {
	let cell = cell(index).ok_or(CellError::InvalidCell)?;
	if u8::from(cell.resolution()) != LOCATION_RESOLUTION {
		return Err(CellError::WrongResolution);
	}
	Ok(())
}

/// The resolution of a valid cell.
pub fn resolution_of(index: H3Cell) -> Option<u8> {
	cell(index).map(|cell| cell.resolution().into())
}

/// The parent of `index` at `res` (the cell itself at its own resolution); `None` for an
/// invalid cell or a resolution finer than the cell's.
pub fn parent(index: H3Cell, res: u8) -> Option<H3Cell> {
	cell(index)?.parent(resolution(res)?).map(u64::from)
}

/// The H3 digit of `index` at `res`: which child of its parent at `res - 1` it lies in (0 to
/// 6); `None` for an invalid cell or a resolution outside 1 to the cell's own.
pub fn digit(index: H3Cell, res: u8) -> Option<u8> {
	cell(index)?.direction_at(resolution(res)?).map(u8::from)
}

/// The parents of a location at every density resolution, from resolution 10 down to 4.
pub fn density_cells(index: H3Cell) -> Option<[H3Cell; DENSITY_LEVELS]> {
	let cell = cell(index)?;
	let mut parents = [0; DENSITY_LEVELS];
	for (slot, res) in parents.iter_mut().zip(DENSITY_RESOLUTIONS.rev()) {
		*slot = cell.parent(resolution(res)?)?.into();
	}
	Some(parents)
}

/// Grid distance (number of cell steps) between the parents of `a` and `b` at `res`. `None`
/// when either cell is invalid or finer than `res`, or when H3 cannot measure it: the cells
/// are too far apart for its local coordinates (thousands of cells) or separated by a
/// pentagon's deleted subsequence. Callers comparing against a small minimum should fall back
/// to [`distance_m`].
pub fn grid_distance(a: H3Cell, b: H3Cell, res: u8) -> Option<u32> {
	let res = resolution(res)?;
	let a = cell(a)?.parent(res)?;
	let b = cell(b)?.parent(res)?;
	a.grid_distance(b).ok().and_then(|distance| u32::try_from(distance).ok())
}

/// `index` and its neighbours (the H3 1-ring: 7 cells, 6 around a pentagon), `None` for an
/// invalid cell.
pub fn neighbourhood(index: H3Cell) -> Option<alloc::vec::Vec<H3Cell>> {
	let cell = cell(index)?;
	Some(cell.grid_disk::<alloc::vec::Vec<CellIndex>>(1).into_iter().map(u64::from).collect())
}

/// Great-circle distance between the centres of two cells, in whole metres (rounded down);
/// `None` for an invalid cell.
pub fn distance_m(a: H3Cell, b: H3Cell) -> Option<u32> {
	let a = LatLng::from(cell(a)?);
	let b = LatLng::from(cell(b)?);
	// Saturating cast: non-negative finite metres, and 0 for a NaN whatever its bits.
	Some(a.distance_m(b) as u32)
}

/// The cell containing a latitude/longitude (degrees) at `res`; `None` for coordinates out of
/// range. For clients that turn GPS fixes into locations; consensus code never parses degrees.
pub fn cell_at(lat: f64, lng: f64, res: u8) -> Option<H3Cell> {
	let res = resolution(res)?;
	LatLng::new(lat, lng).ok().map(|point| point.to_cell(res).into())
}

/// The latitude and longitude (degrees) of a cell's centre; `None` for an invalid cell. For
/// clients that show locations; consensus code never uses degrees.
pub fn cell_center(index: H3Cell) -> Option<(f64, f64)> {
	let centre = LatLng::from(cell(index)?);
	Some((centre.lat(), centre.lng()))
}

#[cfg(test)]
mod tests {
	use super::*;

	// Paris, Notre-Dame: 48.852968, 2.349902 and the Eiffel tower: 48.858370, 2.294481.
	fn notre_dame() -> H3Cell {
		cell_at(48.852968, 2.349902, LOCATION_RESOLUTION).unwrap()
	}
	fn eiffel() -> H3Cell {
		cell_at(48.858370, 2.294481, LOCATION_RESOLUTION).unwrap()
	}

	#[test]
	fn validates_locations() {
		assert_eq!(validate_location(notre_dame()), Ok(()));
		assert_eq!(validate_location(0), Err(CellError::InvalidCell));
		assert_eq!(validate_location(u64::MAX), Err(CellError::InvalidCell));
		assert_eq!(
			validate_location(parent(notre_dame(), 11).unwrap()),
			Err(CellError::WrongResolution)
		);
		let finer = cell_at(48.852968, 2.349902, 13).unwrap();
		assert_eq!(validate_location(finer), Err(CellError::WrongResolution));
	}

	#[test]
	fn known_cell_indexes() {
		// Reference values from the H3 C library 4.x (Python `h3.latlng_to_cell`).
		assert_eq!(notre_dame(), 0x8c1fb46624125ff);
		assert_eq!(eiffel(), 0x8c1fb46741ae9ff);
		assert_eq!(resolution_of(notre_dame()), Some(12));
	}

	#[test]
	fn a_cell_contains_its_centre() {
		let (lat, lng) = cell_center(notre_dame()).unwrap();
		assert!((lat - 48.852968).abs() < 1e-4 && (lng - 2.349902).abs() < 1e-4);
		assert_eq!(cell_at(lat, lng, LOCATION_RESOLUTION), Some(notre_dame()));
		assert_eq!(cell_center(0x1234), None);
	}

	#[test]
	fn parents_and_density_cells() {
		let here = notre_dame();
		let parents = density_cells(here).unwrap();
		for (parent_cell, res) in parents.iter().zip(DENSITY_RESOLUTIONS.rev()) {
			assert_eq!(resolution_of(*parent_cell), Some(res));
			assert_eq!(parent(here, res), Some(*parent_cell));
		}
		assert_eq!(parent(here, 12), Some(here));
		assert_eq!(parent(parents[0], 12), None);
		assert_eq!(parent(here, 16), None);
		assert_eq!(density_cells(0), None);
	}

	#[test]
	fn digits_name_the_child_position() {
		let here = notre_dame();
		for res in 1..=LOCATION_RESOLUTION {
			let parent_cell = parent(here, res - 1).unwrap();
			let child = parent(here, res).unwrap();
			let children: alloc::vec::Vec<H3Cell> = cell(parent_cell)
				.unwrap()
				.children(resolution(res).unwrap())
				.map(u64::from)
				.collect();
			// A hexagon's children are listed in digit order (a pentagon skips digit 1).
			let at = children.iter().position(|c| *c == child).unwrap() as u8;
			let here_digit = digit(here, res).unwrap();
			assert!(here_digit == at || here_digit == at + 1, "res {res}: {here_digit} at {at}");
			assert_eq!(digit(child, res), Some(here_digit));
		}
		assert_eq!(digit(here, 0), None);
		assert_eq!(digit(here, 13), None);
		assert_eq!(digit(0, 5), None);
	}

	#[test]
	fn neighbourhoods() {
		let res7 = parent(notre_dame(), 7).unwrap();
		let ring = neighbourhood(res7).unwrap();
		assert_eq!(ring.len(), 7);
		assert!(ring.contains(&res7));
		assert!(ring.iter().all(|cell| grid_distance(*cell, res7, 7).unwrap() <= 1));
		assert_eq!(neighbourhood(0), None);
	}

	#[test]
	fn distances() {
		let (a, b) = (notre_dame(), eiffel());
		// The H3 C library gives 4088.56 m (`great_circle_distance` of the cell centres) and a
		// grid distance of 97 between the resolution-11 parents.
		assert_eq!(distance_m(a, b), Some(4088));
		assert_eq!(distance_m(a, a), Some(0));
		assert_eq!(distance_m(a, b), distance_m(b, a));
		assert_eq!(distance_m(a, 0), None);
		assert_eq!(grid_distance(a, b, 11), Some(97));
		assert_eq!(grid_distance(a, a, 11), Some(0));
		let neighbour = cell_at(48.853268, 2.349902, 12).unwrap();
		assert!(grid_distance(a, neighbour, 11).unwrap() <= 1);
		// Paris to Sydney is beyond what H3's local coordinates can measure.
		let sydney = cell_at(-33.8688, 151.2093, 12).unwrap();
		assert_eq!(grid_distance(a, sydney, 11), None);
		assert!(distance_m(a, sydney).unwrap() > 16_000_000);
	}
}
