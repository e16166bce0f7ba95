//! Joining a face-to-face interview's video call. Only the interview's people join (its
//! interviewer, its interviewee, admins sitting in), only while the call is open (shortly before
//! the start until hours after), and the interviewee only once they have decided about the
//! recording (declining still allows a call without recording).

use crate::auth::Principal;
use crate::domain::call::{self, CallAttendance, CallJoin, CallPeer, CallPolicy, CallRole, CallSeat};
use crate::domain::consent::{Consent, ConsentKind};
use crate::domain::interview::Interview;
use crate::domain::{InterviewId, Role};
use crate::events::{CallEnded, DomainEvent};
use crate::ports::PortError;
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports, Words};

use super::call_policy;
use super::interviews::load_visible;
use super::store;

/// What the browser needs to join the call of interview `id` now.
pub async fn join(ports: &Ports, principal: &Principal, id: InterviewId) -> CoreResult<CallJoin> {
    let store = store(ports, principal);
    // Someone else's interview answers 404, as everywhere.
    let interview = load_visible(&store, principal, id).await?.value;
    let seat = call::seat_of(principal.role(), principal.id(), &interview)
        .ok_or(CoreError::Forbidden { role: principal.role().to_string(), action: "join this call" })?;
    let now = ports.clock.now();
    if let Some(message) = call::closed_because(&interview, now) {
        return Err(CoreError::CallClosed { message });
    }
    let recording_consented = recording_decision(&store, &interview).await?;
    if seat == CallSeat::Interviewee && recording_consented.is_none() {
        return Err(CoreError::CallClosed {
            message: Words::new(
                "通話の前に、同意画面で録画に同意するかどうかを選んでください。",
                "Before the call, choose on the consent screen whether you allow the recording.",
            ),
        });
    }
    // One client id per person: their second join (a reload, another tab) replaces the first.
    let client_id = format!("u-{}", principal.id().0.simple());
    let peer = CallPeer {
        tenant: principal.tenant.clone(),
        interview_id: id,
        role: seat.role(),
        client_id: client_id.clone(),
        expires_at: now + call::JOIN_VALID_FOR,
    };
    let signaling = ports.calls.signaling(&peer).await.map_err(|e| match e {
        PortError::NotFound => CoreError::NotSetUp { what: "video calls" },
        other => other.into(),
    })?;
    record_join(&store, id, principal, seat, now).await?;
    tracing::info!(interview_id = %id, role = peer.role.as_str(), "call joined");
    let policy = call_policy::current(&store).await?;
    let server_copy = seat == CallSeat::Interviewee && copies_this_call(ports, &policy, recording_consented);
    Ok(CallJoin {
        interview_id: id,
        role: peer.role,
        seat,
        client_id,
        signaling_url: signaling.url,
        ice_servers: signaling.ice_servers,
        expires_at: peer.expires_at,
        open_until: interview.scheduled_at + call::OPEN_FOR,
        recording_consented,
        talk_share_limit: policy.talk_share_limit,
        server_copy,
    })
}

/// Whether the server keeps its own copy of a call: the tenant wants one, this backend keeps them, and the
/// interviewee allowed the recording.
fn copies_this_call(ports: &Ports, policy: &CallPolicy, recording_consented: Option<bool>) -> bool {
    policy.server_copy && ports.calls.keeps_copies() && recording_consented == Some(true)
}

/// The interviewee's browser as the one producer of the server's copy of the call (issue 16 item 5): where it
/// connects, as the master of the interview's storage-enabled channel.
pub async fn join_copy(ports: &Ports, principal: &Principal, id: InterviewId) -> CoreResult<CallJoin> {
    let (interview, policy) = copy_allowed(ports, principal, id).await?;
    let now = ports.clock.now();
    let peer = CallPeer {
        tenant: principal.tenant.clone(),
        interview_id: id,
        role: CallRole::Master,
        client_id: format!("u-{}", principal.id().0.simple()),
        expires_at: now + call::JOIN_VALID_FOR,
    };
    let signaling = ports.calls.copy_signaling(&peer).await.map_err(|e| match e {
        PortError::NotFound => CoreError::NotSetUp { what: "the server's copy of calls" },
        other => other.into(),
    })?;
    tracing::info!(interview_id = %id, "call copy joined");
    Ok(CallJoin {
        interview_id: id,
        role: CallRole::Master,
        seat: CallSeat::Interviewee,
        client_id: peer.client_id,
        signaling_url: signaling.url,
        ice_servers: signaling.ice_servers,
        expires_at: peer.expires_at,
        open_until: interview.scheduled_at + call::OPEN_FOR,
        recording_consented: Some(true),
        talk_share_limit: policy.talk_share_limit,
        server_copy: true,
    })
}

/// Starts storing what the copy's producer sends; called by its browser once connected (and again after it
/// reconnected). Repeating it is harmless: the service joins the one session again.
pub async fn start_copy(ports: &Ports, principal: &Principal, id: InterviewId) -> CoreResult<()> {
    copy_allowed(ports, principal, id).await?;
    ports.calls.start_copy_session(&principal.tenant, id).await.map_err(|e| match e {
        PortError::NotFound => CoreError::CallClosed {
            message: Words::new(
                "サーバー側の録画の準備ができていません。通話に入り直してください。",
                "The server's copy of the call is not prepared: join the call again.",
            ),
        },
        other => other.into(),
    })
}

/// Only the interview's interviewee produces the copy, while the call is open, with their consent to the recording,
/// when the tenant keeps copies and this backend can.
async fn copy_allowed(ports: &Ports, principal: &Principal, id: InterviewId) -> CoreResult<(Interview, CallPolicy)> {
    let store = store(ports, principal);
    let interview = load_visible(&store, principal, id).await?.value;
    if call::seat_of(principal.role(), principal.id(), &interview) != Some(CallSeat::Interviewee) {
        return Err(CoreError::Forbidden {
            role: principal.role().to_string(),
            action: "send the server's copy of this call",
        });
    }
    if let Some(message) = call::closed_because(&interview, ports.clock.now()) {
        return Err(CoreError::CallClosed { message });
    }
    let policy = call_policy::current(&store).await?;
    if !copies_this_call(ports, &policy, recording_decision(&store, &interview).await?) {
        return Err(CoreError::NotSetUp { what: "the server's copy of calls" });
    }
    Ok((interview, policy))
}

/// Notes the join on the person's attendance record; a concurrent join of the same person makes
/// the conditional write fail once, and it is read and tried again.
async fn record_join(
    store: &TenantStore<'_>,
    interview_id: InterviewId,
    principal: &Principal,
    seat: CallSeat,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<()> {
    let key = keys::call_attendance(interview_id, principal.id());
    for _ in 0..3 {
        let written = match store.find::<CallAttendance>(&key).await? {
            None => {
                let first = CallAttendance {
                    interview_id,
                    user_id: principal.id(),
                    seat,
                    first_joined_at: now,
                    last_joined_at: now,
                    joins: 1,
                    left_at: None,
                };
                store.create(&first).await
            }
            Some(found) => {
                let mut again = found.value;
                again.last_joined_at = now;
                again.joins = again.joins.saturating_add(1);
                store.update(&again, found.version).await
            }
        };
        match written {
            Err(CoreError::Conflict(_)) => continue,
            other => return other,
        }
    }
    Err(CoreError::Conflict("the call's attendance kept changing".into()))
}

/// Notes that the caller left the interview's call (for its duration); nothing to note when they never joined.
pub async fn leave(ports: &Ports, principal: &Principal, id: InterviewId) -> CoreResult<()> {
    let store = store(ports, principal);
    let interview = load_visible(&store, principal, id).await?.value;
    call::seat_of(principal.role(), principal.id(), &interview)
        .ok_or(CoreError::Forbidden { role: principal.role().to_string(), action: "leave this call" })?;
    let key = keys::call_attendance(id, principal.id());
    for _ in 0..3 {
        let Some(found) = store.find::<CallAttendance>(&key).await? else { return Ok(()) };
        let mut left = found.value;
        left.left_at = Some(ports.clock.now());
        match store.update(&left, found.version).await {
            Err(CoreError::Conflict(_)) => continue,
            other => return other,
        }
    }
    Err(CoreError::Conflict("the call's attendance kept changing".into()))
}

/// Who joined the interview's call and when (admins and the interview's interviewer).
pub async fn attendance(ports: &Ports, principal: &Principal, id: InterviewId) -> CoreResult<Vec<CallAttendance>> {
    let store = store(ports, principal);
    let interview = load_visible(&store, principal, id).await?.value;
    let staff = principal.is(Role::Admin) || interview.interviewer_id == Some(principal.id());
    if !staff {
        return Err(CoreError::Forbidden { role: principal.role().to_string(), action: "read who joined a call" });
    }
    let mut list: Vec<CallAttendance> = store.list(&keys::call_attendance_of(id)).await?;
    list.sort_by_key(|a| a.first_joined_at);
    Ok(list)
}

/// The interviewee's current decision about the recording, `None` while undecided.
async fn recording_decision(store: &TenantStore<'_>, interview: &Interview) -> CoreResult<Option<bool>> {
    let key = keys::consent(interview.id, ConsentKind::Recording, interview.interviewee_id);
    Ok(store.find::<Consent>(&key).await?.map(|c| c.value.granted))
}

/// Ends the interview's call (it was cancelled or its recording is in): everyone still connected
/// is told and the channel goes. Failing to is logged, not fatal: the channel expires anyway.
pub async fn close(ports: &Ports, interview: &Interview, tenant: &crate::domain::TenantSlug) {
    if interview.mode != crate::domain::interview::InterviewMode::FaceToFace {
        return;
    }
    if let Err(e) = ports.calls.close(tenant, interview.id).await {
        tracing::warn!(interview_id = %interview.id, error = %e, "could not close the call's channel");
    }
    // The server's copy of the call (if any) is exported or deleted by the kinesis-ingest function.
    let ended = CallEnded { tenant: tenant.clone(), interview_id: interview.id, ended_at: ports.clock.now() };
    if let Err(e) = ports.events.publish(ended.to_event()).await {
        tracing::warn!(interview_id = %interview.id, error = %e, "could not announce the call's end");
    }
}
