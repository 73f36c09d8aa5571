//! The database weights of this runtime: the cost of one storage read and one storage write in
//! ParityDB, measured on the project's machine (2 cores, AMD EPYC) over the state of a flood run
//! (10,000 devices, 125,993 keys; docs/benchmarks.md), average per key:
//!
//! ```text
//! scripts/bench/flood/flood.mjs --keep 1 ...          # prints the chain spec and base path
//! depin-node benchmark storage --chain <spec> --base-path <base path> --state-version 1 \
//!     --database paritydb --warmups 1 --disable-pov-recorder
//! ```
//!
//! Reads: average 4,080 ns (median 3,956, p99 6,840); writes: 7,048 ns per key of a 100,000-key
//! batch. Substrate's generic `ParityDbWeight` (8 µs, 50 µs) made the chain's weights 2.4 times
//! its measured block execution time (`depin-node benchmark block`).

use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_NANOS, RuntimeDbWeight},
};

parameter_types! {
	/// One read and one write of a storage item in ParityDB on the reference machine.
	pub const MeasuredParityDbWeight: RuntimeDbWeight = RuntimeDbWeight {
		read: 4_080 * WEIGHT_REF_TIME_PER_NANOS,
		write: 7_048 * WEIGHT_REF_TIME_PER_NANOS,
	};
}
