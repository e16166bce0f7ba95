//! Reports (帳票作成) on the embedded backend: the API stores the transcript and announces the
//! request, and the report-export handler (the same one the Lambda function runs) writes the
//! workbook in process.

use mendan_core::domain::report::{Report, ReportSource};
use mendan_core::domain::{ReportId, TenantSlug, UserId};
use mendan_core::events::{HandlerError, ReportRequested};
use mendan_core::repo::TenantStore;
use mendan_pipeline::report_export::{self, Outcome};
use mendan_tests::app::{TestApp, spawn_app};
use mendan_tests::reports::{post_report, report_item_names, report_items, workbook_text};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn published(app: &TestApp, detail_type: &str) -> Vec<Value> {
    let events = app.embedded.as_ref().unwrap().events.published();
    events.into_iter().filter(|e| e.detail_type == detail_type).map(|e| e.detail).collect()
}

async fn idle(app: &TestApp) {
    app.embedded.as_ref().unwrap().events.idle().await;
}

#[tokio::test]
async fn an_interviewers_transcript_becomes_a_workbook_they_can_download() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let items_path = fx.path("/t/{tenant}/v1/reports/items");
    let set = app.call(Method::PUT, &items_path, Some(&fx.admin), Some(report_items())).await;
    assert_eq!((set.status, &set.body), (StatusCode::OK, &report_items()));
    let read = app.call(Method::GET, &items_path, Some(&fx.interviewer.1), None).await;
    assert_eq!(read.body, report_items(), "interviewers read the items they report on");

    let created = post_report(&app, &fx, &fx.interviewer.1, "一次面接 山田さん", "interview-teams.vtt").await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{:?}", created.body);
    assert_eq!(created.body["state"], "pending");
    assert_eq!(created.body["created_by"], fx.interviewer.0.as_str());
    assert_eq!(created.body["error"], Value::Null);
    let id = created.body["id"].as_str().unwrap().to_owned();
    idle(&app).await;

    let path = format!("/t/{}/v1/reports/{id}", fx.tenant);
    let view = app.call(Method::GET, &path, Some(&fx.interviewer.1), None).await;
    assert_eq!(view.status, StatusCode::OK, "{:?}", view.body);
    assert_eq!((view.body["state"].as_str(), view.body["title"].as_str()), (Some("ready"), Some("一次面接 山田さん")));
    assert_eq!(view.body["download"]["method"], "GET");
    let download = app.http.get(view.body["download"]["url"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    let bytes = download.bytes().await.unwrap();
    let text = workbook_text(&bytes);
    for name in report_item_names().iter().map(String::as_str).chain(["帳票 Report", "全文 Transcript"]) {
        assert!(text.contains(name), "the workbook names {name}");
    }
    assert!(text.contains("前職では法人向けの営業を五年担当していました。"), "sentences are in the workbook");
    let stored = app.ports.objects.head(&format!("t/acme/reports/{id}/report.xlsx")).await.unwrap();
    assert_eq!(stored.map(|o| o.size), Some(bytes.len() as u64), "the link serves the stored workbook");
    // tests/run.sh opens this workbook with openpyxl, an independent reader.
    if let Some(out) = std::env::var_os("MENDAN_REPORT_XLSX_OUT") {
        std::fs::write(out, &bytes).expect("writing MENDAN_REPORT_XLSX_OUT");
    }

    // Announced once; a redelivered request changes and announces nothing.
    assert_eq!(published(&app, "ReportReady"), vec![json!({"tenant": "acme", "report_id": id})]);
    let again =
        ReportRequested { tenant: TenantSlug::parse("acme").unwrap(), report_id: ReportId::parse(&id).unwrap() };
    assert_eq!(report_export::handle(&app.ports, &again).await, Ok(Outcome::Unchanged));
    assert_eq!(published(&app, "ReportReady").len(), 1);
    let usage = mendan_tests::metering::usage(&app, "acme", &fx.admin).await;
    assert_eq!(mendan_tests::metering::total(&usage, "reports"), 1, "metered once (issue 18): {usage}");

    // Admins list every report, interviewers their own; another interviewer sees none of it.
    let admin_list = app.call(Method::GET, &fx.path("/t/{tenant}/v1/reports"), Some(&fx.admin), None).await;
    assert_eq!(admin_list.body["reports"][0]["id"], id.as_str());
    let (_, colleague) = app.user(&fx.tenant, &fx.admin, "interviewer", "colleague").await;
    let theirs = app.call(Method::GET, &fx.path("/t/{tenant}/v1/reports"), Some(&colleague), None).await;
    assert_eq!(theirs.body, json!({"reports": []}));
    assert_eq!(app.call(Method::GET, &path, Some(&colleague), None).await.status, StatusCode::NOT_FOUND);
    for role in ["interviewee", "expert"] {
        let refused = app.call(Method::GET, &path, Some(fx.token(role)), None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role}");
        let posted = post_report(&app, &fx, fx.token(role), "x", "interview-teams.vtt").await;
        assert_eq!(posted.status, StatusCode::FORBIDDEN, "{role}");
    }
}

#[tokio::test]
async fn reports_list_newest_first() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let first = post_report(&app, &fx, &fx.admin, "一回目", "interview-teams.vtt").await;
    let second = post_report(&app, &fx, &fx.interviewer.1, "二回目", "interview-30min.vtt").await;
    idle(&app).await;
    let listed = app.call(Method::GET, &fx.path("/t/{tenant}/v1/reports"), Some(&fx.admin), None).await;
    let ids: Vec<&Value> = listed.body["reports"].as_array().unwrap().iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, [&second.body["id"], &first.body["id"]]);
    let states: Vec<&Value> = listed.body["reports"].as_array().unwrap().iter().map(|r| &r["state"]).collect();
    assert_eq!(states, [&json!("ready"), &json!("ready")]);
    let own = app.call(Method::GET, &fx.path("/t/{tenant}/v1/reports"), Some(&fx.interviewer.1), None).await;
    assert_eq!(own.body["reports"].as_array().unwrap().len(), 1, "{:?}", own.body);
}

#[tokio::test]
async fn a_broken_transcript_is_refused_naming_the_line_and_nothing_is_stored() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let reports = fx.path("/t/{tenant}/v1/reports");
    let broken = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v A>前職では営業を担当していました。</v>\n\n00:00:05.000 --> soon\n<v B>はい。</v>\n";
    let body = json!({"title": "壊れたファイル", "format": "vtt", "text": broken});
    let refused = app.call(Method::POST, &reports, Some(&fx.interviewer.1), Some(body)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", refused.body);
    assert_eq!(refused.body["field"], "text");
    assert!(refused.body["detail"].as_str().unwrap().contains("6 行目"), "{:?}", refused.body);

    let unknown = json!({"title": "x", "format": "docx", "text": "WEBVTT\n"});
    let refused = app.call(Method::POST, &reports, Some(&fx.interviewer.1), Some(unknown)).await;
    assert_eq!((refused.status, refused.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("format")));
    let untitled = json!({"title": "  ", "format": "vtt", "text": "WEBVTT\n"});
    let refused = app.call(Method::POST, &reports, Some(&fx.interviewer.1), Some(untitled)).await;
    assert_eq!(refused.body["field"], "title");
    // A meeting recording needs a transcriber, which only the AWS deployment has: say so.
    let recording = json!({"title": "営業会議", "recording": {"content_type": "video/mp4", "size_bytes": 1000}});
    let refused = app.call(Method::POST, &reports, Some(&fx.interviewer.1), Some(recording)).await;
    assert_eq!((refused.status, refused.body["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("recording")));
    assert_eq!(refused.problem_type(), "transcription_unavailable");
    assert!(refused.body["detail"].as_str().unwrap().contains("VTT"), "{:?}", refused.body);
    let both = json!({"title": "x", "format": "vtt", "text": "WEBVTT\n",
        "recording": {"content_type": "video/mp4", "size_bytes": 1000}});
    let refused = app.call(Method::POST, &reports, Some(&fx.interviewer.1), Some(both)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "one or the other");

    idle(&app).await;
    let listed = app.call(Method::GET, &reports, Some(&fx.admin), None).await;
    assert_eq!(listed.body, json!({"reports": []}));
    assert!(app.ports.objects.list("t/acme/reports/").await.unwrap().is_empty(), "no transcript kept");
    assert!(published(&app, "ReportRequested").is_empty());
}

#[tokio::test]
async fn items_are_checked_and_a_report_needs_them() {
    let app = spawn_app().await;
    let admin = app.tenant("beta").await;
    let items = "/t/beta/v1/reports/items";
    let none = app.call(Method::GET, items, Some(&admin), None).await;
    assert_eq!((none.status, none.body), (StatusCode::OK, json!({"items": []})));
    let body = json!({"title": "一次面接", "format": "vtt", "text": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nこんにちは。\n"});
    let refused = app.call(Method::POST, "/t/beta/v1/reports", Some(&admin), Some(body)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    assert_eq!(refused.problem_type(), "report_items_missing");

    let twice = json!({"items": [{"name": "経験", "keywords": []}, {"name": "志望動機"}, {"name": "経験 "}]});
    let refused = app.call(Method::PUT, items, Some(&admin), Some(twice)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["field"], "items[2].name", "{:?}", refused.body);
    let many: Vec<Value> = (0..51).map(|k| json!({"name": format!("項目{k}")})).collect();
    let refused = app.call(Method::PUT, items, Some(&admin), Some(json!({"items": many}))).await;
    assert_eq!(refused.body["field"], "items");
    let unknown_field = json!({"items": [{"name": "経験", "weight": 2}]});
    let refused = app.call(Method::PUT, items, Some(&admin), Some(unknown_field)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.call(Method::GET, items, Some(&admin), None).await.body, json!({"items": []}), "nothing kept");
}

#[tokio::test]
async fn another_tenants_report_is_not_found() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let created = post_report(&app, &fx, &fx.interviewer.1, "一次面接", "interview-teams.vtt").await;
    let id = created.body["id"].as_str().unwrap();
    idle(&app).await;
    let other_admin = app.tenant("beta").await;
    for path in [format!("/t/beta/v1/reports/{id}"), format!("/t/acme/v1/reports/{id}")] {
        let reply = app.call(Method::GET, &path, Some(&other_admin), None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}: {:?}", reply.body);
    }
    let listed = app.call(Method::GET, "/t/beta/v1/reports", Some(&other_admin), None).await;
    assert_eq!(listed.body, json!({"reports": []}));
}

#[tokio::test]
async fn a_report_whose_transcript_is_gone_fails_with_the_reason() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    // A pending report without its transcript object, as if the object had been deleted.
    let tenant = TenantSlug::parse("acme").unwrap();
    let id = ReportId(uuid::Uuid::now_v7());
    let interviewer = UserId::parse(&fx.interviewer.0).unwrap();
    let pending =
        Report::pending(id, "消えた文字起こし".into(), ReportSource::Transcript, chrono::Utc::now(), interviewer);
    TenantStore::new(app.ports.items.as_ref(), &tenant).create(&pending).await.unwrap();

    let event = ReportRequested { tenant, report_id: id };
    let failed = report_export::handle(&app.ports, &event).await;
    assert!(matches!(failed, Err(HandlerError::Permanent(ref reason)) if reason.contains("missing")), "{failed:?}");
    let view = app.call(Method::GET, &format!("/t/acme/v1/reports/{id}"), Some(&fx.interviewer.1), None).await;
    assert_eq!(view.body["state"], "failed");
    assert_eq!(view.body["error"], "the transcript is missing");
    assert_eq!(view.body["download"], Value::Null);
    // A failed report stays failed; nothing is announced.
    assert_eq!(report_export::handle(&app.ports, &event).await, Ok(Outcome::Unchanged));
    assert!(published(&app, "ReportReady").is_empty());
}
