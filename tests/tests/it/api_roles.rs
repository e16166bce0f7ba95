//! Which role may call which route: one case per route and role, and the OpenAPI document lists
//! exactly these routes. The README's role table is this table.

use mendan_tests::app::{Fixture, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Expected answer per role, in the order admin, interviewer, interviewee, expert.
/// `OK` = any 2xx; 403 = forbidden by role; 404 = the interview is not visible to the role.
const OK: u16 = 200;
const ROLES: [&str; 4] = ["admin", "interviewer", "interviewee", "expert"];
/// A model id no tenant has.
const MODEL_ID: &str = "01a21500-0000-7000-8000-000000000000";
const ACTIVATE_UNKNOWN_MODEL: &str = "/t/{tenant}/v1/models/01a21500-0000-7000-8000-000000000000/activate";
const BUNDLE_OF_UNKNOWN_MODEL: &str = "/t/{tenant}/v1/models/01a21500-0000-7000-8000-000000000000/bundle";
const STATISTICS_OF_UNKNOWN_MODEL: &str = "/t/{tenant}/v1/models/01a21500-0000-7000-8000-000000000000/statistics";
/// A report id no tenant has (the same unknown id as the model's).
const UNKNOWN_REPORT: &str = "/t/{tenant}/v1/reports/01a21500-0000-7000-8000-000000000000";
/// A retake request for a recording the fixture's interview does not have: staff learn that (404).
const RETAKE_UNKNOWN_RECORDING: &str =
    "/t/{tenant}/v1/interviews/{recorded}/recordings/01a21500-0000-7000-8000-000000000000/retake-request";

struct Case {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    expect: [u16; 4],
}

fn case(method: Method, path: &'static str, body: Option<Value>, expect: [u16; 4]) -> Case {
    Case { method, path, body, expect }
}

/// A valid body for `PUT consent-texts`.
fn consent_texts() -> Value {
    let wording = json!({"recording": "録画", "ai_evaluation": "AI", "training_use": "学習", "purpose": "選考",
        "processors": "当社", "retention": "6か月", "withdrawal": "連絡"});
    json!({"operator": "株式会社", "contact": "hr@example.com", "ja": wording.clone(), "en": wording})
}

/// Ordered so that earlier calls leave the state later calls need.
fn cases() -> Vec<Case> {
    use Method as M;
    let item = json!({"name": "協調性", "description": "", "scale_min": 1, "scale_max": 5, "kind": "behaviour"});
    let qset = json!({"name": "二次面接", "questions": [{"text": "志望動機は？", "answer_seconds": 90}]});
    // The fixture's set was answered (its recorded interview): only what is around its question may change.
    let renamed_qset =
        json!({"name": "一次面接（改）", "questions": [{"text": "自己紹介をしてください。", "answer_seconds": 90}]});
    vec![
        case(M::GET, "/t/{tenant}/v1/me", None, [OK, OK, OK, OK]),
        // One's own authenticator app (issue 20): everyone; a wrong code is 422; turning it off when it is off is fine.
        case(M::GET, "/t/{tenant}/v1/me/mfa", None, [OK, OK, OK, OK]),
        case(M::POST, "/t/{tenant}/v1/me/mfa/totp", None, [OK, OK, OK, OK]),
        case(M::POST, "/t/{tenant}/v1/me/mfa/totp/confirm", Some(json!({"code": "abcdef"})), [422, 422, 422, 422]),
        case(M::DELETE, "/t/{tenant}/v1/me/mfa", None, [OK, OK, OK, OK]),
        case(M::POST, "/t/{tenant}/v1/users/{user}/mfa/reset", None, [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/mfa/policy", None, [OK, 403, 403, 403]),
        // Off (as it is): on would need the admin's own app first.
        case(M::PUT, "/t/{tenant}/v1/mfa/policy", Some(json!({"staff_mfa_required": false})), [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/users", None, [OK, OK, 403, 403]),
        case(
            M::POST,
            "/t/{tenant}/v1/users",
            Some(json!({"email": "new-{role}@x.example", "display_name": "新人", "role": "interviewee"})),
            [OK, 403, 403, 403],
        ),
        case(M::GET, "/t/{tenant}/v1/users/{user}", None, [OK, OK, 403, 403]),
        case(M::PATCH, "/t/{tenant}/v1/users/{user}", Some(json!({"display_name": "改名"})), [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/users/{user}/attributes", None, [OK, 403, 403, 403]),
        case(
            M::PUT,
            "/t/{tenant}/v1/users/{user}/attributes",
            Some(json!({"gender": "undisclosed", "age_band": "20-29"})),
            [OK, 403, 403, 403],
        ),
        case(M::POST, "/t/{tenant}/v1/users/{user}/reset-password", None, [OK, 403, 403, 403]),
        case(M::POST, "/t/{tenant}/v1/users/{user}/disable", None, [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/audit", None, [OK, 403, 403, 403]),
        // The sent-mail log (issue 15); the fixture's interviews were mailed, but a copy by an unknown id is 404.
        case(M::GET, "/t/{tenant}/v1/mail/sent", None, [OK, 403, 403, 403]),
        case(
            M::GET,
            "/t/{tenant}/v1/mail/sent/01a21500-0000-7000-8000-000000000000/message",
            None,
            [404, 403, 403, 403],
        ),
        case(M::GET, "/t/{tenant}/v1/mail/undeliverable", None, [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/mail-domain", None, [OK, 403, 403, 403]),
        case(M::PUT, "/t/{tenant}/v1/mail-domain", Some(json!({"domain": "example.co.jp"})), [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/me/mail-preferences", None, [OK, OK, OK, OK]),
        case(M::PUT, "/t/{tenant}/v1/me/mail-preferences", Some(json!({"reminders": true})), [OK, OK, OK, OK]),
        case(M::DELETE, "/t/{tenant}/v1/mail/undeliverable/{user}", None, [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/evaluation-items", None, [OK, OK, 403, OK]),
        case(M::POST, "/t/{tenant}/v1/evaluation-items", Some(item.clone()), [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/evaluation-items/{item}", None, [OK, OK, 403, OK]),
        case(M::PUT, "/t/{tenant}/v1/evaluation-items/{item}", Some(item), [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/question-sets", None, [OK, OK, 403, 403]),
        case(M::POST, "/t/{tenant}/v1/question-sets", Some(qset.clone()), [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/question-sets/{question_set}", None, [OK, OK, OK, OK]),
        case(M::PUT, "/t/{tenant}/v1/question-sets/{question_set}", Some(renamed_qset), [OK, 403, 403, 403]),
        case(
            M::POST,
            "/t/{tenant}/v1/interviews",
            Some(
                json!({"mode": "self", "interviewee_id": "{interviewee}", "question_set_id": "{question_set}", "scheduled_at": "2026-12-02T01:00:00Z"}),
            ),
            [OK, OK, 403, 403],
        ),
        case(M::GET, "/t/{tenant}/v1/interviews", None, [OK, OK, OK, OK]),
        case(M::GET, "/t/{tenant}/v1/interviews/{interview}", None, [OK, OK, OK, 404]),
        case(
            M::PATCH,
            "/t/{tenant}/v1/interviews/{interview}",
            Some(json!({"scheduled_at": "2026-12-03T01:00:00Z"})),
            [OK, OK, 403, 403],
        ),
        case(
            M::POST,
            "/t/{tenant}/v1/interviews/{interview}/consents",
            Some(json!({"kind": "recording", "granted": true, "text_version": "2026-11"})),
            [403, 403, OK, 403],
        ),
        // An expert reads only their own decisions (training use) on what they may rate.
        case(M::GET, "/t/{tenant}/v1/interviews/{recorded}/consents", None, [OK, OK, OK, OK]),
        case(
            M::POST,
            "/t/{tenant}/v1/interviews/{interview}/status",
            Some(json!({"status": "in_progress"})),
            [OK, OK, OK, 403],
        ),
        case(
            M::POST,
            "/t/{tenant}/v1/interviews/{interview}/recordings",
            Some(json!({"content_type": "video/webm", "size_bytes": 1024})),
            [OK, OK, OK, 403],
        ),
        case(M::GET, "/t/{tenant}/v1/interviews/{interview}/recordings", None, [OK, OK, OK, 404]),
        case(
            M::PUT,
            "/t/{tenant}/v1/interviews/{recorded}/ratings",
            Some(json!({"scores": [{"item_id": "{item}", "score": 4}], "comment": "よく準備できている"})),
            [403, OK, 403, OK],
        ),
        case(M::GET, "/t/{tenant}/v1/interviews/{recorded}/ratings", None, [OK, OK, 403, OK]),
        // Experts rate without seeing the model's opinion; interviewees see feedback, not scores.
        case(M::GET, "/t/{tenant}/v1/interviews/{recorded}/prediction", None, [OK, OK, 403, 403]),
        // No transcript in the fixture: who may read gets {"state": "none"}, the interviewee may not ask.
        case(M::GET, "/t/{tenant}/v1/interviews/{recorded}/summary", None, [OK, OK, 403, OK]),
        case(
            M::PUT,
            "/t/{tenant}/v1/interviews/{recorded}/transcript",
            Some(
                json!({"format": "vtt", "text": "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v A>前職では営業を担当していました。</v>\n"}),
            ),
            [OK, OK, 403, 403],
        ),
        // The transcript above names one speaker, "A".
        case(
            M::PUT,
            "/t/{tenant}/v1/interviews/{recorded}/transcript/speaker",
            Some(json!({"interviewee_speaker": "A"})),
            [OK, OK, 403, 403],
        ),
        // Feedback: none drafted yet ({"state": "none"}; the interviewee would not see a draft anyway), then drafted
        // from that transcript; an empty approval is refused for its content, not for the role.
        case(M::GET, "/t/{tenant}/v1/interviews/{recorded}/feedback", None, [OK, OK, OK, 403]),
        case(M::POST, "/t/{tenant}/v1/interviews/{recorded}/feedback", None, [OK, OK, 403, 403]),
        case(
            M::POST,
            "/t/{tenant}/v1/interviews/{recorded}/feedback/approve",
            Some(json!({"ja": [], "en": []})),
            [422, 422, 403, 403],
        ),
        case(
            M::POST,
            "/t/{tenant}/v1/interviews/{interview}/follow-ups",
            Some(json!({"question_index": 0, "answer_text": "前職では営業を担当していました。"})),
            [OK, OK, OK, 403],
        ),
        // Consent texts (issue 14 item 11): everyone reads them (the candidate is shown them), only an admin saves.
        case(M::GET, "/t/{tenant}/v1/consent-texts", None, [OK, OK, OK, OK]),
        case(M::PUT, "/t/{tenant}/v1/consent-texts", Some(consent_texts()), [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/consent-texts/default-2026-12", None, [OK, OK, OK, OK]),
        // Retake requests (issue 14 item 3): staff only.
        case(M::POST, RETAKE_UNKNOWN_RECORDING, Some(json!({"reason": "声が小さい"})), [404, 404, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/models/readiness", None, [OK, 403, 403, 403]),
        case(M::POST, "/t/{tenant}/v1/models/training", None, [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/models/training", None, [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/models", None, [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/models/settings", None, [OK, 403, 403, 403]),
        case(
            M::PUT,
            "/t/{tenant}/v1/models/settings",
            Some(json!({"auto_retrain": false, "retrain_after_ratings": 10})),
            [OK, 403, 403, 403],
        ),
        // No model exists in the fixture: the admin learns that (404), the others may not ask (403).
        case(M::POST, ACTIVATE_UNKNOWN_MODEL, None, [404, 403, 403, 403]),
        case(M::GET, STATISTICS_OF_UNKNOWN_MODEL, None, [404, 403, 403, 403]),
        case(M::GET, BUNDLE_OF_UNKNOWN_MODEL, None, [404, 403, 403, 403]),
        // Reports: admins set the items (the fixture did already), interviewers read them and
        // make reports; interviewees and experts do neither.
        case(M::GET, "/t/{tenant}/v1/reports/items", None, [OK, OK, 403, 403]),
        case(
            M::PUT,
            "/t/{tenant}/v1/reports/items",
            Some(json!({"items": [{"name": "経歴", "description": "仕事の経験", "keywords": ["前職"]}]})),
            [OK, 403, 403, 403],
        ),
        case(
            M::POST,
            "/t/{tenant}/v1/reports",
            Some(
                json!({"title": "一次面接", "format": "vtt", "text": "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v A>前職では営業を担当していました。</v>\n"}),
            ),
            [OK, OK, 403, 403],
        ),
        case(M::GET, "/t/{tenant}/v1/reports", None, [OK, OK, 403, 403]),
        case(M::GET, UNKNOWN_REPORT, None, [404, 404, 403, 403]),
        // A well-formed bundle of an unknown format: the admin is told so (422), the others may not import.
        case(
            M::POST,
            "/t/{tenant}/v1/models/import",
            Some(
                json!({"format": "other/1", "source_tenant": "x", "source_model_id": "01a21500-0000-7000-8000-000000000000",
                "source_version": 1, "exported_at": "2026-11-26T00:00:00Z", "card": {}, "onnx_base64": ""}),
            ),
            [422, 403, 403, 403],
        ),
        // Deleting (issue 14 item 8), last so the rest had the fixture's records. The admin's own run rated
        // nothing, so the item is unused there; the fixture's interviews use the set; the scheduled interview
        // holds the candidate's consent. Each refusal in use is 409 `in_use`.
        case(M::DELETE, "/t/{tenant}/v1/evaluation-items/{item}", None, [OK, 403, 403, 403]),
        case(M::DELETE, "/t/{tenant}/v1/question-sets/{question_set}", None, [409, 403, 403, 403]),
        case(M::DELETE, "/t/{tenant}/v1/interviews/{interview}", None, [409, 409, 403, 403]),
        // The fixture's interview is a self-interview: its people learn it has no call (issue 16).
        case(M::POST, "/t/{tenant}/v1/interviews/{interview}/call", None, [409, 409, 409, 404]),
        case(M::GET, "/t/{tenant}/v1/interviews/{interview}/call", None, [OK, OK, 403, 404]),
        case(M::DELETE, "/t/{tenant}/v1/interviews/{interview}/call", None, [204, 204, 204, 404]),
        // The server's copy is the interviewee's alone to send; this interview has no call.
        case(M::POST, "/t/{tenant}/v1/interviews/{interview}/call/copy", None, [403, 403, 409, 404]),
        case(M::POST, "/t/{tenant}/v1/interviews/{interview}/call/copy/session", None, [403, 403, 409, 404]),
        case(M::GET, "/t/{tenant}/v1/calls/settings", None, [OK, 403, 403, 403]),
        // The contract (issue 18): everyone reads the plan and options, only the admin the usage.
        case(M::GET, "/t/{tenant}/v1/tenant", None, [OK, OK, OK, OK]),
        case(M::GET, "/t/{tenant}/v1/usage?month=2026-12", None, [OK, 403, 403, 403]),
        // One's own protected attributes, declared with their own consent (issue 19): everyone, for themselves.
        case(M::GET, "/t/{tenant}/v1/me/attributes", None, [OK, OK, OK, OK]),
        case(
            M::PUT,
            "/t/{tenant}/v1/me/attributes",
            Some(json!({"gender": "undisclosed", "age_band": "30-39", "consent": true, "text_version": "2026-12"})),
            [OK, OK, OK, OK],
        ),
        // The ethics analysis of the ratings (issue 19): admins only.
        case(M::GET, "/t/{tenant}/v1/fairness/ratings", None, [OK, 403, 403, 403]),
        // No model is trained here: the admin is told to train one first.
        case(M::GET, "/t/{tenant}/v1/fairness/model", None, [409, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/fairness/predictions?month=2026-12", None, [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/fairness/months", None, [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/fairness/months/2026-11", None, [404, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/fairness/months/2026-11/workbook", None, [404, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/fairness/months/2026-11/audit", None, [404, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/fairness/model/workbook", None, [409, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/fairness/model/audit", None, [409, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/fairness/settings", None, [OK, 403, 403, 403]),
        case(
            M::PUT,
            "/t/{tenant}/v1/fairness/settings",
            Some(json!({"pass_scores": {}, "limits": {"min_impact_ratio": 0.8, "max_standardised_difference": 0.5}})),
            [OK, 403, 403, 403],
        ),
        // Exports of all the tenant's data: admins only; an unknown export is 404 to them.
        case(M::GET, "/t/{tenant}/v1/exports", None, [OK, 403, 403, 403]),
        case(M::GET, "/t/{tenant}/v1/exports/01a21500-0000-7000-8000-000000000000", None, [404, 403, 403, 403]),
        case(M::POST, "/t/{tenant}/v1/exports", None, [OK, 403, 403, 403]),
        // A person's erasure (issue 18), last: the admin erases the other interviewee.
        case(M::POST, "/t/{tenant}/v1/users/{user}/erase", None, [OK, 403, 403, 403]),
        case(
            M::PUT,
            "/t/{tenant}/v1/calls/settings",
            Some(json!({"server_copy": false, "talk_share_limit": 45})),
            [OK, 403, 403, 403],
        ),
    ]
}

fn fill(value: &Value, fx: &Fixture, role: &str) -> Value {
    let text = value
        .to_string()
        .replace("{role}", role)
        .replace("{interviewee}", &fx.interviewee.0)
        .replace("{item}", &fx.item);
    serde_json::from_str(&fx.path(&text)).unwrap()
}

#[tokio::test]
async fn every_route_answers_each_role_as_the_table_says() {
    for (r, role) in ROLES.iter().enumerate() {
        let app = spawn_app().await;
        let fx = app.fixture("acme").await;
        for case in cases() {
            let body = case.body.as_ref().map(|b| fill(b, &fx, role));
            let reply = app.call(case.method.clone(), &fx.path(case.path), Some(fx.token(role)), body).await;
            let want = case.expect[r];
            let ok = if want == OK { reply.status.is_success() } else { reply.status.as_u16() == want };
            assert!(
                ok,
                "{} {} as {role}: expected {want}, got {} {:?}",
                case.method, case.path, reply.status, reply.body
            );
            if !reply.status.is_success() {
                assert_eq!(reply.content_type, "application/problem+json", "{} {}", case.method, case.path);
            }
        }
    }
}

#[tokio::test]
async fn without_a_token_every_route_answers_401() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    for case in cases() {
        let reply = app.call(case.method.clone(), &fx.path(case.path), None, case.body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{} {}", case.method, case.path);
        assert_eq!(reply.problem_type(), "unauthenticated");
    }
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes() {
    let app = spawn_app().await;
    let doc = app.call(Method::GET, "/t/acme/v1/openapi.json", None, None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let mut documented: Vec<String> = Vec::new();
    for (path, item) in doc.body["paths"].as_object().expect("paths") {
        for method in item.as_object().unwrap().keys() {
            documented.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    let mut expected: Vec<String> = cases()
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c.method,
                c.path
                    .replace("{user}", "{id}")
                    .replace("{item}", "{id}")
                    .replace("{question_set}", "{id}")
                    .replace("{interview}", "{id}")
                    .replace("{recorded}", "{id}")
                    .replace(MODEL_ID, "{id}")
                    .replace("/recordings/{id}/retake-request", "/recordings/{recording_id}/retake-request")
                    .replace("/consent-texts/default-2026-12", "/consent-texts/{version}")
                    .replace("?month=2026-12", "")
                    .replace("/fairness/months/2026-11", "/fairness/months/{month}")
            )
        })
        .collect();
    // The routes without a token (signing in is how one gets a token; a session's refresh token
    // renews it and signing out needs only that).
    let public = [
        "GET /healthz",
        "GET /t/{tenant}/v1/openapi.json",
        // Planned maintenance is told before anyone signs in (issue 18).
        "GET /t/{tenant}/v1/notices",
        "POST /t/{tenant}/v1/auth/login",
        "POST /t/{tenant}/v1/auth/new-password",
        // The code step of a sign-in with an authenticator app (issue 20).
        "POST /t/{tenant}/v1/auth/mfa",
        "POST /t/{tenant}/v1/auth/refresh",
        "POST /t/{tenant}/v1/auth/logout",
        // A mailed link to set a password is asked for and used before one can sign in (issue 15).
        "POST /t/{tenant}/v1/auth/password-reset",
        "POST /t/{tenant}/v1/auth/set-password",
    ];
    expected.extend(public.map(String::from));
    documented.sort();
    expected.sort();
    assert_eq!(documented, expected);
    // Every operation says what it answers, and the protected ones name the bearer scheme.
    assert!(doc.body["components"]["securitySchemes"]["bearer"].is_object());
}

/// An interviewee's consent list holds their own decisions only: not which experts rate them,
/// nor what those experts decided. Admins still read every decision.
#[tokio::test]
async fn an_interviewee_reads_only_their_own_consent_decisions() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let path = fx.path("/t/{tenant}/v1/interviews/{recorded}/consents");
    let allow = json!({"kind": "training_use", "granted": true, "text_version": "2026-11"});
    let given = app.call(Method::POST, &path, Some(&fx.expert.1), Some(allow)).await;
    assert_eq!(given.status, StatusCode::CREATED, "{:?}", given.body);

    let own = app.call(Method::GET, &path, Some(&fx.interviewee.1), None).await.body;
    let own = own.as_array().unwrap();
    assert!(!own.is_empty(), "the interviewee's recording consent is listed");
    assert!(own.iter().all(|c| c["by"] == fx.interviewee.0.as_str()), "{own:?}");
    let all = app.call(Method::GET, &path, Some(&fx.admin), None).await.body;
    assert!(all.as_array().unwrap().iter().any(|c| c["by"] == fx.expert.0.as_str()), "{all}");
}
