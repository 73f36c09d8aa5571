//! A test runtime: balances and this pallet, with a clock the tests set by hand.

use crate as pallet_makers;
use depin_primitives::{
	maker::{BatchId, CertificateBody, DeviceCertificate, MakerId},
	signing::{test_certificate_body, DeviceSigner},
	DeviceKey, DeviceKind,
};
use frame_support::{derive_impl, parameter_types, traits::UnixTime};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		MakerRegistry: pallet_makers,
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
	/// The Unix time in seconds the mock clock reports.
	pub static Now: u64 = GENESIS_TIME;
	pub const MinBond: u64 = MIN_BOND;
}

/// A clock set by the tests.
pub struct TestClock;
impl UnixTime for TestClock {
	fn now() -> core::time::Duration {
		core::time::Duration::from_secs(Now::get())
	}
}

impl pallet_makers::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Treasury = ();
	type UnixTime = TestClock;
	type MinBond = MinBond;
	type AdminOrigin = frame_system::EnsureRoot<u64>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestClock;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_makers::BenchmarkHelper for TestClock {
	fn set_unix_time(secs: u64) {
		Now::set(secs);
	}
}

/// The clock at genesis: 2026-12-01.
pub const GENESIS_TIME: u64 = 1_796_083_200;
/// The least maker bond.
pub const MIN_BOND: u64 = 500;
/// The genesis maker's bond.
pub const GENESIS_BOND: u64 = 1_000;
/// The genesis maker's onboarding fee.
pub const ONBOARDING_FEE: u64 = 25;
/// The genesis maker's quota.
pub const QUOTA: u32 = 3;
/// The genesis maker's account.
pub const MAKER_ACCOUNT: u64 = 1;
/// Starting balance of accounts 1..=5.
pub const RICH: u64 = 10_000;
/// Account 6 can afford neither a bond nor a fee.
pub const POOR: u64 = 6;

/// The genesis maker's key number `n`.
pub fn maker_key(n: u8) -> DeviceSigner {
	DeviceSigner::ed25519_from_seed(&[0xa0 + n; 32])
}

/// The P-256 maker key number `n` (`n` > 0).
pub fn p256_maker_key(n: u8) -> DeviceSigner {
	DeviceSigner::p256_from_secret(&[0xa0 + n; 32]).expect("a small non-zero scalar")
}

/// The Ed25519 device number `n`.
pub fn device(n: u8) -> DeviceKey {
	DeviceSigner::ed25519_from_seed(&[n; 32]).public()
}

/// Maker 0 (account [`MAKER_ACCOUNT`], key 0, hotspots, sensors and energy devices) and no open
/// kind.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=5).map(|who| (who, RICH)).chain([(POOR, 10)]).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_makers::GenesisConfig::<Test> {
		makers: vec![pallet_makers::GenesisMaker {
			account: MAKER_ACCOUNT,
			name: "Acme Radio".into(),
			kinds: vec![DeviceKind::LoraHotspot, DeviceKind::Sensor, DeviceKind::Energy],
			quota: QUOTA,
			onboarding_fee: ONBOARDING_FEE,
			bond: GENESIS_BOND,
			keys: vec![maker_key(0).public().as_bytes().to_vec()],
		}],
		open_kinds: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Now::set(GENESIS_TIME);
	});
	ext
}

/// What maker 0 certifies for `device` of `kind` by default: batch 1, serial 1, no expiry.
pub fn body(device: DeviceKey, kind: DeviceKind) -> CertificateBody {
	test_certificate_body(System::block_hash(0).into(), 0, device, kind, 1, 1)
}

pub use depin_primitives::signing::certify as sign;

/// Maker 0's certificate of `device` of `kind` in `batch`, by its key 0.
pub fn certificate(device: DeviceKey, kind: DeviceKind, batch: BatchId) -> DeviceCertificate {
	sign(CertificateBody { batch, ..body(device, kind) }, &maker_key(0))
}

/// The maker's record.
pub fn maker(id: MakerId) -> crate::MakerInfoOf<Test> {
	crate::Makers::<Test>::get(id).expect("a maker")
}
