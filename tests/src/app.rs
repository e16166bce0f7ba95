//! `spawn_app`: the local stack (API + signed object URLs + in-process events) on a random
//! loopback port with a fresh data directory, and a small client for it.

use mendan_analysis::analyze::DEFAULT_FPS;
use mendan_core::Ports;
use mendan_core::domain::tenant::{ContractOption, Plan};
use mendan_core::usecases::tenants::{NewTenant, create_tenant};
use mendan_embedded::Embedded;
use mendan_pipeline::FeatureExtractor;
use mendan_pipeline::handlers::{HandlerLimits, subscriptions, training_runner};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::sync::Arc;

/// Meets Cognito's default policy too (upper and lower case, digit, symbol).
pub const PASSWORD: &str = "Test-Password-1234";

pub struct TestApp {
    pub url: String,
    pub ports: Ports,
    /// The embedded adapters, when the app runs on them (`None` on the AWS adapters).
    pub embedded: Option<Embedded>,
    pub http: reqwest::Client,
    /// The embedded backend's timer ticker, so a test can stop it as a shutdown would.
    pub timers: Option<tokio::task::AbortHandle>,
    _data: Option<tempfile::TempDir>,
}

/// A response reduced to what tests look at.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Value,
}

impl Reply {
    /// The `type` of a problem response.
    pub fn problem_type(&self) -> &str {
        self.body["type"].as_str().unwrap_or("")
    }
}

/// The repository's face models (layers/models).
pub fn models_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../layers/models")
}

/// The local stack on the embedded backend, in a fresh data directory, with the pipeline's
/// handlers (analysis of uploads) on its in-process bus.
pub async fn spawn_app() -> TestApp {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = spawn_app_in(data.path()).await;
    app._data = Some(data);
    app
}

/// [`spawn_app`] on a data directory the caller keeps (e.g. to start `mendan serve` on it later).
pub async fn spawn_app_in(data: &std::path::Path) -> TestApp {
    spawn_embedded(data, false, None).await
}

/// [`spawn_app`] whose table and bucket count every request the API and the handlers make (the cost of an
/// interview, issue 21).
pub async fn spawn_app_counting() -> (TestApp, crate::request_counts::Counter) {
    let data = tempfile::tempdir().expect("temp dir");
    let counter = crate::request_counts::Counter::default();
    let mut app = spawn_embedded(data.path(), false, Some(counter.clone())).await;
    app._data = Some(data);
    (app, counter)
}

/// [`spawn_app`] that also transcribes uploads on the machine with the offline speech model
/// (`layers/models/whisper/ensure.sh`, which tests/run.sh runs, installs it).
pub async fn spawn_app_transcribing() -> TestApp {
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = spawn_embedded(data.path(), true, None).await;
    app._data = Some(data);
    app
}

async fn spawn_embedded(
    data: &std::path::Path,
    transcribe: bool,
    counter: Option<crate::request_counts::Counter>,
) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let mut backend = Embedded::open(data, &url).expect("open embedded backend");
    if let Some(counter) = counter {
        use crate::request_counts::{CountingItems, CountingObjects};
        let ports = &mut backend.ports;
        ports.items = Arc::new(CountingItems { inner: ports.items.clone(), counter: counter.clone() });
        ports.objects = Arc::new(CountingObjects { inner: ports.objects.clone(), counter });
    }
    let extractor = Arc::new(FeatureExtractor::new(models_dir(), DEFAULT_FPS));
    let limits = HandlerLimits::from_env().expect("valid handler limits");
    let site = mendan_core::usecases::interview_mail::SiteUrl(url.clone());
    let mut mail = mendan_pipeline::mail::subscriptions(backend.ports.clone(), site, limits.other);
    mail.push(mendan_pipeline::scheduling::subscription(backend.ports.clone(), limits.other));
    for s in subscriptions(backend.ports.clone(), extractor, limits).into_iter().chain(mail) {
        backend.events.subscribe_limited(s.detail_type, s.handler, s.concurrency);
    }
    backend.jobs.on_training(training_runner(backend.ports.clone()));
    if transcribe {
        // As `mendan serve` runs: the Japanese dictionary too (summaries on words).
        backend.ports.words = Some(Arc::new(mendan_text::morphology::LazyMorphology::new(models_dir())));
        let dir = models_dir().join(mendan_speech::MODEL_DIR);
        let handlers = mendan_pipeline::local_transcription::install(&mut backend.ports, dir)
            .expect("the speech model: run layers/models/whisper/ensure.sh");
        for s in handlers {
            backend.events.subscribe_limited(s.detail_type, s.handler, s.concurrency);
        }
    }
    let timers = Some(backend.start_timers().abort_handle());
    let app = mendan_api::router(backend.ports.clone())
        .merge(mendan_embedded::http::object_routes(&backend))
        .merge(backend.calls.routes());
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });
    TestApp {
        url,
        ports: backend.ports.clone(),
        embedded: Some(backend),
        http: reqwest::Client::new(),
        timers,
        _data: None,
    }
}

/// The API router over other ports (the AWS adapters against moto), on a random port.
pub async fn spawn_app_with(ports: Ports) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = mendan_api::router(ports.clone());
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });
    TestApp { url, ports, embedded: None, http: reqwest::Client::new(), timers: None, _data: None }
}

impl TestApp {
    /// Signs and uploads `file` (WebM) as the fixture's interviewee to its scheduled interview; returns the
    /// recording id.
    pub async fn upload_recording(&self, fx: &Fixture, file: &std::path::Path) -> String {
        let bytes = std::fs::read(file).unwrap();
        let path = fx.path("/t/{tenant}/v1/interviews/{interview}/recordings");
        let body = serde_json::json!({"content_type": "video/webm", "size_bytes": bytes.len()});
        let ticket = self.call(Method::POST, &path, Some(&fx.interviewee.1), Some(body)).await;
        assert_eq!(ticket.status, StatusCode::CREATED, "{:?}", ticket.body);
        let put =
            self.http.put(ticket.body["upload_url"].as_str().unwrap()).header("content-type", "video/webm").body(bytes);
        assert_eq!(put.send().await.unwrap().status(), StatusCode::OK);
        ticket.body["recording_id"].as_str().unwrap().to_owned()
    }

    /// Waits until the embedded backend's event handlers have nothing running or waiting (no-op on other ports).
    pub async fn settle(&self) {
        if let Some(embedded) = &self.embedded {
            embedded.events.idle().await;
        }
    }

    /// Creates a tenant with admin `admin@{slug}.example` and returns the admin's token.
    pub async fn tenant(&self, slug: &str) -> String {
        let input = NewTenant {
            name: format!("{slug} 株式会社"),
            slug: slug.into(),
            plan: Plan::Always,
            mail_domain: None,
            contract_end: None,
            // Everything there is to see.
            options: ContractOption::ALL.into_iter().collect(),
            admin_email: format!("admin@{slug}.example"),
            admin_password: Some(PASSWORD.into()),
        };
        create_tenant(&self.ports, input).await.expect("create tenant");
        self.login(slug, &format!("admin@{slug}.example"), PASSWORD).await
    }

    pub async fn login(&self, tenant: &str, email: &str, password: &str) -> String {
        let reply = self
            .call(
                Method::POST,
                &format!("/t/{tenant}/v1/auth/login"),
                None,
                Some(serde_json::json!({"email": email, "password": password})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "login failed: {:?}", reply.body);
        reply.body["token"].as_str().expect("token").to_owned()
    }

    /// Invites a user with a known password and returns (user id, token).
    pub async fn user(&self, tenant: &str, admin: &str, role: &str, name: &str) -> (String, String) {
        let email = format!("{name}@{tenant}.example");
        let body = serde_json::json!({"email": email, "display_name": name, "role": role, "password": PASSWORD});
        let reply = self.call(Method::POST, &format!("/t/{tenant}/v1/users"), Some(admin), Some(body)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "invite failed: {:?}", reply.body);
        let id = reply.body["user"]["id"].as_str().unwrap().to_owned();
        (id, self.login(tenant, &email, PASSWORD).await)
    }

    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.send(request).await
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("request reaches the app");
        let status = response.status();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let text = response.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply { status, content_type, body }
    }
}

/// A tenant with one user of each role, an evaluation item, a question set, the report items of
/// `tests/fixtures/transcripts/report-items.json`, a scheduled self-interview (`interview`) whose
/// interviewee granted recording consent, and a recorded interview (`recorded`) ready to be rated.
#[derive(Clone)]
pub struct Fixture {
    pub tenant: String,
    pub admin: String,
    pub interviewer: (String, String),
    pub interviewee: (String, String),
    pub expert: (String, String),
    /// Another interviewee, the target of user-management routes.
    pub other_user: String,
    pub item: String,
    pub question_set: String,
    pub interview: String,
    pub recorded: String,
}

impl Fixture {
    pub fn token(&self, role: &str) -> &str {
        match role {
            "admin" => &self.admin,
            "interviewer" => &self.interviewer.1,
            "interviewee" => &self.interviewee.1,
            "expert" => &self.expert.1,
            other => panic!("no role {other}"),
        }
    }

    /// Replaces `{item}`, `{interview}` etc. in a path template.
    pub fn path(&self, template: &str) -> String {
        template
            .replace("{tenant}", &self.tenant)
            .replace("{user}", &self.other_user)
            .replace("{item}", &self.item)
            .replace("{question_set}", &self.question_set)
            .replace("{interview}", &self.interview)
            .replace("{recorded}", &self.recorded)
    }
}

impl TestApp {
    pub async fn fixture(&self, tenant: &str) -> Fixture {
        let admin = self.tenant(tenant).await;
        let interviewer = self.user(tenant, &admin, "interviewer", "interviewer").await;
        let interviewee = self.user(tenant, &admin, "interviewee", "interviewee").await;
        let expert = self.user(tenant, &admin, "expert", "expert").await;
        let (other_user, _) = self.user(tenant, &admin, "interviewee", "other").await;
        let base = format!("/t/{tenant}/v1");
        let item = self
            .call(Method::POST, &format!("{base}/evaluation-items"), Some(&admin),
                Some(serde_json::json!({"name": "論理的思考", "description": "筋道立てて話せるか", "scale_min": 1, "scale_max": 5, "kind": "behaviour"})))
            .await;
        let question_set = self
            .call(Method::POST, &format!("{base}/question-sets"), Some(&admin),
                Some(serde_json::json!({"name": "一次面接", "questions": [{"text": "自己紹介をしてください。", "answer_seconds": 60}],
                    "practice_question": {"text": "今日の天気は？", "answer_seconds": 30}, "retake_limit": 1, "follow_ups": false})))
            .await;
        let (item, question_set) = (id_of(&item), id_of(&question_set));
        let report_items = self
            .call(Method::PUT, &format!("{base}/reports/items"), Some(&admin), Some(crate::reports::report_items()))
            .await;
        assert_eq!(report_items.status, StatusCode::OK, "{:?}", report_items.body);
        let interview = self.interview(&base, &admin, &interviewer.0, &interviewee, &question_set).await;
        let recorded = self.interview(&base, &admin, &interviewer.0, &interviewee, &question_set).await;
        // Take `recorded` through a real upload to the recorded state.
        let ticket = self
            .call(
                Method::POST,
                &format!("{base}/interviews/{recorded}/recordings"),
                Some(&interviewee.1),
                Some(serde_json::json!({"content_type": "video/webm", "size_bytes": 3})),
            )
            .await;
        assert_eq!(ticket.status, StatusCode::CREATED, "{:?}", ticket.body);
        let put = self
            .http
            .put(ticket.body["upload_url"].as_str().unwrap())
            .header("content-type", "video/webm")
            .body(vec![1u8, 2, 3]);
        assert!(put.send().await.unwrap().status().is_success());
        let done = self
            .call(
                Method::POST,
                &format!("{base}/interviews/{recorded}/status"),
                Some(&interviewee.1),
                Some(serde_json::json!({"status": "recorded"})),
            )
            .await;
        assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
        Fixture {
            tenant: tenant.into(),
            admin,
            interviewer,
            interviewee,
            expert,
            other_user,
            item,
            question_set,
            interview,
            recorded,
        }
    }

    /// Schedules a self-interview whose interviewee granted recording consent; returns its id.
    pub async fn interview(
        &self,
        base: &str,
        admin: &str,
        interviewer: &str,
        interviewee: &(String, String),
        question_set: &str,
    ) -> String {
        let created = self
            .call(
                Method::POST,
                &format!("{base}/interviews"),
                Some(admin),
                Some(
                    serde_json::json!({"mode": "self", "interviewee_id": interviewee.0, "interviewer_id": interviewer,
                    "question_set_id": question_set, "scheduled_at": "2026-12-01T01:00:00Z"}),
                ),
            )
            .await;
        let id = id_of(&created);
        let consent = self
            .call(
                Method::POST,
                &format!("{base}/interviews/{id}/consents"),
                Some(&interviewee.1),
                Some(serde_json::json!({"kind": "recording", "granted": true, "text_version": "2026-11"})),
            )
            .await;
        assert_eq!(consent.status, StatusCode::CREATED, "{:?}", consent.body);
        id
    }
}

pub fn id_of(reply: &Reply) -> String {
    assert!(reply.status.is_success(), "expected success, got {} {:?}", reply.status, reply.body);
    reply.body["id"].as_str().expect("an id").to_owned()
}
