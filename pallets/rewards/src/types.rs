//! Types of `pallet_rewards`.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{
	work::{RewardUnits, WorkCategory, WorkTotals},
	DeviceKey, EpochIndex,
};
use frame_support::traits::fungible::Inspect;
use scale_info::TypeInfo;
use sp_runtime::{traits::Zero, Saturating};

/// The balance type of the reward token.
pub type BalanceOf<T> =
	<<T as crate::Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Basis points: 10,000 is 100 %.
pub const BPS: u32 = 10_000;

/// The supply schedule.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct EmissionSchedule<Balance> {
	/// Emission of each epoch before the first halving.
	pub initial_per_epoch: Balance,
	/// The emission halves every this many epochs.
	pub halving_interval: EpochIndex,
	/// Total issuance never exceeds this: the last emissions are cut to fit.
	pub max_supply: Balance,
}

/// No emission at all.
impl<Balance: Zero> Default for EmissionSchedule<Balance> {
	fn default() -> Self {
		Self { initial_per_epoch: Zero::zero(), halving_interval: 1, max_supply: Zero::zero() }
	}
}

/// How each epoch's emission is split, in basis points summing to 10,000.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	frame_support::Serialize,
	frame_support::Deserialize,
)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct PoolSplit {
	/// To beaconers, by beacon units.
	pub beacon: u16,
	/// To witnesses, by witness units.
	pub witness: u16,
	/// To non-radio devices, by uptime units.
	pub uptime: u16,
	/// To block authors, by blocks authored in the epoch.
	pub validators: u16,
	/// To the treasury.
	pub treasury: u16,
}

/// Everything to the treasury.
impl Default for PoolSplit {
	fn default() -> Self {
		Self { beacon: 0, witness: 0, uptime: 0, validators: 0, treasury: BPS as u16 }
	}
}

impl PoolSplit {
	/// The sum of the shares, which must be [`BPS`].
	pub fn total(&self) -> u32 {
		[self.beacon, self.witness, self.uptime, self.validators, self.treasury]
			.iter()
			.map(|share| u32::from(*share))
			.sum()
	}

	/// The share of a work category.
	pub fn of(&self, category: WorkCategory) -> u16 {
		match category {
			WorkCategory::Beacon => self.beacon,
			WorkCategory::Witness => self.witness,
			WorkCategory::Uptime => self.uptime,
		}
	}
}

/// One category's pool of one closed epoch.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Pool<Balance> {
	/// Tokens to share among the category's units.
	pub amount: Balance,
	/// The category's units in the epoch.
	pub units: RewardUnits,
	/// Tokens claimed from it so far.
	pub paid: Balance,
}

impl<Balance: Copy + Saturating + Zero + PartialOrd> Pool<Balance> {
	/// Tokens not claimed yet.
	pub fn unclaimed(&self) -> Balance {
		self.amount.saturating_sub(self.paid)
	}
}

/// The device pools of one closed epoch.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct EpochPools<Balance> {
	/// Beacon units' pool.
	pub beacon: Pool<Balance>,
	/// Witness units' pool.
	pub witness: Pool<Balance>,
	/// Uptime units' pool.
	pub uptime: Pool<Balance>,
}

impl<Balance: Copy + Saturating + Zero + PartialOrd> EpochPools<Balance> {
	/// The three pools' amounts together.
	pub fn total(&self) -> Balance {
		self.beacon.amount.saturating_add(self.witness.amount).saturating_add(self.uptime.amount)
	}

	/// What the three pools still hold.
	pub fn unclaimed(&self) -> Balance {
		self.beacon
			.unclaimed()
			.saturating_add(self.witness.unclaimed())
			.saturating_add(self.uptime.unclaimed())
	}

	/// The pool of a category.
	pub fn of_mut(&mut self, category: WorkCategory) -> &mut Pool<Balance> {
		match category {
			WorkCategory::Beacon => &mut self.beacon,
			WorkCategory::Witness => &mut self.witness,
			WorkCategory::Uptime => &mut self.uptime,
		}
	}
}

/// A device's rewards, as the runtime API reports them.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DeviceRewards<AccountId, Balance> {
	/// The device.
	pub device: DeviceKey,
	/// Its owner, who a claim pays.
	pub owner: AccountId,
	/// Claimable now, by closed epoch, oldest first.
	pub claimable: Vec<EpochAmount<Balance>>,
	/// The sum of `claimable`.
	pub claimable_total: Balance,
	/// Its share of the current epoch if the epoch closed now.
	pub pending: Balance,
	/// Its units in the current epoch so far, by category.
	pub pending_units: WorkTotals,
}

/// What a device proved and earned in an epoch.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct EpochAmount<Balance> {
	/// The epoch.
	pub epoch: EpochIndex,
	/// The device's units in it, by category: its proof-of-coverage result.
	pub units: WorkTotals,
	/// What they earned.
	pub amount: Balance,
}

/// One page of an account's device rewards.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AccountRewards<AccountId, Balance> {
	/// The page's devices with their rewards, in storage order.
	pub devices: Vec<DeviceRewards<AccountId, Balance>>,
	/// Claimable now for the page's devices.
	pub claimable_total: Balance,
	/// Pending in the current epoch for the page's devices.
	pub pending_total: Balance,
	/// All the account was ever paid, by device rewards and block authoring.
	pub lifetime_paid: Balance,
	/// Where the next page starts (pass it as `after`), if there is one.
	pub next: Option<DeviceKey>,
}

/// An account's rewards summed over all its devices, as the runtime API reports them.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AccountTotals<Balance> {
	/// How many devices it owns.
	pub devices: u32,
	/// Claimable now, over all its devices.
	pub claimable: Balance,
	/// Its devices' shares of the current epoch if it closed now.
	pub pending: Balance,
	/// All it was ever paid, by device rewards and block authoring.
	pub lifetime_paid: Balance,
}

/// The chain's emission and reward accounting, as the runtime API reports it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct RewardState<AccountId, Balance> {
	/// The current epoch.
	pub epoch: EpochIndex,
	/// What closing the current epoch will mint (the schedule's, within the supply cap).
	pub emission: Balance,
	/// The device pools of the current epoch if it closed now.
	pub pools: EpochPools<Balance>,
	/// Units of work credited so far in the current epoch.
	pub units: WorkTotals,
	/// The split of each emission.
	pub split: PoolSplit,
	/// The supply schedule.
	pub schedule: EmissionSchedule<Balance>,
	/// The first epoch of the next halving.
	pub next_halving: EpochIndex,
	/// Tokens minted as rewards since genesis.
	pub total_minted: Balance,
	/// Tokens paid to device owners and block authors.
	pub total_paid: Balance,
	/// Minted tokens that went to the treasury.
	pub total_to_treasury: Balance,
	/// Minted tokens not claimed yet.
	pub unclaimed: Balance,
	/// The account holding unclaimed rewards.
	pub pot: AccountId,
	/// The treasury account.
	pub treasury: AccountId,
}
