//! Read-only queries behind the runtime API.

use crate::*;
use alloc::vec::Vec;
use depin_primitives::{
	query::{page_limit, QueryError},
	work::{DeviceRegistry, EpochWork},
	DeviceKey, EpochClock,
};
use sp_runtime::{traits::Zero, Saturating};

/// The sum of `amounts`.
fn total_of<Balance: Zero + Saturating + Copy>(amounts: &[EpochAmount<Balance>]) -> Balance {
	amounts.iter().fold(Zero::zero(), |sum, e| sum.saturating_add(e.amount))
}

impl<T: Config> Pallet<T> {
	/// A registered device's claimable and pending rewards.
	pub fn device_rewards(device: &DeviceKey) -> Option<DeviceRewards<T::AccountId, BalanceOf<T>>> {
		let owner = T::Devices::device(device)?.owner;
		let claimable = Self::claimable_work(device);
		let claimable_total = total_of(&claimable);
		Some(DeviceRewards {
			device: *device,
			owner,
			claimable,
			claimable_total,
			pending: Self::pending_in(device, Self::current_pools()),
			pending_units: DeviceWork::<T>::get(T::EpochClock::current_epoch(), device)
				.unwrap_or_default(),
		})
	}

	/// Up to `limit` (1 to [`depin_primitives::query::MAX_PAGE`]) of `account`'s devices after
	/// `after`, with their rewards.
	pub fn account_rewards(
		account: &T::AccountId,
		after: Option<DeviceKey>,
		limit: u32,
	) -> Result<AccountRewards<T::AccountId, BalanceOf<T>>, QueryError> {
		let limit = page_limit(limit)?;
		let mut keys = T::Devices::devices_of(account, after.as_ref(), limit.saturating_add(1));
		let next = if keys.len() as u32 > limit {
			keys.truncate(limit as usize);
			keys.last().copied()
		} else {
			None
		};
		let devices: Vec<_> = keys.iter().filter_map(Self::device_rewards).collect();
		let (claimable_total, pending_total) = devices.iter().fold(
			(Zero::zero(), Zero::zero()),
			|(c, p): (BalanceOf<T>, BalanceOf<T>), d| {
				(c.saturating_add(d.claimable_total), p.saturating_add(d.pending))
			},
		);
		Ok(AccountRewards {
			devices,
			claimable_total,
			pending_total,
			lifetime_paid: LifetimePaid::<T>::get(account),
			next,
		})
	}

	/// `account`'s rewards summed over all its devices (at most `MaxDevicesPerOwner` of the
	/// registry), with its lifetime payments.
	pub fn account_totals(account: &T::AccountId) -> AccountTotals<BalanceOf<T>> {
		let mut totals = AccountTotals {
			devices: 0,
			claimable: Zero::zero(),
			pending: Zero::zero(),
			lifetime_paid: LifetimePaid::<T>::get(account),
		};
		let pools = Self::current_pools();
		let mut after = None;
		loop {
			let page = T::Devices::devices_of(account, after.as_ref(), Self::TOTALS_PAGE);
			for device in &page {
				totals.claimable.saturating_accrue(total_of(&Self::claimable_work(device)));
				totals.pending.saturating_accrue(Self::pending_in(device, pools));
			}
			totals.devices.saturating_accrue(page.len() as u32);
			if (page.len() as u32) < Self::TOTALS_PAGE {
				return totals;
			}
			after = page.last().copied();
		}
	}

	/// How many devices `account_totals` reads from the registry at a time.
	const TOTALS_PAGE: u32 = 256;

	/// The current epoch's device pools if it closed now with the work credited so far.
	pub(crate) fn current_pools() -> EpochPools<BalanceOf<T>> {
		let epoch = T::EpochClock::current_epoch();
		Self::pools_for(Self::emission(epoch), &Split::<T>::get(), &T::EpochClock::units_so_far())
	}

	/// What `device` would earn from the current epoch if it closed now with the work credited
	/// so far: an estimate, since others' work still dilutes it.
	pub fn pending(device: &DeviceKey) -> BalanceOf<T> {
		Self::pending_in(device, Self::current_pools())
	}

	/// `device`'s share of `pools`, the current epoch's.
	fn pending_in(device: &DeviceKey, mut pools: EpochPools<BalanceOf<T>>) -> BalanceOf<T> {
		DeviceWork::<T>::get(T::EpochClock::current_epoch(), device)
			.map_or_else(Zero::zero, |work| Self::take_shares(&mut pools, &work))
	}

	/// Tokens minted and not claimed yet: what the live pools still hold.
	pub fn unclaimed() -> BalanceOf<T> {
		// At most `ClaimWindow` pools are live.
		Pools::<T>::iter_values()
			.fold(Zero::zero(), |sum: BalanceOf<T>, pools| sum.saturating_add(pools.unclaimed()))
	}

	/// The emission and accounting of the chain.
	pub fn reward_state() -> RewardState<T::AccountId, BalanceOf<T>> {
		let epoch = T::EpochClock::current_epoch();
		let schedule = Schedule::<T>::get();
		let interval = schedule.halving_interval.max(1);
		RewardState {
			epoch,
			emission: Self::emission(epoch),
			pools: Self::current_pools(),
			units: T::EpochClock::units_so_far(),
			split: Split::<T>::get(),
			schedule,
			next_halving: (epoch / interval).saturating_add(1).saturating_mul(interval),
			total_minted: TotalMinted::<T>::get(),
			total_paid: TotalPaid::<T>::get(),
			total_to_treasury: TotalToTreasury::<T>::get(),
			unclaimed: Self::unclaimed(),
			pot: Self::pot(),
			treasury: Self::treasury(),
		}
	}
}
