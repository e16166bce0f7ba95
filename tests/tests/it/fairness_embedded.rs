//! The ethics analysis of the training data (issue 19, first slice) through the API: expert ratings by the
//! interviewee's protected attributes, small groups reported as too small, behind the ethics option.

use mendan_tests::app::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn expert_ratings_are_read_by_group_and_small_groups_keep_their_figures_back() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let attributes = json!({"gender": "female", "age_band": "20-29"});
    let path = format!("/t/acme/v1/users/{}/attributes", fx.interviewee.0);
    let set = app.call(Method::PUT, &path, Some(&fx.admin), Some(attributes)).await;
    assert!(set.status.is_success(), "{:?}", set.body);
    let rating = json!({"scores": [{"item_id": fx.item, "score": 4}], "comment": "落ち着いて話せている"});
    let rated = app
        .call(Method::PUT, &fx.path("/t/{tenant}/v1/interviews/{recorded}/ratings"), Some(&fx.expert.1), Some(rating))
        .await;
    assert!(rated.status.is_success(), "{:?}", rated.body);

    let report = app.call(Method::GET, "/t/acme/v1/fairness/ratings", Some(&fx.admin), None).await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!((report.body["ratings"].as_u64(), report.body["min_group"].as_u64()), (Some(1), Some(5)));
    let gender = report.body["items"].as_array().unwrap().iter().find(|i| i["attribute"] == "gender").unwrap();
    assert_eq!(gender["groups"], json!([{"group": "female", "n": 1, "mean": null, "sd": null, "too_small": true}]));
    assert_eq!(gender["comparisons"], json!([]), "nothing is compared below the minimum size");
    let refused = app.call(Method::GET, "/t/acme/v1/fairness/ratings", Some(&fx.expert.1), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_person_declares_their_own_attributes_with_their_own_consent_and_can_withdraw_it() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let me = &fx.interviewee.1;
    let missing = json!({"gender": "female", "age_band": "20-29", "consent": true, "text_version": " "});
    let refused = app.call(Method::PUT, "/t/acme/v1/me/attributes", Some(me), Some(missing)).await;
    assert_eq!(
        (refused.status, refused.body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("text_version"))
    );
    let free_text = json!({"gender": "女性です", "consent": true, "text_version": "2026-12"});
    let refused = app.call(Method::PUT, "/t/acme/v1/me/attributes", Some(me), Some(free_text)).await;
    assert_eq!(refused.body["field"], "gender", "fixed choices only");

    let declared = json!({"gender": "female", "age_band": "20-29", "consent": true, "text_version": "2026-12"});
    let saved = app.call(Method::PUT, "/t/acme/v1/me/attributes", Some(me), Some(declared)).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    assert_eq!(
        (saved.body["basis"]["by"].as_str(), saved.body["gender"].as_str()),
        (Some("self_declared"), Some("female"))
    );
    // Admins see them for the bias check; interviewers never.
    let path = format!("/t/acme/v1/users/{}/attributes", fx.interviewee.0);
    assert_eq!(app.call(Method::GET, &path, Some(&fx.admin), None).await.body["gender"], "female");
    assert_eq!(app.call(Method::GET, &path, Some(&fx.interviewer.1), None).await.status, StatusCode::FORBIDDEN);

    let withdraw = json!({"consent": false, "text_version": "2026-12"});
    let withdrawn = app.call(Method::PUT, "/t/acme/v1/me/attributes", Some(me), Some(withdraw)).await;
    assert_eq!(withdrawn.body["basis"], serde_json::Value::Null);
    let read = app.call(Method::GET, "/t/acme/v1/me/attributes", Some(me), None).await;
    assert_eq!(
        (read.body["gender"].clone(), read.body["basis"].clone()),
        (serde_json::Value::Null, serde_json::Value::Null),
        "deleted"
    );
}

/// The demonstration tenant's model (ratings biased against women on one item, pitch in the features): the
/// analysis flags the rating difference, names pitch as the proxy for gender and one expert's own difference.
#[tokio::test]
async fn a_model_trained_on_biased_ratings_shows_the_difference_and_its_proxy() {
    let app = spawn_app().await;
    let admin = app.tenant("ethics").await;
    let tenant = mendan_core::domain::TenantSlug::parse("ethics").unwrap();
    mendan_pipeline::fairness_demo::seed(&app.ports, &tenant, 120).await.unwrap();
    let model = app.call(Method::GET, "/t/ethics/v1/fairness/model", Some(&admin), None).await;
    assert_eq!(model.status, StatusCode::OK, "{:?}", model.body);
    let report = &model.body["report"];
    let gender = report["attributes"].as_array().unwrap().iter().find(|a| a["attribute"] == "gender").unwrap();
    assert_eq!(gender["proxies"]["features"][0]["feature"], "voice.pitch_mean_hz", "{}", gender["proxies"]);
    let flags = report["flags"].as_array().unwrap();
    let manner = gender["items"].as_array().unwrap().iter().find(|i| i["item_name"] == "話し方").unwrap();
    let flagged = |kind: &str| {
        flags.iter().any(|f| f["kind"] == kind && f["item_id"] == manner["item_id"] && f["group"] == "female")
    };
    assert!(flagged("rating_difference"), "{flags:?}");
    let difference = &manner["ratings"]["comparisons"][0];
    let interval = [difference["interval95"][0].as_f64().unwrap(), difference["interval95"][1].as_f64().unwrap()];
    let injected = mendan_pipeline::fairness_demo::DEMO_RATING_BIAS;
    assert!(interval[0] <= injected && injected <= interval[1], "{injected} in {interval:?}");
    let experts: Vec<&str> = flags
        .iter()
        .filter(|f| f["kind"] == "expert_difference" && f["item_id"] != manner["item_id"])
        .filter_map(|f| f["expert"].as_str())
        .collect();
    assert_eq!(experts, ["評価者 C"], "the one expert who rates women lower on the other item, by name");

    // Pass scores and limits are the tenant's; a pass score off the item's scale is refused.
    let item = manner["item_id"].as_str().unwrap();
    let off_scale =
        json!({"pass_scores": {item: 9}, "limits": {"min_impact_ratio": 0.8, "max_standardised_difference": 0.5}});
    let refused = app.call(Method::PUT, "/t/ethics/v1/fairness/settings", Some(&admin), Some(off_scale)).await;
    assert_eq!(
        (refused.status, refused.body["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("pass_scores"))
    );
    let settings =
        json!({"pass_scores": {item: 3}, "limits": {"min_impact_ratio": 0.9, "max_standardised_difference": 0.5}});
    let saved = app.call(Method::PUT, "/t/ethics/v1/fairness/settings", Some(&admin), Some(settings)).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.body);
    let again = app.call(Method::GET, "/t/ethics/v1/fairness/model", Some(&admin), None).await;
    let gender = again.body["report"]["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["attribute"] == "gender")
        .unwrap()
        .clone();
    let manner = gender["items"].as_array().unwrap().iter().find(|i| i["item_id"] == item).unwrap().clone();
    assert_eq!(
        (manner["selection"]["basis"].as_str(), manner["selection"]["threshold"].as_f64()),
        (Some("tenant"), Some(3.0))
    );

    // The print-ready workbooks read each finding out; the auditor's zip names nobody.
    for (lang, words) in [("ja", "評価の基準と運用を見直し"), ("en", "Review how the criterion is applied")]
    {
        let path = format!("{}/t/ethics/v1/fairness/model/workbook?lang={lang}", app.url);
        let reply = app.http.get(path).bearer_auth(&admin).send().await.unwrap();
        assert_eq!(reply.status(), StatusCode::OK);
        let text = mendan_tests::reports::workbook_text(&reply.bytes().await.unwrap());
        assert!(text.contains(words), "{lang}: {text}");
    }
    let reply =
        app.http.get(format!("{}/t/ethics/v1/fairness/model/audit", app.url)).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(reply.headers()["content-type"], "application/zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(reply.bytes().await.unwrap().to_vec())).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        ["data-dictionary.md", "method.md", "model-card.json", "report.json", "workbook-en.xlsx", "workbook-ja.xlsx"]
    );
    let mut everything = String::new();
    for name in ["report.json", "model-card.json", "data-dictionary.md", "method.md"] {
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut everything).unwrap();
    }
    assert!(!everything.contains("評価者 C") && !everything.contains("expert-"), "experts are numbered");
    let store = mendan_core::repo::TenantStore::new(app.ports.items.as_ref(), &tenant);
    for interview in store.list::<mendan_core::domain::interview::Interview>("INTERVIEW#").await.unwrap() {
        assert!(
            !everything.contains(&interview.id.to_string())
                && !everything.contains(&interview.interviewee_id.to_string())
        );
    }
}

/// The monthly run on the embedded backend with a clock port: the month before the clock's is analysed once, a
/// redelivery computes nothing, and the alert reaches the page and the admins' mail once.
#[tokio::test]
async fn the_monthly_run_analyses_a_month_once_and_alerts_the_admins() {
    let app = spawn_app().await;
    let (first, again, admin) =
        mendan_tests::fairness::seeded_monthly_runs(&app, "ethics", "ethics-monitoring-monthly.json").await;
    assert_eq!((first["computed"].as_u64(), first["alerted"].clone()), (Some(1), json!(["ethics"])), "{first}");
    assert_eq!((again["computed"].as_u64(), again["alerted"].clone()), (Some(0), json!([])), "{again}");
    let month = first["month"].as_str().unwrap();
    let whole = mendan_tests::fairness::month_on_the_page(&app, "ethics", &admin, month).await;
    assert_eq!(whole["report"]["subjects"], 40);
    let sent = app.call(Method::GET, "/t/ethics/v1/mail/sent", Some(&admin), None).await;
    let alerts: Vec<&serde_json::Value> =
        sent.body.as_array().unwrap().iter().filter(|m| m["kind"] == "fairness_alert").collect();
    assert_eq!(alerts.len(), 1, "one alert mail to the one admin: {:?}", sent.body);
}

/// Erasing a person removes their interviews from every model's training record (every version of it).
#[tokio::test]
async fn an_erased_interviewee_leaves_the_training_record() {
    let app = spawn_app().await;
    let admin = app.tenant("ethics").await;
    let tenant = mendan_core::domain::TenantSlug::parse("ethics").unwrap();
    mendan_pipeline::fairness_demo::seed(&app.ports, &tenant, 40).await.unwrap();
    let store = mendan_core::repo::TenantStore::new(app.ports.items.as_ref(), &tenant);
    let model = store
        .list::<mendan_core::domain::model::ModelVersion>(mendan_core::repo::keys::MODEL_PREFIX)
        .await
        .unwrap()
        .remove(0);
    let key = model.cv_key.unwrap();
    let read = || async { String::from_utf8(app.ports.objects.get(&key).await.unwrap().unwrap()).unwrap() };
    let interviews = store
        .list::<mendan_core::domain::interview::Interview>(mendan_core::repo::keys::INTERVIEW_PREFIX)
        .await
        .unwrap();
    let trained_on = read().await;
    let erased = interviews.iter().find(|i| trained_on.contains(&i.id.to_string())).unwrap();
    // The demo's interviewees have no account: erased as an operator erases a person (`mendan tenant erase-person`).
    mendan_core::usecases::erasure::erase_person(&app.ports, &tenant, erased.interviewee_id, "operator").await.unwrap();
    let after = read().await;
    assert!(!after.contains(&erased.id.to_string()), "the interview is gone from the record");
    let versions = app.ports.objects.list(key.trim_end_matches("cv.json")).await.unwrap();
    assert_eq!(versions.len(), 1, "one record, rewritten: {versions:?}");
    let report = app.call(Method::GET, "/t/ethics/v1/fairness/model", Some(&admin), None).await;
    assert_eq!(report.body["report"]["subjects"], 39);
}
