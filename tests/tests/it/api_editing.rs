//! Editing and deleting evaluation items, question sets and interviews (issue 14 item 8) on the embedded backend;
//! the same scenario runs on the AWS adapters in aws_api.rs.

use mendan_tests::app::spawn_app;

#[tokio::test]
async fn admins_edit_and_delete_what_is_unused() {
    let app = spawn_app().await;
    mendan_tests::editing::admins_edit_and_delete_what_is_unused(&app).await;
}

#[tokio::test]
async fn a_start_meanwhile_keeps_the_interview() {
    let app = spawn_app().await;
    mendan_tests::editing::a_start_meanwhile_keeps_the_interview(&app).await;
}
