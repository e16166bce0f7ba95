//! Errors as RFC 9457 problems (`application/problem+json`), with a `detail` in the caller's
//! language: Japanese by default, English when the request prefers it (Accept-Language).

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mendan_core::{CoreError, SignInRefusal};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

tokio::task_local! {
    static LANG: Lang;
}

impl Lang {
    /// Japanese unless the first language the client names is English.
    pub fn from_accept_language(value: Option<&str>) -> Self {
        let first = value.and_then(|v| v.split(',').next()).unwrap_or("").trim().to_ascii_lowercase();
        if first.starts_with("en") { Lang::En } else { Lang::Ja }
    }

    fn current() -> Self {
        LANG.try_with(|l| *l).unwrap_or(Lang::Ja)
    }
}

/// Runs the request with its language known, so errors built deep in a handler can use it.
pub async fn with_request_language(request: Request, next: Next) -> Response {
    let accept = request.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let lang = Lang::from_accept_language(accept);
    LANG.scope(lang, next.run(request)).await
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A stable code for programs, e.g. `consent_missing`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What happened and what to do, in the request's language.
    pub detail: String,
    /// The input field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The contract option the request needs, with `option_not_contracted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    kind: &'static str,
    field: Option<String>,
    ja: String,
    en: String,
    /// Seconds for the Retry-After header (429).
    retry_after: Option<u64>,
    /// The contract option the request needs (`option_not_contracted`).
    option: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &'static str, ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self { status, kind, field: None, ja: ja.into(), en: en.into(), retry_after: None, option: None }
    }

    pub fn bad_request(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", ja, en)
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// With a Retry-After of `seconds`.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }
}

impl From<CoreError> for ApiError {
    fn from(err: CoreError) -> Self {
        use StatusCode as S;
        match err {
            // The words say what to fix in the user's language; `field` names the input for the UI.
            CoreError::Invalid { field, message } => Self {
                status: S::UNPROCESSABLE_ENTITY,
                kind: "invalid",
                ja: message.ja,
                en: message.en,
                field: Some(field),
                retry_after: None,
                option: None,
            },
            CoreError::EmailTaken => Self {
                status: S::CONFLICT,
                kind: "email_taken",
                field: Some("email".into()),
                ja: "このメールアドレスのユーザーはすでに登録されています。".into(),
                en: "A user with this e-mail address already exists.".into(),
                retry_after: None,
                option: None,
            },
            CoreError::NotFound { entity } => Self::new(
                S::NOT_FOUND,
                "not_found",
                format!("{}が見つかりません。URL を確認してください。", entity_ja(entity)),
                format!("The {entity} was not found. Check the address."),
            ),
            CoreError::TranscriptionUnavailable => Self {
                status: S::UNPROCESSABLE_ENTITY,
                kind: "transcription_unavailable",
                field: Some("recording".into()),
                ja: "この環境では録画の文字起こしができません（AWS 版の Amazon Transcribe か、音声認識モデルを入れたローカル版が必要です）。文字起こしファイル（Teams や Zoom が書き出す VTT）をアップロードするか、要点を入力してください。".into(),
                en: "This installation cannot transcribe recordings (that needs Amazon Transcribe on AWS, or mendan serve with its speech model); upload the transcript (the VTT that Teams or Zoom export) or type the key points instead.".into(),
                retry_after: None,
                option: None,
            },
            CoreError::OutsideServiceHours => Self::new(
                S::SERVICE_UNAVAILABLE,
                "outside_service_hours",
                "この機能はただいまサービス提供時間外です。平日 9 時から 21 時（祝日と年末年始を除く）にご利用ください。",
                "This is outside its service hours. Please come back on a weekday between 9:00 and 21:00 (Japan time, except holidays and the year's end).",
            ),
            CoreError::OptionNotContracted(option) => Self {
                status: S::FORBIDDEN,
                kind: "option_not_contracted",
                field: None,
                ja: format!("この機能は「{}」のご契約が必要です。管理者にお問い合わせください。", option.label_ja()),
                en: format!("This needs the {}, which the contract does not include. Ask your administrator.", option.label_en()),
                retry_after: None,
                option: Some(option.as_str()),
            },
            CoreError::TenantSuspended => Self::new(
                S::FORBIDDEN,
                "tenant_suspended",
                "このテナントのご利用は停止されています。管理者にお問い合わせください。",
                "This tenant's use of Mendan is suspended. Please contact your administrator.",
            ),
            CoreError::MfaSetupRequired => Self::new(
                S::FORBIDDEN,
                "mfa_setup_required",
                "このテナントでは、管理者と熟練面談者は認証アプリによる 2 段階認証が必須です。プロフィール画面で設定してください。",
                "This tenant requires administrators and experts to sign in with an authenticator app. Set it up on your profile page.",
            ),
            CoreError::Unauthenticated(why) => {
                // The reason may quote a library (a JWT decoder's words): for the log, not the user.
                tracing::info!(reason = %why, "request not authenticated");
                Self::new(
                    S::UNAUTHORIZED,
                    "unauthenticated",
                    "サインインが必要です。もう一度サインインしてください。",
                    "Please sign in again.",
                )
            }
            CoreError::SignInRefused(why) => sign_in_refused(why),
            CoreError::Forbidden { role, action } => Self::new(
                S::FORBIDDEN,
                "forbidden",
                format!("この操作は「{}」の権限では行えません。管理者に依頼してください。", role_ja(&role)),
                format!("The role {role} may not {action}. Ask an administrator."),
            ),
            CoreError::ConsentMissing { kind } => Self {
                status: S::FORBIDDEN,
                kind: "consent_missing",
                field: Some(kind.to_string()),
                ja: format!(
                    "被面談者の同意（{}）がまだありません。同意画面で同意を得てから続けてください。",
                    consent_ja(kind)
                ),
                en: format!("The interviewee has not granted the `{kind}` consent. Ask them to consent first."),
                retry_after: None,
                option: None,
            },
            CoreError::InvalidTransition { from, to } => Self::new(
                S::CONFLICT,
                "invalid_transition",
                format!("面談の状態を「{}」から「{}」へは変更できません。", status_ja(&from), status_ja(&to)),
                format!("An interview cannot go from {from} to {to}."),
            ),
            CoreError::Conflict(why) => Self::new(
                S::CONFLICT,
                "conflict",
                // The reason is in English for the log and API clients; the screen says what to do.
                "他の操作と競合しました。再読み込みしてからやり直してください。",
                format!("Conflict: {why}."),
            ),
            // Issue 14 item 8: what uses the record and what to do instead (edit, cancel, duplicate).
            CoreError::InUse { message } => Self::new(S::CONFLICT, "in_use", message.ja, message.en),
            CoreError::NotSetUp { what } => not_set_up(what),
            CoreError::CallClosed { message } => Self::new(S::CONFLICT, "call_closed", message.ja, message.en),
            CoreError::TooLarge { size, limit } => Self::new(
                S::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("ファイルが大きすぎます（{size} バイト）。上限は {limit} バイトです。"),
                format!("The file is {size} bytes; the limit is {limit} bytes."),
            ),
            CoreError::UnsupportedMediaType(ct) => Self::new(
                S::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!("この形式（{ct}）は受け付けられません。WebM、MP4、MP3、WAV を使ってください。"),
                format!("{ct} is not accepted; use WebM, MP4, MP3 or WAV."),
            ),
            CoreError::Backend(why) => {
                tracing::error!(error = %why, "backend failure");
                Self::new(
                    S::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "一時的な障害です。しばらくしてからもう一度お試しください。",
                    "A temporary failure occurred. Please try again shortly.",
                )
            }
        }
    }
}

/// A refused sign-in, in fixed words per reason.
fn sign_in_refused(why: SignInRefusal) -> ApiError {
    let unauthorized = |kind, ja, en| ApiError::new(StatusCode::UNAUTHORIZED, kind, ja, en);
    match why {
        SignInRefusal::WrongCredentials => unauthorized(
            "wrong_credentials",
            "メールアドレスまたはパスワードが違います。",
            "The e-mail address or password is wrong.",
        ),
        SignInRefusal::AccountDisabled => unauthorized(
            "account_disabled",
            "このアカウントは無効になっています。管理者にお問い合わせください。",
            "This account is disabled. Ask your administrator.",
        ),
        SignInRefusal::TemporaryPasswordExpired => unauthorized(
            "temporary_password_expired",
            "仮パスワードの有効期限（7 日間）が切れています。管理者に新しい招待（仮パスワードの再発行）を依頼してください。",
            "The temporary password has expired (it is valid for 7 days). Ask your administrator for a new invitation.",
        ),
        SignInRefusal::WrongCode => unauthorized(
            "wrong_code",
            "確認コードが違うか、期限が切れています。認証アプリに表示されている最新の 6 桁を入力してください。",
            "The code is wrong or has expired. Enter the current 6 digits your authenticator app shows.",
        ),
        SignInRefusal::ChallengeExpired => unauthorized(
            "sign_in_expired",
            "このサインインは期限切れか、すでに使われています。もう一度サインインしてください。",
            "This sign-in has expired or was already used. Please sign in again.",
        ),
        SignInRefusal::TooManyAttempts { retry_after_secs } => {
            let mut error = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                format!("サインインの試行が多すぎます。{retry_after_secs} 秒後にもう一度お試しください。"),
                format!("Too many sign-in attempts. Try again in {retry_after_secs} seconds."),
            );
            error.retry_after = Some(retry_after_secs);
            error
        }
    }
}

/// 409 with a type per missing setting, so the UI can lead the user to where it is set.
fn not_set_up(what: &'static str) -> ApiError {
    let (kind, ja, en) = match what {
        "report items" => (
            "report_items_missing",
            "帳票の項目がまだ設定されていません。管理者が帳票項目を設定してから作成してください。",
            "No report items are set yet. An administrator must set them (PUT reports/items) first.",
        ),
        "video calls" => (
            "calls_not_set_up",
            "この環境ではビデオ通話をまだ利用できません。運用担当者に依頼してください。",
            "Video calls are not set up on this installation. Ask its operators.",
        ),
        "the server's copy of calls" => (
            "call_copy_not_kept",
            "この面談の通話はサーバー側で録画しません（テナントの設定、録画への同意、またはこの環境による）。",
            "The server keeps no copy of this call (the tenant's setting, the recording consent, or this installation).",
        ),
        _ => (
            "not_set_up",
            "必要な設定がまだありません。管理者に依頼してください。",
            "A required setting is missing. Ask an administrator.",
        ),
    };
    ApiError::new(StatusCode::CONFLICT, kind, ja, en)
}

fn entity_ja(entity: &str) -> &'static str {
    match entity {
        "user" => "ユーザー",
        "interview" => "面談",
        "evaluation item" => "評価項目",
        "question set" => "質問セット",
        "recording" => "録画",
        "rating" => "評価",
        "tenant" => "テナント",
        "report" => "帳票",
        _ => "データ",
    }
}

fn role_ja(role: &str) -> &'static str {
    role.parse::<mendan_core::domain::Role>().map_or("この役割", |r| r.label_ja())
}

fn status_ja(status: &str) -> &'static str {
    match status {
        "scheduled" => "予定",
        "in_progress" => "実施中",
        "recorded" => "録画済み",
        "analysed" => "分析済み",
        "rated" => "評価済み",
        "cancelled" => "中止",
        _ => "不明",
    }
}

fn consent_ja(kind: mendan_core::domain::consent::ConsentKind) -> &'static str {
    use mendan_core::domain::consent::ConsentKind::*;
    match kind {
        Recording => "録画",
        AiEvaluation => "AI による評価",
        TrainingUse => "学習データとしての利用",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let detail = match Lang::current() {
            Lang::Ja => self.ja,
            Lang::En => self.en,
        };
        let problem = Problem {
            kind: self.kind.to_owned(),
            title: self.status.canonical_reason().unwrap_or("Error").to_owned(),
            status: self.status.as_u16(),
            detail,
            field: self.field,
            option: self.option.map(str::to_owned),
        };
        let mut response = (self.status, axum::Json(problem)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "ページが見つかりません。URL を確認してください。",
        "No such route. Check the address.",
    )
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "この URL ではその操作はできません。",
        "This route does not take that method.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use mendan_core::domain::consent::ConsentKind;

    /// Issue 14 item 4: what a Japanese screen shows holds no English words (the names of file
    /// formats aside), whatever English the error carries for the log.
    #[test]
    fn japanese_words_carry_no_english() {
        let errors = [
            CoreError::invalid("display_name", "表示名は 1〜100 文字で入力してください。", "Enter a name."),
            CoreError::EmailTaken,
            CoreError::NotFound { entity: "interview" },
            CoreError::Unauthenticated("jwt: ExpiredSignature".into()),
            CoreError::SignInRefused(SignInRefusal::WrongCredentials),
            CoreError::Forbidden { role: "interviewee".into(), action: "disable users" },
            CoreError::ConsentMissing { kind: ConsentKind::AiEvaluation },
            CoreError::InvalidTransition { from: "rated".into(), to: "scheduled".into() },
            CoreError::Conflict("the item was changed by someone else".into()),
            CoreError::in_use("この評価項目は 3 件の面談の評価で使われています。", "Used by 3 interviews."),
            CoreError::TooLarge { size: 10, limit: 5 },
            CoreError::OutsideServiceHours,
            CoreError::OptionNotContracted(mendan_core::domain::tenant::ContractOption::VideoAnalysis),
            CoreError::TenantSuspended,
            CoreError::MfaSetupRequired,
            CoreError::CallClosed {
                message: mendan_core::Words::new("通話は開始予定の 15 分前から参加できます。", "Opens soon."),
            },
            CoreError::TranscriptionUnavailable,
            CoreError::Backend("dynamodb: throttled".into()),
        ];
        let allowed = ["WebM", "MP4", "MP3", "WAV", "AWS", "Amazon", "Transcribe", "Teams", "Zoom", "VTT", "AI", "URL"];
        for error in errors {
            let problem = ApiError::from(error);
            let mut rest = problem.ja.clone();
            for word in allowed {
                rest = rest.replace(word, "");
            }
            assert!(!rest.chars().any(|c| c.is_ascii_alphabetic()), "{} says {:?}", problem.kind, problem.ja);
            assert!(!problem.en.is_empty());
        }
    }
}
