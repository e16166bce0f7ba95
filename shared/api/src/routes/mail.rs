//! The sent-mail log (admin): which notices went to whom and what became of them, never the
//! bodies; where the installation keeps copies (`mendan serve`'s outbox), each message as sent.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use mendan_core::domain::mail::{MailPreferences, SentMail, Undeliverable};
use mendan_core::domain::mail_domain::MailDomainSetup;
use mendan_core::usecases::mail_domain::{self, MailDomainInput};
use mendan_core::usecases::{interview_mail, mail_feedback};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::IdPath;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, Problem};
use crate::{AppState, Caller};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(message))
        .routes(routes!(undeliverable))
        .routes(routes!(clear_undeliverable))
        .routes(routes!(preferences, set_preferences))
        .routes(routes!(mail_domain, set_mail_domain))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct PageQuery {
    /// The id of the oldest line of the previous page: lines older than that one.
    before: Option<uuid::Uuid>,
}

/// The newest 100 lines of the sent-mail log (admin), older than `before` when given.
#[utoipa::path(get, path = "/t/{tenant}/v1/mail/sent", tag = "mail", security(("bearer" = [])),
    params(("tenant" = String, Path), PageQuery),
    responses((status = 200, body = Vec<SentMail>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn list(
    State(s): State<AppState>,
    Caller(c): Caller,
    Query(q): Query<PageQuery>,
) -> Result<Json<Vec<SentMail>>, ApiError> {
    Ok(Json(interview_mail::sent_mail(&s.ports, &c, q.before).await?))
}

/// One sent message as an `.eml` file (admin); 404 where no copy is kept (SES keeps none).
#[utoipa::path(get, path = "/t/{tenant}/v1/mail/sent/{id}/message", tag = "mail", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path)),
    responses((status = 200, content_type = "message/rfc822", body = Vec<u8>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn message(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<impl IntoResponse, ApiError> {
    let bytes = interview_mail::sent_message(&s.ports, &c, p.id).await?;
    let disposition = format!("attachment; filename=\"{}.eml\"", p.id);
    Ok(([(header::CONTENT_TYPE, "message/rfc822".to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes))
}

/// The people's addresses that mail is no longer sent to (admin): a permanent bounce or a
/// complaint reported by the mail service, with its words.
#[utoipa::path(get, path = "/t/{tenant}/v1/mail/undeliverable", tag = "mail", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = Vec<Undeliverable>), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn undeliverable(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<Vec<Undeliverable>>, ApiError> {
    Ok(Json(mail_feedback::list(&s.ports, &c).await?))
}

/// Mail goes to the person's address again (admin, once they fixed their mailbox); 204 also when
/// it was not marked.
#[utoipa::path(delete, path = "/t/{tenant}/v1/mail/undeliverable/{id}", tag = "mail", security(("bearer" = [])),
    params(("tenant" = String, Path), ("id" = uuid::Uuid, Path, description = "the user's id")),
    responses((status = 204), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn clear_undeliverable(
    State(s): State<AppState>,
    Caller(c): Caller,
    Path(p): Path<IdPath>,
) -> Result<StatusCode, ApiError> {
    mail_feedback::clear(&s.ports, &c, mendan_core::domain::UserId(p.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's own mail preferences (everyone): whether they get interview reminders.
#[utoipa::path(get, path = "/t/{tenant}/v1/me/mail-preferences", tag = "mail", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = MailPreferences), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn preferences(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<MailPreferences>, ApiError> {
    Ok(Json(mail_feedback::preferences(&s.ports, &c).await?))
}

/// Saves the caller's own mail preferences (everyone).
#[utoipa::path(put, path = "/t/{tenant}/v1/me/mail-preferences", tag = "mail", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = MailPreferences,
    responses((status = 200, body = MailPreferences), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn set_preferences(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(body): Json<MailPreferences>,
) -> Result<Json<MailPreferences>, ApiError> {
    Ok(Json(mail_feedback::set_preferences(&s.ports, &c, body).await?))
}

/// The tenant's mail domain (admin): the DNS records to register (three DKIM CNAMEs, the MAIL FROM
/// MX and SPF TXT, a suggested DMARC TXT) and how far verification got. `not_needed` under
/// `mendan serve`, where mail never leaves the machine.
#[utoipa::path(get, path = "/t/{tenant}/v1/mail-domain", tag = "mail", security(("bearer" = [])),
    params(("tenant" = String, Path)),
    responses((status = 200, body = MailDomainSetup), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn mail_domain(State(s): State<AppState>, Caller(c): Caller) -> Result<Json<MailDomainSetup>, ApiError> {
    Ok(Json(mail_domain::get(&s.ports, &c).await?))
}

/// Saves the tenant's mail domain (admin) and asks the mail service to verify it (Easy DKIM and a
/// `mail.` MAIL FROM subdomain); saving it again retries. Mail comes from `no-reply@{domain}` once
/// verified, from the deployment's sender until then.
#[utoipa::path(put, path = "/t/{tenant}/v1/mail-domain", tag = "mail", security(("bearer" = [])),
    params(("tenant" = String, Path)), request_body = MailDomainInput,
    responses((status = 200, body = MailDomainSetup), (status = "4XX", body = Problem, content_type = "application/problem+json")))]
async fn set_mail_domain(
    State(s): State<AppState>,
    Caller(c): Caller,
    Json(body): Json<MailDomainInput>,
) -> Result<Json<MailDomainSetup>, ApiError> {
    Ok(Json(mail_domain::set(&s.ports, &c, body).await?))
}
