//! Mail Mendan sends to people, as a letter: who it is for, what it says (a plain-text and an HTML
//! part made from the same blocks, Japanese first with the English below), and an optional
//! calendar invitation. How it travels (SES, a file in the outbox, SMTP) is the `Mailer` port's job.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Email;
use super::calendar::CalendarEvent;

/// What a mail is about; kept in the sent-mail log (never the body).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    InterviewScheduled,
    InterviewRescheduled,
    InterviewCancelled,
    InterviewReminder,
    Invitation,
    PasswordReset,
    FeedbackPublished,
    ReportReady,
    ModelTrained,
    FairnessAlert,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InterviewScheduled => "interview_scheduled",
            Self::InterviewRescheduled => "interview_rescheduled",
            Self::InterviewCancelled => "interview_cancelled",
            Self::InterviewReminder => "interview_reminder",
            Self::Invitation => "invitation",
            Self::PasswordReset => "password_reset",
            Self::FeedbackPublished => "feedback_published",
            Self::ReportReady => "report_ready",
            Self::ModelTrained => "model_trained",
            Self::FairnessAlert => "fairness_alert",
        }
    }
}

/// What became of one letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailState {
    Sent,
    /// The mail service refused the address for good; nothing is retried.
    Refused,
    /// Not sent: the address bounced for good or its owner complained (see [`Undeliverable`]).
    Suppressed,
}

/// Why nothing more is sent to an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UndeliverableReason {
    /// A permanent bounce: the mailbox does not exist or refuses mail.
    Bounced,
    /// The recipient marked a mail as spam.
    Complained,
}

/// An address of the tenant that mail is no longer sent to, until an admin clears it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Undeliverable {
    pub email: Email,
    pub user_id: super::UserId,
    pub reason: UndeliverableReason,
    /// The mail service's words (a bounce's diagnostic code), for the admin.
    pub detail: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// One line of the sent-mail log admins read: who, what about, when, and what became of it;
/// never the body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SentMail {
    /// Time-ordered (UUIDv7).
    pub id: uuid::Uuid,
    pub at: chrono::DateTime<chrono::Utc>,
    pub kind: MailKind,
    pub recipient_id: super::UserId,
    pub to: Email,
    pub state: MailState,
    /// The mail service's message id (for the embedded outbox: the `.eml` file's name).
    pub message_id: Option<String>,
}

/// What a person wants mailed beyond what they must be told (everything else is transactional:
/// invitations, password links, interviews scheduled, moved or cancelled).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailPreferences {
    /// Reminders 24 hours and 1 hour before an interview.
    pub reminders: bool,
    /// Which language(s) the person's mail is written in.
    #[serde(default)]
    pub language: MailLanguage,
}

impl Default for MailPreferences {
    fn default() -> Self {
        Self { reminders: true, language: MailLanguage::Both }
    }
}

/// The languages a person reads mail in: Japanese with the English below (the default), or one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailLanguage {
    #[default]
    Both,
    Ja,
    En,
}

/// One piece of a body, rendered both as text and as HTML.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(String),
    /// Label / value lines such as 「日時: …」.
    Facts(Vec<(String, String)>),
    /// A link on a line of its own, after its explanation.
    Link {
        label: String,
        url: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Letter {
    pub kind: MailKind,
    pub to: Email,
    pub to_name: String,
    /// Shown as the sender's name: the tenant's name.
    pub from_name: String,
    pub subject: String,
    /// The subject for a reader of English only.
    pub subject_en: String,
    pub japanese: Vec<Block>,
    pub english: Vec<Block>,
    pub calendar: Option<CalendarEvent>,
}

const ENGLISH_DIVIDER: &str = "―――――― English ――――――";

impl Letter {
    /// The letter as a reader of `language` gets it: one language keeps only its own part (and, for
    /// English, the English subject).
    pub fn in_language(mut self, language: MailLanguage) -> Self {
        match language {
            MailLanguage::Both => {}
            MailLanguage::Ja => self.english.clear(),
            MailLanguage::En => {
                self.japanese.clear();
                self.subject = std::mem::take(&mut self.subject_en);
            }
        }
        self
    }

    /// The divider between the languages, where there are two.
    fn divider(&self) -> Vec<Block> {
        if self.japanese.is_empty() || self.english.is_empty() {
            Vec::new()
        } else {
            vec![Block::Paragraph(ENGLISH_DIVIDER.into())]
        }
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        for block in self.japanese.iter().chain(&self.divider()).chain(&self.english) {
            match block {
                Block::Paragraph(p) => out.push_str(p),
                Block::Facts(facts) => {
                    let lines: Vec<String> = facts.iter().map(|(label, value)| format!("{label}: {value}")).collect();
                    out.push_str(&lines.join("\n"));
                }
                Block::Link { label, url } => out.push_str(&format!("{label}\n{url}")),
            }
            out.push_str("\n\n");
        }
        out
    }

    /// A plain HTML part: no images, no scripts, no tracking, every value escaped.
    pub fn html(&self) -> String {
        let mut body = String::new();
        let mut render = |blocks: &[Block], lang: &str| {
            body.push_str(&format!("<div lang=\"{lang}\">"));
            for block in blocks {
                match block {
                    Block::Paragraph(p) => body.push_str(&format!("<p>{}</p>", escape(p).replace('\n', "<br>"))),
                    Block::Facts(facts) => {
                        body.push_str("<table role=\"presentation\">");
                        for (label, value) in facts {
                            body.push_str(&format!(
                                "<tr><th align=\"left\" style=\"padding-right:1em\">{}</th><td>{}</td></tr>",
                                escape(label),
                                escape(value)
                            ));
                        }
                        body.push_str("</table>");
                    }
                    Block::Link { label, url } => body.push_str(&format!(
                        "<p>{}<br><a href=\"{}\">{}</a></p>",
                        escape(label),
                        escape(url),
                        escape(url)
                    )),
                }
            }
            body.push_str("</div>");
        };
        render(&self.japanese, "ja");
        render(&self.divider(), "en");
        render(&self.english, "en");
        let lang = if self.japanese.is_empty() { "en" } else { "ja" };
        format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>{body}</body></html>",
            escape(&self.subject)
        )
    }
}

fn escape(value: &str) -> String {
    value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> Letter {
        Letter {
            kind: MailKind::InterviewScheduled,
            to: Email::parse("a@example.test").unwrap(),
            to_name: "<b>鈴木</b>".into(),
            from_name: "デモ".into(),
            subject: "件名".into(),
            subject_en: "Subject".into(),
            japanese: vec![
                Block::Paragraph("<script>alert(1)</script> 様".into()),
                Block::Facts(vec![("日時".into(), "12月8日".into())]),
                Block::Link { label: "こちらから".into(), url: "https://x.test/?a=1&b=\"2\"".into() },
            ],
            english: vec![Block::Paragraph("Dear".into())],
            calendar: None,
        }
    }

    #[test]
    fn text_has_japanese_then_english() {
        let text = letter().text();
        assert!(text.starts_with("<script>alert(1)</script> 様\n\n日時: 12月8日\n\nこちらから\nhttps://x.test/"));
        assert!(text.find("日時").unwrap() < text.find("English").unwrap());
        assert!(text.trim_end().ends_with("Dear"));
    }

    #[test]
    fn one_language_keeps_its_own_part_and_subject() {
        let english = letter().in_language(MailLanguage::En);
        assert_eq!(english.subject, "Subject");
        assert!(english.text().starts_with("Dear") && !english.text().contains("English ―"));
        assert!(english.html().contains("<html lang=\"en\">"));
        let japanese = letter().in_language(MailLanguage::Ja);
        assert!(!japanese.text().contains("Dear") && japanese.subject == "件名");
    }

    #[test]
    fn html_escapes_every_value() {
        let html = letter().html();
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
        assert!(html.contains("href=\"https://x.test/?a=1&amp;b=&quot;2&quot;\""));
    }
}
