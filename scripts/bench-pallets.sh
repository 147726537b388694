#!/usr/bin/env bash
# Runs the FRAME benchmarks of the co-op pallets on the real runtime and writes each pallet's
# src/weights.rs. Builds the node with the `runtime-benchmarks` feature (not part of the default
# build). Usage: scripts/bench-pallets.sh [pallet ...]   (default: every co-op pallet)
#   STEPS=20 REPEAT=5 scripts/bench-pallets.sh pallet_governance
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
. scripts/env.sh

# The benchmarking CLI's storage-access test runtime is not needed for pallet benchmarks.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
# A release build: the benchmarks time the node's host functions (storage, trie, hashing), which
# an unoptimised debug build slows by an order of magnitude.
cargo build --locked --release -p datacoop-node --features runtime-benchmarks
node="$CARGO_TARGET_DIR/release/datacoop-node"
pallets=("$@")
[ ${#pallets[@]} -eq 0 ] && pallets=(pallet_coops pallet_bylaws pallet_governance pallet_consent pallet_market pallet_federation)
for pallet in "${pallets[@]}"; do
	dir="pallets/${pallet#pallet_}"
	echo "bench: $pallet -> $dir/src/weights.rs"
	"$node" benchmark pallet \
		--chain dev --genesis-builder spec \
		--pallet "$pallet" --extrinsic '*' \
		--steps "${STEPS:-20}" --repeat "${REPEAT:-5}" \
		--wasm-execution compiled \
		--template scripts/frame-weight-template.hbs \
		--output "$dir/src/weights.rs"
done
