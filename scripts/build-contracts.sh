#!/usr/bin/env bash
# Builds the access contracts (contracts/, ink! 6 for pallet-revive) with the pinned
# cargo-contract and toolchain, and puts each contract's `.polkavm` (the code), `.json`
# (metadata) and `.contract` (both) into $CARGO_TARGET_DIR/contracts/, where the tests and
# `scripts/deploy-contract.sh` find them. Run their `#[ink::test]` unit tests with `--test`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
tools="$HOME/.cache/datacoop/tools"
out="$CARGO_TARGET_DIR/contracts"
mkdir -p "$out"
contracts_target="$HOME/.cache/datacoop/contracts-target"
# cargo-contract builds a copy of each contract in a temporary folder, where
# contracts/rust-toolchain.toml is not seen: name the toolchain it pins explicitly.
RUSTUP_TOOLCHAIN=$(sed -n 's/^channel = "\(.*\)"/\1/p' contracts/rust-toolchain.toml)
export RUSTUP_TOOLCHAIN

for manifest in contracts/*/Cargo.toml; do
	name=$(basename "$(dirname "$manifest")")
	if [ "${1:-}" = "--test" ]; then
		(cd contracts && CARGO_TARGET_DIR="$contracts_target" cargo test --locked -p "$name")
	fi
	(cd contracts && CARGO_TARGET_DIR="$contracts_target" "$tools/bin/cargo-contract" contract build \
		--release --quiet --manifest-path "$name/Cargo.toml")
	cp "$contracts_target/ink/$name/$name".{polkavm,json,contract} "$out/"
	echo "contracts: $out/$name.polkavm ($(stat -c %s "$out/$name.polkavm") bytes)"
done
