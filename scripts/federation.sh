#!/usr/bin/env bash
# A local federation of four co-op validators (Alice, Bob, Charlie, Dave) on 127.0.0.1, from the
# `local_federation` genesis preset.
#
#   scripts/federation.sh up       build if needed, start all four, wait until they finalize
#   scripts/federation.sh status   best and finalized block of each node
#   scripts/federation.sh down     stop all four
#
# Node i (0..3) listens for p2p on 30333+i, JSON-RPC on 9944+i, Prometheus on 9615+i, and keeps
# its database and keystore in $FEDERATION_DIR/<name> (default: target/federation). Override the
# base ports with P2P_BASE, RPC_BASE, PROM_BASE; the binary with NODE_BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

NAMES=(alice bob charlie dave)
FEDERATION_DIR="${FEDERATION_DIR:-$CARGO_TARGET_DIR/federation}"
P2P_BASE="${P2P_BASE:-30333}"
RPC_BASE="${RPC_BASE:-9944}"
PROM_BASE="${PROM_BASE:-9615}"
NODE_BIN="${NODE_BIN:-$CARGO_TARGET_DIR/debug/datacoop-node}"
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

up() {
	if [ ! -x "$NODE_BIN" ]; then
		./scripts/setup.sh
		cargo build --locked -p datacoop-node
	fi
	mkdir -p "$FEDERATION_DIR"
	local spec="$FEDERATION_DIR/local_federation.json"
	"$NODE_BIN" export-chain-spec --chain local_federation --raw >"$spec" 2>/dev/null

	local boot
	boot="/ip4/127.0.0.1/tcp/$P2P_BASE/p2p/$(peer_id 0)"
	for i in "${!NAMES[@]}"; do
		local name=${NAMES[$i]} dir="$FEDERATION_DIR/${NAMES[$i]}"
		if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
			echo "$name is already running (pid $(cat "$dir/pid"))"
			continue
		fi
		mkdir -p "$dir"
		local seed="//${name^}"
		# Session keys of the validator: Aura (sr25519) and GRANDPA (ed25519) from its dev seed.
		"$NODE_BIN" key insert --base-path "$dir" --chain "$spec" --scheme sr25519 --suri "$seed" --key-type aura
		"$NODE_BIN" key insert --base-path "$dir" --chain "$spec" --scheme ed25519 --suri "$seed" --key-type gran
		local bootnodes=()
		[ "$i" -ne 0 ] && bootnodes=(--bootnodes "$boot")
		node_key "$i" >"$dir/node-key"
		nohup "$NODE_BIN" --chain "$spec" --base-path "$dir" --validator --name "$name" \
			--node-key-file "$dir/node-key" \
			--rpc-port $((RPC_BASE + i)) --prometheus-port $((PROM_BASE + i)) \
			--listen-addr "/ip4/127.0.0.1/tcp/$((P2P_BASE + i))" \
			--no-mdns --no-telemetry --allow-private-ip --rpc-cors all \
			"${bootnodes[@]}" >"$dir/node.log" 2>&1 &
		echo $! >"$dir/pid"
		echo "$name started (pid $!), rpc ws://127.0.0.1:$((RPC_BASE + i)), log $dir/node.log"
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
	for i in "${!NAMES[@]}"; do
		local name=${NAMES[$i]} dir="$FEDERATION_DIR/${NAMES[$i]}" port=$((RPC_BASE + i)) pid="-"
		[ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null && pid=$(cat "$dir/pid")
		local peers
		peers=$(rpc $port system_health | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["peers"])' 2>/dev/null || echo "-")
		printf '%-8s %-8s %-6s %-6s %-9s\n' "$name" "$pid" "$peers" "$(block_number $port)" "$(finalized_number $port)"
	done
}

down() {
	for i in "${!NAMES[@]}"; do
		local dir="$FEDERATION_DIR/${NAMES[$i]}"
		[ -f "$dir/pid" ] || continue
		local pid
		pid=$(cat "$dir/pid")
		if kill -0 "$pid" 2>/dev/null; then
			kill -INT "$pid"
			for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
			kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
			echo "${NAMES[$i]} stopped"
		fi
		rm -f "$dir/pid"
	done
	[ "${1:-}" = "--purge" ] && rm -rf "$FEDERATION_DIR" && echo "federation data removed"
	return 0
}

case "${1:-}" in
	up) up ;;
	down) down "${2:-}" ;;
	status) status ;;
	*) echo "usage: $0 up|status|down [--purge]" >&2; exit 2 ;;
esac
