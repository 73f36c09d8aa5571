//! Unit tests of `pallet_rewards`: emission, the split, claims, expiry and the accounting
//! invariant.

use crate::{mock::*, *};
use depin_primitives::{
	work::{ProvenWork, WorkCategory},
	DeviceKey, DeviceKind, EpochIndex, SanctionReason, SanctionStatus,
};
use depin_test_utils::{charged, measured};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, Get},
	BoundedVec,
};
use pallet_authorship::EventHandler;
use sp_runtime::DispatchError;

const U: u64 = 1_000_000;

/// Credits work in the current epoch and counts it in the epoch's totals, as pallet-coverage
/// does.
fn credit(epoch: EpochIndex, device: DeviceKey, category: WorkCategory, units: u64) {
	assert_eq!(epoch, CurrentEpoch::get(), "work is credited in the current epoch");
	Rewards::credit(epoch, &device, category, units);
	EpochUnits::mutate(|totals| totals.add(category, units));
}

/// Closes the current epoch with the units credited in it, as pallet-coverage does, and moves
/// the clock on.
fn close_epoch() {
	let epoch = CurrentEpoch::get();
	Rewards::epoch_closed(epoch, EpochUnits::take());
	CurrentEpoch::set(epoch + 1);
	check_invariant();
}

fn check_invariant() {
	Rewards::check_accounting().expect("minted == paid + unclaimed + treasury");
	Rewards::check_device_records().expect("no record outlives its device");
}

fn free(who: u64) -> u64 {
	Balances::balance(&who)
}

fn treasury_balance() -> u64 {
	Balances::balance(&Rewards::treasury())
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Rewards(event) => Some(event),
			_ => None,
		})
		.collect()
}

#[test]
fn an_epoch_is_split_by_proven_work_and_paid_exactly() {
	new_test_ext().execute_with(|| {
		let a = register(1, DeviceKind::LoraHotspot, 1);
		let b = register(2, DeviceKind::LoraHotspot, 2);
		let c = register(3, DeviceKind::LoraHotspot, 2);
		credit(0, a, WorkCategory::Beacon, 3 * U);
		credit(0, b, WorkCategory::Beacon, U);
		credit(0, b, WorkCategory::Witness, U);
		credit(0, c, WorkCategory::Witness, 2 * U);
		for author in [1, 1, 1, 2] {
			Rewards::note_author(author);
		}
		let (before_1, before_2, treasury_before) = (free(1), free(2), treasury_balance());

		close_epoch();
		// 1,000,000 minted: beacons 20 %, witnesses 40 %, no uptime work (its 10 % goes to the
		// treasury with the treasury's 10 %), validators 20 % by blocks authored (3:1).
		let pools = Pools::<Test>::get(0).unwrap();
		assert_eq!(pools.beacon, Pool { amount: 200_000, units: 4 * U, paid: 0 });
		assert_eq!(pools.witness, Pool { amount: 400_000, units: 3 * U, paid: 0 });
		assert_eq!(pools.uptime, Pool::default());
		assert_eq!(free(1) - before_1, 150_000);
		assert_eq!(free(2) - before_2, 50_000);
		assert_eq!(treasury_balance() - treasury_before, 200_000);
		assert_eq!(TotalMinted::<Test>::get(), INITIAL);
		assert!(events().contains(&Event::EpochRewarded {
			epoch: 0,
			emission: INITIAL,
			pools,
			validators: 200_000,
			treasury: 200_000,
		}));

		// Each device gets floor(pool × units / total) of each pool, paid to its owner.
		assert_eq!(Rewards::claimable(&a), vec![(0, 150_000)]);
		assert_eq!(Rewards::claimable(&b), vec![(0, 50_000 + 133_333)]);
		assert_eq!(Rewards::claimable(&c), vec![(0, 266_666)]);
		let (before_1, before_2) = (free(1), free(2));
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(1)));
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(2)));
		assert_eq!(free(1) - before_1, 150_000);
		assert_eq!(free(2) - before_2, 183_333 + 266_666);
		assert_eq!(LifetimePaid::<Test>::get(2), 50_000 + 183_333 + 266_666);
		check_invariant();
		// The witness pool's rounding remainder (1) stays unclaimed until the epoch expires.
		assert_eq!(Pools::<Test>::get(0).unwrap().unclaimed(), 1);
		assert_noop!(
			Rewards::claim_rewards(RuntimeOrigin::signed(1)),
			Error::<Test>::NothingToClaim
		);

		for _ in 0..CLAIM_WINDOW {
			close_epoch();
		}
		assert!(Pools::<Test>::get(0).is_none());
		assert!(events().contains(&Event::EpochExpired { epoch: 0, unclaimed: 1 }));
	});
}

#[test]
fn the_emission_halves_and_never_exceeds_the_supply_cap() {
	new_test_ext().execute_with(|| {
		let expected = |epoch: u32| INITIAL >> (epoch / HALVING);
		for epoch in 0..3 * HALVING {
			assert_eq!(Rewards::scheduled_emission(epoch), expected(epoch), "epoch {epoch}");
		}
		assert_eq!(Rewards::scheduled_emission(HALVING - 1), INITIAL);
		assert_eq!(Rewards::scheduled_emission(HALVING), INITIAL / 2);
		assert_eq!(Rewards::scheduled_emission(200 * HALVING), 0);

		// Cap the supply 1.5 epochs of emission above today's issuance.
		let cap = Balances::total_issuance() + INITIAL + INITIAL / 2;
		assert_ok!(Rewards::set_emission_schedule(
			RuntimeOrigin::root(),
			EmissionSchedule {
				initial_per_epoch: INITIAL,
				halving_interval: HALVING,
				max_supply: cap
			}
		));
		close_epoch();
		close_epoch();
		close_epoch();
		assert_eq!(Balances::total_issuance(), cap);
		assert_eq!(TotalMinted::<Test>::get(), INITIAL + INITIAL / 2);
	});
}

#[test]
fn an_epoch_without_work_or_authors_goes_to_the_treasury() {
	new_test_ext().execute_with(|| {
		let before = treasury_balance();
		close_epoch();
		assert_eq!(treasury_balance() - before, INITIAL);
		assert_eq!(TotalToTreasury::<Test>::get(), INITIAL);
		assert_eq!(Pools::<Test>::get(0).unwrap().total(), 0);
	});
}

#[test]
fn rewards_go_to_the_owner_at_claim_time() {
	new_test_ext().execute_with(|| {
		let device = register(1, DeviceKind::Sensor, 1);
		credit(0, device, WorkCategory::Uptime, U);
		close_epoch();
		assert_ok!(Devices::transfer_device(RuntimeOrigin::signed(1), device, 3));
		let (before_1, before_3) = (free(1), free(3));
		// Anyone may trigger the claim; the owner is paid.
		let devices = BoundedVec::truncate_from(vec![device]);
		assert_ok!(Rewards::claim_rewards_for(RuntimeOrigin::signed(4), devices));
		assert_eq!(free(3) - before_3, 100_000);
		assert_eq!(free(1), before_1);
		assert!(events().contains(&Event::RewardsClaimed { owner: 3, amount: 100_000 }));
	});
}

/// Suspends or denies `device` as `AdminOrigin`.
fn sanction(device: DeviceKey, status: SanctionStatus) {
	assert_ok!(Devices::sanction_device(
		RuntimeOrigin::root(),
		device,
		status,
		SanctionReason::FakeWitness,
		Default::default()
	));
}

#[test]
fn a_deregistered_device_pays_the_owner_that_earned_and_leaves_nothing_behind() {
	new_test_ext().execute_with(|| {
		let device = register(1, DeviceKind::Sensor, 1);
		credit(0, device, WorkCategory::Uptime, U);
		close_epoch();
		// Work of the open epoch, whose pool is not known yet.
		credit(1, device, WorkCategory::Uptime, U);
		let before = free(1);
		assert_ok!(Devices::deregister_device(RuntimeOrigin::signed(1), device));
		assert_eq!(free(1) - before, 100_000 + DEVICE_BOND);
		assert!(events().contains(&Event::RewardsClaimed { owner: 1, amount: 100_000 }));
		assert!(DeviceEpochs::<Test>::get(device).is_empty());
		assert_eq!(DeviceWork::<Test>::iter().count(), 0);
		close_epoch();

		// The next registrant of the key inherits nothing; the forfeited share of epoch 1
		// stays unclaimed and expires to the treasury.
		register(1, DeviceKind::Sensor, 2);
		assert!(Rewards::claimable(&device).is_empty());
		let devices = BoundedVec::truncate_from(vec![device]);
		assert_noop!(
			Rewards::claim_rewards_for(RuntimeOrigin::signed(2), devices),
			Error::<Test>::NothingToClaim
		);
		assert_eq!(Pools::<Test>::get(1).unwrap().unclaimed(), 100_000);
		check_invariant();
	});
}

#[test]
fn deregistration_waits_for_a_backlog_larger_than_one_claim() {
	new_test_ext().execute_with(|| {
		// A claim window longer than a claim, as in the runtime.
		ClaimRecordLimit::set(2);
		let device = register(1, DeviceKind::Sensor, 1);
		for epoch in 0..3 {
			credit(epoch, device, WorkCategory::Uptime, U);
			close_epoch();
		}
		assert_noop!(
			Devices::deregister_device(RuntimeOrigin::signed(1), device),
			Error::<Test>::ClaimBeforeDeregistering
		);
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(1)));
		assert_ok!(Devices::deregister_device(RuntimeOrigin::signed(1), device));
		assert!(DeviceEpochs::<Test>::get(device).is_empty());
		check_invariant();
	});
}

#[test]
fn a_suspended_devices_rewards_are_frozen_and_a_denied_devices_forfeited() {
	new_test_ext().execute_with(|| {
		let suspended = register(1, DeviceKind::Sensor, 1);
		let denied = register(2, DeviceKind::Sensor, 1);
		credit(0, suspended, WorkCategory::Uptime, U);
		credit(0, denied, WorkCategory::Uptime, U);
		close_epoch();

		sanction(suspended, SanctionStatus::Suspended);
		let frozen = BoundedVec::truncate_from(vec![suspended]);
		assert_noop!(
			Rewards::claim_rewards_for(RuntimeOrigin::signed(4), frozen.clone()),
			Error::<Test>::NothingToClaim
		);
		assert_eq!(DeviceEpochs::<Test>::get(suspended).len(), 1);

		let treasury_before = treasury_balance();
		sanction(denied, SanctionStatus::Denied);
		assert_eq!(treasury_balance() - treasury_before, 50_000);
		assert!(events().contains(&Event::RewardsForfeited { device: denied, amount: 50_000 }));
		assert!(DeviceEpochs::<Test>::get(denied).is_empty());
		check_invariant();

		// Lifted, the frozen rewards are claimable again.
		assert_ok!(Devices::lift_sanction(RuntimeOrigin::root(), suspended));
		let before = free(1);
		assert_ok!(Rewards::claim_rewards_for(RuntimeOrigin::signed(4), frozen));
		assert_eq!(free(1) - before, 50_000);
		check_invariant();
	});
}

#[test]
fn a_sanctioned_device_that_leaves_forfeits_its_rewards() {
	new_test_ext().execute_with(|| {
		let device = register(1, DeviceKind::Sensor, 1);
		credit(0, device, WorkCategory::Uptime, U);
		close_epoch();
		sanction(device, SanctionStatus::Suspended);
		let (before, treasury_before) = (free(1), treasury_balance());
		assert_ok!(Devices::deregister_device(RuntimeOrigin::signed(1), device));
		assert_eq!(free(1) - before, DEVICE_BOND);
		assert_eq!(treasury_balance() - treasury_before, 100_000);
		assert!(DeviceEpochs::<Test>::get(device).is_empty());
		check_invariant();
	});
}

#[test]
fn claim_rewards_pages_through_many_devices() {
	new_test_ext().execute_with(|| {
		let devices: Vec<DeviceKey> = (1..=6).map(|n| register(n, DeviceKind::Sensor, 1)).collect();
		for device in &devices {
			credit(0, *device, WorkCategory::Uptime, U);
		}
		close_epoch();
		let before = free(1);
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(1)));
		assert!(ClaimCursor::<Test>::contains_key(1));
		let paid_first = free(1) - before;
		assert_eq!(paid_first, 4 * (100_000 / 6));
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(1)));
		assert!(!ClaimCursor::<Test>::contains_key(1));
		assert_eq!(free(1) - before, 6 * (100_000 / 6));
		// Further calls page on without paying, and never stick on an empty last page.
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(1)));
		assert!(ClaimCursor::<Test>::contains_key(1));
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(1)));
		assert!(!ClaimCursor::<Test>::contains_key(1));
		assert_eq!(free(1) - before, 6 * (100_000 / 6));
		check_invariant();
	});
}

#[test]
fn a_claim_pays_at_most_max_claim_records_epochs_and_resumes() {
	new_test_ext().execute_with(|| {
		let devices: Vec<DeviceKey> = (1..=3).map(|n| register(n, DeviceKind::Sensor, 1)).collect();
		for epoch in 0..3 {
			for device in &devices {
				credit(epoch, *device, WorkCategory::Uptime, U);
			}
			close_epoch();
		}
		// 9 epochs of work; a claim pays 6 of them, oldest first per device.
		let per_record = 100_000 / 3;
		let before = free(1);
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(1)));
		assert_eq!(free(1) - before, 6 * per_record);
		assert!(ClaimCursor::<Test>::contains_key(1));
		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(1)));
		assert_eq!(free(1) - before, 9 * per_record);
		assert!(!ClaimCursor::<Test>::contains_key(1));
		assert!(devices.iter().all(|device| DeviceEpochs::<Test>::get(device).is_empty()));
		assert_noop!(
			Rewards::claim_rewards(RuntimeOrigin::signed(1)),
			Error::<Test>::NothingToClaim
		);

		// claim_rewards_for stops at the budget too; the rest stays claimable.
		for epoch in 3..5 {
			for device in &devices {
				credit(epoch, *device, WorkCategory::Uptime, U);
			}
			close_epoch();
		}
		let all = BoundedVec::truncate_from(devices.clone());
		assert_ok!(Rewards::claim_rewards_for(RuntimeOrigin::signed(4), all.clone()));
		// Epoch 4 is past the first halving.
		assert_eq!(free(1) - before, 12 * per_record + 3 * (50_000 / 3));
		assert_eq!(DeviceEpochs::<Test>::get(devices[2]).len(), 0);
		check_invariant();
		assert_noop!(
			Rewards::claim_rewards_for(RuntimeOrigin::signed(4), all),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn an_owner_with_the_most_devices_claims_them_all_in_pages() {
	new_test_ext().execute_with(|| {
		let max = <Test as pallet_devices::Config>::MaxDevicesPerOwner::get();
		let devices: Vec<DeviceKey> =
			(0..max).map(|n| register(n as u8, DeviceKind::Sensor, 1)).collect();
		for device in &devices {
			credit(0, *device, WorkCategory::Uptime, U);
		}
		close_epoch();
		let before = free(1);
		let mut calls = 0;
		loop {
			assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(1)));
			calls += 1;
			if !ClaimCursor::<Test>::contains_key(1) {
				break;
			}
		}
		assert_eq!(calls, max.div_ceil(MAX_CLAIM_DEVICES));
		assert_eq!(free(1) - before, u64::from(max) * (100_000 / u64::from(max)));
		check_invariant();
	});
}

#[test]
fn pending_estimates_the_current_epoch_from_the_work_so_far() {
	new_test_ext().execute_with(|| {
		let a = register(1, DeviceKind::Sensor, 1);
		let b = register(2, DeviceKind::Sensor, 2);
		assert_eq!(Rewards::pending(&a), 0);
		credit(0, a, WorkCategory::Uptime, 3 * U);
		assert_eq!(Rewards::pending(&a), 100_000);
		credit(0, b, WorkCategory::Uptime, U);
		assert_eq!(Rewards::pending(&a), 75_000);
		assert_eq!(Rewards::pending(&b), 25_000);
		close_epoch();
		assert_eq!(Rewards::claimable(&a), vec![(0, 75_000)]);
		assert_eq!(Rewards::pending(&a), 0);
	});
}

#[test]
fn the_current_epochs_work_is_not_claimable_until_it_closes() {
	new_test_ext().execute_with(|| {
		let device = register(1, DeviceKind::Sensor, 1);
		credit(0, device, WorkCategory::Uptime, U);
		assert!(Rewards::claimable(&device).is_empty());
		assert_noop!(
			Rewards::claim_rewards(RuntimeOrigin::signed(1)),
			Error::<Test>::NothingToClaim
		);
		close_epoch();
		assert_eq!(Rewards::claimable(&device), vec![(0, 100_000)]);
	});
}

#[test]
fn expired_work_is_removed_by_anyone() {
	new_test_ext().execute_with(|| {
		let devices: Vec<DeviceKey> = (1..=3).map(|n| register(n, DeviceKind::Sensor, 1)).collect();
		for device in &devices {
			credit(0, *device, WorkCategory::Uptime, U);
		}
		close_epoch();
		assert_noop!(
			Rewards::remove_expired_work(RuntimeOrigin::signed(4), 0, 10),
			Error::<Test>::EpochNotExpired
		);
		for _ in 0..CLAIM_WINDOW {
			close_epoch();
		}
		// Nobody claimed: the whole uptime pool went back to the treasury.
		assert!(events().contains(&Event::EpochExpired { epoch: 0, unclaimed: 100_000 }));
		assert!(Rewards::claimable(&devices[0]).is_empty());
		let removed = Rewards::remove_expired_work(RuntimeOrigin::signed(4), 0, 2).unwrap();
		assert_eq!(removed.pays_fee, frame_support::dispatch::Pays::No);
		assert_eq!(DeviceWork::<Test>::iter_prefix(0).count(), 1);
		assert_ok!(Rewards::remove_expired_work(RuntimeOrigin::signed(4), 0, 2));
		assert_noop!(
			Rewards::remove_expired_work(RuntimeOrigin::signed(4), 0, 2),
			Error::<Test>::NothingToRemove
		);
	});
}

#[test]
fn root_sets_a_whole_split_and_a_valid_schedule() {
	new_test_ext().execute_with(|| {
		let half =
			PoolSplit { beacon: 5_000, witness: 5_000, uptime: 0, validators: 0, treasury: 0 };
		assert_noop!(
			Rewards::set_pool_split(RuntimeOrigin::signed(1), half),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Rewards::set_pool_split(RuntimeOrigin::root(), PoolSplit { treasury: 1, ..half }),
			Error::<Test>::SplitNotWhole
		);
		assert_ok!(Rewards::set_pool_split(RuntimeOrigin::root(), half));
		assert_eq!(Split::<Test>::get(), half);
		let schedule =
			EmissionSchedule { initial_per_epoch: 5, halving_interval: 0, max_supply: 9 };
		assert_noop!(
			Rewards::set_emission_schedule(RuntimeOrigin::root(), schedule),
			Error::<Test>::ZeroHalvingInterval
		);
		// A new split applies from the next close.
		let device = register(1, DeviceKind::LoraHotspot, 1);
		credit(0, device, WorkCategory::Beacon, U);
		close_epoch();
		assert_eq!(Pools::<Test>::get(0).unwrap().beacon.amount, INITIAL / 2);
	});
}

/// Many epochs of random work, claims, transfers and split changes: the invariant holds after
/// every step and every token minted is accounted for.
#[test]
fn minted_always_equals_paid_plus_unclaimed_plus_treasury() {
	new_test_ext().execute_with(|| {
		let devices: Vec<DeviceKey> = (1..=8)
			.map(|n| {
				register(
					n,
					if n % 2 == 0 { DeviceKind::Sensor } else { DeviceKind::LoraHotspot },
					1 + u64::from(n % 3),
				)
			})
			.collect();
		let mut state = 0x9e37_79b9_7f4a_7c15u64;
		let mut next = move |bound: u64| {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			state % bound
		};
		let categories = [WorkCategory::Beacon, WorkCategory::Witness, WorkCategory::Uptime];
		for _ in 0..40 {
			let epoch = CurrentEpoch::get();
			for _ in 0..next(12) {
				let device = devices[next(8) as usize];
				credit(epoch, device, categories[next(3) as usize], 1 + next(3 * U));
			}
			for _ in 0..next(3) {
				Rewards::note_author(1 + next(4));
			}
			close_epoch();
			match next(4) {
				0 => {
					let _ = Rewards::claim_rewards(RuntimeOrigin::signed(1 + next(3)));
				},
				1 => {
					let device = devices[next(8) as usize];
					let owner = pallet_devices::Devices::<Test>::get(device).unwrap().owner;
					let _ =
						Devices::transfer_device(RuntimeOrigin::signed(owner), device, 1 + next(3));
				},
				2 => {
					let k = next(4) as u16;
					let split = PoolSplit {
						beacon: 1_000 * k,
						witness: 3_000,
						uptime: 2_000,
						validators: 1_000,
						treasury: 4_000 - 1_000 * k,
					};
					assert_ok!(Rewards::set_pool_split(RuntimeOrigin::root(), split));
				},
				_ => {},
			}
			check_invariant();
		}
		assert!(TotalPaid::<Test>::get() > 0);
		assert!(TotalToTreasury::<Test>::get() > 0);
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		use frame_support::traits::Hooks;
		<Rewards as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn queries_report_claimable_pending_lifetime_and_the_chain_state() {
	new_test_ext().execute_with(|| {
		let devices: Vec<DeviceKey> = (1..=3).map(|n| register(n, DeviceKind::Sensor, 1)).collect();
		for device in &devices {
			credit(0, *device, WorkCategory::Uptime, U);
		}
		close_epoch();
		credit(1, devices[0], WorkCategory::Uptime, U);

		let first = Rewards::account_rewards(&1, None, 2).unwrap();
		assert_eq!(first.devices.len(), 2);
		let second = Rewards::account_rewards(&1, first.next, 2).unwrap();
		assert_eq!(second.devices.len(), 1);
		assert_eq!(second.next, None);
		let all = Rewards::account_rewards(&1, None, 10).unwrap();
		assert_eq!(all.claimable_total, 3 * 33_333);
		assert_eq!(all.pending_total, 100_000);
		assert_eq!(all.lifetime_paid, 0);
		assert_eq!(
			Rewards::account_totals(&1),
			AccountTotals { devices: 3, claimable: 3 * 33_333, pending: 100_000, lifetime_paid: 0 }
		);
		for limit in [0, depin_primitives::query::MAX_PAGE + 1] {
			assert_eq!(
				Rewards::account_rewards(&1, None, limit),
				Err(depin_primitives::query::QueryError::PageLimitOutOfRange {
					limit,
					max: depin_primitives::query::MAX_PAGE
				})
			);
		}
		let first_device = Rewards::device_rewards(&devices[0]).unwrap();
		assert_eq!(first_device.owner, 1);
		let uptime = depin_primitives::work::WorkTotals { uptime: U, ..Default::default() };
		assert_eq!(
			first_device.claimable,
			vec![EpochAmount { epoch: 0, units: uptime, amount: 33_333 }]
		);
		assert_eq!((first_device.pending, first_device.pending_units), (100_000, uptime));
		assert_eq!(Rewards::device_rewards(&DeviceKey::Ed25519([9; 32])), None);

		let state = Rewards::reward_state();
		assert_eq!(state.epoch, 1);
		assert_eq!(state.emission, INITIAL);
		assert_eq!(state.pools.uptime.amount, 100_000);
		assert_eq!(state.next_halving, HALVING);
		assert_eq!(state.total_minted, INITIAL);
		assert_eq!(state.unclaimed, 100_000);
		assert_eq!(state.total_to_treasury, INITIAL - 100_000);

		assert_ok!(Rewards::claim_rewards(RuntimeOrigin::signed(1)));
		assert_eq!(Rewards::account_rewards(&1, None, 10).unwrap().lifetime_paid, 3 * 33_333);
		assert_eq!(Rewards::account_totals(&1).lifetime_paid, 3 * 33_333);
		assert_eq!(Rewards::account_totals(&1).claimable, 0);
		assert_eq!(Rewards::reward_state().unclaimed, 1);
	});
}

/// Epoch closes, clean-ups and claims touch no more storage than their weights charge:
/// measured from the trie and the overlay (`depin_test_utils`), against the benchmarked weights.
#[test]
fn calls_pay_for_the_storage_they_touch() {
	count_database_weights();
	let mut ext = new_test_ext();
	let devices = ext.execute_with(|| {
		(1..=MAX_CLAIM_DEVICES as u8 + 1)
			.map(|n| register(n, DeviceKind::Sensor, 1))
			.collect::<Vec<_>>()
	});
	for epoch in 0..CLAIM_WINDOW + 2 {
		ext.execute_with(|| {
			for (i, device) in devices.iter().enumerate() {
				if (i as u32 + epoch).is_multiple_of(2) {
					credit(epoch, *device, WorkCategory::Uptime, U);
				}
			}
			for author in [1, 2, 2] {
				Rewards::note_author(author);
			}
		});
		let (weight, used) = measured::<AllPalletsWithSystem, _>(&mut ext, || {
			Rewards::epoch_closed(epoch, EpochUnits::take())
		});
		CurrentEpoch::set(epoch + 1);
		assert!(
			used.within(&charged(weight)),
			"close of {epoch}: {used:?} > {:?}",
			charged(weight)
		);
	}
	// Epoch 0 expired: its records are cleaned up.
	let (post, used) = measured::<AllPalletsWithSystem, _>(&mut ext, || {
		Rewards::remove_expired_work(RuntimeOrigin::signed(4), 0, 10).expect("removes")
	});
	let charged_weight = charged(post.actual_weight.unwrap());
	assert!(used.within(&charged_weight), "clean-up: {used:?} > {charged_weight:?}");
	// Claims page through the owner's devices and epochs.
	for page in 0..2 {
		let (post, used) = measured::<AllPalletsWithSystem, _>(&mut ext, || {
			Rewards::claim_rewards(RuntimeOrigin::signed(1)).expect("claims")
		});
		let charged_weight = charged(post.actual_weight.unwrap());
		assert!(used.within(&charged_weight), "claim {page}: {used:?} > {charged_weight:?}");
		assert!(used.writes > 0, "claim {page} paid something: {used:?}");
	}
	ext.execute_with(check_invariant);
}
