//! Sign-in and the caller's own profile.

use axum::extract::State;
use mendan_core::domain::user::User;
use mendan_core::usecases::session;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
}

#[derive(Deserialize)]
struct TenantPath {
    tenant: String,
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login)).routes(routes!(me))
}

/// Sign in with e-mail and password (embedded identity; on AWS the browser may use Cognito directly).
#[utoipa::path(post, path = "/t/{tenant}/v1/auth/login", tag = "auth",
    params(("tenant" = String, Path, description = "tenant slug")),
    request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn login(
    State(state): State<AppState>,
    Path(path): Path<TenantPath>,
    Json(body): Json<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let token = session::sign_in(&state.ports, &path.tenant, &body.email, &body.password).await?;
    Ok(Json(LoginResponse { token }))
}

/// The signed-in user.
#[utoipa::path(get, path = "/t/{tenant}/v1/me", tag = "auth", security(("bearer" = [])),
    params(("tenant" = String, Path, description = "tenant slug")),
    responses((status = 200, body = User), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn me(Caller(caller): Caller) -> Json<User> {
    Json(caller.user)
}
