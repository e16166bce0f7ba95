#!/usr/bin/env bash
# What reusing the expression of a face that looks the same costs in accuracy and saves in time
# (issue 21 item 1): `mendan analyze` with and without --every-expression, in one run, on
#   - the reference interview (analyze.sh's generated file: a still smiling face with webcam noise), and
#   - an adversarial clip: the same face with its mouth stretched and squeezed continuously and flipped
#     (a frown) for 2.5 s of every 6, so the expression network's reading changes all the time.
# Prints each clip's expression features both ways, their largest difference, and the times.
#
#   tests/bench/expression_reuse.sh [--minutes N]     (the reference file's length, default 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=5
[ "${1:-}" = --minutes ] && minutes=$2
out=target/bench
mkdir -p "$out"
reference=$out/interview-${minutes}min-noise6.mp4
[ -s "$reference" ] || tests/bench/analyze.sh --minutes "$minutes" >/dev/null
mouth=$out/mouth-2min.mp4
if [ ! -s "$mouth" ]; then
  ffmpeg -y -loglevel error -loop 1 -t 120 -i tests/fixtures/faces/astronaut_640x480_zoom.png -filter_complex \
    "[0:v]fps=25,split=3[a][b][c];[b]crop=110:50:120:160,scale=w=110:h='50*(1+0.5*sin(2*t))':eval=frame[m];\
     [c]crop=110:50:120:160,vflip[f];[a][m]overlay=x=120:y='160-25*0.5*sin(2*t)':eval=frame[a2];\
     [a2][f]overlay=x=120:y=160:enable='lt(mod(t,6),2.5)',crop=600:450:20+12*sin(t):15+12*cos(t),scale=640:480,\
     eq=eval=frame:contrast='1+0.5*sin(0.7*t)',noise=alls=6:allf=t,format=yuv420p[v]" \
    -map "[v]" -t 120 -c:v libx264 -preset veryfast -g 50 -an "$mouth"
fi
cargo build --quiet --bin mendan
bin=target/debug/mendan
for clip in "$reference" "$mouth"; do
  name=$(basename "$clip" .mp4)
  python3 tests/bench/measure.py "$name every" -- "$bin" analyze --json --every-expression --models layers/models "$clip"
  "$bin" analyze --json --every-expression --models layers/models "$clip" > "$out/$name-every.json"
  python3 tests/bench/measure.py "$name reuse" -- "$bin" analyze --json --models layers/models "$clip"
  "$bin" analyze --json --models layers/models "$clip" > "$out/$name-reuse.json"
done 2>/dev/null
for clip in "$reference" "$mouth"; do
  name=$(basename "$clip" .mp4)
  python3 - "$out/$name-every.json" "$out/$name-reuse.json" "$name" <<'PY'
import json, sys
every, reuse = (json.load(open(p))["expression"] for p in sys.argv[1:3])
print(f"\n{sys.argv[3]}: expression feature, every frame -> reusing")
for k in sorted(every):
    print(f"  {k:22s} {every[k]:9.4f} -> {reuse[k]:9.4f}  ({reuse[k] - every[k]:+.4f})")
means = [abs(reuse[k] - every[k]) for k in every if k.endswith("_mean")]
print(f"  largest change of a mean: {max(means):.4f} (tolerance 0.02)")
PY
done
