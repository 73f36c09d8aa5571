//! # Rewards
//!
//! The reward token's emission and its distribution by proven work.
//!
//! - Every epoch mints an emission that halves every `halving_interval` epochs and never lifts
//!   total issuance above `max_supply` ([`EmissionSchedule`]).
//! - The emission is split by basis points ([`PoolSplit`]) into a pool per work category
//!   (beacons, witnesses, uptime), the block authors of the epoch, and the treasury. A pool
//!   with no work in its category, and every rounding remainder, goes to the treasury.
//! - pallet-coverage credits work units as it verifies proofs
//!   ([`depin_primitives::work::ProvenWork`]) and keeps the epoch's running totals, which this
//!   pallet reads through [`depin_primitives::work::EpochWork`]; closing an epoch stores its
//!   pools and costs the same whatever the number of devices.
//! - A device's share of an epoch's pool, `floor(pool × device units / total units)`, becomes
//!   claimable when the epoch closes and goes to the device's owner at the time of the claim.
//!   What is not claimed within `ClaimWindow` epochs goes to the treasury.
//! - The registry settles with this pallet ([`depin_primitives::work::DeviceSettlement`]): a
//!   deregistered device's claimable rewards are paid to the owner that deregisters it and the
//!   open epoch's work is forfeited, so that the key's next registrant inherits nothing; a
//!   suspended device's rewards are frozen (claims skip it), a denied device's are forfeited
//!   to the treasury.
//!
//! Minted tokens are always paid, unclaimed (held in the pallet's pot account) or the
//! treasury's: `TotalMinted == TotalPaid + unclaimed + TotalToTreasury` at every block.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impl_accounts;
mod impl_admin;
mod impl_authors;
mod impl_claims;
mod impl_emission;
mod impl_epoch_close;
mod impl_queries;
mod impl_settlement;
mod impl_work;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use depin_primitives::{
		work::{DeviceRegistry, EpochWork, WorkTotals},
		DeviceKey, EpochClock, EpochIndex,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, BuildGenesisConfig},
		BoundedBTreeMap, PalletId,
	};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The reward token.
		type Currency: fungible::Mutate<Self::AccountId>;

		/// The device registry: who owns a device when its rewards are claimed.
		type Devices: DeviceRegistry<Self::AccountId>;

		/// The chain's epoch clock, with the units credited so far in the current epoch.
		type EpochClock: EpochClock + EpochWork;

		/// Derives the pot account, which holds minted rewards until they are claimed.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The treasury: receives its share of each emission, pools without work, rounding
		/// remainders and expired rewards.
		type TreasuryAccount: Get<Self::AccountId>;

		/// Epochs after which unclaimed rewards go to the treasury.
		#[pallet::constant]
		type ClaimWindow: Get<EpochIndex>;

		/// The most devices one claim looks at.
		#[pallet::constant]
		type MaxClaimDevices: Get<u32>;

		/// The most epochs of work (device × epoch) one claim pays; a claim that reaches it
		/// resumes where it stopped.
		#[pallet::constant]
		type MaxClaimRecords: Get<u32>;

		/// The most block authors paid per epoch (at least the validator set's size).
		#[pallet::constant]
		type MaxAuthors: Get<u32>;

		/// Changes the supply schedule and the split.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Creates devices and moves the epoch clock in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;

		/// Weight information for the calls of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// The supply schedule.
	#[pallet::storage]
	pub type Schedule<T: Config> = StorageValue<_, EmissionSchedule<BalanceOf<T>>, ValueQuery>;

	/// The split of each epoch's emission.
	#[pallet::storage]
	pub type Split<T: Config> = StorageValue<_, PoolSplit, ValueQuery>;

	/// The device pools of closed epochs whose rewards can still be claimed.
	#[pallet::storage]
	pub type Pools<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, EpochPools<BalanceOf<T>>, OptionQuery>;

	/// Units each device earned in each epoch, until claimed or cleaned up after expiry.
	#[pallet::storage]
	pub type DeviceWork<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Blake2_128Concat,
		DeviceKey,
		WorkTotals,
		OptionQuery,
	>;

	/// The epochs in which each device has unclaimed units, oldest first.
	#[pallet::storage]
	pub type DeviceEpochs<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		DeviceKey,
		BoundedVec<EpochIndex, LiveEpochs<T>>,
		ValueQuery,
	>;

	/// Blocks authored in the current epoch, by author.
	#[pallet::storage]
	pub type EpochAuthors<T: Config> =
		StorageValue<_, BoundedBTreeMap<T::AccountId, u32, T::MaxAuthors>, ValueQuery>;

	/// Tokens minted by this pallet.
	#[pallet::storage]
	pub type TotalMinted<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Tokens paid to device owners and block authors.
	#[pallet::storage]
	pub type TotalPaid<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Tokens sent to the treasury: its share, empty pools, rounding remainders, expired
	/// rewards.
	#[pallet::storage]
	pub type TotalToTreasury<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Rewards each account received over its lifetime (device rewards and authoring).
	#[pallet::storage]
	pub type LifetimePaid<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// Where each owner's next `claim_rewards` resumes among its devices.
	#[pallet::storage]
	pub type ClaimCursor<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, DeviceKey, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The supply schedule.
		pub schedule: EmissionSchedule<BalanceOf<T>>,
		/// The split of each epoch's emission.
		pub split: PoolSplit,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::ensure_valid_schedule(&self.schedule).expect("genesis: invalid schedule");
			Pallet::<T>::ensure_valid_split(&self.split).expect("genesis: invalid split");
			Schedule::<T>::put(self.schedule);
			Split::<T>::put(self.split);
			Pallet::<T>::create_accounts();
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An epoch's emission was minted and split.
		EpochRewarded {
			/// The epoch.
			epoch: EpochIndex,
			/// Tokens minted.
			emission: BalanceOf<T>,
			/// Its device pools, claimable from now on.
			pools: EpochPools<BalanceOf<T>>,
			/// Paid to block authors.
			validators: BalanceOf<T>,
			/// Sent to the treasury.
			treasury: BalanceOf<T>,
		},
		/// Device rewards were paid to an owner.
		RewardsClaimed {
			/// The owner paid.
			owner: T::AccountId,
			/// Tokens paid.
			amount: BalanceOf<T>,
		},
		/// A denied or departing sanctioned device's unclaimed rewards went to the treasury.
		RewardsForfeited {
			/// The device.
			device: DeviceKey,
			/// Tokens sent to the treasury.
			amount: BalanceOf<T>,
		},
		/// An epoch's claim window closed; what was not claimed went to the treasury.
		EpochExpired {
			/// The epoch.
			epoch: EpochIndex,
			/// Tokens sent to the treasury.
			unclaimed: BalanceOf<T>,
		},
		/// Work records of an expired epoch were removed.
		ExpiredWorkRemoved {
			/// The epoch.
			epoch: EpochIndex,
			/// Records removed.
			removed: u32,
		},
		/// `AdminOrigin` changed the supply schedule.
		ScheduleChanged {
			/// The new schedule.
			schedule: EmissionSchedule<BalanceOf<T>>,
		},
		/// `AdminOrigin` changed the split.
		SplitChanged {
			/// The new split.
			split: PoolSplit,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The split's shares do not sum to 10,000 basis points.
		SplitNotWhole,
		/// The halving interval must be at least one epoch.
		ZeroHalvingInterval,
		/// Nothing is claimable for these devices.
		NothingToClaim,
		/// The epoch's claim window has not closed yet.
		EpochNotExpired,
		/// The expired epoch has no work records left.
		NothingToRemove,
		/// The device has more claimable epochs than one claim pays: claim its rewards
		/// (`claimRewardsFor`) before deregistering it.
		ClaimBeforeDeregistering,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Accounts for `note_author`, which pallet-authorship calls in its own
		/// `on_initialize` without counting our weight.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			T::WeightInfo::note_author()
		}

		fn integrity_test() {
			assert!(T::ClaimWindow::get() >= 1, "ClaimWindow must be at least one epoch");
			assert!(T::MaxClaimDevices::get() >= 1, "MaxClaimDevices must be at least 1");
			assert!(T::MaxClaimRecords::get() >= 1, "MaxClaimRecords must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::check_accounting()?;
			Self::check_device_records()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Claim the rewards of the caller's devices: up to `MaxClaimDevices` devices and
		/// `MaxClaimRecords` epochs of work per call, resuming where the previous call stopped.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::claim_rewards(
			T::MaxClaimDevices::get(),
			T::MaxClaimRecords::get(),
		))]
		pub fn claim_rewards(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			Self::do_claim_rewards(owner)
		}

		/// Pay the claimable rewards of `devices`, each to its current owner, within
		/// `MaxClaimRecords` epochs of work. Anyone may call it.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::claim_rewards(
			devices.len() as u32,
			T::MaxClaimRecords::get(),
		))]
		pub fn claim_rewards_for(
			origin: OriginFor<T>,
			devices: BoundedVec<DeviceKey, T::MaxClaimDevices>,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_claim_rewards_for(devices.into_inner())
		}

		/// Remove up to `limit` work records of `epoch`, whose claim window has closed. Anyone
		/// may call it, and pays no fee when it removes something.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::remove_expired_work(*limit))]
		pub fn remove_expired_work(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			limit: u32,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_remove_expired_work(epoch, limit)
		}

		/// Change the supply schedule; it applies from the next epoch close.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::set_emission_schedule())]
		pub fn set_emission_schedule(
			origin: OriginFor<T>,
			schedule: EmissionSchedule<BalanceOf<T>>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_emission_schedule(schedule)
		}

		/// Change the split; it applies from the next epoch close.
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::set_pool_split())]
		pub fn set_pool_split(origin: OriginFor<T>, split: PoolSplit) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_pool_split(split)
		}
	}
}

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers `device` for `owner`, without a proof or a bond.
	fn add_device(owner: &AccountId, device: depin_primitives::DeviceKey);
	/// Sets the epoch clock.
	fn set_current_epoch(epoch: depin_primitives::EpochIndex);
}

/// How many epochs a device may have unclaimed units in: the claim window, the current epoch,
/// and one that closed but is not expired yet.
pub struct LiveEpochs<T>(core::marker::PhantomData<T>);
impl<T: Config> frame_support::traits::Get<u32> for LiveEpochs<T> {
	fn get() -> u32 {
		T::ClaimWindow::get().saturating_add(2)
	}
}
