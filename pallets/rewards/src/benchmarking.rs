//! Benchmarks of `pallet_rewards`, in the worst case of each call.

use super::*;
use alloc::vec::Vec;
use depin_primitives::{
	work::{WorkTotals, REWARD_UNIT},
	DeviceKey, EpochIndex,
};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use pallet_authorship::EventHandler;
use sp_runtime::traits::{Saturating, UniqueSaturatedFrom, Zero};

/// Units of every category, so that each claim and close reads every pool.
fn all_categories(units: u64) -> WorkTotals {
	WorkTotals { beacon: units, witness: units, uptime: units }
}

/// A device key for benchmark number `n`; it only needs to be unique.
fn device(n: u32) -> DeviceKey {
	let mut key = [0u8; 32];
	key[..4].copy_from_slice(&n.to_le_bytes());
	DeviceKey::Ed25519(key)
}

/// `count` registered devices of `owner`.
fn owned_devices<T: Config>(owner: &T::AccountId, count: u32) -> Vec<DeviceKey> {
	(0..count)
		.map(|n| {
			let key = device(n);
			T::BenchmarkHelper::add_device(owner, key);
			key
		})
		.collect()
}

/// An amount of tokens worth paying out: well above the existential deposit.
fn tokens<T: Config>(units: u32) -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(BalanceOf::<T>::unique_saturated_from(
		1_000u128.saturating_mul(u128::from(units)),
	))
}

/// Stores a closed epoch's pools funded in the pot, as `close_epoch` would.
fn funded_pools<T: Config>(epoch: EpochIndex, units: u64) {
	let pool = Pool { amount: tokens::<T>(1_000), units, paid: Zero::zero() };
	let pools = EpochPools { beacon: pool, witness: pool, uptime: pool };
	T::Currency::mint_into(&Pallet::<T>::pot(), pools.total()).expect("minting succeeds");
	TotalMinted::<T>::mutate(|total| total.saturating_accrue(pools.total()));
	Pools::<T>::insert(epoch, pools);
}

/// Credits `device` with work in `epoch`, as pallet-coverage does.
fn credit<T: Config>(epoch: EpochIndex, device: &DeviceKey) {
	use depin_primitives::work::{ProvenWork, WorkCategory};
	for category in [WorkCategory::Beacon, WorkCategory::Witness, WorkCategory::Uptime] {
		Pallet::<T>::credit(epoch, device, category, REWARD_UNIT);
	}
}

/// `authors` distinct block authors in the current epoch, each with one block.
fn note_authors<T: Config>(authors: u32) {
	for n in 0..authors {
		Pallet::<T>::note_author(account("author", n, 0));
	}
}

/// The epoch that closes in the close benchmarks: one whose close also expires an epoch with
/// unclaimed rewards.
fn closing_epoch<T: Config>() -> EpochIndex {
	T::ClaimWindow::get() + 1
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `d` devices of one owner with `r` epochs of work among them, each record in an epoch of
	/// its own (as long as the claim window allows), so that every record reads its own pool.
	#[benchmark]
	fn claim_rewards(
		d: Linear<1, { T::MaxClaimDevices::get() }>,
		r: Linear<1, { T::MaxClaimRecords::get() }>,
	) {
		let owner: T::AccountId = account("owner", 0, 0);
		let devices = owned_devices::<T>(&owner, d);
		let epochs = r.min(T::ClaimWindow::get());
		for epoch in 0..epochs {
			funded_pools::<T>(epoch, 3 * REWARD_UNIT * u64::from(d));
		}
		for record in 0..r {
			credit::<T>(record % epochs, &devices[(record % d) as usize]);
		}
		T::BenchmarkHelper::set_current_epoch(epochs);
		let before = T::Currency::balance(&owner);

		#[extrinsic_call]
		claim_rewards(RawOrigin::Signed(owner.clone()));

		assert!(T::Currency::balance(&owner) > before);
		assert!(DeviceEpochs::<T>::get(devices[0]).is_empty());
	}

	/// `n` work records of an expired epoch.
	#[benchmark]
	fn remove_expired_work(n: Linear<1, 1_000>) {
		let caller: T::AccountId = whitelisted_caller();
		for key in (0..n).map(device) {
			DeviceWork::<T>::insert(0, key, all_categories(REWARD_UNIT));
		}
		T::BenchmarkHelper::set_current_epoch(T::ClaimWindow::get() + 1);

		#[extrinsic_call]
		remove_expired_work(RawOrigin::Signed(caller), 0, n);

		assert_eq!(DeviceWork::<T>::iter_prefix(0).count(), 0);
	}

	/// A device with `r` epochs of work: `r - 1` closed, each with a pool of its own, and the
	/// current one. Weighs what the registry calls at a denial or a sanctioned departure.
	#[benchmark]
	fn forfeit_device(r: Linear<1, { LiveEpochs::<T>::get() }>) {
		let key = device(0);
		T::BenchmarkHelper::add_device(&account("owner", 0, 0), key);
		let current = r - 1;
		for epoch in 0..r {
			if epoch < current {
				funded_pools::<T>(epoch, 3 * REWARD_UNIT);
			}
			credit::<T>(epoch, &key);
		}
		T::BenchmarkHelper::set_current_epoch(current);
		let before = TotalToTreasury::<T>::get();

		#[block]
		{
			Pallet::<T>::forfeit_records(&key);
		}

		assert!(DeviceEpochs::<T>::get(key).is_empty());
		assert!(r == 1 || TotalToTreasury::<T>::get() > before);
	}

	/// Closing an epoch with work in every category and `a` block authors, expiring an epoch
	/// with unclaimed rewards.
	#[benchmark]
	fn close_epoch(a: Linear<0, { T::MaxAuthors::get() }>) {
		let epoch = closing_epoch::<T>();
		funded_pools::<T>(epoch - T::ClaimWindow::get(), REWARD_UNIT);
		note_authors::<T>(a);
		let totals = all_categories(REWARD_UNIT);

		#[block]
		{
			Pallet::<T>::close_epoch(epoch, totals);
		}

		assert!(Pools::<T>::contains_key(epoch));
		assert!(!Pools::<T>::contains_key(epoch - T::ClaimWindow::get()));
	}

	/// Closing an epoch after `d` registered devices earned in it and in the epoch it expires:
	/// the cost must not depend on `d`. Not part of the weights (`--extra`): it shows that the
	/// close is O(1) in the number of devices.
	#[benchmark(extra)]
	fn close_epoch_with_devices(d: Linear<1_000, 100_000>) {
		let owner: T::AccountId = account("owner", 0, 0);
		let epoch = closing_epoch::<T>();
		let expired = epoch - T::ClaimWindow::get();
		funded_pools::<T>(expired, 3 * REWARD_UNIT * u64::from(d));
		for key in owned_devices::<T>(&owner, d) {
			credit::<T>(expired, &key);
			credit::<T>(epoch, &key);
		}
		note_authors::<T>(T::MaxAuthors::get());
		let totals = all_categories(REWARD_UNIT * u64::from(d));

		#[block]
		{
			Pallet::<T>::close_epoch(epoch, totals);
		}

		assert!(Pools::<T>::contains_key(epoch));
	}

	/// A block author noted among `MaxAuthors` others.
	#[benchmark]
	fn note_author() {
		note_authors::<T>(T::MaxAuthors::get().saturating_sub(1));
		let author: T::AccountId = account("author", u32::MAX, 0);

		#[block]
		{
			Pallet::<T>::note_author(author.clone());
		}

		assert!(EpochAuthors::<T>::get().contains_key(&author));
	}

	#[benchmark]
	fn set_emission_schedule() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let schedule = EmissionSchedule {
			initial_per_epoch: tokens::<T>(1),
			halving_interval: 100,
			max_supply: tokens::<T>(1_000_000),
		};

		#[extrinsic_call]
		set_emission_schedule(origin as T::RuntimeOrigin, schedule);

		assert_eq!(Schedule::<T>::get(), schedule);
		Ok(())
	}

	#[benchmark]
	fn set_pool_split() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let split = PoolSplit {
			beacon: 2_000,
			witness: 2_000,
			uptime: 2_000,
			validators: 2_000,
			treasury: 2_000,
		};

		#[extrinsic_call]
		set_pool_split(origin as T::RuntimeOrigin, split);

		assert_eq!(Split::<T>::get(), split);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
