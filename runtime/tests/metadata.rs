//! The client's generated interface (`depin-client`, `client/src/interface.rs`) is built from
//! `client/metadata/depin.scale`; this test keeps that file equal to this runtime's metadata.
//! After a runtime change, `DEPIN_WRITE_METADATA=1 cargo test -p depin-runtime --test metadata`
//! rewrites it, and the client's build then shows what the change breaks.

use depin_runtime::Runtime;

/// The newest stable metadata version the runtime offers (`u32::MAX` is the unstable one).
fn stable_metadata() -> Vec<u8> {
	let version = Runtime::metadata_versions()
		.into_iter()
		.filter(|version| *version != u32::MAX)
		.max()
		.expect("a stable metadata version");
	Runtime::metadata_at_version(version).expect("an offered version").to_vec()
}

#[test]
fn the_clients_metadata_is_this_runtimes() {
	let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../client/metadata/depin.scale");
	let metadata = stable_metadata();
	if std::env::var_os("DEPIN_WRITE_METADATA").is_some() {
		std::fs::write(path, &metadata).expect("the metadata file is writable");
		return;
	}
	let committed = std::fs::read(path).unwrap_or_default();
	assert!(
		committed == metadata,
		"client/metadata/depin.scale is not this runtime's metadata; rewrite it with \
		 `DEPIN_WRITE_METADATA=1 cargo test -p depin-runtime --test metadata`"
	);
}
