//! Maintenance mode (サービスメンテナンス): while an operator has it on, every API call answers 503
//! with the problem type `maintenance`, which the web UI turns into its maintenance screen.
//! Only the liveness check still answers, so monitoring can tell "down" from "in maintenance".
//! Operators switch it with the `MaintenanceMode` parameter of the stack (`MENDAN_MAINTENANCE=on`
//! for the functions) or `mendan serve --maintenance`.

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

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
