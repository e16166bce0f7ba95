//! Sessions users keep (short access token, rotating refresh token), run on both backends
//! (embedded in `api_sessions`, the AWS adapters on moto in `aws_api`).

use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{PASSWORD, Reply, TestApp};

/// Signs in in body mode; returns (access token, refresh token).
async fn sign_in(app: &TestApp, tenant: &str, email: &str) -> (String, String) {
    let body = json!({"email": email, "password": PASSWORD});
    let reply = app.call(Method::POST, &format!("/t/{tenant}/v1/auth/login"), None, Some(body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    pair(&reply)
}

fn pair(reply: &Reply) -> (String, String) {
    let access = reply.body["token"].as_str().expect("an access token").to_owned();
    let refresh = reply.body["refresh_token"].as_str().expect("a refresh token in the body").to_owned();
    (access, refresh)
}

async fn refresh(app: &TestApp, tenant: &str, refresh_token: &str) -> Reply {
    let body = json!({"refresh_token": refresh_token});
    app.call(Method::POST, &format!("/t/{tenant}/v1/auth/refresh"), None, Some(body)).await
}

async fn logout(app: &TestApp, tenant: &str, body: Value) -> StatusCode {
    app.call(Method::POST, &format!("/t/{tenant}/v1/auth/logout"), None, Some(body)).await.status
}

async fn me(app: &TestApp, tenant: &str, access: &str) -> StatusCode {
    app.call(Method::GET, &format!("/t/{tenant}/v1/me"), Some(access), None).await.status
}

/// Each refresh gives a working access token and the next refresh token; the previous one may be
/// presented again only as a retry just after its rotation, and an older one coming back ends
/// the whole session (a copy is loose). Nothing else passes for a refresh token, and another
/// tenant's path knows none.
pub async fn refresh_tokens_rotate_and_reuse_ends_the_session(app: &TestApp, tenant: &str) {
    let admin = app.tenant(tenant).await;
    app.user(tenant, &admin, "interviewer", "worker").await;
    let email = format!("worker@{tenant}.example");
    let login = app
        .call(
            Method::POST,
            &format!("/t/{tenant}/v1/auth/login"),
            None,
            Some(json!({"email": email, "password": PASSWORD})),
        )
        .await;
    let expires_in = login.body["expires_in"].as_u64().expect("expires_in");
    assert!((60..=3600).contains(&expires_in), "the access token is short-lived: {expires_in} s");
    let (_, r1) = pair(&login);

    let first = refresh(app, tenant, &r1).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let (access, r2) = pair(&first);
    assert_ne!(r2, r1, "refresh tokens rotate");
    assert_eq!(me(app, tenant, &access).await, StatusCode::OK);

    // The answer with r2 was lost: the client retries with r1 and gets r3 (r2 is never used).
    let retried = refresh(app, tenant, &r1).await;
    assert_eq!(retried.status, StatusCode::OK, "a retry just after the rotation: {:?}", retried.body);
    let (_, r3) = pair(&retried);
    let (_, r4) = pair(&refresh(app, tenant, &r3).await);

    let reused = refresh(app, tenant, &r1).await;
    assert_eq!((reused.status, reused.problem_type()), (StatusCode::UNAUTHORIZED, "unauthenticated"));
    assert_eq!(refresh(app, tenant, &r4).await.status, StatusCode::UNAUTHORIZED, "reuse ended the whole session");

    let (_, other) = sign_in(app, tenant, &email).await;
    assert_eq!(refresh(app, "someone-else", &other).await.status, StatusCode::UNAUTHORIZED, "per tenant");
    let huge = "mr1.".repeat(100_000);
    for bad in ["", "mr1.x.y.z", huge.as_str()] {
        assert_eq!(refresh(app, tenant, bad).await.status, StatusCode::UNAUTHORIZED);
    }
    let no_token = app.call(Method::POST, &format!("/t/{tenant}/v1/auth/refresh"), None, Some(json!({}))).await;
    assert_eq!(no_token.status, StatusCode::UNAUTHORIZED);
    let (_, other) = pair(&refresh(app, tenant, &other).await);
    // A wrong secret for this session's ids: only someone who saw one of its tokens can name it,
    // so it is treated as a loose copy too.
    let mut forged = other.clone();
    forged.replace_range(forged.len() - 3.., "AAA");
    assert_eq!(refresh(app, tenant, &forged).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refresh(app, tenant, &other).await.status, StatusCode::UNAUTHORIZED, "the session ended");
}

/// Signing out ends the session (also for a token already rotated away), always answering 204;
/// `everywhere` ends every session of the user; disabling the account or resetting its password
/// ends them too.
pub async fn sign_out_disable_and_reset_end_sessions(app: &TestApp, tenant: &str) {
    let admin = app.tenant(tenant).await;
    let (id, _) = app.user(tenant, &admin, "interviewer", "leaver").await;
    let email = format!("leaver@{tenant}.example");

    let (_, mine) = sign_in(app, tenant, &email).await;
    assert_eq!(logout(app, tenant, json!({"refresh_token": mine})).await, StatusCode::NO_CONTENT);
    assert_eq!(refresh(app, tenant, &mine).await.status, StatusCode::UNAUTHORIZED, "signed out");
    assert_eq!(logout(app, tenant, json!({"refresh_token": mine})).await, StatusCode::NO_CONTENT, "again");
    assert_eq!(logout(app, tenant, json!({"refresh_token": "garbage"})).await, StatusCode::NO_CONTENT);
    assert_eq!(logout(app, tenant, json!({})).await, StatusCode::NO_CONTENT);

    let (_, laptop) = sign_in(app, tenant, &email).await;
    let (_, phone) = sign_in(app, tenant, &email).await;
    let everywhere = json!({"refresh_token": laptop, "everywhere": true});
    assert_eq!(logout(app, tenant, everywhere).await, StatusCode::NO_CONTENT);
    assert_eq!(refresh(app, tenant, &phone).await.status, StatusCode::UNAUTHORIZED, "every device is signed out");

    let (_, before_reset) = sign_in(app, tenant, &email).await;
    let reset = app.call(Method::POST, &format!("/t/{tenant}/v1/users/{id}/reset-password"), Some(&admin), None).await;
    assert_eq!(reset.status, StatusCode::OK, "{:?}", reset.body);
    assert_eq!(refresh(app, tenant, &before_reset).await.status, StatusCode::UNAUTHORIZED, "a reset signs out");

    let (id, _) = app.user(tenant, &admin, "expert", "dismissed").await;
    let (access, session) = sign_in(app, tenant, &format!("dismissed@{tenant}.example")).await;
    let disable = app.call(Method::POST, &format!("/t/{tenant}/v1/users/{id}/disable"), Some(&admin), None).await;
    assert!(disable.status.is_success(), "{:?}", disable.body);
    assert_eq!(refresh(app, tenant, &session).await.status, StatusCode::UNAUTHORIZED, "disabled: no new token");
    assert_eq!(me(app, tenant, &access).await, StatusCode::UNAUTHORIZED, "and the one in hand is refused at once");
}

/// A user signing in again and again (a script, many browsers) keeps at most the allowed number of
/// sessions: the oldest ends.
pub async fn sessions_per_user_are_bounded(app: &TestApp, tenant: &str) {
    use mendan_core::usecases::sessions::MAX_SESSIONS_PER_USER;
    app.tenant(tenant).await;
    let email = format!("admin@{tenant}.example");
    let (_, oldest) = sign_in(app, tenant, &email).await;
    let mut newest = String::new();
    for _ in 0..MAX_SESSIONS_PER_USER {
        newest = sign_in(app, tenant, &email).await.1;
    }
    assert_eq!(refresh(app, tenant, &oldest).await.status, StatusCode::UNAUTHORIZED, "the oldest ended");
    assert_eq!(refresh(app, tenant, &newest).await.status, StatusCode::OK);
}

/// The web UI's way: with `X-Mendan-Refresh: cookie` the refresh token is never in a body, only in
/// an HttpOnly, SameSite=Strict cookie scoped to the tenant's auth path; the cookie is read only
/// when the header asks for it; signing out clears it.
pub async fn the_browser_keeps_the_refresh_token_in_an_http_only_cookie(app: &TestApp, tenant: &str) {
    app.tenant(tenant).await;
    let url = |route: &str| format!("{}/t/{tenant}/v1/auth/{route}", app.url);
    let login = app
        .http
        .post(url("login"))
        .header("x-mendan-refresh", "cookie")
        .json(&json!({"email": format!("admin@{tenant}.example"), "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let cookie = set_cookie(&login);
    let body: Value = login.json().await.unwrap();
    assert!(body["token"].is_string() && body.get("refresh_token").is_none(), "{body}");
    for attribute in ["HttpOnly", "SameSite=Strict", &format!("Path=/t/{tenant}/v1/auth")] {
        assert!(cookie.contains(attribute), "{cookie} has {attribute}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP (mendan serve on a LAN) could not keep a Secure cookie");
    let value = cookie.split(';').next().unwrap().to_owned();

    let without_header = app.http.post(url("refresh")).header(COOKIE, &value).json(&json!({})).send().await.unwrap();
    assert_eq!(without_header.status(), StatusCode::UNAUTHORIZED, "the cookie alone is not enough");
    let refreshed = with_cookie(app, url("refresh"), &value).await;
    assert_eq!(refreshed.status(), StatusCode::OK);
    let next = set_cookie(&refreshed).split(';').next().unwrap().to_owned();
    assert_ne!(next, value, "rotated");

    // Signing in again in this browser (its cookie still there) replaces that session.
    let again = app
        .http
        .post(url("login"))
        .header("x-mendan-refresh", "cookie")
        .header(COOKIE, &next)
        .json(&json!({"email": format!("admin@{tenant}.example"), "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    let replaced = with_cookie(app, url("refresh"), &next).await;
    assert_eq!(replaced.status(), StatusCode::UNAUTHORIZED, "the replaced session ended");
    let next = set_cookie(&again).split(';').next().unwrap().to_owned();

    let out = with_cookie(app, url("logout"), &next).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(set_cookie(&out).contains("Max-Age=0"), "signing out clears the cookie");
    let after = with_cookie(app, url("refresh"), &next).await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    assert!(set_cookie(&after).contains("Max-Age=0"), "an ended session takes its cookie with it");
}

/// A POST as the web UI sends it: cookie mode, the cookie the browser holds.
async fn with_cookie(app: &TestApp, url: String, cookie: &str) -> reqwest::Response {
    let request = app.http.post(url).header("x-mendan-refresh", "cookie").header(COOKIE, cookie).json(&json!({}));
    request.send().await.unwrap()
}

fn set_cookie(response: &reqwest::Response) -> String {
    response.headers().get(SET_COOKIE).expect("a Set-Cookie header").to_str().unwrap().to_owned()
}

/// Concurrent refreshes of one token (tabs racing, retries) answer 200 or 401, never a server
/// error, and leave the session with a single working token at most.
pub async fn concurrent_refreshes_are_safe(app: &TestApp, tenant: &str) {
    app.tenant(tenant).await;
    let (_, token) = sign_in(app, tenant, &format!("admin@{tenant}.example")).await;
    let replies = futures_util::future::join_all((0..6).map(|_| refresh(app, tenant, &token))).await;
    let mut issued = Vec::new();
    for reply in replies {
        assert!(matches!(reply.status, StatusCode::OK | StatusCode::UNAUTHORIZED), "{reply:?}");
        if reply.status == StatusCode::OK {
            issued.push(pair(&reply).1);
        }
    }
    assert!(!issued.is_empty(), "one of them rotated");
    let mut working = 0;
    for token in issued {
        working += usize::from(refresh(app, tenant, &token).await.status == StatusCode::OK);
    }
    assert!(working <= 1, "{working} tokens of one session worked");
}
