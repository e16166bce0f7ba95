"""Each Lambda function's zip size and local cold start: the release `bootstrap` zipped as cargo-lambda and
`sam build` package it, then started as Lambda starts it — against a minimal Lambda Runtime API on loopback (the
same protocol as the runtime interface emulator: `GET /2018-06-01/runtime/invocation/next`) — timing from the
process's start to its first request for work, which is when Lambda's Init phase ends. Median of several starts.

Usage: cold_start.py TARGET_DIR BINARY... (run by tests/bench/functions.sh)
"""

import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

STARTS = 5
# What a function's environment holds on Lambda (the template's Globals and the function's own), pointing at
# nothing: initialisation builds clients and reads settings, it must not call AWS.
ENVIRONMENT = {
    "AWS_REGION": "ap-northeast-1",
    "AWS_DEFAULT_REGION": "ap-northeast-1",
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_LAMBDA_FUNCTION_NAME": "bench",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
    "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
    "AWS_LAMBDA_LOG_FORMAT": "JSON",
    "MENDAN_TABLE": "bench",
    "MENDAN_BUCKET": "bench",
    "MENDAN_EVENT_BUS": "bench",
    "MENDAN_USER_POOL_ID": "ap-northeast-1_bench",
    "MENDAN_USER_POOL_CLIENT_ID": "bench",
    "MENDAN_SITE_URL": "https://bench.example",
    "MENDAN_MAIL_FROM": "no-reply@bench.example",
    "MENDAN_MODELS_DIR": "layers/models",
    "MENDAN_SYNTHETIC_SITE_URL": "https://bench.example",
    "MENDAN_SYNTHETIC_TENANT": "ops",
    "MENDAN_SYNTHETIC_EMAIL": "canary@bench.example",
    "MENDAN_SYNTHETIC_PASSWORD": "bench-password-1",
    "RUST_LOG": "warn",
}


class RuntimeApi(http.server.BaseHTTPRequestHandler):
    """Answers nothing: the first GET for the next invocation marks the end of initialisation."""

    asked = threading.Event()

    def do_GET(self):  # noqa: N802 (the protocol's name)
        if self.path.endswith("/runtime/invocation/next"):
            RuntimeApi.asked.set()
            time.sleep(2)  # hold the request; the process is killed meanwhile
        self.send_response(500)
        self.end_headers()

    def do_POST(self):  # noqa: N802 (an init error report)
        RuntimeApi.asked.set()
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


def zipped_size(binary: Path) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("bootstrap")
        info.external_attr = 0o755 << 16
        z.writestr(info, binary.read_bytes(), zipfile.ZIP_DEFLATED)
    return len(buffer.getvalue())


def cold_start_ms(binary: Path, port: int) -> float:
    RuntimeApi.asked.clear()
    env = dict(ENVIRONMENT, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{port}", PATH=os.environ.get("PATH", ""))
    started = time.perf_counter()
    process = subprocess.Popen([str(binary)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        if not RuntimeApi.asked.wait(30):
            raise SystemExit(f"{binary.name} did not ask for work within 30 s")
        return (time.perf_counter() - started) * 1000
    finally:
        process.kill()
        process.wait()


def main(target: str, binaries: list[str]) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RuntimeApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    rows = []
    for name in binaries:
        binary = Path(target) / name
        starts = [cold_start_ms(binary, port) for _ in range(STARTS)]
        rows.append({"function": name, "zip_bytes": zipped_size(binary), "binary_bytes": binary.stat().st_size,
                     "cold_start_ms_median": round(statistics.median(starts), 1), "cold_start_ms_max": round(max(starts), 1)})
        print(json.dumps(rows[-1]), flush=True)
    server.shutdown()
    print(f"\n{'function':<20} {'zip MB':>7} {'init ms (median of ' + str(STARTS) + ')':>24}")
    for row in rows:
        print(f"{row['function']:<20} {row['zip_bytes'] / 1e6:>7.2f} {row['cold_start_ms_median']:>24.1f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
