#!/usr/bin/env bash
# Benchmark of training and prediction (issue 4): nested-CV training on generated datasets of 50,
# 500 and 5,000 rated interviews, model loading, and one prediction with interval and reasons.
#
#   tests/bench/train.sh [SIZES...]
#
# The dev profile optimises mendan-ml and every dependency (opt-level 3), so these are release
# speeds. Prints one JSON line per size and a summary against the spec's limits (24 h to train on
# 50 interviews, 4 h per prediction).
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p target/bench
cargo build --quiet -p mendan-ml --example train_bench
target/debug/examples/train_bench "$@" | tee target/bench/train.jsonl
python3 - target/bench/train.jsonl <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print()
print(f"{'interviews':>10} {'train':>9} {'x faster than 24 h':>19} {'predict':>9} {'x faster than 4 h':>18}  models")
for r in rows:
    print(f"{r['interviews']:>10} {r['train_s']:>8.2f}s {86400 / r['train_s']:>19.0f} {r['predict_ms']:>7.3f}ms"
          f" {4 * 3600e3 / r['predict_ms']:>18.2e}  {', '.join(r['models'])}")
PY
