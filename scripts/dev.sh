#!/usr/bin/env bash
# Starts a DataCoop development chain: one validator (Alice), funded dev accounts, JSON-RPC on
# ws://127.0.0.1:9944, Prometheus on :9615. State is thrown away on exit (--tmp); pass
# `--base-path <dir>` instead of relying on --tmp to keep it. Extra arguments go to the node.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
. scripts/env.sh

cargo build --locked -p datacoop-node
args=("$@")
has_base=0
for a in "${args[@]}"; do [ "$a" = "--base-path" ] || [ "$a" = "-d" ] && has_base=1; done
[ $has_base -eq 0 ] && args+=(--tmp)
exec "$CARGO_TARGET_DIR/debug/datacoop-node" --dev --rpc-cors all "${args[@]}"
