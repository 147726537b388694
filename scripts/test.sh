#!/usr/bin/env bash
# Runs every test of DataCoop: unit tests, runtime integration tests on the genesis presets, and
# the node tests that start the real binary. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
. scripts/env.sh

# The access contracts: their `#[ink::test]` unit tests, and the PolkaVM code that the
# end-to-end contract test (cli/tests/contract_story.rs) deploys on a dev node.
./scripts/build-contracts.sh --test

# The whole workspace in one nextest run: the wasm runtime is built once (the node tests need
# it), every test runs in its own process, and the real-process tests (dev nodes, a federation,
# stores, `coop`), which mostly wait for blocks, start first and run side by side with the rest
# (.config/nextest.toml).
cargo nextest run --workspace --locked "$@"
# nextest does not run doc tests, and `cargo test --doc` builds the workspace a second way; run
# them whenever a doc comment of ours opens a Rust code example (none does today; ```text and
# ```ignore blocks are not tests).
if find pallets runtime primitives node cli client store test-utils -name '*.rs' -print0 |
	xargs -0 awk '
		FNR == 1 { open = 0 }
		/^[[:space:]]*\/\/[\/!][[:space:]]*```/ {
			lang = $0; sub(/.*```/, "", lang); gsub(/[[:space:]]/, "", lang)
			if (!open && (lang == "" || lang ~ /^(rust|no_run|should_panic|compile_fail)/)) print FILENAME
			open = !open
		}' | grep . >/dev/null; then
	cargo test --workspace --doc --locked
fi

# The FRAME benchmarks of the co-op pallets, run as tests on their mock runtimes
# (`impl_benchmark_test_suite!`): every benchmark must set up and execute its call.
SKIP_WASM_BUILD=1 cargo nextest run --locked -p pallet-coops -p pallet-bylaws -p pallet-governance -p pallet-consent -p pallet-market -p pallet-federation \
	--features runtime-benchmarks "$@"
