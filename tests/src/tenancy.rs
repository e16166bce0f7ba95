//! Tenants as contracts on either backend (issue 18): a purge erases every item, object version and account of
//! one tenant, finishes when run again after being cut off half-way, and leaves another tenant as it was.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use mendan_core::Ports;
use mendan_core::domain::operations::OperatorAction;
use mendan_core::domain::{Email, TenantSlug};
use mendan_core::ports::{Condition, Item, Items, Key, PortError, PortResult, Write};
use mendan_core::usecases::tenants::{operator_log, purge_tenant};
use reqwest::{Method, StatusCode};

use crate::app::{PASSWORD, TestApp};
use crate::moto::MotoBackend;

/// What is left of a tenant, counted by the backend's own means (a scan of the table, a listing of every object
/// version and delete marker, the identity's accounts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Residue {
    pub items: usize,
    pub object_versions: usize,
    pub accounts: usize,
}

/// The people of [`TestApp::fixture`], by e-mail.
fn fixture_people(tenant: &str) -> Vec<Email> {
    ["admin", "interviewer", "interviewee", "expert", "other"]
        .iter()
        .map(|who| Email::parse(&format!("{who}@{tenant}.example")).unwrap())
        .collect()
}

/// How many of the fixture's people can still sign in (the identity's own answer, on both backends).
pub async fn accounts_signing_in(ports: &Ports, tenant: &TenantSlug) -> usize {
    let mut found = 0;
    for email in fixture_people(tenant.as_str()) {
        if ports.identity.sign_in(tenant, &email, PASSWORD).await.is_ok() {
            found += 1;
        }
    }
    found
}

/// Runs the purge scenario on `app` (whose ports are the backend's), `residue` counting what is left of a tenant.
pub async fn purge_scenario<F, Fut>(app: &TestApp, residue: F)
where
    F: Fn(TenantSlug) -> Fut,
    Fut: Future<Output = Residue>,
{
    let gone_fixture = app.fixture("gone").await;
    let domain = serde_json::json!({"domain": "gone-mail.example"});
    let set = app.call(Method::PUT, "/t/gone/v1/mail-domain", Some(&gone_fixture.admin), Some(domain)).await;
    assert!(set.status.is_success(), "{:?}", set.body);
    app.fixture("kept").await;
    let (gone, kept) = (TenantSlug::parse("gone").unwrap(), TenantSlug::parse("kept").unwrap());
    // Versions a plain delete would leave behind in a versioned bucket: an object written twice, one deleted.
    let objects = &app.ports.objects;
    for body in [b"first".to_vec(), b"second".to_vec()] {
        objects.put("t/gone/exports/twice.json", body, "application/json").await.unwrap();
    }
    objects.put("t/gone/exports/deleted.json", b"x".to_vec(), "application/json").await.unwrap();
    objects.delete("t/gone/exports/deleted.json").await.unwrap();

    app.settle().await;
    let kept_before = residue(kept.clone()).await;
    let gone_before = residue(gone.clone()).await;
    assert!(gone_before.items > 10 && gone_before.object_versions >= 2 && gone_before.accounts == 5, "{gone_before:?}");

    // Cut off half-way: the table refuses deletes after a few.
    let failing = Ports { items: Arc::new(DeletesFailAfter::new(app.ports.items.clone(), 5)), ..app.ports.clone() };
    assert!(purge_tenant(&failing, &gone).await.is_err(), "the cut-off purge reports its failure");
    let midway = residue(gone.clone()).await;
    assert!(midway.items > 0 && midway.items < gone_before.items, "half done: {midway:?}");
    let me = app.call(Method::GET, "/t/gone/v1/me", Some(&gone_fixture.admin), None).await;
    assert_ne!(me.status, StatusCode::OK, "nobody works in a tenant being erased: {:?}", me.body);

    let counts = purge_tenant(&app.ports, &gone).await.expect("the purge run again finishes");
    assert_eq!(residue(gone.clone()).await, Residue::default(), "nothing of the tenant is left");
    assert_eq!(residue(kept.clone()).await, kept_before, "another tenant is untouched");
    assert!(counts.items > 0 && counts.accounts == 5, "{counts:?}");

    let again = purge_tenant(&app.ports, &gone).await.expect("a purge of nothing is no error");
    assert_eq!((again.items, again.objects, again.accounts), (0, 0, 0));
    let login = serde_json::json!({"email": "admin@kept.example", "password": PASSWORD});
    let signed_in = app.call(Method::POST, "/t/kept/v1/auth/login", None, Some(login)).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);

    let log = operator_log(&app.ports).await.unwrap();
    let purges: Vec<_> = log.iter().filter(|r| r.tenant == gone && r.action == OperatorAction::Purged).collect();
    assert_eq!(purges.len(), 2, "each finished run is logged: {log:?}");
    let logged = serde_json::to_string(&log).unwrap();
    assert!(!logged.contains("@gone.example"), "the log holds counts, no personal data: {logged}");
}

/// What is left of a tenant on AWS: a full scan of the table, every object version and delete marker under its
/// prefix, the Cognito users of it.
pub async fn aws_residue(moto: &MotoBackend, tenant: TenantSlug) -> Residue {
    let sdk = &moto.sdk;
    let dynamodb = aws_sdk_dynamodb::Client::new(sdk);
    let mut items = 0;
    let mut start = None;
    loop {
        // A full scan, not a query: whatever the keys, nothing may remain in the tenant's partition.
        let page = dynamodb
            .scan()
            .table_name(&moto.settings.table)
            .filter_expression("pk = :pk")
            .expression_attribute_values(":pk", aws_sdk_dynamodb::types::AttributeValue::S(format!("T#{tenant}")))
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .unwrap();
        items += page.items().len();
        match page.last_evaluated_key() {
            Some(key) => start = Some(key.clone()),
            None => break,
        }
    }
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(sdk).force_path_style(true).build());
    let listed =
        s3.list_object_versions().bucket(&moto.settings.bucket).prefix(format!("t/{tenant}/")).send().await.unwrap();
    let object_versions = listed.versions().len() + listed.delete_markers().len();
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(sdk);
    let users = cognito.list_users().user_pool_id(&moto.settings.user_pool_id).send().await.unwrap();
    let accounts = users
        .users()
        .iter()
        .filter(|u| u.attributes().iter().any(|a| a.name() == "custom:tenant" && a.value() == Some(tenant.as_str())))
        .count();
    Residue { items, object_versions, accounts }
}

/// A table that fails every delete after the first `allowed`, as a purge cut off by a crash would stop.
pub struct DeletesFailAfter {
    inner: Arc<dyn Items>,
    allowed: usize,
    done: AtomicUsize,
}

impl DeletesFailAfter {
    pub fn new(inner: Arc<dyn Items>, allowed: usize) -> Self {
        Self { inner, allowed, done: AtomicUsize::new(0) }
    }
}

#[async_trait::async_trait]
impl Items for DeletesFailAfter {
    async fn get(&self, key: &Key) -> PortResult<Option<Item>> {
        self.inner.get(key).await
    }
    async fn put(&self, item: Item, condition: Condition) -> PortResult<()> {
        self.inner.put(item, condition).await
    }
    async fn delete(&self, key: &Key, condition: Condition) -> PortResult<()> {
        if self.done.fetch_add(1, Ordering::SeqCst) >= self.allowed {
            return Err(PortError::Backend("the process was stopped".into()));
        }
        self.inner.delete(key, condition).await
    }
    async fn query(&self, pk: &str, sk_prefix: &str) -> PortResult<Vec<Item>> {
        self.inner.query(pk, sk_prefix).await
    }
    async fn query_newest(
        &self,
        pk: &str,
        sk_prefix: &str,
        before: Option<&str>,
        limit: usize,
    ) -> PortResult<Vec<Item>> {
        self.inner.query_newest(pk, sk_prefix, before, limit).await
    }
    async fn transact(&self, writes: Vec<Write>) -> PortResult<()> {
        self.inner.transact(writes).await
    }
}

/// Every item of a tenant (sort key and body as text) and every stored object key under its prefix, every
/// version counted, as the backend's own means list them.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub items: Vec<String>,
    pub object_keys: Vec<String>,
}

/// An admin erases an interviewee who was interviewed, recorded and rated: afterwards no item and no stored object
/// of the tenant names them or their interviews, the expert who rated them and the other people are as they were,
/// the training data has lost their interview, and an erasure run again finds nothing more to do.
pub async fn erasure_scenario<F, Fut>(app: &TestApp, snapshot: F)
where
    F: Fn(TenantSlug) -> Fut,
    Fut: Future<Output = Snapshot>,
{
    let fx = app.fixture("acme").await;
    let acme = TenantSlug::parse("acme").unwrap();
    let person = fx.interviewee.0.clone();
    let rating = serde_json::json!({"scores": [{"item_id": fx.item, "score": 4}], "comment": "落ち着いて話せている"});
    let rated = app
        .call(Method::PUT, &fx.path("/t/{tenant}/v1/interviews/{recorded}/ratings"), Some(&fx.expert.1), Some(rating))
        .await;
    assert!(rated.status.is_success(), "{:?}", rated.body);
    app.settle().await;
    let before = snapshot(acme.clone()).await;
    let mentions = |s: &Snapshot, needle: &str| {
        s.items.iter().filter(|i| i.contains(needle)).count()
            + s.object_keys.iter().filter(|k| k.contains(needle)).count()
    };
    assert!(mentions(&before, &person) > 5 && mentions(&before, &fx.recorded) > 3, "the person is there before");
    let expert_items = before.items.iter().filter(|i| i.contains(&fx.expert.0) && !i.contains(&fx.recorded)).count();

    let refused =
        app.call(Method::POST, &format!("/t/acme/v1/users/{person}/erase"), Some(&fx.interviewer.1), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let own = app
        .call(
            Method::POST,
            &format!("/t/acme/v1/users/{}/erase", admin_id(app, &fx.admin).await),
            Some(&fx.admin),
            None,
        )
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY, "not oneself: {:?}", own.body);
    let accepted = app.call(Method::POST, &format!("/t/acme/v1/users/{person}/erase"), Some(&fx.admin), None).await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED, "{:?}", accepted.body);
    let request_id = accepted.body["request_id"].as_str().expect("a request id").to_owned();
    // The embedded bus runs the erasure handler; on AWS the erasure function does, here fed the sample event.
    app.settle().await;
    let sample = crate::samples::sample_event(
        "erasure-person-erasure-requested.json",
        &[("TENANT", "acme"), ("INTERVIEWEE_ID", person.as_str()), ("REQUEST_ID", request_id.as_str())],
    );
    let report = mendan_pipeline::erasure::handle_envelope(&app.ports, sample.clone()).await.unwrap();
    if app.embedded.is_some() {
        assert_eq!(report["status"], "nothing to do", "carried out once, on the bus: {report}");
    } else {
        assert_eq!(report["counts"]["interviews"], 2, "{report}");
        let again = mendan_pipeline::erasure::handle_envelope(&app.ports, sample).await.unwrap();
        assert_eq!(again["status"], "nothing to do", "a redelivery changes nothing: {again}");
    }
    let facts = app.ports.items.query(&mendan_core::repo::tenant_pk(&acme), "ERASURE#").await.unwrap();
    assert_eq!(facts.len(), 1, "one fact of the erasure");
    assert_eq!(facts[0].body["counts"]["interviews"], 2, "{:?}", facts[0].body);

    let after = snapshot(acme.clone()).await;
    for needle in [&person, &fx.interview, &fx.recorded] {
        let left: Vec<&String> =
            after.items.iter().chain(&after.object_keys).filter(|i| i.contains(needle.as_str())).collect();
        assert!(left.is_empty(), "nothing names {needle}: {left:#?}");
    }
    for key in &after.object_keys {
        let key = key.split("#version").next().unwrap_or(key);
        if let Some(bytes) = app.ports.objects.get(key).await.unwrap() {
            assert!(!String::from_utf8_lossy(&bytes).contains(&person), "{key} names the person");
        }
    }
    let expert_left = after.items.iter().filter(|i| i.contains(&fx.expert.0)).count();
    assert_eq!(expert_left, expert_items, "the expert keeps everything but their rating of the erased interview");
    assert!(after.items.iter().any(|i| i.contains("ERASURE#")), "the fact of the erasure is kept");
    let gone = app.call(Method::GET, &format!("/t/acme/v1/users/{person}"), Some(&fx.admin), None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let expert_in = serde_json::json!({"email": "expert@acme.example", "password": PASSWORD});
    let signed_in = app.call(Method::POST, "/t/acme/v1/auth/login", None, Some(expert_in)).await;
    assert_eq!(signed_in.status, StatusCode::OK, "the expert still signs in");
    let readiness = app.call(Method::GET, "/t/acme/v1/models/readiness", Some(&fx.admin), None).await;
    assert_eq!(readiness.body["have"], 0, "the next training has no data of theirs: {:?}", readiness.body);

    let person_id = mendan_core::domain::UserId::parse(&person).unwrap();
    let again = mendan_core::usecases::erasure::erase_person(&app.ports, &acme, person_id, "operator").await.unwrap();
    assert_eq!((again.interviews, again.items_deleted, again.objects), (0, 0, 0), "nothing more to do");
}

async fn admin_id(app: &TestApp, token: &str) -> String {
    let me = app.call(Method::GET, "/t/acme/v1/me", Some(token), None).await;
    me.body["id"].as_str().or(me.body["user"]["id"].as_str()).unwrap().to_owned()
}
