#!/usr/bin/env bash
# Regenerates client/metadata/datacoop.scale, the runtime metadata the typed client
# (datacoop-client) generates its code from, from the runtime in this tree: builds the node and
# runs the dev-chain test, which starts it and writes the metadata it serves (V16). Run it after
# any change to a pallet's calls, storage, events, errors or the runtime's APIs; the same test
# fails in ./scripts/test.sh while the file is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
# The whole workspace's build (what the test command builds), so nothing is compiled a second
# way with other features; only the dev-chain test runs.
DATACOOP_WRITE_METADATA=1 cargo nextest run --workspace --locked -E 'binary(dev_chain)'
git status --short client/metadata/
