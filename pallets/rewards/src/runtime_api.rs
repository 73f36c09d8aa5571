//! The runtime API through which wallets, dApps and the node's RPC read rewards.

use crate::{AccountRewards, DeviceRewards, RewardState};
use codec::Codec;
use depin_primitives::DeviceKey;

sp_api::decl_runtime_apis! {
	/// Rewards of devices and accounts, and the chain's emission.
	///
	/// Version 2 reports the units behind each amount (`EpochAmount::units`,
	/// `DeviceRewards::pending_units`).
	#[api_version(2)]
	pub trait RewardsApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// A registered device's claimable (per closed epoch) and pending rewards; `None` for
		/// an unknown device.
		fn device_rewards(device: DeviceKey) -> Option<DeviceRewards<AccountId, Balance>>;

		/// One page of an account's devices with their rewards, with its lifetime payments:
		/// up to `limit` (at most 1,000) devices after `after`.
		fn account_rewards(
			account: AccountId,
			after: Option<DeviceKey>,
			limit: u32,
		) -> AccountRewards<AccountId, Balance>;

		/// The current epoch, its emission and pools so far, the schedule and the totals.
		fn reward_state() -> RewardState<AccountId, Balance>;
	}
}
