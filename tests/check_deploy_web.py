"""Publishes a small built site with infra/deploy_web.py to a local AWS-API server (moto) and reads it back: every
file with its content type and cache lifetime, config.json for Cognito and the same origin, and one invalidation
of /index.html.

Usage: check_deploy_web.py ENDPOINT_URL
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import boto3


def main(endpoint: str) -> None:
    session = boto3.session.Session(region_name="us-east-1")
    s3 = session.client("s3", endpoint_url=endpoint)
    cloudfront = session.client("cloudfront", endpoint_url=endpoint)
    bucket = "mendan-site-check"
    s3.create_bucket(Bucket=bucket)
    origin = {"Id": "site", "DomainName": f"{bucket}.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
    distribution = cloudfront.create_distribution(DistributionConfig={
        "CallerReference": "check", "Comment": "check", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
                                 "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
                                 "MinTTL": 0, "TrustedSigners": {"Enabled": False, "Quantity": 0}},
    })["Distribution"]["Id"]
    with tempfile.TemporaryDirectory() as dist:
        root = Path(dist)
        (root / "assets").mkdir()
        (root / "index.html").write_text("<!doctype html><script type=module src=/assets/index-abc123.js></script>")
        (root / "assets/index-abc123.js").write_text("export {}")
        (root / "assets/index-abc123.css").write_text("body{}")
        (root / "favicon.svg").write_text("<svg/>")
        run = subprocess.run([sys.executable, "infra/deploy_web.py", "--bucket", bucket, "--distribution", distribution,
                              "--dist", dist, "--tenant", "acme", "--endpoint-url", endpoint],
                             capture_output=True, text=True, check=True, env={"AWS_DEFAULT_REGION": "us-east-1",
                                                                             "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"})
        print(run.stdout.strip())
    expected = {
        "index.html": ("text/html; charset=utf-8", "no-cache"),
        "config.json": ("application/json", "no-cache"),
        "assets/index-abc123.js": ("text/javascript", "public, max-age=31536000, immutable"),
        "assets/index-abc123.css": ("text/css", "public, max-age=31536000, immutable"),
        "favicon.svg": ("image/svg+xml", "public, max-age=3600"),
    }
    for key, (kind, cache) in expected.items():
        head = s3.head_object(Bucket=bucket, Key=key)
        if (head["ContentType"], head.get("CacheControl")) != (kind, cache):
            sys.exit(f"{key}: {head['ContentType']} {head.get('CacheControl')}, expected {kind} {cache}")
    config = json.loads(s3.get_object(Bucket=bucket, Key="config.json")["Body"].read())
    if config != {"apiBase": "", "tenant": "acme", "auth": "cognito"}:
        sys.exit(f"config.json: {config}")
    invalidations = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"].get("Items", [])
    paths = [cloudfront.get_invalidation(DistributionId=distribution, Id=i["Id"])["Invalidation"]["InvalidationBatch"]["Paths"]["Items"] for i in invalidations]
    if paths != [["/index.html"]]:
        sys.exit(f"invalidations: {paths}")
    print("deploy-web: 5 files with their types and cache lifetimes, config.json, one invalidation of /index.html")


if __name__ == "__main__":
    main(sys.argv[1])
