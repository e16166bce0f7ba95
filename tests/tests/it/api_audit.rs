//! The activity log on the embedded backend (the same scenario runs on moto in `aws_api.rs`).

#[tokio::test]
async fn admin_actions_are_audited() {
    let app = mendan_tests::app::spawn_app().await;
    mendan_tests::audit::admin_actions_are_audited(&app, "acme").await;
}
