//! The port conformance suite against the embedded adapters.

use mendan_core::domain::{Email, Role, TenantSlug, UserId};
use mendan_core::ports::{Event, Identity, NewAccount};
use mendan_embedded::{Embedded, InProcessEvents, LocalIdentity, SqliteItems};
use mendan_tests::conformance;
use std::sync::{Arc, Mutex};

#[tokio::test]
async fn sqlite_items_conform() {
    let dir = tempfile::tempdir().unwrap();
    let items = SqliteItems::open(&dir.path().join("items.sqlite3")).unwrap();
    conformance::items_suite(&items).await;
}

#[tokio::test]
async fn file_objects_with_signed_urls_conform() {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let backend = Embedded::open(dir.path(), &url).unwrap();
    let routes = mendan_embedded::http::object_routes(&backend);
    tokio::spawn(async move { axum::serve(listener, routes).await });
    conformance::objects_suite(backend.objects.as_ref()).await;
}

#[tokio::test]
async fn in_process_events_conform() {
    let bus = Arc::new(InProcessEvents::new(3));
    let seen: Arc<Mutex<Vec<Event>>> = Arc::default();
    let sink = seen.clone();
    bus.subscribe(
        "InterviewScheduled",
        Arc::new(move |event| {
            let sink = sink.clone();
            Box::pin(async move {
                sink.lock().unwrap().push(event);
                Ok(())
            })
        }),
    );
    let received = |_at_least: usize| {
        let (bus, seen) = (bus.clone(), seen.clone());
        async move {
            bus.idle().await;
            seen.lock().unwrap().clone()
        }
    };
    conformance::events_suite(bus.as_ref(), received).await;
}

#[tokio::test]
async fn local_identity_conforms() {
    let dir = tempfile::tempdir().unwrap();
    let identity = LocalIdentity::open(&dir.path().join("id.sqlite3"), &[7u8; 32]).unwrap();
    conformance::identity_suite(&identity).await;
}

#[tokio::test]
async fn local_identity_signs_in_with_an_authenticator_app() {
    let dir = tempfile::tempdir().unwrap();
    let identity = LocalIdentity::open(&dir.path().join("id.sqlite3"), &[7u8; 32]).unwrap();
    conformance::mfa_suite(&identity, true).await;
}

/// An invited user's temporary password (handed over by the admin) must be replaced at first sign-in.
#[tokio::test]
async fn local_identity_asks_invited_users_for_their_own_password() {
    let dir = tempfile::tempdir().unwrap();
    let identity = LocalIdentity::open(&dir.path().join("id.sqlite3"), &[7u8; 32]).unwrap();
    let tenant = TenantSlug::parse("conformance").unwrap();
    let email = Email::parse("invited@example.co.jp").unwrap();
    let account = NewAccount {
        tenant: tenant.clone(),
        user_id: UserId(uuid::Uuid::now_v7()),
        email: email.clone(),
        role: Role::Interviewee,
        password: None,
    };
    let temporary = identity.create_account(account).await.unwrap().expect("the admin hands it over");
    conformance::new_password_suite(&identity, &tenant, &email, &temporary).await;
}
