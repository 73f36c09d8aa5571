//! Read-only queries behind the runtime API.

use crate::*;
use alloc::vec::Vec;
use depin_primitives::{work::DeviceRegistry, DeviceKey, EpochClock};
use sp_runtime::{traits::Zero, Saturating};

/// The most devices one page of `account_rewards` reports.
pub const MAX_PAGE: u32 = 1_000;

impl<T: Config> Pallet<T> {
	/// A registered device's claimable and pending rewards.
	pub fn device_rewards(device: &DeviceKey) -> Option<DeviceRewards<T::AccountId, BalanceOf<T>>> {
		let owner = T::Devices::device(device)?.owner;
		let claimable = Self::claimable_work(device);
		let claimable_total = claimable
			.iter()
			.fold(Zero::zero(), |sum: BalanceOf<T>, e| sum.saturating_add(e.amount));
		Some(DeviceRewards {
			device: *device,
			owner,
			claimable,
			claimable_total,
			pending: Self::pending(device),
			pending_units: DeviceWork::<T>::get(T::EpochClock::current_epoch(), device)
				.unwrap_or_default(),
		})
	}

	/// Up to `limit` (at most [`MAX_PAGE`]) of `account`'s devices after `after`, with their
	/// rewards.
	pub fn account_rewards(
		account: &T::AccountId,
		after: Option<DeviceKey>,
		limit: u32,
	) -> AccountRewards<T::AccountId, BalanceOf<T>> {
		let limit = limit.min(MAX_PAGE);
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
		AccountRewards {
			devices,
			claimable_total,
			pending_total,
			lifetime_paid: LifetimePaid::<T>::get(account),
			next,
		}
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
		let units = CurrentUnits::<T>::get();
		let emission = Self::emission(epoch);
		let split = Split::<T>::get();
		let interval = schedule.halving_interval.max(1);
		RewardState {
			epoch,
			emission,
			pools: Self::pools_for(emission, &split, &units),
			units,
			split,
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
