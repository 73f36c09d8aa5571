//! The node's JSON-RPC methods beyond the ones `sc-service` installs (chain, state, author,
//! system, offchain): account nonces, fee queries and GRANDPA finality.

use std::sync::Arc;

use depin_runtime::{opaque::Block, AccountId, Balance, Nonce};
use jsonrpsee::RpcModule;
use sc_consensus_grandpa::{
	FinalityProofProvider, GrandpaJustificationStream, SharedAuthoritySet, SharedVoterState,
};
use sc_rpc::SubscriptionTaskExecutor;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the GRANDPA RPC methods read.
pub struct GrandpaDeps<B> {
	/// The voter's state, for `grandpa_roundState`.
	pub shared_voter_state: SharedVoterState,
	/// The current authority set.
	pub shared_authority_set: SharedAuthoritySet<<Block as sp_runtime::traits::Block>::Hash, u32>,
	/// New justifications, for `grandpa_subscribeJustifications`.
	pub justification_stream: GrandpaJustificationStream<Block>,
	/// Runs subscriptions.
	pub subscription_executor: SubscriptionTaskExecutor,
	/// Builds finality proofs, for `grandpa_proveFinality`.
	pub finality_provider: Arc<FinalityProofProvider<B, Block>>,
}

/// Everything the RPC methods need.
pub struct FullDeps<C, P, B> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// GRANDPA's shared state.
	pub grandpa: GrandpaDeps<B>,
}

/// Builds the RPC methods of a full node.
pub fn create_full<C, P, B>(
	deps: FullDeps<C, P, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	P: TransactionPool + 'static,
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
	B::State: sc_client_api::StateBackend<sp_runtime::traits::HashingFor<Block>>,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, grandpa } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client).into_rpc())?;
	module.merge(
		Grandpa::new(
			grandpa.subscription_executor,
			grandpa.shared_authority_set,
			grandpa.shared_voter_state,
			grandpa.justification_stream,
			grandpa.finality_provider,
		)
		.into_rpc(),
	)?;

	Ok(module)
}
