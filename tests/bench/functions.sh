#!/usr/bin/env bash
# Builds every Lambda function as `sam build` does (release, x86_64 Linux, the workspace's release profile) and
# prints each one's zip size and local cold-start time (tests/bench/cold_start.py). Not part of the test command:
# a release build of all functions takes a while on 2 cores.
#
#   tests/bench/functions.sh            # all functions
#   tests/bench/functions.sh api email  # some
set -euo pipefail
cd "$(dirname "$0")/../.."
functions=("$@")
if [ ${#functions[@]} -eq 0 ]; then
  mapfile -t functions < <(ls functions)
fi
packages=()
for f in "${functions[@]}"; do packages+=(-p "$f"); done
start=$(date +%s)
cargo build --release --quiet "${packages[@]}"
echo "release build of ${#functions[@]} functions: $(( $(date +%s) - start )) s"
python3 tests/bench/cold_start.py target/release "${functions[@]}"
