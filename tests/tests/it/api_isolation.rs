//! Tenant isolation on the embedded backend (the same scenario runs on moto in `aws_api.rs`).

#[tokio::test]
async fn another_tenants_paths_and_ids_answer_404_and_lists_stay_inside() {
    let app = mendan_tests::app::spawn_app().await;
    mendan_tests::scenarios::tenant_isolation(&app).await;
}
