//! Issue 18 on the embedded backend: purging a tenant leaves nothing of it in the SQLite table, the objects'
//! folder or the accounts, finishes after being cut off, and leaves another tenant as it was.

use mendan_core::domain::TenantSlug;
use mendan_tests::app::spawn_app_in;
use mendan_tests::tenancy::{Residue, accounts_signing_in, purge_scenario};

/// Every file under the tenant's folder (an object and its metadata count as one object).
fn files_under(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                files_under(&e.path())
            } else {
                usize::from(!e.path().to_string_lossy().ends_with(".meta"))
            }
        })
        .sum()
}

#[tokio::test]
async fn a_purge_leaves_nothing_of_the_tenant_and_finishes_when_run_again() {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app_in(data.path()).await;
    let objects_root = data.path().join("objects/t");
    purge_scenario(&app, |tenant: TenantSlug| {
        let (ports, folder) = (app.ports.clone(), objects_root.join(tenant.as_str()));
        async move {
            Residue {
                items: ports.items.query(&format!("T#{tenant}"), "").await.unwrap().len(),
                object_versions: files_under(&folder),
                accounts: accounts_signing_in(&ports, &tenant).await,
            }
        }
    })
    .await;
}
