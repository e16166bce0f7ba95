//! Consent texts per tenant, versioned (issue 14 item 11): everyone signed in reads the current version, an admin
//! saves a new one, old versions stay readable, bad input changes nothing, and another tenant sees none of it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::TestApp;

const DEFAULT: &str = "default-2026-12";

fn wording(tag: &str) -> Value {
    json!({"recording": format!("{tag} 録画"), "ai_evaluation": format!("{tag} 表情と声をAIで分析"), "training_use": format!("{tag} 学習"),
        "purpose": "採用選考", "processors": "当社と Mendan（東京リージョン）", "retention": "選考終了後6か月", "withdrawal": "担当者に連絡"})
}

fn texts(operator: &str) -> Value {
    json!({"operator": operator, "contact": "saiyo@example.co.jp", "privacy_policy_url": "https://example.co.jp/privacy",
        "ja": wording("ja"), "en": wording("en")})
}

pub async fn consent_texts_are_versioned_per_tenant(app: &TestApp) {
    let fx = app.fixture("acme").await;
    let other = app.fixture("beta").await;
    let current = fx.path("/t/{tenant}/v1/consent-texts");

    // Never saved: everyone reads the default, naming the tenant as the company responsible.
    for role in ["admin", "interviewer", "interviewee", "expert"] {
        let reply = app.call(Method::GET, &current, Some(fx.token(role)), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{role}: {:?}", reply.body);
        assert_eq!(reply.body["version"], DEFAULT, "{role}");
    }
    let default = app.call(Method::GET, &current, Some(fx.token("interviewee")), None).await.body;
    assert!(!default["operator"].as_str().unwrap().is_empty(), "the default names the tenant");
    assert!(default["ja"]["ai_evaluation"].as_str().unwrap().contains("表情"));
    assert!(default["saved_at"].is_null());

    // Each save is a new version; the candidate reads the newest.
    let first = app.call(Method::PUT, &current, Some(&fx.admin), Some(texts("株式会社アクメ"))).await;
    assert_eq!((first.status, first.body["version"].as_str()), (StatusCode::OK, Some("1")), "{:?}", first.body);
    assert!(first.body["saved_at"].is_string());
    let second = app.call(Method::PUT, &current, Some(&fx.admin), Some(texts("アクメ株式会社"))).await;
    assert_eq!(second.body["version"], "2", "{:?}", second.body);
    let read = app.call(Method::GET, &current, Some(fx.token("interviewee")), None).await;
    assert_eq!((read.body["version"].as_str(), read.body["operator"].as_str()), (Some("2"), Some("アクメ株式会社")));
    assert_eq!(read.body["privacy_policy_url"], "https://example.co.jp/privacy");

    // Old versions, and the default, stay readable by the id a consent recorded.
    let old = app.call(Method::GET, &fx.path("/t/{tenant}/v1/consent-texts/1"), Some(fx.token("expert")), None).await;
    assert_eq!((old.status, old.body["operator"].as_str()), (StatusCode::OK, Some("株式会社アクメ")));
    let dflt = app.call(Method::GET, &format!("{current}/{DEFAULT}"), Some(fx.token("interviewer")), None).await;
    assert_eq!((dflt.status, dflt.body["version"].as_str()), (StatusCode::OK, Some(DEFAULT)));
    for unknown in ["3", "01", "x"] {
        let reply = app.call(Method::GET, &format!("{current}/{unknown}"), Some(&fx.admin), None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{unknown}: {:?}", reply.body);
    }

    // Bad input is refused with the field named, and saves nothing.
    let mut bad = Vec::new();
    let mut http = texts("x");
    http["privacy_policy_url"] = json!("http://example.co.jp/privacy");
    bad.push(("privacy_policy_url", http));
    let mut script = texts("x");
    script["privacy_policy_url"] = json!("javascript:alert(1)");
    bad.push(("privacy_policy_url", script));
    let mut html = texts("x");
    html["ja"]["recording"] = json!("<b>録画</b>します");
    bad.push(("ja.recording", html));
    let mut long = texts("x");
    long["en"]["retention"] = json!("a".repeat(2001));
    bad.push(("en.retention", long));
    let mut contact = texts("x");
    contact["contact"] = json!("call us");
    bad.push(("contact", contact));
    bad.push(("operator", texts(" ")));
    for (field, body) in bad {
        let reply = app.call(Method::PUT, &current, Some(&fx.admin), Some(body)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {:?}", reply.body);
        assert_eq!((reply.problem_type(), reply.body["field"].as_str()), ("invalid", Some(field)));
    }
    let unknown_field = app.call(Method::PUT, &current, Some(&fx.admin), Some(json!({"operator": "x"}))).await;
    assert!(unknown_field.status.is_client_error(), "{:?}", unknown_field.body);
    let still = app.call(Method::GET, &current, Some(&fx.admin), None).await;
    assert_eq!(still.body["version"], "2", "a refused save changes nothing");

    // Only an admin saves.
    for role in ["interviewer", "interviewee", "expert"] {
        let reply = app.call(Method::PUT, &current, Some(fx.token(role)), Some(texts("x"))).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role}");
    }

    // Another tenant sees its own default and none of acme's versions.
    let beta = app
        .call(Method::GET, &other.path("/t/{tenant}/v1/consent-texts"), Some(other.token("interviewee")), None)
        .await;
    assert_eq!(beta.body["version"], DEFAULT);
    let beta_one = app.call(Method::GET, &other.path("/t/{tenant}/v1/consent-texts/1"), Some(&other.admin), None).await;
    assert_eq!(beta_one.status, StatusCode::NOT_FOUND);
    // A's path with B's token: 404, as every route (the tenant in the token is the only one reached).
    let cross = app.call(Method::GET, &format!("{current}/1"), Some(&other.admin), None).await;
    assert_eq!(cross.status, StatusCode::NOT_FOUND, "{:?}", cross.body);
    let write = app.call(Method::PUT, &current, Some(&other.admin), Some(texts("侵入"))).await;
    assert_eq!(write.status, StatusCode::NOT_FOUND);
    let unchanged = app.call(Method::GET, &current, Some(&fx.admin), None).await;
    assert_eq!(unchanged.body["version"], "2");

    // A consent decision records the version the candidate was shown.
    let consents = fx.path("/t/{tenant}/v1/interviews/{interview}/consents");
    let given = json!({"kind": "ai_evaluation", "granted": true, "text_version": "2"});
    let reply = app.call(Method::POST, &consents, Some(&fx.interviewee.1), Some(given)).await;
    assert!(reply.status.is_success(), "{:?}", reply.body);
    let listed = app.call(Method::GET, &consents, Some(&fx.interviewee.1), None).await;
    let ai = listed.body.as_array().unwrap().iter().find(|c| c["kind"] == "ai_evaluation").cloned().unwrap();
    assert_eq!(ai["text_version"], "2");
}
