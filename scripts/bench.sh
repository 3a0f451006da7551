#!/usr/bin/env bash
# Glossa's benchmarks.
#
#   scripts/bench.sh            every step below   (from the repository root)
#   scripts/bench.sh browser    only the browser step (4)
#   scripts/bench.sh sync       only the team-sync step (5)
#   scripts/bench.sh first-visit  only the first visit over slow 4G (4b)
#
# 1. criterion: `cargo bench -p glossa-core --bench segment` (segment::split
#    and parse_article on the deterministic 2 MB article);
# 2. writes that article to target/bench/article-2mb.txt with
#    `glossa-cli generate`;
# 3. creates (or reuses) a throwaway virtualenv in target/bench-venv with
#    pySBD, and runs scripts/pysbd_bench.py, which times pySBD and
#    `glossa-cli split --time` (release build) on the same paragraphs and
#    prints both throughputs, their ratio and both sentence counts;
# 4. the browser benchmark (bench/browser.mjs, see BENCHMARKS.md): builds
#    the app (`trunk build --release`), writes the article's split, Glossa
#    JSON files with 5,000 and 20,001 annotations, and a static HTML page of
#    the same text, then drives headless Chromium (playwright-core, npm)
#    through open, keystrokes, memory, import and reload, and prints a
#    table; JSON in target/bench/browser.json, Markdown in
#    target/bench/browser.md;
# 4b. the first visit (bench/first-visit.mjs, see BENCHMARKS.md): a cold
#    visit throttled like slow 4G, every file brotli-compressed: the
#    built-in article's text shown and a key tagging against its static
#    page, the code transferred until then, and the 2 MB article opened
#    from the file picker against its static page; JSON and Markdown in
#    target/bench/first-visit.{json,md};
# 5. the team-sync benchmark (bench/sync.mjs, see BENCHMARKS.md): a project
#    of 200 documents × 5 annotators × 200 annotations on a PouchDB server
#    started here (or the CouchDB at COUCHDB_URL); the initial pull into a
#    fresh browser, Glossa vs PouchDB 9 in the same browser (npm `pouchdb`,
#    installed without saving when missing), and change → curator's view;
#    JSON in target/bench/sync.json, Markdown in target/bench/sync.md.
#
# Environment: BENCH_BYTES (default 2000000), PYSBD_BUDGET seconds (default
# 120), SKIP_CRITERION=1 to skip step 1, SKIP_BROWSER=1 to skip step 4,
# BROWSER_REPS (default 3) repetitions of the browser step, SKIP_BUILD=1 to
# use dist/ as it is, CHROMIUM (default /usr/bin/chromium).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
target="${CARGO_TARGET_DIR:-target}"
bytes="${BENCH_BYTES:-2000000}"
budget="${PYSBD_BUDGET:-120}"
only="${1:-all}"
case "$only" in
  all | browser | sync | first-visit) ;;
  *)
    echo "usage: scripts/bench.sh [browser|sync|first-visit]" >&2
    exit 2
    ;;
esac

if [[ "$only" == all && "${SKIP_CRITERION:-0}" != 1 ]]; then
  echo "== criterion: cargo bench -p glossa-core --bench segment"
  cargo bench -p glossa-core --bench segment
fi

# The CLI is built with the release profile (as shipped: opt-level "z") in a
# target directory of its own, so that it and the bench profile (opt-level 3)
# do not rebuild each other's dependencies on every run.
cli_target="$target/bench-cli"
echo "== building glossa-cli (release profile) in $cli_target"
CARGO_TARGET_DIR="$cli_target" cargo build --release -p glossa-cli
cli="$cli_target/release/glossa-cli"

mkdir -p target/bench
article="target/bench/article-2mb.txt"
"$cli" generate --bytes "$bytes" > "$article"
echo "== wrote $article ($(wc -c < "$article") bytes)"

if [[ "$only" == all ]]; then
  venv="target/bench-venv"
  if [[ ! -x "$venv/bin/python" ]]; then
    echo "== creating virtualenv $venv"
    python3 -m venv "$venv"
  fi
  if ! "$venv/bin/python" -c "import pysbd" 2>/dev/null; then
    echo "== installing pysbd into $venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check pysbd
  fi

  echo "== pySBD vs glossa-cli"
  "$venv/bin/python" scripts/pysbd_bench.py "$article" --cli "$cli" --pysbd-budget "$budget"
fi

if [[ "$only" == browser || "$only" == first-visit || ( "$only" == all && "${SKIP_BROWSER:-0}" != 1 ) ]]; then
  echo "== browser benchmark"
  export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
  export TMPDIR="${TMPDIR:-$PWD/target/tmp}"
  mkdir -p "$TMPDIR"
  scripts/setup.sh
  # npm packages (playwright-core, pinned in package.json) when any is missing.
  if ! node -e 'require.resolve("playwright-core")' 2>/dev/null; then
    echo "== installing npm packages (playwright-core)"
    npm install --no-audit --no-fund
  fi
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== trunk build --release"
    trunk build --release
  fi
  "$cli" split "$article" > target/bench/article-2mb.split.json
  "$cli" generate --bytes "$bytes" --annotations 5000 --out-json target/bench/annotations-5000.json > /dev/null
  "$cli" generate --bytes "$bytes" --annotations 20001 --out-json target/bench/annotations-20001.json > /dev/null
  echo "== wrote target/bench/article-2mb.split.json, annotations-5000.json, annotations-20001.json"
  "$cli" split assets/voa-counterespionage.txt > target/bench/builtin.split.json
  if [[ "$only" != first-visit ]]; then
    node bench/browser.mjs --dist dist --work target/bench --reps "${BROWSER_REPS:-3}" \
      --chromium "${CHROMIUM:-/usr/bin/chromium}"
  fi
  echo "== first visit over slow 4G"
  node bench/first-visit.mjs --dist dist --work target/bench --reps "${FIRST_VISIT_REPS:-5}" \
    --chromium "${CHROMIUM:-/usr/bin/chromium}"
fi

if [[ "$only" == sync || ( "$only" == all && "${SKIP_SYNC:-0}" != 1 ) ]]; then
  echo "== team-sync benchmark"
  export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
  export TMPDIR="${TMPDIR:-$PWD/target/tmp}"
  mkdir -p "$TMPDIR" target/bench
  scripts/setup.sh
  if ! node -e 'require.resolve("pouchdb/package.json")' 2>/dev/null; then
    echo "== installing PouchDB for the browser (npm pouchdb@9.0.0, not saved)"
    npm install --no-save --omit=optional --no-audit --no-fund pouchdb@9.0.0
  fi
  if [[ "$only" == sync && "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== trunk build --release"
    trunk build --release
  fi
  node bench/sync.mjs --dist dist --work target/bench --cli "$cli" \
    --docs "${SYNC_DOCS:-200}" --annotators "${SYNC_ANNOTATORS:-5}" --annotations "${SYNC_ANNOTATIONS:-200}" \
    --reps "${SYNC_REPS:-3}" --changes "${SYNC_CHANGES:-20}" --chromium "${CHROMIUM:-/usr/bin/chromium}"
fi
