//! The per-tenant HTTP API: one axum [`Router`] mounted by the `api` Lambda function (through
//! lambda_http) and by `mendan serve`. Every route lives under `/t/{tenant}/v1`, and the tenant in
//! the path must be the tenant of the verified token.

mod access;
mod caller;
mod client_addr;
mod extract;
pub mod maintenance;
mod openapi;
mod problem;
pub mod refresh_cookie;
mod routes;

use axum::Router;
use mendan_core::Ports;
use utoipa_axum::router::OpenApiRouter;

pub use caller::Caller;
pub use client_addr::ClientAddr;
pub use openapi::{authenticated_routes, openapi_json};
pub use problem::{ApiError, Lang};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub ports: Ports,
    /// The planned maintenance windows, read now and then.
    pub windows: std::sync::Arc<maintenance::WindowCache>,
}

/// The whole API, upload signing included (what `mendan serve` mounts).
pub fn router(ports: Ports) -> Router {
    finish(routes::all(), ports)
}

/// The API without upload signing (the `api` Lambda function).
pub fn api_router(ports: Ports) -> Router {
    finish(routes::api(), ports)
}

/// Only upload signing (the `upload-signing` Lambda function).
pub fn upload_router(ports: Ports) -> Router {
    finish(routes::uploads(), ports)
}

fn finish(routes: OpenApiRouter<AppState>, ports: Ports) -> Router {
    let (router, _spec) = routes.split_for_parts();
    let state = AppState { ports, windows: Default::default() };
    router
        .fallback(problem::not_found)
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state.clone(), maintenance::refuse_during_planned_windows))
        .layer(axum::middleware::from_fn(problem::with_request_language))
        .layer(axum::middleware::from_fn(answer_preflight))
        .with_state(state)
}

/// CORS preflights reach the function without a token (API Gateway adds the CORS headers);
/// they touch no data and get an empty 204.
async fn answer_preflight(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    if request.method() == axum::http::Method::OPTIONS {
        return axum::http::StatusCode::NO_CONTENT.into_response();
    }
    next.run(request).await
}
