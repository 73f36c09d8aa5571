//! Bytes as `0x`-prefixed hex in JSON, as the RPC writes keys: genesis configs of large fleets
//! stay within what the runtime can allocate at once (number arrays, pretty-printed by the
//! node, took 2.6 times the room). Use with `#[serde(with = "depin_primitives::hex_serde")]`.

use alloc::{format, string::String, vec::Vec};
use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};

/// Writes `bytes` as `0x` hex.
pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
	serializer.serialize_str(&to_hex(bytes))
}

/// Reads `0x` hex of whole bytes.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
	from_hex(&String::deserialize(deserializer)?).map_err(D::Error::custom)
}

/// A list of byte strings, each as `0x` hex.
pub mod list {
	use super::*;

	/// Writes each of `items` as `0x` hex.
	pub fn serialize<S: Serializer>(items: &[Vec<u8>], serializer: S) -> Result<S::Ok, S::Error> {
		items.iter().map(|bytes| to_hex(bytes)).collect::<Vec<_>>().serialize(serializer)
	}

	/// Reads a list of `0x` hex strings of whole bytes.
	pub fn deserialize<'de, D: Deserializer<'de>>(
		deserializer: D,
	) -> Result<Vec<Vec<u8>>, D::Error> {
		Vec::<String>::deserialize(deserializer)?
			.iter()
			.map(|text| from_hex(text).map_err(D::Error::custom))
			.collect()
	}
}

/// Optional bytes, as `0x` hex or `null`.
pub mod option {
	use super::*;

	/// Writes `bytes` as `0x` hex, or `null`.
	pub fn serialize<S: Serializer>(
		bytes: &Option<Vec<u8>>,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		bytes.as_deref().map(to_hex).serialize(serializer)
	}

	/// Reads `0x` hex of whole bytes, or `null`.
	pub fn deserialize<'de, D: Deserializer<'de>>(
		deserializer: D,
	) -> Result<Option<Vec<u8>>, D::Error> {
		Option::<String>::deserialize(deserializer)?
			.map(|text| from_hex(&text).map_err(D::Error::custom))
			.transpose()
	}
}

fn to_hex(bytes: &[u8]) -> String {
	let digits: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
	format!("0x{digits}")
}

fn from_hex(text: &str) -> Result<Vec<u8>, String> {
	let digits = text
		.strip_prefix("0x")
		.filter(|digits| digits.is_ascii() && digits.len() % 2 == 0)
		.ok_or_else(|| String::from("expected 0x-prefixed hex of whole bytes"))?;
	(0..digits.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&digits[i..i + 2], 16).map_err(|error| format!("{error}")))
		.collect()
}
