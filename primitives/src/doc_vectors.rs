//! The worked examples of `docs/`, for the tests that check them: lines `name = hex`.

use alloc::vec::Vec;

/// `docs/signing.md`.
pub const SIGNING_MD: &str = include_str!("../../docs/signing.md");
/// `docs/proof-of-coverage.md`.
pub const PROOF_OF_COVERAGE_MD: &str = include_str!("../../docs/proof-of-coverage.md");

/// The bytes of the `name = hex` line in `doc`.
pub fn value(doc: &str, name: &str) -> Vec<u8> {
	let line = doc
		.lines()
		.find(|line| line.split('=').next().map(str::trim) == Some(name))
		.unwrap_or_else(|| panic!("the doc has no `{name} =` line"));
	let hex = line.split('=').nth(1).expect("a value").trim();
	assert!(hex.len() % 2 == 0, "`{name}` has an odd number of hex digits");
	(0..hex.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
		.collect()
}

/// `bytes` as an array of the documented length.
pub fn array<const N: usize>(bytes: Vec<u8>) -> [u8; N] {
	bytes.try_into().expect("the documented value has the expected length")
}
