//! The runtime API through which wallets, dApps and the node's RPC read proof-of-coverage.

use crate::{DeviceCoverage, EpochInfo};
use codec::Codec;
use depin_primitives::DeviceKey;

sp_api::decl_runtime_apis! {
	/// The epoch clock, the verification rules, what the epoch verified, and devices' timing.
	pub trait CoverageApi<BlockNumber>
	where
		BlockNumber: Codec,
	{
		/// The current epoch, its bounds, the rules in force and what it verified so far.
		fn epoch_info() -> EpochInfo<BlockNumber>;

		/// When a device last beaconed and proved its uptime, and when it may beacon again.
		/// The chain keeps this for any key, so it does not say whether the key is registered.
		fn device_coverage(device: DeviceKey) -> DeviceCoverage;
	}
}
