//! Issue 18 on the AWS adapters (moto): purging a tenant leaves no item of it in a full scan of the table, no
//! object version or delete marker under its prefix, no Cognito user of it; cut off, it finishes when run again;
//! another tenant is untouched.

use mendan_tests::app::spawn_app_with;
use mendan_tests::moto::moto_backend;
use mendan_tests::tenancy::{aws_residue, purge_scenario};

#[tokio::test]
async fn a_purge_leaves_nothing_of_the_tenant_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    purge_scenario(&app, |tenant| aws_residue(&moto, tenant)).await;
}
