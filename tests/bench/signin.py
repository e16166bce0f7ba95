#!/usr/bin/env python3
"""Sign-in abuse benchmark (issue 13, item 3) against a `mendan serve` it starts itself.

Loopback only (127.0.0.0/8: the client binds distinct 127.x source addresses to play distinct
clients), a fresh data directory, bounded counts and time; stops the server at the end.
Standard library only.

    python3 tests/bench/signin.py [--bin target/debug/mendan] [--tries 50] [--seconds 10]

Prints:
  1. known vs unknown e-mail, wrong password: median and p90 over --tries each (interleaved; every
     account gets at most its 5 free attempts and every source address few, so nothing is throttled
     and every answer did the full password work);
  2. a legitimate sign-in alone, then during a 10-client wrong-password flood against another
     account (throttled: 401 for the free attempts, then 429), then during a 10-client spray of
     wrong passwords over fresh addresses from fresh source addresses (never throttled: argon2 every
     time, the worst case for hashing outside the lock).
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

TENANT = "demo"
ADMIN_PASSWORD = "bench-admin-password-1"
PASSWORD = "bench-user-password-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port, path, body, source="127.0.0.1", token=None):
    """One request on its own connection from `source`; returns (status, seconds, json body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    headers = {"content-type": "application/json", "accept-language": "en"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    start = time.perf_counter()
    conn.request("POST", path, body=json.dumps(body), headers=headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    try:
        parsed = json.loads(data)
    except ValueError:
        parsed = None
    return response.status, elapsed, parsed


def login(port, email, password, source="127.0.0.1"):
    return post(port, f"/t/{TENANT}/v1/auth/login", {"email": email, "password": password}, source)


def ms(values):
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
    return f"median {statistics.median(values) * 1000:7.1f} ms  p90 {p90 * 1000:7.1f} ms  (n={len(values)})"


def start_server(binary, data, port):
    env = dict(os.environ, MENDAN_DEMO_PASSWORD=ADMIN_PASSWORD, RUST_LOG="warn")
    server = subprocess.Popen(
        [binary, "serve", "--data", data, "--port", str(port), "--bind", "127.0.0.1", "--web", data],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("mendan serve did not answer /healthz within 60 s")


def invite(port, admin, email):
    status, _, body = post(
        port,
        f"/t/{TENANT}/v1/users",
        {"email": email, "display_name": "Bench", "role": "interviewer", "password": PASSWORD},
        token=admin,
    )
    if status != 201:
        sys.exit(f"invite {email}: {status} {body}")


def flood(port, stop, counts, make_attempt):
    """Ten clients sending wrong passwords until `stop`; `make_attempt(client, i)` → (email, source)."""

    def client(n):
        i = 0
        while not stop.is_set() and i < 2000:
            email, source = make_attempt(n, i)
            status, _, _ = login(port, email, "wrong-password-xyz", source)
            with lock:
                counts[status] = counts.get(status, 0) + 1
            i += 1

    lock = threading.Lock()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(10)]
    for t in threads:
        t.start()
    return threads


def legit_during(port, seconds, label, flood_attempt=None):
    stop, counts, threads = threading.Event(), {}, []
    if flood_attempt:
        threads = flood(port, stop, counts, flood_attempt)
        time.sleep(0.5)  # let the flood get going
    times, deadline = [], time.time() + seconds
    while time.time() < deadline and len(times) < 200:
        status, elapsed, body = login(port, "legit@demo.example", PASSWORD)
        if status != 200:
            sys.exit(f"legitimate sign-in failed during '{label}': {status} {body}")
        times.append(elapsed)
    stop.set()
    for t in threads:
        t.join(timeout=35)
    flood_note = f"   flood answers: {dict(sorted(counts.items()))}" if flood_attempt else ""
    print(f"  {label:<46} {ms(times)}{flood_note}")
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default="target/debug/mendan")
    parser.add_argument("--tries", type=int, default=50, help="known and unknown attempts each (<= 250)")
    parser.add_argument("--seconds", type=float, default=10, help="length of each legitimate-sign-in phase")
    args = parser.parse_args()
    tries = max(5, min(args.tries, 250))
    seconds = max(1.0, min(args.seconds, 60.0))

    data = tempfile.mkdtemp(prefix="mendan-bench-signin-")
    port = free_port()
    server = start_server(args.bin, data, port)
    try:
        status, _, body = login(port, "admin@demo.example", ADMIN_PASSWORD)
        admin = body["token"]
        accounts = (tries + 4) // 5
        for k in range(accounts):
            invite(port, admin, f"known{k}@demo.example")
        invite(port, admin, "legit@demo.example")
        invite(port, admin, "victim@demo.example")

        print(f"mendan serve ({args.bin}) on 127.0.0.1:{port}, fresh data dir")
        print(f"1. wrong password, known vs unknown e-mail ({tries} each, interleaved, 5 per account, own source address per account)")
        known, unknown = [], []
        for i in range(tries):
            k, n = i // 5, i % 5
            status_k, t_k, _ = login(port, f"known{k}@demo.example", f"wrong-{n}", f"127.0.1.{k + 1}")
            status_u, t_u, _ = login(port, f"unknown{k}@demo.example", f"wrong-{n}", f"127.0.2.{k + 1}")
            if (status_k, status_u) != (401, 401):
                sys.exit(f"expected 401 for both, got {status_k} and {status_u}")
            known.append(t_k)
            unknown.append(t_u)
        print(f"  known e-mail    {ms(known)}")
        print(f"  unknown e-mail  {ms(unknown)}")

        print(f"2. legitimate sign-in (200), {seconds:.0f} s per phase")
        alone = legit_during(port, seconds, "alone")
        one_account = legit_during(
            port, seconds, "10 clients flooding another account",
            lambda n, i: ("victim@demo.example", f"127.0.3.{n + 1}"),
        )
        spray = legit_during(
            port, seconds, "10 clients spraying fresh addresses (no 429)",
            # A fresh address per attempt and a fresh source address every 5 attempts: never throttled.
            lambda n, i: (f"spray{n}-{i}@demo.example", f"127.{10 + n}.{(i // 5) // 250}.{(i // 5) % 250 + 1}"),
        )
        print(f"  ratio flood/alone {one_account / alone:.2f}x, spray/alone {spray / alone:.2f}x")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
