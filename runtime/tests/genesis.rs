//! Chain specs with a fleet: genesis devices register only with their maker's certificate,
//! which the genesis makers check (they build first).

mod common;

use codec::Encode;
use common::*;
use depin_primitives::{
	maker::DEV_MAKER_SEED,
	signing::{certify, test_certificate_body, DeviceSigner},
	DeviceKind,
};
use depin_runtime::Runtime;
use sp_keyring::Sr25519Keyring;

/// A chain spec patch registering `device` for Dave, with `certificate` (`SCALE` bytes) if any.
fn with_device(device: &DeviceSigner, certificate: Option<Vec<u8>>) -> serde_json::Value {
	let hex = |bytes: &[u8]| format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&bytes));
	serde_json::json!({ "devices": { "devices": [{
		"owner": account(Sr25519Keyring::Dave),
		"key": hex(device.public().as_bytes()),
		"kind": "Sensor",
		"location": null,
		"certificate": certificate.map(|bytes| hex(&bytes)),
	}] } })
}

/// The development maker's certificate of `device` for a chain spec whose genesis hash is
/// `chain` (zeros: the genesis being built).
fn certificate(device: &DeviceSigner, chain: [u8; 32]) -> Vec<u8> {
	let body = test_certificate_body(chain, 0, device.public(), DeviceKind::Sensor, 1, 1);
	certify(body, &DeviceSigner::ed25519_from_seed(DEV_MAKER_SEED)).encode()
}

#[test]
fn a_genesis_device_registers_with_a_certificate_for_the_genesis_being_built() {
	let sensor = device(1);
	let mut ext = dev_chain_with(with_device(&sensor, Some(certificate(&sensor, [0; 32]))))
		.expect("a certified genesis device");
	ext.execute_with(|| {
		let info = pallet_devices::Devices::<Runtime>::get(sensor.public()).expect("registered");
		assert_eq!(info.certification.map(|c| c.maker), Some(0));
		assert_eq!(pallet_makers::Makers::<Runtime>::get(0).unwrap().certified, 1);
	});
}

#[test]
fn a_genesis_device_without_a_valid_certificate_fails_genesis() {
	let sensor = device(1);
	for certificate in [None, Some(certificate(&sensor, [1; 32])), Some(vec![0, 1, 2])] {
		// Genesis fails as the node sees it: with an error, or a panic of the builder.
		let patch = with_device(&sensor, certificate.clone());
		let built =
			std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dev_chain_with(patch)));
		assert!(!matches!(built, Ok(Ok(_))), "genesis built with {certificate:?}");
	}
}
