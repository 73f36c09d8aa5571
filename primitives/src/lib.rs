//! Types shared by the depin-node pallets, the runtime and the node.
//!
//! - [`device`]: device keys and their signatures (Ed25519 and ECDSA P-256), device kinds and
//!   statuses, and the proof-of-possession message a device signs to be registered.
//! - [`poc`]: beacon receipts and witness reports, the messages radio devices sign, and the
//!   physics and unit arithmetic they are judged by.
//! - [`maker`]: makers, the compact certificates they sign for devices, and how the registry
//!   asks whether a certificate still holds.
//! - [`x509`]: the X.509 chains of secure elements, and the profile they are verified by.
//! - [`geo`]: H3 geometry on asserted locations, deterministic in the runtime's Wasm.
//! - `signing` (feature `signing`): device-side key handling for clients, tests and benchmarks.
//! - [`density`]: HIP 17 density rules, shared by the registry and proof-of-coverage.
//! - [`work`]: reward units, work categories, and the traits through which the runtime connects
//!   the registry, proof-of-coverage and rewards.
//! - `hex_serde` (feature `serde`): bytes as `0x` hex in genesis configs.
//! - [`query`]: the bounds of the runtime APIs' queries and why a query is refused.
//! - [`EpochClock`]: the epoch counter that coverage and rewards share.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod density;
pub mod device;
#[cfg(any(test, feature = "doc-vectors"))]
pub mod doc_vectors;
pub mod geo;
#[cfg(feature = "serde")]
pub mod hex_serde;
pub mod maker;
pub mod poc;
pub mod query;
#[cfg(feature = "signing")]
pub mod signing;
pub mod work;
pub mod x509;

pub use device::{
	DeviceKey, DeviceKind, DeviceSignature, DeviceStatus, SanctionReason, SanctionStatus,
};

/// Index of a reward epoch, counted from genesis.
pub type EpochIndex = u32;

/// The chain's epoch clock, owned by one pallet and read by the others.
pub trait EpochClock {
	/// The epoch the current block belongs to.
	fn current_epoch() -> EpochIndex;
}
