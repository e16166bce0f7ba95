//! What a Cognito id token must say for Mendan to accept it, and how that becomes `Claims`.

use jsonwebtoken::{Algorithm, Validation};
use mendan_core::domain::{Role, TenantSlug, UserId};
use mendan_core::ports::{Claims, PortError, PortResult};
use serde::Deserialize;

/// Tolerated clock difference between Cognito and the function.
const LEEWAY_SECS: u64 = 30;

/// The claims Mendan reads from a Cognito id token; the rest are checked by `Validation`.
#[derive(Debug, Deserialize)]
pub(crate) struct IdTokenClaims {
    #[serde(rename = "cognito:username")]
    username: Option<String>,
    #[serde(rename = "custom:tenant")]
    tenant: Option<String>,
    #[serde(rename = "custom:role")]
    role: Option<String>,
    token_use: Option<String>,
}

/// RS256 only, issued by our pool, for our app client (`aud` of an id token), not expired.
pub(crate) fn validation(issuer: &str, client_id: &str) -> Validation {
    let mut v = Validation::new(Algorithm::RS256);
    v.set_issuer(&[issuer]);
    v.set_audience(&[client_id]);
    v.set_required_spec_claims(&["exp", "iss", "aud"]);
    v.leeway = LEEWAY_SECS;
    v
}

pub(crate) fn claims(token: IdTokenClaims) -> PortResult<Claims> {
    let refuse = |why: &str| PortError::Unauthenticated(why.to_owned());
    // An access token has no aud and would already fail; this names the mistake if one slips by.
    if token.token_use.as_deref() != Some("id") {
        return Err(refuse("an id token is required"));
    }
    let user_id = token.username.ok_or_else(|| refuse("the token has no cognito:username"))?;
    let tenant = token.tenant.ok_or_else(|| refuse("the token has no custom:tenant"))?;
    let role = token.role.ok_or_else(|| refuse("the token has no custom:role"))?;
    Ok(Claims {
        user_id: UserId::parse(&user_id).map_err(|_| refuse("the token's user is not a Mendan user id"))?,
        tenant: TenantSlug::parse(&tenant).map_err(|_| refuse("the token's custom:tenant is not a tenant"))?,
        role: role.parse::<Role>().map_err(|_| refuse("the token's custom:role is not a role"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(use_: &str, user: &str, tenant: &str, role: &str) -> IdTokenClaims {
        IdTokenClaims {
            username: Some(user.into()),
            tenant: Some(tenant.into()),
            role: Some(role.into()),
            token_use: Some(use_.into()),
        }
    }

    const USER: &str = "0190c5a4-9a55-7b7e-8c1e-2f1a5b6c7d8e";

    #[test]
    fn maps_an_id_token() {
        let c = claims(token("id", USER, "acme", "expert")).expect("valid claims");
        assert_eq!(c.user_id.to_string(), USER);
        assert_eq!(c.tenant.as_str(), "acme");
        assert_eq!(c.role, Role::Expert);
    }

    #[test]
    fn refuses_what_is_not_ours() {
        for bad in [
            token("access", USER, "acme", "admin"),
            token("id", "someone", "acme", "admin"),
            token("id", USER, "Not A Tenant", "admin"),
            token("id", USER, "acme", "root"),
            IdTokenClaims { role: None, ..token("id", USER, "acme", "admin") },
        ] {
            assert!(matches!(claims(bad), Err(PortError::Unauthenticated(_))));
        }
    }
}
