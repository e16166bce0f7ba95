#!/usr/bin/env bash
# Prints `export` lines with a deployed stack's settings, as its API function reads them (MENDAN_TABLE,
# MENDAN_BUCKET, the user pool, timers, calls ...), for operators' commands on AWS:
#   eval "$(infra/operator-env.sh mendan-prod)"
#   mendan tenant list --backend aws
# Needs the AWS CLI with credentials allowed to describe the stack and read the function's configuration.
set -euo pipefail
stack="${1:?usage: infra/operator-env.sh STACK_NAME}"
function_name=$(aws cloudformation describe-stacks --stack-name "$stack" \
  --query "Stacks[0].Outputs[?OutputKey=='ApiFunctionName'].OutputValue" --output text)
if [ -z "$function_name" ] || [ "$function_name" = "None" ]; then
  echo "the stack $stack has no ApiFunctionName output (deploy this version of infra/template.yaml)" >&2
  exit 1
fi
aws lambda get-function-configuration --function-name "$function_name" \
  --query 'Environment.Variables' --output json |
  python3 -c '
import json, shlex, sys
for name, value in sorted(json.load(sys.stdin).items()):
    if name.startswith("MENDAN_"):
        print(f"export {name}={shlex.quote(value)}")
'
