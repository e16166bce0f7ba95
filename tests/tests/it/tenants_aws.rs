//! Issue 18 on the AWS adapters (moto): purging a tenant leaves no item of it in a full scan of the table, no
//! object version or delete marker under its prefix, no Cognito user of it; cut off, it finishes when run again;
//! another tenant is untouched.

use mendan_core::domain::TenantSlug;
use mendan_tests::app::spawn_app_with;
use mendan_tests::moto::{MotoBackend, moto_backend};
use mendan_tests::tenancy::{Snapshot, aws_residue, erasure_scenario, purge_scenario};

#[tokio::test]
async fn a_purge_leaves_nothing_of_the_tenant_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    purge_scenario(&app, |tenant| aws_residue(&moto, tenant)).await;
    let ses = aws_sdk_sesv2::Client::new(&moto.sdk);
    let identity = ses.get_email_identity().email_identity("gone-mail.example").send().await;
    assert!(identity.is_err(), "the purged tenant's mail domain identity is gone");
    let sender = ses.get_email_identity().email_identity("mail.mendan-test.example").send().await;
    assert!(sender.is_ok(), "the deployment's own sender stays");
}

/// Every item of the tenant's partition by a full scan, and every object version and delete marker under its
/// prefix (as `key#version`), on moto.
async fn snapshot(moto: &MotoBackend, tenant: TenantSlug) -> Snapshot {
    let dynamodb = aws_sdk_dynamodb::Client::new(&moto.sdk);
    let mut items = Vec::new();
    let mut start = None;
    loop {
        let page = dynamodb
            .scan()
            .table_name(&moto.settings.table)
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .unwrap();
        for item in page.items() {
            let pk = item.get("pk").and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            if pk == format!("T#{tenant}") {
                items.push(format!("{:?}", item).replace("\\\"", "\""));
            }
        }
        match page.last_evaluated_key() {
            Some(key) => start = Some(key.clone()),
            None => break,
        }
    }
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&moto.sdk).force_path_style(true).build());
    let listed =
        s3.list_object_versions().bucket(&moto.settings.bucket).prefix(format!("t/{tenant}/")).send().await.unwrap();
    let versions = listed.versions().iter().map(|v| (v.key(), v.version_id()));
    let markers = listed.delete_markers().iter().map(|m| (m.key(), m.version_id()));
    let object_keys = versions
        .chain(markers)
        .map(|(key, version)| format!("{}#version{}", key.unwrap_or_default(), version.unwrap_or_default()))
        .collect();
    Snapshot { items, object_keys }
}

#[tokio::test]
async fn an_erased_person_is_named_by_no_item_and_no_object_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    erasure_scenario(&app, |tenant| snapshot(&moto, tenant)).await;
}

/// The export handler on S3 (moto): the tenant's files downloaded, the zip uploaded from a file and served by
/// its presigned link.
#[tokio::test]
async fn an_export_is_prepared_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let app = spawn_app_with(moto.ports.clone()).await;
    let fx = app.fixture("acme").await;
    let asked = app.call(reqwest::Method::POST, "/t/acme/v1/exports", Some(&fx.admin), None).await;
    assert_eq!(asked.status, reqwest::StatusCode::ACCEPTED, "{:?}", asked.body);
    let id = asked.body["id"].as_str().unwrap();
    let event = mendan_core::events::ExportRequested {
        tenant: TenantSlug::parse("acme").unwrap(),
        export_id: mendan_core::domain::ExportId::parse(id).unwrap(),
    };
    mendan_pipeline::tenant_export::handle(&app.ports, &event).await.unwrap();
    let view = app.call(reqwest::Method::GET, &format!("/t/acme/v1/exports/{id}"), Some(&fx.admin), None).await;
    assert_eq!(view.body["state"], "ready", "{:?}", view.body);
    let bytes =
        app.http.get(view.body["download"]["url"].as_str().unwrap()).send().await.unwrap().bytes().await.unwrap();
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    assert!(
        zip.file_names().any(|n| n.is_ok_and(|n| n.starts_with("files/t/acme/interviews/"))),
        "the recording is in it"
    );
}
