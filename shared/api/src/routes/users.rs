//! Users (admin): invite, list, read, change role or name, disable, protected attributes.

use axum::extract::State;
use axum::http::StatusCode;
use mendan_core::domain::user::{ProtectedAttributes, User};
use mendan_core::domain::{Role, UserId};
use mendan_core::usecases::erasure::{self, ErasureAccepted};
use mendan_core::usecases::users::{self, Invitation, NewUser, OwnAttributes, OwnAttributesView, UserPatch};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(invite, list))
        .routes(routes!(get, update))
        .routes(routes!(disable))
        .routes(routes!(erase))
        .routes(routes!(own_attributes, declare_own_attributes))
        .routes(routes!(reset_password))
        .routes(routes!(get_attributes, put_attributes))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct UserFilter {
    role: Option<Role>,
}

/// Invite a user (admin).
#[utoipa::path(post, path = "/t/{tenant}/v1/users", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = NewUser,
    responses((status = 201, body = Invitation), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn invite(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(body): Json<NewUser>,
) -> Result<(StatusCode, Json<Invitation>), ApiError> {
    Ok((StatusCode::CREATED, Json(users::invite(&s.ports, &c, body).await?)))
}

/// List users, optionally of one role (admin, interviewer).
#[utoipa::path(get, path = "/t/{tenant}/v1/users", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path), UserFilter),
    responses((status = 200, body = Vec<User>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list(
    State(s): State<AppState>,
    Caller(c): Caller,
    Query(f): Query<UserFilter>,
) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(users::list(&s.ports, &c, f.role).await?))
}

/// Read a user (admin, interviewer; anyone for themselves).
#[utoipa::path(get, path = "/t/{tenant}/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = User), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn get(State(s): State<AppState>, Caller(c): Caller, Path(p): Path<IdPath>) -> Result<Json<User>, ApiError> {
    Ok(Json(users::get(&s.ports, &c, UserId(p.id)).await?))
}

/// Change a user's display name or role (admin).
#[utoipa::path(patch, path = "/t/{tenant}/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = UserPatch,
    responses((status = 200, body = User), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn update(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(body): Json<UserPatch>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(users::update(&s.ports, &c, UserId(p.id), body).await?))
}

/// Disable a user's account (admin); they can no longer sign in.
#[utoipa::path(post, path = "/t/{tenant}/v1/users/{id}/disable", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = User), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn disable(State(s): State<AppState>, Caller(c): Caller, Path(p): Path<IdPath>) -> Result<Json<User>, ApiError> {
    Ok(Json(users::disable(&s.ports, &c, UserId(p.id)).await?))
}

/// Erase a person's data for good (admin, not oneself): the interviews they were interviewed in with everything
/// recorded and derived, the ratings they gave, their account and mail log; other records keep "an erased person"
/// in their place; models that learned from their ratings are marked for retraining. Accepted here (202), carried
/// out by the erasure handler within moments; the activity log then holds the fact with its counts.
#[utoipa::path(post, path = "/t/{tenant}/v1/users/{id}/erase", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 202, body = ErasureAccepted), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn erase(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<(StatusCode, Json<ErasureAccepted>), ApiError> {
    Ok((StatusCode::ACCEPTED, Json(erasure::request_by_admin(&s.ports, &c, UserId(p.id)).await?)))
}

/// One's own protected attributes as stored, and on what basis (anyone, for themselves).
#[utoipa::path(get, path = "/t/{tenant}/v1/me/attributes", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = OwnAttributesView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn own_attributes(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<OwnAttributesView>, ApiError> {
    Ok(Json(users::own_attributes(&s.ports, &c).await?))
}

/// Declare one's own gender and age band (fixed choices, always with 「回答しない」) with the consent that they are
/// used only to check the AI for bias — never as features, never shown to interviewers or experts; `consent:
/// false` withdraws it and deletes them (issue 19).
#[utoipa::path(put, path = "/t/{tenant}/v1/me/attributes", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = OwnAttributes,
    responses((status = 200, body = OwnAttributesView), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn declare_own_attributes(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(body): Json<OwnAttributes>,
) -> Result<Json<OwnAttributesView>, ApiError> {
    Ok(Json(users::declare_own_attributes(&s.ports, &c, body).await?))
}

/// Issue a new temporary password (admin): for an expired invitation (temporary passwords last
/// 7 days) or a forgotten password. The user chooses their own at the next sign-in; the
/// temporary password is shown once in the answer.
#[utoipa::path(post, path = "/t/{tenant}/v1/users/{id}/reset-password", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Invitation), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn reset_password(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<Invitation>, ApiError> {
    Ok(Json(users::reset_password(&s.ports, &c, UserId(p.id)).await?))
}

/// Read a user's protected attributes, used only for the AI-ethics analysis (admin).
#[utoipa::path(get, path = "/t/{tenant}/v1/users/{id}/attributes", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, body = ProtectedAttributes), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn get_attributes(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<Json<ProtectedAttributes>, ApiError> {
    Ok(Json(users::attributes(&s.ports, &c, UserId(p.id)).await?))
}

/// Replace a user's protected attributes (admin).
#[utoipa::path(put, path = "/t/{tenant}/v1/users/{id}/attributes", tag = "users", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)), request_body = ProtectedAttributes,
    responses((status = 200, body = ProtectedAttributes), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn put_attributes(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
    Json(body): Json<ProtectedAttributes>,
) -> Result<Json<ProtectedAttributes>, ApiError> {
    Ok(Json(users::set_attributes(&s.ports, &c, UserId(p.id), body).await?))
}
