#!/usr/bin/env bash
# Throughput of the analysis (issue 21 item 2): N reference interviews arriving at once, analysed
# with at most LIMIT at a time — what `mendan serve` does with its per-core limit
# (MENDAN_ANALYSIS_CONCURRENCY, default the number of cores) — against N times one analysis
# measured in the same run, with the peak memory of the whole process tree. Also each N with no
# limit (all at once), to show what the limit saves.
#
#   tests/bench/throughput.sh [--minutes M] [--limit L] [N...]     (default: 5 minutes, L = cores, N = 1 2 4 8)
#
# The files are analysed by `mendan analyze` processes started by xargs -P LIMIT: the same work
# and the same bound as the server's queue, without its HTTP and store, which take milliseconds
# per upload. Prints one JSON line per run and a summary; nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."

minutes=5 limit=$(nproc) counts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --limit) limit=$2; shift 2 ;;
    *) counts+=("$1"); shift ;;
  esac
done
[ ${#counts[@]} -gt 0 ] || counts=(1 2 4 8)

# The reference file (analyze.sh generates and caches it).
file=target/bench/interview-${minutes}min-noise6.mp4
if [ ! -s "$file" ]; then
  tests/bench/analyze.sh --minutes "$minutes" >/dev/null
fi
cargo build --quiet --bin mendan
bin=target/debug/mendan

results=target/bench/throughput.jsonl
: > "$results"
run() { # LABEL PARALLEL N
  local label=$1 parallel=$2 n=$3
  python3 tests/bench/measure.py "$label" -- bash -c \
    "seq $n | xargs -P $parallel -I{} $bin analyze --json --fps 5 --models layers/models $file >/dev/null" \
    | tee -a "$results"
}
for n in "${counts[@]}"; do
  run "limited_$n" "$limit" "$n"
  if [ "$n" -gt "$limit" ]; then run "unlimited_$n" "$n" "$n"; fi
done

python3 - "$results" "$minutes" "$limit" <<'PY'
import json, sys
rows = {r["label"]: r for r in map(json.loads, open(sys.argv[1]))}
minutes, limit = float(sys.argv[2]), int(sys.argv[3])
one = rows["limited_1"]["wall_s"]
print(f"\n{minutes:.0f}-minute reference interviews, at most {limit} analysed at once (one = {one:.1f} s):")
print(f"{'N':>3} {'wall':>8} {'N x one':>8} {'ratio':>6} {'min/min':>8} {'peak MiB':>9}   all at once: wall, peak MiB")
for label, r in rows.items():
    if not label.startswith("limited_"):
        continue
    n = int(label.split("_")[1])
    free = rows.get(f"unlimited_{n}")
    extra = f"   {free['wall_s']:.1f} s, {free['peak_tree_rss_mib']:.0f}" if free else ""
    print(f"{n:>3} {r['wall_s']:>7.1f}s {n * one:>7.1f}s {r['wall_s'] / (n * one):>6.2f}"
          f" {n * minutes / (r['wall_s'] / 60):>8.1f} {r['peak_tree_rss_mib']:>9.0f}{extra}")
print("ratio < 1: the analyses overlap (one analysis alone leaves part of the two cores idle); min/min: minutes of"
      " interview analysed per minute of wall time.")
PY
