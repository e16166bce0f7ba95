//! Retake requests (issue 14 item 3) on the embedded backend; the same scenario runs on the AWS adapters in
//! aws_api.rs.

use mendan_tests::app::spawn_app;

#[tokio::test]
async fn staff_ask_for_a_new_recording() {
    let app = spawn_app().await;
    mendan_tests::retakes::staff_ask_for_a_new_recording(&app).await;
}
