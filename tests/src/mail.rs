//! Interview notices (issue 15) on either backend: scheduling, moving and cancelling an interview
//! mails its interviewee and its interviewer once each, with a calendar invitation whose UID
//! stays and whose SEQUENCE rises; a redelivered notice sends nothing twice; every send is in
//! the admin's sent-mail log. The messages are read back as sent (the embedded outbox's `.eml`,
//! moto's record of SES's raw messages) and parsed by a real MIME parser.

use async_trait::async_trait;
use mail_parser::{MessageParser, MimeHeaders};
use mendan_core::events::{InterviewChange, InterviewChanged};
use mendan_core::usecases::interview_mail::{SiteUrl, on_interview_changed};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, id_of};

/// What differs between the backends: how published events reach the email handler, and where
/// the message as sent can be read.
#[async_trait]
pub trait MailBackend: Sync {
    /// Runs the email handler on every event published so far.
    async fn deliver(&self, app: &TestApp);
    /// The raw message of a sent-mail log line.
    async fn message(&self, app: &TestApp, admin: &str, tenant: &str, line: &Value) -> Vec<u8>;
    fn site(&self, app: &TestApp) -> SiteUrl;
}

/// One message, parsed.
#[derive(Debug)]
pub struct Received {
    pub raw: Vec<u8>,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub calendar: String,
}

fn parse(raw: Vec<u8>) -> Received {
    let message = MessageParser::default().parse(&raw).expect("a MIME message");
    let to = message.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_owned();
    let subject = message.subject().unwrap_or_default().to_owned();
    let text = message.body_text(0).unwrap_or_default().into_owned();
    let calendar = message
        .parts
        .iter()
        .find(|p| p.content_type().is_some_and(|c| c.ctype() == "text" && c.subtype() == Some("calendar")))
        .and_then(|p| p.text_contents())
        .unwrap_or_default()
        .replace("\r\n ", "");
    Received { raw, to, subject, text, calendar }
}

async fn sent_lines(app: &TestApp, admin: &str, tenant: &str) -> Vec<Value> {
    let reply = app.call(Method::GET, &format!("/t/{tenant}/v1/mail/sent"), Some(admin), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body.as_array().unwrap().clone()
}

/// The messages that went out since `before` lines were in the log, by recipient address.
async fn new_mail(backend: &dyn MailBackend, app: &TestApp, admin: &str, tenant: &str, before: usize) -> Vec<Received> {
    backend.deliver(app).await;
    let lines = sent_lines(app, admin, tenant).await;
    let fresh = &lines[..lines.len() - before]; // newest first
    let mut received = Vec::new();
    for line in fresh {
        assert_eq!(line["state"], "sent", "{line}");
        received.push(parse(backend.message(app, admin, tenant, line).await));
    }
    received.sort_by(|a, b| a.to.cmp(&b.to));
    received
}

fn keep(received: &[Received], step: &str) {
    let Ok(dir) = std::env::var("MENDAN_MAIL_EML_OUT") else { return };
    std::fs::create_dir_all(&dir).unwrap();
    for (i, r) in received.iter().enumerate() {
        std::fs::write(std::path::Path::new(&dir).join(format!("{step}-{i}.eml")), &r.raw).unwrap();
    }
}

/// Answers the fixture and the interview it moved about.
pub async fn interview_notices(app: &TestApp, backend: &dyn MailBackend) -> (crate::app::Fixture, String) {
    let tenant = "mail";
    let fx = app.fixture(tenant).await;
    let base = format!("/t/{tenant}/v1");
    backend.deliver(app).await;
    let mut before = sent_lines(app, &fx.admin, tenant).await.len();

    // Scheduled: both people get the invitation, each with their own link.
    let created = app
        .call(
            Method::POST,
            &format!("{base}/interviews"),
            Some(&fx.admin),
            Some(
                json!({"mode": "face_to_face", "interviewee_id": fx.interviewee.0, "interviewer_id": fx.interviewer.0,
                "scheduled_at": "2026-12-08T05:00:00Z"}),
            ),
        )
        .await;
    let id = id_of(&created);
    let scheduled = new_mail(backend, app, &fx.admin, tenant, before).await;
    keep(&scheduled, "1-scheduled");
    let addresses: Vec<&str> = scheduled.iter().map(|r| r.to.as_str()).collect();
    assert_eq!(addresses, [format!("interviewee@{tenant}.example"), format!("interviewer@{tenant}.example")]);
    let (candidate, interviewer) = (&scheduled[0], &scheduled[1]);
    assert!(candidate.subject.contains("面談のご案内：2026年12月8日（火）14:00〜14:30"), "{}", candidate.subject);
    assert!(candidate.text.contains("interviewee 様") && candidate.text.contains("面談担当: interviewer 様"));
    assert!(candidate.text.contains(&format!("{}/t/{tenant}/me", backend.site(app).0)), "{}", candidate.text);
    assert!(interviewer.text.contains(&format!("/t/{tenant}/interviews/{id}")), "{}", interviewer.text);
    for r in &scheduled {
        assert!(r.calendar.contains("METHOD:REQUEST") && r.calendar.contains("SEQUENCE:0"), "{}", r.calendar);
        assert!(r.calendar.contains(&format!("UID:{id}@mendan")) && r.calendar.contains("DTSTART:20261208T050000Z"));
    }
    before += 2;

    // Moved: the same calendar entry, one revision on, with the old time named.
    let interview_path = format!("{base}/interviews/{id}");
    let move_to_three = || {
        let body = json!({"scheduled_at": "2026-12-08T06:00:00Z"});
        app.call(Method::PATCH, &interview_path, Some(&fx.admin), Some(body))
    };
    let moved = move_to_three().await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    let rescheduled = new_mail(backend, app, &fx.admin, tenant, before).await;
    keep(&rescheduled, "2-rescheduled");
    assert_eq!(rescheduled.len(), 2);
    for r in &rescheduled {
        assert!(r.subject.contains("面談の予定変更：2026年12月8日（火）15:00〜15:30"), "{}", r.subject);
        assert!(r.text.contains("変更前: 2026年12月8日（火）14:00〜14:30"), "{}", r.text);
        assert!(r.calendar.contains(&format!("UID:{id}@mendan")) && r.calendar.contains("SEQUENCE:1"));
    }
    before += 2;

    // The same time again changes nothing and tells nobody.
    let same = move_to_three().await;
    assert_eq!(same.status, StatusCode::OK);
    backend.deliver(app).await;
    assert_eq!(sent_lines(app, &fx.admin, tenant).await.len(), before);

    // Cancelled: the calendar entry is removed.
    let cancelled = app
        .call(
            Method::POST,
            &format!("{base}/interviews/{id}/status"),
            Some(&fx.admin),
            Some(json!({"status": "cancelled"})),
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    let called_off = new_mail(backend, app, &fx.admin, tenant, before).await;
    keep(&called_off, "3-cancelled");
    assert_eq!(called_off.len(), 2);
    for r in &called_off {
        assert!(r.subject.contains("面談の中止") && r.text.contains("中止になりました"), "{}", r.subject);
        assert!(r.calendar.contains("METHOD:CANCEL") && r.calendar.contains("SEQUENCE:2"), "{}", r.calendar);
        assert!(!r.text.contains("サインインしてください"), "a cancelled interview has nothing to join");
    }
    before += 2;

    // A notice delivered twice is mailed once.
    let tenant_slug = mendan_core::domain::TenantSlug::parse(tenant).unwrap();
    let event = InterviewChanged {
        tenant: tenant_slug,
        interview_id: id.parse().unwrap(),
        change: InterviewChange::Scheduled,
        notice_id: uuid::Uuid::now_v7(),
        mode: mendan_core::domain::interview::InterviewMode::FaceToFace,
        interviewee_id: fx.interviewee.0.parse().unwrap(),
        interviewer_id: Some(fx.interviewer.0.parse().unwrap()),
        question_set_id: None,
        revision: 3,
        scheduled_at: "2026-12-09T05:00:00Z".parse().unwrap(),
        previous_at: None,
        at: chrono::Utc::now(),
        deadline: None,
    };
    assert_eq!(on_interview_changed(&app.ports, &backend.site(app), &event).await.unwrap(), 2);
    assert_eq!(on_interview_changed(&app.ports, &backend.site(app), &event).await.unwrap(), 0);
    assert_eq!(sent_lines(app, &fx.admin, tenant).await.len(), before + 2);

    // The log and the copies are for admins only.
    let line_id = sent_lines(app, &fx.admin, tenant).await[0]["id"].as_str().unwrap().to_owned();
    for token in [&fx.interviewer.1, &fx.interviewee.1, &fx.expert.1] {
        let list = app.call(Method::GET, &format!("{base}/mail/sent"), Some(token), None).await;
        assert_eq!(list.status, StatusCode::FORBIDDEN);
        let copy = app.call(Method::GET, &format!("{base}/mail/sent/{line_id}/message"), Some(token), None).await;
        assert_eq!(copy.status, StatusCode::FORBIDDEN);
    }
    (fx, id)
}

/// The embedded backend: events are handled in process; copies are the outbox's `.eml` files.
pub struct EmbeddedMail;

#[async_trait]
impl MailBackend for EmbeddedMail {
    async fn deliver(&self, app: &TestApp) {
        app.embedded.as_ref().expect("the embedded backend").events.idle().await;
    }

    async fn message(&self, app: &TestApp, admin: &str, tenant: &str, line: &Value) -> Vec<u8> {
        let path = format!("{}/t/{tenant}/v1/mail/sent/{}/message", app.url, line["id"].as_str().unwrap());
        let reply = app.http.get(path).bearer_auth(admin).send().await.unwrap();
        assert_eq!(reply.status(), StatusCode::OK);
        assert_eq!(reply.headers()["content-type"], "message/rfc822");
        reply.bytes().await.unwrap().to_vec()
    }

    fn site(&self, app: &TestApp) -> SiteUrl {
        SiteUrl(app.url.clone())
    }
}

/// The AWS adapters on moto: the test feeds the bus's events to the email function's handler as
/// Lambda would, and reads the raw messages SES (moto) was given.
pub struct MotoMail<'a> {
    pub moto: &'a crate::moto::MotoBackend,
    /// How many received events were fed already.
    fed: tokio::sync::Mutex<usize>,
}

impl<'a> MotoMail<'a> {
    pub fn new(moto: &'a crate::moto::MotoBackend) -> Self {
        Self { moto, fed: tokio::sync::Mutex::new(0) }
    }
}

const MOTO_SITE: &str = "https://mendan.example.co.jp";

#[async_trait]
impl MailBackend for MotoMail<'_> {
    async fn deliver(&self, app: &TestApp) {
        let mut fed = self.fed.lock().await;
        let events = self.moto.received_events(*fed + 1).await;
        for event in &events[*fed..] {
            if !mendan_pipeline::mail::DETAIL_TYPES.contains(&event.detail_type.as_str()) {
                continue;
            }
            let envelope = json!({"source": "mendan", "detail-type": event.detail_type, "detail": event.detail});
            let answer = mendan_pipeline::mail::handle_envelope(&app.ports, &self.site(app), envelope).await;
            assert_eq!(answer.as_ref().map(|a| a["status"].clone()), Ok(json!("done")), "{answer:?}");
        }
        *fed = events.len();
    }

    async fn message(&self, _app: &TestApp, _admin: &str, _tenant: &str, line: &Value) -> Vec<u8> {
        let endpoint = self.moto.settings.endpoint_url.as_deref().unwrap();
        let data: Value = reqwest::get(format!("{endpoint}/moto-api/data.json")).await.unwrap().json().await.unwrap();
        let sent = data["ses"]["RawMessage"].as_array().expect("moto's record of raw messages");
        let message =
            sent.iter().find(|m| m["id"] == line["message_id"]).unwrap_or_else(|| panic!("{line} not in SES"));
        message["raw_data"].as_str().unwrap().as_bytes().to_vec()
    }

    fn site(&self, _app: &TestApp) -> SiteUrl {
        SiteUrl(MOTO_SITE.into())
    }
}

/// The token of the set-password link in a mail's text.
fn link_token(received: &Received, site: &SiteUrl, tenant: &str) -> String {
    let page = format!("{}/t/{tenant}/set-password#", site.0);
    let start = received.text.find(&page).unwrap_or_else(|| panic!("no link to {page} in {}", received.text));
    let rest = &received.text[start + page.len()..];
    rest.split_whitespace().next().unwrap().to_owned()
}

async fn set_password(app: &TestApp, tenant: &str, token: &str, password: &str) -> crate::app::Reply {
    let body = json!({"token": token, "password": password});
    app.call(Method::POST, &format!("/t/{tenant}/v1/auth/set-password"), None, Some(body)).await
}

async fn password_works(app: &TestApp, tenant: &str, email: &str, password: &str) -> bool {
    let body = json!({"email": email, "password": password});
    let reply = app.call(Method::POST, &format!("/t/{tenant}/v1/auth/login"), None, Some(body)).await;
    reply.status == StatusCode::OK && reply.body["token"].is_string()
}

/// Invitations carry a link that sets the first password (passwords here also pass moto's default
/// Cognito policy, which the AWS test pool keeps); 「パスワードをお忘れの方」 mails a link to
/// an existing address only; each link works once and only in its own tenant.
pub async fn invitations_and_password_links(app: &TestApp, backend: &dyn MailBackend) {
    let tenant = "access";
    let admin = app.tenant(tenant).await;
    app.tenant("elsewhere").await;
    backend.deliver(app).await;
    let mut before = sent_lines(app, &admin, tenant).await.len();
    let site = backend.site(app);
    let email = format!("newcomer@{tenant}.example");

    // Invited without a password: the mail carries the link (and the admin still sees a temporary one).
    let invite = json!({"email": email, "display_name": "新人 太郎", "role": "interviewee"});
    let invited = app.call(Method::POST, &format!("/t/{tenant}/v1/users"), Some(&admin), Some(invite)).await;
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    assert!(invited.body["temporary_password"].is_string());
    let mail = new_mail(backend, app, &admin, tenant, before).await;
    keep(&mail, "4-invitation");
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, email);
    assert!(mail[0].subject.contains("Mendan へのご招待"), "{}", mail[0].subject);
    assert!(mail[0].text.contains(&format!("ユーザー名（メールアドレス）: {email}")), "{}", mail[0].text);
    assert!(mail[0].calendar.is_empty());
    let token = link_token(&mail[0], &site, tenant);
    before += 1;

    let short = set_password(app, tenant, &token, "short").await;
    assert_eq!((short.status, short.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("password")));
    // Another tenant's address with this token finds nothing.
    let elsewhere = set_password(app, "elsewhere", &token, "A-chosen-password-1").await;
    assert_eq!((elsewhere.status, elsewhere.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("token")));
    let set = set_password(app, tenant, &token, "A-chosen-password-1").await;
    assert_eq!(set.status, StatusCode::NO_CONTENT, "{:?}", set.body);
    assert!(password_works(app, tenant, &email, "A-chosen-password-1").await);
    let again = set_password(app, tenant, &token, "A-chosen-password-2").await;
    assert_eq!(again.body["field"], "token", "a link works once");
    assert!(again.body["detail"].as_str().unwrap().contains("パスワードをお忘れの方"));

    // Forgotten: the same answer for an address with and without an account; only the account's gets mail.
    for address in [email.as_str(), "nobody@access.example", "not an address"] {
        let body = json!({"email": address});
        let asked = app.call(Method::POST, &format!("/t/{tenant}/v1/auth/password-reset"), None, Some(body)).await;
        assert_eq!(asked.status, StatusCode::ACCEPTED, "{address}: {:?}", asked.body);
    }
    let mail = new_mail(backend, app, &admin, tenant, before).await;
    keep(&mail, "5-reset");
    assert_eq!(mail.len(), 1, "one mail, to the address that has an account");
    assert!(mail[0].subject.contains("パスワード再設定のご案内") && mail[0].to == email);
    let token = link_token(&mail[0], &site, tenant);
    before += 1;
    let set = set_password(app, tenant, &token, "A-chosen-password-3").await;
    assert_eq!(set.status, StatusCode::NO_CONTENT, "{:?}", set.body);
    assert!(!password_works(app, tenant, &email, "A-chosen-password-1").await);
    assert!(password_works(app, tenant, &email, "A-chosen-password-3").await);

    // Invited with a password the admin chose: the mail says the admin tells it, and has no link.
    let invite = json!({"email": format!("chosen@{tenant}.example"), "display_name": "選択 花子", "role": "expert",
        "password": "Chosen-by-the-admin-1"});
    let invited = app.call(Method::POST, &format!("/t/{tenant}/v1/users"), Some(&admin), Some(invite)).await;
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    let mail = new_mail(backend, app, &admin, tenant, before).await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].text.contains("パスワードは管理者からお知らせします") && !mail[0].text.contains("set-password#"));
}

/// SES's report of a permanent bounce, as its EventBridge destination delivers it.
pub fn ses_bounce(tenant: &str, address: &str) -> Value {
    json!({"version": "0", "source": "aws.ses", "detail-type": "Email Bounced", "detail": {
        "eventType": "Bounce",
        "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
            "bouncedRecipients": [{"emailAddress": address, "action": "failed", "status": "5.1.1",
                "diagnosticCode": "smtp; 550 5.1.1 user unknown"}]},
        "mail": {"messageId": "0100018c-test", "destination": [address], "tags": {"tenant": [tenant]}}}})
}

/// A permanent bounce stops mail to that address (logged as suppressed) until an admin clears it.
pub async fn a_bounced_address_gets_no_more_mail(app: &TestApp, backend: &dyn MailBackend) {
    let tenant = "bounce";
    let fx = app.fixture(tenant).await;
    let base = format!("/t/{tenant}/v1");
    let site = backend.site(app);
    backend.deliver(app).await;
    let candidate = format!("interviewee@{tenant}.example");
    let answer =
        mendan_pipeline::mail::handle_envelope(&app.ports, &site, ses_bounce(tenant, &candidate)).await.unwrap();
    assert_eq!(answer["marked_undeliverable"], 1, "{answer}");
    // Someone else's tenant, or an address nobody here has, marks nothing.
    let other =
        mendan_pipeline::mail::handle_envelope(&app.ports, &site, ses_bounce("nobody", &candidate)).await.unwrap();
    assert_eq!(other["marked_undeliverable"], 0);
    let listed = app.call(Method::GET, &format!("{base}/mail/undeliverable"), Some(&fx.admin), None).await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body[0]["email"], candidate.as_str());
    assert_eq!(
        (listed.body[0]["reason"].as_str(), listed.body[0]["user_id"].as_str()),
        (Some("bounced"), Some(fx.interviewee.0.as_str()))
    );

    let interviews = format!("{base}/interviews");
    let schedule = || {
        let body = json!({"mode": "face_to_face", "interviewee_id": fx.interviewee.0, "interviewer_id": fx.interviewer.0,
            "scheduled_at": "2026-12-09T05:00:00Z"});
        app.call(Method::POST, &interviews, Some(&fx.admin), Some(body))
    };
    let before = sent_lines(app, &fx.admin, tenant).await.len();
    assert_eq!(schedule().await.status, StatusCode::CREATED);
    backend.deliver(app).await;
    let lines = sent_lines(app, &fx.admin, tenant).await;
    let states: std::collections::BTreeMap<String, String> = lines[..lines.len() - before]
        .iter()
        .map(|l| (l["to"].as_str().unwrap().to_owned(), l["state"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(states.get(&candidate).map(String::as_str), Some("suppressed"), "{states:?}");
    assert_eq!(states.get(&format!("interviewer@{tenant}.example")).map(String::as_str), Some("sent"));

    for token in [&fx.interviewer.1, &fx.interviewee.1] {
        let refused = app.call(Method::GET, &format!("{base}/mail/undeliverable"), Some(token), None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let cleared = app
        .call(Method::DELETE, &format!("{base}/mail/undeliverable/{}", fx.interviewee.0), Some(&fx.admin), None)
        .await;
    assert_eq!(cleared.status, StatusCode::NO_CONTENT);
    let before = sent_lines(app, &fx.admin, tenant).await.len();
    assert_eq!(schedule().await.status, StatusCode::CREATED);
    let mail = new_mail(backend, app, &fx.admin, tenant, before).await;
    assert_eq!(mail.len(), 2, "both are mailed again");
}

/// The tenant's mail domain: saving it asks the mail service to verify it, and the admin reads
/// the DNS records to register. `local`: the embedded backend, where nothing needs registering.
pub async fn the_mail_domain_shows_its_records(app: &TestApp, local: bool) {
    let tenant = "domain";
    let fx = app.fixture(tenant).await;
    let path = format!("/t/{tenant}/v1/mail-domain");
    let unset = app.call(Method::GET, &path, Some(&fx.admin), None).await;
    assert_eq!((unset.status, unset.body["state"].as_str()), (StatusCode::OK, Some("not_set")), "{:?}", unset.body);

    let bad = app.call(Method::PUT, &path, Some(&fx.admin), Some(json!({"domain": "例え.jp"}))).await;
    assert_eq!((bad.status, bad.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("domain")));
    assert!(bad.body["detail"].as_str().unwrap().contains("xn--"));
    for token in [&fx.interviewer.1, &fx.interviewee.1, &fx.expert.1] {
        let refused = app.call(Method::PUT, &path, Some(token), Some(json!({"domain": "example.co.jp"}))).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }

    let saved = app.call(Method::PUT, &path, Some(&fx.admin), Some(json!({"domain": " Example.CO.jp. "}))).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let read = app.call(Method::GET, &path, Some(&fx.admin), None).await;
    assert_eq!(read.body, saved.body, "what was saved is what is read");
    let body = &read.body;
    assert_eq!(body["domain"], "example.co.jp");
    let records = body["records"].as_array().unwrap();
    let find = |kind: &str, name: &str| records.iter().find(|r| r["type"] == kind && r["name"] == name).cloned();
    let mx = find("MX", "mail.example.co.jp").expect("the MAIL FROM MX record");
    assert!(
        mx["value"].as_str().unwrap().starts_with("10 feedback-smtp.")
            && mx["value"].as_str().unwrap().ends_with(".amazonses.com")
    );
    assert!(
        find("TXT", "mail.example.co.jp").unwrap()["value"].as_str().unwrap().contains("v=spf1 include:amazonses.com")
    );
    assert!(find("TXT", "_dmarc.example.co.jp").unwrap()["value"].as_str().unwrap().contains("v=DMARC1"));
    if local {
        assert_eq!(body["state"], "not_needed");
        assert!(records.iter().all(|r| r["state"] == "not_needed"), "{records:?}");
    } else {
        // SES (moto) knows the identity now; it is not verified for sending, so mail keeps the default sender.
        assert_ne!(body["state"], "verified");
        assert_eq!(body["sending_from"], Value::Null);
        assert!(mx["value"].as_str().unwrap().contains("ap-northeast-1"));
    }
}

/// "It is ready" mail: feedback to the candidate, a report to whoever asked for it, a trained model
/// to the admins; once each, however often the event arrives.
pub async fn ready_mail_goes_to_whoever_waits(app: &TestApp, backend: &dyn MailBackend) {
    use mendan_core::events::{FeedbackPublished, ModelTrained, ReportReady};
    use mendan_core::usecases::ready_mail::{on_feedback_published, on_model_trained, on_report_ready};
    let tenant = "ready";
    let fx = app.fixture(tenant).await;
    let site = backend.site(app);
    let slug = mendan_core::domain::TenantSlug::parse(tenant).unwrap();
    backend.deliver(app).await;
    let admin = fx.admin.clone();
    let lines_of = |kind: &'static str| {
        let admin = admin.clone();
        async move {
            let lines = sent_lines(app, &admin, tenant).await;
            lines.into_iter().filter(|l| l["kind"] == kind).collect::<Vec<_>>()
        }
    };

    // The candidate reads English only: their mail comes in English alone.
    let prefs = json!({"reminders": true, "language": "en"});
    let chosen = app
        .call(Method::PUT, &format!("/t/{tenant}/v1/me/mail-preferences"), Some(&fx.interviewee.1), Some(prefs))
        .await;
    assert_eq!(chosen.status, StatusCode::OK, "{:?}", chosen.body);
    let feedback = FeedbackPublished { tenant: slug.clone(), interview_id: fx.interview.parse().unwrap() };
    assert_eq!(on_feedback_published(&app.ports, &site, &feedback).await.unwrap(), 1);
    assert_eq!(on_feedback_published(&app.ports, &site, &feedback).await.unwrap(), 0, "once");
    let line = &lines_of("feedback_published").await[0];
    assert_eq!(line["to"], format!("interviewee@{tenant}.example"));
    let english = parse(backend.message(app, &fx.admin, tenant, line).await);
    let text = english.text;
    assert!(text.contains(&format!("/t/{tenant}/me/{}/feedback", fx.interview)), "{text}");
    assert!(text.starts_with("Dear interviewee,") && !text.contains("様"), "{text}");
    assert_eq!(english.subject, format!("[{tenant} 株式会社] Feedback on your interview"));

    let posted = crate::reports::post_report(app, &fx, &fx.interviewer.1, "一次面接", "interview-teams.vtt").await;
    let report_id = id_of(&posted);
    backend.deliver(app).await;
    let ready = ReportReady { tenant: slug.clone(), report_id: report_id.parse().unwrap() };
    on_report_ready(&app.ports, &site, &ready).await.unwrap();
    assert_eq!(on_report_ready(&app.ports, &site, &ready).await.unwrap(), 0, "once");
    let lines = lines_of("report_ready").await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["to"], format!("interviewer@{tenant}.example"), "the one who asked for it");

    let trained = ModelTrained {
        tenant: slug,
        model_id: mendan_core::domain::ModelId(uuid::Uuid::now_v7()),
        version: 1,
        activated: true,
    };
    assert_eq!(on_model_trained(&app.ports, &site, &trained).await.unwrap(), 1, "the tenant's one admin");
    assert_eq!(on_model_trained(&app.ports, &site, &trained).await.unwrap(), 0, "once");
    assert_eq!(lines_of("model_trained").await[0]["to"], format!("admin@{tenant}.example"));
}
