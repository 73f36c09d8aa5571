//! Unit tests of `pallet_coverage`.

mod heartbeats;
mod receipts;
mod units;
