//! Example sentences of content items (issue 17 item 2): admins give a few per content item; they are checked,
//! kept and read back; behaviour items take none.

use mendan_tests::app::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn content_items_keep_a_few_example_sentences() {
    let app = spawn_app().await;
    let fx = app.fixture("acme").await;
    let items = fx.path("/t/{tenant}/v1/evaluation-items");
    let item = |kind: &str, examples: serde_json::Value| {
        json!({"name": "主体性", "description": "自分から課題を見つけて行動する", "scale_min": 1, "scale_max": 5,
            "kind": kind, "examples": examples})
    };
    let made = app
        .call(
            Method::POST,
            &items,
            Some(&fx.admin),
            Some(item("content", json!(["  自分から改善を提案しました。 ", "", "新しい仕組みを立ち上げました。"]))),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    assert_eq!(
        made.body["examples"],
        json!(["自分から改善を提案しました。", "新しい仕組みを立ち上げました。"]),
        "trimmed, blanks dropped"
    );
    let id = made.body["id"].as_str().unwrap();
    let read = app.call(Method::GET, &format!("{items}/{id}"), Some(&fx.interviewer.1), None).await;
    assert_eq!(read.body["examples"].as_array().map(Vec::len), Some(2));

    for bad in [
        item("behaviour", json!(["例文"])),
        item("content", json!(["一", "二", "三", "四", "五", "六"])),
        item("content", json!(["あ".repeat(201)])),
    ] {
        let refused = app.call(Method::POST, &items, Some(&fx.admin), Some(bad)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", refused.body);
    }
    // An item saved without examples reads back without the field.
    let plain = app.call(Method::POST, &items, Some(&fx.admin), Some(item("content", json!([])))).await;
    assert!(plain.body.get("examples").is_none(), "{:?}", plain.body);
}
