//! Issue 18 on the embedded backend: purging a tenant leaves nothing of it in the SQLite table, the objects'
//! folder or the accounts, finishes after being cut off, and leaves another tenant as it was.

use mendan_core::domain::TenantSlug;
use mendan_tests::app::spawn_app_in;
use mendan_tests::tenancy::{Residue, Snapshot, accounts_signing_in, erasure_scenario, purge_scenario};

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
    // The copies of the mails sent (the outbox's .eml files) went with the tenant; the other tenant's stay.
    let mails_to = |domain: &str| {
        std::fs::read_dir(data.path().join("mail"))
            .unwrap()
            .flatten()
            .filter(|f| std::fs::read_to_string(f.path()).unwrap_or_default().contains(domain))
            .count()
    };
    assert_eq!(mails_to("@gone.example"), 0);
    assert!(mails_to("@kept.example") > 0);
}

#[tokio::test]
async fn an_erased_person_is_named_by_no_item_and_no_object() {
    let data = tempfile::tempdir().unwrap();
    let app = spawn_app_in(data.path()).await;
    let root = data.path().join("objects");
    erasure_scenario(&app, |tenant: TenantSlug| {
        let (ports, root) = (app.ports.clone(), root.clone());
        async move {
            let items = ports.items.query(&format!("T#{tenant}"), "").await.unwrap();
            Snapshot {
                items: items.iter().map(|i| format!("{} {}", i.key.sk, i.body)).collect(),
                object_keys: object_keys(&root, &root.join(format!("t/{tenant}"))),
            }
        }
    })
    .await;
}

/// Every file under `dir`, as object keys relative to `root`.
fn object_keys(root: &std::path::Path, dir: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                object_keys(root, &path)
            } else {
                vec![path.strip_prefix(root).unwrap().to_string_lossy().trim_end_matches(".meta").to_owned()]
            }
        })
        .collect()
}

#[tokio::test]
async fn withdrawing_the_recording_consent_deletes_the_recordings_and_what_came_of_them() {
    let app = mendan_tests::app::spawn_app().await;
    let fx = app.fixture("acme").await;
    app.settle().await;
    let prefix = format!("t/acme/interviews/{}/", fx.recorded);
    assert!(!app.ports.objects.list(&prefix).await.unwrap().is_empty(), "the recording is stored");
    let withdraw = serde_json::json!({"kind": "recording", "granted": false, "text_version": "2026-11"});
    let path = fx.path("/t/{tenant}/v1/interviews/{recorded}/consents");
    let reply = app.call(reqwest::Method::POST, &path, Some(&fx.interviewee.1), Some(withdraw.clone())).await;
    assert!(reply.status.is_success(), "{:?}", reply.body);
    // The erasure handler deletes them (the API may not): on the embedded bus, within the request's wake.
    app.settle().await;
    assert!(app.ports.objects.list(&prefix).await.unwrap().is_empty(), "its objects are gone");
    // Redelivered through the erasure function's entry with its sample event: nothing more to do, no failure.
    let replacements =
        [("TENANT", "acme"), ("INTERVIEW_ID", fx.recorded.as_str()), ("INTERVIEWEE_ID", fx.interviewee.0.as_str())];
    let sample = mendan_tests::samples::sample_event("erasure-consent-withdrawn.json", &replacements);
    let again = mendan_pipeline::erasure::handle_envelope(&app.ports, sample).await.unwrap();
    assert_eq!(again["status"], "done", "{again}");
    assert_eq!(again["counts"]["objects"], 0, "{again}");
    let recordings = fx.path("/t/{tenant}/v1/interviews/{recorded}/recordings");
    let listed = app.call(reqwest::Method::GET, &recordings, Some(&fx.admin), None).await;
    assert_eq!(listed.body, serde_json::json!([]), "no recording is listed");
    let history = app.call(reqwest::Method::GET, &path, Some(&fx.admin), None).await;
    assert!(
        history.body.to_string().contains("\"granted\":false"),
        "the withdrawal itself is kept: {:?}",
        history.body
    );
    // Given again, a stale withdrawal deletes nothing.
    let regrant = serde_json::json!({"kind": "recording", "granted": true, "text_version": "2026-11"});
    let granted = app.call(reqwest::Method::POST, &path, Some(&fx.interviewee.1), Some(regrant)).await;
    assert!(granted.status.is_success(), "{:?}", granted.body);
    let sample = mendan_tests::samples::sample_event("erasure-consent-withdrawn.json", &replacements);
    let stale = mendan_pipeline::erasure::handle_envelope(&app.ports, sample).await.unwrap();
    assert_eq!(stale["status"], "nothing to do", "{stale}");
}

#[tokio::test]
async fn the_daily_run_purges_tenants_past_their_grace_and_samples_the_others() {
    use mendan_core::domain::tenant::Tenant;
    use mendan_core::repo::{TenantStore, keys};
    let app = mendan_tests::app::spawn_app().await;
    let ended = app.fixture("ended").await;
    app.fixture("active").await;
    app.settle().await;
    let store = TenantStore::new(app.ports.items.as_ref(), &TenantSlug::parse("ended").unwrap());
    let current = store.get::<Tenant>(keys::TENANT).await.unwrap();
    let due = chrono::NaiveDate::from_ymd_opt(2026, 1, 31);
    store.update(&Tenant { contract_end: due, ..current.value }, current.version).await.unwrap();

    // The function's sample event (the Scheduler's empty input) takes the same path.
    let sample = mendan_tests::samples::sample_event("retention-daily.json", &[]);
    let run = mendan_pipeline::retention::handle_invocation(&app.ports, sample).await.unwrap();
    assert_eq!((run["tenants"].as_u64(), run["sampled"].as_u64()), (Some(2), Some(1)), "{run}");
    assert_eq!(run["purged"], serde_json::json!(["ended"]), "{run}");
    assert!(app.ports.items.query("T#ended", "").await.unwrap().is_empty(), "the ended tenant is gone");
    let me = app.call(reqwest::Method::GET, "/t/ended/v1/me", Some(&ended.admin), None).await;
    assert_ne!(me.status, reqwest::StatusCode::OK);
    let usage = mendan_core::usecases::usage::month_of(
        &app.ports,
        &TenantSlug::parse("active").unwrap(),
        &mendan_tests::metering::this_month(),
    )
    .await
    .unwrap();
    let sampled =
        usage.days.iter().find_map(|d| d.counts.get(&mendan_core::domain::usage::Meter::StoredBytes).copied());
    assert_eq!(sampled, Some(3), "the active tenant's stored bytes (its 3-byte recording) were sampled: {usage:?}");
}

#[tokio::test]
async fn an_admin_exports_all_the_tenants_data_as_one_zip() {
    use std::io::Read;
    let app = mendan_tests::app::spawn_app().await;
    let fx = app.fixture("acme").await;
    app.settle().await;
    let asked = app.call(reqwest::Method::POST, "/t/acme/v1/exports", Some(&fx.admin), None).await;
    assert_eq!(asked.status, reqwest::StatusCode::ACCEPTED, "{:?}", asked.body);
    let refused = app.call(reqwest::Method::POST, "/t/acme/v1/exports", Some(&fx.interviewer.1), None).await;
    assert_eq!(refused.status, reqwest::StatusCode::FORBIDDEN);
    app.settle().await;
    let path = format!("/t/acme/v1/exports/{}", asked.body["id"].as_str().unwrap());
    let view = app.call(reqwest::Method::GET, &path, Some(&fx.admin), None).await;
    assert_eq!(view.body["state"], "ready", "{:?}", view.body);
    let bytes =
        app.http.get(view.body["download"]["url"].as_str().unwrap()).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(view.body["size_bytes"], bytes.len(), "the link serves the stored zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    for wanted in ["README.txt", "data/user.json", "data/interview.json", "tables/users.csv", "tables/interviews.csv"] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
    }
    let recording = format!("files/t/acme/interviews/{}/recordings/", fx.recorded);
    assert!(names.iter().any(|n| n.starts_with(&recording)), "the recording is in it: {names:?}");
    assert!(!names.iter().any(|n| n.contains("session") || n.contains("pwlink")), "no sign-in secrets: {names:?}");
    let mut users = String::new();
    zip.by_name("tables/users.csv").unwrap().read_to_string(&mut users).unwrap();
    assert!(users.starts_with("\"id\",\"email\"") && users.contains("admin@acme.example"), "{users}");
    // The export function's sample event of events/ takes the same path (a redelivery: the zip is left as it is).
    let id = asked.body["id"].as_str().unwrap();
    let sample =
        mendan_tests::samples::sample_event("export-export-requested.json", &[("TENANT", "acme"), ("EXPORT_ID", id)]);
    let answer = mendan_pipeline::tenant_export::handle_envelope(&app.ports, sample).await.unwrap();
    assert_eq!(answer["status"], "done", "{answer}");
    let again = app.call(reqwest::Method::GET, &path, Some(&fx.admin), None).await;
    assert_eq!(again.body["ready_at"], view.body["ready_at"], "not prepared twice");
    let other = app.fixture("other").await;
    let theirs = app.call(reqwest::Method::GET, &path, Some(&other.admin), None).await;
    assert_eq!(theirs.status, reqwest::StatusCode::NOT_FOUND, "another tenant's admin cannot reach it");
}
