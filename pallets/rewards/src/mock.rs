//! A test runtime: balances, the real device registry and this pallet, with an epoch clock
//! the tests move by hand.

use crate as pallet_rewards;
use codec::Encode;
use depin_primitives::{
	device::registration_message,
	signing::DeviceSigner,
	work::{EpochWork, WorkTotals},
	DeviceKey, DeviceKind, EpochClock, EpochIndex,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstI32, ConstU16, ConstU32},
	weights::{constants::ParityDbWeight, RuntimeDbWeight},
	PalletId,
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Devices: pallet_devices,
		Rewards: pallet_rewards,
	}
);

parameter_types! {
	/// The database weights of the benchmarked weights; ParityDB's unless a test sets them apart
	/// from compute to count the reads and writes a weight charges.
	pub static DbWeight: RuntimeDbWeight = ParityDbWeight::get();
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
	type DbWeight = DbWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

parameter_types! {
	/// The epoch the mock clock reports.
	pub static CurrentEpoch: EpochIndex = 0;
	/// The units credited in the current epoch, which the mock clock reports.
	pub static EpochUnits: WorkTotals = WorkTotals::default();
	pub const RewardsPalletId: PalletId = PalletId(*b"dpn/rwds");
	pub const TreasuryAccount: u64 = 99;
}

/// An epoch clock set by the tests.
pub struct TestEpochClock;
impl EpochClock for TestEpochClock {
	fn current_epoch() -> EpochIndex {
		CurrentEpoch::get()
	}
}
impl EpochWork for TestEpochClock {
	fn units_so_far() -> WorkTotals {
		EpochUnits::get()
	}
}

impl pallet_devices::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Treasury = ();
	type Settlement = Rewards;
	type EpochClock = TestEpochClock;
	type Certifier = ();
	type MaxDevicesPerOwner = ConstU32<100>;
	type MinAntennaGain = ConstU16<10>;
	type MaxAntennaGain = ConstU16<150>;
	type MinElevation = ConstI32<-500>;
	type MaxElevation = ConstI32<10_000>;
	type MaxDeniedWitnesses = ConstU32<64>;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	type WeightInfo = ();
}

/// Epochs in which rewards can be claimed after their epoch closes.
pub const CLAIM_WINDOW: u32 = 3;
/// Devices one claim looks at in the test runtime.
pub const MAX_CLAIM_DEVICES: u32 = 4;
/// Epochs of work one claim pays in the test runtime, unless a test lowers
/// [`ClaimRecordLimit`].
pub const MAX_CLAIM_RECORDS: u32 = 6;
/// Held from a device's owner.
pub const DEVICE_BOND: u64 = 10;

parameter_types! {
	/// Epochs of work one claim pays.
	pub static ClaimRecordLimit: u32 = MAX_CLAIM_RECORDS;
}

impl pallet_rewards::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type Devices = Devices;
	type EpochClock = TestEpochClock;
	type PalletId = RewardsPalletId;
	type TreasuryAccount = TreasuryAccount;
	type ClaimWindow = ConstU32<CLAIM_WINDOW>;
	type MaxClaimDevices = ConstU32<MAX_CLAIM_DEVICES>;
	type MaxClaimRecords = ClaimRecordLimit;
	type MaxAuthors = ConstU32<5>;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
	type WeightInfo = crate::weights::SubstrateWeight<Test>;
}

/// Makes the database weights count reads and writes apart from compute, for the tests that
/// measure what a call touches (`depin_test_utils`).
pub fn count_database_weights() {
	DbWeight::set(depin_test_utils::COUNTING_DB_WEIGHT);
}

/// Registers devices through pallet-devices and sets the mock clock.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_rewards::BenchmarkHelper<u64> for MockBenchmarkHelper {
	fn add_device(owner: &u64, device: DeviceKey) {
		use depin_primitives::work::RegistryBenchmarkHelper;
		Devices::add_device(owner, device, DeviceKind::Sensor, None);
	}

	fn set_current_epoch(epoch: EpochIndex) {
		CurrentEpoch::set(epoch);
	}
}

/// Emission of the first epochs.
pub const INITIAL: u64 = 1_000_000;
/// Epochs between halvings.
pub const HALVING: u32 = 4;
/// The supply cap.
pub const MAX_SUPPLY: u64 = 100_000_000;

/// The split of the tests: beacons 20 %, witnesses 40 %, uptime 10 %, validators 20 %,
/// treasury 10 %.
pub fn split() -> pallet_rewards::PoolSplit {
	pallet_rewards::PoolSplit {
		beacon: 2_000,
		witness: 4_000,
		uptime: 1_000,
		validators: 2_000,
		treasury: 1_000,
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=4).map(|who| (who, 10_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_devices::GenesisConfig::<Test> {
		device_bond: DEVICE_BOND,
		location_fee: 1,
		max_location_changes_per_epoch: 5,
		devices: Vec::new(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_rewards::GenesisConfig::<Test> {
		schedule: pallet_rewards::EmissionSchedule {
			initial_per_epoch: INITIAL,
			halving_interval: HALVING,
			max_supply: MAX_SUPPLY,
		},
		split: split(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		CurrentEpoch::set(0);
		EpochUnits::take();
	});
	ext
}

/// Registers device number `n` (Ed25519) of `kind` for `owner`.
pub fn register(n: u8, kind: DeviceKind, owner: u64) -> DeviceKey {
	let signer = DeviceSigner::ed25519_from_seed(&[n; 32]);
	let device = signer.public();
	let nonce = pallet_devices::Departures::<Test>::get(device).registrations;
	let message =
		registration_message(System::block_hash(0).as_ref(), &owner.encode(), &device, nonce);
	Devices::register_device(
		RuntimeOrigin::signed(owner),
		device,
		kind,
		signer.sign(&message),
		None,
	)
	.expect("registration succeeds");
	device
}
