//! Sign-in and the caller's own profile.

use axum::extract::State;
use mendan_core::domain::user::User;
use mendan_core::ports::SignedIn;
use mendan_core::usecases::session;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller, ClientAddr};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// A bearer token, or (first sign-in with a temporary password) the step to choose one's own.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum LoginResponse {
    Token {
        /// Send as `Authorization: Bearer <token>`.
        token: String,
    },
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

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
}

#[derive(Deserialize)]
struct TenantPath {
    tenant: String,
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login)).routes(routes!(new_password)).routes(routes!(me))
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
    Path(path): Path<TenantPath>,
    Json(body): Json<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let signed_in = session::sign_in(&state.ports, &path.tenant, &body.email, &body.password, client).await?;
    Ok(Json(match signed_in {
        SignedIn::Token(token) => LoginResponse::Token { token },
        SignedIn::NewPasswordRequired { session } => {
            LoginResponse::Challenge { challenge: Challenge::NewPasswordRequired, session }
        }
    }))
}

/// Choose one's own password after signing in with a temporary one; signs in.
#[utoipa::path(post, path = "/t/{tenant}/v1/auth/new-password", tag = "auth",
    params(("tenant" = String, Path, description = "tenant slug")),
    request_body = NewPasswordRequest,
    responses((status = 200, body = TokenResponse), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn new_password(
    State(state): State<AppState>,
    Path(path): Path<TenantPath>,
    Json(body): Json<NewPasswordRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let token =
        session::choose_password(&state.ports, &path.tenant, &body.email, &body.session, &body.new_password).await?;
    Ok(Json(TokenResponse { token }))
}

/// The signed-in user.
#[utoipa::path(get, path = "/t/{tenant}/v1/me", tag = "auth", security(("bearer" = [])),
    params(("tenant" = String, Path, description = "tenant slug")),
    responses((status = 200, body = User), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn me(Caller(caller): Caller) -> Json<User> {
    Json(caller.user)
}
