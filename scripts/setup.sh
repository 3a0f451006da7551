#!/usr/bin/env bash
# Installs what Glossa needs, skipping whatever is already there.
#   scripts/setup.sh            build tools: wasm32 target, trunk, wasm-bindgen-cli, wasm-opt
#                               (and axe-core, playwright-core: npm packages come together),
#                               Chromium (a release build prerenders its first page in it)
#   scripts/setup.sh --test     the above, plus chromedriver and the Python
#                               validator for W3C exports and reference packages
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (takes ~7 minutes once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen-cli must match the wasm-bindgen pinned in Cargo.toml. Not
# --locked: its lock file names a crate version the registry lacks.
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm packages pinned in package.json: binaryen's wasm-opt (Debian's is too
# old for current wasm) and axe-core for the accessibility tests. Any one
# missing or at another version means `npm ci` (exactly the lock file).
npm_missing() {
  node -e '
    const want = require("./package.json").devDependencies;
    for (const [name, version] of Object.entries(want)) {
      let got = null;
      try { got = require("./node_modules/" + name + "/package.json").version; } catch (e) {}
      if (got !== version) { console.log(name); process.exit(0); }
    }
    process.exit(1);'
}
if missing=$(npm_missing); then
  say "installing npm packages from package-lock.json ($missing is missing)"
  npm ci --omit=optional --no-audit --no-fund
fi

# Chromium: a release build prerenders the first visit's page in it
# (scripts/prerender.mjs); the tests drive it through chromedriver.
if ! command -v chromium >/dev/null || { [ "${1:-}" = "--test" ] && ! command -v chromedriver >/dev/null; }; then
  say "installing Chromium and chromedriver"
  apt_get=apt-get
  [ "$(id -u)" -ne 0 ] && apt_get="sudo apt-get"
  $apt_get update
  DEBIAN_FRONTEND=noninteractive $apt_get install -y chromium chromium-driver
fi

if [ "${1:-}" = "--test" ]; then
  # The W3C validator's jsonschema, and the reference packages the
  # agreement figures are checked against (crates/glossa-core/tests/
  # agreement_oracle.py; pandas, which statsmodels brings, also reads the
  # CSV export in interop_readers.py), pinned: a venv that lacks any of them, or has
  # another version, gets exactly these.
  PY_PINNED="scikit-learn==1.9.1 statsmodels==0.15.0 krippendorff==0.9.0 nltk==3.10.4 nervaluate==1.2.1"
  py_ready() {
    # shellcheck disable=SC2086
    [ -x target/venv/bin/python ] && target/venv/bin/python - $PY_PINNED 2>/dev/null <<'PY'
import sys
from importlib.metadata import version
import jsonschema, referencing  # the W3C validator's
sys.exit(any(version(n) != v for n, v in (p.split("==") for p in sys.argv[1:])))
PY
  }
  if ! py_ready; then
    say "preparing a Python virtualenv (W3C validator, agreement reference packages)"
    mkdir -p target
    [ -x target/venv/bin/python ] || python3 -m venv target/venv
    # shellcheck disable=SC2086
    target/venv/bin/pip install --quiet 'jsonschema>=4.18' $PY_PINNED
  fi
fi
