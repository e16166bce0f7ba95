//! Consent texts per tenant, versioned (issue 14 item 11), on the embedded backend; the same scenario runs on
//! the AWS adapters in aws_api.rs.

use mendan_tests::app::spawn_app;

#[tokio::test]
async fn consent_texts_are_versioned_per_tenant() {
    let app = spawn_app().await;
    mendan_tests::consent_texts::consent_texts_are_versioned_per_tenant(&app).await;
}
