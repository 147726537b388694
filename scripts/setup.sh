#!/usr/bin/env bash
# Installs everything DataCoop needs on a fresh Debian/Ubuntu machine. Idempotent: run it as
# often as you like; it only installs what is missing.
#   - protoc (litep2p compiles protobuf definitions), clang, pkg-config, a C toolchain
#   - the Rust toolchain, wasm targets and components pinned in rust-toolchain.toml
#   - for the access contracts: the toolchain pinned in contracts/rust-toolchain.toml and
#     cargo-contract at the version below, into ~/.cache/datacoop/tools (about 6 minutes once)
#   - cargo-nextest (the machine's own if recent enough, else pinned into the same folder)
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
	echo "setup: installing ${need_apt[*]}"
	sudo_cmd=""
	[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
	$sudo_cmd apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v rustup >/dev/null 2>&1; then
	echo "setup: rustup is missing; install it from your distribution or rustup.rs first" >&2
	exit 1
fi
# Installs the channel, targets and components named in rust-toolchain.toml if missing.
rustup toolchain install >/dev/null 2>&1 || rustup show active-toolchain >/dev/null
rustup show active-toolchain

# The contracts' own toolchain (ink! 6 builds PolkaVM code with Rust 1.94.0 and rust-src).
(cd contracts && (rustup toolchain install >/dev/null 2>&1 || rustup show active-toolchain >/dev/null))

# cargo-contract, pinned: it builds ink! contracts to PolkaVM blobs.
CARGO_CONTRACT_VERSION="6.0.0-beta.2"
tools="$HOME/.cache/datacoop/tools"
if ! "$tools/bin/cargo-contract" contract --version 2>/dev/null | grep -q "$CARGO_CONTRACT_VERSION"; then
	echo "setup: installing cargo-contract $CARGO_CONTRACT_VERSION into $tools (about 6 minutes)"
	start=$SECONDS
	# Built with the chain's toolchain and its own target dir, so the shared one stays clean.
	CARGO_TARGET_DIR="$HOME/.cache/datacoop/tools-target" \
		cargo install cargo-contract --version "$CARGO_CONTRACT_VERSION" --locked --root "$tools" --quiet
	echo "setup: cargo-contract installed in $((SECONDS - start)) s"
fi

# cargo-nextest: the test runner of scripts/test.sh. A machine's own one is used when it is at
# least the version below (these machines ship 0.9.143); otherwise the pinned one is built from
# crates.io (about 7 minutes once). Needs Rust 1.91 or later, which rust-toolchain.toml pins.
CARGO_NEXTEST_MIN="0.9.143"
CARGO_NEXTEST_VERSION="0.9.151"
nextest_ok() {
	local have
	have="$(PATH="$tools/bin:$PATH" cargo-nextest nextest --version 2>/dev/null | sed -n 's/^cargo-nextest \([0-9.]*\).*/\1/p')"
	[ -n "$have" ] && [ "$(printf '%s\n%s\n' "$CARGO_NEXTEST_MIN" "$have" | sort -V | head -n1)" = "$CARGO_NEXTEST_MIN" ]
}
if ! nextest_ok; then
	echo "setup: installing cargo-nextest $CARGO_NEXTEST_VERSION into $tools (about 7 minutes)"
	start=$SECONDS
	CARGO_TARGET_DIR="$HOME/.cache/datacoop/tools-target" \
		cargo install cargo-nextest --version "$CARGO_NEXTEST_VERSION" --locked --root "$tools" --quiet
	echo "setup: cargo-nextest installed in $((SECONDS - start)) s"
fi
