//! Which valid witnesses of a beacon are rewarded: a random draw no participant can steer with
//! what it reports, and one witness per spot.
//!
//! The draw orders the valid witnesses by `BLAKE2b-128(seed ‖ SCALE(witness key))`; the seed
//! ([`draw_seed`]) is a hash of the beacon's payload and of a block hash nobody knows when the
//! reports are signed: the last block of the report window for an announced beacon, the block
//! before the one that includes the receipt for a receipt. In that order, a witness too close
//! to one already rewarded is redundant (Helium's redundant-coverage rule: two radios in one
//! spot add one radio's coverage), and the first `max_rewarded` others are selected; the rest
//! are unselected. No measured value (arrival time, signal) takes part.

use crate::DeviceKey;
use alloc::vec::Vec;
use codec::Encode;

/// Domain separator of the draw seed.
pub const DRAW_DOMAIN: &[u8; 18] = b"depin-node/draw/v1";

/// What the draw made of a valid witness.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Pick {
	/// Rewarded.
	Selected,
	/// Drawn after the rewarded ones.
	Unselected,
	/// Too close to a witness drawn before it and rewarded.
	Redundant,
}

/// The seed of a beacon's draw: `BLAKE2b-256(DRAW_DOMAIN ‖ block hash ‖ payload)`, where
/// `block hash` is the hash of the last block of the report window (announced beacons) or of
/// the block before the one that includes the receipt (receipts).
pub fn draw_seed(block_hash: &[u8], payload: &[u8; 32]) -> [u8; 32] {
	let mut preimage = Vec::with_capacity(DRAW_DOMAIN.len() + block_hash.len() + 32);
	preimage.extend_from_slice(DRAW_DOMAIN);
	preimage.extend_from_slice(block_hash);
	preimage.extend_from_slice(payload);
	sp_io::hashing::blake2_256(&preimage)
}

/// A witness's place in the draw: `BLAKE2b-128(seed ‖ SCALE(witness))`, smallest first.
pub fn draw_key(seed: &[u8; 32], witness: &DeviceKey) -> [u8; 16] {
	let mut preimage = seed.to_vec();
	witness.encode_to(&mut preimage);
	sp_io::hashing::blake2_128(&preimage)
}

/// The picks of `witnesses` (in their order), drawn with `seed`: at most `max_rewarded`
/// selected, none `too_close` to another selected one. `too_close` is asked only about a
/// candidate and the witnesses selected before it, so at most `max_rewarded` times per witness.
pub fn pick<W>(
	witnesses: &[W],
	seed: &[u8; 32],
	key_of: impl Fn(&W) -> DeviceKey,
	too_close: impl Fn(&W, &W) -> bool,
	max_rewarded: usize,
) -> Vec<Pick> {
	let mut order: Vec<(usize, [u8; 16])> =
		witnesses.iter().enumerate().map(|(i, w)| (i, draw_key(seed, &key_of(w)))).collect();
	// Keys are distinct for distinct witnesses (a receipt's witnesses are); the index breaks a
	// tie all the same.
	order.sort_by_key(|(i, key)| (*key, *i));
	let mut picks = alloc::vec![Pick::Unselected; witnesses.len()];
	let mut selected: Vec<usize> = Vec::new();
	for (i, _) in order {
		if selected.len() == max_rewarded {
			break;
		}
		if selected.iter().any(|s| too_close(&witnesses[*s], &witnesses[i])) {
			picks[i] = Pick::Redundant;
		} else {
			picks[i] = Pick::Selected;
			selected.push(i);
		}
	}
	picks
}

#[cfg(test)]
mod tests {
	use super::*;

	fn key(n: u8) -> DeviceKey {
		DeviceKey::Ed25519([n; 32])
	}

	/// Witnesses as (key, position on a line in metres).
	fn line(positions: &[u32]) -> Vec<(DeviceKey, u32)> {
		positions.iter().enumerate().map(|(i, at)| (key(i as u8), *at)).collect()
	}

	fn picks(witnesses: &[(DeviceKey, u32)], seed: [u8; 32], max: usize) -> Vec<Pick> {
		pick(witnesses, &seed, |(k, _)| *k, |a, b| a.1.abs_diff(b.1) < 300, max)
	}

	#[test]
	fn the_draw_selects_at_most_max_rewarded_whatever_the_order() {
		let witnesses = line(&[0, 1_000, 2_000, 3_000, 4_000, 5_000]);
		for seed in 0..20u8 {
			let result = picks(&witnesses, [seed; 32], 4);
			assert_eq!(result.iter().filter(|p| **p == Pick::Selected).count(), 4);
			assert_eq!(result.iter().filter(|p| **p == Pick::Unselected).count(), 2);
		}
		// The seed decides who: over 20 seeds every witness is selected some time and left
		// out some time.
		for i in 0..witnesses.len() {
			let chosen = (0..20u8)
				.filter(|seed| picks(&witnesses, [*seed; 32], 4)[i] == Pick::Selected)
				.count();
			assert!((1..20).contains(&chosen), "witness {i} selected {chosen} times in 20");
		}
	}

	#[test]
	fn the_draw_is_the_documented_hash_order() {
		let witnesses = line(&[0, 1_000, 2_000]);
		let seed = [9; 32];
		let mut by_key: Vec<usize> = (0..3).collect();
		by_key.sort_by_key(|i| draw_key(&seed, &witnesses[*i].0));
		let result = picks(&witnesses, seed, 2);
		assert_eq!(result[by_key[0]], Pick::Selected);
		assert_eq!(result[by_key[1]], Pick::Selected);
		assert_eq!(result[by_key[2]], Pick::Unselected);
		// The key is BLAKE2b-128 of the seed and the SCALE-encoded witness key.
		let mut preimage = seed.to_vec();
		preimage.push(0);
		preimage.extend_from_slice(&[0; 32]);
		assert_eq!(draw_key(&seed, &key(0)), sp_io::hashing::blake2_128(&preimage));
	}

	#[test]
	fn one_witness_per_spot_is_rewarded() {
		// Ten radios in one spot and two lone ones: the spot earns one selection.
		let mut positions = vec![0; 10];
		positions.extend([5_000, 9_000]);
		let witnesses = line(&positions);
		for seed in 0..10u8 {
			let result = picks(&witnesses, [seed; 32], 14);
			let spot = &result[..10];
			assert_eq!(spot.iter().filter(|p| **p == Pick::Selected).count(), 1, "seed {seed}");
			assert_eq!(spot.iter().filter(|p| **p == Pick::Redundant).count(), 9);
			assert_eq!(&result[10..], &[Pick::Selected, Pick::Selected]);
		}
	}

	#[test]
	fn the_seed_depends_on_the_block_and_the_payload() {
		let seed = draw_seed(&[1; 32], &[2; 32]);
		assert_ne!(seed, draw_seed(&[3; 32], &[2; 32]));
		assert_ne!(seed, draw_seed(&[1; 32], &[4; 32]));
		let mut preimage = b"depin-node/draw/v1".to_vec();
		preimage.extend([1; 32]);
		preimage.extend([2; 32]);
		assert_eq!(seed, sp_io::hashing::blake2_256(&preimage));
	}
}
