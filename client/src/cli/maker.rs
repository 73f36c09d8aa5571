//! `depin-node maker …`: a maker's key, the certificates it signs for its devices, the
//! certificate of a device's X.509 chain, and reading a certificate back. Certifying needs no
//! node: a factory line knows the chain by its genesis hash.

use std::{
	path::Path,
	time::{SystemTime, UNIX_EPOCH},
};

use codec::{Decode, Encode};
use depin_primitives::{
	maker::{
		certificate_message, Capability, CertificateBody, DeviceCertificate, MakerCertificate,
	},
	signing::certify,
	x509::{self, CertificateDer, X509Chain},
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
			let DeviceCertificate::Maker(inner) = certify(body, &signer) else {
				unreachable!("certify signs maker certificates")
			};
			output(&CertificateJson::maker(&inner), out.as_deref())
		},
		MakerCmd::Inspect { certificate, root } => {
			let json = match read_certificate(certificate)? {
				DeviceCertificate::Maker(inner) => CertificateJson::maker(&inner),
				DeviceCertificate::X509(chain) => {
					let root = root.as_deref().ok_or(
						"an X.509 chain is checked against its root: give --root (DER or PEM)",
					)?;
					CertificateJson::x509(chain, &read_der(root)?)?
				},
			};
			print_json(&json);
			Ok(())
		},
		MakerCmd::X509Chain { root, signer, device, out } => {
			let root = read_der(root)?;
			let certificates = [device, signer]
				.map(|path| {
					let der = read_der(path)?;
					CertificateDer::try_from(der).map_err(|der| {
						format!(
							"{}: {} bytes, longer than the {} a chain takes",
							path.display(),
							der.len(),
							x509::MAX_CERTIFICATE_LEN
						)
					})
				})
				.into_iter()
				.collect::<Result<Vec<_>, _>>()?;
			let chain = X509Chain {
				root: x509::root_id(&root),
				certificates: certificates.try_into().expect("two certificates fit the bound"),
			};
			let json = CertificateJson::x509(chain, &root)?;
			if let CertificateJson::X509(X509Json { error: Some(error), .. }) = &json {
				return Err(format!("the chain does not verify under the root: {error}"));
			}
			output(&json, out.as_deref())
		},
	}
}

/// A certificate's DER bytes from a DER or PEM file.
fn read_der(path: &Path) -> Result<Vec<u8>, String> {
	let bytes =
		std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
	if !bytes.starts_with(b"-----BEGIN") {
		return Ok(bytes);
	}
	let (label, der) = x509_cert::der::pem::decode_vec(&bytes)
		.map_err(|error| format!("{}: not PEM: {error}", path.display()))?;
	if label != "CERTIFICATE" {
		return Err(format!("{}: a PEM {label}, not a CERTIFICATE", path.display()));
	}
	Ok(der)
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

/// A certificate, as `certify` and `x509-chain` write it and `inspect` prints it.
#[derive(Serialize)]
#[serde(untagged)]
enum CertificateJson {
	Maker(MakerJson),
	X509(X509Json),
}

/// A maker certificate.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MakerJson {
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

/// An X.509 chain, verified against its root now.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct X509Json {
	/// `SCALE(DeviceCertificate)`, what `device register --certificate` takes.
	certificate: String,
	/// The root's fingerprint, which governance registered it under.
	root: String,
	/// What the chain certifies, if it verifies.
	#[serde(with = "as_device_key::option")]
	device: Option<DeviceKey>,
	batch: Option<u32>,
	serial: Option<u64>,
	/// Why the chain does not verify under the root now (the `makers` error's condition).
	error: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum CapabilityJson {
	Unrated,
	RatedPowerW(u32),
	ComputeClass(u8),
}

impl CertificateJson {
	fn maker(inner: &MakerCertificate) -> Self {
		let body = &inner.body;
		CertificateJson::Maker(MakerJson {
			certificate: hex(&DeviceCertificate::Maker(inner.clone()).encode()),
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
		})
	}

	/// `chain` verified under the DER certificate `root` at this machine's time.
	fn x509(chain: X509Chain, root: &[u8]) -> Result<Self, String> {
		if x509::root_id(root) != chain.root {
			return Err(format!(
				"the chain names the root {}, this root is {}",
				hex(&chain.root),
				hex(&x509::root_id(root))
			));
		}
		let (_, anchor) =
			x509::parse_root(root).map_err(|error| format!("the root is refused: {error:?}"))?;
		let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs());
		let verified = x509::verify_chain(&chain.certificates, &anchor, Some(now));
		let certified = verified.as_ref().ok();
		Ok(CertificateJson::X509(X509Json {
			certificate: hex(&DeviceCertificate::X509(chain.clone()).encode()),
			root: hex(&chain.root),
			device: certified.map(|device| device.key),
			batch: certified.map(|device| device.batch),
			serial: certified.map(|device| device.serial),
			error: verified.err().map(|error| format!("{error:?}")),
		}))
	}
}
