//! The port conformance suite against the AWS adapters, on a moto server (started by tests/run.sh).

use mendan_tests::conformance;
use mendan_tests::moto::moto_backend;

#[tokio::test]
async fn dynamodb_items_conform() {
    let Some(moto) = moto_backend().await else { return };
    conformance::items_suite(moto.ports.items.as_ref()).await;
}

#[tokio::test]
async fn s3_objects_conform() {
    let Some(moto) = moto_backend().await else { return };
    conformance::objects_suite(moto.ports.objects.as_ref()).await;
}

#[tokio::test]
async fn eventbridge_events_conform() {
    let Some(moto) = moto_backend().await else { return };
    conformance::events_suite(moto.ports.events.as_ref(), |n| moto.received_events(n)).await;
}

#[tokio::test]
async fn cognito_identity_conforms() {
    let Some(moto) = moto_backend().await else { return };
    conformance::identity_suite(moto.ports.identity.as_ref()).await;
}
