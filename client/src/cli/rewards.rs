//! `depin-node rewards …`: an account's rewards, and claiming them.

use depin_runtime::{AccountId, Balance};
use serde::Serialize;
use sp_core::Pair;

use super::{
	io::{block_on, describe_rpc, owner_pair, print_json},
	RewardsCmd,
};
use crate::{
	chain::Chain,
	interface::depin,
	json::text::{as_account, as_amount, parse_account, ss58},
	rpc::DepinApiClient,
};

/// What `claim` paid.
#[derive(Serialize)]
struct ClaimedJson {
	#[serde(with = "as_account")]
	account: AccountId,
	#[serde(with = "as_amount")]
	claimed: Balance,
	transactions: u32,
}

/// Runs `depin-node rewards …`.
pub fn run(command: &RewardsCmd) -> Result<(), String> {
	match command {
		RewardsCmd::Show { account, connection } => {
			let account = ss58(&parse_account("--account", account)?);
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				print_json(&chain.rpc.pending_rewards(account, None).await.map_err(describe_rpc)?);
				Ok(())
			})
		},
		RewardsCmd::Claim { owner, connection } => {
			let pair = owner_pair(owner)?;
			let account = AccountId::from(pair.public());
			block_on(async {
				let chain = Chain::connect(&connection.url).await?;
				let mut claimed: Balance = 0;
				let mut transactions = 0;
				// Each claim pays up to `MaxClaimDevices` devices and resumes where it stopped.
				while chain
					.rpc
					.pending_rewards(ss58(&account), None)
					.await
					.map_err(describe_rpc)?
					.claimable > 0
				{
					let events =
						chain.submit_signed(&pair, &depin::tx().rewards().claim_rewards()).await?;
					transactions += 1;
					for paid in events.find::<depin::rewards::events::RewardsClaimed>() {
						let paid =
							paid.map_err(|error| format!("cannot read a payment: {error}"))?;
						claimed = claimed.saturating_add(paid.amount);
					}
				}
				if transactions == 0 {
					return Err(format!("{} has nothing to claim", ss58(&account)));
				}
				print_json(&ClaimedJson { account, claimed, transactions });
				Ok(())
			})
		},
	}
}
