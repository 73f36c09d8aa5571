//! Proof-of-coverage: what radio devices sign, and the rules their proofs are judged by.
//!
//! - [`messages`]: beacon receipts, witness reports and the bytes devices sign (re-exported
//!   here).
//! - [`rules`]: the physics and reward arithmetic in integers: free-space path loss, the signal
//!   plausibility bound, the receivable measurement bounds and HIP 15 units.
//! - [`regions`]: the region plan: which region a cell is in, and each region's band plan.
//! - [`selection`]: which valid witnesses are rewarded: the random draw and the
//!   redundant-coverage rule.
//!
//! They are pure functions, so that the pallet that enforces them and any off-chain tool in
//! Rust compute the same verdicts; `docs/proof-of-coverage.md` states them for other languages.

pub mod messages;
pub mod regions;
pub mod rules;
pub mod selection;

pub use messages::*;
