//! What every command shares: running it, JSON in and out, the owner's key, a device named by
//! key or key file, and decimal arguments in tenths.

use std::path::Path;

use depin_primitives::DeviceKey;
use serde::Serialize;
use sp_core::{sr25519, Pair};

use super::{keys, DeviceRef, Owner};
use crate::json::text::parse_device_key;

/// Runs a command: exits with status 0 once it printed its result, or prints its error on
/// stderr and exits with status 1.
pub fn run(command: impl FnOnce() -> Result<(), String>) -> ! {
	match command() {
		Ok(()) => std::process::exit(0),
		Err(error) => {
			eprintln!("error: {error}");
			std::process::exit(1)
		},
	}
}

/// Runs `future` to completion on a runtime of its own.
pub fn block_on<T>(
	future: impl std::future::Future<Output = Result<T, String>>,
) -> Result<T, String> {
	tokio::runtime::Builder::new_current_thread()
		.enable_all()
		.build()
		.map_err(|error| format!("cannot start the async runtime: {error}"))?
		.block_on(future)
}

/// Prints `value` as pretty JSON on stdout.
pub fn print_json(value: &impl Serialize) {
	println!("{}", serde_json::to_string_pretty(value).expect("JSON serializes"));
}

/// Writes `value` as pretty JSON to `out`, or prints it.
pub fn output(value: &impl Serialize, out: Option<&Path>) -> Result<(), String> {
	match out {
		Some(path) => std::fs::write(
			path,
			serde_json::to_string_pretty(value).expect("JSON serializes") + "\n",
		)
		.map_err(|error| format!("cannot write {}: {error}", path.display())),
		None => {
			print_json(value);
			Ok(())
		},
	}
}

/// The JSON document in `path`.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
	let text = std::fs::read_to_string(path)
		.map_err(|error| format!("cannot read {}: {error}", path.display()))?;
	serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// The owner's sr25519 key, from `--suri` or `--suri-file`.
pub fn owner_pair(owner: &Owner) -> Result<sr25519::Pair, String> {
	let suri = match (&owner.suri, &owner.suri_file) {
		(Some(suri), _) => suri.clone(),
		(None, Some(path)) => std::fs::read_to_string(path)
			.map_err(|error| format!("cannot read {}: {error}", path.display()))?
			.trim()
			.to_string(),
		(None, None) => return Err("give --suri or --suri-file".into()),
	};
	sr25519::Pair::from_string(&suri, None)
		.map_err(|error| format!("the owner secret is not a valid secret URI: {error:?}"))
}

/// The device named by `--device` or `--key-file`.
pub fn device_key(device: &DeviceRef) -> Result<DeviceKey, String> {
	match (&device.device, &device.key_file) {
		(Some(key), _) => parse_device_key("--device", key),
		(None, Some(path)) => Ok(keys::read(path)?.public()),
		(None, None) => Err("give --device or --key-file".into()),
	}
}

/// Tenths of a unit, for dBm, dBi and dB arguments.
pub fn tenths<T: TryFrom<i64>>(what: &str, value: f64) -> Result<T, String> {
	let scaled = (value * 10.0).round();
	if !scaled.is_finite() {
		return Err(format!("{what} must be a number"));
	}
	T::try_from(scaled as i64).map_err(|_| format!("{what} = {value} is out of range"))
}

/// A JSON-RPC error as one line: the node's message and its data, if any.
pub fn describe_rpc(error: jsonrpsee::core::ClientError) -> String {
	match error {
		jsonrpsee::core::ClientError::Call(error) => match error.data() {
			Some(data) => format!("{} ({})", error.message(), data.get()),
			None => error.message().to_string(),
		},
		other => other.to_string(),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn tenths_round_and_refuse_out_of_range_values() {
		assert_eq!(tenths::<i16>("x", -108.54), Ok(-1085));
		assert_eq!(tenths::<u16>("x", 1.25), Ok(13));
		assert!(tenths::<u16>("x", -1.0).unwrap_err().contains("out of range"));
		assert!(tenths::<i16>("x", f64::NAN).unwrap_err().contains("must be a number"));
	}
}
