//! What every user is told before signing in: the planned maintenance windows announced now (public: it holds
//! nothing of any tenant).

use axum::extract::State;
use mendan_core::domain::maintenance::MaintenanceWindow;
use mendan_core::usecases::maintenance;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::AppState;
use crate::extract::Json;
use crate::problem::{ApiError, Problem};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(notices))
}

#[derive(Serialize, ToSchema)]
struct Notice {
    #[serde(flatten)]
    window: MaintenanceWindow,
    /// The service is stopped now.
    active: bool,
}

#[derive(Serialize, ToSchema)]
struct Notices {
    /// Planned maintenance windows announced now, soonest first.
    maintenance: Vec<Notice>,
}

/// Planned maintenance announced now (public): the web UI shows a banner before a window and its message during it.
#[utoipa::path(get, path = "/t/{tenant}/v1/notices", tag = "meta",
    params(("tenant" = String, Path)),
    responses((status = 200, body = Notices), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn notices(State(s): State<AppState>) -> Result<Json<Notices>, ApiError> {
    let now = s.ports.clock.now();
    let windows = maintenance::announced(&s.ports).await?;
    Ok(Json(Notices {
        maintenance: windows.into_iter().map(|w| Notice { active: w.is_active(now), window: w }).collect(),
    }))
}
