#!/usr/bin/env bash
# Runs the `spec` fuzz target for SECONDS (default 60) from the committed seed corpus, on the stable
# toolchain (RUSTC_BOOTSTRAP=1 lets cargo-fuzz use -Z flags). New inputs go to target/fuzz-corpus, not
# into the committed corpus; crashes go to fuzz/artifacts/spec/. Prints executions, exec/s and crashes;
# exits 1 if there was a crash. Needs cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$here/../target/fuzz-corpus"
mkdir -p "$work" "$here/artifacts/spec"
log="$(mktemp)"
status=0
(cd "$here" && RUSTC_BOOTSTRAP=1 cargo fuzz run spec "$work" "$here/corpus/spec" -- \
    -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=4096) >"$log" 2>&1 || status=$?
runs="$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || true)"
if [[ -z "$runs" ]]; then runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)"; fi
speed="$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')"
crashes="$(find "$here/artifacts/spec" -type f -name 'crash-*' | wc -l)"
if [[ $status -ne 0 ]]; then tail -40 "$log"; fi
echo "fuzz spec: ${runs} executions in ${seconds}s (${speed} exec/s), ${crashes} crash(es)"
rm -f "$log"
[[ $status -eq 0 && $crashes -eq 0 ]]
