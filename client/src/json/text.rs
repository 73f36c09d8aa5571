//! Text forms of the chain's values: byte strings in `0x` hex, device keys and signatures,
//! accounts in SS58 (this chain's prefix), H3 cells as H3 strings, device kinds, statuses and
//! sanction reasons by name, token amounts as decimal strings of planck. Each `parse_*` names the field it reads in
//! its error; the `as_*` modules are the same forms for `#[serde(with = …)]`.

use depin_primitives::{
	device::KeyBytesError,
	geo::{self, H3Cell},
	maker::Revocation,
	DeviceKey, DeviceKind, DeviceSignature, DeviceStatus, SanctionReason,
};
use depin_runtime::{AccountId, Balance, SS58_PREFIX};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};

/// `0x`-prefixed lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
	format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&bytes))
}

/// The bytes of `0x`-prefixed (or bare) hex; `what` names the field in the error.
pub fn parse_hex(what: &str, text: &str) -> Result<Vec<u8>, String> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	if !digits.len().is_multiple_of(2) || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
		return Err(format!(
			"{what}: `{text}` is not hex (expected 0x followed by pairs of hex digits)"
		));
	}
	Ok((0..digits.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&digits[i..i + 2], 16).expect("checked hex digits"))
		.collect())
}

/// Exactly `N` bytes of hex.
pub fn parse_array<const N: usize>(what: &str, text: &str) -> Result<[u8; N], String> {
	let bytes = parse_hex(what, text)?;
	let len = bytes.len();
	bytes.try_into().map_err(|_| format!("{what} must be {N} bytes, got {len}"))
}

/// A device key: 32 bytes for Ed25519, 33 bytes (compressed SEC1, `02`/`03` first) for P-256.
pub fn parse_device_key(what: &str, text: &str) -> Result<DeviceKey, String> {
	DeviceKey::try_from(parse_hex(what, text)?.as_slice()).map_err(|error| match error {
		KeyBytesError::UncompressedP256 => {
			format!("{what}: a P-256 key must be compressed (first byte 02 or 03)")
		},
		KeyBytesError::WrongLength(len) => {
			format!("{what} must be 32 bytes (Ed25519) or 33 bytes (compressed P-256), got {len}")
		},
	})
}

/// A device key as `0x` hex of the bare public key.
pub fn device_key_hex(key: &DeviceKey) -> String {
	hex(key.as_bytes())
}

/// A device key's signature scheme, by its JSON (and CLI) name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
	/// Ed25519 (software keys).
	Ed25519,
	/// ECDSA P-256 (secure elements, phone keystores).
	P256,
}

impl Scheme {
	/// The scheme of `key`.
	pub fn of(key: &DeviceKey) -> Self {
		match key {
			DeviceKey::Ed25519(_) => Scheme::Ed25519,
			DeviceKey::P256(_) => Scheme::P256,
		}
	}
}

/// A 64-byte signature by `signer` (`r ‖ s` for P-256).
pub fn parse_signature(
	what: &str,
	signer: &DeviceKey,
	text: &str,
) -> Result<DeviceSignature, String> {
	let bytes = parse_array::<64>(what, text)?;
	Ok(match signer {
		DeviceKey::Ed25519(_) => DeviceSignature::Ed25519(bytes),
		DeviceKey::P256(_) => DeviceSignature::P256(bytes),
	})
}

/// A signature as `0x` hex of its 64 bytes.
pub fn signature_hex(signature: &DeviceSignature) -> String {
	match signature {
		DeviceSignature::Ed25519(bytes) | DeviceSignature::P256(bytes) => hex(bytes),
	}
}

/// An SS58 address of this chain (prefix 42).
pub fn parse_account(what: &str, text: &str) -> Result<AccountId, String> {
	let (account, format) = AccountId::from_ss58check_with_version(text)
		.map_err(|error| format!("{what}: `{text}` is not an SS58 address ({error})"))?;
	if u16::from(format) != SS58_PREFIX {
		return Err(format!(
			"{what}: `{text}` is an address of network prefix {}, this chain uses {SS58_PREFIX}",
			u16::from(format)
		));
	}
	Ok(account)
}

/// An account in SS58 with this chain's prefix.
pub fn ss58(account: &AccountId) -> String {
	account.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX))
}

/// An H3 cell as an H3 string (`8c1fb46624125ff`), with or without `0x`.
pub fn parse_cell(what: &str, text: &str) -> Result<H3Cell, String> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	u64::from_str_radix(digits, 16)
		.ok()
		.filter(|cell| geo::resolution_of(*cell).is_some())
		.ok_or_else(|| format!("{what}: `{text}` is not a valid H3 cell"))
}

/// An H3 cell as an H3 string.
pub fn cell_string(cell: H3Cell) -> String {
	format!("{cell:x}")
}

/// The JSON (and CLI) name of a device kind.
pub fn kind_name(kind: DeviceKind) -> &'static str {
	match kind {
		DeviceKind::LoraHotspot => "loraHotspot",
		DeviceKind::WifiHotspot => "wifiHotspot",
		DeviceKind::FiveGHotspot => "fiveGHotspot",
		DeviceKind::Sensor => "sensor",
		DeviceKind::Energy => "energy",
		DeviceKind::Compute => "compute",
	}
}

/// A device kind by name, in camelCase (`loraHotspot`) or kebab-case (`lora-hotspot`).
pub fn parse_kind(text: &str) -> Result<DeviceKind, String> {
	let wanted = text.replace(['-', '_'], "").to_lowercase();
	DeviceKind::ALL.into_iter().find(|kind| kind_name(*kind).to_lowercase() == wanted).ok_or_else(
		|| {
			let names: Vec<&str> = DeviceKind::ALL.into_iter().map(kind_name).collect();
			format!("unknown device kind `{text}`; expected one of {}", names.join(", "))
		},
	)
}

/// The JSON name of a device status.
pub fn status_name(status: DeviceStatus) -> &'static str {
	match status {
		DeviceStatus::Active => "active",
		DeviceStatus::Suspended => "suspended",
		DeviceStatus::Denied => "denied",
	}
}

/// A device status by its JSON name.
pub fn parse_status(text: &str) -> Result<DeviceStatus, String> {
	[DeviceStatus::Active, DeviceStatus::Suspended, DeviceStatus::Denied]
		.into_iter()
		.find(|status| status_name(*status) == text)
		.ok_or_else(|| format!("unknown device status `{text}`"))
}

/// Every revocation, in index order.
const REVOCATIONS: [Revocation; 4] = [
	Revocation::MakerRevoked,
	Revocation::MakerKeyRevoked,
	Revocation::BatchRecalled,
	Revocation::Uncertified,
];

/// The JSON name of a revocation.
pub fn revocation_name(revocation: Revocation) -> &'static str {
	match revocation {
		Revocation::MakerRevoked => "makerRevoked",
		Revocation::MakerKeyRevoked => "makerKeyRevoked",
		Revocation::BatchRecalled => "batchRecalled",
		Revocation::Uncertified => "uncertified",
	}
}

/// A revocation by its JSON name.
pub fn parse_revocation(text: &str) -> Result<Revocation, String> {
	REVOCATIONS
		.into_iter()
		.find(|revocation| revocation_name(*revocation) == text)
		.ok_or_else(|| format!("unknown revocation `{text}`"))
}

/// Every sanction reason, in index order.
const SANCTION_REASONS: [SanctionReason; 5] = [
	SanctionReason::FalseLocation,
	SanctionReason::ClonedKey,
	SanctionReason::Relay,
	SanctionReason::FakeWitness,
	SanctionReason::Other,
];

/// The JSON name of a sanction reason.
pub fn reason_name(reason: SanctionReason) -> &'static str {
	match reason {
		SanctionReason::FalseLocation => "falseLocation",
		SanctionReason::ClonedKey => "clonedKey",
		SanctionReason::Relay => "relay",
		SanctionReason::FakeWitness => "fakeWitness",
		SanctionReason::Other => "other",
	}
}

/// A sanction reason by its JSON name.
pub fn parse_reason(text: &str) -> Result<SanctionReason, String> {
	SANCTION_REASONS
		.into_iter()
		.find(|reason| reason_name(*reason) == text)
		.ok_or_else(|| format!("unknown sanction reason `{text}`"))
}

/// A token amount in planck, as a decimal string.
pub fn parse_amount(what: &str, text: &str) -> Result<Balance, String> {
	text.parse().map_err(|_| format!("{what}: `{text}` is not an amount in planck"))
}

/// Serde forms of the values above, for `#[serde(with = "…")]` on fields that hold chain types.
macro_rules! text_form {
	($(#[$doc:meta])* $name:ident, $ty:ty, $format:expr, $parse:expr) => {
		$(#[$doc])*
		pub mod $name {
			use super::*;

			/// Writes the value in its text form.
			pub fn serialize<S: Serializer>(value: &$ty, serializer: S) -> Result<S::Ok, S::Error> {
				let format: fn(&$ty) -> String = $format;
				serializer.serialize_str(&format(value))
			}

			/// Reads the value from its text form.
			pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
				let parse: fn(&str) -> Result<$ty, String> = $parse;
				parse(&String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
			}

			/// The same form for an optional value, `null` when absent.
			pub mod option {
				use super::*;

				/// Writes the value in its text form, or `null`.
				pub fn serialize<S: Serializer>(
					value: &Option<$ty>,
					serializer: S,
				) -> Result<S::Ok, S::Error> {
					let format: fn(&$ty) -> String = $format;
					value.as_ref().map(format).serialize(serializer)
				}

				/// Reads the value from its text form, or `null`.
				pub fn deserialize<'de, D: Deserializer<'de>>(
					deserializer: D,
				) -> Result<Option<$ty>, D::Error> {
					let parse: fn(&str) -> Result<$ty, String> = $parse;
					Option::<String>::deserialize(deserializer)?
						.map(|text| parse(&text).map_err(serde::de::Error::custom))
						.transpose()
				}
			}
		}
	};
}

text_form!(
	/// A device key as `0x` hex.
	as_device_key,
	DeviceKey,
	device_key_hex,
	|text| parse_device_key("device key", text)
);
text_form!(
	/// An account in SS58.
	as_account,
	AccountId,
	ss58,
	|text| parse_account("account", text)
);
text_form!(
	/// An amount in planck as a decimal string (JSON numbers cannot hold every `u128`).
	as_amount,
	Balance,
	|amount| amount.to_string(),
	|text| parse_amount("amount", text)
);
text_form!(
	/// An H3 cell as an H3 string.
	as_cell,
	H3Cell,
	|cell| cell_string(*cell),
	|text| parse_cell("cell", text)
);
text_form!(
	/// A device kind by name.
	as_kind,
	DeviceKind,
	|kind| kind_name(*kind).to_string(),
	parse_kind
);
text_form!(
	/// A device status by name.
	as_status,
	DeviceStatus,
	|status| status_name(*status).to_string(),
	parse_status
);
text_form!(
	/// A sanction reason by name.
	as_reason,
	SanctionReason,
	|reason| reason_name(*reason).to_string(),
	parse_reason
);
text_form!(
	/// A 32-byte hash as `0x` hex.
	as_hash,
	sp_core::H256,
	|hash| hex(hash.as_bytes()),
	|text| parse_array::<32>("hash", text).map(sp_core::H256)
);
text_form!(
	/// A revocation by name.
	as_revocation,
	Revocation,
	|revocation| revocation_name(*revocation).to_string(),
	parse_revocation
);

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn parses_keys_signatures_accounts_and_cells_with_clear_errors() {
		let ed = format!("0x{}", "11".repeat(32));
		assert_eq!(parse_device_key("d", &ed), Ok(DeviceKey::Ed25519([0x11; 32])));
		let p256 = format!("0x02{}", "22".repeat(32));
		assert!(matches!(parse_device_key("d", &p256), Ok(DeviceKey::P256(_))));
		assert_eq!(
			parse_device_key("d", &format!("0x04{}", "22".repeat(32))),
			Err("d: a P-256 key must be compressed (first byte 02 or 03)".into())
		);
		assert_eq!(
			parse_device_key("d", "0x1234"),
			Err("d must be 32 bytes (Ed25519) or 33 bytes (compressed P-256), got 2".into())
		);
		assert!(parse_device_key("d", "0xzz").unwrap_err().contains("is not hex"));
		assert!(parse_device_key("d", "0x123").unwrap_err().contains("is not hex"));
		assert_eq!(device_key_hex(&DeviceKey::Ed25519([0x11; 32])), ed);

		let key = DeviceKey::Ed25519([0; 32]);
		assert_eq!(
			parse_signature("s", &key, "0x00").unwrap_err(),
			"s must be 64 bytes, got 1".to_string()
		);

		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		assert_eq!(ss58(&parse_account("a", alice).unwrap()), alice);
		assert!(parse_account("a", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ")
			.unwrap_err()
			.contains("is not an SS58 address"));
		// Alice on Polkadot (prefix 0).
		assert!(parse_account("a", "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5")
			.unwrap_err()
			.contains("network prefix 0"));

		assert_eq!(parse_cell("c", "8c1fb46624125ff"), Ok(0x8c1fb46624125ff));
		assert_eq!(parse_cell("c", "0x8c1fb46624125ff"), Ok(0x8c1fb46624125ff));
		assert!(parse_cell("c", "1234").is_err());
		assert_eq!(cell_string(0x8c1fb46624125ff), "8c1fb46624125ff");

		assert_eq!(parse_kind("lora-hotspot"), Ok(DeviceKind::LoraHotspot));
		assert_eq!(parse_kind("fiveGHotspot"), Ok(DeviceKind::FiveGHotspot));
		assert!(parse_kind("toaster").unwrap_err().contains("loraHotspot"));
		for reason in SANCTION_REASONS {
			assert_eq!(parse_reason(reason_name(reason)), Ok(reason));
		}
		for status in [DeviceStatus::Active, DeviceStatus::Suspended, DeviceStatus::Denied] {
			assert_eq!(parse_status(status_name(status)), Ok(status));
		}
		assert_eq!(parse_amount("x", "12"), Ok(12));
		assert!(parse_amount("x", "-1").unwrap_err().contains("not an amount"));
	}

	#[test]
	fn serde_forms_round_trip_and_name_what_is_wrong() {
		#[derive(Serialize, Deserialize, PartialEq, Debug)]
		struct Fields {
			#[serde(with = "as_device_key")]
			device: DeviceKey,
			#[serde(with = "as_amount")]
			amount: Balance,
			#[serde(with = "as_device_key::option")]
			next: Option<DeviceKey>,
			#[serde(with = "as_kind")]
			kind: DeviceKind,
		}
		let fields = Fields {
			device: DeviceKey::Ed25519([1; 32]),
			amount: u128::MAX,
			next: None,
			kind: DeviceKind::Sensor,
		};
		let json = serde_json::to_value(&fields).unwrap();
		assert_eq!(json["amount"], u128::MAX.to_string());
		assert_eq!(json["next"], serde_json::Value::Null);
		assert_eq!(json["kind"], "sensor");
		assert_eq!(serde_json::from_value::<Fields>(json.clone()).unwrap(), fields);
		let mut bad = json;
		bad["device"] = "0x12".into();
		let error = serde_json::from_value::<Fields>(bad).unwrap_err().to_string();
		assert!(error.contains("device key must be 32 bytes"), "{error}");
	}
}
