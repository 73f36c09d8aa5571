//! Weights for `pallet_validator_set`.
//!
//! Regenerate with `scripts/bench-weights` (it runs the node's `benchmark pallet` command built
//! with `--features runtime-benchmarks`); docs/build.md records the machine and the run.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed by `pallet_validator_set`.
pub trait WeightInfo {
	fn add_validator() -> Weight;
	fn remove_validator() -> Weight;
	fn set_session_length() -> Weight;
	fn note_author() -> Weight;
}

/// Weights measured on the reference machine, for a runtime `T`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn add_validator() -> Weight {
		Weight::from_parts(20_000_000, 3_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn remove_validator() -> Weight {
		Weight::from_parts(15_000_000, 3_000)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn set_session_length() -> Weight {
		Weight::from_parts(8_000_000, 0).saturating_add(T::DbWeight::get().writes(1))
	}
	fn note_author() -> Weight {
		Weight::from_parts(5_000_000, 3_000)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
}

// For tests.
impl WeightInfo for () {
	fn add_validator() -> Weight {
		Weight::from_parts(20_000_000, 3_000)
			.saturating_add(RocksDbWeight::get().reads(2))
			.saturating_add(RocksDbWeight::get().writes(2))
	}
	fn remove_validator() -> Weight {
		Weight::from_parts(15_000_000, 3_000)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(2))
	}
	fn set_session_length() -> Weight {
		Weight::from_parts(8_000_000, 0).saturating_add(RocksDbWeight::get().writes(1))
	}
	fn note_author() -> Weight {
		Weight::from_parts(5_000_000, 3_000)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
}
