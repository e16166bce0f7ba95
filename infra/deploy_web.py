"""Publishes the built web UI (web/dist) to a deployed stack: every file into the site bucket with its content type
and cache lifetime (hashed assets a year and immutable, index.html and config.json never cached), a config.json
for this deployment (same-origin API, Cognito accounts), index.html last so no page refers to an asset not yet
uploaded, then one CloudFront invalidation of /index.html. Old hashed assets stay: a browser holding an older
index.html still finds its files.

Usage: python3 infra/deploy_web.py --stack mendan-prod [--tenant acme] [--dist web/dist]
       python3 infra/deploy_web.py --bucket B --distribution D ...   (without reading the stack's outputs)
Needs boto3 (pip install boto3) and credentials allowed to read the stack, write the bucket, invalidate.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import sys
import time
from pathlib import Path

import boto3

IMMUTABLE = "public, max-age=31536000, immutable"
NEVER_CACHED = "no-cache"
SHORT = "public, max-age=3600"
TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".webmanifest": "application/manifest+json",
         ".json": "application/json", ".svg": "image/svg+xml", ".woff2": "font/woff2", ".html": "text/html; charset=utf-8"}


def cache_control(key: str) -> str:
    if key in ("index.html", "config.json"):
        return NEVER_CACHED
    # Vite names the files under assets/ by their content hash.
    return IMMUTABLE if key.startswith("assets/") else SHORT


def content_type(key: str) -> str:
    suffix = Path(key).suffix
    return TYPES.get(suffix) or mimetypes.guess_type(key)[0] or "application/octet-stream"


def stack_outputs(session: boto3.session.Session, stack: str) -> dict[str, str]:
    described = session.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}


def publish(session, bucket: str, distribution: str, dist: Path, tenant: str) -> dict[str, object]:
    if not (dist / "index.html").is_file():
        raise SystemExit(f"{dist}/index.html is missing: build the web UI first (cd web && npm ci && npm run build)")
    s3 = session.client("s3")
    files = sorted(p for p in dist.rglob("*") if p.is_file() and p.name != "config.json")
    keys = [p.relative_to(dist).as_posix() for p in files]
    # index.html last: until it is replaced, browsers load the old one, whose assets are still there.
    order = sorted(zip(keys, files), key=lambda kf: kf[0] == "index.html")
    config = json.dumps({"apiBase": "", "tenant": tenant, "auth": "cognito"}).encode()
    s3.put_object(Bucket=bucket, Key="config.json", Body=config, ContentType=content_type("config.json"),
                  CacheControl=cache_control("config.json"))
    for key, path in order:
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=content_type(key),
                      CacheControl=cache_control(key))
    invalidation = session.client("cloudfront").create_invalidation(
        DistributionId=distribution,
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/index.html"]}, "CallerReference": f"mendan-{time.time_ns()}"},
    )
    return {"uploaded": len(order) + 1, "invalidation": invalidation["Invalidation"]["Id"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", help="the stack whose SiteBucketName and SiteDistributionId outputs to use")
    parser.add_argument("--bucket")
    parser.add_argument("--distribution")
    parser.add_argument("--dist", default="web/dist", type=Path)
    parser.add_argument("--tenant", default="demo", help="the tenant the address / opens")
    parser.add_argument("--endpoint-url", help="a local AWS-API server (tests)")
    args = parser.parse_args(argv)
    session = boto3.session.Session()
    if args.endpoint_url:
        # Every client of this run talks to the given server.
        original = session.client
        session.client = lambda name, **kw: original(name, endpoint_url=args.endpoint_url, **kw)  # type: ignore[method-assign]
    bucket, distribution = args.bucket, args.distribution
    if args.stack:
        outputs = stack_outputs(session, args.stack)
        bucket, distribution = outputs.get("SiteBucketName"), outputs.get("SiteDistributionId")
    if not bucket or not distribution:
        parser.error("give --stack, or --bucket and --distribution")
    print(json.dumps(publish(session, bucket, distribution, args.dist, args.tenant)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
