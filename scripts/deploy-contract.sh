#!/usr/bin/env bash
# Deploys an `access_offer` contract to a running chain (by default the dev chain that
# `scripts/dev.sh` starts) selling one offer for its co-op. Arguments go to
# `coop contract deploy`; the code is the one `scripts/build-contracts.sh` builds:
#
#   scripts/deploy-contract.sh --coop 0 --offer 0 --tier 6000000000000:50 --tier 8000000000000:100 \
#       [--cap 100] [--allow <SS58>,<SS58>]
#
# Signs with COOP_SURI (//Alice if unset) or COOP_KEYSTORE; COOP_URL picks the node.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
. scripts/env.sh
./scripts/build-contracts.sh
cargo build --locked --quiet -p datacoop-cli
if [ -z "${COOP_SURI:-}" ] && [ -z "${COOP_KEYSTORE:-}" ]; then
	export COOP_SURI="//Alice"
fi
exec "$CARGO_TARGET_DIR/debug/coop" contract deploy --code "$CARGO_TARGET_DIR/contracts/access_offer.polkavm" "$@"
