//! Sessions users keep, on the embedded backend (the same scenarios run on moto in `aws_api`).

use mendan_tests::app::spawn_app;
use mendan_tests::sessions;

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_ends_the_session() {
    let app = spawn_app().await;
    sessions::refresh_tokens_rotate_and_reuse_ends_the_session(&app, "acme").await;
}

#[tokio::test]
async fn sign_out_disable_and_reset_end_sessions() {
    let app = spawn_app().await;
    sessions::sign_out_disable_and_reset_end_sessions(&app, "acme").await;
}

#[tokio::test]
async fn sessions_per_user_are_bounded() {
    let app = spawn_app().await;
    sessions::sessions_per_user_are_bounded(&app, "acme").await;
}

#[tokio::test]
async fn the_browser_keeps_the_refresh_token_in_an_http_only_cookie() {
    let app = spawn_app().await;
    sessions::the_browser_keeps_the_refresh_token_in_an_http_only_cookie(&app, "acme").await;
}

#[tokio::test]
async fn concurrent_refreshes_are_safe() {
    let app = spawn_app().await;
    sessions::concurrent_refreshes_are_safe(&app, "acme").await;
}
