//! The runtime API through which wallets, dApps and the node's RPC read rewards.

use crate::{AccountRewards, AccountTotals, DeviceRewards, RewardState};
use codec::Codec;
use depin_primitives::{query::QueryError, DeviceKey};

sp_api::decl_runtime_apis! {
	/// Rewards of devices and accounts, and the chain's emission.
	///
	/// Version 3 refuses a page limit outside 1 to `depin_primitives::query::MAX_PAGE` with a
	/// `QueryError` instead of clamping it, and sums an account's rewards (`account_totals`).
	#[api_version(3)]
	pub trait RewardsApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// A registered device's claimable (per closed epoch) and pending rewards; `None` for
		/// an unknown device.
		fn device_rewards(device: DeviceKey) -> Option<DeviceRewards<AccountId, Balance>>;

		/// One page of an account's devices with their rewards, with its lifetime payments:
		/// up to `limit` (1 to `MAX_PAGE`) devices after `after`.
		fn account_rewards(
			account: AccountId,
			after: Option<DeviceKey>,
			limit: u32,
		) -> Result<AccountRewards<AccountId, Balance>, QueryError>;

		/// An account's rewards summed over all its devices, with its lifetime payments.
		fn account_totals(account: AccountId) -> AccountTotals<Balance>;

		/// The current epoch, its emission and pools so far, the schedule and the totals.
		fn reward_state() -> RewardState<AccountId, Balance>;
	}
}
