//! Open-loop load generator of the mix users make (issue 21 item 3), against a running `mendan serve`
//! on 127.0.0.1 only; it stops by itself. `tests/bench/mixed_load.sh` starts a fresh server per rate,
//! runs this at each rate and searches for the highest rate whose p99 stays within 50 ms.
//!
//!   cargo run --example mixed_load -p mendan-tests -- --base http://127.0.0.1:PORT --password ADMIN_PASSWORD \
//!       --rate 200 [--seconds 60] [--max-in-flight 2000] [--server-pid PID] [--seed N]
//!
//! Set-up first, through the API as `load.py` does (users of every role, interviews with consents,
//! recorded interviews with an uploaded answer and a transcript, report items), then it waits until
//! the set-up's uploads are analysed and the server is idle, so the measurement starts quiet.
//!
//! The measurement is open-loop: request k is due at `start + k / rate` whatever the answers so far
//! (one tokio task each), and its latency is counted from that due time, not from when it could be
//! sent (no coordinated omission). At most `--max-in-flight` requests are outstanding; one due beyond
//! that is not sent and counts as the error `dropped`. Every request has 10 s from its due time
//! (`timeout`). An upload is two requests: the signing, then its bytes PUT to the signed URL as soon
//! as the signing answers (its latency from that moment); the row `upload (sign + PUT)` is both from
//! the due time, and is not counted again in `overall`.
//!
//! Printed per route: count, p50, p99 and max in ms, errors by status (anything but 2xx, plus
//! `timeout`, `dropped`, `connect`, `io`); the achieved rate; the load average and the CPU the
//! server (with `--server-pid`) and this generator used. The last line is machine-readable:
//! `RESULT rate=… p99_ms=… errors=… requests=… pass=0|1 …`. `pass` means overall p99 ≤ 50 ms and
//! at most 1% errors. Nothing is asserted: it is a benchmark.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::time::Instant;

/// What one scheduled request does, and its share of the scheduled requests (per cent; the weights
/// add up to 100). Mostly reads, as a tenant's users make them; the writes in the proportions of a
/// busy day: sign-ins (argon2, deliberately costly), an interviewee's answer uploaded (signed, then
/// its bytes PUT: completed, which starts its analysis and transcription in the background),
/// experts' ratings, an interviewer posting the meeting's transcript (summary made on the request),
/// drafting feedback from it, and requesting a report from a short transcript (workbook made in
/// the background).
const MIX: &[(Op, u32)] = &[
    (Op::Me, 20),             // GET me: every page load
    (Op::ListInterviews, 28), // GET interviews: the home screen of every role
    (Op::OpenInterview, 22),  // GET interviews/{id}
    (Op::ListRecordings, 14), // GET interviews/{id}/recordings
    (Op::SignIn, 2),          // POST auth/login with the right password
    (Op::Upload, 3),          // POST interviews/{id}/recordings + PUT the bytes to the signed URL
    (Op::Rate, 5),            // PUT interviews/{id}/ratings (experts)
    (Op::Transcript, 2),      // PUT interviews/{id}/transcript (interviewer or admin)
    (Op::Feedback, 2),        // POST interviews/{id}/feedback (draft; interviewer or admin)
    (Op::Report, 2),          // POST reports with a short transcript (interviewer or admin)
];

/// p99 at most this, and at most `MAX_ERROR_SHARE` errors, for a rate to pass.
const P99_LIMIT_MS: f64 = 50.0;
const MAX_ERROR_SHARE: f64 = 0.01;
/// Every request has this long from its due time.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

const TENANT: &str = "demo";
const PASSWORD: &str = "bench-password-12345";
/// A real short meeting (Teams WebVTT, ~3.5 KB) for transcripts and reports, and report items.
const SHORT_VTT: &str = include_str!("../fixtures/transcripts/interview-teams.vtt");
const REPORT_ITEMS: &str = include_str!("../fixtures/transcripts/report-items.json");

/// The set-up's size: accounts per role, and how many interviewees also get a recorded interview.
const INTERVIEWERS: usize = 6;
const INTERVIEWEES: usize = 30;
const EXPERTS: usize = 6;
const ADMINS: usize = 3;
const RECORDED: usize = 15;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Me,
    ListInterviews,
    OpenInterview,
    ListRecordings,
    SignIn,
    Upload,
    Rate,
    Transcript,
    Feedback,
    Report,
}

const UPLOAD_SIGN: &str = "POST interviews/{id}/recordings";
const UPLOAD_PUT: &str = "PUT signed upload URL (bytes)";
const UPLOAD_BOTH: &str = "upload (sign + PUT)";

impl Op {
    fn route(self) -> &'static str {
        match self {
            Op::Me => "GET me",
            Op::ListInterviews => "GET interviews",
            Op::OpenInterview => "GET interviews/{id}",
            Op::ListRecordings => "GET interviews/{id}/recordings",
            Op::SignIn => "POST auth/login",
            Op::Upload => UPLOAD_SIGN,
            Op::Rate => "PUT interviews/{id}/ratings",
            Op::Transcript => "PUT interviews/{id}/transcript",
            Op::Feedback => "POST interviews/{id}/feedback",
            Op::Report => "POST reports",
        }
    }
}

struct Args {
    base: String,
    password: String,
    rate: f64,
    seconds: f64,
    max_in_flight: usize,
    server_pid: Option<u32>,
    seed: u64,
}

fn usage() -> ! {
    eprintln!(
        "usage: mixed_load --base http://127.0.0.1:PORT --password ADMIN_PASSWORD --rate R [--seconds N] \
         [--max-in-flight N] [--server-pid PID] [--seed N]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut args = Args {
        base: String::new(),
        password: String::new(),
        rate: 0.0,
        seconds: 60.0,
        max_in_flight: 2000,
        server_pid: None,
        seed: 21,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| usage());
        let bad = |what: &str| -> ! {
            eprintln!("{flag}: {what}");
            usage()
        };
        match flag.as_str() {
            "--base" => args.base = value.trim_end_matches('/').to_owned(),
            "--password" => args.password = value,
            "--rate" => args.rate = value.parse().unwrap_or_else(|_| bad("a number")),
            "--seconds" => args.seconds = value.parse().unwrap_or_else(|_| bad("a number")),
            "--max-in-flight" => args.max_in_flight = value.parse().unwrap_or_else(|_| bad("a count")),
            "--server-pid" => args.server_pid = Some(value.parse().unwrap_or_else(|_| bad("a pid"))),
            "--seed" => args.seed = value.parse().unwrap_or_else(|_| bad("a number")),
            _ => usage(),
        }
    }
    if args.base.is_empty() || args.password.is_empty() {
        usage();
    }
    if !(args.rate > 0.0 && args.rate <= 5000.0 && args.seconds > 0.0 && args.seconds <= 600.0) {
        eprintln!("--rate must be in (0, 5000] and --seconds in (0, 600]");
        usage();
    }
    if !(1..=20_000).contains(&args.max_in_flight) {
        eprintln!("--max-in-flight must be 1-20000");
        usage();
    }
    if !is_loopback(&args.base) {
        eprintln!("mixed_load only targets http://127.0.0.1:PORT (got {})", args.base);
        std::process::exit(2);
    }
    args
}

/// Only plain HTTP to 127.0.0.1 (the base URL, and every signed upload URL the server answers).
fn is_loopback(raw: &str) -> bool {
    url::Url::parse(raw).is_ok_and(|u| u.scheme() == "http" && u.host_str() == Some("127.0.0.1"))
}

/// splitmix64: enough randomness for choosing requests, reproducible from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn pick_op(roll: u64) -> Op {
    let total: u32 = MIX.iter().map(|(_, w)| w).sum();
    let mut at = (roll % u64::from(total)) as u32;
    for (op, weight) in MIX {
        if at < *weight {
            return *op;
        }
        at -= weight;
    }
    unreachable!("the roll is below the total weight")
}

// ---------------------------------------------------------------------------------------------
// HTTP

#[derive(Clone)]
struct Api {
    client: reqwest::Client,
    /// `{base}/t/demo/v1`
    api: String,
}

enum Outcome {
    Answered(u16, Vec<u8>),
    Failed(&'static str),
}

impl Api {
    fn new(base: &str) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            // Below the server's 10 s keep-alive limit, so a pooled connection is not reused just
            // as the server closes it.
            .pool_idle_timeout(Duration::from_secs(5))
            .tcp_nodelay(true)
            .build()?;
        Ok(Self { client, api: format!("{base}/t/{TENANT}/v1") })
    }

    fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> reqwest::RequestBuilder {
        let mut req = self.client.request(method, format!("{}{path}", self.api)).header("accept-language", "en");
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        req
    }

    /// Sends and reads the whole answer, by `deadline` at the latest.
    async fn send(req: reqwest::RequestBuilder, deadline: Instant) -> Outcome {
        let exchange = async {
            let reply = req.send().await?;
            let status = reply.status().as_u16();
            Ok::<_, reqwest::Error>((status, reply.bytes().await?.to_vec()))
        };
        match tokio::time::timeout_at(deadline, exchange).await {
            Err(_) => Outcome::Failed("timeout"),
            Ok(Ok((status, body))) => Outcome::Answered(status, body),
            Ok(Err(e)) if e.is_timeout() => Outcome::Failed("timeout"),
            Ok(Err(e)) if e.is_connect() => Outcome::Failed("connect"),
            Ok(Err(_)) => Outcome::Failed("io"),
        }
    }

    /// A set-up call: the JSON answer of a 2xx, or the run stops.
    async fn expect(&self, method: reqwest::Method, path: &str, token: Option<&str>, body: Option<Value>) -> Value {
        let req = self.request(method.clone(), path, token, body.as_ref());
        match Self::send(req, Instant::now() + Duration::from_secs(60)).await {
            Outcome::Answered(status, body) if (200..300).contains(&status) => {
                serde_json::from_slice(&body).unwrap_or(Value::Null)
            }
            Outcome::Answered(status, body) => {
                fail(&format!("set-up {method} {path}: {status} {}", String::from_utf8_lossy(&body)))
            }
            Outcome::Failed(what) => fail(&format!("set-up {method} {path}: {what}")),
        }
    }
}

fn fail(message: &str) -> ! {
    eprintln!("mixed_load: {message}");
    std::process::exit(1)
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or_else(|| fail(&format!("no {pointer} in {v}")))
}

/// Two seconds of a voice-like sound, 16 kHz mono 16-bit WAV (load.py's `short_wav`): a tiny but
/// real answer for the analysis to work on.
fn short_wav() -> Vec<u8> {
    let rate = 16_000u32;
    let mut samples = Vec::with_capacity(2 * rate as usize * 2);
    for i in 0..2 * rate {
        let t = f64::from(i) / f64::from(rate);
        let buzz: f64 =
            (1..12).map(|h| (2.0 * std::f64::consts::PI * 140.0 * f64::from(h) * t).sin() / f64::from(h)).sum();
        let syllables = (2.0 * std::f64::consts::PI * 3.0 * t).sin().abs();
        samples.extend_from_slice(&((6000.0 * buzz * syllables) as i16).to_le_bytes());
    }
    let mut wav = Vec::with_capacity(44 + samples.len());
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + samples.len() as u32).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&rate.to_le_bytes());
    wav.extend_from_slice(&(rate * 2).to_le_bytes()); // bytes per second
    wav.extend_from_slice(&2u16.to_le_bytes()); // block align
    wav.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&(samples.len() as u32).to_le_bytes());
    wav.extend_from_slice(&samples);
    wav
}

// ---------------------------------------------------------------------------------------------
// Set-up

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Interviewer,
    Interviewee,
    Expert,
    Admin,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Interviewer => "interviewer",
            Role::Interviewee => "interviewee",
            Role::Expert => "expert",
            Role::Admin => "admin",
        }
    }
}

struct Account {
    role: Role,
    email: String,
    token: String,
}

/// A recorded interview: what experts rate and interviewers post transcripts, feedback for.
struct Recorded {
    id: String,
    interviewer: usize,
}

struct World {
    accounts: Vec<Account>,
    /// Interviews each account may open, by account.
    visible: Vec<Vec<String>>,
    /// (interviewee account, the open interview it uploads answers to)
    uploaders: Vec<(usize, String)>,
    recorded: Vec<Recorded>,
    experts: Vec<usize>,
    admins: Vec<usize>,
    items: Vec<String>,
    wav: Vec<u8>,
    /// Round-robin counters, so two writes to the same thing seldom overlap (as with real users).
    turn: [AtomicU64; 6],
}

async fn set_up(api: &Api, admin_password: &str) -> World {
    use reqwest::Method;
    let started = std::time::Instant::now();
    let login = json!({"email": "admin@demo.example", "password": admin_password});
    let admin = api.expect(Method::POST, "/auth/login", None, Some(login)).await;
    let admin = str_at(&admin, "/token").to_owned();
    let a = Some(admin.as_str());
    let behaviour = api
        .expect(
            Method::POST,
            "/evaluation-items",
            a,
            Some(json!({"name": "論理的思考", "description": "筋道立てて話せるか", "scale_min": 1, "scale_max": 5,
                "kind": "behaviour"})),
        )
        .await;
    let content = api
        .expect(
            Method::POST,
            "/evaluation-items",
            a,
            Some(json!({"name": "志望動機", "description": "当社を志望した理由を具体的に述べている", "scale_min": 1,
                "scale_max": 5, "kind": "content"})),
        )
        .await;
    let items = vec![str_at(&behaviour, "/id").to_owned(), str_at(&content, "/id").to_owned()];
    let qs = api
        .expect(
            Method::POST,
            "/question-sets",
            a,
            Some(json!({"name": "一次面接", "questions": [{"text": "自己紹介をしてください。", "answer_seconds": 60}],
                "practice_question": {"text": "今日の天気は？", "answer_seconds": 30}, "retake_limit": 1,
                "follow_ups": false})),
        )
        .await;
    let question_set = str_at(&qs, "/id").to_owned();
    let report_items: Value = serde_json::from_str(REPORT_ITEMS).expect("the fixture is JSON");
    api.expect(Method::PUT, "/reports/items", a, Some(json!({"items": report_items}))).await;

    let mut roles = Vec::new();
    roles.extend(std::iter::repeat_n(Role::Interviewer, INTERVIEWERS));
    roles.extend(std::iter::repeat_n(Role::Interviewee, INTERVIEWEES));
    roles.extend(std::iter::repeat_n(Role::Expert, EXPERTS));
    roles.extend(std::iter::repeat_n(Role::Admin, ADMINS));
    let tag = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let mut accounts = Vec::new();
    let mut ids = Vec::new();
    for (n, role) in roles.iter().enumerate() {
        let email = format!("mix{tag}-{n}@demo.example");
        let user = api
            .expect(
                Method::POST,
                "/users",
                a,
                Some(json!({"email": email, "display_name": format!("mix {n}"), "role": role.name(),
                    "password": PASSWORD})),
            )
            .await;
        ids.push(str_at(&user, "/user/id").to_owned());
        let token =
            api.expect(Method::POST, "/auth/login", None, Some(json!({"email": email, "password": PASSWORD}))).await;
        accounts.push(Account { role: *role, email, token: str_at(&token, "/token").to_owned() });
    }
    let of = |role: Role| -> Vec<usize> { (0..accounts.len()).filter(|&n| accounts[n].role == role).collect() };
    let (interviewers, interviewees, experts, admins) =
        (of(Role::Interviewer), of(Role::Interviewee), of(Role::Expert), of(Role::Admin));

    let wav = short_wav();
    let mut visible = vec![Vec::new(); accounts.len()];
    let mut uploaders = Vec::new();
    let mut recorded = Vec::new();
    for (k, &n) in interviewees.iter().enumerate() {
        let interviewer = interviewers[k % interviewers.len()];
        let token = accounts[n].token.clone();
        let purposes: &[bool] = if k < RECORDED { &[false, true] } else { &[false] };
        for &record in purposes {
            let iv = api
                .expect(
                    Method::POST,
                    "/interviews",
                    a,
                    Some(json!({"mode": "self", "interviewee_id": ids[n], "interviewer_id": ids[interviewer],
                        "question_set_id": question_set, "scheduled_at": "2026-12-01T01:00:00Z"})),
                )
                .await;
            let iv = str_at(&iv, "/id").to_owned();
            visible[n].push(iv.clone());
            visible[interviewer].push(iv.clone());
            for kind in ["recording", "ai_evaluation", "training_use"] {
                let consent = json!({"kind": kind, "granted": true, "text_version": "2026-11"});
                api.expect(Method::POST, &format!("/interviews/{iv}/consents"), Some(&token), Some(consent)).await;
            }
            if !record {
                uploaders.push((n, iv));
                continue;
            }
            let ticket = api
                .expect(
                    Method::POST,
                    &format!("/interviews/{iv}/recordings"),
                    Some(&token),
                    Some(json!({"content_type": "audio/wav", "size_bytes": wav.len()})),
                )
                .await;
            match put_upload(api, &ticket, wav.clone(), Instant::now() + Duration::from_secs(60)).await {
                Outcome::Answered(status, _) if (200..300).contains(&status) => {}
                Outcome::Answered(status, body) => {
                    fail(&format!("set-up upload: {status} {}", String::from_utf8_lossy(&body)))
                }
                Outcome::Failed(what) => fail(&format!("set-up upload: {what}")),
            }
            api.expect(
                Method::POST,
                &format!("/interviews/{iv}/status"),
                Some(&token),
                Some(json!({"status": "recorded"})),
            )
            .await;
            api.expect(
                Method::PUT,
                &format!("/interviews/{iv}/transcript"),
                a,
                Some(json!({"format": "vtt", "text": SHORT_VTT})),
            )
            .await;
            recorded.push(Recorded { id: iv, interviewer });
        }
    }
    for &n in experts.iter().chain(&admins) {
        visible[n] = recorded.iter().map(|r| r.id.clone()).collect();
    }
    // Warm-up: what a process does once (the first feedback loads the morphology dictionary) is
    // done before the measurement, and shown here.
    let mut warm = Vec::new();
    for (what, method, path, body) in [
        ("feedback draft", Method::POST, format!("/interviews/{}/feedback", recorded[0].id), None),
        (
            "report",
            Method::POST,
            "/reports".to_owned(),
            Some(json!({"title": "warm-up", "format": "vtt", "text": SHORT_VTT})),
        ),
    ] {
        for n in 1..=2 {
            let at = std::time::Instant::now();
            api.expect(method.clone(), &path, a, body.clone()).await;
            warm.push(format!("{what} #{n} {:.1} ms", at.elapsed().as_secs_f64() * 1000.0));
        }
    }
    eprintln!("warm-up (one at a time, before the set-up's uploads are analysed): {}", warm.join(", "));
    eprintln!(
        "set-up: {} accounts ({INTERVIEWERS} interviewers, {INTERVIEWEES} interviewees, {EXPERTS} experts, {ADMINS} admins), \
         {} open and {} recorded interviews, in {:.1} s",
        accounts.len(),
        uploaders.len(),
        recorded.len(),
        started.elapsed().as_secs_f64()
    );
    World { accounts, visible, uploaders, recorded, experts, admins, items, wav, turn: Default::default() }
}

/// PUTs `media` to the URL a signing answered (refusing one that is not on 127.0.0.1).
async fn put_upload(api: &Api, ticket: &Value, media: Vec<u8>, deadline: Instant) -> Outcome {
    let Some(url) = ticket.get("upload_url").and_then(Value::as_str) else {
        return Outcome::Failed("no upload_url");
    };
    if !is_loopback(url) {
        return Outcome::Failed("upload_url not on 127.0.0.1");
    }
    let method = ticket.get("method").and_then(Value::as_str).unwrap_or("PUT");
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::PUT);
    let mut req = api.client.request(method, url);
    let mut typed = false;
    if let Some(headers) = ticket.get("headers").and_then(Value::as_object) {
        for (name, value) in headers {
            if let Some(value) = value.as_str() {
                typed |= name.eq_ignore_ascii_case("content-type");
                req = req.header(name.as_str(), value);
            }
        }
    }
    if !typed {
        req = req.header("content-type", "audio/wav");
    }
    Api::send(req.body(media), deadline).await
}

/// Waits (at most `limit`) until every set-up recording is analysed or failed, then, given the
/// server's pid, until it has used under 10% of a core for two seconds running: the set-up's
/// analyses and transcriptions must not run into the measurement.
async fn settle(api: &Api, world: &World, server_pid: Option<u32>, limit: Duration) {
    let started = Instant::now();
    let deadline = started + limit;
    let admin = &world.accounts[world.admins[0]].token;
    loop {
        let mut busy = 0;
        for r in &world.recorded {
            let list =
                api.expect(reqwest::Method::GET, &format!("/interviews/{}/recordings", r.id), Some(admin), None).await;
            let items = list.as_array().cloned().unwrap_or_default();
            busy += items
                .iter()
                .filter(|rec| matches!(rec.get("status").and_then(Value::as_str), Some("pending" | "uploaded")))
                .count();
        }
        if busy == 0 || Instant::now() >= deadline {
            if busy > 0 {
                eprintln!("settle: {busy} set-up recordings still being analysed; measuring anyway");
            }
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    if let Some(pid) = server_pid {
        let mut quiet = 0;
        while quiet < 2 && Instant::now() < deadline {
            let before = cpu_seconds(pid);
            tokio::time::sleep(Duration::from_secs(1)).await;
            let used = cpu_seconds(pid) - before;
            quiet = if used < 0.1 { quiet + 1 } else { 0 };
        }
        if quiet < 2 {
            eprintln!("settle: the server is still busy after {:.0} s; measuring anyway", limit.as_secs_f64());
        }
    }
    eprintln!("settle: quiet after {:.1} s", started.elapsed().as_secs_f64());
}

/// CPU time (user + system, seconds) of a process and its finished children so far, from /proc
/// (USER_HZ is 100 on Linux).
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command (in parentheses, which may hold spaces): utime is the 14th field.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime, stime, and cutime, cstime: the children waited for (the analyses' ffmpeg).
    (ticks(11) + ticks(12) + ticks(13) + ticks(14)) / 100.0
}

/// CPU time (seconds, all cores) the whole machine has been busy so far, from /proc/stat.
fn machine_busy_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<f64> =
        stat.lines().next().unwrap_or_default().split_whitespace().skip(1).filter_map(|f| f.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal: all but idle and iowait is busy.
    let busy: f64 = ticks.iter().take(8).enumerate().filter(|(i, _)| *i != 3 && *i != 4).map(|(_, t)| t).sum();
    busy / 100.0
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

// ---------------------------------------------------------------------------------------------
// Measurement

#[derive(Default)]
struct RouteStats {
    /// Requests due (sent or dropped).
    count: u64,
    /// Answers received (any status).
    answered: u64,
    /// Latencies from the due time: every answer, and every timeout (as the time it gave up).
    ms: Vec<f64>,
    errors: BTreeMap<String, u64>,
}

#[derive(Default)]
struct Recorder {
    routes: Mutex<BTreeMap<&'static str, RouteStats>>,
}

impl Recorder {
    fn add(&self, route: &'static str, outcome: &Outcome, ms: f64) {
        let mut routes = self.routes.lock().expect("no panics under the lock");
        let stats = routes.entry(route).or_default();
        stats.count += 1;
        match outcome {
            Outcome::Answered(status, _) => {
                stats.answered += 1;
                stats.ms.push(ms);
                if !(200..300).contains(status) {
                    *stats.errors.entry(status.to_string()).or_default() += 1;
                }
            }
            Outcome::Failed(what) => {
                // A timeout is an answer that took at least this long: it belongs in the percentiles.
                if *what == "timeout" {
                    stats.ms.push(ms);
                }
                *stats.errors.entry((*what).to_owned()).or_default() += 1;
            }
        }
    }

    fn dropped(&self, route: &'static str) {
        let mut routes = self.routes.lock().expect("no panics under the lock");
        let stats = routes.entry(route).or_default();
        stats.count += 1;
        *stats.errors.entry("dropped".into()).or_default() += 1;
    }
}

fn ms_since(at: Instant) -> f64 {
    at.elapsed().as_secs_f64() * 1000.0
}

/// Runs one scheduled request (an upload: two), recording each answer; `roll` chooses who and what.
async fn perform(op: Op, roll: u64, due: Instant, world: &World, api: &Api, rec: &Recorder) {
    use reqwest::Method;
    let deadline = due + REQUEST_TIMEOUT;
    let mut rng = Rng(roll);
    let turn = |i: usize| world.turn[i].fetch_add(1, Ordering::Relaxed) as usize;
    let (method, path, token, body): (Method, String, &str, Option<Value>) = match op {
        Op::Me => (Method::GET, "/me".into(), &world.accounts[rng.below(world.accounts.len())].token, None),
        Op::ListInterviews => {
            (Method::GET, "/interviews".into(), &world.accounts[rng.below(world.accounts.len())].token, None)
        }
        Op::OpenInterview | Op::ListRecordings => {
            let n = rng.below(world.accounts.len());
            let mine = &world.visible[n];
            let iv = &mine[rng.below(mine.len())];
            let path = if op == Op::OpenInterview {
                format!("/interviews/{iv}")
            } else {
                format!("/interviews/{iv}/recordings")
            };
            (Method::GET, path, &world.accounts[n].token, None)
        }
        Op::SignIn => {
            // Round-robin over the accounts: one person signs in once in a while, never five at once.
            let account = &world.accounts[turn(0) % world.accounts.len()];
            (Method::POST, "/auth/login".into(), "", Some(json!({"email": account.email, "password": PASSWORD})))
        }
        Op::Upload => {
            let (n, iv) = &world.uploaders[turn(1) % world.uploaders.len()];
            let body = json!({"content_type": "audio/wav", "size_bytes": world.wav.len()});
            (Method::POST, format!("/interviews/{iv}/recordings"), &world.accounts[*n].token, Some(body))
        }
        Op::Rate => {
            let k = turn(2);
            let expert = world.experts[k % world.experts.len()];
            let iv = &world.recorded[(k / world.experts.len()) % world.recorded.len()].id;
            let scores: Vec<Value> =
                world.items.iter().map(|item| json!({"item_id": item, "score": 1 + rng.below(5)})).collect();
            (
                Method::PUT,
                format!("/interviews/{iv}/ratings"),
                &world.accounts[expert].token,
                Some(json!({"scores": scores})),
            )
        }
        Op::Transcript | Op::Feedback => {
            let r = &world.recorded[turn(if op == Op::Transcript { 3 } else { 4 }) % world.recorded.len()];
            // Mostly the interview's own interviewer, now and then an admin.
            let who = if rng.below(5) == 0 { world.admins[rng.below(world.admins.len())] } else { r.interviewer };
            let token = &world.accounts[who].token;
            if op == Op::Transcript {
                let body = json!({"format": "vtt", "text": SHORT_VTT});
                (Method::PUT, format!("/interviews/{}/transcript", r.id), token, Some(body))
            } else {
                (Method::POST, format!("/interviews/{}/feedback", r.id), token, None)
            }
        }
        Op::Report => {
            let k = turn(5);
            let interviewers: Vec<usize> =
                world.recorded.iter().map(|r| r.interviewer).chain(world.admins.iter().copied()).collect();
            let who = interviewers[k % interviewers.len()];
            let body = json!({"title": format!("負荷試験 {k}"), "format": "vtt", "text": SHORT_VTT});
            (Method::POST, "/reports".into(), &world.accounts[who].token, Some(body))
        }
    };
    let token = (!token.is_empty()).then_some(token);
    let outcome = Api::send(api.request(method, &path, token, body.as_ref()), deadline).await;
    rec.add(op.route(), &outcome, ms_since(due));
    if op != Op::Upload {
        return;
    }
    let ticket = match &outcome {
        Outcome::Answered(status, body) if (200..300).contains(status) => {
            serde_json::from_slice::<Value>(body).unwrap_or(Value::Null)
        }
        _ => {
            rec.add(UPLOAD_BOTH, &outcome, ms_since(due));
            return;
        }
    };
    let sent = Instant::now();
    let put = put_upload(api, &ticket, world.wav.clone(), sent + REQUEST_TIMEOUT).await;
    rec.add(UPLOAD_PUT, &put, ms_since(sent));
    rec.add(UPLOAD_BOTH, &put, ms_since(due));
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn errors_text(errors: &BTreeMap<String, u64>) -> String {
    if errors.is_empty() {
        return "0".into();
    }
    let total: u64 = errors.values().sum();
    let parts: Vec<String> = errors.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{total} ({})", parts.join(", "))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = parse_args();
    let api = Api::new(&args.base)?;
    let world = Arc::new(set_up(&api, &args.password).await);
    settle(&api, &world, args.server_pid, Duration::from_secs(300)).await;

    let interval = 1.0 / args.rate;
    let total = (args.rate * args.seconds).round() as u64;
    let rec = Arc::new(Recorder::default());
    let in_flight = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load_before = load_average();
    let server_cpu_before = args.server_pid.map(cpu_seconds);
    let own_cpu_before = cpu_seconds(std::process::id());
    let machine_before = machine_busy_seconds();
    let mut rng = Rng(args.seed);
    // mixed_load.sh waits for this line to attach a profiler (--perf) to the measurement only.
    eprintln!("measuring: {total} requests due over {:.0} s", args.seconds);
    let start = Instant::now() + Duration::from_millis(50);
    let mut tasks = tokio::task::JoinSet::new();
    for k in 0..total {
        let due = start + Duration::from_secs_f64(k as f64 * interval);
        tokio::time::sleep_until(due).await;
        let op = pick_op(rng.next());
        let roll = rng.next();
        if in_flight.load(Ordering::Relaxed) >= args.max_in_flight {
            rec.dropped(op.route());
            continue;
        }
        let now = in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        peak.fetch_max(now, Ordering::Relaxed);
        let (world, api, rec, in_flight) = (world.clone(), api.clone(), rec.clone(), in_flight.clone());
        tasks.spawn(async move {
            perform(op, roll, due, &world, &api, &rec).await;
            in_flight.fetch_sub(1, Ordering::Relaxed);
        });
        // Reap finished tasks as we go, so the set does not grow with the run.
        while tasks.try_join_next().is_some() {}
    }
    let scheduled_for = start.elapsed().as_secs_f64();
    while tasks.join_next().await.is_some() {}
    let elapsed = start.elapsed().as_secs_f64();
    let load_after = load_average();
    let server_cpu = args.server_pid.zip(server_cpu_before).map(|(pid, before)| cpu_seconds(pid) - before);
    let own_cpu = cpu_seconds(std::process::id()) - own_cpu_before;
    let machine = machine_busy_seconds() - machine_before;

    let routes = std::mem::take(&mut *rec.routes.lock().expect("no panics under the lock"));
    println!(
        "\n== {:.0} requests/s scheduled for {:.0} s (open loop, loopback; {cores} cores shared by the server and this \
         generator)",
        args.rate, args.seconds
    );
    println!("load average (1/5/15 min): {load_before} before, {load_after} after");
    println!("{:<34} {:>7} {:>9} {:>9} {:>9}  errors (by status)", "route", "count", "p50 ms", "p99 ms", "max ms");
    let mut all = Vec::new();
    let (mut requests, mut errors, mut answered) = (0u64, 0u64, 0u64);
    let order: Vec<&'static str> = MIX.iter().map(|(op, _)| op.route()).chain([UPLOAD_PUT, UPLOAD_BOTH]).collect();
    for route in order {
        let Some(stats) = routes.get(route) else { continue };
        let mut ms = stats.ms.clone();
        ms.sort_by(f64::total_cmp);
        let failed: u64 = stats.errors.values().sum();
        let count = stats.count;
        println!(
            "{:<34} {:>7} {:>9.1} {:>9.1} {:>9.1}  {}",
            route,
            count,
            percentile(&ms, 50.0),
            percentile(&ms, 99.0),
            ms.last().copied().unwrap_or(f64::NAN),
            errors_text(&stats.errors)
        );
        if route != UPLOAD_BOTH {
            requests += count;
            errors += failed;
            answered += stats.answered;
            all.extend_from_slice(&ms);
        }
    }
    all.sort_by(f64::total_cmp);
    let (p50, p99, max) = (percentile(&all, 50.0), percentile(&all, 99.0), all.last().copied().unwrap_or(f64::NAN));
    let share = if requests == 0 { 1.0 } else { errors as f64 / requests as f64 };
    println!(
        "{:<34} {:>7} {:>9.1} {:>9.1} {:>9.1}  {errors} ({:.2}%)",
        "overall (every HTTP request)",
        requests,
        p50,
        p99,
        max,
        share * 100.0
    );
    let achieved = answered as f64 / elapsed;
    println!(
        "achieved: {answered} answers in {elapsed:.1} s = {achieved:.1} answers/s (schedule of {total} ran {scheduled_for:.1} s; \
         peak in flight {})",
        peak.load(Ordering::Relaxed)
    );
    let busy = |cpu: f64| cpu / elapsed * 100.0;
    let server = server_cpu.unwrap_or(0.0);
    println!(
        "CPU during the measurement (100% = one core, {}% = all {cores}): server {}, generator {:.0}%, \
         other processes {:.0}%, machine {:.0}%",
        cores * 100,
        server_cpu.map_or("?".into(), |cpu| format!("{:.0}%", busy(cpu))),
        busy(own_cpu),
        busy((machine - server - own_cpu).max(0.0)),
        busy(machine)
    );
    let pass = p99 <= P99_LIMIT_MS && share <= MAX_ERROR_SHARE;
    println!(
        "RESULT rate={} seconds={} p50_ms={p50:.2} p99_ms={p99:.2} max_ms={max:.1} requests={requests} errors={errors} \
         achieved={achieved:.1} pass={}",
        args.rate,
        args.seconds,
        u8::from(pass)
    );
    Ok(())
}
