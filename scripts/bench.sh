#!/usr/bin/env bash
# Benchmarks Glossa's sentence segmenter and compares it with pySBD.
#
#   scripts/bench.sh            (from the repository root)
#
# 1. criterion: `cargo bench -p glossa-core --bench segment` (segment::split
#    and parse_article on the deterministic 2 MB article);
# 2. writes that article to target/bench/article-2mb.txt with
#    `glossa-cli generate`;
# 3. creates (or reuses) a throwaway virtualenv in target/bench-venv with
#    pySBD, and runs scripts/pysbd_bench.py, which times pySBD and
#    `glossa-cli split --time` (release build) on the same paragraphs and
#    prints both throughputs, their ratio and both sentence counts.
#
# Environment: BENCH_BYTES (default 2000000), PYSBD_BUDGET seconds (default
# 120), SKIP_CRITERION=1 to skip step 1.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
target="${CARGO_TARGET_DIR:-target}"
bytes="${BENCH_BYTES:-2000000}"
budget="${PYSBD_BUDGET:-120}"

if [[ "${SKIP_CRITERION:-0}" != 1 ]]; then
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
