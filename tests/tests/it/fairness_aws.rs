//! The monthly fairness run through the `ethics-monitoring` function's entry on the AWS adapters (moto), with a
//! clock port: once per month and tenant, the alert put on the bus and marked, the month on the admin's page.

use mendan_tests::app::spawn_app_with;
use mendan_tests::moto::moto_backend;
use serde_json::json;

#[tokio::test]
async fn the_monthly_function_analyses_a_month_once_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    // One tenant only: other tests' tenants share this moto.
    let (first, again, admin) =
        mendan_tests::fairness::seeded_monthly_runs(&app, "ethics-aws", "ethics-monitoring-backfill.json").await;
    assert_eq!((first["tenants"].as_u64(), first["computed"].as_u64()), (Some(1), Some(1)), "{first}");
    assert_eq!(first["alerted"], json!(["ethics-aws"]));
    assert_eq!((again["computed"].as_u64(), again["alerted"].clone()), (Some(0), json!([])), "{again}");
    mendan_tests::fairness::month_on_the_page(&app, "ethics-aws", &admin, first["month"].as_str().unwrap()).await;
}
