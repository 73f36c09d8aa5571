//! Device key files: a device's secret in a JSON file readable only by its owner.

use std::{fs, io::Write, path::Path};

use depin_primitives::{signing::DeviceSigner, DeviceKey};
use serde::{Deserialize, Serialize};

use crate::json::text::{device_key_hex, hex, parse_array, Scheme};

/// The contents of a key file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
	scheme: Scheme,
	/// Ed25519: the 32-byte seed (RFC 8032 secret key); P-256: the 32-byte big-endian scalar.
	secret: String,
	/// The public key, for reading; checked against the secret on load.
	public: String,
}

/// A device's signer from a scheme and a 32-byte secret.
pub fn signer_from_secret(scheme: Scheme, secret: &[u8; 32]) -> Result<DeviceSigner, String> {
	match scheme {
		Scheme::Ed25519 => Ok(DeviceSigner::ed25519_from_seed(secret)),
		Scheme::P256 => DeviceSigner::p256_from_secret(secret)
			.ok_or_else(|| "the P-256 secret must be a scalar in 1..n-1".to_string()),
	}
}

/// `N` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], String> {
	let mut bytes = [0u8; N];
	fs::File::open("/dev/urandom")
		.and_then(|mut file| std::io::Read::read_exact(&mut file, &mut bytes))
		.map_err(|error| format!("cannot read /dev/urandom: {error}"))?;
	Ok(bytes)
}

/// A fresh signer of `scheme` and its secret.
pub fn generate(scheme: Scheme) -> Result<([u8; 32], DeviceSigner), String> {
	loop {
		let secret = random_bytes::<32>()?;
		// A P-256 scalar outside 1..n-1 has probability below 2^-32: draw again.
		if let Ok(signer) = signer_from_secret(scheme, &secret) {
			return Ok((secret, signer));
		}
	}
}

/// Writes a new key file (never over an existing one), readable only by its owner.
pub fn write(path: &Path, scheme: Scheme, secret: &[u8; 32]) -> Result<DeviceKey, String> {
	let public = signer_from_secret(scheme, secret)?.public();
	let file = KeyFile { scheme, secret: hex(secret), public: device_key_hex(&public) };
	let mut options = fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
	let mut out = options
		.open(path)
		.map_err(|error| format!("cannot create key file {}: {error}", path.display()))?;
	let text = serde_json::to_string_pretty(&file).expect("a key file serializes");
	writeln!(out, "{text}").map_err(|error| format!("cannot write {}: {error}", path.display()))?;
	Ok(public)
}

/// The signer in a key file.
pub fn read(path: &Path) -> Result<DeviceSigner, String> {
	let text = fs::read_to_string(path)
		.map_err(|error| format!("cannot read key file {}: {error}", path.display()))?;
	let file: KeyFile = serde_json::from_str(&text)
		.map_err(|error| format!("{} is not a device key file: {error}", path.display()))?;
	let signer = signer_from_secret(file.scheme, &parse_array("secret", &file.secret)?)?;
	if device_key_hex(&signer.public()) != file.public.to_lowercase() {
		return Err(format!("{}: the public key does not match the secret", path.display()));
	}
	Ok(signer)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn key_files_round_trip_and_are_never_overwritten() {
		let dir = std::env::temp_dir().join(format!("depin-keys-{}", std::process::id()));
		fs::create_dir_all(&dir).unwrap();
		for scheme in [Scheme::Ed25519, Scheme::P256] {
			let path = dir.join(format!("{scheme:?}.json"));
			let _ = fs::remove_file(&path);
			let (secret, signer) = generate(scheme).unwrap();
			assert_eq!(write(&path, scheme, &secret).unwrap(), signer.public());
			assert_eq!(read(&path).unwrap().public(), signer.public());
			assert!(write(&path, scheme, &secret).unwrap_err().contains("cannot create"));
			#[cfg(unix)]
			{
				use std::os::unix::fs::PermissionsExt;
				let mode = fs::metadata(&path).unwrap().permissions().mode();
				assert_eq!(mode & 0o777, 0o600);
			}
		}
		assert!(signer_from_secret(Scheme::P256, &[0; 32]).is_err());
		let tampered = dir.join("tampered.json");
		let _ = fs::remove_file(&tampered);
		fs::write(
			&tampered,
			format!(
				r#"{{"scheme":"ed25519","secret":"0x{}","public":"0x{}"}}"#,
				"01".repeat(32),
				"02".repeat(32)
			),
		)
		.unwrap();
		assert!(read(&tampered).err().unwrap().contains("does not match"));
		fs::remove_dir_all(&dir).unwrap();
	}
}
