//! Admins edit and delete evaluation items, question sets and interviews (issue 14 item 8): what nothing uses
//! yet may change or go; what ratings, answers, consents or recordings rely on is refused with 409 `in_use`,
//! in the caller's language, and stays as it was. Other roles and other tenants are refused.

use std::sync::Arc;

use mendan_core::Ports;
use mendan_core::ports::{Condition, Item, Items, Key, PortResult, Write};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{Fixture, Reply, TestApp, id_of, spawn_app_with};

pub async fn admins_edit_and_delete_what_is_unused(app: &TestApp) {
    let fx = app.fixture("acme").await;
    let other = app.fixture("beta").await;
    evaluation_items(app, &fx, &other).await;
    question_sets(app, &fx, &other).await;
    interviews(app, &fx, &other).await;
}

/// An unused item changes freely and can be deleted; once rated only its name and description change.
async fn evaluation_items(app: &TestApp, fx: &Fixture, other: &Fixture) {
    let items = fx.path("/t/{tenant}/v1/evaluation-items");
    let fresh = item_body("協調性", 1, 5, "behaviour");
    let unused = id_of(&app.call(Method::POST, &items, Some(&fx.admin), Some(fresh)).await);
    let unused_path = format!("{items}/{unused}");
    let rescaled =
        app.call(Method::PUT, &unused_path, Some(&fx.admin), Some(item_body("協調性", 0, 10, "content"))).await;
    assert_eq!(rescaled.status, StatusCode::OK, "an unused item's scale may change: {:?}", rescaled.body);
    refused_to_others(app, fx, other, &unused_path).await;
    deleted(app, &unused_path, &fx.admin).await;

    // An interviewer rates the fixture's recorded interview on the fixture's item.
    let ratings = fx.path("/t/{tenant}/v1/interviews/{recorded}/ratings");
    let score = json!({"scores": [{"item_id": fx.item, "score": 4}], "comment": "落ち着いて話せている"});
    let rated = app.call(Method::PUT, &ratings, Some(&fx.interviewer.1), Some(score)).await;
    assert_eq!(rated.status, StatusCode::OK, "{:?}", rated.body);
    let used = format!("{items}/{}", fx.item);
    let before = app.call(Method::GET, &used, Some(&fx.admin), None).await.body;

    let refused = in_use(app, Method::DELETE, &used, &fx.admin, None).await;
    assert_eq!(
        refused.body["detail"],
        "この評価項目は 1 件の面談の評価で使われているため削除できません。名前と説明は変更できます。"
    );
    let english = in_english(app, Method::DELETE, &used, &fx.admin, None).await;
    assert!(english.body["detail"].as_str().unwrap().contains("1 interview"), "{:?}", english.body);
    for changed in [item_body("論理的思考", 1, 10, "behaviour"), item_body("論理的思考", 1, 5, "content")] {
        let refused = in_use(app, Method::PUT, &used, &fx.admin, Some(changed)).await;
        assert_eq!(
            refused.body["detail"],
            "すでに評価に使われているため、尺度と種類は変更できません。名前と説明は変更できます。"
        );
    }
    assert_eq!(app.call(Method::GET, &used, Some(&fx.admin), None).await.body, before, "nothing changed");

    let renamed = json!({"name": "論理性", "description": "結論から話せるか", "scale_min": 1, "scale_max": 5, "kind": "behaviour"});
    let reply = app.call(Method::PUT, &used, Some(&fx.admin), Some(renamed)).await;
    assert_eq!(reply.status, StatusCode::OK, "name and description still change: {:?}", reply.body);
    assert_eq!(
        (reply.body["name"].as_str(), reply.body["description"].as_str()),
        (Some("論理性"), Some("結論から話せるか"))
    );
}

/// A set's questions are fixed once an interview answered them; a set live interviews use cannot go.
async fn question_sets(app: &TestApp, fx: &Fixture, other: &Fixture) {
    let sets = fx.path("/t/{tenant}/v1/question-sets");
    let used = format!("{sets}/{}", fx.question_set);
    let before = app.call(Method::GET, &used, Some(&fx.admin), None).await.body;

    // The fixture's recorded interview answered the set's question.
    let reworded = set_body("一次面接", &[("自己紹介を 1 分でどうぞ。", 60)], 1);
    let refused = in_use(app, Method::PUT, &used, &fx.admin, Some(reworded)).await;
    assert_eq!(
        refused.body["detail"],
        "回答済みの面談があるため質問の文面・数・順番は変更できません。複製して新しい質問セットを作ってください。"
    );
    let added = set_body("一次面接", &[("自己紹介をしてください。", 60), ("志望動機は？", 90)], 1);
    in_use(app, Method::PUT, &used, &fx.admin, Some(added)).await;
    assert_eq!(app.call(Method::GET, &used, Some(&fx.admin), None).await.body, before, "nothing changed");
    // Everything around the questions may still change.
    let mut around = set_body("一次面接（改）", &[("自己紹介をしてください。", 120)], 3);
    around["follow_ups"] = json!(true);
    around["practice_question"] = json!({"text": "好きな食べ物は？", "answer_seconds": 20});
    let reply = app.call(Method::PUT, &used, Some(&fx.admin), Some(around)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(
        (reply.body["retake_limit"].as_u64(), reply.body["questions"][0]["answer_seconds"].as_u64()),
        (Some(3), Some(120))
    );
    let refused = in_use(app, Method::DELETE, &used, &fx.admin, None).await;
    assert!(refused.body["detail"].as_str().unwrap().contains("2 件の面談"), "{:?}", refused.body);

    // A set only a scheduled interview uses: its questions may change; it goes once that interview is cancelled.
    let created =
        app.call(Method::POST, &sets, Some(&fx.admin), Some(set_body("二次面接", &[("強みは？", 60)], 0))).await;
    let set = id_of(&created);
    let path = format!("{sets}/{set}");
    let base = fx.path("/t/{tenant}/v1");
    let interview = app.interview(&base, &fx.admin, &fx.interviewer.0, &fx.interviewee, &set).await;
    let reworded = set_body("二次面接", &[("あなたの強みを教えてください。", 60), ("弱みは？", 60)], 0);
    let reply = app.call(Method::PUT, &path, Some(&fx.admin), Some(reworded)).await;
    assert_eq!(reply.status, StatusCode::OK, "nobody answered yet: {:?}", reply.body);
    let english = in_english(app, Method::DELETE, &path, &fx.admin, None).await;
    assert!(english.body["detail"].as_str().unwrap().contains("Cancel those interviews"), "{:?}", english.body);
    refused_to_others(app, fx, other, &path).await;
    let cancel = json!({"status": "cancelled"});
    let cancelled =
        app.call(Method::POST, &format!("{base}/interviews/{interview}/status"), Some(&fx.admin), Some(cancel)).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:?}", cancelled.body);
    deleted(app, &path, &fx.admin).await;
}

/// An interview nothing was recorded about can be deleted by an admin or its interviewer; one with
/// consents, recordings or a transcript, or one that started, is kept (cancel it instead).
async fn interviews(app: &TestApp, fx: &Fixture, other: &Fixture) {
    let base = fx.path("/t/{tenant}/v1");
    let at = |id: &str| format!("{base}/interviews/{id}");

    // The fixture's scheduled interview holds the candidate's recording consent; `recorded` started.
    let consented = in_use(app, Method::DELETE, &at(&fx.interview), &fx.admin, None).await;
    assert_eq!(consented.body["detail"], "同意や録画の記録がある面談は削除できません。中止にしてください。");
    let english = in_english(app, Method::DELETE, &at(&fx.interview), &fx.interviewer.1, None).await;
    assert!(english.body["detail"].as_str().unwrap().contains("Cancel it instead"), "{:?}", english.body);
    in_use(app, Method::DELETE, &at(&fx.recorded), &fx.admin, None).await;
    assert_eq!(app.call(Method::GET, &at(&fx.interview), Some(&fx.admin), None).await.body["status"], "scheduled");

    // A face-to-face interview with a transcript is kept too.
    let talked = schedule(app, fx).await;
    let transcript = json!({"format": "vtt", "text": "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v A>前職では営業を担当していました。</v>\n"});
    let put = app.call(Method::PUT, &format!("{}/transcript", at(&talked)), Some(&fx.admin), Some(transcript)).await;
    assert!(put.status.is_success(), "{:?}", put.body);
    let refused = in_use(app, Method::DELETE, &at(&talked), &fx.admin, None).await;
    assert_eq!(refused.body["detail"], "文字起こしが登録されている面談は削除できません。中止にしてください。");

    // Scheduled by mistake: other roles, other interviewers and other tenants are refused, its interviewer deletes it.
    let mistake = schedule(app, fx).await;
    let colleague = app.user(&fx.tenant, &fx.admin, "interviewer", "colleague").await;
    for (token, want) in [
        (&fx.interviewee.1, StatusCode::FORBIDDEN),
        (&fx.expert.1, StatusCode::FORBIDDEN),
        (&colleague.1, StatusCode::NOT_FOUND),
    ] {
        let reply = app.call(Method::DELETE, &at(&mistake), Some(token), None).await;
        assert_eq!(reply.status, want, "{:?}", reply.body);
    }
    let foreign = at(&mistake).replace(&format!("/t/{}/", fx.tenant), &format!("/t/{}/", other.tenant));
    let reply = app.call(Method::DELETE, &foreign, Some(&other.admin), None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "another tenant's id: {:?}", reply.body);
    deleted(app, &at(&mistake), &fx.interviewer.1).await;

    // A cancelled interview nobody consented to goes as well.
    let dropped = schedule(app, fx).await;
    let cancel = json!({"status": "cancelled"});
    let reply = app.call(Method::POST, &format!("{}/status", at(&dropped)), Some(&fx.admin), Some(cancel)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    deleted(app, &at(&dropped), &fx.admin).await;
}

/// A start that lands between the delete's read and its write: the conditional delete loses with 409
/// `conflict` and the interview stays, started.
pub async fn a_start_meanwhile_keeps_the_interview(app: &TestApp) {
    let fx = app.fixture("acme").await;
    let racing =
        spawn_app_with(Ports { items: Arc::new(StartBeforeDelete(app.ports.items.clone())), ..app.ports.clone() })
            .await;
    let interview = schedule(app, &fx).await;
    let path = fx.path(&format!("/t/{{tenant}}/v1/interviews/{interview}"));
    let reply = racing.call(Method::DELETE, &path, Some(&fx.admin), None).await;
    assert_eq!((reply.status, reply.problem_type()), (StatusCode::CONFLICT, "conflict"), "{:?}", reply.body);
    let kept = app.call(Method::GET, &path, Some(&fx.admin), None).await;
    assert_eq!((kept.status, kept.body["status"].as_str()), (StatusCode::OK, Some("in_progress")));
}

/// Items that start an interview (a new version, `in_progress`) just before it is deleted.
struct StartBeforeDelete(Arc<dyn Items>);

#[async_trait::async_trait]
impl Items for StartBeforeDelete {
    async fn get(&self, key: &Key) -> PortResult<Option<Item>> {
        self.0.get(key).await
    }
    async fn put(&self, item: Item, condition: Condition) -> PortResult<()> {
        self.0.put(item, condition).await
    }
    async fn delete(&self, key: &Key, condition: Condition) -> PortResult<()> {
        if key.sk.starts_with("INTERVIEW#")
            && let Some(mut item) = self.0.get(key).await?
        {
            let read = item.version;
            item.version += 1;
            item.body["status"] = json!("in_progress");
            self.0.put(item, Condition::Version(read)).await?;
        }
        self.0.delete(key, condition).await
    }
    async fn query(&self, pk: &str, sk_prefix: &str) -> PortResult<Vec<Item>> {
        self.0.query(pk, sk_prefix).await
    }
    async fn query_newest(
        &self,
        pk: &str,
        sk_prefix: &str,
        before: Option<&str>,
        limit: usize,
    ) -> PortResult<Vec<Item>> {
        self.0.query_newest(pk, sk_prefix, before, limit).await
    }
    async fn transact(&self, writes: Vec<Write>) -> PortResult<()> {
        self.0.transact(writes).await
    }
}

/// A face-to-face interview of the fixture's interviewer, without any consent yet.
async fn schedule(app: &TestApp, fx: &Fixture) -> String {
    let body = json!({"mode": "face_to_face", "interviewee_id": fx.interviewee.0, "interviewer_id": fx.interviewer.0,
        "scheduled_at": "2026-12-10T01:00:00Z"});
    id_of(&app.call(Method::POST, &fx.path("/t/{tenant}/v1/interviews"), Some(&fx.admin), Some(body)).await)
}

/// Only admins delete items and sets; another tenant's admin does not find them.
async fn refused_to_others(app: &TestApp, fx: &Fixture, other: &Fixture, path: &str) {
    for token in [&fx.interviewer.1, &fx.interviewee.1, &fx.expert.1] {
        let reply = app.call(Method::DELETE, path, Some(token), None).await;
        assert_eq!((reply.status, reply.problem_type()), (StatusCode::FORBIDDEN, "forbidden"), "{path}");
    }
    let foreign = path.replace(&format!("/t/{}/", fx.tenant), &format!("/t/{}/", other.tenant));
    let reply = app.call(Method::DELETE, &foreign, Some(&other.admin), None).await;
    assert_eq!((reply.status, reply.problem_type()), (StatusCode::NOT_FOUND, "not_found"), "another tenant's id");
    assert_eq!(app.call(Method::GET, path, Some(&fx.admin), None).await.status, StatusCode::OK, "still there");
}

/// Deletes `path` (204), after which it is gone and deleting again answers 404.
async fn deleted(app: &TestApp, path: &str, token: &str) {
    let reply = app.call(Method::DELETE, path, Some(token), None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{path}: {:?}", reply.body);
    assert_eq!(app.call(Method::GET, path, Some(token), None).await.status, StatusCode::NOT_FOUND, "{path}");
    assert_eq!(app.call(Method::DELETE, path, Some(token), None).await.status, StatusCode::NOT_FOUND, "{path}");
}

/// Calls and expects 409 `in_use` as a problem (in Japanese, the default).
async fn in_use(app: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> Reply {
    let reply = app.call(method.clone(), path, Some(token), body).await;
    assert_eq!(
        (reply.status, reply.problem_type()),
        (StatusCode::CONFLICT, "in_use"),
        "{method} {path}: {:?}",
        reply.body
    );
    assert_eq!(reply.content_type, "application/problem+json");
    reply
}

/// Like [`in_use`], asking for English.
async fn in_english(app: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> Reply {
    let mut request = app.http.request(method, format!("{}{path}", app.url)).bearer_auth(token);
    request = request.header("accept-language", "en");
    if let Some(body) = body {
        request = request.json(&body);
    }
    let reply = app.send(request).await;
    assert_eq!((reply.status, reply.problem_type()), (StatusCode::CONFLICT, "in_use"), "{path}: {:?}", reply.body);
    reply
}

fn item_body(name: &str, min: i32, max: i32, kind: &str) -> Value {
    json!({"name": name, "description": "", "scale_min": min, "scale_max": max, "kind": kind})
}

fn set_body(name: &str, questions: &[(&str, u32)], retake_limit: u32) -> Value {
    let questions: Vec<Value> =
        questions.iter().map(|(text, secs)| json!({"text": text, "answer_seconds": secs})).collect();
    json!({"name": name, "questions": questions, "practice_question": {"text": "今日の天気は？", "answer_seconds": 30},
        "retake_limit": retake_limit, "follow_ups": false})
}
