#!/usr/bin/env bash
# Load and abuse benchmark (issue 13): starts `mendan serve` on loopback with a fresh data dir,
# runs tests/bench/load.py against it (a calm phase, then the same with a wrong-password flood and
# two 20,000-sentence transcripts), prints the figures and stops the server. Bounded: two phases of
# SECONDS each plus set-up; only 127.0.0.1/127.0.0.2 are contacted.
#
#   tests/bench/load.sh [--release] [SECONDS]     (default: the dev build, 20 s per phase)
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/bench/serve_url.sh
profile=debug
if [[ ${1:-} == --release ]]; then profile=release; shift; fi
seconds=${1:-20}
if [[ $profile == release ]]; then cargo build --quiet --release --workspace --bins; else cargo build --quiet --workspace --bins; fi
# (--workspace: building one package alone resolves features differently and rebuilds tract)
bin=target/$profile/mendan

data=$(mktemp -d)
log=$data/serve.log
password=bench-admin-password-1
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
MENDAN_DEMO_PASSWORD=$password RUST_LOG=warn "$bin" serve --data "$data/d" --port 0 --web "$data/no-web" \
  --models layers/models >"$log" 2>&1 &
pid=$!
url=$(wait_for_url "$log" "$pid") || exit 1
echo "mendan serve ($profile build) at $url"
python3 tests/bench/load.py "$url" "$password" --seconds "$seconds"
echo "server log: $(grep -c ERROR "$log" || true) ERROR lines"; grep ERROR "$log" | sed -E "s/.*(ERROR)/\1/" | sort | uniq -c | sort -rn | head -5 || true
