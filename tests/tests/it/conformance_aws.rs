//! The port conformance suite against the AWS adapters, on a moto server (started by tests/run.sh).

use mendan_core::domain::{Email, Role, TenantSlug, UserId};
use mendan_core::ports::NewAccount;
use mendan_tests::conformance;
use mendan_tests::moto::moto_backend;
use uuid::Uuid;

#[tokio::test]
async fn dynamodb_items_conform() {
    let Some(moto) = moto_backend().await else { return };
    conformance::items_suite(moto.ports.items.as_ref()).await;
}

#[tokio::test]
async fn s3_objects_conform() {
    let Some(moto) = moto_backend().await else { return };
    conformance::objects_suite(moto.ports.objects.as_ref()).await;
}

#[tokio::test]
async fn eventbridge_events_conform() {
    let Some(moto) = moto_backend().await else { return };
    conformance::events_suite(moto.ports.events.as_ref(), |n| moto.received_events(n)).await;
}

#[tokio::test]
async fn cognito_identity_conforms() {
    let Some(moto) = moto_backend().await else { return };
    conformance::identity_suite(moto.ports.identity.as_ref()).await;
}

/// The app set up through Cognito (AssociateSoftwareToken, VerifySoftwareToken, the user's MFA preference) and
/// the SOFTWARE_TOKEN_MFA challenge answered; moto does not check the codes, so the strict checks run embedded.
#[tokio::test]
async fn cognito_signs_in_with_an_authenticator_app() {
    let Some(moto) = moto_backend().await else { return };
    conformance::mfa_suite(moto.ports.identity.as_ref(), false).await;
}

/// An invited user (Mendan's invitation replaces Cognito's mail; the temporary password Cognito was
/// given comes back for the admin) chooses their own password at first sign-in.
#[tokio::test]
async fn cognito_asks_invited_users_for_their_own_password() {
    let Some(moto) = moto_backend().await else { return };
    let (tenant, user_id) = (TenantSlug::parse("conformance").unwrap(), UserId(Uuid::now_v7()));
    let email = Email::parse(&format!("invited-{}@example.co.jp", Uuid::new_v4().simple())).unwrap();
    let account =
        NewAccount { tenant: tenant.clone(), user_id, email: email.clone(), role: Role::Interviewee, password: None };
    let created = moto.ports.identity.create_account(account).await;
    let temporary = created.unwrap().expect("a temporary password for the admin to hand over");
    let temporary = temporary.as_str();
    conformance::new_password_suite(moto.ports.identity.as_ref(), &tenant, &email, temporary).await;
}
