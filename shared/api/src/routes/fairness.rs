//! The ethics analysis option (issue 19): how expert ratings differ between groups of interviewees.

use axum::extract::State;
use mendan_core::usecases::fairness::{self, RatingFairness};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::extract::Json;
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(ratings_by_group))
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
