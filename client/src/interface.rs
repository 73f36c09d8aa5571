//! The chain's calls, events and errors as `subxt` generates them from the runtime's metadata,
//! `client/metadata/depin.scale`. `runtime/tests/metadata.rs` fails when that file is not the
//! runtime's own metadata (and rewrites it with `DEPIN_WRITE_METADATA=1`), so a runtime change
//! reaches this interface, and the compiler shows what it breaks in the CLI.
//!
//! The device types are the chain's own (`depin_primitives`), SCALE-encoded through
//! `subxt::utils::Static`; `subxt` checks each call's shape against the connected node's
//! metadata before it signs it.

// Generated code: its items carry the runtime metadata's docs where it has them.
#[allow(missing_docs)]
#[subxt::subxt(
	runtime_metadata_path = "metadata/depin.scale",
	substitute_type(
		path = "depin_primitives::device::DeviceKey",
		with = "::subxt::utils::Static<::depin_primitives::DeviceKey>"
	),
	substitute_type(
		path = "depin_primitives::device::DeviceSignature",
		with = "::subxt::utils::Static<::depin_primitives::DeviceSignature>"
	),
	substitute_type(
		path = "depin_primitives::device::DeviceKind",
		with = "::subxt::utils::Static<::depin_primitives::DeviceKind>"
	),
	substitute_type(
		path = "depin_primitives::maker::DeviceCertificate",
		with = "::subxt::utils::Static<::depin_primitives::maker::DeviceCertificate>"
	)
)]
pub mod depin {}
