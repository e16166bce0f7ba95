//! The ethics analysis options (issue 19): how expert ratings, a model's cross-validated scores and each month's
//! predictions differ between groups of interviewees; the pass scores and alert limits.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use mendan_core::CoreError;
use mendan_core::domain::ModelId;
use mendan_core::domain::fairness::documents::Lang;
use mendan_core::domain::fairness::{FairnessSettings, MonthlyFairness};
use mendan_core::usecases::fairness::{
    self, Document, DocumentFile, FairnessMonths, ModelFairness, PredictionFairness, RatingFairness,
};
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
        .routes(routes!(model_workbook))
        .routes(routes!(model_audit))
        .routes(routes!(month_workbook))
        .routes(routes!(month_audit))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct WorkbookQuery {
    /// The model version; the active one when absent (ignored for a month).
    model_id: Option<ModelId>,
    /// `ja` (default) or `en`.
    lang: Option<String>,
}

impl WorkbookQuery {
    fn lang(&self) -> Result<Lang, CoreError> {
        match self.lang.as_deref() {
            None | Some("ja") => Ok(Lang::Ja),
            Some("en") => Ok(Lang::En),
            Some(_) => Err(CoreError::invalid("lang", "言語は ja か en を指定してください。", "lang is ja or en.")),
        }
    }
}

/// How the documents name features: the learner's labels.
fn feature_label(feature: &str) -> (String, String) {
    let (ja, en) = mendan_ml::labels::label(feature);
    (ja.to_owned(), en.to_owned())
}

fn attachment(file: DocumentFile) -> impl IntoResponse {
    let disposition = format!("attachment; filename=\"{}\"", file.file_name);
    ([(header::CONTENT_TYPE, file.content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], file.bytes)
}

/// A model's analysis as a print-ready workbook (A4; each finding read out with what to do), in Japanese or
/// English (admin, AI モデル option).
#[utoipa::path(get, path = "/t/{tenant}/v1/fairness/model/workbook", tag = "fairness", security(("bearer" = [])),
    params(("tenant" = String, Path), WorkbookQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn model_workbook(
    State(s): State<AppState>,
    Caller(c): Caller,
    Query(q): Query<WorkbookQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let document = Document::Workbook(q.lang()?);
    Ok(attachment(fairness::model_document(&s.ports, &c, q.model_id, document, &feature_label).await?))
}

/// The auditor's export of a model's analysis: one zip with the figures, both workbooks, the method, the model
/// card and the data dictionary; experts numbered, nobody named (admin, AI モデル option).
#[utoipa::path(get, path = "/t/{tenant}/v1/fairness/model/audit", tag = "fairness", security(("bearer" = [])),
    params(("tenant" = String, Path), ModelQuery),
    responses((status = 200, content_type = "application/zip", body = Vec<u8>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn model_audit(
    State(s): State<AppState>,
    Caller(c): Caller,
    Query(q): Query<ModelQuery>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(attachment(fairness::model_document(&s.ports, &c, q.model_id, Document::Audit, &feature_label).await?))
}

/// A month's stored analysis of its predictions as a workbook (admin, 予測結果 option).
#[utoipa::path(get, path = "/t/{tenant}/v1/fairness/months/{month}/workbook", tag = "fairness", security(("bearer" = [])),
    params(("tenant" = String, Path), ("month" = String, Path, description = "YYYY-MM"), WorkbookQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn month_workbook(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<MonthPath>,
    Query(q): Query<WorkbookQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let document = Document::Workbook(q.lang()?);
    Ok(attachment(fairness::month_document(&s.ports, &c, &p.month, document, &feature_label).await?))
}

/// The auditor's export of a month's analysis (admin, 予測結果 option).
#[utoipa::path(get, path = "/t/{tenant}/v1/fairness/months/{month}/audit", tag = "fairness", security(("bearer" = [])),
    params(("tenant" = String, Path), ("month" = String, Path, description = "YYYY-MM")),
    responses((status = 200, content_type = "application/zip", body = Vec<u8>),
        (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn month_audit(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<MonthPath>,
) -> Result<impl IntoResponse, ApiError> {
    Ok(attachment(fairness::month_document(&s.ports, &c, &p.month, Document::Audit, &feature_label).await?))
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
