//! A [`Letter`] as an RFC 5322 message: UTF-8 throughout (headers as RFC 2047 encoded words),
//! a text and an HTML part, and the calendar invitation both inline (so mail clients offer
//! "add to calendar") and as an `invite.ics` attachment. Every mail adapter sends these bytes:
//! SES v2 as raw content, the embedded outbox as an `.eml` file, an SMTP relay as the message.

use lettre::message::header::{ContentDisposition, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use mendan_core::domain::calendar::CalendarEvent;
use mendan_core::domain::mail::Letter;
use std::time::SystemTime;

#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    #[error("address {0:?} cannot be written in a mail header")]
    Address(String),
    #[error("the message cannot be built: {0}")]
    Build(String),
}

/// The envelope of one message: who sends it, when, and under which id.
pub struct Envelope<'a> {
    /// The sender's display name (the tenant's name).
    pub from_name: &'a str,
    pub from_address: &'a str,
    /// Unique per message, e.g. `<uuid@mendan>`.
    pub message_id: String,
    pub date: SystemTime,
}

pub fn encode(envelope: &Envelope<'_>, letter: &Letter) -> Result<Vec<u8>, EncodeError> {
    let mailbox = |name: &str, address: &str| -> Result<Mailbox, EncodeError> {
        let address = address.parse().map_err(|_| EncodeError::Address(address.to_owned()))?;
        // Control characters in a display name could break the header.
        let name: String = name.chars().filter(|c| !c.is_control()).collect();
        Ok(Mailbox::new(Some(name), address))
    };
    let body = MultiPart::alternative()
        .singlepart(SinglePart::plain(letter.text()))
        .singlepart(SinglePart::html(letter.html()));
    let body = match &letter.calendar {
        None => body,
        Some(event) => body.singlepart(calendar_part(event, false)?),
    };
    let content = match &letter.calendar {
        None => MultiPart::mixed().multipart(body),
        Some(event) => MultiPart::mixed().multipart(body).singlepart(calendar_part(event, true)?),
    };
    let message = lettre::Message::builder()
        .from(mailbox(envelope.from_name, envelope.from_address)?)
        .to(mailbox(&letter.to_name, letter.to.as_str())?)
        .subject(letter.subject.clone())
        .message_id(Some(envelope.message_id.clone()))
        .date(envelope.date)
        .multipart(content)
        .map_err(|e| EncodeError::Build(e.to_string()))?;
    Ok(message.formatted())
}

/// The invitation as `text/calendar` with its method (inline), or as the `invite.ics` attachment.
fn calendar_part(event: &CalendarEvent, attachment: bool) -> Result<SinglePart, EncodeError> {
    let content_type = format!("text/calendar; charset=utf-8; method={}", event.method.as_str());
    let content_type = ContentType::parse(&content_type).map_err(|e| EncodeError::Build(e.to_string()))?;
    let part = SinglePart::builder().header(content_type);
    let part = if attachment { part.header(ContentDisposition::attachment("invite.ics")) } else { part };
    Ok(part.body(event.to_ics()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mendan_core::domain::Email;
    use mendan_core::domain::calendar::{CalendarMethod, CalendarPerson};
    use mendan_core::domain::mail::{Block, MailKind};

    fn letter(calendar: bool) -> Letter {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-08T05:00:00Z").unwrap().to_utc();
        Letter {
            kind: MailKind::InterviewScheduled,
            to: Email::parse("hanako@example.test").unwrap(),
            to_name: "鈴木 花子".into(),
            from_name: "株式会社デモ".into(),
            subject: "【株式会社デモ】面談のご案内：2026年12月8日（火）14:00〜14:30".into(),
            subject_en: "Subject".into(),
            japanese: vec![Block::Paragraph("鈴木 花子 様".into())],
            english: vec![Block::Paragraph("Dear Hanako Suzuki,".into())],
            calendar: calendar.then(|| CalendarEvent {
                method: CalendarMethod::Request,
                uid: "1@mendan".into(),
                sequence: 0,
                stamp: at,
                start: at,
                end: at,
                summary: "面談".into(),
                description: String::new(),
                url: "https://x.test/".into(),
                organizer: CalendarPerson { name: "デモ".into(), email: "no-reply@x.test".into() },
                attendee: CalendarPerson { name: "鈴木".into(), email: "hanako@example.test".into() },
            }),
        }
    }

    fn envelope() -> Envelope<'static> {
        Envelope {
            from_name: "株式会社デモ",
            from_address: "no-reply@x.test",
            message_id: "<m1@mendan>".into(),
            date: SystemTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn headers_are_ascii_and_the_body_is_multipart() {
        let bytes = encode(&envelope(), &letter(true)).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let headers = &text[..text.find("\r\n\r\n").unwrap()];
        assert!(headers.is_ascii(), "{headers}");
        assert!(headers.contains("Subject: =?utf-8?b?"));
        assert!(headers.contains("Message-ID: <m1@mendan>"));
        assert!(text.contains("multipart/mixed") && text.contains("multipart/alternative"));
        assert!(text.contains("text/calendar; charset=utf-8; method=REQUEST"));
        assert!(text.contains("filename=\"invite.ics\""));
    }

    #[test]
    fn a_letter_without_calendar_has_no_attachment() {
        let text = String::from_utf8(encode(&envelope(), &letter(false)).unwrap()).unwrap();
        assert!(!text.contains("text/calendar"));
    }

    #[test]
    fn a_malformed_sender_address_is_refused() {
        let bad = Envelope { from_address: "no reply@", ..envelope() };
        assert!(matches!(encode(&bad, &letter(false)), Err(EncodeError::Address(_))));
    }
}
