//! The runtime API through which wallets, dApps and the node's RPC read the registry.

use crate::{CellDevices, DeviceDetails, DevicePage, DeviceStats};
use codec::Codec;
use depin_primitives::{geo::H3Cell, DeviceKey};

sp_api::decl_runtime_apis! {
	/// Registered devices, their owners and locations, and counts by kind, status and cell.
	///
	/// Version 2 keeps the registration count in the device record (`DeviceInfo::registrations`,
	/// `DeviceInfo::owner_slot`; `DeviceDetails::registration_nonce` is gone) and counts cells
	/// at resolutions 4 to 10.
	#[api_version(2)]
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

		/// One page of an owner's devices: up to `limit` (at most 1,000) after `after`.
		fn devices_of(
			owner: AccountId,
			after: Option<DeviceKey>,
			limit: u32,
		) -> DevicePage<AccountId, Balance, BlockNumber>;

		/// Active located devices by kind in an H3 cell of resolution 4 to 10; `None` for an
		/// invalid cell or another resolution.
		fn cell_devices(cell: H3Cell) -> Option<CellDevices>;

		/// Registered devices by kind and status.
		fn device_stats() -> DeviceStats;
	}
}
