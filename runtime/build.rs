fn main() {
	#[cfg(feature = "std")]
	{
		// The build directory lives outside the clone (scripts/env.sh), where the Wasm builder
		// cannot find the workspace by walking up; point it there so that the Wasm runtime is
		// built with the versions in our Cargo.lock.
		let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo");
		let workspace =
			std::path::Path::new(&manifest_dir).parent().expect("runtime/ has a parent");
		std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace);
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
