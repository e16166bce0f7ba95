#!/usr/bin/env python3
"""The cost of one 30-minute interview on AWS, from this repository's measured figures (issue 21 item 4).

Usage: cost.py [--analysis target/bench/results.jsonl] [--minutes 30] [--counts target/bench/cost-counts.json]
               [--train target/bench/train.jsonl] [--prices tests/bench/prices.json] [--recording-mb MB]

Reads
  --analysis  `tests/bench/analyze.sh` output: the `mendan_analyze` line's wall time for a MINUTES-long reference
              interview on this 2-core machine, i.e. the feature-extraction function at 3,584 MB (2 vCPU), and the
              `mendan_analyze_one_cpu` line (`--one-cpu`: pinned to one core, as at 1,769 MB) or else its CPU seconds;
  --counts    `cost_counts` test output: the table and bucket requests of one interview's life;
  --train     `tests/bench/train.sh` output: training on 50 interviews (AWS Batch on Fargate, billed by the minute
              with a one-minute minimum);
  --prices    list prices with their date (tests/bench/prices.json).
Prints a Markdown table (dollars and yen) and the assumptions. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

# Lambda sizes of the analysis: the memory that buys 1 and 2 vCPUs.
ONE_VCPU_MB, TWO_VCPU_MB = 1769, 3584
# Assumed, not measured here: a warm prediction, transcript hook or e-mail handler takes at most this long at
# 512 MB (loading a features file and a model from S3 dominates; the prediction itself takes microseconds).
SMALL_HANDLER_S, SMALL_HANDLER_MB = 0.2, 512
# Lambda invocations of one interview besides the analysis: prediction, transcription start and finish,
# summary/feedback requests, the mails around it (invitation, reminder, ready).
SMALL_INVOCATIONS = 8
# API requests of one interview: the cost_counts scenario's 14 calls and the screens' list reads around them.
API_REQUESTS = 40
# Mixed-bitrate browser recording of 30 minutes at 640x480 (WebM VP8/Opus at ~1 Mbit/s); override with the
# reference file's size with --recording-mb.
RECORDING_MB = 225.0


def last_line(path: Path, label: str | None = None) -> dict:
    rows = [json.loads(l) for l in path.read_text().splitlines() if l.strip()]
    if label:
        rows = [r for r in rows if r.get("label") == label]
    if not rows:
        raise SystemExit(f"{path}: no {label or 'result'} line; run the benchmark first")
    return rows[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--analysis", type=Path, default=Path("target/bench/results.jsonl"))
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--counts", type=Path, default=Path("target/bench/cost-counts.json"))
    parser.add_argument("--train", type=Path, default=Path("target/bench/train.jsonl"))
    parser.add_argument("--prices", type=Path, default=Path("tests/bench/prices.json"))
    parser.add_argument("--recording-mb", type=float, default=RECORDING_MB)
    args = parser.parse_args()

    p = json.loads(args.prices.read_text())
    analysis = last_line(args.analysis, "mendan_analyze")
    counts = json.loads(args.counts.read_text())
    train = [r for r in map(json.loads, args.train.read_text().splitlines()) if r.get("interviews") == 50]
    per_30 = 30.0 / args.minutes
    wall_2 = analysis["wall_s"] * per_30
    # One vCPU: measured pinned to one core when analyze.sh ran with --one-cpu, else its CPU seconds.
    rows_1 = [json.loads(l) for l in args.analysis.read_text().splitlines() if "mendan_analyze_one_cpu" in l]
    wall_1 = (rows_1[-1]["wall_s"] if rows_1 else analysis["cpu_s"]) * per_30

    def lambda_cost(seconds: float, mb: int) -> float:
        return seconds * mb / 1024 * p["lambda_x86_per_gb_second"]

    rows: list[tuple[str, str, float]] = []
    rows.append((f"analysis, Lambda {TWO_VCPU_MB} MB (2 vCPU)", f"{wall_2:.1f} s = {wall_2 * TWO_VCPU_MB / 1024:.0f} GB-s", lambda_cost(wall_2, TWO_VCPU_MB)))
    one = lambda_cost(wall_1, ONE_VCPU_MB)
    small = SMALL_INVOCATIONS * lambda_cost(SMALL_HANDLER_S, SMALL_HANDLER_MB)
    requests = (SMALL_INVOCATIONS + 1 + API_REQUESTS) * p["lambda_per_million_requests"] / 1e6
    rows.append((f"prediction, transcript hooks, mail ({SMALL_INVOCATIONS} runs ≤ {SMALL_HANDLER_S} s at {SMALL_HANDLER_MB} MB)", f"{SMALL_INVOCATIONS * SMALL_HANDLER_S * SMALL_HANDLER_MB / 1024:.1f} GB-s", small))
    rows.append((f"API: {API_REQUESTS} requests (HTTP API + Lambda requests)", f"{API_REQUESTS} requests", API_REQUESTS * p["api_gateway_http_per_million_requests"] / 1e6 + requests))
    rows.append(("Amazon Transcribe (ja-JP, batch)", "30 min", 30 * p["transcribe_standard_per_minute"]))
    s3_requests = counts["object_puts"] * p["s3_put_per_thousand"] / 1000 + (counts["object_gets"] + counts["presigned"]) * p["s3_get_per_thousand"] / 1000
    rows.append(("S3 requests", f"{counts['object_puts']} PUT, {counts['object_gets'] + counts['presigned']} GET", s3_requests))
    rows.append(("S3 storage, per month kept", f"{args.recording_mb:.0f} MB recording + derived", args.recording_mb / 1024 * p["s3_standard_per_gb_month"]))
    dynamo = counts["read_units"] * p["dynamodb_on_demand_per_million_read_units"] / 1e6 + counts["write_units"] * p["dynamodb_on_demand_per_million_write_units"] / 1e6
    rows.append(("DynamoDB on demand", f"{counts['read_units']:.0f} RRU, {counts['write_units']:.0f} WRU", dynamo))
    total = sum(r[2] for r in rows)

    yen = p["yen_per_dollar"]
    print(f"One {30:.0f}-minute 640x480 interview on AWS, {p['region']}, list prices of {p['date']} (${1:.0f} = ¥{yen}):\n")
    print("| part | measure | dollars | yen |")
    print("|---|---|---:|---:|")
    for name, measure, cost in rows:
        print(f"| {name} | {measure} | {cost:.4f} | {cost * yen:.2f} |")
    print(f"| **total per interview** (storage one month) | | **{total:.4f}** | **{total * yen:.2f}** |")
    if train:
        minutes = max(1.0, math.ceil(train[-1]["train_s"] / 60))
        batch = minutes / 60 * (2 * p["fargate_per_vcpu_hour"] + 4 * p["fargate_per_gb_hour"])
        print(f"| training on 50 interviews (Batch on Fargate, 2 vCPU 4 GB; {train[-1]['train_s']:.2f} s, billed {minutes:.0f} min) | per training | {batch:.4f} | {batch * yen:.2f} |")
    two = lambda_cost(wall_2, TWO_VCPU_MB)
    print(f"\nThe analysis at {ONE_VCPU_MB} MB (1 vCPU): {wall_1:.1f} s, ${one:.5f}; at {TWO_VCPU_MB} MB (2 vCPU): "
          f"{wall_2:.1f} s, ${two:.5f} ({two / one - 1:+.0%}), done {wall_1 / wall_2:.1f}x sooner.")
    print("Measured: the analysis (wall and CPU seconds), the requests to the table and the bucket (cost_counts), "
          "training. Assumed: the small handlers' duration, the API requests per interview, the recording's size.")


if __name__ == "__main__":
    main()
