//! The activity log, run on both backends: every consequential admin action on a person writes
//! one entry with its change, nothing else does, and admins read them newest first, page by page.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{PASSWORD, TestApp};

/// (action, old, new) of each entry, newest first.
fn summary(entries: &[Value]) -> Vec<(String, Value, Value)> {
    entries.iter().map(|e| (e["action"].as_str().unwrap().to_owned(), e["old"].clone(), e["new"].clone())).collect()
}

pub async fn admin_actions_are_audited(app: &TestApp, tenant: &str) {
    let admin = app.tenant(tenant).await;
    let base = format!("/t/{tenant}/v1");
    let call = |method: Method, path: String, body: Option<Value>| {
        let admin = admin.clone();
        async move { app.call(method, &path, Some(&admin), body).await }
    };
    let me = call(Method::GET, format!("{base}/me"), None).await.body;
    let invite = json!({"email": format!("hanako@{tenant}.example"), "display_name": "鈴木 花子", "role": "interviewee", "password": PASSWORD});
    let invited = call(Method::POST, format!("{base}/users"), Some(invite)).await;
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    let user = invited.body["user"]["id"].as_str().unwrap().to_owned();
    let patch = |body: Value| call(Method::PATCH, format!("{base}/users/{user}"), Some(body));

    // A role there and back (the UI's undo is the same PATCH), one that changes nothing, a rename.
    assert_eq!(patch(json!({"role": "admin"})).await.status, StatusCode::OK);
    assert_eq!(patch(json!({"role": "admin"})).await.status, StatusCode::OK);
    assert_eq!(patch(json!({"role": "interviewee"})).await.status, StatusCode::OK);
    assert_eq!(patch(json!({"display_name": "佐藤 花子"})).await.status, StatusCode::OK);
    // Refused changes record nothing.
    let own =
        call(Method::PATCH, format!("{base}/users/{}", me["id"].as_str().unwrap()), Some(json!({"role": "expert"})));
    assert_eq!(own.await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(patch(json!({"display_name": " "})).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reset = call(Method::POST, format!("{base}/users/{user}/reset-password"), None).await;
    assert_eq!(reset.status, StatusCode::OK, "{:?}", reset.body);
    let attributes = json!({"gender": "female", "age_band": "20-29"});
    for _ in 0..2 {
        let put = call(Method::PUT, format!("{base}/users/{user}/attributes"), Some(attributes.clone())).await;
        assert_eq!(put.status, StatusCode::OK);
    }
    for _ in 0..2 {
        assert_eq!(call(Method::POST, format!("{base}/users/{user}/disable"), None).await.status, StatusCode::OK);
    }

    let log = call(Method::GET, format!("{base}/audit"), None).await;
    assert_eq!(log.status, StatusCode::OK, "{:?}", log.body);
    let entries = log.body["entries"].as_array().unwrap().clone();
    let null = Value::Null;
    assert_eq!(
        summary(&entries),
        [
            ("user_disabled".into(), null.clone(), null.clone()),
            ("attributes_changed".into(), null.clone(), null.clone()),
            ("password_reset".into(), null.clone(), null.clone()),
            ("display_name_changed".into(), json!("鈴木 花子"), json!("佐藤 花子")),
            ("role_changed".into(), json!("admin"), json!("interviewee")),
            ("role_changed".into(), json!("interviewee"), json!("admin")),
            ("user_invited".into(), null.clone(), json!("interviewee")),
        ]
    );
    assert_eq!(log.body["next_before"], Value::Null, "one page holds them all");
    for entry in &entries {
        assert_eq!(entry["actor"], json!({"id": me["id"], "display_name": me["display_name"]}));
        assert_eq!(entry["subject"]["id"], user.as_str());
        assert!(entry["at"].as_str().is_some_and(|at| at.starts_with("20")), "{entry}");
    }
    let text = log.body.to_string();
    assert!(
        !text.contains('@') && !text.contains("female") && !text.contains("20-29"),
        "no e-mail, no attribute: {text}"
    );
    let temporary = reset.body["temporary_password"].as_str();
    assert!(temporary.is_none_or(|p| !text.contains(p)), "no password");

    // Page by page with the cursor: the same entries, in the same order, none twice.
    let mut paged = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let query = before.as_ref().map_or(String::new(), |b| format!("&before={b}"));
        let page = call(Method::GET, format!("{base}/audit?limit=3{query}"), None).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        let got = page.body["entries"].as_array().unwrap();
        assert!(got.len() <= 3);
        paged.extend(got.iter().cloned());
        match page.body["next_before"].as_str() {
            Some(next) => before = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(paged, entries);

    // Bounded pages and well-formed cursors, or a clear refusal.
    for bad in ["limit=0", "limit=101", "before=yesterday"] {
        let refused = call(Method::GET, format!("{base}/audit?{bad}"), None).await;
        assert!(refused.status.is_client_error(), "{bad}: {:?}", refused.body);
        assert_eq!(refused.content_type, "application/problem+json", "{bad}");
    }
    let limit = call(Method::GET, format!("{base}/audit?limit=101"), None).await;
    assert_eq!((limit.status, limit.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("limit")));

    // Staff other than admins may not read it.
    let (_, interviewer) = app.user(tenant, &admin, "interviewer", "taro").await;
    let refused = app.call(Method::GET, &format!("{base}/audit"), Some(&interviewer), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
