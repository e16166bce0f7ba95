//! Sign-in, sessions (refresh, sign-out) and the caller's own profile.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use mendan_core::domain::user::User;
use mendan_core::usecases::account_mail;
use mendan_core::usecases::session::{self, SignInOutcome};
use mendan_core::usecases::sessions::{self, SessionTokens};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::refresh_cookie::Delivery;
use crate::{AppState, Caller, ClientAddr};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Signed in, or (first sign-in with a temporary password) the step to choose one's own.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum LoginResponse {
    SignedIn(TokenResponse),
    Challenge {
        challenge: Challenge,
        /// Quote it in `POST auth/new-password` (valid for a few minutes).
        session: String,
    },
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Challenge {
    NewPasswordRequired,
    /// The account signs in with a code from an authenticator app too: `POST auth/mfa`.
    MfaRequired,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MfaRequest {
    pub email: String,
    /// From the login answer's challenge (valid for 3 minutes).
    pub session: String,
    /// The 6 digits the authenticator app shows now.
    pub code: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPasswordRequest {
    pub email: String,
    /// From the login answer's challenge.
    pub session: String,
    /// 12-256 characters, not the temporary one.
    pub new_password: String,
}

/// A signed-in session's tokens.
#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// The access token: send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Seconds the access token is valid (15 minutes); renew it with `POST auth/refresh` before.
    pub expires_in: u32,
    /// For `POST auth/refresh` (used once: each answer brings the next). Absent when the request
    /// said `X-Mendan-Refresh: cookie`: then it is in the HttpOnly cookie `mendan_refresh`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The latest refresh token (not needed with `X-Mendan-Refresh: cookie`).
    #[serde(default)]
    pub refresh_token: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct LogoutRequest {
    /// The session's refresh token (not needed with `X-Mendan-Refresh: cookie`).
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Ends every session of the user (every device), not only this one.
    #[serde(default)]
    pub everywhere: bool,
}

/// A browser signing in while it still holds an older session's cookie (its start-up refresh
/// failed, say) is about to overwrite that cookie: end the older session rather than leave it
/// alive, unreachable, for its 7 idle days. Best effort: the sign-in itself succeeded.
async fn end_replaced_session(state: &AppState, tenant: &str, delivery: &Delivery) {
    if let Some(old) = delivery.presented(None)
        && let Err(error) = sessions::end(&state.ports, tenant, &old, false).await
    {
        tracing::warn!(%error, "could not end the session a new sign-in replaced");
    }
}

/// The tokens as the response says them, with the refresh token in the body or a cookie.
fn answer(tokens: SessionTokens, delivery: &Delivery) -> (HeaderMap, TokenResponse) {
    let mut headers = HeaderMap::new();
    let refresh_token = delivery.hand_over(tokens.refresh_token, &mut headers);
    (headers, TokenResponse { token: tokens.access_token, expires_in: tokens.expires_in_secs, refresh_token })
}

#[derive(Deserialize)]
struct TenantPath {
    tenant: String,
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(new_password))
        .routes(routes!(mfa))
        .routes(routes!(refresh))
        .routes(routes!(logout))
        .routes(routes!(password_reset))
        .routes(routes!(set_password))
        .routes(routes!(me))
}

/// Sign in with e-mail and password (embedded accounts, or Cognito's on AWS). A temporary password
/// (an invitation's) answers with the `new_password_required` challenge instead of a token.
/// Repeated failures per account and per client address are answered with 429
/// `too_many_attempts` and Retry-After (5 free attempts per account, then doubling waits up to 15
/// minutes; 50 per address).
#[utoipa::path(post, path = "/t/{tenant}/v1/auth/login", tag = "auth",
    params(("tenant" = String, Path, description = "tenant slug")),
    request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    delivery: Delivery,
    Path(path): Path<TenantPath>,
    Json(body): Json<LoginRequest>,
) -> Result<(HeaderMap, Json<LoginResponse>), ApiError> {
    let outcome = session::sign_in(&state.ports, &path.tenant, &body.email, &body.password, client).await?;
    Ok(match outcome {
        SignInOutcome::SignedIn(tokens) => {
            end_replaced_session(&state, &path.tenant, &delivery).await;
            let (headers, tokens) = answer(tokens, &delivery);
            (headers, Json(LoginResponse::SignedIn(tokens)))
        }
        SignInOutcome::NewPasswordRequired { session } => {
            (HeaderMap::new(), Json(LoginResponse::Challenge { challenge: Challenge::NewPasswordRequired, session }))
        }
        SignInOutcome::MfaRequired { session } => {
            (HeaderMap::new(), Json(LoginResponse::Challenge { challenge: Challenge::MfaRequired, session }))
        }
    })
}

/// The second step of a sign-in with an authenticator app: its current code; signs in. A wrong or used code is
/// 401 `wrong_code` (counted like wrong passwords); an expired step 401 `sign_in_expired`.
#[utoipa::path(post, path = "/t/{tenant}/v1/auth/mfa", tag = "auth",
    params(("tenant" = String, Path, description = "tenant slug")),
    request_body = MfaRequest,
    responses((status = 200, body = TokenResponse), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn mfa(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    delivery: Delivery,
    Path(path): Path<TenantPath>,
    Json(body): Json<MfaRequest>,
) -> Result<(HeaderMap, Json<TokenResponse>), ApiError> {
    let tokens =
        session::answer_mfa(&state.ports, &path.tenant, &body.email, &body.session, &body.code, client).await?;
    end_replaced_session(&state, &path.tenant, &delivery).await;
    let (headers, tokens) = answer(tokens, &delivery);
    Ok((headers, Json(tokens)))
}

/// Choose one's own password after signing in with a temporary one; signs in.
#[utoipa::path(post, path = "/t/{tenant}/v1/auth/new-password", tag = "auth",
    params(("tenant" = String, Path, description = "tenant slug")),
    request_body = NewPasswordRequest,
    responses((status = 200, body = TokenResponse), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn new_password(
    State(state): State<AppState>,
    delivery: Delivery,
    Path(path): Path<TenantPath>,
    Json(body): Json<NewPasswordRequest>,
) -> Result<(HeaderMap, Json<TokenResponse>), ApiError> {
    let tokens =
        session::choose_password(&state.ports, &path.tenant, &body.email, &body.session, &body.new_password).await?;
    end_replaced_session(&state, &path.tenant, &delivery).await;
    let (headers, tokens) = answer(tokens, &delivery);
    Ok((headers, Json(tokens)))
}

/// A new access token for the session, and the session's next refresh token (each refresh token
/// works once). 401 when the session has ended: it expired (7 days unused, 30 days after the
/// password), was signed out, the account was disabled or its password reset, or a refresh token
/// that was already used came back (a copy is loose: the whole session ends).
#[utoipa::path(post, path = "/t/{tenant}/v1/auth/refresh", tag = "auth",
    params(("tenant" = String, Path, description = "tenant slug"),
        ("X-Mendan-Refresh" = Option<String>, Header, description = "`cookie`: the refresh token travels in the HttpOnly cookie")),
    request_body = RefreshRequest,
    responses((status = 200, body = TokenResponse), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn refresh(
    State(state): State<AppState>,
    delivery: Delivery,
    Path(path): Path<TenantPath>,
    Json(body): Json<RefreshRequest>,
) -> Result<(HeaderMap, Json<TokenResponse>), (HeaderMap, ApiError)> {
    let mut forget = HeaderMap::new();
    delivery.forget(&mut forget);
    let ended = |e: mendan_core::CoreError| {
        // A session that is over takes its cookie with it; other failures (a backend hiccup,
        // service hours) leave it for the next try.
        let headers =
            if matches!(e, mendan_core::CoreError::Unauthenticated(_)) { forget.clone() } else { HeaderMap::new() };
        (headers, ApiError::from(e))
    };
    let presented = delivery
        .presented(body.refresh_token)
        .ok_or_else(|| ended(mendan_core::CoreError::Unauthenticated("no refresh token".into())))?;
    let tokens = sessions::refresh(&state.ports, &path.tenant, &presented).await.map_err(ended)?;
    let (headers, tokens) = answer(tokens, &delivery);
    Ok((headers, Json(tokens)))
}

/// Signs out: ends this session (or, with `everywhere`, every session of the user) so its refresh
/// token no longer works; the access token in hand lapses within its 15 minutes. Always 204, also
/// for a session that had already ended.
#[utoipa::path(post, path = "/t/{tenant}/v1/auth/logout", tag = "auth",
    params(("tenant" = String, Path, description = "tenant slug"),
        ("X-Mendan-Refresh" = Option<String>, Header, description = "`cookie`: the refresh token travels in the HttpOnly cookie")),
    request_body = LogoutRequest,
    responses((status = 204), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn logout(
    State(state): State<AppState>,
    delivery: Delivery,
    Path(path): Path<TenantPath>,
    Json(body): Json<LogoutRequest>,
) -> Result<(StatusCode, HeaderMap), ApiError> {
    if let Some(presented) = delivery.presented(body.refresh_token) {
        sessions::end(&state.ports, &path.tenant, &presented, body.everywhere).await?;
    }
    let mut headers = HeaderMap::new();
    delivery.forget(&mut headers);
    Ok((StatusCode::NO_CONTENT, headers))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
}

/// 「パスワードをお忘れの方」: mails a link to set a new password (valid 1 hour, once) to the
/// address if it has an active account. Always 202, whether or not it has one; counted like a
/// sign-in attempt (429 `too_many_attempts` when repeated).
#[utoipa::path(post, path = "/t/{tenant}/v1/auth/password-reset", tag = "auth",
    params(("tenant" = String, Path, description = "tenant slug")),
    request_body = PasswordResetRequest,
    responses((status = 202), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn password_reset(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(path): Path<TenantPath>,
    Json(body): Json<PasswordResetRequest>,
) -> Result<StatusCode, ApiError> {
    account_mail::request_reset(&state.ports, &path.tenant, &body.email, client).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPasswordRequest {
    /// The token of the mailed link (the part after `#`).
    pub token: String,
    pub password: String,
}

/// Sets the password with a mailed link (an invitation's or a reset's); each link works once.
/// Every session of the account ends; the person then signs in with the new password. 422
/// `invalid` (field `token`) for a link that expired or was used.
#[utoipa::path(post, path = "/t/{tenant}/v1/auth/set-password", tag = "auth",
    params(("tenant" = String, Path, description = "tenant slug")),
    request_body = SetPasswordRequest,
    responses((status = 204), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn set_password(
    State(state): State<AppState>,
    Path(path): Path<TenantPath>,
    Json(body): Json<SetPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    account_mail::set_password(&state.ports, &path.tenant, &body.token, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[utoipa::path(get, path = "/t/{tenant}/v1/me", tag = "auth", security(("bearer" = [])),
    params(("tenant" = String, Path, description = "tenant slug")),
    responses((status = 200, body = User), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn me(Caller(caller): Caller) -> Json<User> {
    Json(caller.user)
}
