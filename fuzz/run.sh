#!/usr/bin/env bash
# Runs a fuzz target (default `spec`; `long` for long inputs) for SECONDS (default 60) from the
# committed seed corpus, on the stable toolchain (RUSTC_BOOTSTRAP=1 lets cargo-fuzz use -Z flags):
#   fuzz/run.sh [SECONDS] [TARGET]
# `long` starts from the `spec` seeds (its first four bytes stretch the rest) with -max_len=262144.
# New inputs go to target/fuzz-corpus[-TARGET], not into the committed corpus; crashes go to
# fuzz/artifacts/TARGET/. Prints executions, exec/s and crashes; exits 1 if there was a crash. Needs
# cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
seconds="${1:-60}"
target="${2:-spec}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$here/../target/fuzz-corpus"
extra=()
if [[ "$target" != spec ]]; then
  work="$work-$target"
  extra=(-max_len=262144)
fi
mkdir -p "$work" "$here/artifacts/$target"
log="$(mktemp)"
status=0
(cd "$here" && RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "$work" "$here/corpus/spec" -- \
    -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=4096 "${extra[@]}") >"$log" 2>&1 || status=$?
runs="$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || true)"
if [[ -z "$runs" ]]; then runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)"; fi
speed="$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')"
crashes="$(find "$here/artifacts/$target" -type f -name 'crash-*' | wc -l)"
if [[ $status -ne 0 ]]; then tail -40 "$log"; fi
echo "fuzz $target: ${runs} executions in ${seconds}s (${speed} exec/s), ${crashes} crash(es)"
rm -f "$log"
[[ $status -eq 0 && $crashes -eq 0 ]]
