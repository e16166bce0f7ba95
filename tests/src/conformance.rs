//! One conformance suite per port. Each function takes an adapter and runs the same cases, so
//! the embedded and the AWS adapters are held to the same behaviour.

use mendan_core::domain::{Email, Role, TenantSlug, UserId};
use mendan_core::ports::{
    Condition, Event, Events, Identity, IssuedTokens, Item, Items, Key, NewAccount, Objects, PortError, PortResult,
    PresignedRequest, SignedIn, Write,
};
use serde_json::json;
use std::future::Future;
use std::time::Duration;
use uuid::Uuid;

fn item(pk: &str, sk: &str, version: u64, body: serde_json::Value) -> Item {
    Item { key: Key::new(pk, sk), version, body }
}

/// A partition of its own, so suites can share a backend.
fn fresh_pk() -> String {
    format!("T#conf-{}", Uuid::new_v4().simple())
}

pub async fn items_suite(items: &dyn Items) {
    let pk = fresh_pk();
    let other_pk = fresh_pk();

    // Creation is conditional: a second create of the same key fails and changes nothing.
    items.put(item(&pk, "USER#1", 1, json!({"name": "山田 太郎"})), Condition::Absent).await.unwrap();
    let again = items.put(item(&pk, "USER#1", 1, json!({"name": "overwritten"})), Condition::Absent).await;
    assert_eq!(again, Err(PortError::ConditionFailed));
    let got = items.get(&Key::new(&pk, "USER#1")).await.unwrap().expect("item exists");
    assert_eq!(got.body["name"], "山田 太郎");
    assert_eq!(got.version, 1);

    // Optimistic locking: the writer that read version 1 wins once.
    items.put(item(&pk, "USER#1", 2, json!({"name": "v2"})), Condition::Version(1)).await.unwrap();
    let stale = items.put(item(&pk, "USER#1", 2, json!({"name": "lost"})), Condition::Version(1)).await;
    assert_eq!(stale, Err(PortError::ConditionFailed));
    assert_eq!(items.get(&Key::new(&pk, "USER#1")).await.unwrap().unwrap().body["name"], "v2");
    assert_eq!(items.get(&Key::new(&pk, "USER#404")).await.unwrap(), None);

    // Queries stay inside their partition and prefix, in sort-key order.
    for sk in ["USER#3", "USER#2", "ITEM#1", "USERX"] {
        items.put(item(&pk, sk, 1, json!({"sk": sk})), Condition::Any).await.unwrap();
    }
    items.put(item(&other_pk, "USER#9", 1, json!({})), Condition::Any).await.unwrap();
    let users: Vec<String> = items.query(&pk, "USER#").await.unwrap().into_iter().map(|i| i.key.sk).collect();
    assert_eq!(users, ["USER#1", "USER#2", "USER#3"]);
    assert_eq!(items.query(&pk, "").await.unwrap().len(), 5);
    assert!(items.query(&fresh_pk(), "USER#").await.unwrap().is_empty());

    // Newest first, bounded, below a cursor, inside the prefix (a page of the audit trail).
    let newest = |before: Option<&'static str>, limit: usize| {
        let pk = pk.clone();
        async move {
            let page = items.query_newest(&pk, "USER#", before, limit).await.unwrap();
            page.into_iter().map(|i| i.key.sk).collect::<Vec<_>>()
        }
    };
    assert_eq!(newest(None, 2).await, ["USER#3", "USER#2"]);
    assert_eq!(newest(Some("USER#3"), 5).await, ["USER#2", "USER#1"]);
    assert_eq!(newest(Some("USER#2"), 1).await, ["USER#1"]);
    assert!(newest(Some("USER#1"), 5).await.is_empty());
    assert!(newest(Some("ITEM#9"), 5).await.is_empty(), "a cursor below the prefix leaves nothing");
    assert_eq!(newest(Some("V"), 5).await, ["USER#3", "USER#2", "USER#1"], "nor does USERX slip in");
    assert!(newest(None, 0).await.is_empty());

    // Transactions are all or nothing.
    let failing = vec![
        Write::Put { item: item(&pk, "TX#1", 1, json!({})), condition: Condition::Absent },
        Write::Put { item: item(&pk, "USER#2", 9, json!({})), condition: Condition::Version(7) },
    ];
    assert_eq!(items.transact(failing).await, Err(PortError::ConditionFailed));
    assert_eq!(items.get(&Key::new(&pk, "TX#1")).await.unwrap(), None);
    let passing = vec![
        Write::Put { item: item(&pk, "TX#1", 1, json!({"ok": true})), condition: Condition::Absent },
        Write::Put { item: item(&pk, "USER#2", 2, json!({"sk": "USER#2"})), condition: Condition::Version(1) },
        Write::Delete { key: Key::new(&pk, "USERX"), condition: Condition::Any },
    ];
    items.transact(passing).await.unwrap();
    assert_eq!(items.get(&Key::new(&pk, "TX#1")).await.unwrap().unwrap().body["ok"], true);
    assert_eq!(items.get(&Key::new(&pk, "USER#2")).await.unwrap().unwrap().version, 2);
    assert_eq!(items.get(&Key::new(&pk, "USERX")).await.unwrap(), None);

    // Conditional delete.
    assert_eq!(items.delete(&Key::new(&pk, "USER#3"), Condition::Version(5)).await, Err(PortError::ConditionFailed));
    items.delete(&Key::new(&pk, "USER#3"), Condition::Version(1)).await.unwrap();
    assert_eq!(items.get(&Key::new(&pk, "USER#3")).await.unwrap(), None);
}

/// Sends `payload` to a presigned PUT with exactly the signed headers, as a browser would, and
/// checks that it was accepted.
pub async fn put_presigned(http: &reqwest::Client, signed: &PresignedRequest, payload: Vec<u8>) {
    let mut request = http.put(&signed.url).body(payload);
    for (name, value) in &signed.headers {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    assert!(response.status().is_success(), "presigned PUT answered {}", response.status());
}

pub async fn objects_suite(objects: &dyn Objects) {
    let prefix = format!("t/conf-{}/", Uuid::new_v4().simple());
    let key = format!("{prefix}interviews/a/recordings/b.webm");
    let bytes = b"\x1a\x45\xdf\xa3 not really webm".to_vec();

    let info = objects.put(&key, bytes.clone(), "video/webm").await.unwrap();
    assert_eq!(info.size, bytes.len() as u64);
    assert_eq!(objects.get(&key).await.unwrap(), Some(bytes.clone()));
    let head = objects.head(&key).await.unwrap().expect("head finds it");
    assert_eq!(head.size, bytes.len() as u64);
    assert!(!head.etag.is_empty());
    assert_eq!(objects.get(&format!("{prefix}missing")).await.unwrap(), None);
    // Large recordings are streamed to a file rather than held in memory.
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("copy.webm");
    let downloaded = objects.download_to(&key, &dest).await.unwrap().expect("download finds it");
    assert_eq!((downloaded.size, &downloaded.etag), (head.size, &head.etag));
    assert_eq!(std::fs::read(&dest).unwrap(), bytes);
    assert_eq!(objects.download_to(&format!("{prefix}missing"), &dest).await.unwrap(), None);
    assert_eq!(objects.head(&format!("{prefix}missing")).await.unwrap(), None);

    objects.put(&format!("{prefix}other/c.json"), b"{}".to_vec(), "application/json").await.unwrap();
    let listed: Vec<String> =
        objects.list(&format!("{prefix}interviews/")).await.unwrap().into_iter().map(|o| o.key).collect();
    assert_eq!(listed, std::slice::from_ref(&key));
    assert_eq!(objects.list(&prefix).await.unwrap().len(), 2);

    // A presigned PUT works from a plain HTTP client with exactly the signed headers.
    let upload_key = format!("{prefix}interviews/a/recordings/up.mp4");
    let payload = vec![7u8; 4096];
    let signed =
        objects.presign_put(&upload_key, "video/mp4", payload.len() as u64, Duration::from_secs(300)).await.unwrap();
    assert_eq!(signed.method, "PUT");
    assert!(signed.expires_at > chrono::Utc::now());
    let http = reqwest::Client::new();
    put_presigned(&http, &signed, payload.clone()).await;
    assert_eq!(objects.get(&upload_key).await.unwrap(), Some(payload.clone()));

    let get = objects.presign_get(&upload_key, Duration::from_secs(300)).await.unwrap();
    let fetched = http.get(&get.url).send().await.unwrap();
    assert!(fetched.status().is_success());
    assert_eq!(fetched.bytes().await.unwrap().to_vec(), payload);

    objects.delete(&key).await.unwrap();
    assert_eq!(objects.get(&key).await.unwrap(), None);
    objects.delete(&key).await.unwrap(); // deleting twice is fine
}

/// `received(n)` returns what reached the bus's subscriber, waiting for at least `n` events.
pub async fn events_suite<F, Fut>(events: &dyn Events, received: F)
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Vec<Event>>,
{
    let marker = Uuid::new_v4().to_string();
    let sent = Event {
        detail_type: "InterviewScheduled".into(),
        detail: json!({ "tenant": "conformance", "interview_id": marker, "note": "日本語もそのまま" }),
    };
    events.publish(sent.clone()).await.unwrap();
    let got = received(1).await;
    let found = got.iter().find(|e| e.detail["interview_id"] == marker.as_str()).expect("the published event arrives");
    assert_eq!(found, &sent);
}

pub async fn identity_suite(identity: &dyn Identity) {
    let tenant = TenantSlug::parse("conformance").unwrap();
    let user_id = UserId(Uuid::now_v7());
    let email = Email::parse(&format!("u{}@example.co.jp", Uuid::new_v4().simple())).unwrap();
    let password = "correct-horse-battery-9A!".to_owned();
    identity
        .create_account(NewAccount {
            tenant: tenant.clone(),
            user_id,
            email: email.clone(),
            role: Role::Interviewer,
            password: Some(password.clone()),
        })
        .await
        .unwrap();

    let token = token(identity.sign_in(&tenant, &email, &password).await);
    let claims = identity.verify(&token).await.unwrap();
    assert_eq!((claims.tenant.clone(), claims.user_id, claims.role), (tenant.clone(), user_id, Role::Interviewer));

    assert!(matches!(
        identity.sign_in(&tenant, &email, "wrong-password-123").await,
        Err(PortError::Unauthenticated(_))
    ));
    let other_tenant = TenantSlug::parse("someone-else").unwrap();
    assert!(identity.sign_in(&other_tenant, &email, &password).await.is_err(), "accounts are per tenant");

    // Any change to the token breaks its signature.
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[1] = tamper(&parts[1]);
    assert!(matches!(identity.verify(&parts.join(".")).await, Err(PortError::Unauthenticated(_))));
    assert!(matches!(identity.verify("not.a.token").await, Err(PortError::Unauthenticated(_))));

    identity.set_role(&tenant, user_id, Role::Expert).await.unwrap();
    let token = self::token(identity.sign_in(&tenant, &email, &password).await);
    assert_eq!(identity.verify(&token).await.unwrap().role, Role::Expert);

    renewal_suite(identity, &tenant, &other_tenant, &email, &password, user_id).await;

    let nobody = Email::parse(&format!("nobody{}@example.co.jp", Uuid::new_v4().simple())).unwrap();
    assert!(matches!(identity.sign_in(&tenant, &nobody, &password).await, Err(PortError::Unauthenticated(_))));

    // An admin's reset: a new temporary password, replaced at the next sign-in; the old one is gone.
    assert_eq!(identity.reset_password(&other_tenant, user_id).await, Err(PortError::NotFound), "per tenant");
    let temporary = identity.reset_password(&tenant, user_id).await.unwrap().expect("handed over by the admin");
    assert!(matches!(identity.sign_in(&tenant, &email, &password).await, Err(PortError::Unauthenticated(_))));
    new_password_suite(identity, &tenant, &email, &temporary).await;
    let password = NEW_PASSWORD;

    identity.disable(&tenant, user_id).await.unwrap();
    assert!(
        matches!(identity.sign_in(&tenant, &email, "wrong-password-123").await, Err(PortError::Unauthenticated(_))),
        "a wrong password never learns that the account is disabled"
    );
    // The right one may say so (embedded); Cognito refuses a disabled user before any password.
    let right = identity.sign_in(&tenant, &email, password).await;
    assert!(matches!(right, Err(PortError::AccountDisabled | PortError::Unauthenticated(_))), "{right:?}");
}

/// A sign-in's renewal gives fresh short-lived access tokens of the same user until the account is
/// signed out everywhere (Cognito's refresh token is then refused; the embedded backend keeps no
/// renewal of its own, its sessions end in the session store).
async fn renewal_suite(
    identity: &dyn Identity,
    tenant: &TenantSlug,
    other_tenant: &TenantSlug,
    email: &Email,
    password: &str,
    user_id: UserId,
) {
    let signed_in = issued(identity.sign_in(tenant, email, password).await);
    assert!(
        (60..=3600).contains(&signed_in.expires_in_secs),
        "access tokens are short-lived: {}",
        signed_in.expires_in_secs
    );
    let renewed = identity.renew(tenant, user_id, signed_in.renewal.as_deref()).await.unwrap();
    assert_eq!(identity.verify(&renewed.access_token).await.unwrap().user_id, user_id);
    assert_eq!(identity.sign_out_everywhere(other_tenant, user_id).await, Err(PortError::NotFound), "per tenant");
    identity.sign_out_everywhere(tenant, user_id).await.unwrap();
    if let Some(renewal) = signed_in.renewal {
        assert!(
            matches!(identity.renew(tenant, user_id, Some(&renewal)).await, Err(PortError::Unauthenticated(_))),
            "signed out everywhere: the old renewal is refused"
        );
    }
}

/// The password [`new_password_suite`] chooses: upper and lower case, a digit and a symbol
/// (moto's default pool policy).
pub const NEW_PASSWORD: &str = "My-own-passphrase-2026!";

/// The bearer token of a sign-in that needs no further step.
pub fn token(signed_in: PortResult<SignedIn>) -> String {
    issued(signed_in).access_token
}

/// The tokens of a sign-in that needs no further step.
pub fn issued(signed_in: PortResult<SignedIn>) -> IssuedTokens {
    match signed_in {
        Ok(SignedIn::Tokens(tokens)) => tokens,
        other => panic!("expected tokens, got {other:?}"),
    }
}

/// The first sign-in with a temporary password: it asks for a new password instead of giving a
/// token; the session only works for its own account; once chosen, the new password signs in and
/// the temporary one no longer does.
pub async fn new_password_suite(identity: &dyn Identity, tenant: &TenantSlug, email: &Email, temporary: &str) {
    let Ok(SignedIn::NewPasswordRequired { session }) = identity.sign_in(tenant, email, temporary).await else {
        panic!("a temporary password asks for a new one");
    };
    let chosen = NEW_PASSWORD;
    let forged = format!("{session}x");
    assert!(
        matches!(identity.choose_password(tenant, email, &forged, chosen).await, Err(PortError::Unauthenticated(_))),
        "a session that is not the one issued is refused"
    );
    let token = identity.choose_password(tenant, email, &session, chosen).await.unwrap().access_token;
    assert!(identity.verify(&token).await.is_ok());
    assert!(identity.verify(&session).await.is_err(), "the session is no bearer token");
    assert!(matches!(identity.sign_in(tenant, email, temporary).await, Err(PortError::Unauthenticated(_))));
    let again = self::token(identity.sign_in(tenant, email, chosen).await);
    assert_eq!(identity.verify(&again).await.unwrap().user_id, identity.verify(&token).await.unwrap().user_id);
}

/// Swaps one base64url character of a JWT segment for another valid one.
fn tamper(segment: &str) -> String {
    let mut chars: Vec<char> = segment.chars().collect();
    let i = chars.len() / 2;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

/// Sign-in with an authenticator app: set up with the secret the identity gives (the code computed here, as an
/// app computes it), then a sign-in asks for a code, a wrong one is refused, the right one signs in; turned off,
/// the password alone signs in again. `strict`: the backend checks the codes itself (moto's Cognito accepts any).
pub async fn mfa_suite(identity: &dyn Identity, strict: bool) {
    let tenant = TenantSlug::parse("conformance").unwrap();
    let user_id = UserId(Uuid::now_v7());
    let email = Email::parse(&format!("mfa{}@example.co.jp", Uuid::new_v4().simple())).unwrap();
    let password = "correct-horse-battery-9A!";
    let account = NewAccount {
        tenant: tenant.clone(),
        user_id,
        email: email.clone(),
        role: Role::Admin,
        password: Some(password.into()),
    };
    identity.create_account(account).await.unwrap();
    let renewal = issued(identity.sign_in(&tenant, &email, password).await).renewal;
    let renewal = renewal.as_deref();

    let secret = identity.begin_totp(&tenant, user_id, renewal).await.unwrap();
    let now = || chrono::Utc::now().timestamp();
    // moto's Cognito hands out a secret that is not base32 (and checks no code): any six digits do there.
    let code = |at: i64| {
        mendan_core::domain::totp::code_at(&secret, at).unwrap_or_else(|| {
            assert!(!strict, "a base32 secret: {secret}");
            "123456".to_owned()
        })
    };
    // Not yet confirmed: the password alone still signs in.
    assert!(matches!(identity.sign_in(&tenant, &email, password).await, Ok(SignedIn::Tokens(_))));
    if strict {
        let wrong = identity.confirm_totp(&tenant, user_id, renewal, "000000").await;
        assert!(matches!(wrong, Err(PortError::Invalid(_))) || code(now()) == "000000", "{wrong:?}");
    }
    identity.confirm_totp(&tenant, user_id, renewal, &code(now())).await.unwrap();

    let Ok(SignedIn::MfaRequired { session }) = identity.sign_in(&tenant, &email, password).await else {
        panic!("a confirmed app makes sign-in ask for a code");
    };
    assert!(identity.verify(&session).await.is_err(), "the code step's session is no bearer token");
    if strict {
        // The code of an hour ago; and the confirmation's code, already used (a code signs in once).
        for stale in [code(now() - 3600), code(now())] {
            let refused = identity.answer_mfa(&tenant, &email, &session, &stale).await;
            assert!(matches!(refused, Err(PortError::Unauthenticated(_))), "{refused:?}");
        }
        // The next step's code is accepted (drift of one step), once.
        let next = code(now() + mendan_core::domain::totp::STEP_SECS);
        let signed_in = identity.answer_mfa(&tenant, &email, &session, &next).await.unwrap();
        assert_eq!(identity.verify(&signed_in.access_token).await.unwrap().user_id, user_id);
        let replayed = identity.answer_mfa(&tenant, &email, &session, &next).await;
        assert!(matches!(replayed, Err(PortError::Unauthenticated(_))), "used once: {replayed:?}");
    } else {
        let signed_in = identity.answer_mfa(&tenant, &email, &session, &code(now())).await.unwrap();
        assert_eq!(identity.verify(&signed_in.access_token).await.unwrap().user_id, user_id);
    }
    let forged = identity.answer_mfa(&tenant, &email, &format!("{session}x"), &code(now())).await;
    assert!(forged.is_err(), "a session that is not the one issued is refused");

    let other = TenantSlug::parse("someone-else").unwrap();
    assert_eq!(identity.turn_off_totp(&other, user_id).await, Err(PortError::NotFound), "per tenant");
    identity.turn_off_totp(&tenant, user_id).await.unwrap();
    assert!(
        matches!(identity.sign_in(&tenant, &email, password).await, Ok(SignedIn::Tokens(_))),
        "the password alone again"
    );
}
