//! Builds the wasm runtime (unless `SKIP_WASM_BUILD` is set) and exposes it as `WASM_BINARY`.

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
