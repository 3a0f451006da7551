#!/usr/bin/env bash
# Runs every check and test Glossa has, installing what is missing first.
# Exits non-zero on the first failure.
#   1. cargo fmt and clippy (host and wasm32)
#   2. the pure core, the CLI and the end-to-end suite on the host
#      (the end-to-end tests drive the Trunk-built app in headless Chromium)
#   3. component tests inside headless Chromium (wasm-bindgen-test)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# Chromium leaves files in TMPDIR; keep them inside target/.
export TMPDIR="$PWD/target/tmp"
mkdir -p "$TMPDIR"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
export GLOSSA_PYTHON="$PWD/target/venv/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "cargo fmt --check"
cargo fmt --all -- --check
say "clippy (host)"
cargo clippy --workspace --all-targets -- -D warnings
say "clippy (wasm32)"
cargo clippy -p glossa --target wasm32-unknown-unknown --all-targets -- -D warnings

say "trunk build --release (the app the end-to-end tests drive)"
trunk build --release

say "level 1 + 3: core, CLI and end-to-end tests (host)"
cargo test --workspace

say "level 2: component tests in headless Chromium"
cargo test -p glossa --target wasm32-unknown-unknown

say "all tests passed in $(( $(date +%s) - start )) s"
