//! The one error type of the domain. The API maps each variant to an HTTP problem; event handlers
//! map it to retryable (backend trouble) or not (bad input).

use crate::domain::consent::ConsentKind;
use crate::ports::PortError;

pub type CoreResult<T> = Result<T, CoreError>;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// A value did not parse or is out of range; `field` names the input the user must fix, and
    /// `message` says how, in the user's language.
    #[error("invalid {field}: {}", message.en)]
    Invalid { field: String, message: Words },
    /// An account with this e-mail address exists already in the tenant.
    #[error("a user with this e-mail address already exists")]
    EmailTaken,
    /// Nothing with that id exists in the caller's tenant (also used for other tenants' ids).
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    /// The token is missing or invalid. The reason is for the server's log only: it may quote a
    /// library's words, which never reach the user.
    #[error("not signed in or the token is invalid: {0}")]
    Unauthenticated(String),
    /// Sign-in with a password was refused, for a reason the user can act on.
    #[error("sign-in refused: {0:?}")]
    SignInRefused(SignInRefusal),
    #[error("the role {role} may not {action}")]
    Forbidden { role: String, action: &'static str },
    #[error("consent `{kind}` has not been granted")]
    ConsentMissing { kind: ConsentKind },
    #[error("cannot change status from {from} to {to}")]
    InvalidTransition { from: String, to: String },
    #[error("conflict: {0}")]
    Conflict(String),
    /// Other records use this one, so the change or deletion would break them; `message` says what
    /// uses it and what to do instead, in the user's language.
    #[error("in use: {}", message.en)]
    InUse { message: Words },
    /// Something the request relies on has not been set up yet (e.g. the tenant's report items);
    /// the message says who sets it up.
    #[error("{what} are not set up yet")]
    NotSetUp { what: &'static str },
    #[error("{size} bytes is larger than the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("content type {0} is not accepted")]
    UnsupportedMediaType(String),
    /// This installation has no speech recogniser (`mendan serve`): a recording cannot become a
    /// transcript here.
    #[error("this installation cannot transcribe recordings")]
    TranscriptionUnavailable,
    /// The interview's video call cannot be joined now (not face-to-face, over, or outside its
    /// window); `message` says why and what to do.
    #[error("call closed: {}", message.en)]
    CallClosed { message: Words },
    /// The tenant's plan does not serve this feature now (weekdays 9-21 Japan time, not on holidays).
    #[error("outside the tenant's service hours")]
    OutsideServiceHours,
    /// The tenant's contract does not include the option the request needs.
    #[error("the contract does not include the {} option", .0.as_str())]
    OptionNotContracted(crate::domain::tenant::ContractOption),
    /// An operator suspended the tenant: nobody of it may sign in or call the API.
    #[error("the tenant is suspended")]
    TenantSuspended,
    /// The tenant requires admins and experts to sign in with an authenticator app, and the caller has not set one
    /// up: only their account page (where they set it up) answers.
    #[error("set up sign-in with an authenticator app first")]
    MfaSetupRequired,
    #[error("backend error: {0}")]
    Backend(String),
}

/// Why a sign-in was refused. Only `WrongCredentials` and `TooManyAttempts` are ever said before
/// the password was found correct, so none of them reveals whether an account exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInRefusal {
    WrongCredentials,
    /// Said only after a correct password.
    AccountDisabled,
    /// An invitation's temporary password is older than its 7 days (Cognito's rule too); the
    /// admin issues a new one.
    TemporaryPasswordExpired,
    /// The new-password step's session expired, was used, or belongs to someone else.
    ChallengeExpired,
    /// The authenticator app's code is wrong, late or was used already (said only after a correct password).
    WrongCode,
    TooManyAttempts {
        retry_after_secs: u64,
    },
}

/// What a person reads, in both languages the UI speaks (the API answers in the one the request
/// asks for).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Words {
    pub ja: String,
    pub en: String,
}

impl Words {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self { ja: ja.into(), en: en.into() }
    }
}

impl CoreError {
    pub fn invalid(field: impl Into<String>, ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self::Invalid { field: field.into(), message: Words { ja: ja.into(), en: en.into() } }
    }

    pub fn in_use(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self::InUse { message: Words { ja: ja.into(), en: en.into() } }
    }

    /// Only backend trouble is worth retrying; everything else fails the same way again.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Backend(_))
    }
}

impl From<PortError> for CoreError {
    fn from(err: PortError) -> Self {
        match err {
            PortError::ConditionFailed => {
                Self::Conflict("the item was changed by someone else; reload and try again".into())
            }
            PortError::NotFound => Self::NotFound { entity: "object" },
            PortError::Unauthenticated(m) => Self::Unauthenticated(m),
            PortError::AccountDisabled => Self::SignInRefused(SignInRefusal::AccountDisabled),
            PortError::PasswordExpired => Self::SignInRefused(SignInRefusal::TemporaryPasswordExpired),
            PortError::Invalid(m) => Self::invalid("request", "入力内容を受け付けられませんでした。", m),
            PortError::Backend(m) => Self::Backend(m),
        }
    }
}
