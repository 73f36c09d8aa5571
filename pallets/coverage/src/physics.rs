//! Radio physics in integer arithmetic: free-space path loss in hundredths of a dB.
//!
//! Consensus code uses no floats here: logarithms are computed bit by bit on integers, so every
//! validator gets the same result on any machine.

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
}
