#!/usr/bin/env bash
# The API under the mix users make (issue 21 item 3): an open-loop load generator
# (tests/bench/mixed_load.rs, a cargo example of mendan-tests) against `mendan serve` on loopback.
# For every rate a fresh `mendan serve` with a fresh data dir (started as load.sh does), the
# generator's set-up through the API, a wait until the set-up's uploads are analysed and the server
# is idle, then SECONDS of requests at the rate; per route count, p50/p99/max and errors by status.
# Then it searches for the highest rate whose overall p99 <= 50 ms (with <= 1% errors): stepping up
# (x2) from the highest passing rate until one fails, then bisecting, with shorter runs
# (--search-seconds, default 20), at most --search-steps runs (default 4), not below 10 req/s.
# Prints every run, the highest passing rate, and the server's ERROR-line count, and stops each
# server. The server and generator run from copies taken after the build, so a build elsewhere in
# the tree during the runs changes nothing measured.
#
#   tests/bench/mixed_load.sh [--release] [--seconds N] [--rates "50 200 500"] [--search-seconds N]
#                             [--search-steps N] [--perf DIR] [--models DIR] [--ffmpeg PATH]
#
# --perf DIR: `perf record -g` on the server during each measurement (not the set-up), into
# DIR/perf-RATE.data (use the dev build: the release build is stripped).
# --models DIR: the server's models (default layers/models; one without whisper-base/ leaves
# uploads untranscribed). --ffmpeg PATH: the server's ffmpeg (MENDAN_FFMPEG; default: as
# `mendan serve` finds it, the machine's first), e.g. the static .mendan-tools/bin/ffmpeg.
#
# Bounded: per run at most ~5 min of set-up and settling (typically ~45 s), the measurement, 10 s
# for the last answers and 30 s for the server to stop. Only 127.0.0.1 is contacted. The generator
# shares the machine's cores with the server: the figures are of both on one machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/bench/serve_url.sh

profile=debug
seconds=60
rates="50 200 500"
search_seconds=20
search_steps=4
# Below this a 20 s run has too few requests for a p99 that means anything: the search stops.
min_rate=10
perf_dir=
models=layers/models
ffmpeg=
while [[ $# -gt 0 ]]; do
  case $1 in
    --release) profile=release; shift ;;
    --seconds) seconds=$2; shift 2 ;;
    --rates) rates=$2; shift 2 ;;
    --search-seconds) search_seconds=$2; shift 2 ;;
    --search-steps) search_steps=$2; shift 2 ;;
    --perf) perf_dir=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    --ffmpeg) ffmpeg=$(realpath "$2"); shift 2 ;;
    *) sed -n '2,25p' "$0" >&2; exit 2 ;;
  esac
done
for n in "$seconds" "$search_seconds" "$search_steps" $rates; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "not a whole number: $n" >&2; exit 2; }
done
if [[ -n $perf_dir ]]; then
  command -v perf >/dev/null || { echo "--perf needs perf" >&2; exit 2; }
  mkdir -p "$perf_dir"
  perf_dir=$(cd "$perf_dir" && pwd)
fi

# --workspace: building one package alone resolves features differently and rebuilds tract.
if [[ $profile == release ]]; then
  cargo build --quiet --release --workspace --bins --examples
else
  cargo build --quiet --workspace --bins --examples
fi
password=bench-admin-password-1
work=$(mktemp -d)
# Copies, so a build elsewhere in this tree during the runs cannot change what is measured.
bin=$work/mendan
generator=$work/mixed_load
cp "target/$profile/mendan" "$bin"
cp "target/$profile/examples/mixed_load" "$generator"
pid=
perf_pid=
stop_server() {
  if [[ -n $perf_pid ]]; then kill -INT "$perf_pid" 2>/dev/null || true; wait "$perf_pid" 2>/dev/null || true; perf_pid=; fi
  if [[ -n $pid ]]; then
    kill "$pid" 2>/dev/null || true
    # The server gives requests and event handlers up to 30 s; then it is stopped hard.
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=
  fi
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

cores=$(nproc)
errors_total=0
declare -A p99 pass errs reqs
runs=()

# run_rate RATE SECONDS: a fresh server and data dir, the generator's set-up and measurement.
run_rate() {
  local rate=$1 secs=$2 dir="$work/$1" url= result
  mkdir -p "$dir"
  env MENDAN_DEMO_PASSWORD=$password RUST_LOG=warn ${ffmpeg:+"MENDAN_FFMPEG=$ffmpeg"} "$bin" serve --data "$dir/d" \
    --port 0 --web "$dir/no-web" --models "$models" >"$dir/serve.log" 2>&1 &
  pid=$!
  url=$(wait_for_url "$dir/serve.log" "$pid") || exit 1
  echo
  echo "#### $rate requests/s for $secs s: mendan serve ($profile build) at $url, fresh data dir; $(uptime | sed 's/.*load average/load average/')"
  echo "processes over 10% CPU before the set-up: $(busy_now)"
  "$generator" --base "$url" --password "$password" --rate "$rate" --seconds "$secs" --server-pid "$pid" \
    >"$dir/gen.out" 2>"$dir/gen.err" &
  local gen=$!
  if [[ -n $perf_dir ]]; then
    while kill -0 "$gen" 2>/dev/null && ! grep -q '^measuring:' "$dir/gen.err"; do sleep 0.2; done
    if kill -0 "$gen" 2>/dev/null; then
      perf record -F 499 -g -p "$pid" -o "$perf_dir/perf-$rate.data" -- sleep "$secs" >"$dir/perf.log" 2>&1 &
      perf_pid=$!
    fi
  fi
  local status=0
  wait "$gen" || status=$?
  if [[ -n $perf_pid ]]; then wait "$perf_pid" 2>/dev/null || true; perf_pid=; fi
  grep -v '^measuring:' "$dir/gen.err" || true
  cat "$dir/gen.out"
  [[ $status -eq 0 ]] || { echo "the generator failed ($status)"; tail -20 "$dir/serve.log" >&2; exit 1; }
  stop_server
  local errors
  errors=$(grep -c ERROR "$dir/serve.log" || true)
  errors_total=$((errors_total + errors))
  echo "server log: $errors ERROR lines"
  grep ERROR "$dir/serve.log" | sed -E "s/.*(ERROR)/\1/" | sort | uniq -c | sort -rn | head -5 || true
  result=$(grep '^RESULT ' "$dir/gen.out" | tail -1)
  local field
  for field in $result; do
    case $field in
      p99_ms=*) p99[$rate]=${field#*=} ;;
      pass=*) pass[$rate]=${field#*=} ;;
      errors=*) errs[$rate]=${field#*=} ;;
      requests=*) reqs[$rate]=${field#*=} ;;
    esac
  done
  runs+=("$rate:$secs")
  rm -rf "$dir"
}

echo "mixed_load: open-loop mix at rates ($rates) req/s for $seconds s each, then a search ($search_seconds s steps, at most $search_steps)"
echo "machine: $cores cores, shared by mendan serve AND the load generator (loopback); $(uptime | sed 's/.*load average/load average/')"
echo "server: $profile build, models $models, ffmpeg ${ffmpeg:-as mendan serve finds it ($(command -v ffmpeg || echo 'none on PATH'))}"
# What else uses the CPU now (one second of top), since the figures depend on it.
busy_now() {
  top -bn2 -d1 -o %CPU | awk '/^top -/ { n++ } n == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 > 10 { printf "%s%s %s%%", sep, $12, $9; sep = ", " }'
}
echo "processes over 10% CPU at start: $(busy_now)"

for rate in $rates; do run_rate "$rate" "$seconds"; done

# The bracket: the highest passing rate so far, and the lowest failing one above it.
lo=0 hi=
for rate in "${!pass[@]}"; do
  if [[ ${pass[$rate]} == 1 && $rate -gt $lo ]]; then lo=$rate; fi
done
for rate in "${!pass[@]}"; do
  if [[ ${pass[$rate]} == 0 && $rate -gt $lo && (-z $hi || $rate -lt $hi) ]]; then hi=$rate; fi
done
steps=0
while ((steps < search_steps)); do
  if [[ -z $hi ]]; then
    next=$((lo * 2))
  elif ((lo == 0 && hi <= min_rate)); then
    break
  else
    gap=$((hi - lo)) tolerance=$((hi / 10 > 5 ? hi / 10 : 5))
    ((gap > tolerance)) || break
    next=$(((lo + hi) / 2))
    ((next >= min_rate)) || next=$min_rate
  fi
  if ((next < 1)) || [[ -n ${pass[$next]:-} ]]; then break; fi
  run_rate "$next" "$search_seconds"
  steps=$((steps + 1))
  if [[ ${pass[$next]} == 1 ]]; then lo=$next; else hi=$next; fi
done

echo
echo "== summary ($profile build; $cores cores shared by server and generator; $(uptime | sed 's/.*load average/load average/'))"
printf '%-10s %-8s %10s %10s %10s  %s\n' "rate/s" "seconds" "p99 ms" "requests" "errors" "p99 <= 50 ms, errors <= 1%"
for run in "${runs[@]}"; do
  rate=${run%%:*} secs=${run#*:}
  printf '%-10s %-8s %10s %10s %10s  %s\n' "$rate" "$secs" "${p99[$rate]}" "${reqs[$rate]}" "${errs[$rate]}" \
    "$([[ ${pass[$rate]} == 1 ]] && echo pass || echo FAIL)"
done
if ((lo == 0)); then
  echo "highest rate at p99 <= 50 ms: none of the rates tried (lowest failing: ${hi:-?} req/s; the search stops at $min_rate req/s)"
else
  echo "highest rate at p99 <= 50 ms: $lo req/s$([[ -n $hi ]] && echo " ($hi req/s fails)" || echo " (no failing rate found within $search_steps steps)")"
fi
echo "server logs: $errors_total ERROR lines over all runs"
