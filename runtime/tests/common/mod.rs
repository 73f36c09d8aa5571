//! What the runtime's tests share: the development genesis, blocks, and the calls of devices
//! and their owners.

// Each test crate uses a part of this module.
#![allow(dead_code)]

use codec::Encode;
use depin_primitives::{
	device::{heartbeat_message, registration_message},
	maker::{DeviceCertificate, DEV_MAKER_SEED},
	poc::{beacon_payload, Beacon, BeaconReceipt, WitnessMeasurements, WitnessReport},
	signing::{certify, test_certificate_body, DeviceSigner},
	DeviceKey, DeviceKind, DeviceSignature,
};
use depin_runtime::{
	genesis_config_presets::development_config_genesis, AccountId, AllPalletsWithSystem, Balance,
	Balances, Coverage, Rewards, Runtime, RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin, System,
	Timestamp, SLOT_DURATION,
};
use frame_support::{
	assert_ok,
	traits::{fungible::Inspect, OnFinalize, OnInitialize},
};
use pallet_coverage::Heartbeat;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{Digest, DigestItem};

/// Notre-Dame and the Eiffel tower at resolution 12: 4,088 m apart.
pub const NOTRE_DAME: u64 = 0x8c1fb46624125ff;
/// See [`NOTRE_DAME`].
pub const EIFFEL: u64 = 0x8c1fb46741ae9ff;

/// The development genesis, built by the runtime's own genesis builder.
pub fn dev_chain() -> sp_io::TestExternalities {
	dev_chain_with(serde_json::json!({})).expect("the development genesis builds")
}

/// The development genesis with `patch` applied over it, as a chain spec applies its own.
pub fn dev_chain_with(patch: serde_json::Value) -> Result<sp_io::TestExternalities, String> {
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		// The preset is a patch over the default configuration, as the node applies it.
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
		merge(&mut config, development_config_genesis());
		merge(&mut config, patch);
		frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(
			serde_json::to_vec(&config).unwrap(),
		)
	})?;
	Ok(ext)
}

/// JSON merge patch (RFC 7386), as the node's chain spec applies a preset.
pub fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

pub fn account(who: Sr25519Keyring) -> AccountId {
	who.to_account_id()
}

pub fn free(who: &AccountId) -> Balance {
	Balances::balance(who)
}

/// Finalizes the current block and runs the next one's hooks as a block authored by Alice
/// (the only development validator), with its timestamp; checks the invariant.
pub fn next_block() {
	let now = System::block_number();
	let parent = if now > 0 {
		AllPalletsWithSystem::on_finalize(now);
		System::finalize().hash()
	} else {
		System::block_hash(0)
	};
	let number = now + 1;
	System::initialize(&number, &parent, &aura_digest(number));
	AllPalletsWithSystem::on_initialize(number);
	assert_ok!(Timestamp::set(RuntimeOrigin::none(), u64::from(number) * SLOT_DURATION));
	Rewards::check_accounting().expect("minted == paid + unclaimed + treasury");
}

/// Runs blocks until the current epoch has closed.
pub fn close_epoch() {
	let epoch = pallet_coverage::CurrentEpoch::<Runtime>::get();
	while pallet_coverage::CurrentEpoch::<Runtime>::get() == epoch {
		next_block();
	}
}

/// The Aura pre-runtime digest of block `number`, authored by Alice in slot `number`.
pub fn aura_digest(number: u32) -> Digest {
	let slot = Slot::from(u64::from(number));
	Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] }
}

/// The Ed25519 device of `seed`.
pub fn device(seed: u8) -> DeviceSigner {
	DeviceSigner::ed25519_from_seed(&[seed; 32])
}

/// The development maker's certificate of `device` of `kind`, for this chain.
pub fn dev_certificate(device: DeviceKey, kind: DeviceKind) -> DeviceCertificate {
	let body = test_certificate_body(System::block_hash(0).into(), 0, device, kind, 1, 1);
	certify(body, &DeviceSigner::ed25519_from_seed(DEV_MAKER_SEED))
}

/// `owner`'s registration of `signer`'s device of `kind`, with its proof of possession and the
/// development maker's certificate.
pub fn register_call(
	signer: &DeviceSigner,
	kind: DeviceKind,
	owner: Sr25519Keyring,
) -> RuntimeCall {
	let device = signer.public();
	let nonce = pallet_devices::Departures::<Runtime>::get(device).registrations;
	let message = registration_message(
		System::block_hash(0).as_ref(),
		&account(owner).encode(),
		&device,
		nonce,
	);
	let proof = signer.sign(&message);
	let certificate = Some(Box::new(dev_certificate(device, kind)));
	RuntimeCall::Devices(pallet_devices::Call::register_device { device, kind, proof, certificate })
}

/// The assertion of `device`'s location at `cell`.
pub fn locate_call(device: DeviceKey, cell: u64) -> RuntimeCall {
	RuntimeCall::Devices(pallet_devices::Call::assert_location {
		device,
		cell,
		gain_dbi_x10: 12,
		elevation_m: 10,
	})
}

/// `sensor`'s heartbeat for the current epoch, signed.
pub fn heartbeat_call(sensor: &DeviceSigner) -> RuntimeCall {
	let epoch = pallet_coverage::CurrentEpoch::<Runtime>::get();
	let device = sensor.public();
	let signature = sensor.sign(&heartbeat_message(System::block_hash(0).as_ref(), &device, epoch));
	RuntimeCall::Coverage(pallet_coverage::Call::submit_heartbeat {
		heartbeat: Heartbeat { device, epoch },
		signature,
	})
}

/// A beacon by `beaconer` on the previous block, heard by `witness`, all signed: 0.25 beacon
/// units and 1 witness unit when both are located 4 km apart.
pub fn receipt_call(beaconer: &DeviceSigner, witness: &DeviceSigner) -> RuntimeCall {
	let entropy_block = System::block_number() - 1;
	let local_entropy = [9; 16];
	let beacon = Beacon {
		entropy_block,
		local_entropy,
		payload: beacon_payload(
			System::block_hash(entropy_block).as_ref(),
			&beaconer.public(),
			&local_entropy,
		),
		frequency_khz: 868_100,
		tx_power_dbm_x10: 140,
	};
	let mut receipt =
		BeaconReceipt { beaconer: beaconer.public(), beacon, witnesses: Default::default() };
	let mut report = WitnessReport {
		witness: witness.public(),
		measurements: WitnessMeasurements {
			rssi_dbm_x10: -1_150,
			snr_db_x10: 40,
			frequency_khz: 868_120,
			arrival_us: 850,
		},
		signature: DeviceSignature::Ed25519([0; 64]),
	};
	report.signature = witness.sign(&Coverage::witness_message_for(&receipt, &report));
	receipt.witnesses = vec![report].try_into().unwrap();
	let signature = beaconer.sign(&Coverage::receipt_message_for(&receipt));
	RuntimeCall::Coverage(pallet_coverage::Call::submit_receipt { receipt, signature })
}
