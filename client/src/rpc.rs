//! The `depin_*` JSON-RPC interface: the methods the node serves (`DepinApiServer`, implemented
//! in `depin-node`) and a typed client for them (`DepinApiClient`, implemented for every
//! jsonrpsee client), with the error codes of their refusals. `docs/rpc.md` describes each.

use crate::json::{
	proofs::{AnnouncementJson, HeartbeatJson, ReceiptJson, ReportJson, RevealJson},
	replies::{
		AccountRewardsJson, CellJson, DeviceJson, DevicePageJson, DeviceRewardsJson, EpochJson,
		NetworkStatsJson, PendingRewardsJson, RewardStateJson,
	},
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use sp_core::H256;

/// The device or account is not known to the chain.
pub const UNKNOWN: i32 = 4001;
/// The transaction pool refused a proof: a rule of the chain failed.
pub const PROOF_REJECTED: i32 = 4002;
/// The transaction pool could not take a valid proof (e.g. one of the same device is queued).
pub const POOL_REFUSED: i32 = 4003;
/// A runtime API call failed (e.g. the block is unknown or pruned).
pub const RUNTIME_FAILED: i32 = 4004;

/// The page size of the paged methods when the caller gives none.
pub const DEFAULT_PAGE: u32 = 100;

/// The `depin_*` methods: reads of the registry, proof-of-coverage and rewards at a block
/// (the best one by default), device-proof submission, and subscriptions.
#[rpc(client, server, namespace = "depin")]
pub trait DepinApi {
	/// A registered device with its location and proof-of-coverage timing.
	#[method(name = "device")]
	fn device(&self, device: String, at: Option<H256>) -> RpcResult<DeviceJson>;

	/// The nonce the next proof of possession of a key signs (0 for a new key).
	#[method(name = "registrationNonce")]
	fn registration_nonce(&self, device: String, at: Option<H256>) -> RpcResult<u32>;

	/// One page of an owner's devices.
	#[method(name = "devicesOf")]
	fn devices_of(
		&self,
		owner: String,
		after: Option<String>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<DevicePageJson>;

	/// Active located devices by kind in an H3 cell of a density resolution.
	#[method(name = "cell")]
	fn cell(&self, cell: String, at: Option<H256>) -> RpcResult<CellJson>;

	/// Devices by kind and status, and what the current epoch verified.
	#[method(name = "networkStats")]
	fn network_stats(&self, at: Option<H256>) -> RpcResult<NetworkStatsJson>;

	/// The epoch clock, the verification rules and the epoch's activity.
	#[method(name = "epoch")]
	fn epoch(&self, at: Option<H256>) -> RpcResult<EpochJson>;

	/// Emission, pools, split, schedule and reward accounting.
	#[method(name = "rewardState")]
	fn reward_state(&self, at: Option<H256>) -> RpcResult<RewardStateJson>;

	/// A device's rewards and units: claimable by closed epoch, and pending.
	#[method(name = "deviceRewards")]
	fn device_rewards(&self, device: String, at: Option<H256>) -> RpcResult<DeviceRewardsJson>;

	/// An account's claimable and pending rewards over all its devices.
	#[method(name = "pendingRewards")]
	fn pending_rewards(&self, account: String, at: Option<H256>) -> RpcResult<PendingRewardsJson>;

	/// One page of an account's devices with their rewards.
	#[method(name = "accountRewards")]
	fn account_rewards(
		&self,
		account: String,
		after: Option<String>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<AccountRewardsJson>;

	/// Puts a device-signed heartbeat in the pool as a feeless transaction; returns its hash.
	#[method(name = "submitHeartbeat")]
	async fn submit_heartbeat(&self, heartbeat: HeartbeatJson) -> RpcResult<H256>;

	/// Puts a beaconer-signed receipt in the pool as a feeless transaction; returns its hash.
	#[method(name = "submitReceipt")]
	async fn submit_receipt(&self, receipt: ReceiptJson) -> RpcResult<H256>;

	/// Puts a beaconer-signed beacon announcement in the pool as a feeless transaction;
	/// returns its hash.
	#[method(name = "announceBeacon")]
	async fn announce_beacon(&self, announcement: AnnouncementJson) -> RpcResult<H256>;

	/// Puts a batch of witness-signed reports in the pool as one feeless transaction; returns
	/// its hash.
	#[method(name = "submitReports")]
	async fn submit_reports(&self, reports: Vec<ReportJson>) -> RpcResult<H256>;

	/// Puts a beacon's reveal in the pool as a feeless transaction; returns its hash.
	#[method(name = "revealBeacon")]
	async fn reveal_beacon(&self, reveal: RevealJson) -> RpcResult<H256>;

	/// An account's `depin_pendingRewards` now and after every new best block that changes it.
	#[subscription(
		name = "subscribeRewards" => "rewardsUpdate",
		unsubscribe = "unsubscribeRewards",
		item = PendingRewardsJson
	)]
	fn subscribe_rewards(&self, account: String);

	/// A device's `depin_device` now and after every new best block that changes it.
	#[subscription(
		name = "subscribeDevice" => "deviceUpdate",
		unsubscribe = "unsubscribeDevice",
		item = DeviceJson
	)]
	fn subscribe_device(&self, device: String);
}
