//! Interview notices: when an interview is scheduled, moved or cancelled, its interviewee and its
//! interviewer each get one mail (Japanese, then English) with a calendar invitation that later
//! notices update in place. Each (notice, recipient) is sent once however often the event
//! arrives, and every send is written to the tenant's sent-mail log.

use chrono::{DateTime, Duration, Utc};

use super::mail_delivery::send_once;
use crate::domain::calendar::{CalendarEvent, CalendarMethod, CalendarPerson};
use crate::domain::interview::{Interview, InterviewMode, InterviewStatus};
use crate::domain::japan_time::{moment_en, moment_ja, range_en, range_ja};
use crate::domain::mail::{Block, Letter, MailKind, SentMail};
use crate::domain::question_set::QuestionSet;
use crate::domain::tenant::Tenant;
use crate::domain::user::User;
use crate::domain::{Role, TenantSlug, UserId};
use crate::events::{HandlerError, InterviewChange, InterviewChanged, InterviewReminderDue};
use crate::repo::{TenantStore, keys};
use crate::{CoreResult, Ports};

/// Interviews have no end time of their own; calendars get this length.
pub const INTERVIEW_LENGTH_MINUTES: i64 = 30;

/// Where people open Mendan: the web UI's origin, e.g. `https://mendan.example.co.jp`.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteUrl(pub String);

impl SiteUrl {
    pub fn tenant_page(&self, tenant: &TenantSlug, path: &str) -> String {
        format!("{}/t/{tenant}/{path}", self.0.trim_end_matches('/'))
    }

    /// The page that sets a password from a mailed link; the token rides in the fragment, which
    /// browsers send to no server.
    pub fn password_page(&self, tenant: &TenantSlug, token: &crate::domain::password_link::LinkToken) -> String {
        format!("{}#{token}", self.tenant_page(tenant, "set-password"))
    }
}

/// Who is told: the interviewee always, the interviewer when there is one.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Audience {
    Interviewee,
    Interviewer,
}

/// Handles one `InterviewChanged`: answers how many mails went out now (0 for a redelivery).
pub async fn on_interview_changed(
    ports: &Ports,
    site: &SiteUrl,
    event: &InterviewChanged,
) -> Result<u32, HandlerError> {
    tell(ports, site, event, None).await
}

/// Handles one `InterviewReminderDue`: mails the reminder if the interview is still scheduled as
/// it was when the reminder was set (a moved or cancelled interview's reminder is stale).
pub async fn on_reminder_due(ports: &Ports, site: &SiteUrl, due: &InterviewReminderDue) -> Result<u32, HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &due.tenant);
    let interview = store.find::<Interview>(&keys::interview(due.interview_id)).await?.map(|i| i.value);
    // A deadline reminder still goes while the candidate is answering; a start reminder only
    // while the interview is scheduled.
    let current = |i: &Interview| {
        matches!(
            (due.before_deadline, i.status),
            (true, InterviewStatus::Scheduled | InterviewStatus::InProgress) | (false, InterviewStatus::Scheduled)
        )
    };
    let Some(interview) = interview.filter(|i| current(i) && i.revision == due.revision) else {
        return Ok(0);
    };
    let as_scheduled = InterviewChanged::of(
        &due.tenant,
        &interview,
        InterviewChange::Scheduled,
        due.notice_id,
        None,
        ports.clock.now(),
    );
    let reminder = Reminder { hours: due.hours_before, before_deadline: due.before_deadline };
    tell(ports, site, &as_scheduled, Some(reminder)).await
}

/// A reminder rather than news of a change: how many hours before the start, or the deadline.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Reminder {
    hours: u32,
    before_deadline: bool,
}

/// Mails the interview's people about `event` (or, with `reminder`, reminds them of it).
async fn tell(
    ports: &Ports,
    site: &SiteUrl,
    event: &InterviewChanged,
    reminder: Option<Reminder>,
) -> Result<u32, HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let tenant = super::mail_delivery::tenant_of(&store, &event.tenant).await?;
    let set = match event.question_set_id {
        Some(id) => store.find::<QuestionSet>(&keys::question_set(id)).await?.map(|s| s.value),
        None => None,
    };
    let interviewee = person(&store, Some(event.interviewee_id)).await?;
    let interviewer = person(&store, event.interviewer_id).await?;
    let notice = Notice { event, tenant: &tenant, set: set.as_ref(), site, reminder };
    // A reminder shares its notice id with the change that set it: the hours tell them apart.
    let notice_key = match reminder {
        Some(r) => format!("{}#{}h", event.notice_id, r.hours),
        None => event.notice_id.to_string(),
    };
    let mut sent = 0;
    for (audience, recipient, other) in
        [(Audience::Interviewee, &interviewee, &interviewer), (Audience::Interviewer, &interviewer, &interviewee)]
    {
        let Some(recipient) = recipient.as_ref().filter(|u| !u.disabled) else { continue };
        if reminder.is_some_and(|r| r.before_deadline) && audience == Audience::Interviewer {
            continue; // a deadline is the candidate's to keep
        }
        if reminder.is_some() && !super::mail_feedback::wants_reminders(&store, recipient.id).await? {
            continue; // turned off in their profile
        }
        let letter = notice.letter(audience, recipient, other.as_ref());
        if send_once(ports, &store, &tenant, &notice_key, recipient, &letter).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

async fn person(store: &TenantStore<'_>, id: Option<UserId>) -> CoreResult<Option<User>> {
    match id {
        Some(id) => Ok(store.find::<User>(&keys::user(id)).await?.map(|u| u.value)),
        None => Ok(None),
    }
}

/// Everything one notice is made from.
struct Notice<'a> {
    event: &'a InterviewChanged,
    /// A reminder, rather than news of a change.
    reminder: Option<Reminder>,
    tenant: &'a Tenant,
    set: Option<&'a QuestionSet>,
    site: &'a SiteUrl,
}

impl Notice<'_> {
    fn start(&self) -> DateTime<Utc> {
        self.event.scheduled_at
    }

    fn end(&self) -> DateTime<Utc> {
        self.start() + Duration::minutes(INTERVIEW_LENGTH_MINUTES)
    }

    fn kind(&self) -> MailKind {
        if self.reminder.is_some() {
            return MailKind::InterviewReminder;
        }
        match self.event.change {
            InterviewChange::Scheduled => MailKind::InterviewScheduled,
            InterviewChange::Rescheduled => MailKind::InterviewRescheduled,
            InterviewChange::Cancelled => MailKind::InterviewCancelled,
        }
    }

    /// The English subject's words.
    fn subject_en(&self) -> &'static str {
        match (self.reminder, self.event.change) {
            (Some(_), _) => "Interview reminder",
            (None, InterviewChange::Scheduled) => "Your interview",
            (None, InterviewChange::Rescheduled) => "Interview changed",
            (None, InterviewChange::Cancelled) => "Interview cancelled",
        }
    }

    fn link(&self, audience: Audience) -> String {
        match audience {
            Audience::Interviewee => self.site.tenant_page(&self.tenant.slug, "me"),
            Audience::Interviewer => {
                self.site.tenant_page(&self.tenant.slug, &format!("interviews/{}", self.event.interview_id))
            }
        }
    }

    fn letter(&self, audience: Audience, recipient: &User, other: Option<&User>) -> Letter {
        let company = &self.tenant.name;
        let when_ja = range_ja(self.start(), self.end());
        let when_en = range_en(self.start(), self.end());
        let deadline = self.event.deadline;
        let reminder = self.reminder.map(|r| match (r.before_deadline, deadline, r.hours) {
            (true, Some(until), hours) => (
                format!(
                    "セルフ面談の回答期限（{}）まで、あと {} 日です。まだお済みでない場合は、お早めにご回答ください。",
                    moment_ja(until),
                    hours / 24
                ),
                format!(
                    "Your self-interview is due in {} day(s) ({}). If you have not answered yet, please do so soon.",
                    hours / 24,
                    moment_en(until)
                ),
            ),
            (_, _, 24..) => (
                "明日、下記の面談を予定しております。".to_owned(),
                "A reminder: your interview is tomorrow.".to_owned(),
            ),
            (_, _, hours) => (
                format!("まもなく（{hours} 時間後）下記の面談が始まります。"),
                format!("A reminder: your interview starts in {hours} hour(s)."),
            ),
        });
        let (headline_ja, headline_en, subject_ja) = match (&reminder, self.event.change) {
            (Some((ja, en)), _) => (ja.as_str(), en.as_str(), "面談のリマインド"),
            (None, InterviewChange::Scheduled) => ("面談のご案内です。", "You have an interview.", "面談のご案内"),
            (None, InterviewChange::Rescheduled) => {
                ("面談の予定が変更になりました。", "Your interview has been changed.", "面談の予定変更")
            }
            (None, InterviewChange::Cancelled) => {
                ("下記の面談は中止になりました。", "The interview below has been cancelled.", "面談の中止")
            }
        };
        let mut facts_ja = vec![("日時".to_owned(), format!("{when_ja}（日本時間）"))];
        let mut facts_en = vec![("When".to_owned(), when_en)];
        if let Some(until) = self.event.deadline {
            facts_ja.push(("回答期限".into(), format!("{}（日本時間）", moment_ja(until))));
            facts_en.push(("Answer by".into(), moment_en(until)));
        }
        if let Some(previous) = self.event.previous_at.filter(|p| *p != self.start()) {
            let before = previous + Duration::minutes(INTERVIEW_LENGTH_MINUTES);
            facts_ja.push(("変更前".into(), range_ja(previous, before)));
            facts_en.push(("Before".into(), range_en(previous, before)));
        }
        let (mode_ja, mode_en) = match self.event.mode {
            InterviewMode::SelfInterview => (
                "セルフ面談（画面のアバターが質問を読み上げ、お一人で回答します）",
                "Self-interview (an avatar reads the questions; you answer on your own)",
            ),
            InterviewMode::FaceToFace => ("対面面談", "Face-to-face interview"),
        };
        facts_ja.push(("形式".into(), mode_ja.into()));
        facts_en.push(("Format".into(), mode_en.into()));
        if let Some(other) = other {
            let (label_ja, label_en) = match audience {
                Audience::Interviewee => ("面談担当", "Interviewer"),
                Audience::Interviewer => ("被面談者", "Candidate"),
            };
            facts_ja.push((label_ja.into(), format!("{} 様", other.display_name)));
            facts_en.push((label_en.into(), other.display_name.clone()));
        }
        if let (Audience::Interviewer, Some(set)) = (audience, self.set) {
            facts_ja.push(("質問セット".into(), set.name.clone()));
            facts_en.push(("Question set".into(), set.name.clone()));
        }
        let cancelled = self.event.change == InterviewChange::Cancelled;
        let mut japanese = vec![
            Block::Paragraph(format!("{} 様", recipient.display_name)),
            Block::Paragraph(format!("{company}です。{headline_ja}")),
            Block::Facts(facts_ja),
        ];
        let mut english = vec![
            Block::Paragraph(format!("Dear {},", recipient.display_name)),
            Block::Paragraph(format!("This is {company}. {headline_en}")),
            Block::Facts(facts_en),
        ];
        if !cancelled {
            if audience == Audience::Interviewee {
                japanese.push(Block::Paragraph(PREPARE_JA.into()));
                english.push(Block::Paragraph(PREPARE_EN.into()));
            }
            japanese.push(Block::Link {
                label: "当日は下記のページからサインインしてください。".into(),
                url: self.link(audience),
            });
            english.push(Block::Link { label: "On the day, sign in here:".into(), url: self.link(audience) });
        }
        japanese.push(Block::Paragraph(format!(
            "ご不明な点は{company}のご担当者までお問い合わせください。\nこのメールは送信専用のアドレスからお送りしています。"
        )));
        english.push(Block::Paragraph(format!(
            "If you have any questions, please contact {company}. This address does not receive replies."
        )));
        Letter {
            kind: self.kind(),
            to: recipient.email.clone(),
            to_name: recipient.display_name.clone(),
            from_name: company.clone(),
            subject: format!("【{company}】{subject_ja}：{when_ja}"),
            subject_en: format!("[{company}] {}: {}", self.subject_en(), range_en(self.start(), self.end())),
            japanese,
            english,
            // A reminder changes nothing in the calendar entry the earlier notices made.
            calendar: self.reminder.is_none().then(|| self.calendar(audience, recipient)),
        }
    }

    fn calendar(&self, audience: Audience, recipient: &User) -> CalendarEvent {
        let method = if self.event.change == InterviewChange::Cancelled {
            CalendarMethod::Cancel
        } else {
            CalendarMethod::Request
        };
        CalendarEvent {
            method,
            uid: format!("{}@mendan", self.event.interview_id),
            sequence: self.event.revision,
            stamp: self.event.at,
            start: self.start(),
            end: self.end(),
            summary: format!("{} 面談", self.tenant.name),
            description: format!("面談 / Interview: {}", self.link(audience)),
            url: self.link(audience),
            organizer: CalendarPerson { name: self.tenant.name.clone(), email: organizer_address(self.tenant) },
            attendee: CalendarPerson { name: recipient.display_name.clone(), email: recipient.email.to_string() },
        }
    }
}

/// The organizer calendars show; replies are not read, like the sender address.
fn organizer_address(tenant: &Tenant) -> String {
    format!("no-reply@{}", tenant.mail_domain.as_deref().unwrap_or("mendan.invalid"))
}

const PREPARE_JA: &str = "ご用意いただくもの: カメラとマイクのあるパソコンまたはスマートフォン、最新版のブラウザ（Chrome、Edge、Safari など）、静かで明るい場所。始める前に録画への同意をお伺いし、カメラとマイクの確認を行います。";
const PREPARE_EN: &str = "Please have a computer or smartphone with a camera and microphone, an up-to-date browser (Chrome, Edge, Safari…) and a quiet, well-lit place. Before you start you are asked for your consent to recording and your camera and microphone are checked.";

/// The newest lines of the sent-mail log (admins), older than `before` when given.
pub async fn sent_mail(
    ports: &Ports,
    principal: &crate::auth::Principal,
    before: Option<uuid::Uuid>,
) -> CoreResult<Vec<SentMail>> {
    principal.require(&[Role::Admin], "read the sent-mail log")?;
    let cursor = before.map(|id| format!("{}{id}", keys::SENT_MAIL_PREFIX));
    super::store(ports, principal).list_newest(keys::SENT_MAIL_PREFIX, cursor.as_deref(), 100).await
}

/// The message a log line names, as sent (admins), where the mail adapter keeps copies (the
/// embedded outbox); `NotFound` where it keeps none.
pub async fn sent_message(ports: &Ports, principal: &crate::auth::Principal, id: uuid::Uuid) -> CoreResult<Vec<u8>> {
    principal.require(&[Role::Admin], "read sent mail")?;
    let line = super::store(ports, principal).get::<SentMail>(&format!("{}{id}", keys::SENT_MAIL_PREFIX)).await?.value;
    let copy = match line.message_id {
        Some(message_id) => ports.mailer.copy(&message_id).await?,
        None => None,
    };
    copy.ok_or(crate::CoreError::NotFound { entity: "mail copy" })
}
