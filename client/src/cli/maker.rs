//! `depin-node maker …`: a maker's key, the certificates it signs for its devices, and reading
//! a certificate back. Certifying needs no node: a factory line knows the chain by its genesis
//! hash.

use std::path::Path;

use codec::{Decode, Encode};
use depin_primitives::{
	maker::{certificate_message, Capability, CertificateBody, DeviceCertificate},
	signing::certify,
	DeviceKey,
};
use serde::{Deserialize, Serialize};

use super::{
	io::{block_on, output, print_json, read_json},
	keys, MakerCmd,
};
use crate::{
	chain::Chain,
	json::text::{
		as_device_key, hex, kind_name, parse_array, parse_device_key, parse_hex, parse_kind,
		signature_hex, Scheme,
	},
};

/// Runs `depin-node maker …`.
pub fn run(command: &MakerCmd) -> Result<(), String> {
	match command {
		MakerCmd::KeyGenerate { scheme, out } => {
			let (secret, _) = keys::generate(*scheme)?;
			let public = keys::write(out, *scheme, &secret)?;
			print_json(&MakerKeyJson { scheme: *scheme, public, key_file: out });
			Ok(())
		},
		MakerCmd::Certify {
			key_file,
			maker,
			device,
			kind,
			batch,
			serial,
			rated_power_w,
			compute_class,
			expires_at,
			genesis_hash,
			url,
			out,
		} => {
			let signer = keys::read(key_file)?;
			let genesis_hash = match (genesis_hash, url) {
				(Some(hash), _) => parse_array("--genesis-hash", hash)?,
				(None, Some(url)) => block_on(async { Ok(Chain::connect(url).await?.genesis.0) })?,
				(None, None) => return Err("give --genesis-hash or --url".into()),
			};
			let capability = match (rated_power_w, compute_class) {
				(Some(watts), None) => Capability::RatedPowerW(*watts),
				(None, Some(class)) => Capability::ComputeClass(*class),
				(None, None) => Capability::Unrated,
				(Some(_), Some(_)) => {
					return Err("give --rated-power-w or --compute-class, not both".into())
				},
			};
			let kind = parse_kind(kind)?;
			if !capability.fits(kind) {
				return Err(format!(
					"a {} device takes {}",
					kind_name(kind),
					match kind {
						depin_primitives::DeviceKind::Energy => "--rated-power-w (more than 0)",
						depin_primitives::DeviceKind::Compute => "--compute-class (0 to 7)",
						_ => "neither --rated-power-w nor --compute-class",
					}
				));
			}
			let body = CertificateBody {
				genesis_hash,
				maker: *maker,
				device: parse_device_key("--device", device)?,
				kind,
				batch: *batch,
				serial: *serial,
				capability,
				expires_at: *expires_at,
			};
			output(&CertificateJson::of(&certify(body, &signer)), out.as_deref())
		},
		MakerCmd::Inspect { certificate } => {
			print_json(&CertificateJson::of(&read_certificate(certificate)?));
			Ok(())
		},
	}
}

/// The certificate in `file` (what `maker certify` writes), or given as `0x` hex.
pub fn read_certificate(file_or_hex: &str) -> Result<DeviceCertificate, String> {
	let bytes = if file_or_hex.starts_with("0x") {
		parse_hex("--certificate", file_or_hex)?
	} else {
		let file: CertificateFile = read_json(Path::new(file_or_hex))?;
		parse_hex("certificate", &file.certificate)?
	};
	DeviceCertificate::decode(&mut &bytes[..])
		.ok()
		.filter(|certificate| certificate.encode() == bytes)
		.ok_or_else(|| "the certificate is not a SCALE DeviceCertificate (docs/signing.md)".into())
}

/// A certificate file: only its SCALE bytes are read back.
#[derive(Deserialize)]
struct CertificateFile {
	certificate: String,
}

/// A maker key, as `key-generate` prints it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MakerKeyJson<'a> {
	scheme: Scheme,
	#[serde(with = "as_device_key")]
	public: DeviceKey,
	key_file: &'a Path,
}

/// A certificate, as `certify` writes it and `inspect` prints it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CertificateJson {
	/// `SCALE(DeviceCertificate)`, what `device register --certificate` takes.
	certificate: String,
	genesis_hash: String,
	maker: u32,
	#[serde(with = "as_device_key")]
	device: DeviceKey,
	kind: &'static str,
	batch: u32,
	serial: u64,
	capability: CapabilityJson,
	expires_at: Option<u64>,
	#[serde(with = "as_device_key")]
	signer: DeviceKey,
	signature: String,
	/// Whether the signature is the signer's over the certificate message (whether the signer
	/// is one of the maker's active keys, the chain decides at registration).
	signature_valid: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum CapabilityJson {
	Unrated,
	RatedPowerW(u32),
	ComputeClass(u8),
}

impl CertificateJson {
	fn of(certificate: &DeviceCertificate) -> Self {
		let DeviceCertificate::Maker(inner) = certificate;
		let body = &inner.body;
		CertificateJson {
			certificate: hex(&certificate.encode()),
			genesis_hash: hex(&body.genesis_hash),
			maker: body.maker,
			device: body.device,
			kind: kind_name(body.kind),
			batch: body.batch,
			serial: body.serial,
			capability: match body.capability {
				Capability::Unrated => CapabilityJson::Unrated,
				Capability::RatedPowerW(watts) => CapabilityJson::RatedPowerW(watts),
				Capability::ComputeClass(class) => CapabilityJson::ComputeClass(class),
			},
			expires_at: body.expires_at,
			signer: inner.signer,
			signature: signature_hex(&inner.signature),
			signature_valid: inner.signer.verify(&inner.signature, &certificate_message(body)),
		}
	}
}
