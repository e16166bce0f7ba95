//! Route families. Each module returns an [`OpenApiRouter`], so a route cannot exist without its
//! OpenAPI description.

mod audit;
mod auth;
mod consent_texts;
mod exports;
mod fairness;
mod feedback;
mod interviews;
mod items;
mod mail;
mod mfa;
mod models;
mod notices;
mod question_sets;
mod recordings;
mod reports;
mod summaries;
mod tenant;
mod users;

use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::openapi;

/// `{id}` in a path.
#[derive(Deserialize)]
pub struct IdPath {
    pub id: uuid::Uuid,
}

pub fn api() -> OpenApiRouter<AppState> {
    openapi::base()
        .merge(auth::routes())
        .merge(users::routes())
        .merge(audit::routes())
        .merge(items::routes())
        .merge(question_sets::routes())
        .merge(interviews::routes())
        .merge(consent_texts::routes())
        .merge(recordings::list_routes())
        .merge(models::routes())
        .merge(summaries::routes())
        .merge(feedback::routes())
        .merge(reports::routes())
        .merge(mail::routes())
        .merge(tenant::routes())
        .merge(notices::routes())
        .merge(exports::routes())
        .merge(fairness::routes())
        .merge(mfa::routes())
}

pub fn uploads() -> OpenApiRouter<AppState> {
    openapi::base().merge(recordings::upload_routes())
}

pub fn all() -> OpenApiRouter<AppState> {
    api().merge(recordings::upload_routes())
}
