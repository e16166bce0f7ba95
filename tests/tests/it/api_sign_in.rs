//! First sign-in of an invited user: the admin hands over a temporary password; signing in with it
//! asks for the user's own password (the `new_password_required` challenge, as Cognito's
//! NEW_PASSWORD_REQUIRED on AWS) instead of giving a token.

use mendan_tests::app::spawn_app;
use mendan_tests::sign_in;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn an_invited_user_chooses_their_own_password_at_first_sign_in() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let invite = json!({"email": "new@acme.example", "display_name": "新人 一郎", "role": "interviewer"});
    let invited = app.call(Method::POST, "/t/acme/v1/users", Some(&fx.admin), Some(invite)).await;
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    let temporary = invited.body["temporary_password"].as_str().expect("shown to the admin once").to_owned();

    let login = json!({"email": "new@acme.example", "password": temporary});
    let first = app.call(Method::POST, "/t/acme/v1/auth/login", None, Some(login.clone())).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body["challenge"], "new_password_required", "{:?}", first.body);
    assert!(first.body.get("token").is_none(), "no token before the user's own password");
    let session = first.body["session"].as_str().unwrap();
    let me = app.call(Method::GET, "/t/acme/v1/me", Some(session), None).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "the session is no bearer token");

    let choose = |password: &str, session: &str| json!({"email": "new@acme.example", "session": session, "new_password": password});
    let path = "/t/acme/v1/auth/new-password";
    let short = app.call(Method::POST, path, None, Some(choose("short", session))).await;
    assert_eq!((short.status, short.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("new_password")));
    let same = app.call(Method::POST, path, None, Some(choose(&temporary, session))).await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY, "not the temporary one again");
    let other_tenant =
        app.call(Method::POST, "/t/other/v1/auth/new-password", None, Some(choose("my-own-pass-2026", session))).await;
    assert_eq!(other_tenant.status, StatusCode::UNAUTHORIZED);

    let chosen = app.call(Method::POST, path, None, Some(choose("my-own-pass-2026", session))).await;
    assert_eq!(chosen.status, StatusCode::OK, "{:?}", chosen.body);
    let token = chosen.body["token"].as_str().unwrap();
    let me = app.call(Method::GET, "/t/acme/v1/me", Some(token), None).await;
    assert_eq!(me.body["email"], "new@acme.example");

    let replay = app.call(Method::POST, path, None, Some(choose("another-pass-2026", session))).await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED, "the session is used up");
    let old = app.call(Method::POST, "/t/acme/v1/auth/login", None, Some(login)).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED, "the temporary password is gone");
    let again = json!({"email": "new@acme.example", "password": "my-own-pass-2026"});
    let signed_in = app.call(Method::POST, "/t/acme/v1/auth/login", None, Some(again)).await;
    assert!(signed_in.body["token"].is_string(), "{:?}", signed_in.body);
}

#[tokio::test]
async fn a_wrong_password_burst_is_throttled() {
    let app = spawn_app().await;
    sign_in::wrong_password_burst_is_throttled(&app, "acme").await;
}

#[tokio::test]
async fn refusals_tell_nothing_and_disabled_is_said_after_the_right_password() {
    let app = spawn_app().await;
    let right = sign_in::refusals_tell_nothing(&app, "acme").await;
    assert_eq!((right.status, right.problem_type()), (StatusCode::UNAUTHORIZED, "account_disabled"));
}

#[tokio::test]
async fn bad_tokens_get_fixed_words() {
    let app = spawn_app().await;
    sign_in::bad_tokens_get_fixed_words(&app, "acme").await;
}

#[tokio::test]
async fn names_with_hidden_characters_are_refused() {
    let app = spawn_app().await;
    sign_in::hidden_characters_in_names_are_refused(&app, "acme").await;
}

#[tokio::test]
async fn an_admin_issues_a_new_temporary_password() {
    let app = spawn_app().await;
    sign_in::admin_resets_a_password(&app, "acme").await;
}

/// Every client address gets its own, looser budget: from one address, the 51st failure (on
/// addresses nobody has, so no account's own counter is involved) waits.
#[tokio::test]
async fn one_client_address_is_throttled_across_accounts() {
    let app = spawn_app().await;
    app.tenant("acme").await;
    let mut last = None;
    for i in 0..51 {
        let body = json!({"email": format!("guess{i}@acme.example"), "password": "wrong-password-1"});
        last = Some(app.call(Method::POST, "/t/acme/v1/auth/login", None, Some(body)).await);
        if i < 50 {
            assert_eq!(last.as_ref().unwrap().status, StatusCode::UNAUTHORIZED, "attempt {i}");
        }
    }
    assert_eq!(last.unwrap().problem_type(), "too_many_attempts");
}

/// An office behind one address: many colleagues signing in at once, correctly, are never
/// throttled, since every correct password gives its attempt back, even when the give-backs race
/// (a lost one used to stay counted, and the load benchmark's honest sign-ins got 429).
#[tokio::test]
async fn colleagues_signing_in_at_once_from_one_address_are_not_throttled() {
    let app = spawn_app().await;
    let admin = app.tenant("acme").await;
    let mut emails = Vec::new();
    for i in 0..25 {
        app.user("acme", &admin, "interviewer", &format!("colleague{i}")).await;
        emails.push(format!("colleague{i}@acme.example"));
    }
    // 100 correct sign-ins from one address, 25 at a time: twice the address's free budget.
    for round in 0..4 {
        let logins = emails.iter().map(|email| {
            let body = json!({"email": email, "password": mendan_tests::app::PASSWORD});
            app.call(Method::POST, "/t/acme/v1/auth/login", None, Some(body))
        });
        for reply in futures_util::future::join_all(logins).await {
            assert_eq!(reply.status, StatusCode::OK, "round {round}: {:?}", reply.body);
        }
    }
}

#[tokio::test]
async fn problems_are_worded_in_the_users_language() {
    let app = spawn_app().await;
    sign_in::problems_are_worded_in_the_users_language(&app, "acme").await;
}

/// Sign-in with an authenticator app through the API (issue 20): set up on one's account (the secret and its
/// otpauth address, confirmed with a code), then signing in asks for the code; a wrong one is 401 `wrong_code`;
/// the right one signs in; an admin turns it off for someone who lost their phone, which the activity log shows.
#[tokio::test]
async fn a_person_signs_in_with_a_code_from_their_authenticator_app() {
    use mendan_core::domain::totp::{STEP_SECS, code_at};
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let me = &fx.expert.1;
    let setup = app.call(Method::POST, "/t/acme/v1/me/mfa/totp", Some(me), None).await;
    assert_eq!(setup.status, StatusCode::OK, "{:?}", setup.body);
    let secret = setup.body["secret"].as_str().unwrap().to_owned();
    assert!(setup.body["uri"].as_str().unwrap().starts_with("otpauth://totp/Mendan%20"), "{}", setup.body);
    let now = || chrono::Utc::now().timestamp();
    let wrong =
        app.call(Method::POST, "/t/acme/v1/me/mfa/totp/confirm", Some(me), Some(json!({"code": "12345"}))).await;
    assert_eq!((wrong.status, wrong.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("code")));
    let code = json!({"code": code_at(&secret, now()).unwrap()});
    let confirmed = app.call(Method::POST, "/t/acme/v1/me/mfa/totp/confirm", Some(me), Some(code)).await;
    assert_eq!(confirmed.body["enabled"], true, "{:?}", confirmed.body);

    let email = format!("expert@{}.example", fx.tenant);
    let login = json!({"email": email, "password": mendan_tests::app::PASSWORD});
    let first = app.call(Method::POST, "/t/acme/v1/auth/login", None, Some(login.clone())).await;
    assert_eq!(
        (first.status, first.body["challenge"].as_str()),
        (StatusCode::OK, Some("mfa_required")),
        "{:?}",
        first.body
    );
    assert!(first.body.get("token").is_none(), "no token before the code");
    let session = first.body["session"].as_str().unwrap();
    let bad = json!({"email": email, "session": session, "code": "000000"});
    let refused = app.call(Method::POST, "/t/acme/v1/auth/mfa", None, Some(bad)).await;
    if code_at(&secret, now()).unwrap() != "000000" {
        assert_eq!((refused.status, refused.problem_type()), (StatusCode::UNAUTHORIZED, "wrong_code"));
    }
    let good = json!({"email": email, "session": session, "code": code_at(&secret, now() + STEP_SECS).unwrap()});
    let signed_in = app.call(Method::POST, "/t/acme/v1/auth/mfa", None, Some(good)).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    let token = signed_in.body["token"].as_str().unwrap();
    assert_eq!(app.call(Method::GET, "/t/acme/v1/me/mfa", Some(token), None).await.body["enabled"], true);

    let reset = format!("/t/acme/v1/users/{}/mfa/reset", fx.expert.0);
    assert_eq!(app.call(Method::POST, &reset, Some(&fx.admin), None).await.body["enabled"], false);
    let again = app.call(Method::POST, "/t/acme/v1/auth/login", None, Some(login)).await;
    assert!(again.body["token"].is_string(), "the password alone again: {:?}", again.body);
    let log = app.call(Method::GET, "/t/acme/v1/audit", Some(&fx.admin), None).await;
    assert!(log.body.to_string().contains("mfa_reset"), "{:?}", log.body);
}

/// The tenant's rule that admins and experts sign in with an authenticator app (issue 20): an admin turns it on
/// only with their own app set up; an expert without one then reaches only their account page (403
/// `mfa_setup_required` elsewhere) until they set it up, and cannot turn it off; interviewers are not covered;
/// the change is in the activity log.
#[tokio::test]
async fn a_tenant_requires_staff_to_sign_in_with_an_authenticator_app() {
    use mendan_core::domain::totp::code_at;
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let now = || chrono::Utc::now().timestamp();
    let set_up = |token: String| {
        let app = &app;
        async move {
            let setup = app.call(Method::POST, "/t/acme/v1/me/mfa/totp", Some(&token), None).await;
            let code = json!({"code": code_at(setup.body["secret"].as_str().unwrap(), now()).unwrap()});
            let confirmed = app.call(Method::POST, "/t/acme/v1/me/mfa/totp/confirm", Some(&token), Some(code)).await;
            assert_eq!(confirmed.body["enabled"], true, "{:?}", confirmed.body);
        }
    };
    let policy = "/t/acme/v1/mfa/policy";
    let on = json!({"staff_mfa_required": true});
    let premature = app.call(Method::PUT, policy, Some(&fx.admin), Some(on.clone())).await;
    assert_eq!(premature.status, StatusCode::UNPROCESSABLE_ENTITY, "the admin's own app first: {:?}", premature.body);
    set_up(fx.admin.clone()).await;
    let turned_on = app.call(Method::PUT, policy, Some(&fx.admin), Some(on)).await;
    assert_eq!(turned_on.status, StatusCode::OK, "{:?}", turned_on.body);
    assert_eq!(turned_on.body, json!({"staff_mfa_required": true, "staff_without_mfa": 1}), "the expert");

    let expert = &fx.expert.1;
    let interviews = "/t/acme/v1/interviews";
    let kept_out = app.call(Method::GET, interviews, Some(expert), None).await;
    assert_eq!((kept_out.status, kept_out.problem_type()), (StatusCode::FORBIDDEN, "mfa_setup_required"));
    assert_eq!(app.call(Method::GET, "/t/acme/v1/me", Some(expert), None).await.status, StatusCode::OK);
    let state = app.call(Method::GET, "/t/acme/v1/me/mfa", Some(expert), None).await;
    assert_eq!((state.body["required"].as_bool(), state.body["enabled"].as_bool()), (Some(true), Some(false)));
    let interviewer = app.call(Method::GET, interviews, Some(&fx.interviewer.1), None).await;
    assert_eq!(interviewer.status, StatusCode::OK, "interviewers are not covered");

    set_up(expert.clone()).await;
    assert_eq!(app.call(Method::GET, interviews, Some(expert), None).await.status, StatusCode::OK);
    let off = app.call(Method::DELETE, "/t/acme/v1/me/mfa", Some(expert), None).await;
    assert_eq!(off.status, StatusCode::UNPROCESSABLE_ENTITY, "required, so not turned off: {:?}", off.body);
    let read = app.call(Method::GET, policy, Some(&fx.admin), None).await;
    assert_eq!(read.body["staff_without_mfa"], 0, "{:?}", read.body);
    let log = app.call(Method::GET, "/t/acme/v1/audit", Some(&fx.admin), None).await;
    assert!(log.body.to_string().contains("mfa_policy_changed"), "{:?}", log.body);
}
