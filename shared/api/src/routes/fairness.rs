//! The ethics analysis options (issue 19): how expert ratings, a model's cross-validated scores and each month's
//! predictions differ between groups of interviewees; the pass scores and alert limits.

use axum::extract::{Path, State};
use mendan_core::domain::ModelId;
use mendan_core::domain::fairness::{FairnessSettings, MonthlyFairness};
use mendan_core::usecases::fairness::{self, FairnessMonths, ModelFairness, PredictionFairness, RatingFairness};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::extract::{Json, Query};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ratings_by_group))
        .routes(routes!(model_report))
        .routes(routes!(predictions_report))
        .routes(routes!(months))
        .routes(routes!(stored_month))
        .routes(routes!(settings, save_settings))
}

/// Expert ratings by the interviewees' gender and age band, per evaluation item (admin, 倫理問題分析オプション
/// (AI モデル)): group sizes, means, standardised differences against the largest group with bootstrap 95 %
/// intervals; groups under 5 are reported as too small.
#[utoipa::path(get, path = "/t/{tenant}/v1/fairness/ratings", tag = "fairness", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = RatingFairness), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn ratings_by_group(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<RatingFairness>, ApiError> {
    Ok(Json(fairness::ratings_by_group(&s.ports, &c).await?))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct ModelQuery {
    /// The model version to analyse; the active one when absent.
    model_id: Option<ModelId>,
}

/// A model's training data and cross-validated scores by group (admin, AI モデル option): ratings, each expert's,
/// the model's errors, pass decisions (impact ratios, equalized odds), proxies, and the flags.
#[utoipa::path(get, path = "/t/{tenant}/v1/fairness/model", tag = "fairness", security(("bearer" = [])),
    params(("tenant" = String, Path), ModelQuery),
    responses((status = 200, body = ModelFairness), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn model_report(
    State(s): State<AppState>,
    Caller(c): Caller,
    Query(q): Query<ModelQuery>,
) -> Result<Json<ModelFairness>, ApiError> {
    Ok(Json(fairness::model_report(&s.ports, &c, q.model_id).await?))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct MonthQuery {
    /// `YYYY-MM` (Japan time).
    month: String,
}

/// A month's predictions by group, analysed now (admin, 予測結果 option).
#[utoipa::path(get, path = "/t/{tenant}/v1/fairness/predictions", tag = "fairness", security(("bearer" = [])),
    params(("tenant" = String, Path), MonthQuery),
    responses((status = 200, body = PredictionFairness), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn predictions_report(
    State(s): State<AppState>,
    Caller(c): Caller,
    Query(q): Query<MonthQuery>,
) -> Result<Json<PredictionFairness>, ApiError> {
    Ok(Json(fairness::predictions_report(&s.ports, &c, &q.month).await?))
}

/// The months the monthly run analysed, newest first: flags and trend points (admin, 予測結果 option).
#[utoipa::path(get, path = "/t/{tenant}/v1/fairness/months", tag = "fairness", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = FairnessMonths), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn months(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<FairnessMonths>, ApiError> {
    Ok(Json(fairness::months(&s.ports, &c).await?))
}

#[derive(Deserialize)]
struct MonthPath {
    month: String,
}

/// One month as the monthly run kept it, with its whole report (admin, 予測結果 option).
#[utoipa::path(get, path = "/t/{tenant}/v1/fairness/months/{month}", tag = "fairness", security(("bearer" = [])),
    params(("tenant" = String, Path), ("month" = String, Path, description = "YYYY-MM")),
    responses((status = 200, body = MonthlyFairness), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn stored_month(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<MonthPath>,
) -> Result<Json<MonthlyFairness>, ApiError> {
    Ok(Json(fairness::stored_month(&s.ports, &c, &p.month).await?))
}

/// The pass scores by item and the alert limits (admin, either ethics option).
#[utoipa::path(get, path = "/t/{tenant}/v1/fairness/settings", tag = "fairness", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = FairnessSettings), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn settings(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<FairnessSettings>, ApiError> {
    Ok(Json(fairness::settings(&s.ports, &c).await?))
}

/// Replaces the pass scores and the alert limits (admin, either ethics option).
#[utoipa::path(put, path = "/t/{tenant}/v1/fairness/settings", tag = "fairness", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = FairnessSettings,
    responses((status = 200, body = FairnessSettings), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn save_settings(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(body): Json<FairnessSettings>,
) -> Result<Json<FairnessSettings>, ApiError> {
    Ok(Json(fairness::save_settings(&s.ports, &c, body).await?))
}
