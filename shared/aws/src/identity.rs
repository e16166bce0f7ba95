//! The `Identity` port on a Cognito user pool. The Cognito username is the Mendan user id; the
//! tenant and role live in the custom attributes `custom:tenant` and `custom:role`, which Cognito
//! copies into the id token the API verifies.

mod jwks;
mod token;

use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthFlowType, AuthenticationResultType, ChallengeNameType, MessageActionType,
};
use jsonwebtoken::{Algorithm, Validation, decode, decode_header};
use mendan_core::domain::password::temporary_password;
use mendan_core::domain::{Email, Role, TenantSlug, UserId};
use mendan_core::ports::{Claims, Identity, IssuedTokens, NewAccount, PortError, PortResult, SignedIn};

use crate::error::{backend, build};
use jwks::JwksCache;

const TENANT: &str = "custom:tenant";
const ROLE: &str = "custom:role";

/// The JWKS URL and issuer of a user pool in AWS.
pub fn cognito_urls(region: &str, user_pool_id: &str) -> (String, String) {
    let issuer = format!("https://cognito-idp.{region}.amazonaws.com/{user_pool_id}");
    (format!("{issuer}/.well-known/jwks.json"), issuer)
}

/// The JWKS URL and issuer of a user pool in a moto server at `endpoint`. Moto writes the real
/// AWS issuer into its tokens but serves the keys at `{endpoint}/{pool}/.well-known/jwks.json`.
/// (Its signing key is published in moto's source, so such tokens prove nothing outside tests.)
pub fn moto_cognito_urls(endpoint: &str, region: &str, user_pool_id: &str) -> (String, String) {
    let (_, issuer) = cognito_urls(region, user_pool_id);
    (format!("{}/{user_pool_id}/.well-known/jwks.json", endpoint.trim_end_matches('/')), issuer)
}

pub struct CognitoIdentity {
    client: Client,
    user_pool_id: String,
    client_id: String,
    jwks: JwksCache,
    validation: Validation,
}

fn attribute(name: &str, value: impl Into<String>) -> PortResult<AttributeType> {
    AttributeType::builder().name(name).value(value).build().map_err(|e| build("cognito attribute", e))
}

fn find_attribute<'a>(attributes: &'a [AttributeType], name: &str) -> Option<&'a str> {
    attributes.iter().find(|a| a.name() == name).and_then(|a| a.value())
}

/// Cognito's own explanation (a password rule, a malformed value) is what the user must fix.
fn invalid(err: &impl ProvideErrorMetadata) -> PortError {
    PortError::Invalid(err.message().unwrap_or("refused by the user pool").to_owned())
}

/// The id token (what the API verifies) and the refresh token, which stays on the server as the
/// session's renewal. `None` when Cognito answered a challenge instead.
fn issued(result: Option<&AuthenticationResultType>) -> Option<IssuedTokens> {
    let result = result?;
    Some(IssuedTokens {
        access_token: result.id_token()?.to_owned(),
        // The pool gives id and access tokens the same validity (template: 15 minutes).
        expires_in_secs: u32::try_from(result.expires_in()).unwrap_or(0),
        renewal: result.refresh_token().map(str::to_owned),
    })
}

/// Quotes a value for a ListUsers filter, where `"` and `\` must be escaped.
fn filter_value(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

impl CognitoIdentity {
    pub fn new(client: Client, user_pool_id: String, client_id: String, jwks_url: String, issuer: String) -> Self {
        let validation = token::validation(&issuer, &client_id);
        Self { client, user_pool_id, client_id, jwks: JwksCache::new(jwks_url), validation }
    }

    /// The username of the tenant's account with this e-mail address. One pool serves every
    /// tenant, so the same address may exist once per tenant.
    async fn find_by_email(&self, tenant: &TenantSlug, email: &Email) -> PortResult<Option<String>> {
        let filter = format!("email = \"{}\"", filter_value(email.as_str()));
        let mut token = None;
        loop {
            let page = self
                .client
                .list_users()
                .user_pool_id(&self.user_pool_id)
                .filter(&filter)
                .set_pagination_token(token.take())
                .send()
                .await
                .map_err(|e| backend("cognito ListUsers", &e))?;
            let found = page.users().iter().find(|u| find_attribute(u.attributes(), TENANT) == Some(tenant.as_str()));
            if let Some(user) = found {
                return Ok(user.username().map(str::to_owned));
            }
            match page.pagination_token() {
                Some(next) if !next.is_empty() => token = Some(next.to_owned()),
                _ => return Ok(None),
            }
        }
    }

    /// Succeeds only for an account of this tenant; another tenant's account is `NotFound`.
    async fn check_tenant(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()> {
        let user = self
            .client
            .admin_get_user()
            .user_pool_id(&self.user_pool_id)
            .username(user_id.to_string())
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_user_not_found_exception() => PortError::NotFound,
                _ => backend("cognito AdminGetUser", &e),
            })?;
        if find_attribute(user.user_attributes(), TENANT) == Some(tenant.as_str()) {
            Ok(())
        } else {
            Err(PortError::NotFound)
        }
    }

    /// Deletes an account whose creation did not complete; a missing one is fine.
    async fn remove_half_created(&self, username: &str) {
        let undo = self.client.admin_delete_user().user_pool_id(&self.user_pool_id).username(username).send().await;
        if let Err(e) = undo
            && !e.as_service_error().is_some_and(|se| se.is_user_not_found_exception())
        {
            let error = backend("cognito AdminDeleteUser", &e);
            tracing::warn!(user_id = %username, %error, "could not remove a half-created account");
        }
    }

    async fn set_permanent_password(&self, username: &str, password: String) -> PortResult<()> {
        self.client
            .admin_set_user_password()
            .user_pool_id(&self.user_pool_id)
            .username(username)
            .password(password)
            .permanent(true)
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_invalid_password_exception() || se.is_invalid_parameter_exception() => invalid(se),
                _ => backend("cognito AdminSetUserPassword", &e),
            })?;
        Ok(())
    }
}

impl CognitoIdentity {
    /// Answers a sign-in challenge of `username` with its one response (`(name, value)`), quoting `session`.
    async fn respond(
        &self,
        challenge: ChallengeNameType,
        username: &str,
        (name, value): (&str, &str),
        session: &str,
    ) -> Result<
        aws_sdk_cognitoidentityprovider::operation::admin_respond_to_auth_challenge::AdminRespondToAuthChallengeOutput,
        aws_sdk_cognitoidentityprovider::error::SdkError<
            aws_sdk_cognitoidentityprovider::operation::admin_respond_to_auth_challenge::AdminRespondToAuthChallengeError,
        >,
    >{
        self.client
            .admin_respond_to_auth_challenge()
            .user_pool_id(&self.user_pool_id)
            .client_id(&self.client_id)
            .challenge_name(challenge)
            .challenge_responses("USERNAME", username)
            .challenge_responses(name, value)
            .session(session)
            .send()
            .await
    }

    /// Cognito's own access token of a session (the API's bearer is the ID token, which carries the tenant and
    /// role): the one thing AssociateSoftwareToken and VerifySoftwareToken take.
    async fn access_token(&self, renewal: Option<&str>) -> PortResult<String> {
        let result = self.refreshed(renewal).await?;
        result.access_token().map(str::to_owned).ok_or_else(|| {
            PortError::Unauthenticated("Cognito answered no access token for the session's refresh token".into())
        })
    }

    /// A session's fresh tokens from its refresh token; `Unauthenticated` when Cognito no longer honours it.
    async fn refreshed(&self, renewal: Option<&str>) -> PortResult<AuthenticationResultType> {
        let refused = |why: &str| PortError::Unauthenticated(why.to_owned());
        let renewal = renewal.ok_or_else(|| refused("the session has no Cognito refresh token"))?;
        let out = self
            .client
            .admin_initiate_auth()
            .user_pool_id(&self.user_pool_id)
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", renewal)
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                // Revoked, expired, signed out everywhere, or the user disabled or deleted.
                Some(se) if se.is_not_authorized_exception() || se.is_user_not_found_exception() => {
                    refused("Cognito no longer honours the session's refresh token")
                }
                _ => backend("cognito AdminInitiateAuth (refresh)", &e),
            })?;
        out.authentication_result().cloned().ok_or_else(|| refused("Cognito answered no tokens"))
    }

    /// Sign-in asks for the authenticator app's code (or no longer does).
    async fn set_totp(&self, user_id: UserId, enabled: bool) -> PortResult<()> {
        let settings = aws_sdk_cognitoidentityprovider::types::SoftwareTokenMfaSettingsType::builder()
            .enabled(enabled)
            .preferred_mfa(enabled)
            .build();
        self.client
            .admin_set_user_mfa_preference()
            .user_pool_id(&self.user_pool_id)
            .username(user_id.to_string())
            .software_token_mfa_settings(settings)
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_user_not_found_exception() => PortError::NotFound,
                _ => backend("cognito AdminSetUserMFAPreference", &e),
            })?;
        Ok(())
    }
}

#[async_trait]
impl Identity for CognitoIdentity {
    async fn create_account(&self, account: NewAccount) -> PortResult<Option<String>> {
        // An address is unique within a tenant, as in the embedded backend.
        if self.find_by_email(&account.tenant, &account.email).await?.is_some() {
            return Err(PortError::ConditionFailed);
        }
        let username = account.user_id.to_string();
        let attributes = vec![
            attribute("email", account.email.as_str())?,
            attribute("email_verified", "true")?,
            attribute(TENANT, account.tenant.as_str())?,
            attribute(ROLE, account.role.as_str())?,
        ];
        let request = self
            .client
            .admin_create_user()
            .user_pool_id(&self.user_pool_id)
            .username(&username)
            .set_user_attributes(Some(attributes));
        // Cognito's own invitation (English, from Cognito's sender, with the id as user name) is
        // never sent: Mendan's invitation mail carries a link to set the password, and without a
        // chosen password the admin also gets a temporary one to hand over.
        let temporary = account.password.is_none().then(temporary_password);
        let request = request.message_action(MessageActionType::Suppress).set_temporary_password(temporary.clone());
        if let Err(e) = request.send().await {
            let error = match e.as_service_error() {
                Some(se) if se.is_username_exists_exception() => PortError::ConditionFailed,
                Some(se) if se.is_invalid_parameter_exception() || se.is_invalid_password_exception() => invalid(se),
                _ => backend("cognito AdminCreateUser", &e),
            };
            // Cognito may have created the user before the call failed (a timeout): remove it, so
            // the address is free when the inviter tries again.
            if matches!(error, PortError::Backend(_)) {
                self.remove_half_created(&username).await;
            }
            return Err(error);
        }
        if let Some(password) = account.password
            && let Err(refused) = self.set_permanent_password(&username, password).await
        {
            // Undo the creation so the inviter can simply try again with another password.
            self.remove_half_created(&username).await;
            return Err(refused);
        }
        Ok(temporary)
    }

    async fn set_password(&self, tenant: &TenantSlug, user_id: UserId, password: &str) -> PortResult<()> {
        self.check_tenant(tenant, user_id).await?;
        self.set_permanent_password(&user_id.to_string(), password.to_owned()).await
    }

    async fn set_role(&self, tenant: &TenantSlug, user_id: UserId, role: Role) -> PortResult<()> {
        self.check_tenant(tenant, user_id).await?;
        self.client
            .admin_update_user_attributes()
            .user_pool_id(&self.user_pool_id)
            .username(user_id.to_string())
            .user_attributes(attribute(ROLE, role.as_str())?)
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_user_not_found_exception() => PortError::NotFound,
                _ => backend("cognito AdminUpdateUserAttributes", &e),
            })?;
        Ok(())
    }

    async fn reset_password(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<Option<String>> {
        self.check_tenant(tenant, user_id).await?;
        // Not permanent: the user is back in FORCE_CHANGE_PASSWORD and chooses their own at the
        // next sign-in; the pool's TemporaryPasswordValidityDays bounds it as an invitation's.
        let temporary = temporary_password();
        self.client
            .admin_set_user_password()
            .user_pool_id(&self.user_pool_id)
            .username(user_id.to_string())
            .password(&temporary)
            .permanent(false)
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_user_not_found_exception() => PortError::NotFound,
                _ => backend("cognito AdminSetUserPassword", &e),
            })?;
        Ok(Some(temporary))
    }

    async fn delete_account(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()> {
        match self.check_tenant(tenant, user_id).await {
            Ok(()) => {}
            // Gone already (an erasure run again): done.
            Err(PortError::NotFound) => return Ok(()),
            Err(e) => return Err(e),
        }
        let deleted =
            self.client.admin_delete_user().user_pool_id(&self.user_pool_id).username(user_id.to_string()).send().await;
        match deleted {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().is_some_and(|se| se.is_user_not_found_exception()) => Ok(()),
            Err(e) => Err(backend("cognito AdminDeleteUser", &e)),
        }
    }

    async fn disable(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()> {
        self.check_tenant(tenant, user_id).await?;
        self.client
            .admin_disable_user()
            .user_pool_id(&self.user_pool_id)
            .username(user_id.to_string())
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_user_not_found_exception() => PortError::NotFound,
                _ => backend("cognito AdminDisableUser", &e),
            })?;
        Ok(())
    }

    async fn sign_in(&self, tenant: &TenantSlug, email: &Email, password: &str) -> PortResult<SignedIn> {
        let wrong = || PortError::Unauthenticated("wrong e-mail address or password".into());
        // An unknown address still asks Cognito, about a username no account has (usernames are
        // v7 ids), so it takes as long as a known one: the answer's timing tells nothing.
        let username = match self.find_by_email(tenant, email).await? {
            Some(username) => username,
            None => format!("unknown-{}", uuid::Uuid::new_v4()),
        };
        let out = self
            .client
            .admin_initiate_auth()
            .user_pool_id(&self.user_pool_id)
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", &username)
            .auth_parameters("PASSWORD", password)
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                // Cognito says "Temporary password has expired and must be reset by an administrator."
                Some(se)
                    if se.is_not_authorized_exception()
                        && se.message().is_some_and(|m| m.contains("Temporary password has expired")) =>
                {
                    PortError::PasswordExpired
                }
                // A disabled account is refused whatever the password, so it is said as a wrong
                // one: "disabled" must never tell a guesser that the account exists.
                Some(se) if se.is_not_authorized_exception() || se.is_user_not_found_exception() => wrong(),
                Some(se) if se.is_password_reset_required_exception() || se.is_user_not_confirmed_exception() => {
                    wrong()
                }
                _ => backend("cognito AdminInitiateAuth", &e),
            })?;
        if let Some(tokens) = issued(out.authentication_result()) {
            return Ok(SignedIn::Tokens(tokens));
        }
        match (out.challenge_name(), out.session()) {
            (Some(ChallengeNameType::NewPasswordRequired), Some(session)) => {
                Ok(SignedIn::NewPasswordRequired { session: session.to_owned() })
            }
            (Some(ChallengeNameType::SoftwareTokenMfa), Some(session)) => {
                Ok(SignedIn::MfaRequired { session: session.to_owned() })
            }
            (challenge, _) => Err(PortError::Unauthenticated(format!(
                "sign-in needs a step Mendan does not offer ({})",
                challenge.map(|c| c.as_str()).unwrap_or("unknown challenge")
            ))),
        }
    }

    async fn answer_mfa(
        &self,
        tenant: &TenantSlug,
        email: &Email,
        session: &str,
        code: &str,
    ) -> PortResult<IssuedTokens> {
        let stale = || PortError::Invalid("the sign-in session does not match or expired".into());
        let username = self.find_by_email(tenant, email).await?.ok_or_else(stale)?;
        let out = self
            .respond(ChallengeNameType::SoftwareTokenMfa, &username, ("SOFTWARE_TOKEN_MFA_CODE", code.trim()), session)
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_code_mismatch_exception() || se.is_expired_code_exception() => {
                    PortError::Unauthenticated("wrong or used code".into())
                }
                Some(se) if se.is_not_authorized_exception() || se.is_resource_not_found_exception() => stale(),
                _ => backend("cognito AdminRespondToAuthChallenge", &e),
            })?;
        issued(out.authentication_result()).ok_or_else(stale)
    }

    async fn begin_totp(&self, tenant: &TenantSlug, user_id: UserId, renewal: Option<&str>) -> PortResult<String> {
        self.check_tenant(tenant, user_id).await?;
        let access_token = self.access_token(renewal).await?;
        let out = self
            .client
            .associate_software_token()
            .access_token(access_token)
            .send()
            .await
            .map_err(|e| backend("cognito AssociateSoftwareToken", &e))?;
        out.secret_code()
            .map(str::to_owned)
            .ok_or_else(|| PortError::Backend("cognito AssociateSoftwareToken: no secret in the answer".into()))
    }

    async fn confirm_totp(
        &self,
        tenant: &TenantSlug,
        user_id: UserId,
        renewal: Option<&str>,
        code: &str,
    ) -> PortResult<()> {
        self.check_tenant(tenant, user_id).await?;
        let access_token = self.access_token(renewal).await?;
        let out = self
            .client
            .verify_software_token()
            .access_token(access_token)
            .user_code(code.trim())
            .friendly_device_name("Mendan")
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_code_mismatch_exception() || se.is_enable_software_token_mfa_exception() => {
                    PortError::Invalid("the code does not match".into())
                }
                _ => backend("cognito VerifySoftwareToken", &e),
            })?;
        if out.status().is_some_and(|s| s.as_str() != "SUCCESS") {
            return Err(PortError::Invalid("the code does not match".into()));
        }
        self.set_totp(user_id, true).await
    }

    async fn turn_off_totp(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()> {
        self.check_tenant(tenant, user_id).await?;
        self.set_totp(user_id, false).await
    }

    async fn choose_password(
        &self,
        tenant: &TenantSlug,
        email: &Email,
        session: &str,
        new_password: &str,
    ) -> PortResult<IssuedTokens> {
        let stale = || PortError::Unauthenticated("the new-password session does not match".into());
        let username = self.find_by_email(tenant, email).await?.ok_or_else(stale)?;
        let out = self
            .respond(ChallengeNameType::NewPasswordRequired, &username, ("NEW_PASSWORD", new_password), session)
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_invalid_password_exception() || se.is_invalid_parameter_exception() => invalid(se),
                Some(se)
                    if se.is_not_authorized_exception()
                        || se.is_code_mismatch_exception()
                        || se.is_expired_code_exception()
                        || se.is_resource_not_found_exception() =>
                {
                    stale()
                }
                _ => backend("cognito AdminRespondToAuthChallenge", &e),
            })?;
        issued(out.authentication_result()).ok_or_else(|| {
            PortError::Unauthenticated(format!(
                "sign-in needs a step Mendan does not offer ({})",
                out.challenge_name().map(|c| c.as_str()).unwrap_or("unknown challenge")
            ))
        })
    }

    async fn renew(&self, _tenant: &TenantSlug, user_id: UserId, renewal: Option<&str>) -> PortResult<IssuedTokens> {
        let refused = |why: &str| PortError::Unauthenticated(why.to_owned());
        let result = self.refreshed(renewal).await?;
        let tokens = issued(Some(&result)).ok_or_else(|| refused("Cognito answered no id token"))?;
        // The id token must be this session's user's (the renewal was stored under their key).
        let claims = self.verify(&tokens.access_token).await?;
        if claims.user_id != user_id {
            return Err(refused("the refresh token belongs to another user"));
        }
        Ok(tokens)
    }

    async fn sign_out_everywhere(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()> {
        self.check_tenant(tenant, user_id).await?;
        self.client
            .admin_user_global_sign_out()
            .user_pool_id(&self.user_pool_id)
            .username(user_id.to_string())
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(se) if se.is_user_not_found_exception() => PortError::NotFound,
                _ => backend("cognito AdminUserGlobalSignOut", &e),
            })?;
        Ok(())
    }

    async fn verify(&self, token: &str) -> PortResult<Claims> {
        let header = decode_header(token).map_err(|e| PortError::Unauthenticated(format!("malformed token: {e}")))?;
        if header.alg != Algorithm::RS256 {
            return Err(PortError::Unauthenticated("the token is not signed with RS256".into()));
        }
        let kid = header.kid.ok_or_else(|| PortError::Unauthenticated("the token names no signing key".into()))?;
        let key = self.jwks.key(&kid).await?;
        let data = decode::<token::IdTokenClaims>(token, &key, &self.validation)
            .map_err(|e| PortError::Unauthenticated(format!("token refused: {e}")))?;
        token::claims(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_for_aws_and_moto() {
        let (jwks, issuer) = cognito_urls("ap-northeast-1", "ap-northeast-1_abc");
        assert_eq!(issuer, "https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_abc");
        assert_eq!(jwks, format!("{issuer}/.well-known/jwks.json"));
        let (jwks, moto_issuer) = moto_cognito_urls("http://127.0.0.1:5123/", "ap-northeast-1", "ap-northeast-1_abc");
        assert_eq!(jwks, "http://127.0.0.1:5123/ap-northeast-1_abc/.well-known/jwks.json");
        assert_eq!(moto_issuer, issuer);
    }

    #[test]
    fn filter_values_are_escaped() {
        assert_eq!(filter_value(r#"a"b\c@example.com"#), r#"a\"b\\c@example.com"#);
    }
}
