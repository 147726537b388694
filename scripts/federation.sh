#!/usr/bin/env bash
# A local federation of four co-op validators (Alice, Bob, Charlie, Dave) on 127.0.0.1, from the
# `local_federation` genesis preset.
#
#   scripts/federation.sh up           build if needed, start all four, wait until they finalize
#   scripts/federation.sh status       best and finalized block of each node
#   scripts/federation.sh kill N [-9]  stop node N (alice, bob, charlie, dave, eve or 0..4);
#                                      -9 kills it without warning, as a crash would
#   scripts/federation.sh restart N    start node N again from its own database
#   scripts/federation.sh add-coop     a fifth co-op (Eve's) applies, is voted in by co-ops 0-2,
#                                      registers its validator; Eve's fresh node sets its session
#                                      keys and starts authoring within two sessions
#   scripts/federation.sh down         stop every node
#
# Node i (0..4) listens for p2p on 30333+i, JSON-RPC on 9944+i, Prometheus on 9615+i, and keeps
# its database and keystore in $FEDERATION_DIR/<name> (default: target/federation). Override the
# base ports with P2P_BASE, RPC_BASE, PROM_BASE; the binary with NODE_BIN. The nodes share
# wasmtime's cache of compiled runtimes (--wasm-cache) in WASM_CACHE (default: wasm-cache next to
# the binary), so only the first of them compiles the runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

NAMES=(alice bob charlie dave)
ALL_NAMES=(alice bob charlie dave eve)
FEDERATION_DIR="${FEDERATION_DIR:-$CARGO_TARGET_DIR/federation}"
P2P_BASE="${P2P_BASE:-30333}"
RPC_BASE="${RPC_BASE:-9944}"
PROM_BASE="${PROM_BASE:-9615}"
NODE_BIN="${NODE_BIN:-$CARGO_TARGET_DIR/debug/datacoop-node}"
ADD_COOP_BIN="${ADD_COOP_BIN:-$CARGO_TARGET_DIR/debug/examples/federation_add_coop}"
WASM_CACHE="${WASM_CACHE:-$(dirname "$NODE_BIN")/wasm-cache}"
WAIT_FINALIZED="${WAIT_FINALIZED:-5}"

rpc() { # rpc <port> <method> [params-json]
	curl -s --max-time 5 -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":${3:-[]}}" \
		"http://127.0.0.1:$1" 2>/dev/null
}

block_number() { # block_number <port> <hash-or-empty>
	local header
	header=$(rpc "$1" chain_getHeader "[${2:+\"$2\"}]")
	python3 -c 'import json,sys; print(int(json.loads(sys.argv[1])["result"]["number"],16))' "$header" 2>/dev/null || echo "-"
}

finalized_number() {
	local hash
	hash=$(rpc "$1" chain_getFinalizedHead | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"])' 2>/dev/null) || { echo "-"; return; }
	block_number "$1" "$hash"
}

# The well-known libp2p node key of each validator, so the others can name it as a bootnode.
node_key() { printf '%064x' "$(( $1 + 1 ))"; }

peer_id() {
	node_key "$1" | "$NODE_BIN" key inspect-node-key
}

index_of() { # index_of <name or index>
	local i
	for i in "${!ALL_NAMES[@]}"; do
		if [ "$1" = "$i" ] || [ "$1" = "${ALL_NAMES[$i]}" ]; then echo "$i"; return 0; fi
	done
	echo "unknown node $1 (alice, bob, charlie, dave, eve or 0..4)" >&2
	return 1
}

running() { # running <index>
	local dir="$FEDERATION_DIR/${ALL_NAMES[$1]}"
	[ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null
}

# start_node <index> [insert-keys]: start validator i from its base path. With insert-keys, its
# session keys (from its dev seed) go into its keystore first, as the genesis preset expects.
start_node() {
	local i=$1 name=${ALL_NAMES[$1]} dir="$FEDERATION_DIR/${ALL_NAMES[$1]}"
	local spec="$FEDERATION_DIR/local_federation.json"
	if running "$i"; then
		echo "$name is already running (pid $(cat "$dir/pid"))"
		return 0
	fi
	mkdir -p "$dir"
	if [ "${2:-}" = insert-keys ]; then
		local seed="//${name^}"
		# Session keys of the validator: Aura (sr25519) and GRANDPA (ed25519) from its dev seed.
		"$NODE_BIN" key insert --base-path "$dir" --chain "$spec" --scheme sr25519 --suri "$seed" --key-type aura
		"$NODE_BIN" key insert --base-path "$dir" --chain "$spec" --scheme ed25519 --suri "$seed" --key-type gran
	fi
	# Every founding validator is a bootnode of every other, so a node restarted while some are
	# down still finds its peers.
	local bootnodes=() j
	for j in "${!NAMES[@]}"; do
		[ "$j" -eq "$i" ] && continue
		bootnodes+=(--bootnodes "/ip4/127.0.0.1/tcp/$((P2P_BASE + j))/p2p/$(peer_id "$j")")
	done
	node_key "$i" >"$dir/node-key"
	nohup "$NODE_BIN" --chain "$spec" --base-path "$dir" --validator --name "$name" \
		--node-key-file "$dir/node-key" \
		--rpc-port $((RPC_BASE + i)) --prometheus-port $((PROM_BASE + i)) \
		--listen-addr "/ip4/127.0.0.1/tcp/$((P2P_BASE + i))" \
		--no-mdns --no-telemetry --allow-private-ip --rpc-cors all --wasm-cache "$WASM_CACHE" \
		"${bootnodes[@]}" >>"$dir/node.log" 2>&1 &
	echo $! >"$dir/pid"
	echo "$name started (pid $!), rpc ws://127.0.0.1:$((RPC_BASE + i)), log $dir/node.log"
}

up() {
	if [ ! -x "$NODE_BIN" ]; then
		./scripts/setup.sh
		cargo build --locked -p datacoop-node
	fi
	mkdir -p "$FEDERATION_DIR"
	"$NODE_BIN" export-chain-spec --chain local_federation --raw >"$FEDERATION_DIR/local_federation.json" 2>/dev/null
	for i in "${!NAMES[@]}"; do
		start_node "$i" insert-keys
	done

	echo "waiting for every node to finalize block $WAIT_FINALIZED ..."
	local deadline=$((SECONDS + ${WAIT_TIMEOUT:-300}))
	while [ $SECONDS -lt $deadline ]; do
		for name in "${NAMES[@]}"; do
			if ! kill -0 "$(cat "$FEDERATION_DIR/$name/pid")" 2>/dev/null; then
				echo "$name exited; the end of its log:" >&2
				tail -n 20 "$FEDERATION_DIR/$name/node.log" >&2
				down >/dev/null
				return 1
			fi
		done
		local done=1
		for i in "${!NAMES[@]}"; do
			local f
			f=$(finalized_number $((RPC_BASE + i)))
			{ [ "$f" = "-" ] || [ "$f" -lt "$WAIT_FINALIZED" ]; } && done=0
		done
		if [ $done -eq 1 ]; then
			status
			return 0
		fi
		sleep 2
	done
	status
	echo "federation did not finalize block $WAIT_FINALIZED in time; see $FEDERATION_DIR/*/node.log" >&2
	return 1
}

status() {
	printf '%-8s %-8s %-6s %-6s %-9s\n' node pid peers best finalized
	for i in "${!ALL_NAMES[@]}"; do
		local name=${ALL_NAMES[$i]} dir="$FEDERATION_DIR/${ALL_NAMES[$i]}" port=$((RPC_BASE + i)) pid="-"
		[ "$name" = eve ] && [ ! -d "$dir" ] && continue
		[ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null && pid=$(cat "$dir/pid")
		local peers
		peers=$(rpc $port system_health | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["peers"])' 2>/dev/null || echo "-")
		printf '%-8s %-8s %-6s %-6s %-9s\n' "$name" "$pid" "$peers" "$(block_number $port)" "$(finalized_number $port)"
	done
}

stop_node() { # stop_node <index> [-9]
	local dir="$FEDERATION_DIR/${ALL_NAMES[$1]}"
	[ -f "$dir/pid" ] || return 0
	local pid
	pid=$(cat "$dir/pid")
	if kill -0 "$pid" 2>/dev/null; then
		if [ "${2:-}" = "-9" ]; then
			kill -KILL "$pid"
		else
			kill -INT "$pid"
		fi
		for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
		echo "${ALL_NAMES[$1]} stopped${2:+ (kill $2)}"
	fi
	rm -f "$dir/pid"
}

add_coop() {
	[ -x "$ADD_COOP_BIN" ] || cargo build --locked -p datacoop-node --example federation_add_coop
	local eve=4
	# Eve's node starts with an empty keystore; the chain learns its keys from the co-op.
	start_node "$eve"
	local deadline=$((SECONDS + 120))
	until [ "$(block_number $((RPC_BASE + eve)))" != "-" ]; do
		[ $SECONDS -lt $deadline ] || { echo "eve's node did not come up" >&2; return 1; }
		sleep 1
	done
	"$ADD_COOP_BIN" "ws://127.0.0.1:$RPC_BASE" "ws://127.0.0.1:$((RPC_BASE + eve))"
	echo "waiting for eve's node to author a block (two sessions at most) ..."
	deadline=$((SECONDS + ${WAIT_TIMEOUT:-300}))
	until grep -q "Pre-sealed block" "$FEDERATION_DIR/eve/node.log"; do
		[ $SECONDS -lt $deadline ] || { echo "eve's node did not author in time" >&2; return 1; }
		sleep 2
	done
	echo "eve's node authors blocks"
}

down() {
	for i in "${!ALL_NAMES[@]}"; do
		local dir="$FEDERATION_DIR/${ALL_NAMES[$i]}"
		[ -f "$dir/pid" ] || continue
		stop_node "$i"
	done
	[ "${1:-}" = "--purge" ] && rm -rf "$FEDERATION_DIR" && echo "federation data removed"
	return 0
}

case "${1:-}" in
	up) up ;;
	down) down "${2:-}" ;;
	status) status ;;
	kill) stop_node "$(index_of "${2:?which node}")" "${3:-}" ;;
	restart) start_node "$(index_of "${2:?which node}")" ;;
	add-coop) add_coop ;;
	*) echo "usage: $0 up|status|kill N [-9]|restart N|add-coop|down [--purge]" >&2; exit 2 ;;
esac
