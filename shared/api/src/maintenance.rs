//! Maintenance (サービスメンテナンス), two ways. The emergency toggle: while an operator has it on, every API call
//! answers 503 with the problem type `maintenance`, which the web UI turns into its maintenance screen; operators
//! switch it with the `MaintenanceMode` parameter of the stack (`MENDAN_MAINTENANCE=on` for the functions) or
//! `mendan serve --maintenance`. Planned windows (計画停止, `mendan maintenance add`): announced ahead through the
//! public `notices` route, and enforced the same way while they last, with their own message and a Retry-After
//! until their end. Only the liveness check (and the notices) still answer, so monitoring can tell "down" from
//! "in maintenance".

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use mendan_core::domain::maintenance::MaintenanceWindow;

use crate::problem::ApiError;

/// Whether the environment asks for maintenance mode (`MENDAN_MAINTENANCE=on`).
pub fn requested_by_env() -> bool {
    std::env::var("MENDAN_MAINTENANCE").is_ok_and(|v| v.trim().eq_ignore_ascii_case("on"))
}

/// `router` as the environment asks: under maintenance with `MENDAN_MAINTENANCE=on`, else as is.
pub fn as_env_says(router: Router) -> Router {
    if requested_by_env() { under_maintenance(router) } else { router }
}

/// `router`, answering 503 `maintenance` to everything but `GET /healthz`.
pub fn under_maintenance(router: Router) -> Router {
    router.layer(axum::middleware::from_fn(refuse_during_maintenance))
}

async fn refuse_during_maintenance(request: Request, next: Next) -> Response {
    if request.uri().path() == "/healthz" {
        return next.run(request).await;
    }
    let mut response = ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "maintenance",
        "ただいまメンテナンス中です。しばらくしてから、もう一度お試しください。",
        "Mendan is under maintenance. Please try again a little later.",
    )
    .into_response();
    // A hint for clients; maintenance windows are announced separately.
    response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("600"));
    response
}

/// The windows not yet over, read from the store at most every [`WINDOWS_TTL`]: a call costs no store read.
#[derive(Default)]
pub struct WindowCache {
    read: std::sync::Mutex<Option<(std::time::Instant, Vec<MaintenanceWindow>)>>,
}

const WINDOWS_TTL: std::time::Duration = std::time::Duration::from_secs(15);

impl WindowCache {
    async fn windows(&self, ports: &mendan_core::Ports) -> Vec<MaintenanceWindow> {
        if let Ok(guard) = self.read.lock()
            && let Some((at, windows)) = guard.as_ref()
            && at.elapsed() < WINDOWS_TTL
        {
            return windows.clone();
        }
        // A store that cannot be read stops nobody: the emergency toggle is the way to stop everything.
        let windows = mendan_core::usecases::maintenance::list(ports).await.unwrap_or_default();
        if let Ok(mut guard) = self.read.lock() {
            *guard = Some((std::time::Instant::now(), windows.clone()));
        }
        windows
    }
}

/// Refuses every call but the liveness check and the notices while a planned window is on.
pub async fn refuse_during_planned_windows(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path == "/healthz" || path.ends_with("/v1/notices") {
        return next.run(request).await;
    }
    let now = state.ports.clock.now();
    let windows = state.windows.windows(&state.ports).await;
    let Some(active) = windows.iter().find(|w| w.is_active(now)) else {
        return next.run(request).await;
    };
    let until = active.end.with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).expect("UTC+9"));
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "maintenance",
        format!("{}（{} まで計画停止中です）", active.message_ja, until.format("%m/%d %H:%M")),
        format!("{} (planned maintenance until {} JST)", active.message_en, until.format("%m/%d %H:%M")),
    )
    .retry_after(u64::try_from((active.end - now).num_seconds()).unwrap_or(60).max(1))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    #[tokio::test]
    async fn every_route_but_the_liveness_check_answers_maintenance() {
        let app = under_maintenance(
            Router::new().route("/healthz", get(|| async { "ok" })).route("/t/{tenant}/v1/me", get(|| async { "me" })),
        );
        let health = app.clone().oneshot(Request::get("/healthz").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(health.status(), StatusCode::OK);
        let me = app.oneshot(Request::get("/t/acme/v1/me").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(me.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(me.headers().contains_key("retry-after"));
        let body = me.into_body().collect().await.unwrap().to_bytes();
        let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(problem["type"], "maintenance");
    }
}
