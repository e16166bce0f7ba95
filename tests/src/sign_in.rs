//! Sign-in abuse and account scenarios, run on both backends (embedded in `api_sign_in`, the AWS
//! adapters on moto in `aws_api`).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{PASSWORD, Reply, TestApp};

fn login_body(email: &str, password: &str) -> Value {
    json!({"email": email, "password": password})
}

/// A login attempt with its Retry-After header.
async fn attempt(app: &TestApp, tenant: &str, email: &str, password: &str) -> (Reply, Option<u64>) {
    let response = app
        .http
        .post(format!("{}/t/{tenant}/v1/auth/login", app.url))
        .header("accept-language", "en")
        .json(&login_body(email, password))
        .send()
        .await
        .expect("request reaches the app");
    let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()?.parse().ok());
    let status = response.status();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let body = response.json().await.unwrap_or(Value::Null);
    (Reply { status, content_type, body }, retry_after)
}

/// A burst of wrong passwords on one account: all attempts are counted before any password is
/// checked, so only the free ones reach the password; the rest, and then even the right password,
/// get 429 `too_many_attempts` with Retry-After. Another account signs in meanwhile from the same
/// address, and an unknown address is throttled exactly like a known one.
pub async fn wrong_password_burst_is_throttled(app: &TestApp, tenant: &str) {
    let admin = app.tenant(tenant).await;
    let (_, _) = app.user(tenant, &admin, "interviewer", "victim").await;
    let victim = format!("victim@{tenant}.example");

    let burst = (0..12).map(|i| {
        let victim = victim.clone();
        async move { attempt(app, tenant, &victim, &format!("wrong-password-{i:03}")).await }
    });
    let answers = futures_util::future::join_all(burst).await;
    let checked = answers.iter().filter(|(r, _)| r.status == StatusCode::UNAUTHORIZED).count();
    let throttled: Vec<_> = answers.iter().filter(|(r, _)| r.status == StatusCode::TOO_MANY_REQUESTS).collect();
    assert!(checked <= 6, "only the free attempts reach the password, got {checked} of 12");
    assert_eq!(checked + throttled.len(), 12, "{answers:?}");
    for (reply, retry_after) in &throttled {
        assert_eq!(reply.problem_type(), "too_many_attempts", "{:?}", reply.body);
        assert_eq!(reply.content_type, "application/problem+json");
        assert!(retry_after.is_some_and(|s| (1..=900).contains(&s)), "Retry-After in seconds: {retry_after:?}");
    }
    let (right, retry_after) = attempt(app, tenant, &victim, PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "checked before the password: {:?}", right.body);
    assert!(retry_after.is_some());

    // The address is throttled far later than an account: a colleague signs in.
    app.login(tenant, &format!("admin@{tenant}.example"), PASSWORD).await;

    // Unknown addresses are counted the same way, so a 429 says nothing about who exists.
    let nobody = format!("nobody@{tenant}.example");
    let mut statuses = Vec::new();
    for i in 0..7 {
        statuses.push(attempt(app, tenant, &nobody, &format!("wrong-password-{i:03}")).await.0.status);
    }
    assert_eq!(statuses[..5], [StatusCode::UNAUTHORIZED; 5], "{statuses:?}");
    assert!(statuses[5..].contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
}

/// A wrong password, a wrong address and an unknown tenant answer alike (`wrong_credentials`),
/// with fixed words; a disabled account is never called disabled for a wrong password.
pub async fn refusals_tell_nothing(app: &TestApp, tenant: &str) -> Reply {
    let admin = app.tenant(tenant).await;
    let (id, _) = app.user(tenant, &admin, "interviewer", "leaver").await;
    let leaver = format!("leaver@{tenant}.example");
    let wrong = attempt(app, tenant, &leaver, "wrong-password-1").await.0;
    let unknown = attempt(app, tenant, &format!("nobody@{tenant}.example"), PASSWORD).await.0;
    let no_tenant = attempt(app, "no-such-tenant", &leaver, PASSWORD).await.0;
    for reply in [&wrong, &unknown, &no_tenant] {
        assert_eq!((reply.status, reply.problem_type()), (StatusCode::UNAUTHORIZED, "wrong_credentials"));
        assert_eq!(reply.body["detail"], wrong.body["detail"]);
    }

    let disabled = app.call(Method::POST, &format!("/t/{tenant}/v1/users/{id}/disable"), Some(&admin), None).await;
    assert_eq!(disabled.status, StatusCode::OK);
    let wrong = attempt(app, tenant, &leaver, "wrong-password-2").await.0;
    assert_eq!(wrong.problem_type(), "wrong_credentials", "a wrong password never learns 'disabled'");
    // The right password: the caller decides what its backend may say (see the callers).
    attempt(app, tenant, &leaver, PASSWORD).await.0
}

/// 401 answers to bad tokens carry fixed words, never a library's (a JWT decoder's) message.
pub async fn bad_tokens_get_fixed_words(app: &TestApp, tenant: &str) {
    app.tenant(tenant).await;
    // Header {"alg":"none"}, which a JWT library names in its error ("unknown variant `none`").
    let alg_none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
    let mut details = Vec::new();
    for token in [alg_none, "not.a.token", "garbage", "a.b.c"] {
        let reply = app
            .send(
                app.http
                    .get(format!("{}/t/{tenant}/v1/me", app.url))
                    .bearer_auth(token)
                    .header("accept-language", "en"),
            )
            .await;
        assert_eq!((reply.status, reply.problem_type()), (StatusCode::UNAUTHORIZED, "unauthenticated"));
        details.push(reply.body["detail"].as_str().unwrap_or_default().to_owned());
    }
    assert!(details.iter().all(|d| d == "Please sign in again."), "{details:?}");
}

/// Display names with control characters or bidi overrides are refused on invitation and change.
pub async fn hidden_characters_in_names_are_refused(app: &TestApp, tenant: &str) {
    let admin = app.tenant(tenant).await;
    let users = format!("/t/{tenant}/v1/users");
    for name in ["evil\u{202E}gnp.exe", "nul\0name", "a\u{2066}b", "line\nbreak"] {
        let body = json!({"email": format!("n{}@{tenant}.example", name.len()), "display_name": name, "role": "interviewee", "password": PASSWORD});
        let reply = app.call(Method::POST, &users, Some(&admin), Some(body)).await;
        assert_eq!(
            (reply.status, reply.body["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("display_name"))
        );
    }
    let (id, _) = app.user(tenant, &admin, "interviewee", "plain").await;
    let patch = json!({"display_name": "x\u{202D}y"});
    let reply = app.call(Method::PATCH, &format!("{users}/{id}"), Some(&admin), Some(patch)).await;
    assert_eq!((reply.status, reply.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("display_name")));
    let listed = app.call(Method::GET, &users, Some(&admin), None).await;
    assert!(!listed.body.to_string().contains('\u{202E}'), "nothing refused was stored");
}

/// An admin issues a new temporary password (an expired invitation); the user then chooses their
/// own at sign-in. Others may not.
pub async fn admin_resets_a_password(app: &TestApp, tenant: &str) {
    let admin = app.tenant(tenant).await;
    let (id, token) = app.user(tenant, &admin, "interviewer", "forgetful").await;
    let path = format!("/t/{tenant}/v1/users/{id}/reset-password");
    let refused = app.call(Method::POST, &path, Some(&token), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let reset = app.call(Method::POST, &path, Some(&admin), None).await;
    assert_eq!(reset.status, StatusCode::OK, "{:?}", reset.body);
    let temporary = reset.body["temporary_password"].as_str().expect("shown once to the admin");
    let email = format!("forgetful@{tenant}.example");
    let old = attempt(app, tenant, &email, PASSWORD).await.0;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED, "the old password no longer works");
    let first = attempt(app, tenant, &email, temporary).await.0;
    assert_eq!(first.body["challenge"], "new_password_required", "{:?}", first.body);
    let other = format!("/t/{tenant}/v1/users/{}/reset-password", uuid::Uuid::now_v7());
    assert_eq!(app.call(Method::POST, &other, Some(&admin), None).await.status, StatusCode::NOT_FOUND);
}

/// Issue 14 item 4: problems say what happened in the user's language. A second invitation of an
/// address answers 409 `email_taken` naming the field (not a generic conflict), and a value the
/// domain refuses is said in Japanese to a Japanese request and in English to an English one,
/// without the other language mixed in.
pub async fn problems_are_worded_in_the_users_language(app: &TestApp, tenant: &str) {
    let admin = app.tenant(tenant).await;
    let invite =
        json!({"email": format!("twice@{tenant}.example"), "display_name": "二度 招待", "role": "interviewee"});
    let path = format!("/t/{tenant}/v1/users");
    let first = app.call(Method::POST, &path, Some(&admin), Some(invite.clone())).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let again = app.call(Method::POST, &path, Some(&admin), Some(invite)).await;
    assert_eq!((again.status, again.problem_type()), (StatusCode::CONFLICT, "email_taken"), "{:?}", again.body);
    assert_eq!(again.body["field"], "email");
    assert!(again.body["detail"].as_str().unwrap().contains("すでに登録されています"), "{:?}", again.body);

    let long_name =
        json!({"email": format!("x@{tenant}.example"), "display_name": "長".repeat(101), "role": "interviewee"});
    let worded = |lang: &'static str| {
        let request = app.http.post(format!("{}{path}", app.url)).bearer_auth(&admin).header("accept-language", lang);
        app.send(request.json(&long_name))
    };
    let ja = worded("ja").await;
    assert_eq!((ja.status, ja.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("display_name")));
    let detail = ja.body["detail"].as_str().unwrap();
    assert!(detail.contains("表示名") && !detail.chars().any(|c| c.is_ascii_alphabetic()), "{detail}");
    let en = worded("en").await;
    let detail = en.body["detail"].as_str().unwrap();
    assert!(detail.starts_with("Enter a name") && detail.is_ascii(), "{detail}");
}
