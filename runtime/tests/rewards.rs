//! The reward economy of the real runtime, block by block from the development genesis:
//! devices prove work through pallet-coverage, epochs close, pallet-rewards mints and splits,
//! owners claim exact amounts, and the accounting invariant holds after every block.

use depin_primitives::{signing::DeviceSigner, DeviceKey, DeviceKind};
use depin_runtime::{
	configs::{FeesToAuthorAndTreasury, FEE_TO_AUTHOR},
	AccountId, Balance, Balances, Rewards, Runtime, RuntimeCall, RuntimeOrigin, System, DPN,
};
use frame_support::{
	assert_ok,
	dispatch::GetDispatchInfo,
	traits::{fungible::Balanced, OnUnbalanced},
};
use pallet_rewards::{weights::WeightInfo, EmissionSchedule, PoolSplit};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::Dispatchable;

mod common;

use common::*;

fn dispatch(call: RuntimeCall, who: Sr25519Keyring) {
	assert_ok!(call.dispatch(RuntimeOrigin::signed(account(who))));
}

/// Registers device `seed` of `kind` for `owner`.
fn register(seed: u8, kind: DeviceKind, owner: Sr25519Keyring) -> DeviceSigner {
	let signer = device(seed);
	dispatch(register_call(&signer, kind, owner), owner);
	signer
}

fn locate(device: DeviceKey, cell: u64, owner: Sr25519Keyring) {
	dispatch(locate_call(device, cell), owner);
}

fn heartbeat(sensor: &DeviceSigner, owner: Sr25519Keyring) {
	dispatch(heartbeat_call(sensor), owner);
}

fn beacon(beaconer: &DeviceSigner, witness: &DeviceSigner, owner: Sr25519Keyring) {
	dispatch(receipt_call(beaconer, witness), owner);
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
		// Bob's claim goes through his 2 devices and their 2 epochs of work, and is charged the
		// benchmarked weight of exactly that, within what it declared.
		let call = RuntimeCall::Rewards(pallet_rewards::Call::claim_rewards {});
		let declared = call.get_dispatch_info().call_weight;
		let before = free(&account(bob));
		let post = call.dispatch(RuntimeOrigin::signed(account(bob))).expect("Bob claims");
		let weighed = <Runtime as pallet_rewards::Config>::WeightInfo::claim_rewards(2, 2);
		assert_eq!(post.actual_weight, Some(weighed));
		assert!(weighed.all_lte(declared) && weighed != declared);
		assert_eq!(free(&account(bob)) - before, doc["bob_claims"]);
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
		// A claim without rewards pays nothing and fails, changing nothing.
		let call = RuntimeCall::Rewards(pallet_rewards::Call::claim_rewards {});
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		let error = call.dispatch(RuntimeOrigin::signed(alice.clone())).unwrap_err();
		assert_eq!(error.error, pallet_rewards::Error::<Runtime>::NothingToClaim.into());
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);
	});
}
