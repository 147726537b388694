# Sourced by the scripts: one cargo target dir shared by every checkout and by CI, so a build
# done once is reused everywhere on this machine.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/datacoop/target}"
# Two cores: do not oversubscribe.
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-$(nproc)}"
# Tools the setup script installs for the project (cargo-contract, cargo-nextest).
export PATH="$HOME/.cache/datacoop/tools/bin:$PATH"
