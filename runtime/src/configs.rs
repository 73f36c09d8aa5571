//! Configuration of every pallet in the runtime.

use frame_support::PalletId;
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		fungible::{Balanced, Credit},
		ConstBool, ConstI32, ConstU128, ConstU16, ConstU32, ConstU64, ConstU8, Imbalance,
		OnUnbalanced, VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, IdentityFee, Weight},
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	traits::{AccountIdConversion, ConvertInto, One},
	PerThing, Perbill, Percent,
};
use sp_version::RuntimeVersion;

use super::{
	AccountId, Aura, Balance, Balances, Block, BlockNumber, Coverage, Devices, Hash, Makers, Nonce,
	OriginCaller, PalletInfo, Rewards, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason,
	RuntimeHoldReason, RuntimeOrigin, RuntimeTask, SessionKeys, System, Timestamp, ValidatorSet,
	DPN, EXISTENTIAL_DEPOSIT, MINUTES, SLOT_DURATION, SS58_PREFIX, VERSION,
};

const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

/// The most validators the chain supports; bounds Aura's and GRANDPA's authority lists.
pub const MAX_VALIDATORS: u32 = 100;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// Two seconds of compute in a six-second block.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// 5 MiB blocks, of which normal transactions may fill 75 %.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * MAX_BLOCK_LENGTH
		})
		.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores its state in ParityDB; its costs measured on the reference machine.
	type DbWeight = crate::db_weights::MeasuredParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

/// The share of each transaction fee paid to the block author; the rest goes to the treasury.
/// Tips go to the author whole.
pub const FEE_TO_AUTHOR: Percent = Percent::from_percent(20);

/// Splits transaction fees between the block author and the treasury, and pays tips to the
/// author.
pub struct FeesToAuthorAndTreasury;
impl OnUnbalanced<Credit<AccountId, Balances>> for FeesToAuthorAndTreasury {
	fn on_unbalanceds(mut fees_then_tips: impl Iterator<Item = Credit<AccountId, Balances>>) {
		let Some(fees) = fees_then_tips.next() else { return };
		let (to_author, to_treasury) = fees.ration(
			FEE_TO_AUTHOR.deconstruct().into(),
			FEE_TO_AUTHOR.left_from_one().deconstruct().into(),
		);
		ToTreasury::on_unbalanced(to_treasury);
		let tips = fees_then_tips.fold(to_author, |sum, tip| sum.merge(tip));
		match pallet_authorship::Pallet::<Runtime>::author() {
			Some(author) => {
				// Below the existential deposit of a new account the credit is refused; then the
				// treasury takes it.
				if let Err(refused) = Balances::resolve(&author, tips) {
					ToTreasury::on_unbalanced(refused);
				}
			},
			None => ToTreasury::on_unbalanced(tips),
		}
	}
}

/// Deposits into the treasury account (which exists from genesis).
pub struct ToTreasury;
impl OnUnbalanced<Credit<AccountId, Balances>> for ToTreasury {
	fn on_nonzero_unbalanced(amount: Credit<AccountId, Balances>) {
		// Cannot fail: the treasury holds at least the existential deposit from genesis.
		let _ = Balances::resolve(&Rewards::treasury(), amount);
	}
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, FeesToAuthorAndTreasury>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = (ValidatorSet, Rewards);
}

impl pallet_validator_set::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type MinValidators = ConstU32<1>;
	type MinSessionLength = ConstU32<{ MINUTES / 2 }>;
	type AdminOrigin = EnsureRoot<AccountId>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Held from an account while it has session keys registered.
	pub const SessionKeyDeposit: Balance = 10 * DPN;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = ValidatorSet;
	type NextSessionRotation = ValidatorSet;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	// Equivocation reports need historical session proofs, which this chain does not keep yet.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

impl pallet_makers::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Treasury = ToTreasury;
	type UnixTime = Timestamp;
	// A maker answers for every device it certifies: its bond is what governance can slash.
	type MinBond = ConstU128<{ 10_000 * DPN }>;
	type AdminOrigin = EnsureRoot<AccountId>;
	type WeightInfo = pallet_makers::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MakersBenchmarkHelper;
}

/// Sets the timestamp pallet's clock, which makers read certificate dates by.
#[cfg(feature = "runtime-benchmarks")]
pub struct MakersBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_makers::BenchmarkHelper for MakersBenchmarkHelper {
	fn set_unix_time(secs: u64) {
		pallet_timestamp::Now::<Runtime>::put(secs * 1_000);
	}
}

impl pallet_devices::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Treasury = ToTreasury;
	// Coverage's limits and the rewards leave with a device.
	type Settlement = (Coverage, Rewards);
	type EpochClock = Coverage;
	type Certifier = Makers;
	type MaxDevicesPerOwner = ConstU32<10_000>;
	// Antenna gains of 1.0 to 15.0 dBi, as Helium accepts.
	type MinAntennaGain = ConstU16<10>;
	type MaxAntennaGain = ConstU16<150>;
	type MinElevation = ConstI32<-500>;
	type MaxElevation = ConstI32<10_000>;
	// A relay ring is a handful of devices; larger abuse is met by denying the devices.
	type MaxDeniedWitnesses = ConstU32<64>;
	type AdminOrigin = EnsureRoot<AccountId>;
	type WeightInfo = pallet_devices::weights::SubstrateWeight<Runtime>;
}

impl pallet_coverage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Devices = Devices;
	type Work = Rewards;
	// One minute: the development chain's epochs.
	type MinEpochLength = ConstU32<MINUTES>;
	type AdminOrigin = EnsureRoot<AccountId>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Devices;
	type WeightInfo = pallet_coverage::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const RewardsPalletId: PalletId = PalletId(*b"dpn/rwds");
	/// The treasury: an account no key controls, spent by root.
	pub TreasuryAccount: AccountId = PalletId(*b"dpn/trsy").into_account_truncating();
}

impl pallet_rewards::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type Devices = Devices;
	type EpochClock = Coverage;
	type PalletId = RewardsPalletId;
	type TreasuryAccount = TreasuryAccount;
	// 30 days of the one-hour epochs of a production network.
	type ClaimWindow = ConstU32<720>;
	type MaxClaimDevices = ConstU32<MAX_CLAIM_DEVICES>;
	type MaxClaimRecords = ConstU32<MAX_CLAIM_RECORDS>;
	type MaxAuthors = ConstU32<MAX_VALIDATORS>;
	type AdminOrigin = EnsureRoot<AccountId>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RewardsBenchmarkHelper;
	type WeightInfo = pallet_rewards::weights::SubstrateWeight<Runtime>;
}

/// The most devices one `claim_rewards` looks at.
pub const MAX_CLAIM_DEVICES: u32 = 100;
/// The most epochs of device work one claim pays (within the claim window, so that one device
/// can use the whole budget).
pub const MAX_CLAIM_RECORDS: u32 = 500;

/// Registers devices through pallet-devices and moves pallet-coverage's epoch clock.
#[cfg(feature = "runtime-benchmarks")]
pub struct RewardsBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_rewards::BenchmarkHelper<AccountId> for RewardsBenchmarkHelper {
	fn add_device(owner: &AccountId, device: depin_primitives::DeviceKey) {
		use depin_primitives::work::RegistryBenchmarkHelper;
		Devices::add_device(owner, device, depin_primitives::DeviceKind::Sensor, None);
	}

	fn set_current_epoch(epoch: depin_primitives::EpochIndex) {
		pallet_coverage::CurrentEpoch::<Runtime>::put(epoch);
	}
}
