//! The API on the AWS adapters (DynamoDB, S3, EventBridge, Cognito on moto): the same scenarios as
//! on the embedded backend.

use mendan_core::ports::Key;
use mendan_tests::app::{PASSWORD, spawn_app_with};
use mendan_tests::moto::moto_backend;
use mendan_tests::scenarios;
use mendan_tests::sessions;
use mendan_tests::sign_in;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn tenant_isolation_holds_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    scenarios::tenant_isolation(&app).await;
}

/// No summary or feedback yet is a state on DynamoDB too; an unknown or invisible interview is still 404.
#[tokio::test]
async fn nothing_yet_is_a_state_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::nothing_yet::nothing_yet_is_a_state(&app).await;
}

#[tokio::test]
async fn consent_texts_are_versioned_per_tenant_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::consent_texts::consent_texts_are_versioned_per_tenant(&app).await;
}

#[tokio::test]
async fn staff_ask_for_a_new_recording_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::retakes::staff_ask_for_a_new_recording(&app).await;
}

/// Editing and deleting with the in-use rules (issue 14 item 8) on DynamoDB's conditional writes.
#[tokio::test]
async fn admins_edit_and_delete_what_is_unused_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::editing::admins_edit_and_delete_what_is_unused(&app).await;
}

#[tokio::test]
async fn a_start_meanwhile_keeps_the_interview_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::editing::a_start_meanwhile_keeps_the_interview(&app).await;
}

#[tokio::test]
async fn admin_actions_are_audited_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::audit::admin_actions_are_audited(&app, "acme").await;
}

#[tokio::test]
async fn consent_gates_upload_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let (_, _, key) = scenarios::consent_gates_upload(&app).await;
    let stored = moto.ports.objects.get(&key).await.unwrap();
    assert_eq!(stored.as_deref(), Some(&b"hello"[..]), "the presigned PUT stored the bytes in S3");
}

#[tokio::test]
async fn a_wrong_password_burst_is_throttled_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    sign_in::wrong_password_burst_is_throttled(&app, "acme").await;
}

/// Cognito refuses a disabled account whatever the password, so on AWS "disabled" is never said.
#[tokio::test]
async fn refusals_tell_nothing_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let right = sign_in::refusals_tell_nothing(&app, "acme").await;
    assert_eq!((right.status, right.problem_type()), (StatusCode::UNAUTHORIZED, "wrong_credentials"));
}

#[tokio::test]
async fn bad_tokens_get_fixed_words_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    sign_in::bad_tokens_get_fixed_words(&app, "acme").await;
}

#[tokio::test]
async fn an_admin_issues_a_new_temporary_password_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    sign_in::admin_resets_a_password(&app, "acme").await;
}

#[tokio::test]
async fn problems_are_worded_in_the_users_language_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    sign_in::problems_are_worded_in_the_users_language(&app, "acme").await;
}

/// Mendan's sessions over Cognito: the session store keeps Cognito's refresh token and renews id
/// tokens with it (REFRESH_TOKEN_AUTH); rotation and reuse detection are Mendan's own.
#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_ends_the_session_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    sessions::refresh_tokens_rotate_and_reuse_ends_the_session(&app, "acme").await;
}

/// Disabling and resetting also sign the user out of Cognito (AdminUserGlobalSignOut).
#[tokio::test]
async fn sign_out_disable_and_reset_end_sessions_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    sessions::sign_out_disable_and_reset_end_sessions(&app, "acme").await;
}

#[tokio::test]
async fn the_browser_keeps_the_refresh_token_in_an_http_only_cookie_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    sessions::the_browser_keeps_the_refresh_token_in_an_http_only_cookie(&app, "acme").await;
}

#[tokio::test]
async fn concurrent_refreshes_are_safe_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    sessions::concurrent_refreshes_are_safe(&app, "acme").await;
}

/// The test pool keeps moto's default policy (upper, lower, digit, symbol), stricter than the
/// API's: an invitation Cognito refuses must leave no user and no e-mail index behind, so the
/// same address can be invited again.
#[tokio::test]
async fn a_refused_invitation_leaves_nothing_behind() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let admin = app.tenant("acme").await;
    let email = "refused@acme.example";
    let invite = |password: &str| json!({"email": email, "display_name": "招待 花子", "role": "interviewer", "password": password});
    let refused =
        app.call(Method::POST, "/t/acme/v1/users", Some(&admin), Some(invite("only-lowercase-passphrase"))).await;
    assert_eq!((refused.status, refused.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("password")));
    let index = Key::new("T#acme", format!("EMAIL#{email}"));
    assert_eq!(moto.ports.items.get(&index).await.unwrap(), None, "no e-mail index left");
    let users = app.call(Method::GET, "/t/acme/v1/users", Some(&admin), None).await;
    assert!(!users.body.to_string().contains(email), "no user left: {:?}", users.body);

    let accepted = app.call(Method::POST, "/t/acme/v1/users", Some(&admin), Some(invite(PASSWORD))).await;
    assert_eq!(accepted.status, StatusCode::CREATED, "the same address can be invited again: {:?}", accepted.body);
    app.login("acme", email, PASSWORD).await;
}

#[tokio::test]
async fn feedback_finds_what_the_answers_show_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::feedback::criteria_shown_are_found_and_only_the_candidates_language_is_required(&app).await;
}

#[tokio::test]
async fn scheduling_moving_and_cancelling_an_interview_mails_its_people_through_ses() {
    let Some(moto) = mendan_tests::moto::moto_mail_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let (fx, interview) = mendan_tests::mail::interview_notices(&app, &mendan_tests::mail::MotoMail::new(&moto)).await;
    // The sample envelope of events/, as EventBridge hands it to the email function, twice.
    let notice = uuid::Uuid::now_v7().to_string();
    let envelope = mendan_tests::samples::sample_event(
        "email-interview-changed.json",
        &[
            ("TENANT", &fx.tenant),
            ("INTERVIEW_ID", &interview),
            ("NOTICE_ID", &notice),
            ("INTERVIEWEE_ID", &fx.interviewee.0),
            ("INTERVIEWER_ID", &fx.interviewer.0),
        ],
    );
    let site = mendan_core::usecases::interview_mail::SiteUrl("https://mendan.example.co.jp".into());
    let first = mendan_pipeline::mail::handle_envelope(&moto.ports, &site, envelope.clone()).await.unwrap();
    assert_eq!((first["status"].as_str(), first["sent"].as_u64()), (Some("done"), Some(2)), "{first}");
    let again = mendan_pipeline::mail::handle_envelope(&moto.ports, &site, envelope).await.unwrap();
    assert_eq!(again["sent"], 0, "a redelivered notice is not mailed again");
}

#[tokio::test]
async fn invitations_and_forgotten_passwords_are_mailed_links_through_ses_and_cognito() {
    let Some(moto) = mendan_tests::moto::moto_mail_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::mail::invitations_and_password_links(&app, &mendan_tests::mail::MotoMail::new(&moto)).await;
}

#[tokio::test]
async fn reminder_schedules_follow_the_interview_in_eventbridge_scheduler() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::reminders::reminder_schedules_follow_the_interview(&app, &moto).await;
}

#[tokio::test]
async fn a_bounced_address_gets_no_more_mail_through_ses() {
    let Some(moto) = mendan_tests::moto::moto_mail_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::mail::a_bounced_address_gets_no_more_mail(&app, &mendan_tests::mail::MotoMail::new(&moto)).await;
}

#[tokio::test]
async fn the_mail_domain_becomes_an_ses_identity_with_its_records() {
    let Some(moto) = mendan_tests::moto::moto_mail_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::mail::the_mail_domain_shows_its_records(&app, false).await;
    let identity =
        aws_sdk_sesv2::Client::new(&moto.sdk).get_email_identity().email_identity("example.co.jp").send().await;
    assert!(identity.is_ok(), "the domain is an SES identity now: {identity:?}");
}

#[tokio::test]
async fn ready_mail_goes_to_whoever_waits_through_ses() {
    let Some(moto) = mendan_tests::moto::moto_mail_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    mendan_tests::mail::ready_mail_goes_to_whoever_waits(&app, &mendan_tests::mail::MotoMail::new(&moto)).await;
}
