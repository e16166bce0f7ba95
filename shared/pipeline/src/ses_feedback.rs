//! Amazon SES's reports about sent mail, as its configuration set's EventBridge destination
//! delivers them (source `aws.ses`): permanent bounces and complaints become `MailFeedback` for
//! the tenant named in the message's `tenant` tag; anything else (deliveries, transient bounces)
//! is nothing to act on.

use mendan_core::domain::mail::UndeliverableReason;
use mendan_core::domain::{Email, TenantSlug};
use mendan_core::events::HandlerError;
use mendan_core::usecases::mail_feedback::MailFeedback;
use serde::Deserialize;

pub const SOURCE: &str = "aws.ses";

#[derive(Deserialize)]
struct Envelope {
    source: String,
    detail: Detail,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Detail {
    event_type: String,
    mail: Mail,
    #[serde(default)]
    bounce: Option<Bounce>,
    #[serde(default)]
    complaint: Option<Complaint>,
}

#[derive(Deserialize)]
struct Mail {
    #[serde(default)]
    tags: std::collections::HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bounce {
    bounce_type: String,
    #[serde(default)]
    bounced_recipients: Vec<Recipient>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Complaint {
    #[serde(default)]
    complained_recipients: Vec<Recipient>,
    #[serde(default)]
    complaint_feedback_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recipient {
    email_address: String,
    #[serde(default)]
    diagnostic_code: Option<String>,
}

/// Whether the envelope is one of SES's.
pub fn is_ses(envelope: &serde_json::Value) -> bool {
    envelope.get("source").and_then(|s| s.as_str()) == Some(SOURCE)
}

/// The feedback an SES event carries, or `None` when there is nothing to do about it.
pub fn feedback(envelope: serde_json::Value) -> Result<Option<MailFeedback>, HandlerError> {
    let envelope: Envelope =
        serde_json::from_value(envelope).map_err(|e| HandlerError::Permanent(format!("not an SES event: {e}")))?;
    if envelope.source != SOURCE {
        return Err(HandlerError::Permanent(format!("expected source {SOURCE:?}, got {:?}", envelope.source)));
    }
    let detail = envelope.detail;
    let (reason, recipients) = match (detail.event_type.as_str(), detail.bounce, detail.complaint) {
        ("Bounce", Some(bounce), _) if bounce.bounce_type == "Permanent" => {
            let recipients = bounce.bounced_recipients.into_iter().map(|r| {
                let words = r.diagnostic_code.unwrap_or_else(|| "permanent bounce".into());
                (r.email_address, words)
            });
            (UndeliverableReason::Bounced, recipients.collect::<Vec<_>>())
        }
        ("Complaint", _, Some(complaint)) => {
            let kind = complaint.complaint_feedback_type.unwrap_or_else(|| "complaint".into());
            let recipients = complaint.complained_recipients.into_iter().map(|r| (r.email_address, kind.clone()));
            (UndeliverableReason::Complained, recipients.collect())
        }
        _ => return Ok(None),
    };
    // Mail Mendan sends carries its tenant as a tag; mail without one is not Mendan's to judge.
    let Some(tenant) = detail.mail.tags.get("tenant").and_then(|t| t.first()) else { return Ok(None) };
    let tenant = TenantSlug::parse(tenant).map_err(|_| HandlerError::Permanent(format!("tenant tag {tenant:?}")))?;
    // Addresses SES reports in a form we cannot read are skipped, not fatal for the others.
    let recipients = recipients.into_iter().filter_map(|(address, words)| Some((Email::parse(&address).ok()?, words)));
    Ok(Some(MailFeedback { tenant, reason, recipients: recipients.collect() }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(event_type: &str, body: serde_json::Value) -> serde_json::Value {
        let mut detail = json!({"eventType": event_type, "mail": {"messageId": "m", "tags": {"tenant": ["acme"]}}});
        detail.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
        json!({"source": "aws.ses", "detail-type": "x", "detail": detail})
    }

    #[test]
    fn permanent_bounces_and_complaints_count_others_do_not() {
        let permanent = event(
            "Bounce",
            json!({"bounce": {"bounceType": "Permanent",
            "bouncedRecipients": [{"emailAddress": "Gone@Example.test", "diagnosticCode": "550 5.1.1 user unknown"}]}}),
        );
        let found = feedback(permanent).unwrap().unwrap();
        assert_eq!(found.reason, UndeliverableReason::Bounced);
        assert_eq!(found.tenant.as_str(), "acme");
        assert_eq!(found.recipients, [(Email::parse("gone@example.test").unwrap(), "550 5.1.1 user unknown".into())]);
        let complaint = event(
            "Complaint",
            json!({"complaint": {"complainedRecipients": [{"emailAddress": "a@b.test"}],
            "complaintFeedbackType": "abuse"}}),
        );
        assert_eq!(feedback(complaint).unwrap().unwrap().reason, UndeliverableReason::Complained);
        let transient = event("Bounce", json!({"bounce": {"bounceType": "Transient", "bouncedRecipients": []}}));
        assert_eq!(feedback(transient).unwrap(), None);
        assert_eq!(feedback(event("Delivery", json!({}))).unwrap(), None);
        assert!(feedback(json!({"source": "mendan", "detail": {}})).is_err());
    }
}
