//! The region plan: which regulatory region a place is in, and the channels and transmit power
//! limit a beacon must respect there.
//!
//! A place's region is looked up on its H3 parents from [`REGION_RESOLUTION`] (the finest
//! resolution the map may use) down to 0, and the finest mapped parent wins: governance maps a
//! continent with a few coarse cells and draws borders with finer ones.

use crate::geo::{self, H3Cell};
use alloc::{vec, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{traits::ConstU32, BoundedVec};

/// The finest resolution of the region map (hexagons of about 1,770 km²).
pub const REGION_RESOLUTION: u8 = 4;

/// How many parents a region lookup reads at most: resolutions [`REGION_RESOLUTION`] to 0.
pub const REGION_LOOKUP_DEPTH: usize = REGION_RESOLUTION as usize + 1;

/// The most channels a band plan may list.
pub const MAX_BAND_CHANNELS: u32 = 16;

/// A regulatory region, as LoRaWAN's regional parameters name them.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Region {
	/// North America, 902–928 MHz.
	#[codec(index = 0)]
	Us915,
	/// Europe, 863–870 MHz.
	#[codec(index = 1)]
	Eu868,
	/// Europe, 433 MHz.
	#[codec(index = 2)]
	Eu433,
	/// China, 470–510 MHz.
	#[codec(index = 3)]
	Cn470,
	/// Australia, 915–928 MHz.
	#[codec(index = 4)]
	Au915,
	/// AS923 group 1 (for example Japan, Singapore).
	#[codec(index = 5)]
	As923_1,
	/// AS923 group 2 (for example Indonesia, Vietnam).
	#[codec(index = 6)]
	As923_2,
	/// AS923 group 3 (for example the Philippines).
	#[codec(index = 7)]
	As923_3,
	/// AS923 group 4 (Israel).
	#[codec(index = 8)]
	As923_4,
	/// South Korea, 920–923 MHz.
	#[codec(index = 9)]
	Kr920,
	/// India, 865–867 MHz.
	#[codec(index = 10)]
	In865,
	/// Russia, 864–870 MHz.
	#[codec(index = 11)]
	Ru864,
}

impl Region {
	/// Every region.
	pub const ALL: [Region; 12] = [
		Region::Us915,
		Region::Eu868,
		Region::Eu433,
		Region::Cn470,
		Region::Au915,
		Region::As923_1,
		Region::As923_2,
		Region::As923_3,
		Region::As923_4,
		Region::Kr920,
		Region::In865,
		Region::Ru864,
	];

	/// Helium's LoRa beacon plan for the region: its channels and maximum EIRP (Helium's
	/// `region_params` chain variables). IN865's 865.0625 and 865.4025 MHz channels are listed
	/// rounded half up to whole kHz, the unit beacons declare their frequency in.
	pub fn helium_lora_plan(self) -> BandPlan {
		let (channels_khz, max_eirp_dbm_x10) = match self {
			Region::Us915 => (stepped(903_900, 8), 360),
			Region::Eu868 => (stepped(867_100, 8), 161),
			Region::Eu433 => (vec![433_175, 433_375, 433_575], 121),
			Region::Cn470 => (stepped(486_300, 8), 191),
			Region::Au915 => (stepped(916_800, 8), 300),
			Region::As923_1 => (stepped(923_200, 8), 160),
			Region::As923_2 => (stepped(921_400, 8), 160),
			Region::As923_3 => (stepped(916_600, 8), 160),
			Region::As923_4 => (stepped(917_300, 8), 160),
			Region::Kr920 => (stepped(922_100, 7), 140),
			Region::In865 => (vec![865_063, 865_403, 865_985], 300),
			Region::Ru864 => {
				(vec![864_100, 864_300, 864_500, 864_700, 864_900, 868_900, 869_100], 160)
			},
		};
		BandPlan { channels_khz: BoundedVec::truncate_from(channels_khz), max_eirp_dbm_x10 }
	}
}

/// `count` channels 200 kHz apart from `first_khz`.
fn stepped(first_khz: u32, count: u32) -> Vec<u32> {
	(0..count).map(|i| first_khz + 200 * i).collect()
}

/// Where and how loud devices of one kind may beacon in one region.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct BandPlan {
	/// The channels a beacon may be transmitted on, in kHz, strictly ascending.
	pub channels_khz: BoundedVec<u32, ConstU32<MAX_BAND_CHANNELS>>,
	/// The most a beacon may radiate: transmit power plus the beaconer's antenna gain, in tenths
	/// of dBm.
	pub max_eirp_dbm_x10: i16,
}

/// Why a beacon breaks its region's band plan.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BandBreach {
	/// Its frequency is not one of the plan's channels.
	NotAChannel,
	/// Its transmit power plus the beaconer's antenna gain is above the plan's maximum EIRP.
	AboveMaxEirp,
}

impl BandPlan {
	/// Whether the plan lists at least one channel, in strictly ascending order, each above 0.
	pub fn is_well_formed(&self) -> bool {
		!self.channels_khz.is_empty()
			&& self.channels_khz[0] > 0
			&& self.channels_khz.windows(2).all(|pair| pair[0] < pair[1])
	}

	/// Checks a beacon on `frequency_khz` at `tx_power_dbm_x10` from an antenna of
	/// `gain_dbi_x10` against the plan. Power and gain are both in tenths, so their sum is the
	/// EIRP with no rounding.
	pub fn check_beacon(
		&self,
		frequency_khz: u32,
		tx_power_dbm_x10: i16,
		gain_dbi_x10: u16,
	) -> Result<(), BandBreach> {
		if self.channels_khz.binary_search(&frequency_khz).is_err() {
			return Err(BandBreach::NotAChannel);
		}
		if i32::from(tx_power_dbm_x10) + i32::from(gain_dbi_x10) > i32::from(self.max_eirp_dbm_x10)
		{
			return Err(BandBreach::AboveMaxEirp);
		}
		Ok(())
	}
}

/// Whether `cell` may be a key of the region map: a valid H3 cell at resolution 0 to
/// [`REGION_RESOLUTION`].
pub fn is_region_cell(cell: H3Cell) -> bool {
	geo::resolution_of(cell).is_some_and(|res| res <= REGION_RESOLUTION)
}

/// The region map keys that may hold `location`'s region, finest first: its parents at
/// [`REGION_RESOLUTION`] down to 0. `None` for an invalid cell or one coarser than
/// [`REGION_RESOLUTION`].
pub fn region_lookup_cells(location: H3Cell) -> Option<[H3Cell; REGION_LOOKUP_DEPTH]> {
	let mut cells = [0; REGION_LOOKUP_DEPTH];
	for (slot, res) in cells.iter_mut().zip((0..=REGION_RESOLUTION).rev()) {
		*slot = geo::parent(location, res)?;
	}
	Some(cells)
}

/// The region of `location` under a map read through `mapped`: the region of its finest
/// mapped parent, and how many keys were read to find it.
pub fn region_of(
	location: H3Cell,
	mut mapped: impl FnMut(H3Cell) -> Option<Region>,
) -> (Option<Region>, u32) {
	let Some(cells) = region_lookup_cells(location) else { return (None, 0) };
	let mut reads = 0;
	for cell in cells {
		reads += 1;
		if let Some(region) = mapped(cell) {
			return (Some(region), reads);
		}
	}
	(None, reads)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::geo::{cell_at, LOCATION_RESOLUTION};
	use alloc::collections::BTreeMap;

	#[test]
	fn helium_plans_are_well_formed_and_match_helium() {
		for region in Region::ALL {
			assert!(region.helium_lora_plan().is_well_formed(), "{region:?}");
		}
		let eu = Region::Eu868.helium_lora_plan();
		assert_eq!(
			eu.channels_khz.to_vec(),
			[867_100, 867_300, 867_500, 867_700, 867_900, 868_100, 868_300, 868_500]
		);
		assert_eq!(eu.max_eirp_dbm_x10, 161);
		let us = Region::Us915.helium_lora_plan();
		assert_eq!(
			(us.channels_khz[0], us.channels_khz[7], us.max_eirp_dbm_x10),
			(903_900, 905_300, 360)
		);
		assert_eq!(Region::Kr920.helium_lora_plan().channels_khz.last(), Some(&923_300));
	}

	#[test]
	fn a_beacon_must_use_a_channel_within_the_eirp_limit() {
		let eu = Region::Eu868.helium_lora_plan();
		assert_eq!(eu.check_beacon(868_100, 140, 21), Ok(()));
		// Exactly at the limit passes; a tenth above fails.
		assert_eq!(eu.check_beacon(868_100, 131, 30), Ok(()));
		assert_eq!(eu.check_beacon(868_100, 132, 30), Err(BandBreach::AboveMaxEirp));
		assert_eq!(eu.check_beacon(868_000, 140, 0), Err(BandBreach::NotAChannel));
		assert_eq!(eu.check_beacon(1, 140, 0), Err(BandBreach::NotAChannel));
		assert_eq!(eu.check_beacon(868_100, i16::MAX, u16::MAX), Err(BandBreach::AboveMaxEirp));
		// A very low power is allowed: it only makes the beacon harder to hear.
		assert_eq!(eu.check_beacon(868_100, i16::MIN, 0), Ok(()));
	}

	#[test]
	fn malformed_plans_are_recognised() {
		let plan = |channels: &[u32]| BandPlan {
			channels_khz: BoundedVec::truncate_from(channels.to_vec()),
			max_eirp_dbm_x10: 160,
		};
		assert!(plan(&[868_100]).is_well_formed());
		assert!(!plan(&[]).is_well_formed());
		assert!(!plan(&[0, 868_100]).is_well_formed());
		assert!(!plan(&[868_300, 868_100]).is_well_formed());
		assert!(!plan(&[868_100, 868_100]).is_well_formed());
	}

	#[test]
	fn the_finest_mapped_parent_decides() {
		let paris = cell_at(48.8566, 2.3522, LOCATION_RESOLUTION).unwrap();
		let cells = region_lookup_cells(paris).unwrap();
		assert_eq!(cells.map(|cell| geo::resolution_of(cell).unwrap()), [4, 3, 2, 1, 0]);
		assert!(cells.iter().all(|cell| is_region_cell(*cell)));
		assert!(!is_region_cell(geo::parent(paris, 5).unwrap()));
		assert!(!is_region_cell(u64::MAX));

		let mut map = BTreeMap::from([(cells[4], Region::Eu868)]);
		assert_eq!(region_of(paris, |cell| map.get(&cell).copied()), (Some(Region::Eu868), 5));
		map.insert(cells[1], Region::Ru864);
		assert_eq!(region_of(paris, |cell| map.get(&cell).copied()), (Some(Region::Ru864), 2));
		assert_eq!(region_of(paris, |_| None), (None, 5));
		assert_eq!(region_of(u64::MAX, |_| Some(Region::Eu868)), (None, 0));
	}
}
