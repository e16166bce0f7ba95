//! Sign-in with a code from an authenticator app: one's own set-up and turning it off, an admin's reset for
//! someone who lost their phone, and the tenant's rule that admins and experts must use one.

use axum::extract::State;
use mendan_core::usecases::mfa::{self, MfaPolicy, MfaPolicyInput, MfaView, TotpSetup};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(state, turn_off))
        .routes(routes!(begin))
        .routes(routes!(confirm))
        .routes(routes!(reset))
        .routes(routes!(policy, set_policy))
}

/// The tenant's rule for staff sign-in (admin): whether admins and experts must use an authenticator app, and how
/// many of them have not set one up.
#[utoipa::path(get, path = "/t/{tenant}/v1/mfa/policy", tag = "auth", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = MfaPolicy), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn policy(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<MfaPolicy>, ApiError> {
    Ok(Json(mfa::policy(&s.ports, &c).await?))
}

/// Requires (or no longer requires) admins and experts to sign in with an authenticator app (admin; 422 when the
/// admin has not set up their own yet). While required, those without one reach only their account page
/// (403 `mfa_setup_required` elsewhere). Recorded in the activity log.
#[utoipa::path(put, path = "/t/{tenant}/v1/mfa/policy", tag = "auth", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = MfaPolicyInput,
    responses((status = 200, body = MfaPolicy), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn set_policy(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(body): Json<MfaPolicyInput>,
) -> Result<Json<MfaPolicy>, ApiError> {
    Ok(Json(mfa::set_policy(&s.ports, &c, body).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// The 6 digits the authenticator app shows now.
    pub code: String,
}

/// Whether one's sign-in asks for an authenticator app's code.
#[utoipa::path(get, path = "/t/{tenant}/v1/me/mfa", tag = "auth", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = MfaView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn state(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<MfaView>, ApiError> {
    Ok(Json(mfa::state(&s.ports, &c).await?))
}

/// Starts setting up an authenticator app: the secret and its `otpauth://` address (for the QR code). Sign-in is
/// unchanged until the set-up is confirmed with a code.
#[utoipa::path(post, path = "/t/{tenant}/v1/me/mfa/totp", tag = "auth", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = TotpSetup), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn begin(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<TotpSetup>, ApiError> {
    Ok(Json(mfa::begin(&s.ports, &c).await?))
}

/// Confirms the set-up with the app's current code (422 `code` when it does not match); sign-in asks for a code
/// from now on.
#[utoipa::path(post, path = "/t/{tenant}/v1/me/mfa/totp/confirm", tag = "auth", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = CodeRequest,
    responses((status = 200, body = MfaView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn confirm(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(body): Json<CodeRequest>,
) -> Result<Json<MfaView>, ApiError> {
    Ok(Json(mfa::confirm(&s.ports, &c, &body.code).await?))
}

/// Turns one's own code off.
#[utoipa::path(delete, path = "/t/{tenant}/v1/me/mfa", tag = "auth", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = MfaView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn turn_off(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<MfaView>, ApiError> {
    Ok(Json(mfa::turn_off(&s.ports, &c).await?))
}

/// Turns someone's code off (admin; a lost phone); in the activity log.
#[utoipa::path(post, path = "/t/{tenant}/v1/users/{id}/mfa/reset", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = MfaView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn reset(State(s): State<AppState>, Caller(c): Caller, Path(p): Path<IdPath>) -> Result<Json<MfaView>, ApiError> {
    Ok(Json(mfa::reset(&s.ports, &c, mendan_core::domain::UserId(p.id)).await?))
}
