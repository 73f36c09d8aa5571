//! The node's side of the `depin_*` JSON-RPC interface (`depin_client::rpc::DepinApi`): a thin
//! JSON layer over the runtime APIs of pallet-devices, pallet-coverage and pallet-rewards, plus
//! submission of device-signed proofs as feeless general transactions. Every rule and bound
//! lives in the runtime; this module only translates.

use std::{marker::PhantomData, sync::Arc};

use codec::{Decode, Encode};
use depin_client::{
	json::{
		proofs::{
			reports_batch, AnnouncementJson, HeartbeatJson, ReceiptJson, ReportJson, RevealJson,
		},
		replies::{
			AccountRewardsJson, CellJson, DeviceJson, DevicePageJson, DeviceRewardsJson, EpochJson,
			NetworkStatsJson, PendingRewardsJson, RewardStateJson,
		},
		text::{device_key_hex, parse_account, parse_cell, parse_device_key, ss58},
	},
	rpc::{DepinApiServer, DEFAULT_PAGE, POOL_REFUSED, PROOF_REJECTED, RUNTIME_FAILED, UNKNOWN},
};
use depin_primitives::query::QueryError;
use depin_primitives::DeviceKey;
use depin_runtime::{
	opaque::Block, tx_extension, AccountId, Balance, BlockNumber, Runtime, RuntimeCall,
	UncheckedExtrinsic,
};
use futures::{future, StreamExt};
use jsonrpsee::{
	core::{async_trait, RpcResult},
	types::{error::INVALID_PARAMS_CODE, ErrorObject, ErrorObjectOwned},
	PendingSubscriptionSink,
};
use pallet_coverage::runtime_api::CoverageApi;
use pallet_devices::runtime_api::DevicesApi;
use pallet_rewards::runtime_api::RewardsApi;
use sc_client_api::BlockchainEvents;
use sc_rpc::{
	utils::{spawn_subscription_task, PendingSubscription, RingBuffer},
	SubscriptionTaskExecutor,
};
use sc_transaction_pool_api::{
	error::{Error as PoolError, IntoPoolError},
	TransactionPool, TransactionSource,
};
use sp_api::{ApiError, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::{
	generic::Era,
	transaction_validity::{InvalidTransaction, UnknownTransaction},
};

/// Buffered subscription updates per connection; older ones give way to newer.
const SUBSCRIPTION_BUFFER: usize = 16;

/// The `depin_*` methods over a client and its transaction pool.
pub struct Depin<C, P> {
	client: Arc<C>,
	pool: Arc<P>,
	executor: SubscriptionTaskExecutor,
	_block: PhantomData<Block>,
}

impl<C, P> Depin<C, P> {
	/// The methods over `client` and `pool`; subscriptions run on `executor`.
	pub fn new(client: Arc<C>, pool: Arc<P>, executor: SubscriptionTaskExecutor) -> Self {
		Self { client, pool, executor, _block: PhantomData }
	}
}

fn invalid_params(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(INVALID_PARAMS_CODE, message, None::<()>)
}

fn runtime_failed(error: ApiError) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_FAILED, format!("runtime API call failed: {error}"), None::<()>)
}

fn unknown(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(UNKNOWN, message, None::<()>)
}

/// A query the runtime refused, as invalid parameters with the runtime's reason.
fn refused(error: QueryError) -> ErrorObjectOwned {
	invalid_params(error.to_string())
}

fn parse_after(after: Option<String>) -> Result<Option<DeviceKey>, ErrorObjectOwned> {
	after.map(|after| parse_device_key("after", &after)).transpose().map_err(invalid_params)
}

/// What the pool's refusal of a device proof means, as a JSON-RPC error.
fn proof_refused(error: PoolError) -> ErrorObjectOwned {
	match error {
		PoolError::InvalidTransaction(InvalidTransaction::Custom(code)) => {
			// Device proofs fail authorization with the index of a pallet-coverage error.
			let name = pallet_coverage::Error::<Runtime>::decode(&mut &[code][..])
				.map(<&'static str>::from)
				.unwrap_or("unknown rule");
			ErrorObject::owned(
				PROOF_REJECTED,
				format!("proof rejected: {name}"),
				Some(serde_json::json!({ "error": name, "code": code })),
			)
		},
		PoolError::InvalidTransaction(other) => ErrorObject::owned(
			PROOF_REJECTED,
			format!("proof rejected: {other:?}"),
			Some(serde_json::json!({ "error": format!("{other:?}") })),
		),
		PoolError::UnknownTransaction(UnknownTransaction::CannotLookup) => ErrorObject::owned(
			PROOF_REJECTED,
			"proof rejected: the chain cannot look up a key it names".to_string(),
			None::<()>,
		),
		PoolError::TooLowPriority { .. } | PoolError::AlreadyImported(_) => ErrorObject::owned(
			POOL_REFUSED,
			"a proof of this device for this slot is already in the transaction pool".to_string(),
			None::<()>,
		),
		PoolError::TemporarilyBanned => ErrorObject::owned(
			POOL_REFUSED,
			"this exact transaction was refused recently; the pool ignores it for a while"
				.to_string(),
			None::<()>,
		),
		other => ErrorObject::owned(POOL_REFUSED, format!("pool refused: {other}"), None::<()>),
	}
}

impl<C, P> Depin<C, P>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DevicesApi<Block, AccountId, Balance, BlockNumber>
		+ CoverageApi<Block, BlockNumber>
		+ RewardsApi<Block, AccountId, Balance>,
{
	fn at(&self, at: Option<H256>) -> H256 {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}

	fn device_at(&self, key: DeviceKey, at: H256) -> RpcResult<DeviceJson> {
		let api = self.client.runtime_api();
		let details = api.device(at, key).map_err(runtime_failed)?.ok_or_else(|| {
			unknown(format!("no device is registered with key {}", device_key_hex(&key)))
		})?;
		let coverage = api.device_coverage(at, key).map_err(runtime_failed)?;
		Ok(DeviceJson::new(details, coverage))
	}

	fn pending_rewards_at(&self, account: AccountId, at: H256) -> RpcResult<PendingRewardsJson> {
		let totals = self
			.client
			.runtime_api()
			.account_totals(at, account.clone())
			.map_err(runtime_failed)?;
		if totals.devices == 0 && totals.lifetime_paid == 0 {
			return Err(unknown(format!(
				"account {} owns no device and was never paid a reward",
				ss58(&account)
			)));
		}
		Ok(PendingRewardsJson::new(account, totals))
	}
}

impl<C, P> Depin<C, P>
where
	P: TransactionPool<Block = Block, Hash = H256> + 'static,
{
	/// Submits `call` as a general transaction: no signer, no nonce, no fee; the runtime
	/// authorizes it from the device signature it carries.
	async fn submit_device_proof(&self, call: RuntimeCall, best: H256) -> RpcResult<H256> {
		let extension = tx_extension(Era::Immortal, 0);
		let extrinsic = UncheckedExtrinsic::new_transaction(call, extension);
		let opaque = sp_runtime::OpaqueExtrinsic::try_from_encoded_extrinsic(&extrinsic.encode())
			.expect("an encoded extrinsic decodes as an opaque one");
		self.pool.submit_one(best, TransactionSource::External, opaque).await.map_err(|error| {
			match error.into_pool_error() {
				Ok(error) => proof_refused(error),
				Err(error) => {
					ErrorObject::owned(POOL_REFUSED, format!("pool refused: {error}"), None::<()>)
				},
			}
		})
	}
}

#[async_trait]
impl<C, P> DepinApiServer for Depin<C, P>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockchainEvents<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: DevicesApi<Block, AccountId, Balance, BlockNumber>
		+ CoverageApi<Block, BlockNumber>
		+ RewardsApi<Block, AccountId, Balance>,
	P: TransactionPool<Block = Block, Hash = H256> + 'static,
{
	fn device(&self, device: String, at: Option<H256>) -> RpcResult<DeviceJson> {
		let key = parse_device_key("device", &device).map_err(invalid_params)?;
		self.device_at(key, self.at(at))
	}

	fn registration_nonce(&self, device: String, at: Option<H256>) -> RpcResult<u32> {
		let key = parse_device_key("device", &device).map_err(invalid_params)?;
		self.client.runtime_api().registration_nonce(self.at(at), key).map_err(runtime_failed)
	}

	fn devices_of(
		&self,
		owner: String,
		after: Option<String>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<DevicePageJson> {
		let account = parse_account("owner", &owner).map_err(invalid_params)?;
		let (after, limit, at) = (parse_after(after)?, limit.unwrap_or(DEFAULT_PAGE), self.at(at));
		let api = self.client.runtime_api();
		let page = api
			.devices_of(at, account.clone(), after, limit)
			.map_err(runtime_failed)?
			.map_err(refused)?;
		let devices = page
			.devices
			.into_iter()
			.map(|details| {
				let coverage = api.device_coverage(at, details.device).map_err(runtime_failed)?;
				Ok(DeviceJson::new(details, coverage))
			})
			.collect::<RpcResult<Vec<_>>>()?;
		Ok(DevicePageJson { owner: account, total: page.total, devices, next: page.next })
	}

	fn cell(&self, cell: String, at: Option<H256>) -> RpcResult<CellJson> {
		let cell = parse_cell("cell", &cell).map_err(invalid_params)?;
		self.client
			.runtime_api()
			.cell_devices(self.at(at), cell)
			.map_err(runtime_failed)?
			.map(CellJson::from)
			.map_err(refused)
	}

	fn network_stats(&self, at: Option<H256>) -> RpcResult<NetworkStatsJson> {
		let (api, at) = (self.client.runtime_api(), self.at(at));
		Ok(NetworkStatsJson {
			devices: api.device_stats(at).map_err(runtime_failed)?.into(),
			epoch: api.epoch_info(at).map_err(runtime_failed)?.into(),
		})
	}

	fn epoch(&self, at: Option<H256>) -> RpcResult<EpochJson> {
		Ok(self.client.runtime_api().epoch_info(self.at(at)).map_err(runtime_failed)?.into())
	}

	fn reward_state(&self, at: Option<H256>) -> RpcResult<RewardStateJson> {
		Ok(self.client.runtime_api().reward_state(self.at(at)).map_err(runtime_failed)?.into())
	}

	fn device_rewards(&self, device: String, at: Option<H256>) -> RpcResult<DeviceRewardsJson> {
		let key = parse_device_key("device", &device).map_err(invalid_params)?;
		self.client
			.runtime_api()
			.device_rewards(self.at(at), key)
			.map_err(runtime_failed)?
			.map(DeviceRewardsJson::from)
			.ok_or_else(|| unknown(format!("no device is registered with key {device}")))
	}

	fn pending_rewards(&self, account: String, at: Option<H256>) -> RpcResult<PendingRewardsJson> {
		let account = parse_account("account", &account).map_err(invalid_params)?;
		self.pending_rewards_at(account, self.at(at))
	}

	fn account_rewards(
		&self,
		account: String,
		after: Option<String>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<AccountRewardsJson> {
		let account = parse_account("account", &account).map_err(invalid_params)?;
		let (after, limit) = (parse_after(after)?, limit.unwrap_or(DEFAULT_PAGE));
		let page = self
			.client
			.runtime_api()
			.account_rewards(self.at(at), account.clone(), after, limit)
			.map_err(runtime_failed)?
			.map_err(refused)?;
		Ok(AccountRewardsJson::new(account, page))
	}

	async fn submit_heartbeat(&self, heartbeat: HeartbeatJson) -> RpcResult<H256> {
		let (heartbeat, signature) = heartbeat.to_chain().map_err(invalid_params)?;
		let call =
			RuntimeCall::Coverage(pallet_coverage::Call::submit_heartbeat { heartbeat, signature });
		self.submit_device_proof(call, self.client.info().best_hash).await
	}

	async fn submit_receipt(&self, receipt: ReceiptJson) -> RpcResult<H256> {
		let (receipt, signature) = receipt.to_chain().map_err(invalid_params)?;
		let call =
			RuntimeCall::Coverage(pallet_coverage::Call::submit_receipt { receipt, signature });
		self.submit_device_proof(call, self.client.info().best_hash).await
	}

	async fn announce_beacon(&self, announcement: AnnouncementJson) -> RpcResult<H256> {
		let (announcement, signature) = announcement.to_chain().map_err(invalid_params)?;
		let call = RuntimeCall::Coverage(pallet_coverage::Call::announce_beacon {
			announcement,
			signature,
		});
		self.submit_device_proof(call, self.client.info().best_hash).await
	}

	async fn submit_reports(&self, reports: Vec<ReportJson>) -> RpcResult<H256> {
		let reports = reports_batch(&reports).map_err(invalid_params)?;
		let call = RuntimeCall::Coverage(pallet_coverage::Call::submit_reports { reports });
		self.submit_device_proof(call, self.client.info().best_hash).await
	}

	async fn reveal_beacon(&self, reveal: RevealJson) -> RpcResult<H256> {
		let (beaconer, local_entropy, reports) = reveal.to_chain().map_err(invalid_params)?;
		let call = RuntimeCall::Coverage(pallet_coverage::Call::reveal_beacon {
			beaconer,
			local_entropy,
			reports,
		});
		self.submit_device_proof(call, self.client.info().best_hash).await
	}

	fn subscribe_rewards(&self, pending: PendingSubscriptionSink, account: String) {
		let query =
			parse_account("account", &account).map_err(invalid_params).and_then(|account| {
				let depin = self.clone_readers();
				let first = depin.pending_rewards_at(account.clone(), depin.at(None))?;
				Ok((first, move |at| depin.pending_rewards_at(account.clone(), at)))
			});
		self.subscribe(pending, query);
	}

	fn subscribe_device(&self, pending: PendingSubscriptionSink, device: String) {
		let query = parse_device_key("device", &device).map_err(invalid_params).and_then(|key| {
			let depin = self.clone_readers();
			let first = depin.device_at(key, depin.at(None))?;
			Ok((first, move |at| depin.device_at(key, at)))
		});
		self.subscribe(pending, query);
	}
}

impl<C, P> Depin<C, P>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockchainEvents<Block>
		+ Send
		+ Sync
		+ 'static,
{
	/// A copy that only reads the chain, for subscription tasks.
	fn clone_readers(&self) -> Depin<C, ()> {
		Depin::new(self.client.clone(), Arc::new(()), self.executor.clone())
	}

	/// Sends `first`, then the query's result at every new best block where it differs from
	/// the last one sent; or rejects the subscription with the query's error. The stream ends
	/// when the query fails (e.g. the device was deregistered).
	fn subscribe<T, Q>(&self, pending: PendingSubscriptionSink, query: RpcResult<(T, Q)>)
	where
		T: serde::Serialize + PartialEq + Clone + Send + Sync + 'static,
		Q: Fn(H256) -> RpcResult<T> + Send + 'static,
	{
		let (first, query) = match query {
			Ok(query) => query,
			Err(error) => {
				spawn_subscription_task(&self.executor, pending.reject(error));
				return;
			},
		};
		let mut last = first.clone();
		let updates = self
			.client
			.import_notification_stream()
			.filter(|notification| future::ready(notification.is_new_best))
			.map(move |notification| query(notification.hash))
			.take_while(|result| future::ready(result.is_ok()))
			.filter_map(move |result| {
				let changed = result.ok().filter(|value| *value != last);
				if let Some(value) = &changed {
					last = value.clone();
				}
				future::ready(changed)
			});
		let stream = futures::stream::once(future::ready(first)).chain(updates);
		spawn_subscription_task(
			&self.executor,
			PendingSubscription::from(pending)
				.pipe_from_stream(stream.boxed(), RingBuffer::new(SUBSCRIPTION_BUFFER)),
		);
	}
}
