//! What the pallets' unit tests share.
//!
//! Weights against what dispatches really touch: the keys a call reads from the committed state
//! (recorded by the trie), the keys it writes (the overlay) and the storage proof it needs,
//! compared with the reads, writes and proof size its post-dispatch weight charges. A measuring
//! test sets its mock runtime's `frame_system::Config::DbWeight` to [`COUNTING_DB_WEIGHT`], so
//! that [`charged`] can read the reads and writes back from a weight.

#![deny(missing_docs)]

use codec::Encode;
use frame_support::{
	storage::transactional::TRANSACTION_LEVEL_KEY,
	traits::WhitelistedStorageKeys,
	weights::{RuntimeDbWeight, Weight},
};
use sp_core::Blake2Hasher;
use std::collections::BTreeSet;

/// The read weight while counting: a second, far above any call's compute.
const READ: u64 = 1_000_000_000_000;
/// The write weight while counting, far above any call's reads.
const WRITE: u64 = 1_000 * READ;

/// What a dispatch did or was charged for in storage.
#[derive(Debug, Default, PartialEq)]
pub struct StorageUse {
	/// Keys read from the committed state (a key read again, or after the call wrote it, counts
	/// once, as in the benchmarks).
	pub reads: u64,
	/// Keys written or removed.
	pub writes: u64,
	/// Bytes of storage proof.
	pub proof_size: u64,
}

impl StorageUse {
	/// Whether every part of `self` is within `charged`.
	pub fn within(&self, charged: &StorageUse) -> bool {
		self.reads <= charged.reads
			&& self.writes <= charged.writes
			&& self.proof_size <= charged.proof_size
	}
}

/// Database weights that keep reads and writes apart from compute in `ref_time`.
pub const COUNTING_DB_WEIGHT: RuntimeDbWeight = RuntimeDbWeight { read: READ, write: WRITE };

/// The reads, writes and proof size that `weight` charges under [`COUNTING_DB_WEIGHT`].
pub fn charged(weight: Weight) -> StorageUse {
	let ref_time = weight.ref_time();
	StorageUse {
		reads: ref_time % WRITE / READ,
		writes: ref_time / WRITE,
		proof_size: weight.proof_size(),
	}
}

/// Runs `call` on the committed state of `ext` and measures its storage use; the keys the
/// benchmarks whitelist (those of `Pallets`, a runtime's `AllPalletsWithSystem`, and the storage
/// layer's transaction level) are not counted, as the benchmarks do not count them.
pub fn measured<Pallets: WhitelistedStorageKeys, R>(
	ext: &mut sp_io::TestExternalities,
	call: impl FnOnce() -> R,
) -> (R, StorageUse) {
	ext.commit_all().expect("the state commits");
	let recorder = sp_trie::recorder::Recorder::<Blake2Hasher>::default();
	let result = ext.execute_with_recorder(recorder.clone(), call);
	let whitelist: BTreeSet<Vec<u8>> = Pallets::whitelisted_storage_keys()
		.into_iter()
		.map(|key| key.key)
		.chain([TRANSACTION_LEVEL_KEY.to_vec()])
		.collect();
	let counted = |key: &[u8]| !whitelist.contains(key);
	let read_keys: BTreeSet<Vec<u8>> = recorder
		.recorded_keys()
		.into_values()
		.flat_map(|keys| keys.into_keys().map(|key| key.to_vec()))
		.filter(|key| counted(key))
		.collect();
	let writes = ext.overlayed_changes().changes().filter(|(key, _)| counted(key)).count() as u64;
	let proof_size = recorder.drain_storage_proof().encoded_size() as u64;
	(result, StorageUse { reads: read_keys.len() as u64, writes, proof_size })
}
