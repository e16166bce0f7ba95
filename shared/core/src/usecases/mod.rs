//! Use cases: plain async functions over [`Ports`](crate::Ports), one module per aggregate. Each
//! checks the caller's role first and reads and writes only the caller's tenant.

pub mod account_mail;
pub mod audit;
pub mod call_copy;
pub mod call_policy;
pub mod calls;
pub mod consent_texts;
pub mod consents;
pub mod contract;
pub mod erasure;
pub mod exports;
pub mod fairness;
pub mod fairness_monitoring;
pub mod feedback;
pub mod follow_ups;
pub mod interview_mail;
pub mod interviews;
pub mod items;
pub(crate) mod mail_delivery;
pub mod mail_domain;
pub mod mail_feedback;
pub mod maintenance;
pub mod mfa;
pub mod model_bundles;
pub mod model_settings;
pub mod model_statistics;
pub mod models;
pub mod question_sets;
pub mod ratings;
pub mod ready_mail;
pub mod recording_analysis;
pub mod recordings;
pub mod reminders;
pub mod reports;
pub mod retakes;
pub mod session;
pub mod sessions;
pub mod sign_in_throttle;
pub mod summaries;
pub mod tenants;
pub mod text_work;
pub mod training;
pub mod transcription;
pub mod usage;
pub mod users;
pub mod wording;

use crate::Ports;
use crate::auth::Principal;
use crate::repo::TenantStore;

/// The store of the caller's tenant: the only way use cases reach items.
pub(crate) fn store<'a>(ports: &'a Ports, principal: &Principal) -> TenantStore<'a> {
    TenantStore::new(ports.items.as_ref(), &principal.tenant)
}

/// Trims free text and checks its length in characters (Japanese text counts per character).
pub(crate) fn bounded_text(field: &str, input: &str, max_chars: usize) -> crate::CoreResult<String> {
    let text = input.trim();
    if text.chars().count() > max_chars {
        return Err(crate::CoreError::invalid(
            field,
            format!("{max_chars} 文字以内にしてください。"),
            format!("At most {max_chars} characters."),
        ));
    }
    Ok(text.to_owned())
}

/// A transcript format name that is not one of ours.
pub(crate) fn unknown_transcript_format(name: &str) -> crate::CoreError {
    crate::CoreError::invalid(
        "format",
        "文字起こしの形式は vtt、srt、text、transcribe_json のいずれかです。",
        format!("{name:?}: use {}", mendan_text::transcript::TranscriptFormat::NAMES),
    )
}

/// A transcript that does not parse or is beyond the bounds, said so a person can fix the file.
pub(crate) fn transcript_invalid(field: &str, error: &mendan_text::transcript::TranscriptError) -> crate::CoreError {
    use mendan_text::transcript::TranscriptError as E;
    let ja = match error {
        E::Line { line, .. } => format!(
            "文字起こしファイルの {line} 行目を読み取れません。Teams や Zoom が書き出したファイルをそのまま使ってください。"
        ),
        E::Format(_) => {
            "文字起こしファイルの形式を読み取れません。選んだ形式とファイルが合っているか確認してください。".to_owned()
        }
        E::Empty => "文字起こしに発言が 1 つもありません。".to_owned(),
        E::TooLong(_) => {
            "文字起こしが長すぎます。1 つの文字起こしは発言 5 万件・5 万文・200 万文字・24 時間までです。".to_owned()
        }
    };
    crate::CoreError::invalid(field, ja, error.to_string())
}

/// A password the identity's own policy refused (Cognito says why in English).
pub(crate) fn password_refused(field: &str, why: String) -> crate::CoreError {
    crate::CoreError::invalid(field, "このパスワードは使えません。12 文字以上の別のパスワードにしてください。", why)
}
