//! A test runtime: balances, the real makers and device registry (every kind open, and maker 0
//! certifying every kind), this pallet and the real rewards pallet,
//! with a recorder of the work handed to the rewards side, and the benchmarked weights with
//! database weights the tests can set.

use crate as pallet_coverage;
use codec::Encode;
use depin_primitives::{
	device::registration_message,
	geo::{self, H3Cell},
	poc::regions::Region,
	signing::DeviceSigner,
	work::{CreditRecord, ProvenWork, RewardUnits, WorkCategory, WorkTotals},
	DeviceKey, DeviceKind, EpochIndex, SanctionReason, SanctionStatus,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstI32, ConstU16, ConstU32, ConstU64},
	weights::{constants::ParityDbWeight, RuntimeDbWeight, Weight},
	PalletId,
};
use sp_runtime::{BuildStorage, DispatchResult};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Makers: pallet_makers,
		Devices: pallet_devices,
		Coverage: pallet_coverage,
		Rewards: pallet_rewards,
	}
);

parameter_types! {
	/// The database weights of the benchmarked weights and of the refunds; ParityDB's unless a
	/// test sets them apart from compute to count the reads and writes a weight charges.
	pub static DbWeight: RuntimeDbWeight = ParityDbWeight::get();
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
	// Beacons name recent blocks by their hash.
	type BlockHashCount = ConstU64<250>;
	type DbWeight = DbWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// A clock that stands still: certificates here never expire.
pub struct TestClock;
impl frame_support::traits::UnixTime for TestClock {
	fn now() -> core::time::Duration {
		core::time::Duration::ZERO
	}
}

impl pallet_makers::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Treasury = ();
	type UnixTime = TestClock;
	type MinBond = ConstU64<1>;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

impl pallet_devices::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Treasury = ();
	type Settlement = (Coverage, Rewards);
	type EpochClock = Coverage;
	type Certifier = Makers;
	type MaxDevicesPerOwner = ConstU32<100>;
	type MinAntennaGain = ConstU16<10>;
	type MaxAntennaGain = ConstU16<150>;
	type MinElevation = ConstI32<-500>;
	type MaxElevation = ConstI32<10_000>;
	type MaxDeniedWitnesses = ConstU32<64>;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	type WeightInfo = ();
}

/// A credit handed to the rewards side.
pub type Credit = (EpochIndex, DeviceKey, WorkCategory, RewardUnits);

parameter_types! {
	/// Every credit, in order.
	pub static Credits: Vec<Credit> = Vec::new();
	/// Every closed epoch with its totals, in order.
	pub static ClosedEpochs: Vec<(EpochIndex, WorkTotals)> = Vec::new();
}

/// Records what the rewards side receives, and hands it on to pallet-rewards.
pub struct WorkRecorder;
impl ProvenWork for WorkRecorder {
	fn credit(
		epoch: EpochIndex,
		device: &DeviceKey,
		category: WorkCategory,
		units: RewardUnits,
	) -> CreditRecord {
		Credits::mutate(|credits| credits.push((epoch, *device, category, units)));
		Rewards::credit(epoch, device, category, units)
	}
	fn epoch_closed(epoch: EpochIndex, totals: WorkTotals) -> Weight {
		ClosedEpochs::mutate(|closed| closed.push((epoch, totals)));
		Rewards::epoch_closed(epoch, totals)
	}
}

parameter_types! {
	pub const RewardsPalletId: PalletId = PalletId(*b"dpn/rwds");
	pub const TreasuryAccount: u64 = 99;
}

impl pallet_rewards::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type Devices = Devices;
	type EpochClock = Coverage;
	type PalletId = RewardsPalletId;
	type TreasuryAccount = TreasuryAccount;
	type ClaimWindow = ConstU32<4>;
	type MaxClaimDevices = ConstU32<10>;
	type MaxClaimRecords = ConstU32<20>;
	type MaxAuthors = ConstU32<5>;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RewardsBenchmarkHelper;
	type WeightInfo = ();
}

/// What pallet-rewards' benchmarks would need of this runtime (its benchmarks run in its own).
#[cfg(feature = "runtime-benchmarks")]
pub struct RewardsBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_rewards::BenchmarkHelper<u64> for RewardsBenchmarkHelper {
	fn add_device(owner: &u64, device: DeviceKey) {
		use depin_primitives::work::RegistryBenchmarkHelper;
		Devices::add_device(owner, device, DeviceKind::Sensor, None);
	}

	fn set_current_epoch(epoch: EpochIndex) {
		pallet_coverage::CurrentEpoch::<Test>::put(epoch);
	}
}

impl pallet_coverage::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Devices = Devices;
	type Work = WorkRecorder;
	type MinEpochLength = ConstU64<2>;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Devices;
	type WeightInfo = crate::weights::SubstrateWeight<Test>;
}

/// Makes the database weights count reads and writes apart from compute, for the tests that
/// measure what a call touches (`depin_test_utils`).
pub fn count_database_weights() {
	DbWeight::set(depin_test_utils::COUNTING_DB_WEIGHT);
}

/// Epoch length of the test chain, in blocks.
pub const EPOCH_LENGTH: u64 = 10;
/// Blocks between two beacons of a device in the test chain.
pub const BEACON_INTERVAL: u32 = 5;
/// The oldest entropy a beacon may name in the test chain, in blocks: below the interval.
pub const MAX_ENTROPY_AGE: u32 = 4;
/// Blocks after an announcement in which its reports count, in the test chain.
pub const REPORT_WINDOW: u32 = 2;
/// Blocks after the report window in which a beacon may be revealed, in the test chain; with
/// the report window, within the beacon interval.
pub const REVEAL_WINDOW: u32 = 2;

/// The resolution-1 cell around Paris, mapped to EU868 in the test chain; nothing else is.
pub fn test_region_cell() -> H3Cell {
	let paris = geo::cell_at(48.8566, 2.3522, geo::LOCATION_RESOLUTION).expect("valid");
	geo::parent(paris, 1).expect("a parent")
}
/// The owner of the test devices.
pub const OWNER: u64 = 1;
/// Maker 0's account.
pub const MAKER: u64 = 3;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=3).map(|who| (who, 1_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_makers::GenesisConfig::<Test> {
		makers: vec![pallet_makers::GenesisMaker {
			account: MAKER,
			name: "Test Maker".into(),
			kinds: DeviceKind::ALL.to_vec(),
			quota: 1_000,
			onboarding_fee: 0,
			bond: 1,
			keys: vec![maker_key().public().as_bytes().to_vec()],
		}],
		open_kinds: DeviceKind::ALL.to_vec(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_devices::GenesisConfig::<Test> {
		device_bond: 10,
		location_fee: 1,
		max_location_changes_per_epoch: 5,
		devices: Vec::new(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_rewards::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
	pallet_coverage::GenesisConfig::<Test> {
		epoch_length: EPOCH_LENGTH,
		poc_params: pallet_coverage::PocParams {
			beacon_interval: BEACON_INTERVAL,
			max_entropy_age: MAX_ENTROPY_AGE,
			report_window: REPORT_WINDOW,
			reveal_window: REVEAL_WINDOW,
			..Default::default()
		},
		cell_regions: vec![(test_region_cell(), Region::Eu868)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Credits::take();
		ClosedEpochs::take();
	});
	ext
}

/// Registers `signer`'s device of `kind` for [`OWNER`] and asserts its location at `cell`.
pub fn register_at(signer: &DeviceSigner, kind: DeviceKind, cell: u64) -> DeviceKey {
	let device = register(signer, kind);
	Devices::assert_location(RuntimeOrigin::signed(OWNER), device, cell, 12, 5)
		.expect("valid location");
	device
}

/// Registers `signer`'s device of `kind` for [`OWNER`] with its proof of possession.
pub fn register(signer: &DeviceSigner, kind: DeviceKind) -> DeviceKey {
	register_with(signer, kind, None)
}

/// Registers `signer`'s device of `kind` for [`OWNER`] with maker 0's certificate, in batch
/// `batch`.
pub fn register_certified(signer: &DeviceSigner, kind: DeviceKind, batch: u32) -> DeviceKey {
	use depin_primitives::signing::{certify, test_certificate_body};
	let genesis = System::block_hash(0).into();
	let body = test_certificate_body(genesis, 0, signer.public(), kind, batch, 1);
	register_with(signer, kind, Some(certify(body, &maker_key())))
}

fn register_with(
	signer: &DeviceSigner,
	kind: DeviceKind,
	certificate: Option<depin_primitives::maker::DeviceCertificate>,
) -> DeviceKey {
	let device = signer.public();
	let nonce = pallet_devices::Departures::<Test>::get(device).registrations;
	let message =
		registration_message(System::block_hash(0).as_ref(), &OWNER.encode(), &device, nonce);
	let proof = signer.sign(&message);
	let certificate = certificate.map(Box::new);
	Devices::register_device(RuntimeOrigin::signed(OWNER), device, kind, proof, certificate)
		.expect("registration succeeds");
	device
}

/// Maker 0's key.
pub fn maker_key() -> DeviceSigner {
	DeviceSigner::ed25519_from_seed(&[0xee; 32])
}

/// A distinct, non-zero hash for block `n` (the mock does not build real blocks).
pub fn block_hash_of(n: u64) -> sp_core::H256 {
	sp_core::H256::from_low_u64_be(n + 1)
}

/// Runs blocks up to `n`, with the pallet's `on_initialize`, recording each finished block's
/// hash as `frame_system` does.
pub fn run_to_block(n: u64) {
	use frame_support::traits::Hooks;
	while System::block_number() < n {
		let finished = System::block_number();
		frame_system::BlockHash::<Test>::insert(finished, block_hash_of(finished));
		System::set_block_number(finished + 1);
		Coverage::on_initialize(finished + 1);
	}
}

/// Suspends or denies `device` as `AdminOrigin`.
pub fn sanction(device: DeviceKey, status: SanctionStatus) -> DispatchResult {
	let evidence = sp_core::H256::zero();
	Devices::sanction_device(RuntimeOrigin::root(), device, status, SanctionReason::Other, evidence)
		.map(|_| ())
		.map_err(|error| error.error)
}
