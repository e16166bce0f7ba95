//! The API on the AWS adapters (DynamoDB, S3, EventBridge, Cognito on moto): the same scenarios as
//! on the embedded backend.

use mendan_tests::app::spawn_app_with;
use mendan_tests::moto::moto_backend;
use mendan_tests::scenarios;

#[tokio::test]
async fn tenant_isolation_holds_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    scenarios::tenant_isolation(&app).await;
}

#[tokio::test]
async fn consent_gates_upload_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let (_, _, key) = scenarios::consent_gates_upload(&app).await;
    let stored = moto.ports.objects.get(&key).await.unwrap();
    assert_eq!(stored.as_deref(), Some(&b"hello"[..]), "the presigned PUT stored the bytes in S3");
}
