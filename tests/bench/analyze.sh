#!/usr/bin/env bash
# Benchmark of `mendan analyze` on the spec's reference input: a 30-minute 640x480 25 fps H.264 +
# AAC interview, next to ffmpeg's decode-only time of the same file, measured in the same run.
#
#   tests/bench/analyze.sh [--minutes N] [--fps F] [--noise N] [--release] [--one-cpu]
#
# --one-cpu also runs the analysis pinned to one core (taskset), as a Lambda function of 1,769 MB
# (one vCPU) would run it: tests/bench/cost.py prices both sizes from these lines.
#
# The file is generated (a moving face with a blank span and espeak-ng speech with pauses, one
# minute looped with stream copy) and cached in target/bench/. --noise adds temporal sensor noise
# of that strength (ffmpeg's noise filter, default 6) as a webcam has: without it a still picture
# compresses to almost nothing and decodes unrealistically fast, which flatters the baseline. By default the dev build is used:
# the workspace's dev profile compiles the analysis crate and every dependency at opt-level 3, so
# its inference speed equals release; --release builds and uses the release binary instead.
# Prints one JSON line per measurement and a summary with the ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."

minutes=30 fps=5 noise=6 profile=debug one_cpu=
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --fps) fps=$2; shift 2 ;;
    --noise) noise=$2; shift 2 ;;
    --release) profile=release; shift ;;
    --one-cpu) one_cpu=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

out=target/bench
mkdir -p "$out"
clip=$out/interview-1min-noise$noise.mp4
file=$out/interview-${minutes}min-noise$noise.mp4
if [ ! -s "$clip" ]; then
  echo "generating a 1-minute clip ..." >&2
  espeak-ng -v en-us -s 150 -w "$out/speech.wav" \
    "Thank you for the question. In my last position I led a small team that built tools for our customers. \
     We learned to listen first and to ship in small steps. I would like to bring that habit to this role."
  ffmpeg -y -loglevel error -loop 1 -t 60 -i tests/fixtures/faces/astronaut_640x480_zoom.png \
    -i "$out/speech.wav" -filter_complex \
    "[0:v]crop=600:450:20+12*sin(t):15+12*cos(t),scale=640:480,fps=25,drawbox=enable='between(t,40,44)':color=black:t=fill,noise=alls=$noise:allf=t,format=yuv420p[v];\
     [1:a]apad=pad_dur=4,aloop=loop=-1:size=2e9,atrim=0:60,aresample=48000[a]" \
    -map "[v]" -map "[a]" -t 60 -c:v libx264 -preset veryfast -g 50 -c:a aac -b:a 96k "$clip"
fi
if [ ! -s "$file" ]; then
  echo "looping it to $minutes minutes ..." >&2
  ffmpeg -y -loglevel error -stream_loop $((minutes - 1)) -i "$clip" -c copy "$file"
fi

if [ "$profile" = release ]; then cargo build --release -p mendan; else cargo build -p mendan; fi
bin=target/$profile/mendan

# The baseline decodes with the ffmpeg the analysis runs (mendan prefers the repository's static
# build to PATH's, and their decoders' speeds differ): pinned here for both.
ffmpeg_bin=${MENDAN_FFMPEG:-}
if [ -z "$ffmpeg_bin" ]; then
  if [ -x .mendan-tools/bin/ffmpeg ]; then ffmpeg_bin=$PWD/.mendan-tools/bin/ffmpeg; else ffmpeg_bin=$(command -v ffmpeg); fi
fi
export MENDAN_FFMPEG=$ffmpeg_bin
echo "ffmpeg: $ffmpeg_bin ($("$ffmpeg_bin" -hide_banner -version | head -1 | cut -d' ' -f1-3))" >&2

results=$out/results.jsonl
: > "$results"
measure() { python3 tests/bench/measure.py "$@" | tee -a "$results"; }
# Baseline: decoding every video frame and the audio, as the analysis must, with nothing else.
measure ffmpeg_decode_only -- "$ffmpeg_bin" -nostdin -loglevel error -threads 2 -i "$file" -f null -
measure mendan_analyze -- "$bin" analyze --json --fps "$fps" --models layers/models "$file"
if [ -n "$one_cpu" ]; then
  measure mendan_analyze_one_cpu -- taskset -c 0 "$bin" analyze --json --fps "$fps" --models layers/models "$file"
fi

python3 - "$results" "$minutes" "$fps" <<'PY'
import json, sys
rows = {r["label"]: r for r in map(json.loads, open(sys.argv[1]))}
minutes, fps = float(sys.argv[2]), float(sys.argv[3])
ff, an = rows["ffmpeg_decode_only"], rows["mendan_analyze"]
frames = minutes * 60 * fps
print(f"\n{minutes:.0f}-minute 640x480 25 fps H.264+AAC, analysed at {fps:g} fps:")
print(f"  ffmpeg decode only : {ff['wall_s']:7.1f} s")
print(f"  mendan analyze     : {an['wall_s']:7.1f} s  = {an['wall_s'] / ff['wall_s']:.2f}x decode-only,"
      f" {frames / an['wall_s']:.0f} analysed frames/s, {minutes * 60 / an['wall_s']:.0f}x real time")
print(f"  peak RSS           : {an['peak_rss_mib']:.0f} MiB (largest process), {an['peak_tree_rss_mib']:.0f} MiB (mendan + ffmpeg)")
print(f"  spec limit 2 h     : {7200 / an['wall_s']:.0f}x faster")
if "mendan_analyze_one_cpu" in rows:
    one = rows["mendan_analyze_one_cpu"]
    print(f"  on one core        : {one['wall_s']:7.1f} s  ({one['wall_s'] / an['wall_s']:.2f}x the two-core time)")
PY
