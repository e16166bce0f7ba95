#!/usr/bin/env python3
"""Load and abuse benchmark of a running `mendan serve` (issue 13), loopback only, stops by itself.

Usage: load.py BASE_URL ADMIN_PASSWORD [--seconds N] [--clients N]

Two phases of the same length, measured in one run against one server:
  calm   N clients (default 20) doing what a tenant's users do: sign in, read their profile, list
         and open interviews, list recordings, upload a short answer (sign + PUT), experts rate;
         one prober sends a plain `GET me` every 20 ms.
  abuse  the same clients and prober, plus a wrong-password flood against one account from 10
         threads on another loopback address (127.0.0.2, as an attacker has another address than
         the office), plus two clients putting a 20,000-sentence transcript again and again.

Prints per phase: throughput, p50/p99 per route, errors per route (unexpected statuses; 599 means
no answer within the client's 30 s), and the
`GET me` prober's p50/p99; then the abuse phase against the calm one as ratios. Nothing is
asserted: it is a benchmark (the tests assert behaviour, never time). Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import math
import random
import statistics
import struct
import threading
import time
import urllib.parse
import wave
from collections import defaultdict

PASSWORD = "bench-password-12345"
TENANT = "demo"


class Client:
    """One keep-alive HTTP connection, optionally from a given loopback source address."""

    def __init__(self, base: str, source: str | None = None):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port
        self.source = (source, 0) if source else None
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30, source_address=self.source)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                reply = self.conn.getresponse()
                data = reply.read()
                if reply.getheader("connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return reply.status, data, reply
            except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
                # A kept-alive connection the server closed meanwhile: one fresh try.
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                raise
        raise AssertionError("unreachable")

    def api(self, method: str, path: str, token: str | None = None, body=None):
        headers = {"accept-language": "en"}
        raw = None
        if body is not None:
            raw = json.dumps(body, ensure_ascii=False).encode()
            headers["content-type"] = "application/json"
        if token:
            headers["authorization"] = f"Bearer {token}"
        status, data, _ = self.request(method, f"/t/{TENANT}/v1{path}", raw, headers)
        try:
            return status, json.loads(data) if data else None
        except ValueError:
            return status, data


def expect(status_body, ok=(200, 201)):
    status, body = status_body
    if status not in ok:
        raise SystemExit(f"setup failed: {status} {body}")
    return body


def short_wav() -> bytes:
    """Two seconds of a voice-like sound (a 140 Hz buzz with harmonics, in syllables of ~0.17 s),
    16 kHz mono: a tiny but real answer for the analysis to work on."""
    rate, out = 16000, io.BytesIO()
    frames = bytearray()
    for i in range(2 * rate):
        t = i / rate
        buzz = sum(math.sin(2 * math.pi * 140 * h * t) / h for h in range(1, 12))
        syllables = abs(math.sin(2 * math.pi * 3 * t))
        frames += struct.pack("<h", int(6000 * buzz * syllables))
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return out.getvalue()


def big_transcript(sentences: int) -> str:
    """A plain-text transcript (`Name: words` lines) of `sentences` sentences, a question now and then."""
    rng = random.Random(7)
    words = ["チーム", "売上", "企画", "店長", "分担表", "顧客", "改善", "提案", "結果", "課題", "準備", "目標"]
    lines = []
    for i in range(sentences):
        if i % 50 == 0:
            lines.append("面接官: これまでに取り組んだことを教えてください。")
        w = rng.sample(words, 2)
        lines.append(f"応募者: {w[0]}の{w[1]}を{i % 97}回見直しました。")
    return "\n".join(lines)


class Tenant:
    """Users and interviews the clients act on, made through the API as an admin would."""

    def __init__(self, base: str, admin_password: str, clients: int):
        c = Client(base)
        self.admin = expect(c.api("POST", "/auth/login", body={"email": "admin@demo.example", "password": admin_password}))["token"]
        item = expect(c.api("POST", "/evaluation-items", self.admin, {
            "name": "論理的思考", "description": "筋道立てて話せるか", "scale_min": 1, "scale_max": 5, "kind": "behaviour"}))
        self.item = item["id"]
        qs = expect(c.api("POST", "/question-sets", self.admin, {
            "name": "一次面接", "questions": [{"text": "自己紹介をしてください。", "answer_seconds": 60}],
            "practice_question": {"text": "今日の天気は？", "answer_seconds": 30}, "retake_limit": 1, "follow_ups": False}))
        self.question_set = qs["id"]
        self.accounts: list[tuple[str, str, str]] = []  # (role, email, token)
        roles = ["interviewer"] * 4 + ["interviewee"] * 10 + ["expert"] * 4 + ["admin"] * 2
        roles = (roles * (clients // len(roles) + 1))[:clients]
        tag = int(time.time())
        ids = {}
        for n, role in enumerate(roles):
            email = f"bench{tag}-{n}@demo.example"
            user = expect(c.api("POST", "/users", self.admin, {
                "email": email, "display_name": f"bench {n}", "role": role, "password": PASSWORD}))
            token = expect(c.api("POST", "/auth/login", body={"email": email, "password": PASSWORD}))["token"]
            self.accounts.append((role, email, token))
            ids[n] = user["user"]["id"]
        interviewers = [n for n, r in enumerate(roles) if r == "interviewer"]
        self.recorded: list[str] = []  # interviews with an uploaded answer: listed, opened, rated
        self.open_for: dict[int, str] = {}  # interviewee client -> an interview it may upload to
        self.visible: dict[int, list[str]] = defaultdict(list)  # client -> interviews its role may open
        wav = short_wav()
        for k, n in enumerate(n for n, r in enumerate(roles) if r == "interviewee"):
            token = self.accounts[n][2]
            interviewer = interviewers[k % len(interviewers)]
            for purpose in ("open", "recorded"):
                iv = expect(c.api("POST", "/interviews", self.admin, {
                    "mode": "self", "interviewee_id": ids[n], "interviewer_id": ids[interviewer],
                    "question_set_id": qs["id"], "scheduled_at": "2026-12-01T01:00:00Z"}))["id"]
                self.visible[n].append(iv)
                self.visible[interviewer].append(iv)
                for kind in ("recording", "ai_evaluation", "training_use"):
                    expect(c.api("POST", f"/interviews/{iv}/consents", token,
                                 {"kind": kind, "granted": True, "text_version": "2026-11"}))
                if purpose == "open":
                    self.open_for[n] = iv
                    continue
                upload(c, token, iv, wav)
                expect(c.api("POST", f"/interviews/{iv}/status", token, {"status": "recorded"}))
                self.recorded.append(iv)
        for n, role in enumerate(roles):
            if role in ("expert", "admin"):
                self.visible[n] = list(self.recorded)
        # The flood's target: an account of its own, so the clients' sign-ins measure other accounts.
        self.victim = f"bench{tag}-victim@demo.example"
        expect(c.api("POST", "/users", self.admin, {
            "email": self.victim, "display_name": "bench victim", "role": "interviewee", "password": PASSWORD}))
        self.transcript_interview = self.recorded[0]
        self.wav = wav


def upload(c: Client, token: str, interview: str, media: bytes) -> int:
    status, ticket = c.api("POST", f"/interviews/{interview}/recordings", token,
                           {"content_type": "audio/wav", "size_bytes": len(media)})
    if status != 201:
        return status
    url = urllib.parse.urlsplit(ticket["upload_url"])
    headers = dict(ticket.get("headers") or {})
    headers.setdefault("content-type", "audio/wav")
    status, _, _ = c.request("PUT", f"{url.path}?{url.query}", media, headers)
    return status


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, route: str, status: int, ms: float):
        with self.lock:
            self.latency[route].append(ms)
            self.statuses[route][status] += 1


def timed(rec: Recorder, route: str, fn):
    start = time.perf_counter()
    try:
        status = fn()
    except (OSError, http.client.HTTPException):
        status = 599
    rec.add(route, status, (time.perf_counter() - start) * 1000)
    return status


def user_loop(base: str, tenant: Tenant, n: int, stop: threading.Event, rec: Recorder):
    role, email, token = tenant.accounts[n]
    rng = random.Random(n)
    c = Client(base)
    mine = [tenant.open_for[n]] if n in tenant.open_for else []
    visible = tenant.visible[n] or tenant.recorded
    while not stop.is_set():
        r = rng.random()
        if r < 0.02:
            # People sign in once a session; 2% of requests is already a busy morning.
            timed(rec, "POST auth/login", lambda: c.api("POST", "/auth/login", body={"email": email, "password": PASSWORD})[0])
        elif r < 0.20:
            timed(rec, "GET me", lambda: c.api("GET", "/me", token)[0])
        elif r < 0.50:
            timed(rec, "GET interviews", lambda: c.api("GET", "/interviews", token)[0])
        elif r < 0.70:
            iv = visible[rng.randrange(len(visible))]
            timed(rec, "GET interviews/{id}", lambda: c.api("GET", f"/interviews/{iv}", token)[0])
        elif r < 0.80:
            iv = visible[rng.randrange(len(visible))]
            timed(rec, "GET interviews/{id}/recordings", lambda: c.api("GET", f"/interviews/{iv}/recordings", token)[0])
        elif r < 0.90 and role == "interviewee":
            timed(rec, "upload (sign + PUT)", lambda: upload(c, token, mine[0], tenant.wav))
        elif r < 0.90 and role == "expert":
            iv = tenant.recorded[rng.randrange(len(tenant.recorded))]
            score = {"scores": [{"item_id": tenant.item, "score": rng.randint(1, 5)}]}
            timed(rec, "PUT interviews/{id}/ratings", lambda: c.api("PUT", f"/interviews/{iv}/ratings", token, score)[0])
        elif role in ("admin", "interviewer"):
            timed(rec, "GET users", lambda: c.api("GET", "/users", token)[0])
        else:
            timed(rec, "GET question-sets/{id}", lambda: c.api("GET", f"/question-sets/{tenant.question_set}", token)[0])


def me_prober(base: str, token: str, stop: threading.Event, rec: Recorder):
    c = Client(base)
    while not stop.is_set():
        timed(rec, "prober GET me", lambda: c.api("GET", "/me", token)[0])
        time.sleep(0.02)


def wrong_password_flood(base: str, email: str, stop: threading.Event, rec: Recorder):
    c = Client(base, source="127.0.0.2")
    while not stop.is_set():
        timed(rec, "abuse: wrong password", lambda: c.api("POST", "/auth/login", body={"email": email, "password": "wrong-password-123"})[0])


def transcript_flood(base: str, tenant: Tenant, text: str, stop: threading.Event, rec: Recorder):
    c = Client(base)
    body = {"format": "text", "text": text}
    while not stop.is_set():
        timed(rec, "abuse: 20k-sentence transcript",
              lambda: c.api("PUT", f"/interviews/{tenant.transcript_interview}/transcript", tenant.admin, body)[0])


def run_phase(base: str, tenant: Tenant, seconds: float, abuse: bool) -> tuple[Recorder, float]:
    rec, stop = Recorder(), threading.Event()
    threads = [threading.Thread(target=user_loop, args=(base, tenant, n, stop, rec)) for n in range(len(tenant.accounts))]
    threads.append(threading.Thread(target=me_prober, args=(base, tenant.admin, stop, rec)))
    if abuse:
        threads += [threading.Thread(target=wrong_password_flood, args=(base, tenant.victim, stop, rec)) for _ in range(10)]
        text = big_transcript(20_000)
        threads += [threading.Thread(target=transcript_flood, args=(base, tenant, text, stop, rec)) for _ in range(2)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    return rec, time.perf_counter() - start


EXPECTED = {
    "abuse: wrong password": {401, 429},
    "upload (sign + PUT)": {200, 201},
}


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(name: str, rec: Recorder, elapsed: float) -> dict[str, tuple[float, float]]:
    user_requests = sum(len(v) for k, v in rec.latency.items() if not k.startswith(("abuse", "prober")))
    print(f"\n== {name}: {elapsed:.1f} s, users' throughput {user_requests / elapsed:.1f} req/s")
    print(f"{'route':34} {'count':>6} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    out = {}
    for route in sorted(rec.latency):
        lat = rec.latency[route]
        p50, p99 = pct(lat, 50), pct(lat, 99)
        out[route] = (p50, p99)
        statuses = dict(sorted(rec.statuses[route].items()))
        ok = EXPECTED.get(route, {200, 201})
        errors = sum(n for s, n in statuses.items() if s not in ok)
        flag = f"  errors: {errors}" if errors else ""
        print(f"{route:34} {len(lat):6d} {p50:8.1f} {p99:8.1f}  {statuses}{flag}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("admin_password")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    if urllib.parse.urlsplit(base).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("load.py only targets a server on loopback")
    tenant = Tenant(base, args.admin_password, args.clients)
    print(f"{args.clients} clients, {args.seconds:.0f} s per phase; {len(tenant.recorded)} recorded interviews")
    calm = report("calm", *run_phase(base, tenant, args.seconds, abuse=False))
    abuse = report("abuse", *run_phase(base, tenant, args.seconds, abuse=True))
    print("\n== abuse against calm (same run)")
    for route in ("prober GET me", "POST auth/login", "GET interviews", "GET interviews/{id}"):
        if route in calm and route in abuse:
            (c50, c99), (a50, a99) = calm[route], abuse[route]
            print(f"{route:34} p50 {c50:7.1f} -> {a50:7.1f} ms ({a50 / c50:4.2f}x)   p99 {c99:7.1f} -> {a99:7.1f} ms ({a99 / c99:4.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
