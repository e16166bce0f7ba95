//! The OpenAPI document, generated from the routes themselves, and the public health check.

use axum::Json;
use std::sync::OnceLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Mendan API", description = "面談支援AI Mendan: the per-tenant API. Every route is under /t/{tenant}/v1; \
        the tenant must be the one of the bearer token. Errors are application/problem+json."),
    modifiers(&BearerAuth),
    tags((name = "auth"), (name = "users"), (name = "audit"), (name = "evaluation-items"), (name = "question-sets"),
         (name = "interviews"), (name = "consents"), (name = "ratings"), (name = "recordings"), (name = "models"), (name = "summaries"), (name = "feedback"), (name = "reports"), (name = "mail"), (name = "meta"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build();
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The starting router: the document's header plus the public meta routes.
pub fn base() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi()).routes(routes!(healthz)).routes(routes!(openapi))
}

/// The complete document of every route (built once).
pub fn openapi_json() -> &'static serde_json::Value {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let (_, spec) = crate::routes::all().split_for_parts();
        serde_json::to_value(spec).unwrap_or_default()
    })
}

/// Every route that needs a signed-in caller (method and template), as the document lists them.
pub fn authenticated_routes() -> Vec<(axum::http::Method, String)> {
    let mut routes = Vec::new();
    let paths = openapi_json()["paths"].as_object().into_iter().flatten();
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().into_iter().flatten() {
            let method = method.to_uppercase().parse::<axum::http::Method>();
            if let (Ok(method), Some(_)) = (method, operation.get("security")) {
                routes.push((method, path.clone()));
            }
        }
    }
    routes
}

#[derive(serde::Serialize, utoipa::ToSchema)]
struct Health {
    status: &'static str,
}

/// Liveness; public.
#[utoipa::path(get, path = "/healthz", tag = "meta", responses((status = 200, body = Health)))]
async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// This document; public (it holds no tenant data).
#[utoipa::path(get, path = "/t/{tenant}/v1/openapi.json", tag = "meta",
    params(("tenant" = String, Path)), responses((status = 200, description = "OpenAPI 3.1 document")))]
async fn openapi() -> Json<&'static serde_json::Value> {
    Json(openapi_json())
}
