#!/usr/bin/env bash
# Gives a machine without ffmpeg the same pinned static ffmpeg the Lambda layer ships (7.0.2 from
# the PyPI wheel imageio-ffmpeg, checked against wheel.sha256), at .mendan-tools/bin/ffmpeg in the
# repository, where `mendan serve` and `mendan analyze` look first (it starts ~40x cheaper than a
# distribution's dynamically linked build; PATH's is used when this copy is absent).
# Usage: layers/ffmpeg/ensure-local.sh [--force]   (--force: install it even if PATH has ffmpeg)
# Only x86_64 Linux has this build; elsewhere install ffmpeg with the system's package manager.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="$repo/.mendan-tools/bin/ffmpeg"

if [[ ${1:-} != --force ]] && command -v ffmpeg >/dev/null; then
  echo "ffmpeg: $(command -v ffmpeg)"
  exit 0
fi
if [[ -x $target ]] && "$target" -hide_banner -version >/dev/null 2>&1; then
  echo "ffmpeg: $target"
  exit 0
fi
if [[ $(uname -s) != Linux || $(uname -m) != x86_64 ]]; then
  echo "no ffmpeg on PATH, and the pinned static build is for x86_64 Linux only: install ffmpeg (e.g. brew install ffmpeg)" >&2
  exit 1
fi
if ! python3 -m pip --version >/dev/null 2>&1; then
  echo "no ffmpeg on PATH and no pip to fetch the pinned build: install ffmpeg (apt install ffmpeg) or python3-pip" >&2
  exit 1
fi

version=$(sed -n 's/^WHEEL_VERSION := //p' "$here/Makefile")
wheel="imageio_ffmpeg-${version}-py3-none-manylinux2014_x86_64.whl"
binary="imageio_ffmpeg/binaries/ffmpeg-linux-x86_64-v7.0.2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "no ffmpeg on PATH: fetching the pinned static ffmpeg (PyPI imageio-ffmpeg $version) ..."
python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
  --python-version 3.12 "imageio-ffmpeg==$version" -d "$work"
echo "$(cat "$here/wheel.sha256")  $work/$wheel" | sha256sum --quiet -c -
python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])" \
  "$work/$wheel" "$binary" "$work"
mkdir -p "$(dirname "$target")"
install -m 0755 "$work/$binary" "$target.part"
mv "$target.part" "$target"
echo "ffmpeg: $target ($("$target" -hide_banner -version | head -1))"
