//! The tenant's consent texts (issue 14 item 11): read by everyone signed in, saved as a new version by an admin.

use axum::extract::State;
use mendan_core::domain::consent_text::{ConsentTexts, ConsentTextsInput};
use mendan_core::usecases::consent_texts;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::extract::{Json, Path};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(current, save)).routes(routes!(version))
}

/// `{version}` in a path: "1", "2", … or the default's id.
#[derive(Deserialize)]
struct VersionPath {
    version: String,
}

/// The texts a candidate is shown before the consent choices, current version (any signed-in user of the tenant).
#[utoipa::path(get, path = "/t/{tenant}/v1/consent-texts", tag = "consents", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = ConsentTexts), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn current(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<ConsentTexts>, ApiError> {
    Ok(Json(consent_texts::current(&s.ports, &c).await?))
}

/// Save the consent texts as a new version (admin); earlier versions stay readable.
#[utoipa::path(put, path = "/t/{tenant}/v1/consent-texts", tag = "consents", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = ConsentTextsInput,
    responses((status = 200, body = ConsentTexts), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn save(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(input): Json<ConsentTextsInput>,
) -> Result<Json<ConsentTexts>, ApiError> {
    Ok(Json(consent_texts::save(&s.ports, &c, input).await?))
}

/// One version of the consent texts, e.g. the one a recorded consent's `text_version` names (any signed-in user).
#[utoipa::path(get, path = "/t/{tenant}/v1/consent-texts/{version}", tag = "consents", security(("bearer" = [])),
    params(("tenant" = String, Path), ("version" = String, Path)),
    responses((status = 200, body = ConsentTexts), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn version(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<VersionPath>,
) -> Result<Json<ConsentTexts>, ApiError> {
    Ok(Json(consent_texts::version(&s.ports, &c, &p.version).await?))
}
