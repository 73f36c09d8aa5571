//! The CLI's connection to a node: JSON-RPC calls, and owner transactions signed here,
//! submitted, and followed into a block.

use codec::{Decode, Encode};
use depin_runtime::{
	tx_extension, AccountId, Runtime, RuntimeCall, RuntimeError, RuntimeEvent, SignedPayload,
	UncheckedExtrinsic,
};
use jsonrpsee::{
	core::{
		client::{ClientT, SubscriptionClientT},
		params::ArrayParams,
		ClientError,
	},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{
	generic::Era, traits::IdentifyAccount, MultiAddress, MultiSignature, MultiSigner,
};

use crate::json::{hex, parse_array, parse_hex, ss58};

/// Blocks for which an owner transaction stays valid.
const MORTALITY: u64 = 64;

/// A connected node.
pub struct Chain {
	client: WsClient,
	/// The chain's genesis hash, which every device signature binds.
	pub genesis: H256,
}

/// A JSON-RPC error as one line: the node's message and its data, if any.
fn describe(error: ClientError) -> String {
	match error {
		ClientError::Call(error) => match error.data() {
			Some(data) => format!("{} ({})", error.message(), data.get()),
			None => error.message().to_string(),
		},
		other => other.to_string(),
	}
}

fn hash_of(what: &str, value: &Value) -> Result<H256, String> {
	let text = value.as_str().ok_or_else(|| format!("{what}: expected a hash, got {value}"))?;
	Ok(H256(parse_array(what, text)?))
}

impl Chain {
	/// Connects to the node at `url` (`ws://`, `wss://`, `http://` or `https://`: the node
	/// serves WebSocket and HTTP on one port).
	pub async fn connect(url: &str) -> Result<Self, String> {
		let url = if let Some(rest) = url.strip_prefix("http://") {
			format!("ws://{rest}")
		} else if let Some(rest) = url.strip_prefix("https://") {
			format!("wss://{rest}")
		} else {
			url.to_string()
		};
		let client = WsClientBuilder::default()
			.build(&url)
			.await
			.map_err(|error| format!("cannot connect to {url}: {error}"))?;
		let mut chain = Self { client, genesis: H256::zero() };
		chain.genesis =
			hash_of("genesis hash", &chain.call("chain_getBlockHash", rpc_params![0]).await?)?;
		Ok(chain)
	}

	/// Calls `method`.
	pub async fn call<T: DeserializeOwned>(
		&self,
		method: &str,
		params: ArrayParams,
	) -> Result<T, String> {
		self.client.request(method, params).await.map_err(describe)
	}

	/// The best block's number and hash.
	pub async fn best(&self) -> Result<(u32, H256), String> {
		let header: Value = self.call("chain_getHeader", rpc_params![]).await?;
		let number = header["number"]
			.as_str()
			.and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok())
			.ok_or_else(|| format!("unexpected header {header}"))?;
		let hash: Value = self.call("chain_getBlockHash", rpc_params![number]).await?;
		Ok((number, hash_of("block hash", &hash)?))
	}

	/// The hash of block `number`.
	pub async fn block_hash(&self, number: u64) -> Result<H256, String> {
		let hash: Value = self.call("chain_getBlockHash", rpc_params![number]).await?;
		hash_of(&format!("hash of block {number}"), &hash)
	}

	/// Signs `call` by `owner`, submits it, and waits for its block; returns the events it
	/// emitted, or the name of the error it failed with.
	pub async fn submit_signed(
		&self,
		owner: &sr25519::Pair,
		call: RuntimeCall,
	) -> Result<Vec<RuntimeEvent>, String> {
		let account: AccountId = MultiSigner::from(owner.public()).into_account();
		let nonce: u32 = self.call("system_accountNextIndex", rpc_params![ss58(&account)]).await?;
		let version: Value = self.call("state_getRuntimeVersion", rpc_params![]).await?;
		let field = |name: &str| {
			version[name]
				.as_u64()
				.map(|v| v as u32)
				.ok_or_else(|| format!("runtime version without {name}: {version}"))
		};
		let (spec_version, tx_version) = (field("specVersion")?, field("transactionVersion")?);
		let (best, _) = self.best().await?;
		let era = Era::mortal(MORTALITY, u64::from(best));
		let era_hash = self.block_hash(era.birth(u64::from(best))).await?;

		let extension = tx_extension(era, nonce);
		let implicit = ((), (), spec_version, tx_version, self.genesis, era_hash, (), (), (), ());
		let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
		let signature = payload.using_encoded(|bytes| owner.sign(bytes));
		let extrinsic = UncheckedExtrinsic::new_signed(
			call,
			MultiAddress::Id(account),
			MultiSignature::Sr25519(signature),
			extension,
		);
		let encoded = hex(&extrinsic.encode());

		let mut watch = self
			.client
			.subscribe::<Value, _>(
				"author_submitAndWatchExtrinsic",
				rpc_params![encoded.clone()],
				"author_unwatchExtrinsic",
			)
			.await
			.map_err(|error| format!("transaction refused: {}", describe(error)))?;
		let block = loop {
			let status = watch
				.next()
				.await
				.ok_or("the node closed the transaction's subscription")?
				.map_err(|error| format!("transaction watch failed: {error}"))?;
			if let Some(block) = status.get("inBlock") {
				break hash_of("inBlock", block)?;
			}
			if matches!(status.as_str(), Some("invalid" | "dropped"))
				|| status.get("usurped").is_some()
			{
				return Err(format!("transaction not included: {status}"));
			}
		};
		self.events_of(block, &encoded).await
	}

	/// The events emitted by `extrinsic` (hex) in `block`, or the error it failed with.
	async fn events_of(&self, block: H256, extrinsic: &str) -> Result<Vec<RuntimeEvent>, String> {
		let body: Value = self.call("chain_getBlock", rpc_params![block]).await?;
		let index = body["block"]["extrinsics"]
			.as_array()
			.and_then(|all| all.iter().position(|x| x.as_str() == Some(extrinsic)))
			.ok_or_else(|| format!("the transaction is not in block {block:?}"))? as u32;
		let key =
			[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat();
		let raw: Value = self.call("state_getStorage", rpc_params![hex(&key), block]).await?;
		let raw = parse_hex("System.Events", raw.as_str().unwrap_or("0x"))?;
		let records = Vec::<frame_system::EventRecord<RuntimeEvent, H256>>::decode(&mut &raw[..])
			.map_err(|error| format!("cannot decode the block's events: {error}"))?;
		let events: Vec<RuntimeEvent> = records
			.into_iter()
			.filter(|record| record.phase == frame_system::Phase::ApplyExtrinsic(index))
			.map(|record| record.event)
			.collect();
		for event in &events {
			if let RuntimeEvent::System(frame_system::Event::<Runtime>::ExtrinsicFailed {
				dispatch_error,
				..
			}) = event
			{
				return Err(match RuntimeError::from_dispatch_error(*dispatch_error) {
					Some(error) => format!("the call failed: {error:?}"),
					None => format!("the call failed: {dispatch_error:?}"),
				});
			}
		}
		Ok(events)
	}
}
