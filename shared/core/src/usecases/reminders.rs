//! Interview reminders: the scheduling function keeps one timer per reminder — 24 hours and
//! 1 hour before the interview — set when it is scheduled, moved when it moves, removed when it
//! is cancelled. A timer publishes `InterviewReminderDue`, which the email function mails if the
//! interview is still as it was (see `interview_mail::on_reminder_due`).

use chrono::Duration;

use crate::Ports;
use crate::domain::InterviewId;
use crate::domain::interview::Interview;
use crate::events::{DomainEvent, HandlerError, InterviewChange, InterviewChanged, InterviewReminderDue};
use crate::repo::{TenantStore, keys};

/// How long before the interview each reminder goes out.
pub const HOURS_BEFORE: [u32; 2] = [24, 1];

/// The timer of one reminder: unique per interview (interview ids are unique across tenants) and
/// within EventBridge Scheduler's 64 characters.
pub fn timer_name(interview: InterviewId, hours_before: u32) -> String {
    format!("{interview}-{hours_before}h")
}

/// Sets, moves or removes the interview's reminder timers; answers how many are set now.
pub async fn on_interview_changed(ports: &Ports, event: &InterviewChanged) -> Result<u32, HandlerError> {
    // A change delivered late must not put back the reminders of an earlier revision.
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let current = store.find::<Interview>(&keys::interview(event.interview_id)).await?;
    let outdated = current.as_ref().is_some_and(|i| i.value.revision != event.revision);
    if outdated {
        return Ok(0);
    }
    let now = ports.clock.now();
    let mut set = 0;
    for hours in HOURS_BEFORE {
        let name = timer_name(event.interview_id, hours);
        let at = event.scheduled_at - Duration::hours(i64::from(hours));
        if event.change == InterviewChange::Cancelled || current.is_none() || at <= now {
            // Cancelled or deleted, or too close for this reminder: none (a moved one's old timer goes).
            ports.timers.cancel(&name).await?;
            continue;
        }
        let due = InterviewReminderDue {
            tenant: event.tenant.clone(),
            interview_id: event.interview_id,
            revision: event.revision,
            hours_before: hours,
            notice_id: event.notice_id,
        };
        ports.timers.set(&name, at, due.to_event()).await?;
        set += 1;
    }
    Ok(set)
}
