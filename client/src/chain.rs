//! A connection to a node, over one WebSocket: the typed `depin_*` methods
//! ([`crate::rpc::DepinApiClient`]) and `subxt`, which builds owner transactions from the node's
//! metadata (call encoding, transaction extensions, the signed payload), submits them and
//! decodes their events and errors. The calls are checked against the node's metadata before
//! they are signed, so a runtime whose calls changed is refused with a message rather than sent
//! bytes it would misread.

use std::sync::Arc;

use jsonrpsee::ws_client::{WsClient, WsClientBuilder};
use sp_core::{sr25519, Pair, H256};
use subxt::{
	config::{
		polkadot::PolkadotConfigBuilder, DefaultExtrinsicParamsBuilder, Header, RpcConfigFor,
	},
	error::{DispatchError, TransactionEventsError},
	extrinsics::ExtrinsicEvents,
	rpcs::{LegacyRpcMethods, RpcClient},
	tx::{Payload, Signer, TransactionStatus},
	utils::{AccountId32, MultiSignature},
	OnlineClient, PolkadotConfig,
};

/// Blocks for which an owner transaction stays valid.
const MORTALITY: u64 = 64;

/// The node's WebSocket client, shared by the typed `depin_*` methods and `subxt`.
pub type NodeRpc = Arc<WsClient>;

/// A connected node.
pub struct Chain {
	/// The node's JSON-RPC client: call the `depin_*` methods on it through
	/// [`crate::rpc::DepinApiClient`].
	pub rpc: NodeRpc,
	legacy: LegacyRpcMethods<RpcConfigFor<PolkadotConfig>>,
	api: OnlineClient<PolkadotConfig>,
	/// The chain's genesis hash, which every device signature binds.
	pub genesis: H256,
}

/// The owner account that signs a transaction: an sr25519 key, as `subxt` signs with it.
pub struct OwnerSigner(pub sr25519::Pair);

impl Signer<PolkadotConfig> for OwnerSigner {
	fn account_id(&self) -> AccountId32 {
		AccountId32(self.0.public().0)
	}

	fn sign(&self, payload: &[u8]) -> MultiSignature {
		MultiSignature::Sr25519(self.0.sign(payload).0)
	}
}

impl Chain {
	/// Connects to the node at `url` (`ws://`, `wss://`, `http://` or `https://`: the node
	/// serves WebSocket and HTTP on one port) and reads its metadata.
	pub async fn connect(url: &str) -> Result<Self, String> {
		let url = if let Some(rest) = url.strip_prefix("http://") {
			format!("ws://{rest}")
		} else if let Some(rest) = url.strip_prefix("https://") {
			format!("wss://{rest}")
		} else {
			url.to_string()
		};
		let rpc: NodeRpc = Arc::new(
			WsClientBuilder::default()
				.build(&url)
				.await
				.map_err(|error| format!("cannot connect to {url}: {error}"))?,
		);
		let client = RpcClient::new(rpc.clone());
		let config = PolkadotConfigBuilder::new().use_historic_types(false).build();
		let api = OnlineClient::from_rpc_client_with_config(config, client.clone())
			.await
			.map_err(|error| format!("cannot read the chain at {url}: {error}"))?;
		let genesis = api.genesis_hash();
		Ok(Self { rpc, legacy: LegacyRpcMethods::new(client), api, genesis })
	}

	/// The best block's number and hash.
	pub async fn best(&self) -> Result<(u32, H256), String> {
		let describe = |error: subxt::rpcs::Error| format!("cannot read the best block: {error}");
		let hash = self
			.legacy
			.chain_get_block_hash(None)
			.await
			.map_err(describe)?
			.ok_or("the node has no best block")?;
		let header = self
			.legacy
			.chain_get_header(Some(hash))
			.await
			.map_err(describe)?
			.ok_or("the node lost its best block")?;
		let number = u32::try_from(Header::number(&header)).map_err(|_| "a block beyond u32")?;
		Ok((number, hash))
	}

	/// Signs `call` by `owner`, submits it, waits for the block that includes it and returns
	/// the events it emitted, or the error it failed with.
	pub async fn submit_signed(
		&self,
		owner: &sr25519::Pair,
		call: &impl Payload,
	) -> Result<ExtrinsicEvents<PolkadotConfig>, String> {
		let mut transactions = self
			.api
			.transactions()
			.await
			.map_err(|error| format!("cannot read the chain's state: {error}"))?;
		// The pool's next nonce for the owner, so that transactions still in the pool or in
		// blocks not yet finalized count.
		let nonce = self
			.legacy
			.system_account_next_index(&AccountId32(owner.public().0))
			.await
			.map_err(|error| format!("cannot read the owner's nonce: {error}"))?;
		let params = DefaultExtrinsicParamsBuilder::new().mortal(MORTALITY).nonce(nonce).build();
		let mut progress = transactions
			.sign_and_submit_then_watch(call, &OwnerSigner(owner.clone()), params)
			.await
			.map_err(|error| format!("transaction refused: {error}"))?;
		while let Some(status) = progress.next().await {
			match status.map_err(|error| format!("transaction watch failed: {error}"))? {
				TransactionStatus::InBestBlock(block)
				| TransactionStatus::InFinalizedBlock(block) => {
					return block.wait_for_success().await.map_err(describe_failure);
				},
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => {
					return Err(format!("transaction not included: {message}"));
				},
				_ => {},
			}
		}
		Err("the node closed the transaction's subscription".into())
	}
}

/// Why an included transaction failed, naming a pallet error as `Pallet::Error`.
fn describe_failure(error: TransactionEventsError) -> String {
	match error {
		TransactionEventsError::ExtrinsicFailed(DispatchError::Module(error)) => {
			format!("the call failed: {}", error.details_string())
		},
		TransactionEventsError::ExtrinsicFailed(error) => format!("the call failed: {error}"),
		other => format!("cannot read the transaction's events: {other}"),
	}
}
