//! The reward economy of the real runtime, block by block from the development genesis:
//! devices prove work through pallet-coverage, epochs close, pallet-rewards mints and splits,
//! owners claim exact amounts, and the accounting invariant holds after every block.

use codec::Encode;
use depin_primitives::{
	device::{heartbeat_message, registration_message},
	poc::{beacon_payload, Beacon, BeaconReceipt, WitnessMeasurements, WitnessReport},
	signing::DeviceSigner,
	DeviceKey, DeviceKind, DeviceSignature,
};
use depin_runtime::{
	configs::{FeesToAuthorAndTreasury, FEE_TO_AUTHOR},
	genesis_config_presets::development_config_genesis,
	AccountId, AllPalletsWithSystem, Balance, Balances, Coverage, Rewards, Runtime, RuntimeCall,
	RuntimeGenesisConfig, RuntimeOrigin, System, Timestamp, DPN, SLOT_DURATION,
};
use frame_support::{
	assert_ok,
	dispatch::GetDispatchInfo,
	traits::{
		fungible::{Balanced, Inspect},
		OnFinalize, OnInitialize, OnUnbalanced,
	},
};
use pallet_coverage::Heartbeat;
use pallet_rewards::{EmissionSchedule, PoolSplit};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Dispatchable, Digest, DigestItem};

/// Notre-Dame and the Eiffel tower at resolution 12: 4,088 m apart.
const NOTRE_DAME: u64 = 0x8c1fb46624125ff;
const EIFFEL: u64 = 0x8c1fb46741ae9ff;

/// The development genesis, built by the runtime's own genesis builder.
fn dev_chain() -> sp_io::TestExternalities {
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		// The preset is a patch over the default configuration, as the node applies it.
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
		merge(&mut config, development_config_genesis());
		frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(
			serde_json::to_vec(&config).unwrap(),
		)
		.expect("the development genesis builds");
	});
	ext
}

/// JSON merge patch (RFC 7386), as the node's chain spec applies a preset.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

fn account(who: Sr25519Keyring) -> AccountId {
	who.to_account_id()
}

fn free(who: &AccountId) -> Balance {
	Balances::balance(who)
}

/// Finalizes the current block and runs the next one's hooks as a block authored by Alice
/// (the only development validator), with its timestamp; checks the invariant.
fn next_block() {
	let now = System::block_number();
	let parent = if now > 0 {
		AllPalletsWithSystem::on_finalize(now);
		System::finalize().hash()
	} else {
		System::block_hash(0)
	};
	let number = now + 1;
	let slot = Slot::from(u64::from(number));
	let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
	System::initialize(&number, &parent, &digest);
	AllPalletsWithSystem::on_initialize(number);
	assert_ok!(Timestamp::set(RuntimeOrigin::none(), u64::from(number) * SLOT_DURATION));
	Rewards::check_accounting().expect("minted == paid + unclaimed + treasury");
}

/// Runs blocks until the current epoch has closed.
fn close_epoch() {
	let epoch = pallet_coverage::CurrentEpoch::<Runtime>::get();
	while pallet_coverage::CurrentEpoch::<Runtime>::get() == epoch {
		next_block();
	}
}

fn dispatch(call: RuntimeCall, who: Sr25519Keyring) {
	assert_ok!(call.dispatch(RuntimeOrigin::signed(account(who))));
}

/// Registers a device with its proof of possession.
fn register(seed: u8, kind: DeviceKind, owner: Sr25519Keyring) -> DeviceSigner {
	let signer = DeviceSigner::ed25519_from_seed(&[seed; 32]);
	let device = signer.public();
	let nonce = pallet_devices::RegistrationNonce::<Runtime>::get(device);
	let message = registration_message(
		System::block_hash(0).as_ref(),
		&account(owner).encode(),
		&device,
		nonce,
	);
	let proof = signer.sign(&message);
	dispatch(
		RuntimeCall::Devices(pallet_devices::Call::register_device { device, kind, proof }),
		owner,
	);
	signer
}

fn locate(device: DeviceKey, cell: u64, owner: Sr25519Keyring) {
	dispatch(
		RuntimeCall::Devices(pallet_devices::Call::assert_location {
			device,
			cell,
			gain_dbi_x10: 12,
			elevation_m: 10,
		}),
		owner,
	);
}

fn heartbeat(sensor: &DeviceSigner, owner: Sr25519Keyring) {
	let epoch = pallet_coverage::CurrentEpoch::<Runtime>::get();
	let device = sensor.public();
	let signature = sensor.sign(&heartbeat_message(System::block_hash(0).as_ref(), &device, epoch));
	dispatch(
		RuntimeCall::Coverage(pallet_coverage::Call::submit_heartbeat {
			heartbeat: Heartbeat { device, epoch },
			signature,
		}),
		owner,
	);
}

/// A beacon by `beaconer` heard by `witness`: 0.25 beacon units and 1 witness unit.
fn beacon(beaconer: &DeviceSigner, witness: &DeviceSigner, owner: Sr25519Keyring) {
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
		tx_power_dbm_x10: 270,
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
	dispatch(
		RuntimeCall::Coverage(pallet_coverage::Call::submit_receipt { receipt, signature }),
		owner,
	);
}

/// The amounts of the worked example in docs/rewards.md (`name = N DPN` lines), in planck.
fn worked_example() -> std::collections::BTreeMap<String, Balance> {
	let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rewards.md"))
		.expect("docs/rewards.md is readable");
	doc.lines()
		.filter_map(|line| {
			let (name, value) = line.split_once(" = ")?;
			let amount: Balance = value.strip_suffix(" DPN")?.parse().ok()?;
			Some((name.trim().to_string(), amount * DPN))
		})
		.collect()
}

fn claim(owner: Sr25519Keyring) -> Balance {
	let before = free(&account(owner));
	dispatch(RuntimeCall::Rewards(pallet_rewards::Call::claim_rewards {}), owner);
	free(&account(owner)) - before
}

fn claimable(device: &DeviceSigner) -> Balance {
	Rewards::device_rewards(&device.public()).map_or(0, |rewards| rewards.claimable_total)
}

/// The worked example of docs/rewards.md, then a halving, a split change, an epoch without
/// work and a transfer, with exact balances throughout.
#[test]
fn rewards_over_several_epochs_add_up_exactly() {
	dev_chain().execute_with(|| {
		let (alice, bob, charlie, dave) = (
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		);
		let treasury = Rewards::treasury();
		next_block();

		// Epoch 0: Bob's hotspot A beacons, his hotspot B witnesses it; Charlie's sensor S is
		// up. Alice authors every block.
		let a = register(1, DeviceKind::LoraHotspot, bob);
		let b = register(2, DeviceKind::LoraHotspot, bob);
		let s = register(3, DeviceKind::Sensor, charlie);
		locate(a.public(), NOTRE_DAME, bob);
		locate(b.public(), EIFFEL, bob);
		next_block();
		beacon(&a, &b, bob);
		heartbeat(&s, charlie);
		let (alice_before, treasury_before) = (free(&account(alice)), free(&treasury));
		close_epoch();

		// 14,000 DPN minted: beacons 15 %, witnesses 45 %, uptime 20 %, authors 10 %, treasury
		// 10 %. Each pool has one device, which takes it whole.
		let doc = worked_example();
		assert_eq!(doc.len(), 7, "the worked example's lines");
		assert_eq!(pallet_rewards::TotalMinted::<Runtime>::get(), doc["emission"]);
		assert_eq!(free(&account(alice)) - alice_before, doc["alice_authoring"]);
		assert_eq!(free(&treasury) - treasury_before, doc["treasury"]);
		assert_eq!(claimable(&a), doc["hotspot_a_beacon"]);
		assert_eq!(claimable(&b), doc["hotspot_b_witness"]);
		assert_eq!(claimable(&s), doc["sensor_s_uptime"]);
		assert_eq!(claim(bob), doc["bob_claims"]);
		assert_eq!(doc["bob_claims"], 8_400 * DPN);
		assert_eq!(claimable(&a), 0);

		// Epoch 1: A beacons again and Charlie's sensors S and T are up. Root makes the
		// emission halve every two epochs and moves the uptime share to the treasury; both
		// apply from the close of epoch 1.
		let t = register(4, DeviceKind::Sensor, charlie);
		heartbeat(&s, charlie);
		heartbeat(&t, charlie);
		while System::block_number() % 10 < 2 {
			next_block();
		}
		beacon(&a, &b, bob);
		assert_ok!(Rewards::set_emission_schedule(
			RuntimeOrigin::root(),
			EmissionSchedule {
				initial_per_epoch: 14_000 * DPN,
				halving_interval: 2,
				max_supply: 1_000_000_000 * DPN,
			},
		));
		assert_ok!(Rewards::set_pool_split(
			RuntimeOrigin::root(),
			PoolSplit {
				beacon: 1_500,
				witness: 4_500,
				uptime: 0,
				validators: 1_000,
				treasury: 3_000
			},
		));
		let treasury_before = free(&treasury);
		close_epoch();
		// The uptime work of epoch 1 finds an empty pool: its share went to the treasury.
		assert_eq!(free(&treasury) - treasury_before, 4_200 * DPN);
		assert_eq!(claimable(&s), 2_800 * DPN);
		assert_eq!(claimable(&t), 0);

		// Epoch 2 has no work at all and is past the halving: 7,000 DPN, of which the authors
		// get 700 and the treasury the rest.
		let (alice_before, treasury_before) = (free(&account(alice)), free(&treasury));
		close_epoch();
		assert_eq!(free(&account(alice)) - alice_before, 700 * DPN);
		assert_eq!(free(&treasury) - treasury_before, 6_300 * DPN);

		// Charlie sells S to Dave before claiming: the rewards go to the owner at claim time.
		dispatch(
			RuntimeCall::Devices(pallet_devices::Call::transfer_device {
				device: s.public(),
				new_owner: account(dave).into(),
			}),
			charlie,
		);
		assert_eq!(claim(dave), 2_800 * DPN);
		assert_eq!(claim(bob), 8_400 * DPN);
		let minted = pallet_rewards::TotalMinted::<Runtime>::get();
		assert_eq!(minted, (14_000 + 14_000 + 7_000) * DPN);
		assert_eq!(
			pallet_rewards::TotalPaid::<Runtime>::get(),
			(8_400 + 2_800 + 8_400 + 1_400 * 2 + 700) * DPN
		);
		next_block();
	});
}

/// Fees: 20 % to the block author and 80 % to the treasury; tips to the author whole.
#[test]
fn fees_go_to_the_author_and_the_treasury() {
	dev_chain().execute_with(|| {
		next_block();
		let alice = account(Sr25519Keyring::Alice);
		let treasury = Rewards::treasury();
		let (alice_before, treasury_before) = (free(&alice), free(&treasury));
		let fee = Balances::issue(1_000 * DPN);
		let tip = Balances::issue(30 * DPN);
		FeesToAuthorAndTreasury::on_unbalanceds([fee, tip].into_iter());
		assert_eq!(FEE_TO_AUTHOR * (1_000 * DPN), 200 * DPN);
		assert_eq!(free(&alice) - alice_before, 230 * DPN);
		assert_eq!(free(&treasury) - treasury_before, 800 * DPN);
		// The addresses docs/rewards.md gives.
		use sp_core::crypto::Ss58Codec;
		let documented = |ss58: &str| AccountId::from_ss58check(ss58).unwrap();
		assert_eq!(treasury, documented("5EYCAe5gKrqUgL4ZzqjwmMNkmnqPkU183qtzCrw7GRmKsNis"));
		assert_eq!(Rewards::pot(), documented("5EYCAe5gKrqUgGYYGbD8HccGJgF2zn1wSNvNZiLa2oVNWo4P"));
		// A claim costs what its weight says, and pays nothing without rewards.
		let call = RuntimeCall::Rewards(pallet_rewards::Call::claim_rewards {});
		assert!(call.get_dispatch_info().call_weight.ref_time() > 0);
	});
}
