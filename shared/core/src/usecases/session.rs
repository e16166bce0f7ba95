//! Signing in, and turning a bearer token into a [`Principal`].

use crate::auth::Principal;
use crate::domain::password::{MAX_PASSWORD_CHARS, check_new_password};
use crate::domain::service_hours::Feature;
use crate::domain::user::User;
use crate::domain::{Email, Role, TenantSlug, UserId};
use crate::ports::{PortError, SignedIn};
use crate::repo::{TenantStore, keys};
use crate::usecases::contract::{self, Access};
use crate::usecases::sessions::{self, SessionTokens};
use crate::usecases::sign_in_throttle;
use crate::{CoreError, CoreResult, Ports, SignInRefusal};
use std::net::IpAddr;

fn refused(why: SignInRefusal) -> CoreError {
    CoreError::SignInRefused(why)
}

/// The identity's answer to a password, in the words the user may see.
fn sign_in_error(err: PortError) -> CoreError {
    match err {
        PortError::AccountDisabled => refused(SignInRefusal::AccountDisabled),
        PortError::PasswordExpired => refused(SignInRefusal::TemporaryPasswordExpired),
        PortError::Backend(why) => CoreError::Backend(why),
        _ => refused(SignInRefusal::WrongCredentials),
    }
}

/// What a correct password leads to.
#[derive(Debug)]
pub enum SignInOutcome {
    SignedIn(SessionTokens),
    /// The password was temporary (an invitation's): the user chooses their own first, quoting
    /// `session` (the new-password step's, not a signed-in session).
    NewPasswordRequired {
        session: String,
    },
    /// The account asks for a code from its authenticator app: the user answers quoting `session`.
    MfaRequired {
        session: String,
    },
}

/// Signs in with a password. The attempt is counted (per account and per `client` address) before
/// any password work, and the identity does the same work for unknown tenants and addresses as
/// for known ones, so neither the answer nor its timing tells who has an account. Input that
/// cannot name any account (no valid tenant slug or e-mail) is refused at once: no account can
/// have it.
pub async fn sign_in(
    ports: &Ports,
    tenant: &str,
    email: &str,
    password: &str,
    client: Option<IpAddr>,
) -> CoreResult<SignInOutcome> {
    let reservation = sign_in_throttle::reserve(ports, tenant, email, client).await?;
    let tenant = TenantSlug::parse(tenant).map_err(|_| refused(SignInRefusal::WrongCredentials))?;
    let email = Email::parse(email).map_err(|_| refused(SignInRefusal::WrongCredentials))?;
    if password.chars().count() > MAX_PASSWORD_CHARS {
        // No such password can exist; refusing before hashing keeps a megabyte from being hashed.
        return Err(refused(SignInRefusal::WrongCredentials));
    }
    let signed_in = ports.identity.sign_in(&tenant, &email, password).await.map_err(sign_in_error)?;
    // The password was right: from here on the account's own state may be said.
    sign_in_throttle::succeeded(ports, reservation).await;
    let store = TenantStore::new(ports.items.as_ref(), &tenant);
    let user = active_user(&store, &email).await?;
    contract::check(ports, &store, user.role, Access::of(Feature::Account)).await?;
    match signed_in {
        SignedIn::Tokens(issued) => {
            Ok(SignInOutcome::SignedIn(sessions::start(ports, &tenant, user.id, issued).await?))
        }
        SignedIn::NewPasswordRequired { session } => Ok(SignInOutcome::NewPasswordRequired { session }),
        SignedIn::MfaRequired { session } => Ok(SignInOutcome::MfaRequired { session }),
    }
}

/// The second step of a sign-in with an authenticator app: its current code. Counted by the same throttle as
/// passwords (six digits are guessed faster than a password).
pub async fn answer_mfa(
    ports: &Ports,
    tenant: &str,
    email: &str,
    session: &str,
    code: &str,
    client: Option<IpAddr>,
) -> CoreResult<SessionTokens> {
    let reservation = sign_in_throttle::reserve(ports, tenant, email, client).await?;
    let expired = || refused(SignInRefusal::ChallengeExpired);
    let tenant = TenantSlug::parse(tenant).map_err(|_| expired())?;
    let email = Email::parse(email).map_err(|_| expired())?;
    let issued = ports.identity.answer_mfa(&tenant, &email, session, code).await.map_err(|e| match e {
        PortError::Backend(why) => CoreError::Backend(why),
        PortError::AccountDisabled => refused(SignInRefusal::AccountDisabled),
        PortError::Invalid(_) => expired(),
        _ => refused(SignInRefusal::WrongCode),
    })?;
    sign_in_throttle::succeeded(ports, reservation).await;
    let store = TenantStore::new(ports.items.as_ref(), &tenant);
    let user = active_user(&store, &email).await?;
    contract::check(ports, &store, user.role, Access::of(Feature::Account)).await?;
    sessions::start(ports, &tenant, user.id, issued).await
}

/// The active user with this address, once the password was found correct.
async fn active_user(store: &TenantStore<'_>, email: &Email) -> CoreResult<User> {
    let index = store.raw_get(&keys::email(email)).await?;
    let user_id = index
        .and_then(|b| b["user_id"].as_str().and_then(|id| UserId::parse(id).ok()))
        .ok_or(refused(SignInRefusal::WrongCredentials))?;
    let user = store.find::<User>(&keys::user(user_id)).await?.ok_or(refused(SignInRefusal::WrongCredentials))?;
    if user.value.disabled {
        return Err(refused(SignInRefusal::AccountDisabled));
    }
    Ok(user.value)
}

/// The first sign-in with a temporary password: the user's own password replaces it and they are
/// signed in.
pub async fn choose_password(
    ports: &Ports,
    tenant: &str,
    email: &str,
    session: &str,
    new_password: &str,
) -> CoreResult<SessionTokens> {
    check_new_password("new_password", new_password)?;
    let expired = || refused(SignInRefusal::ChallengeExpired);
    let tenant = TenantSlug::parse(tenant).map_err(|_| expired())?;
    let email = Email::parse(email).map_err(|_| expired())?;
    let issued = ports.identity.choose_password(&tenant, &email, session, new_password).await.map_err(|e| match e {
        PortError::Invalid(why) => super::password_refused("new_password", why),
        PortError::Backend(why) => CoreError::Backend(why),
        PortError::AccountDisabled => refused(SignInRefusal::AccountDisabled),
        _ => expired(),
    })?;
    let store = TenantStore::new(ports.items.as_ref(), &tenant);
    let user = active_user(&store, &email).await?;
    contract::check(ports, &store, user.role, Access::of(Feature::Account)).await?;
    sessions::start(ports, &tenant, user.id, issued).await
}

/// Verifies the token, then checks that it belongs to the tenant named in the path (another
/// tenant's path answers NotFound, as if it did not exist), that the user is still active and that the
/// tenant's contract serves `access` now.
pub async fn authenticate(
    ports: &Ports,
    path_tenant: &str,
    token: &str,
    access: impl FnOnce(Role) -> Option<Access>,
) -> CoreResult<Principal> {
    let claims = ports.identity.verify(token).await.map_err(|e| CoreError::Unauthenticated(e.to_string()))?;
    if claims.tenant.as_str() != path_tenant {
        return Err(CoreError::NotFound { entity: "tenant" });
    }
    let store = TenantStore::new(ports.items.as_ref(), &claims.tenant);
    let user = store
        .find::<User>(&keys::user(claims.user_id))
        .await?
        .ok_or_else(|| CoreError::Unauthenticated("the account no longer exists".into()))?
        .value;
    if user.disabled {
        return Err(CoreError::Unauthenticated("the account is disabled".into()));
    }
    // A route without its feature is a mistake of ours: refused rather than served outside the contract.
    let access =
        access(user.role).ok_or_else(|| CoreError::Backend("the route has no feature of the service menu".into()))?;
    let tenant = contract::check(ports, &store, user.role, access).await?;
    if !access.before_mfa_setup && super::mfa::must_set_up(&store, &tenant, &user).await? {
        return Err(CoreError::MfaSetupRequired);
    }
    Ok(Principal { tenant: claims.tenant, user })
}
