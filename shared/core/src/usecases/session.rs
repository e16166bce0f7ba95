//! Signing in, and turning a bearer token into a [`Principal`].

use crate::auth::Principal;
use crate::domain::tenant::Tenant;
use crate::domain::user::User;
use crate::domain::{Email, TenantSlug, UserId};
use crate::ports::{PortError, SignedIn};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

/// Passwords people choose themselves: as long as a tenant admin's (see `tenants`).
pub const MIN_PASSWORD_CHARS: usize = 12;

fn wrong() -> CoreError {
    CoreError::Unauthenticated("e-mail address or password is wrong".into())
}

/// The tenant and address of an active account. Unknown tenants and malformed or unknown
/// addresses answer like a wrong password: nothing to probe.
async fn active_account(ports: &Ports, tenant: &str, email: &str) -> CoreResult<(TenantSlug, Email)> {
    let tenant = TenantSlug::parse(tenant).map_err(|_| wrong())?;
    let email = Email::parse(email).map_err(|_| wrong())?;
    let store = TenantStore::new(ports.items.as_ref(), &tenant);
    let index = store.raw_get(&keys::email(&email)).await?;
    let user_id = index.and_then(|b| b["user_id"].as_str().and_then(|id| UserId::parse(id).ok())).ok_or_else(wrong)?;
    let user = store.get::<User>(&keys::user(user_id)).await.map_err(|_| wrong())?;
    if user.value.disabled {
        return Err(CoreError::Unauthenticated("this account is disabled; ask your administrator".into()));
    }
    Ok((tenant, email))
}

pub async fn sign_in(ports: &Ports, tenant: &str, email: &str, password: &str) -> CoreResult<SignedIn> {
    let (tenant, email) = active_account(ports, tenant, email).await?;
    let signed_in = ports.identity.sign_in(&tenant, &email, password).await.map_err(|_| wrong())?;
    // After the password: outside service hours says so only to someone who may sign in.
    check_service_hours(ports, &TenantStore::new(ports.items.as_ref(), &tenant)).await?;
    Ok(signed_in)
}

/// The first sign-in with a temporary password: the user's own password replaces it and they are
/// signed in.
pub async fn choose_password(
    ports: &Ports,
    tenant: &str,
    email: &str,
    session: &str,
    new_password: &str,
) -> CoreResult<String> {
    if new_password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(CoreError::invalid("new_password", format!("use at least {MIN_PASSWORD_CHARS} characters")));
    }
    let (tenant, email) = active_account(ports, tenant, email).await?;
    let token = ports.identity.choose_password(&tenant, &email, session, new_password).await.map_err(|e| match e {
        PortError::Invalid(why) => CoreError::invalid("new_password", why),
        PortError::Backend(why) => CoreError::Backend(why),
        _ => CoreError::Unauthenticated("this sign-in has expired or does not match; sign in again".into()),
    })?;
    check_service_hours(ports, &TenantStore::new(ports.items.as_ref(), &tenant)).await?;
    Ok(token)
}

/// Verifies the token, then checks that it belongs to the tenant named in the path (another
/// tenant's path answers NotFound, as if it did not exist) and that the user is still active.
pub async fn authenticate(ports: &Ports, path_tenant: &str, token: &str) -> CoreResult<Principal> {
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
        return Err(CoreError::Unauthenticated("this account is disabled; ask your administrator".into()));
    }
    check_service_hours(ports, &store).await?;
    Ok(Principal { tenant: claims.tenant, user })
}

/// Refuses outside the tenant's plan's service hours (spec: the interactive functions).
async fn check_service_hours(ports: &Ports, store: &TenantStore<'_>) -> CoreResult<()> {
    let tenant = store.get::<Tenant>(keys::TENANT).await?.value;
    if tenant.plan.is_open(ports.clock.now()) { Ok(()) } else { Err(CoreError::OutsideServiceHours) }
}
