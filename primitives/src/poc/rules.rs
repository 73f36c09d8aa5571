//! The arithmetic of proof-of-coverage, in integers: free-space path loss, the signal
//! plausibility bound, the receivable measurement bounds and HIP 15 reward units.
//!
//! Consensus code uses no floats here: logarithms are computed bit by bit on integers, so every
//! validator gets the same result on any machine, and a tool in another language reproduces
//! them exactly from `docs/proof-of-coverage.md`.

use crate::{
	geo::{self, H3Cell},
	work::{RewardUnits, REWARD_UNIT},
};
use core::ops::RangeInclusive;

/// Parts per million: the unit of a density scale.
pub const PPM: u64 = 1_000_000;

/// `20·log10(4π / c) + 20·log10(1000)` in hundredths of dB (c = 2.998e8 m/s; the 1000 turns
/// kHz into Hz): -87.5524 dB.
const FSPL_CONSTANT_X100: i64 = -8755;

/// Fractional bits of [`log2_fixed`].
const LOG2_FRACTION_BITS: u32 = 20;

/// `log2(x)` for `x ≥ 1`, in fixed point with [`LOG2_FRACTION_BITS`] fractional bits, rounded
/// down.
fn log2_fixed(x: u64) -> u64 {
	let x = x.max(1);
	let integer = 63 - u64::from(x.leading_zeros());
	// The mantissa x / 2^integer, in [1, 2), with 62 fractional bits.
	let mut mantissa: u128 = (u128::from(x) << 62) >> integer;
	let mut fraction = 0u64;
	for bit in (0..LOG2_FRACTION_BITS).rev() {
		mantissa = (mantissa * mantissa) >> 62;
		if mantissa >= 2u128 << 62 {
			mantissa >>= 1;
			fraction |= 1 << bit;
		}
	}
	(integer << LOG2_FRACTION_BITS) | fraction
}

/// `20·log10(x)` in hundredths of dB, for `x ≥ 1` (0 below), rounded to nearest.
pub fn db20_x100(x: u64) -> i64 {
	// 2000·log10(2) = 602.059991327962...; scaled by 10^9.
	const TWO_THOUSAND_LOG10_2_E9: u128 = 602_059_991_328;
	let scaled = u128::from(log2_fixed(x)) * TWO_THOUSAND_LOG10_2_E9;
	let denominator = (1u128 << LOG2_FRACTION_BITS) * 1_000_000_000;
	((scaled + denominator / 2) / denominator) as i64
}

/// Free-space path loss in hundredths of dB over `distance_m` metres (at least 1) at
/// `frequency_khz`: `20·log10(d) + 20·log10(f) + 20·log10(4π/c)`.
pub fn fspl_x100(distance_m: u32, frequency_khz: u32) -> i64 {
	db20_x100(u64::from(distance_m.max(1)))
		+ db20_x100(u64::from(frequency_khz.max(1)))
		+ FSPL_CONSTANT_X100
}

/// What the signal plausibility check needs to know about one beacon and one witness.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Link {
	/// The beacon's transmit power, in tenths of dBm.
	pub tx_power_dbm_x10: i16,
	/// The beaconer's asserted antenna gain, in tenths of dBi.
	pub beaconer_gain_dbi_x10: u16,
	/// The witness's asserted antenna gain, in tenths of dBi.
	pub witness_gain_dbi_x10: u16,
	/// Centre-to-centre distance of their asserted cells, in metres.
	pub distance_m: u32,
	/// The beacon's carrier frequency, in kHz.
	pub frequency_khz: u32,
}

/// The strongest RSSI a witness may report over `link`, in hundredths of dBm:
/// `tx power + beaconer gain + witness gain + margin − FSPL(distance, frequency)`.
pub fn strongest_rssi_x100(link: &Link, margin_db_x10: i16) -> i64 {
	10 * (i64::from(link.tx_power_dbm_x10)
		+ i64::from(link.beaconer_gain_dbi_x10)
		+ i64::from(link.witness_gain_dbi_x10)
		+ i64::from(margin_db_x10))
		- fspl_x100(link.distance_m, link.frequency_khz)
}

/// Whether `rssi_dbm_x10` is no stronger than [`strongest_rssi_x100`] allows.
pub fn signal_plausible(rssi_dbm_x10: i16, link: &Link, margin_db_x10: i16) -> bool {
	10 * i64::from(rssi_dbm_x10) <= strongest_rssi_x100(link, margin_db_x10)
}

/// Metres per resolution-11 grid step, for the rare pairs H3 cannot measure in grid steps
/// (8 steps are about 300 m).
pub const RES11_STEP_M: u32 = 37;

/// Whether two locations are closer than `min_grid_distance` H3 grid steps between their
/// resolution-11 parents; where H3 cannot count the steps (across a pentagon, or an invalid
/// cell), closer than [`RES11_STEP_M`] metres per step between the cell centres.
pub fn too_close(a: H3Cell, b: H3Cell, min_grid_distance: u32) -> bool {
	match geo::grid_distance(a, b, 11) {
		Some(steps) => steps < min_grid_distance,
		None => {
			geo::distance_m(a, b).unwrap_or(u32::MAX)
				< min_grid_distance.saturating_mul(RES11_STEP_M)
		},
	}
}

/// The weakest RSSI a witness may report, in tenths of dBm: −150 dBm, below the sensitivity
/// of any LoRa receiver (about −137 dBm at SF12), so a weaker value was not received.
pub const MIN_RSSI_DBM_X10: i16 = -1_500;

/// The SNRs a witness may report, in tenths of dB: LoRa demodulates down to −20 dB (SF12), and
/// its receivers report at most about +20 dB.
pub const SNR_RANGE_DB_X10: RangeInclusive<i16> = -200..=200;

/// Whether a reported RSSI could have been received ([`MIN_RSSI_DBM_X10`] or stronger).
pub fn rssi_receivable(rssi_dbm_x10: i16) -> bool {
	rssi_dbm_x10 >= MIN_RSSI_DBM_X10
}

/// Whether a reported SNR is within [`SNR_RANGE_DB_X10`].
pub fn snr_receivable(snr_db_x10: i16) -> bool {
	SNR_RANGE_DB_X10.contains(&snr_db_x10)
}

/// HIP 15 with N = 4 and r = 0.8 = 4/5: units of the beaconer and of each selected witness
/// when `w` valid witnesses are selected, in millionths, rounded down.
///
/// - beaconer: 0 for w = 0, w/4 for w ≤ 4, else 2 − r^(w−4);
/// - each witness: 1 for w ≤ 4, else (3 + r^(w−4)) / w;
///
/// so that for w ≥ 4 the beaconer and its witnesses earn 5 units together. `w` is at most
/// [`super::MAX_WITNESSES_PER_RECEIPT`].
pub fn hip15_units(w: u32) -> (RewardUnits, RewardUnits) {
	if w == 0 {
		return (0, 0);
	}
	if w <= 4 {
		return (REWARD_UNIT * u64::from(w) / 4, REWARD_UNIT);
	}
	// r^k = 4^k / 5^k exactly; k ≤ MAX_WITNESSES_PER_RECEIPT keeps 5^k within u128.
	let k = w.min(super::MAX_WITNESSES_PER_RECEIPT) - 4;
	let five = 5u128.pow(k);
	let four = 4u128.pow(k);
	let unit = u128::from(REWARD_UNIT);
	let beaconer = (2 * five - four) * unit / five;
	let witness = (3 * five + four) * unit / (u128::from(k + 4) * five);
	(beaconer as RewardUnits, witness as RewardUnits)
}

/// `units` scaled by `scale_ppm`, rounded down.
pub fn scaled(units: RewardUnits, scale_ppm: u64) -> RewardUnits {
	(u128::from(units) * u128::from(scale_ppm) / u128::from(PPM)) as RewardUnits
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn logarithms_match_floating_point_within_a_hundredth_of_a_db() {
		for x in
			[1u64, 2, 3, 10, 99, 1_000, 4_088, 65_535, 868_100, 2_412_000, 100_000, u32::MAX as u64]
		{
			let exact = 2000.0 * (x as f64).log10();
			assert!((db20_x100(x) as f64 - exact).abs() <= 1.0, "{x}: {} vs {exact}", db20_x100(x));
		}
		assert_eq!(db20_x100(1), 0);
		assert_eq!(db20_x100(10), 2000);
		assert_eq!(db20_x100(1_000_000), 12_000);
	}

	#[test]
	fn free_space_path_loss_at_lora_frequencies() {
		// 1 km at 868.1 MHz: 91.22 dB (20·log10(1000) + 20·log10(868.1e6) + 20·log10(4π/c)).
		assert!((fspl_x100(1_000, 868_100) - 9_122).abs() <= 1);
		// Doubling the distance adds 6.02 dB.
		assert!((fspl_x100(2_000, 868_100) - fspl_x100(1_000, 868_100) - 602).abs() <= 1);
		// A zero distance counts as one metre.
		assert_eq!(fspl_x100(0, 868_100), fspl_x100(1, 868_100));
	}

	#[test]
	fn the_signal_bound_is_inclusive_and_grows_with_the_margin() {
		let link = Link {
			tx_power_dbm_x10: 140,
			beaconer_gain_dbi_x10: 30,
			witness_gain_dbi_x10: 20,
			distance_m: 1_000,
			frequency_khz: 868_100,
		};
		// 14 + 3 + 2 − 91.22 dB = −72.22 dBm.
		assert!((strongest_rssi_x100(&link, 0) + 7_222).abs() <= 1);
		let strongest = strongest_rssi_x100(&link, 0).div_euclid(10) as i16;
		assert!(signal_plausible(strongest, &link, 0));
		assert!(!signal_plausible(strongest + 1, &link, 0));
		assert!(signal_plausible(strongest + 1, &link, 1));
		assert_eq!(strongest_rssi_x100(&link, 60) - strongest_rssi_x100(&link, 0), 600);
	}

	#[test]
	fn too_close_counts_resolution_11_steps() {
		let home = geo::cell_at(48.8530, 2.3499, geo::LOCATION_RESOLUTION).unwrap();
		assert!(too_close(home, home, 8));
		assert!(!too_close(home, home, 0));
		// About 1.1 km north: some 25 steps.
		let north = geo::cell_at(48.8630, 2.3499, geo::LOCATION_RESOLUTION).unwrap();
		let steps = geo::grid_distance(home, north, 11).unwrap();
		assert!(too_close(home, north, steps + 1) && !too_close(home, north, steps));
	}

	#[test]
	fn receivable_bounds_are_inclusive() {
		assert!(rssi_receivable(-1_500) && !rssi_receivable(-1_501) && rssi_receivable(0));
		assert!(snr_receivable(-200) && snr_receivable(200));
		assert!(!snr_receivable(-201) && !snr_receivable(201));
	}

	#[test]
	fn hip15_reward_units_for_every_witness_count() {
		// (w, beaconer, each witness) from HIP 15 with N = 4, r = 0.8, in millionths (rounded
		// down), computed independently with exact fractions (Python `fractions`).
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
				assert!((5 * REWARD_UNIT - 15..=5 * REWARD_UNIT).contains(&total), "w = {w}");
			}
		}
	}

	#[test]
	fn scaling_rounds_down() {
		assert_eq!(scaled(REWARD_UNIT, PPM), REWARD_UNIT);
		assert_eq!(scaled(REWARD_UNIT, PPM / 3), 333_333);
		assert_eq!(scaled(7, 0), 0);
	}
}
