//! A face-to-face interview's video call: who may join, as what, and when. The call itself is
//! peer to peer between the browsers; Mendan only introduces them (signaling) and says which
//! relays (STUN/TURN) they may use.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::interview::{Interview, InterviewMode, InterviewStatus};
use super::{InterviewId, Role, TenantSlug, UserId};
use crate::error::Words;

/// The side of the signaling channel a browser takes, as Kinesis Video Streams names them: one
/// master (the interviewer, who waits for the others), any number of viewers (the interviewee,
/// an admin sitting in).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CallRole {
    Master,
    Viewer,
}

impl CallRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Master => "master",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "master" => Some(Self::Master),
            "viewer" => Some(Self::Viewer),
            _ => None,
        }
    }
}

/// Who the person is in this call (what the screens show, and whether live hints are theirs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CallSeat {
    Interviewer,
    Interviewee,
    /// An admin sitting in.
    Observer,
}

/// How early before the scheduled start the call opens: people join a few minutes early.
pub const OPENS_BEFORE: Duration = Duration::minutes(15);
/// How long after the scheduled start the call stays open: interviews have no set length, and a
/// late start or an overrun must not cut a call off.
pub const OPEN_FOR: Duration = Duration::hours(3);
/// How long a join answer's signaling URL may be used to connect (as a presigned KVS URL).
pub const JOIN_VALID_FOR: Duration = Duration::minutes(5);

/// One browser's place in one call, as the signaling channel knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallPeer {
    pub tenant: TenantSlug,
    pub interview_id: InterviewId,
    pub role: CallRole,
    /// Viewers are told apart by this id (the master answers each); the same person's second
    /// join replaces their first, so a reload or a reconnect never leaves a ghost.
    pub client_id: String,
    /// Until when the signaling URL may be used to connect.
    pub expires_at: DateTime<Utc>,
}

/// A STUN or TURN server the browser may use (RTCIceServer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IceServer {
    pub urls: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

/// Where a browser connects to be introduced to the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signaling {
    /// A WebSocket URL good for exactly this channel, role and client until `expires_at`.
    pub url: String,
    pub ice_servers: Vec<IceServer>,
}

/// What `POST interviews/{id}/call` answers: everything the browser needs to join.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CallJoin {
    pub interview_id: InterviewId,
    pub role: CallRole,
    pub seat: CallSeat,
    pub client_id: String,
    /// The signaling WebSocket (KVS's message framing on AWS and under `mendan serve` alike).
    pub signaling_url: String,
    pub ice_servers: Vec<IceServer>,
    /// Until when `signaling_url` may be used to connect; ask again for a new one after.
    pub expires_at: DateTime<Utc>,
    /// When the call closes (the scheduled start plus [`OPEN_FOR`]).
    pub open_until: DateTime<Utc>,
    /// Whether the interviewee allowed the recording (`None`: the caller may not know).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_consented: Option<bool>,
    /// The interviewer's share of the speaking time, in percent, above which the live hints suggest listening
    /// more (the tenant's [`CallPolicy`]).
    pub talk_share_limit: u8,
    /// The interviewee's browser also sends its camera and microphone to the server's copy of the call
    /// (`POST …/call/copy`): the tenant keeps one, this backend can, and the interviewee allowed the recording.
    pub server_copy: bool,
}

/// The tenant's choices about video calls (admins change them; everyone joining reads what applies to them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallPolicy {
    /// Keep the server's own copy of each recorded call (on AWS: Kinesis Video Streams WebRTC ingestion from the
    /// interviewee's browser), analysed only when the interviewer's recording did not arrive.
    pub server_copy: bool,
    /// The interviewer's share of the speaking time, in percent ([`TALK_SHARE_LIMITS`]), above which the live
    /// hints suggest listening more.
    pub talk_share_limit: u8,
}

/// The talk share limits an admin may set, in percent.
pub const TALK_SHARE_LIMITS: std::ops::RangeInclusive<u8> = 20..=80;

impl Default for CallPolicy {
    fn default() -> Self {
        CallPolicy { server_copy: false, talk_share_limit: 50 }
    }
}

/// Who joined an interview's call and when: one record per person, however often they rejoin,
/// so it stays small. Joins are what the server sees (`POST …/call`); leaving is the browser's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CallAttendance {
    pub interview_id: InterviewId,
    pub user_id: UserId,
    pub seat: CallSeat,
    pub first_joined_at: DateTime<Utc>,
    pub last_joined_at: DateTime<Utc>,
    /// Joins in all (a reload or a reconnection after a dropped network is one more).
    pub joins: u32,
    /// When they last left by the call screen's leave (a closed tab leaves no time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_at: Option<DateTime<Utc>>,
}

/// The caller's seat in this interview's call, or `None` when it is not theirs to join.
pub fn seat_of(role: Role, user: UserId, interview: &Interview) -> Option<CallSeat> {
    if interview.interviewer_id == Some(user) {
        return Some(CallSeat::Interviewer);
    }
    match role {
        Role::Interviewee if interview.interviewee_id == user => Some(CallSeat::Interviewee),
        Role::Admin => Some(CallSeat::Observer),
        _ => None,
    }
}

impl CallSeat {
    pub fn role(self) -> CallRole {
        match self {
            Self::Interviewer => CallRole::Master,
            Self::Interviewee | Self::Observer => CallRole::Viewer,
        }
    }
}

/// Why the call cannot be joined now, in words for the person (or `None`: it is open).
pub fn closed_because(interview: &Interview, now: DateTime<Utc>) -> Option<Words> {
    if interview.mode != InterviewMode::FaceToFace {
        return Some(Words::new("セルフ面談にはビデオ通話がありません。", "A self-interview has no video call."));
    }
    if !matches!(interview.status, InterviewStatus::Scheduled | InterviewStatus::InProgress) {
        return Some(Words::new(
            "この面談は終了しているため、通話に参加できません。",
            "This interview is over; its call is closed.",
        ));
    }
    if now < interview.scheduled_at - OPENS_BEFORE {
        let minutes = OPENS_BEFORE.num_minutes();
        return Some(Words::new(
            format!("通話は開始予定の {minutes} 分前から参加できます。"),
            format!("The call opens {minutes} minutes before the scheduled start."),
        ));
    }
    if now > interview.scheduled_at + OPEN_FOR {
        let hours = OPEN_FOR.num_hours();
        return Some(Words::new(
            format!("通話は開始予定から {hours} 時間で閉じました。日時を変更してください。"),
            format!("The call closed {hours} hours after the scheduled start. Reschedule the interview."),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn interview(mode: InterviewMode, status: InterviewStatus, at: DateTime<Utc>) -> Interview {
        Interview {
            id: InterviewId(Uuid::from_u128(1)),
            mode,
            interviewee_id: UserId(Uuid::from_u128(2)),
            interviewer_id: Some(UserId(Uuid::from_u128(3))),
            question_set_id: None,
            scheduled_at: at,
            status,
            created_at: at,
            updated_at: at,
            revision: 0,
            deadline: None,
        }
    }

    #[test]
    fn the_call_opens_shortly_before_the_start_and_closes_hours_after() {
        let start = Utc::now();
        let iv = interview(InterviewMode::FaceToFace, InterviewStatus::Scheduled, start);
        assert!(closed_because(&iv, start - Duration::minutes(16)).is_some());
        assert!(closed_because(&iv, start - Duration::minutes(15)).is_none());
        assert!(closed_because(&iv, start + Duration::hours(3)).is_none());
        assert!(closed_because(&iv, start + Duration::hours(3) + Duration::seconds(1)).is_some());
    }

    #[test]
    fn only_open_face_to_face_interviews_have_a_call() {
        let now = Utc::now();
        for status in [InterviewStatus::Recorded, InterviewStatus::Cancelled, InterviewStatus::Rated] {
            assert!(closed_because(&interview(InterviewMode::FaceToFace, status, now), now).is_some());
        }
        let self_interview = interview(InterviewMode::SelfInterview, InterviewStatus::Scheduled, now);
        assert!(closed_because(&self_interview, now).is_some());
        let started = interview(InterviewMode::FaceToFace, InterviewStatus::InProgress, now);
        assert!(closed_because(&started, now).is_none());
    }

    #[test]
    fn seats_follow_the_interview_not_only_the_role() {
        let iv = interview(InterviewMode::FaceToFace, InterviewStatus::Scheduled, Utc::now());
        let interviewer = UserId(Uuid::from_u128(3));
        let interviewee = UserId(Uuid::from_u128(2));
        let someone = UserId(Uuid::from_u128(9));
        assert_eq!(seat_of(Role::Interviewer, interviewer, &iv), Some(CallSeat::Interviewer));
        // An admin scheduled as the interviewer is the interviewer, not an observer.
        assert_eq!(seat_of(Role::Admin, interviewer, &iv), Some(CallSeat::Interviewer));
        assert_eq!(seat_of(Role::Interviewee, interviewee, &iv), Some(CallSeat::Interviewee));
        assert_eq!(seat_of(Role::Admin, someone, &iv), Some(CallSeat::Observer));
        assert_eq!(seat_of(Role::Interviewer, someone, &iv), None);
        assert_eq!(seat_of(Role::Interviewee, someone, &iv), None);
        assert_eq!(seat_of(Role::Expert, someone, &iv), None);
        assert_eq!(CallSeat::Interviewer.role(), CallRole::Master);
        assert_eq!(CallSeat::Interviewee.role(), CallRole::Viewer);
    }
}
