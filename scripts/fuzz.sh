#!/usr/bin/env bash
# Runs every fuzz target in turn, one at a time, for SECONDS each (default
# 600), then a short run of the article parser and the segmenter on inputs
# up to 1 MB (quadratic behaviour). Not part of scripts/test.sh.
#
#   scripts/fuzz.sh [seconds-per-target]
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# New corpus entries go to fuzz/work/<target>/ (ignored by git); crashes to
# fuzz/artifacts/<target>/; logs with libFuzzer's final stats to fuzz/logs/.
# To keep new seeds: cargo +nightly fuzz cmin <target> (see fuzz/README.md).
set -euo pipefail
secs=${1:-600}
cd "$(dirname "$0")/../fuzz"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
    cargo install cargo-fuzz --locked
fi
cargo +nightly fuzz build

# target max_len dictionary
targets=(
    "segment 4096 text"
    "article 16384 text"
    "open 16384 html"
    "glossa_json 16384 json"
    "import 16384 json"
    "w3c_import 8192 -"
    "roundtrip 8192 -"
    "zip 4096 -"
)
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
failed=0
run() {
    local t=$1 secs=$2 len=$3 dict=$4
    shift 4
    local args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$len"
        -print_final_stats=1 -artifact_prefix="artifacts/$t/")
    [ "$dict" != - ] && args+=(-dict="dict/$dict.dict")
    mkdir -p "artifacts/$t" "work/$t"
    local log="logs/$t-$(date -u +%Y%m%dT%H%M%S).log"
    echo "== $t: ${secs}s, max_len $len -> $log"
    if ! nice -n 15 "$bin/$t" "${args[@]}" "$@" "work/$t" "corpus/$t" >"$log" 2>&1; then
        echo "   FAILED: see $log and artifacts/$t/"
        failed=1
    fi
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec)|^#[0-9]+[[:space:]]+DONE' "$log" | sed 's/^/   /' || true
}
for spec in "${targets[@]}"; do
    # shellcheck disable=SC2086
    run $spec
done
# Large inputs: catches work that grows faster than the input.
short=$((secs / 5 > 60 ? secs / 5 : 60))
run article "$short" 1048576 text -len_control=0
run segment "$short" 1048576 text -len_control=0
exit $failed
