//! The runtime API through which wallets, dApps and the node's RPC read the registry.

use crate::{CellDevices, DeviceDetails, DevicePage, DeviceStats, Sanction};
use codec::Codec;
use depin_primitives::{geo::H3Cell, query::QueryError, DeviceKey};

sp_api::decl_runtime_apis! {
	/// Registered devices, their owners and locations, and counts by kind, status and cell.
	///
	/// Version 3 refuses a page limit outside 1 to `depin_primitives::query::MAX_PAGE` and a
	/// cell outside the density resolutions with a `QueryError` that says why, instead of
	/// clamping the limit and answering `None`. Version 4 adds each device's certification
	/// and whether it still holds. Version 5 replaces a device's status by its sanction (with
	/// reason, evidence and appeal), adds its open challenge, and `sanction` for any key.
	#[api_version(5)]
	pub trait DevicesApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A registered device; `None` for an unknown key.
		fn device(device: DeviceKey) -> Option<DeviceDetails<AccountId, Balance, BlockNumber>>;

		/// The nonce the next proof of possession of `device` must sign: how many times the
		/// key has been registered (0 for a new key).
		fn registration_nonce(device: DeviceKey) -> u32;

		/// One page of an owner's devices: up to `limit` (1 to `MAX_PAGE`) after `after`.
		fn devices_of(
			owner: AccountId,
			after: Option<DeviceKey>,
			limit: u32,
		) -> Result<DevicePage<AccountId, Balance, BlockNumber>, QueryError>;

		/// Active located devices by kind in an H3 cell of a density resolution.
		fn cell_devices(cell: H3Cell) -> Result<CellDevices, QueryError>;

		/// Registered devices by kind and status.
		fn device_stats() -> DeviceStats;

		/// The sanction on a device key, registered or not: whoever registers a sanctioned key
		/// registers it under its sanction.
		fn sanction(device: DeviceKey) -> Option<Sanction<AccountId, Balance, BlockNumber>>;
	}
}
