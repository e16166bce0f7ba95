#!/usr/bin/env bash
# Benchmark of the speech-and-text work (issue 6) on the 30-minute fixture interview, each run a
# whole process as a user or the transcription hook would start it:
#   - `mendan transcript` of the Amazon Transcribe JSON (parse, find the interviewee, summarise per
#     question, conversation features, follow-ups for the last answer),
#   - `mendan report` of the Teams-style VTT into the report items (classify, write the .xlsx),
# next to a baseline measured in the same run: Python's json.load of the same Transcribe JSON
# (parsing alone, no language work). Prints medians of N runs and the ratios, and each time against
# the spec's 3-second screen target (follow-ups are shown while the interviewee waits).
#
#   tests/bench/text.sh [RUNS]     (default 10; uses the dev build, dependencies at opt-level 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
cargo build --quiet --workspace --bins
bin=target/debug/mendan
json=events/transcribe-output-interview-30min.json
vtt=tests/fixtures/transcripts/interview-30min.vtt
items=tests/fixtures/transcripts/report-items.json
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

python3 - "$runs" "$bin" "$json" "$vtt" "$items" "$out" <<'PY'
import statistics, subprocess, sys, time
runs, binary, transcribe_json, vtt, items, out = int(sys.argv[1]), *sys.argv[2:]

def median_ms(cmd):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)

baseline = median_ms([sys.executable, "-c", f"import json; json.load(open({transcribe_json!r}, encoding='utf-8'))"])
digest = median_ms([binary, "transcript", transcribe_json])
report = median_ms([binary, "report", "--transcript", vtt, "--items", items, "--out", f"{out}/report.xlsx"])
print(f"runs: {runs} (median wall time, whole process)")
print(f"baseline  python json.load of the Transcribe JSON  {baseline:8.1f} ms")
for name, ms in [("mendan transcript (digest + follow-ups)", digest), ("mendan report (classify + .xlsx)", report)]:
    print(f"{name:42} {ms:8.1f} ms  = {ms / baseline:4.2f}x the baseline, {3000 / ms:5.1f}x under 3 s")
PY
