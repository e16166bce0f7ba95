#!/usr/bin/env bash
# Builds the web UI when it is not built and publishes it to a deployed stack (see infra/deploy_web.py):
#   infra/deploy-web.sh mendan-prod [--tenant acme]
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${1:?usage: infra/deploy-web.sh STACK_NAME [--tenant SLUG]}"
shift
[ -f web/dist/index.html ] || (cd web && npm ci --no-audit --no-fund && npm run build)
python3 infra/deploy_web.py --stack "$stack" --dist web/dist "$@"
