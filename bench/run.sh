#!/usr/bin/env bash
# Times the whole `amlnet generate SPEC -o DIR` process on the workload of bench/make-spec for
# N = 1, 10, 100, 1000, and in the same run the floor: `cp -r` of the output tree it produced.
# Prints a markdown table: median wall time, peak RSS, the ratio to the floor and t(1000)/t(100).
#
# Needs hyperfine (Debian package `hyperfine`) and GNU time (`time`, for /usr/bin/time -v); as root it
# installs them with apt-get, otherwise it falls back to a bash timing loop and skips peak RSS.
#
# Usage: bench/run.sh            (SIZES="1 10 100 1000" RUNS=21 by default)
#        SIZES="100 1000" RUNS=11 bench/run.sh
#        TMPDIR=/dev/shm bench/run.sh   (outputs on tmpfs: the process without the disk)
#        AMLNET_BIN=/tmp/amlnet-base bench/run.sh   (time that binary instead of building this tree;
#        to compare two commits, build each, copy its binary aside and alternate runs of the two)
# "CPU ms" is user + system time (hyperfine's mean), which a busy machine disturbs less than wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1 10 100 1000"}
RUNS=${RUNS:-21}

install_if_missing() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $2 ..." >&2
    (apt-get install -y -qq "$2" || { apt-get update -qq && apt-get install -y -qq "$2"; }) >/dev/null 2>&1 || true
  fi
  command -v "$1" >/dev/null 2>&1
}
have_hyperfine=0; install_if_missing hyperfine hyperfine && have_hyperfine=1
have_time=0; { [ -x /usr/bin/time ] || install_if_missing /usr/bin/time time; } && [ -x /usr/bin/time ] && have_time=1

if [ -n "${AMLNET_BIN:-}" ]; then
  bin=$(realpath "$AMLNET_BIN")
else
  cargo build --release --quiet
  bin=$PWD/target/release/amlnet
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# median_ms CMD...: the median wall time of RUNS runs, each after `rm -rf $work/dst`, in ms.
median_ms() {
  if [ "$have_hyperfine" = 1 ]; then
    hyperfine -N --style none --warmup 2 --runs "$RUNS" --prepare "rm -rf $work/dst" \
      --export-csv "$work/h.csv" "$*" >/dev/null 2>&1
    awk -F, 'NR == 2 { printf "%.2f", $4 * 1000 }' "$work/h.csv"
    awk -F, 'NR == 2 { printf "%.2f", ($5 + $6) * 1000 }' "$work/h.csv" > "$work/cpu"
  else
    local times=()
    for ((r = 0; r < RUNS; r++)); do
      rm -rf "$work/dst"
      local t0; t0=$(date +%s%N); "$@" >/dev/null 2>&1; local t1; t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 1000 )))
    done
    echo "n/a" > "$work/cpu"
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] / 1000 }'
  fi
}

# peak_mib CMD...: the largest maximum resident set size of 3 runs, in MiB.
peak_mib() {
  [ "$have_time" = 1 ] || { printf 'n/a'; return; }
  local peak=0
  for _ in 1 2 3; do
    rm -rf "$work/dst"
    local kb; kb=$(/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ { print $2 }')
    (( kb > peak )) && peak=$kb
  done
  awk -v kb="$peak" 'BEGIN { printf "%.1f", kb / 1024 }'
}

echo "## amlnet generate, whole process (median of $RUNS runs; peak RSS: max of 3)"
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(date -u +%F)"
echo
echo "output under: $work ($(df -T "$work" | awk 'NR == 2 { print $2 }')); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| N | TF resources | output | amlnet ms | amlnet CPU ms | amlnet MiB | cp -r floor ms | floor MiB | ratio |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
declare -A t
for n in $SIZES; do
  bench/make-spec "$n" > "$work/spec$n.yaml"
  rm -rf "$work/out$n"
  # The workload's firewalls are off on purpose (see bench/make-spec): keep the warnings out of the table.
  (cd "$work" && "$bin" generate "spec$n.yaml" -o "out$n" >/dev/null 2>"$work/warnings") ||
    { cat "$work/warnings" >&2; exit 1; }
  resources=$(cat "$work/out$n"/terraform/*.tf | grep -c '^resource ' || true)
  size=$(du -sh "$work/out$n" | cut -f1)
  gen=$(cd "$work" && median_ms "$bin" generate "spec$n.yaml" -o dst)
  cpu=$(cat "$work/cpu")
  gen_rss=$(cd "$work" && peak_mib "$bin" generate "spec$n.yaml" -o dst)
  floor=$(median_ms cp -r "$work/out$n" "$work/dst")
  floor_rss=$(peak_mib cp -r "$work/out$n" "$work/dst")
  ratio=$(awk -v a="$gen" -v b="$floor" 'BEGIN { printf "%.1f", a / b }')
  t[$n]=$gen
  echo "| $n | $resources | $size | $gen | $cpu | $gen_rss | $floor | $floor_rss | ${ratio}x |"
done
if [ -n "${t[100]:-}" ] && [ -n "${t[1000]:-}" ]; then
  echo
  echo "t(1000)/t(100) = $(awk -v a="${t[1000]}" -v b="${t[100]}" 'BEGIN { printf "%.1f", a / b }')"
fi
echo
echo "(TF resources: resource blocks in main.tf, subnet associations included; the spec makes roughly"
echo "7 + 10*N Azure resources and NSG rules.)"
