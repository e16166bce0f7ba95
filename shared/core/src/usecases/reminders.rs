//! Interview reminders: the scheduling function keeps one timer per reminder — 24 hours and 1 hour
//! before an interview starts, or for a self-interview with a deadline 3 days and 1 day before the
//! deadline — set when it is scheduled, moved when it moves, removed when it is cancelled. A timer
//! publishes `InterviewReminderDue`, which the email function mails if the interview is still as it
//! was (see `interview_mail::on_reminder_due`). A face-to-face interview also gets a timer at the close of its
//! call's join window that publishes `CallEnded`, so a call nobody ended (the interviewer's network failed) still
//! ends and its server-side copy is exported (see `call_copy`).

use chrono::{DateTime, Duration, Utc};

use crate::Ports;
use crate::domain::InterviewId;
use crate::domain::call::OPEN_FOR;
use crate::domain::interview::{Interview, InterviewMode};
use crate::events::{CallEnded, DomainEvent, HandlerError, InterviewChange, InterviewChanged, InterviewReminderDue};
use crate::repo::{TenantStore, keys};

/// Before the start of an interview.
pub const HOURS_BEFORE_START: [u32; 2] = [24, 1];
/// Before a self-interview's deadline.
pub const HOURS_BEFORE_DEADLINE: [u32; 2] = [72, 24];
/// Every timer an interview may have, so a change of plan removes the ones it no longer needs.
const ALL_HOURS: [u32; 3] = [72, 24, 1];

/// The timer of one reminder: unique per interview (interview ids are unique across tenants) and
/// within EventBridge Scheduler's 64 characters.
pub fn timer_name(interview: InterviewId, hours_before: u32) -> String {
    format!("{interview}-{hours_before}h")
}

/// The timer that ends a face-to-face interview's call when its join window closes.
pub fn call_end_timer_name(interview: InterviewId) -> String {
    format!("{interview}-callend")
}

/// Every timer an interview may have (to remove them all when its tenant is erased).
pub fn timers_of(interview: InterviewId) -> Vec<String> {
    ALL_HOURS.iter().map(|h| timer_name(interview, *h)).chain([call_end_timer_name(interview)]).collect()
}

/// The reminders an interview gets: hours before, and before what.
fn plan(event: &InterviewChanged) -> (Vec<u32>, DateTime<Utc>, bool) {
    match event.deadline {
        Some(deadline) => (HOURS_BEFORE_DEADLINE.to_vec(), deadline, true),
        None => (HOURS_BEFORE_START.to_vec(), event.scheduled_at, false),
    }
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
    let (hours_wanted, counted_from, before_deadline) = plan(event);
    let now = ports.clock.now();
    let mut set = 0;
    for hours in ALL_HOURS {
        let name = timer_name(event.interview_id, hours);
        let at = counted_from - Duration::hours(i64::from(hours));
        let wanted = hours_wanted.contains(&hours);
        if !wanted || event.change == InterviewChange::Cancelled || current.is_none() || at <= now {
            // Not in the plan, cancelled or deleted, or too close for this reminder: none.
            ports.timers.cancel(&name).await?;
            continue;
        }
        let due = InterviewReminderDue {
            tenant: event.tenant.clone(),
            interview_id: event.interview_id,
            revision: event.revision,
            hours_before: hours,
            notice_id: event.notice_id,
            before_deadline,
        };
        ports.timers.set(&name, at, due.to_event()).await?;
        set += 1;
    }
    end_call_when_it_closes(ports, event, current.is_some(), now).await?;
    Ok(set)
}

/// Sets (or moves) the call's end at the close of its window; removes it when the interview is cancelled or gone.
async fn end_call_when_it_closes(
    ports: &Ports,
    event: &InterviewChanged,
    exists: bool,
    now: DateTime<Utc>,
) -> Result<(), HandlerError> {
    let name = call_end_timer_name(event.interview_id);
    let closes = event.scheduled_at + OPEN_FOR;
    let wanted =
        event.mode == InterviewMode::FaceToFace && exists && event.change != InterviewChange::Cancelled && closes > now;
    if !wanted {
        ports.timers.cancel(&name).await?;
        return Ok(());
    }
    let ended = CallEnded { tenant: event.tenant.clone(), interview_id: event.interview_id, ended_at: closes };
    ports.timers.set(&name, closes, ended.to_event()).await?;
    Ok(())
}
