//! Each AWS adapter once against moto: shows the SDK calls, conditions, pagination, presigning,
//! event delivery and Cognito tokens work. Skips when MENDAN_TEST_AWS_ENDPOINT is unset.

use mendan_core::domain::{Email, Role, TenantSlug, UserId};
use mendan_core::ports::{Condition, Event, Item, Key, NewAccount, PortError, Write};
use mendan_tests::conformance::{self, put_presigned};
use mendan_tests::moto::moto_backend;
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

fn item(pk: &str, sk: &str, version: u64, body: serde_json::Value) -> Item {
    Item { key: Key::new(pk, sk), version, body }
}

#[tokio::test]
async fn dynamodb_items() {
    let Some(aws) = moto_backend().await else {
        return;
    };
    let items = &aws.ports.items;
    let pk = "T#smoke";

    items.put(item(pk, "USER#b", 1, json!({"n": "二"})), Condition::Absent).await.unwrap();
    assert_eq!(items.get(&Key::new(pk, "USER#b")).await.unwrap(), Some(item(pk, "USER#b", 1, json!({"n": "二"}))));
    assert_eq!(items.put(item(pk, "USER#b", 1, json!({})), Condition::Absent).await, Err(PortError::ConditionFailed));
    items.put(item(pk, "USER#b", 2, json!({"n": 2})), Condition::Version(1)).await.unwrap();
    assert_eq!(
        items.put(item(pk, "USER#b", 2, json!({})), Condition::Version(1)).await,
        Err(PortError::ConditionFailed)
    );
    assert_eq!(items.delete(&Key::new(pk, "USER#b"), Condition::Version(9)).await, Err(PortError::ConditionFailed));

    items.put(item(pk, "USER#a", 1, json!({})), Condition::Any).await.unwrap();
    items.put(item(pk, "ZONE#1", 1, json!({})), Condition::Any).await.unwrap();
    let users: Vec<String> = items.query(pk, "USER#").await.unwrap().into_iter().map(|i| i.key.sk).collect();
    assert_eq!(users, ["USER#a", "USER#b"]);
    assert_eq!(items.query(pk, "").await.unwrap().len(), 3);

    // A failed condition cancels the whole transaction.
    let failing = vec![
        Write::Put { item: item(pk, "TX#1", 1, json!({})), condition: Condition::Absent },
        Write::Delete { key: Key::new(pk, "USER#a"), condition: Condition::Version(5) },
    ];
    assert_eq!(items.transact(failing).await, Err(PortError::ConditionFailed));
    assert_eq!(items.get(&Key::new(pk, "TX#1")).await.unwrap(), None);
    let passing = vec![
        Write::Put { item: item(pk, "TX#1", 1, json!({"ok": true})), condition: Condition::Absent },
        Write::Delete { key: Key::new(pk, "USER#a"), condition: Condition::Version(1) },
    ];
    items.transact(passing).await.unwrap();
    assert!(items.get(&Key::new(pk, "TX#1")).await.unwrap().is_some());
    assert_eq!(items.get(&Key::new(pk, "USER#a")).await.unwrap(), None);

    let too_many: Vec<Write> =
        (0..101).map(|i| Write::Delete { key: Key::new(pk, format!("X#{i}")), condition: Condition::Any }).collect();
    assert!(matches!(items.transact(too_many).await, Err(PortError::Invalid(_))));
}

#[tokio::test]
async fn dynamodb_query_follows_pages() {
    let Some(aws) = moto_backend().await else {
        return;
    };
    let items = &aws.ports.items;
    // 14 items of ~100 kB exceed the 1 MB a Query page returns, so a second page is needed.
    let big = "x".repeat(100_000);
    for i in 0..14 {
        items.put(item("T#pages", &format!("REC#{i:02}"), 1, json!({ "blob": big })), Condition::Any).await.unwrap();
    }
    let keys: Vec<String> = items.query("T#pages", "REC#").await.unwrap().into_iter().map(|i| i.key.sk).collect();
    let expected: Vec<String> = (0..14).map(|i| format!("REC#{i:02}")).collect();
    assert_eq!(keys, expected);
}

#[tokio::test]
async fn s3_objects() {
    let Some(aws) = moto_backend().await else {
        return;
    };
    let objects = &aws.ports.objects;
    let key = "t/smoke/interviews/i/features/r.json";

    let info = objects.put(key, b"{\"a\":1}".to_vec(), "application/json").await.unwrap();
    assert_eq!(info.size, 7);
    assert!(!info.etag.is_empty() && !info.etag.contains('"'), "bare etag: {}", info.etag);
    assert_eq!(objects.get(key).await.unwrap(), Some(b"{\"a\":1}".to_vec()));
    assert_eq!(objects.head(key).await.unwrap(), Some(info.clone()));
    assert_eq!(objects.list("t/smoke/").await.unwrap(), vec![info]);
    assert_eq!(objects.get("t/smoke/missing").await.unwrap(), None);
    assert_eq!(objects.head("t/smoke/missing").await.unwrap(), None);
    assert!(matches!(objects.put("../escape", vec![], "text/plain").await, Err(PortError::Invalid(_))));

    // The browser's upload: a presigned PUT with the signed content type, then read back.
    let upload = "t/smoke/interviews/i/recordings/r.webm";
    let payload = vec![42u8; 2048];
    let signed =
        objects.presign_put(upload, "video/webm", payload.len() as u64, Duration::from_secs(300)).await.unwrap();
    assert_eq!(signed.method, "PUT");
    // The content type, and `If-None-Match: *` so the link can never replace an uploaded
    // recording: browsers set content-length themselves (it is signed all the same).
    let expected_headers = [("content-type", "video/webm"), ("if-none-match", "*")]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    assert_eq!(signed.headers, expected_headers);
    assert!(signed.url.contains("X-Amz-Signature="), "{}", signed.url);
    assert!(signed.url.contains("content-length"), "content length is signed: {}", signed.url);
    assert!(signed.url.contains("if-none-match"), "the condition is signed: {}", signed.url);
    let http = reqwest::Client::new();
    put_presigned(&http, &signed, payload.clone()).await;
    assert_eq!(objects.get(upload).await.unwrap(), Some(payload.clone()));
    // The same link again (a re-upload): refused, the first bytes stay.
    let mut again = http.put(&signed.url).body(vec![1u8; 2048]);
    for (name, value) in &signed.headers {
        again = again.header(name, value);
    }
    assert_eq!(again.send().await.unwrap().status(), reqwest::StatusCode::PRECONDITION_FAILED);
    assert_eq!(objects.get(upload).await.unwrap(), Some(payload.clone()));

    let download = objects.presign_get(upload, Duration::from_secs(60)).await.unwrap();
    assert_eq!(download.method, "GET");
    let fetched = http.get(&download.url).send().await.unwrap();
    assert!(fetched.status().is_success());
    assert_eq!(fetched.bytes().await.unwrap().to_vec(), payload);

    objects.delete(upload).await.unwrap();
    assert_eq!(objects.head(upload).await.unwrap(), None);
    objects.delete(upload).await.unwrap();
}

#[tokio::test]
async fn eventbridge_events() {
    let Some(aws) = moto_backend().await else {
        return;
    };
    let sent = Event {
        detail_type: "RecordingUploaded".into(),
        detail: json!({ "tenant": "smoke", "recording_id": Uuid::new_v4().to_string(), "size": 12 }),
    };
    aws.ports.events.publish(sent.clone()).await.unwrap();
    assert_eq!(aws.received_events(1).await, vec![sent]);
}

#[tokio::test]
async fn cognito_identity() {
    let Some(aws) = moto_backend().await else {
        return;
    };
    let identity = &aws.ports.identity;
    let tenant = TenantSlug::parse("smoke").unwrap();
    let user_id = UserId(Uuid::now_v7());
    let email = Email::parse("smoke-user@example.co.jp").unwrap();
    let password = "Smoke-test-password-7".to_owned();
    let account = |user_id, password: Option<String>| NewAccount {
        tenant: tenant.clone(),
        user_id,
        email: email.clone(),
        role: Role::Interviewer,
        password,
    };

    assert_eq!(identity.create_account(account(user_id, Some(password.clone()))).await, Ok(None));
    assert_eq!(
        identity.create_account(account(UserId(Uuid::now_v7()), Some(password.clone()))).await,
        Err(PortError::ConditionFailed),
        "an address is unique within its tenant"
    );

    let token = conformance::token(identity.sign_in(&tenant, &email, &password).await);
    let claims = identity.verify(&token).await.unwrap();
    assert_eq!((claims.tenant, claims.user_id, claims.role), (tenant.clone(), user_id, Role::Interviewer));

    assert!(matches!(
        identity.sign_in(&tenant, &email, "not-the-password-1").await,
        Err(PortError::Unauthenticated(_))
    ));
    let elsewhere = TenantSlug::parse("elsewhere").unwrap();
    assert!(matches!(identity.sign_in(&elsewhere, &email, &password).await, Err(PortError::Unauthenticated(_))));

    // Another account's claims under this token's signature must be refused.
    let other_id = UserId(Uuid::now_v7());
    let other_email = Email::parse("smoke-admin@example.co.jp").unwrap();
    let admin =
        NewAccount { email: other_email.clone(), role: Role::Admin, ..account(other_id, Some(password.clone())) };
    identity.create_account(admin).await.unwrap();
    let admin_token = conformance::token(identity.sign_in(&tenant, &other_email, &password).await);
    let (mine, theirs): (Vec<&str>, Vec<&str>) = (token.split('.').collect(), admin_token.split('.').collect());
    let forged = format!("{}.{}.{}", mine[0], theirs[1], mine[2]);
    assert!(matches!(identity.verify(&forged).await, Err(PortError::Unauthenticated(_))));
    assert!(matches!(identity.verify("garbage").await, Err(PortError::Unauthenticated(_))));

    assert_eq!(identity.set_role(&elsewhere, user_id, Role::Admin).await, Err(PortError::NotFound));
    identity.set_role(&tenant, user_id, Role::Expert).await.unwrap();
    let token = conformance::token(identity.sign_in(&tenant, &email, &password).await);
    assert_eq!(identity.verify(&token).await.unwrap().role, Role::Expert);

    identity.disable(&tenant, user_id).await.unwrap();
    assert!(matches!(identity.sign_in(&tenant, &email, &password).await, Err(PortError::Unauthenticated(_))));
    assert_eq!(identity.disable(&tenant, UserId(Uuid::now_v7())).await, Err(PortError::NotFound));
}
