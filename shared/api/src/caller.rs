//! The authenticated caller, extracted from the bearer token and the path's tenant.

use axum::extract::{FromRequestParts, MatchedPath};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use mendan_core::CoreError;
use mendan_core::auth::Principal;
use mendan_core::usecases::session;
use std::collections::HashMap;

use crate::AppState;
use crate::access::access_of;
use crate::problem::ApiError;

/// A verified caller of the path's tenant. Using it in a handler makes the route authenticated.
pub struct Caller(pub Principal);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let params = axum::extract::Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| CoreError::NotFound { entity: "tenant" })?;
        let tenant = params.get("tenant").ok_or(CoreError::NotFound { entity: "tenant" })?;
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| CoreError::Unauthenticated("no bearer token".into()))?;
        let route = parts.extensions.get::<MatchedPath>().map(|m| m.as_str().to_owned()).unwrap_or_default();
        let method = parts.method.clone();
        let access = move |role| access_of(&method, &route, role);
        let principal = session::authenticate(&state.ports, tenant, token.trim(), access).await?;
        tracing::Span::current().record("user_id", tracing::field::display(principal.id()));
        Ok(Caller(principal))
    }
}
