use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{InterviewId, RecordingId, TenantSlug};
use crate::CoreError;

/// Largest upload accepted: 2 GiB (a 30-minute 640x480 recording is a few hundred MB).
pub const MAX_RECORDING_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// What browsers' MediaRecorder and the usual meeting tools produce.
pub const ACCEPTED_CONTENT_TYPES: [(&str, &str); 7] = [
    ("video/webm", "webm"),
    ("video/mp4", "mp4"),
    ("audio/webm", "weba"),
    ("audio/mp4", "m4a"),
    ("audio/mpeg", "mp3"),
    ("audio/wav", "wav"),
    ("audio/x-wav", "wav"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordingStatus {
    /// Upload URL issued, bytes not yet seen.
    Pending,
    Uploaded,
    Analysed,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Recording {
    pub id: RecordingId,
    pub interview_id: InterviewId,
    pub content_type: String,
    pub size_bytes: u64,
    pub object_key: String,
    pub status: RecordingStatus,
    /// Why the recording failed, in words a user can act on.
    pub failure: Option<String>,
    /// The same reason as a stable code (`unreadable`, `no_speech`, ...) for the web UI's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<String>,
    /// Where the analysis put its results, once there are any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<RecordingAnalysis>,
    /// Which question this recording answers (self-interviews), when the recorder said so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<AskedQuestion>,
    /// Staff asked the candidate to answer this question again; a newer recording replaces it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retake_request: Option<RetakeRequest>,
    /// Where the interviewee's voice is in the audio (stored recordings from before calls are `mixed`).
    #[serde(default)]
    pub audio: AudioLayout,
    /// Exported from the server's copy of a video call (AWS), not uploaded by a browser.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub server_copy: bool,
    pub created_at: DateTime<Utc>,
}

/// Where the interviewee's voice is in a recording's audio.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AudioLayout {
    /// One voice, or every voice mixed together.
    #[default]
    Mixed,
    /// A video call recorded by the interviewer's browser: the interviewee's voice on the left channel, the
    /// interviewer's on the right, so each side's speaking time is measured without guessing who spoke.
    IntervieweeLeftInterviewerRight,
}

/// Why and by whom a new recording of the same question was asked for (issue 14 item 3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RetakeRequest {
    /// Plain text shown to the candidate (1-500 characters).
    pub reason: String,
    pub requested_by: super::UserId,
    pub requested_at: DateTime<Utc>,
}

/// The question a recording answers: a fixed question of the set, or a follow-up asked after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AskedQuestion {
    /// The fixed question (0-based; the practice question is never recorded for rating).
    pub index: u32,
    /// Which follow-up after that question (0-based), when it was one.
    pub follow_up: Option<u32>,
    /// The words asked, as the interviewee heard them.
    pub text: Option<String>,
}

/// The outcome of a successful analysis: its files and the quality verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RecordingAnalysis {
    pub features_key: String,
    pub timeline_key: String,
    /// Whether the recording may be used for training and prediction.
    pub sufficient: bool,
    /// Why not (empty when sufficient).
    pub reasons: Vec<String>,
    /// The same in Japanese (empty for recordings analysed before it was kept).
    #[serde(default)]
    pub reasons_ja: Vec<String>,
    pub analysed_at: DateTime<Utc>,
}

/// Checks the declared upload and returns the file extension for its object key. Parameters such
/// as `;codecs=vp9` are allowed and ignored, as browsers add them.
pub fn check_upload(content_type: &str, size_bytes: u64) -> Result<&'static str, CoreError> {
    // Refused outright, before the content type is stored or signed into an upload link.
    let essence = super::media_type::essence(content_type).map_err(|why| {
        CoreError::invalid("content_type", "ファイルの種類（Content-Type）を読み取れません。", why.to_string())
    })?;
    let ext = ACCEPTED_CONTENT_TYPES
        .iter()
        .find(|(ct, _)| *ct == essence)
        .map(|(_, ext)| *ext)
        .ok_or_else(|| CoreError::UnsupportedMediaType(content_type.to_owned()))?;
    if size_bytes == 0 {
        return Err(CoreError::invalid(
            "size_bytes",
            "録画が空です。もう一度録画してください。",
            "The recording is empty.",
        ));
    }
    if size_bytes > MAX_RECORDING_BYTES {
        return Err(CoreError::TooLarge { size: size_bytes, limit: MAX_RECORDING_BYTES });
    }
    Ok(ext)
}

/// The object key is derived, never chosen by the client, and always under the tenant's prefix.
pub fn recording_key(tenant: &TenantSlug, interview: InterviewId, recording: RecordingId, ext: &str) -> String {
    format!("t/{tenant}/interviews/{interview}/recordings/{recording}.{ext}")
}

/// The feature vector of a recording sits next to it: `.../features/{recording}.json`.
pub fn features_key(tenant: &TenantSlug, interview: InterviewId, recording: RecordingId) -> String {
    format!("t/{tenant}/interviews/{interview}/features/{recording}.json")
}

/// The per-second timeline for charts under the player: `.../features/{recording}.timeline.json`.
pub fn timeline_key(tenant: &TenantSlug, interview: InterviewId, recording: RecordingId) -> String {
    format!("t/{tenant}/interviews/{interview}/features/{recording}.timeline.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_browser_types_and_refuses_others() {
        assert_eq!(check_upload("video/webm;codecs=vp9,opus", 10).unwrap(), "webm");
        assert_eq!(check_upload("video/mp4", 10).unwrap(), "mp4");
        assert!(matches!(check_upload("image/png", 10), Err(CoreError::UnsupportedMediaType(_))));
        assert!(matches!(check_upload("video/webm", MAX_RECORDING_BYTES + 1), Err(CoreError::TooLarge { .. })));
        // Issue 13: a line break after `;` once let a client move its signed size limit.
        let rewritten = check_upload("video/webm;\n5", 5);
        assert!(
            matches!(rewritten, Err(CoreError::Invalid { ref field, .. }) if field == "content_type"),
            "{rewritten:?}"
        );
        assert!(check_upload("video/webm", 0).is_err());
    }
}
