//! The depin-node runtime.
//!
//! Aura block authoring and GRANDPA finality over a validator set that `AdminOrigin` (root for
//! now) manages through `pallet-validator-set` and `pallet-session`; balances, transaction
//! payment, sudo and utility.
//! The DePIN pallets (devices, coverage, rewards) are wired here through their `Config` traits.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`'s expansion is large.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

// Before `apis`: it defines the `list_benchmarks!` and `add_benchmarks!` macros that `apis` uses.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod db_weights;
pub mod genesis_config_presets;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

/// Opaque types, for the node: it handles blocks without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;

	impl_opaque_keys! {
		/// The keys a validator registers with `session.setKeys`.
		pub struct SessionKeys {
			/// Block authoring (sr25519).
			pub aura: Aura,
			/// Finality voting (ed25519).
			pub grandpa: Grandpa,
		}
	}
}
pub use opaque::SessionKeys;

#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("depin-runtime"),
	impl_name: alloc::borrow::Cow::Borrowed("depin-runtime"),
	authoring_version: 1,
	spec_version: 111,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Target block time. Slots are this long; an offline author's slot stays empty.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
/// Aura slot duration; it cannot change once the chain runs.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks per minute at the target block time.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour at the target block time.
pub const HOURS: BlockNumber = MINUTES * 60;

/// Token decimals: one DPN is `10^12` plancks.
pub const TOKEN_DECIMALS: u8 = 12;
/// Token symbol shown by wallets.
pub const TOKEN_SYMBOL: &str = "DPN";
/// SS58 address prefix (42: the generic Substrate prefix that every wallet knows).
pub const SS58_PREFIX: u16 = 42;

/// One DPN, in planck.
pub const DPN: Balance = 10u128.pow(TOKEN_DECIMALS as u32);
/// A thousandth of a DPN, in planck.
pub const MILLI_DPN: Balance = DPN / 1_000;

/// The smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_DPN;

/// An index to a block.
pub type BlockNumber = u32;
/// Signature of a transaction.
pub type Signature = MultiSignature;
/// An account: the public key of the transaction signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account.
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions, in the order clients sign them.
pub type TxExtension = (
	// Lets a pallet authorize a call without a signed origin (device-signed proofs).
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The transaction extensions' explicit values that a client sends, with no tip: the
/// transaction's `era` and the signer's `nonce`. A general transaction (a device-signed proof)
/// takes `Era::Immortal` and nonce 0, which it does not use.
pub fn tx_extension(era: generic::Era, nonce: Nonce) -> TxExtension {
	(
		frame_system::AuthorizeCall::new(),
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(era),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_system::WeightReclaim::new(),
	)
}

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run on a runtime upgrade, besides those the pallets declare.
type Migrations = ();

/// Dispatches extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(4)]
	pub type Authorship = pallet_authorship;
	// Before Session: its genesis provides the validators that Session's genesis asks for.
	#[runtime::pallet_index(5)]
	pub type ValidatorSet = pallet_validator_set;
	#[runtime::pallet_index(6)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(7)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(8)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(9)]
	pub type Sudo = pallet_sudo;

	// Genesis builds in index order: the makers' genesis comes before the devices' it certifies.
	#[runtime::pallet_index(10)]
	pub type Makers = pallet_makers;
	#[runtime::pallet_index(11)]
	pub type Devices = pallet_devices;
	#[runtime::pallet_index(12)]
	pub type Coverage = pallet_coverage;
	#[runtime::pallet_index(13)]
	pub type Rewards = pallet_rewards;
	#[runtime::pallet_index(14)]
	pub type Utility = pallet_utility;
}
