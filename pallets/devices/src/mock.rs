//! A test runtime: balances, makers and this pallet, with an epoch clock the tests move by
//! hand. Every kind is open unless a test closes it; maker 0 certifies every kind.

use crate as pallet_devices;
use codec::Encode;
use depin_primitives::{
	device::registration_message,
	maker::DeviceCertificate,
	signing::{test_certificate_body, DeviceSigner},
	DeviceKey, DeviceKind, DeviceSignature, EpochClock, EpochIndex,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstI32, ConstU16, ConstU32, ConstU64},
};
use sp_runtime::BuildStorage;

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
}

impl pallet_devices::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type LocationFeeDestination = ();
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

pub fn new_test_ext() -> sp_io::TestExternalities {
	new_test_ext_with(Vec::new())
}

/// [`new_test_ext`] with `devices` registered at genesis.
pub fn new_test_ext_with(
	devices: Vec<pallet_devices::GenesisDevice<u64>>,
) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=5).map(|who| (who, RICH)).chain([(POOR, BOND - 1), (MAKER, RICH)]).collect(),
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
	let nonce = pallet_devices::RegistrationNonce::<Test>::get(device);
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
