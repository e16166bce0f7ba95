//! The email function's handlers: interview notices (`InterviewChanged`) and reminders
//! (`InterviewReminderDue`), "it is ready" mail (`FeedbackPublished`, `ReportReady`,
//! `ModelTrained`), the monthly fairness alert (`FairnessAlertRaised`), invitations
//! (`UserInvited`) and password links (`PasswordResetRequested`); see the use cases
//! `interview_mail` and `account_mail` of mendan-core.

use mendan_core::Ports;
use mendan_core::events::{
    DomainEvent, FairnessAlertRaised, FeedbackPublished, HandlerError, InterviewChanged, InterviewReminderDue,
    ModelTrained, PasswordResetRequested, ReportReady, UserInvited, parse_detail,
};
use mendan_core::ports::Event;
use mendan_core::usecases::account_mail::{on_reset_requested, on_user_invited};
use mendan_core::usecases::interview_mail::{SiteUrl, on_interview_changed, on_reminder_due};
use mendan_core::usecases::mail_feedback::on_mail_feedback;
use mendan_core::usecases::ready_mail::{on_fairness_alert, on_feedback_published, on_model_trained, on_report_ready};
use std::sync::Arc;

use crate::envelope::{detail_type, mendan_event, report};
use crate::handlers::{Handler, Subscription};

/// The detail-types the email function takes.
pub const DETAIL_TYPES: [&str; 8] = [
    InterviewChanged::DETAIL_TYPE,
    InterviewReminderDue::DETAIL_TYPE,
    UserInvited::DETAIL_TYPE,
    PasswordResetRequested::DETAIL_TYPE,
    FeedbackPublished::DETAIL_TYPE,
    ReportReady::DETAIL_TYPE,
    ModelTrained::DETAIL_TYPE,
    FairnessAlertRaised::DETAIL_TYPE,
];

/// Mails what one event asks for; answers how many letters went out now.
async fn handle(ports: &Ports, site: &SiteUrl, event: Event) -> Result<u32, HandlerError> {
    match event.detail_type.as_str() {
        InterviewChanged::DETAIL_TYPE => on_interview_changed(ports, site, &parse_detail(event.detail)?).await,
        InterviewReminderDue::DETAIL_TYPE => on_reminder_due(ports, site, &parse_detail(event.detail)?).await,
        UserInvited::DETAIL_TYPE => on_user_invited(ports, site, &parse_detail(event.detail)?).await,
        PasswordResetRequested::DETAIL_TYPE => on_reset_requested(ports, site, &parse_detail(event.detail)?).await,
        FeedbackPublished::DETAIL_TYPE => on_feedback_published(ports, site, &parse_detail(event.detail)?).await,
        ReportReady::DETAIL_TYPE => on_report_ready(ports, site, &parse_detail(event.detail)?).await,
        ModelTrained::DETAIL_TYPE => on_model_trained(ports, site, &parse_detail(event.detail)?).await,
        FairnessAlertRaised::DETAIL_TYPE => on_fairness_alert(ports, site, &parse_detail(event.detail)?).await,
        other => Err(HandlerError::Permanent(format!("the email function does not take {other:?}"))),
    }
}

/// The Lambda function's entry: an EventBridge envelope in, a status report out.
pub async fn handle_envelope(
    ports: &Ports,
    site: &SiteUrl,
    envelope: serde_json::Value,
) -> Result<serde_json::Value, String> {
    report(
        async {
            if crate::ses_feedback::is_ses(&envelope) {
                let marked = match crate::ses_feedback::feedback(envelope)? {
                    Some(feedback) => on_mail_feedback(ports, &feedback).await?,
                    None => 0,
                };
                return Ok(serde_json::json!({ "status": "done", "marked_undeliverable": marked }));
            }
            let sent = match detail_type(&envelope) {
                Some(UserInvited::DETAIL_TYPE) => on_user_invited(ports, site, &mendan_event(envelope)?).await?,
                Some(InterviewReminderDue::DETAIL_TYPE) => {
                    on_reminder_due(ports, site, &mendan_event(envelope)?).await?
                }
                Some(PasswordResetRequested::DETAIL_TYPE) => {
                    on_reset_requested(ports, site, &mendan_event(envelope)?).await?
                }
                _ => on_interview_changed(ports, site, &mendan_event(envelope)?).await?,
            };
            Ok(serde_json::json!({ "status": "done", "sent": sent }))
        }
        .await,
    )
}

/// The same handlers on the embedded backend's in-process bus.
pub fn subscriptions(ports: Ports, site: SiteUrl, concurrency: usize) -> Vec<Subscription> {
    let handler: Handler = Arc::new(move |event: Event| {
        let (ports, site) = (ports.clone(), site.clone());
        Box::pin(async move { handle(&ports, &site, event).await.map(|_| ()) })
    });
    DETAIL_TYPES.iter().map(|detail_type| Subscription { detail_type, handler: handler.clone(), concurrency }).collect()
}
