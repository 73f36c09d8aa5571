//! A test runtime: balances, makers and this pallet, with an epoch clock the tests move by
//! hand. Every kind is open unless a test closes it; maker 0 certifies every kind.

use crate as pallet_devices;
use codec::Encode;
use depin_primitives::{
	device::registration_message,
	maker::DeviceCertificate,
	signing::{test_certificate_body, DeviceSigner},
	work::DeviceSettlement,
	DeviceKey, DeviceKind, DeviceSignature, DeviceStatus, EpochClock, EpochIndex, SanctionReason,
	SanctionStatus,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstI32, ConstU16, ConstU32, ConstU64},
	weights::Weight,
};
use sp_core::H256;
use sp_runtime::{BuildStorage, DispatchError, DispatchResult, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		MakerRegistry: pallet_makers,
		Registry: pallet_devices,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

parameter_types! {
	/// The epoch the mock clock reports.
	pub static CurrentEpoch: EpochIndex = 0;
	/// Devices one owner may hold; tests of the paged owner index raise it.
	pub static OwnerDeviceLimit: u32 = MAX_DEVICES;
	/// The return block [`TestSettlement`] reports for a departing device.
	pub static ReturnsAt: u64 = 0;
	/// Whether [`TestSettlement`] refuses departures.
	pub static RefuseDepartures: bool = false;
	/// The devices [`TestSettlement`] settled, in order.
	pub static Settled: Vec<DeviceKey> = Vec::new();
	/// The devices [`TestSettlement`] was told to forfeit, in order.
	pub static Forfeited: Vec<DeviceKey> = Vec::new();
	/// Where slashes, forfeited deposits and location fees go.
	pub TreasuryAccount: u64 = TREASURY;
}

/// The other pallets' side of a departure, recorded for the tests.
pub struct TestSettlement;
impl DeviceSettlement<u64> for TestSettlement {
	fn settle_departure(device: &DeviceKey) -> Result<(Weight, u64), DispatchError> {
		if RefuseDepartures::get() {
			return Err(DispatchError::Other("settlement refused"));
		}
		Settled::mutate(|settled| settled.push(*device));
		Ok((Weight::zero(), ReturnsAt::get()))
	}
	fn settle_departure_weight() -> Weight {
		Weight::zero()
	}
	fn forfeit(device: &DeviceKey) -> Weight {
		Forfeited::mutate(|forfeited| forfeited.push(*device));
		Weight::zero()
	}
	fn forfeit_weight() -> Weight {
		Weight::zero()
	}
}

/// An epoch clock set by the tests.
pub struct TestEpochClock;
impl EpochClock for TestEpochClock {
	fn current_epoch() -> EpochIndex {
		CurrentEpoch::get()
	}
}

/// A clock that stands still at [`NOW`].
pub struct TestClock;
impl frame_support::traits::UnixTime for TestClock {
	fn now() -> core::time::Duration {
		core::time::Duration::from_secs(NOW)
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
	type Treasury = ResolveTo<TreasuryAccount, Balances>;
	type Settlement = TestSettlement;
	type EpochClock = TestEpochClock;
	type Certifier = MakerRegistry;
	type MaxDevicesPerOwner = OwnerDeviceLimit;
	type MinAntennaGain = ConstU16<10>;
	type MaxAntennaGain = ConstU16<150>;
	type MinElevation = ConstI32<-500>;
	type MaxElevation = ConstI32<10_000>;
	type MaxDeniedWitnesses = ConstU32<MAX_DENIED_WITNESSES>;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	type WeightInfo = ();
}

/// Devices one owner may hold in the test runtime, unless a test raises [`OwnerDeviceLimit`].
pub const MAX_DEVICES: u32 = 3;
/// The mock's deny-list bound per beaconer.
pub const MAX_DENIED_WITNESSES: u32 = 2;
/// Genesis device bond.
pub const BOND: u64 = 100;
/// Genesis location fee.
pub const FEE: u64 = 10;
/// Genesis location changes per epoch.
pub const MAX_CHANGES: u32 = 2;
/// Starting balance of accounts 1..=5.
pub const RICH: u64 = 1_000;
/// Account 6 holds a bit less than one bond.
pub const POOR: u64 = 6;
/// Account 7 does not exist.
pub const NOBODY: u64 = 7;
/// The mock's Unix time in seconds.
pub const NOW: u64 = 1_796_083_200;
/// Maker 0's account.
pub const MAKER: u64 = 8;
/// Maker 0's onboarding fee.
pub const ONBOARDING_FEE: u64 = 20;
/// The treasury's account (it exists from genesis).
pub const TREASURY: u64 = 9;
/// The share of the bond a denial slashes.
pub const DENIAL_SLASH: Perbill = Perbill::from_percent(40);
/// The share of that slash an upheld challenge pays its challenger.
pub const CHALLENGE_REWARD: Perbill = Perbill::from_percent(50);
/// The challenge bond.
pub const CHALLENGE_BOND: u64 = 30;
/// The appeal deposit.
pub const APPEAL_DEPOSIT: u64 = 15;

pub fn new_test_ext() -> sp_io::TestExternalities {
	new_test_ext_with(Vec::new())
}

/// [`new_test_ext`] with `devices` registered at genesis.
pub fn new_test_ext_with(
	devices: Vec<pallet_devices::GenesisDevice<u64>>,
) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=5)
			.map(|who| (who, RICH))
			.chain([(POOR, BOND - 1), (MAKER, RICH), (TREASURY, 1)])
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_makers::GenesisConfig::<Test> {
		makers: vec![pallet_makers::GenesisMaker {
			account: MAKER,
			name: "Test Maker".into(),
			kinds: DeviceKind::ALL.to_vec(),
			quota: 100,
			onboarding_fee: ONBOARDING_FEE,
			bond: 1,
			keys: vec![maker_key().public().as_bytes().to_vec()],
		}],
		open_kinds: DeviceKind::ALL.to_vec(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_devices::GenesisConfig::<Test> {
		device_bond: BOND,
		location_fee: FEE,
		max_location_changes_per_epoch: MAX_CHANGES,
		denial_slash: DENIAL_SLASH,
		challenge_reward: CHALLENGE_REWARD,
		challenge_bond: CHALLENGE_BOND,
		appeal_deposit: APPEAL_DEPOSIT,
		devices,
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		CurrentEpoch::set(0);
	});
	ext
}

/// The Ed25519 device number `n`.
pub fn ed25519_device(n: u8) -> DeviceSigner {
	DeviceSigner::ed25519_from_seed(&[n; 32])
}

/// The P-256 device number `n` (`n` > 0).
pub fn p256_device(n: u8) -> DeviceSigner {
	DeviceSigner::p256_from_secret(&[n; 32]).expect("a small non-zero scalar")
}

/// The proof of possession `signer` gives for `owner` at the key's current nonce, computed
/// independently of the pallet from the documented layout.
pub fn proof(signer: &DeviceSigner, owner: u64) -> DeviceSignature {
	let device: DeviceKey = signer.public();
	let genesis = System::block_hash(0);
	let nonce = pallet_devices::Departures::<Test>::get(device).registrations;
	signer.sign(&registration_message(genesis.as_ref(), &owner.encode(), &device, nonce))
}

/// Maker 0's key.
pub fn maker_key() -> DeviceSigner {
	DeviceSigner::ed25519_from_seed(&[0xee; 32])
}

/// Maker 0's certificate of `device` of `kind`, batch 1, serial 1, for this chain.
pub fn certificate(device: DeviceKey, kind: DeviceKind) -> DeviceCertificate {
	let body = test_certificate_body(System::block_hash(0).into(), 0, device, kind, 1, 1);
	depin_primitives::signing::certify(body, &maker_key())
}

/// Closes every kind: devices then register only with a certificate.
pub fn close_all_kinds() {
	pallet_makers::OpenKinds::<Test>::put(depin_primitives::maker::KindSet::NONE);
}

/// Gives `device` `status` as `AdminOrigin`: sanctions it, or lifts its sanction for `Active`.
pub fn set_status(device: DeviceKey, status: DeviceStatus) -> DispatchResult {
	let root = RuntimeOrigin::root();
	let evidence = H256::repeat_byte(0xe7);
	let sanction = |status| {
		Registry::sanction_device(root.clone(), device, status, SanctionReason::Other, evidence)
			.map(|_| ())
			.map_err(|error| error.error)
	};
	match status {
		DeviceStatus::Active => Registry::lift_sanction(root.clone(), device),
		DeviceStatus::Suspended => sanction(SanctionStatus::Suspended),
		DeviceStatus::Denied => sanction(SanctionStatus::Denied),
	}
}
