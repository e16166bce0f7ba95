//! The tenant's consent texts (issue 14 item 11): everyone signed in reads the current version (the candidate is
//! shown it and records its id with each decision), an admin saves a new version, and every version stays readable.

use super::store;
use crate::auth::Principal;
use crate::domain::Role;
use crate::domain::consent_text::{ConsentTexts, ConsentTextsInput, ConsentWording, DEFAULT_VERSION};
use crate::domain::tenant::Tenant;
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

const MAX_NAME: usize = 200;
const MAX_URL: usize = 500;
const MAX_TEXT: usize = 2000;
/// Versions a tenant may save: a bound on what one tenant can store, far above any real use.
const MAX_VERSIONS: u32 = 10_000;

pub async fn current(ports: &Ports, principal: &Principal) -> CoreResult<ConsentTexts> {
    principal.require(&Role::ALL, "read the consent texts")?;
    let store = store(ports, principal);
    match newest(&store).await? {
        Some(saved) => Ok(saved),
        None => default_texts(&store).await,
    }
}

/// A version by its id ("1", "2", … or the default's id), e.g. the one a recorded consent names.
pub async fn version(ports: &Ports, principal: &Principal, version: &str) -> CoreResult<ConsentTexts> {
    principal.require(&Role::ALL, "read the consent texts")?;
    let store = store(ports, principal);
    if version == DEFAULT_VERSION {
        return default_texts(&store).await;
    }
    let number = parse_version(version).ok_or(CoreError::NotFound { entity: "consent texts" })?;
    Ok(store.get::<ConsentTexts>(&keys::consent_text(number)).await?.value)
}

/// Saves the texts as the next version. Two admins saving at once both write "next": one wins, the other gets a
/// conflict and reloads (the write is conditional on the version being new).
pub async fn save(ports: &Ports, principal: &Principal, input: ConsentTextsInput) -> CoreResult<ConsentTexts> {
    principal.require(&[Role::Admin], "change the consent texts")?;
    let texts = validated(input)?;
    let store = store(ports, principal);
    let next = newest(&store).await?.and_then(|s| parse_version(&s.version)).unwrap_or(0) + 1;
    if next > MAX_VERSIONS {
        return Err(CoreError::invalid(
            "version",
            format!("同意文は {MAX_VERSIONS} 版までです。"),
            format!("At most {MAX_VERSIONS} versions."),
        ));
    }
    let saved = ConsentTexts {
        version: next.to_string(),
        saved_at: Some(ports.clock.now()),
        saved_by: Some(principal.user.id),
        texts,
    };
    store.create(&saved).await?;
    Ok(saved)
}

async fn newest(store: &TenantStore<'_>) -> CoreResult<Option<ConsentTexts>> {
    Ok(store.list_newest::<ConsentTexts>(keys::CONSENT_TEXT_PREFIX, None, 1).await?.into_iter().next())
}

async fn default_texts(store: &TenantStore<'_>) -> CoreResult<ConsentTexts> {
    let operator = store.find::<Tenant>(keys::TENANT).await?.map(|t| t.value.name).unwrap_or_default();
    Ok(ConsentTexts {
        version: DEFAULT_VERSION.to_owned(),
        saved_at: None,
        saved_by: None,
        texts: ConsentTextsInput::default_for(&operator),
    })
}

fn parse_version(version: &str) -> Option<u32> {
    version.parse::<u32>().ok().filter(|n| (1..=MAX_VERSIONS).contains(n) && n.to_string() == version)
}

fn validated(input: ConsentTextsInput) -> CoreResult<ConsentTextsInput> {
    let contact = plain("contact", &input.contact, MAX_URL)?;
    if !(is_email(&contact) || is_https(&contact)) {
        return Err(CoreError::invalid(
            "contact",
            "お問い合わせ先は、メールアドレスか https:// で始まるページの URL にしてください。",
            "Give an e-mail address or a page starting with https://.",
        ));
    }
    let privacy_policy_url = match input.privacy_policy_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        None => None,
        Some(url) => {
            let url = plain("privacy_policy_url", url, MAX_URL)?;
            if !is_https(&url) {
                return Err(CoreError::invalid(
                    "privacy_policy_url",
                    "プライバシーポリシーは https:// で始まる URL にしてください。",
                    "The privacy policy must be a URL starting with https://.",
                ));
            }
            Some(url)
        }
    };
    Ok(ConsentTextsInput {
        operator: plain("operator", &input.operator, MAX_NAME)?,
        contact,
        privacy_policy_url,
        ja: wording("ja", input.ja)?,
        en: wording("en", input.en)?,
    })
}

fn wording(lang: &str, w: ConsentWording) -> CoreResult<ConsentWording> {
    let text = |name: &str, value: &str| plain(&format!("{lang}.{name}"), value, MAX_TEXT);
    Ok(ConsentWording {
        recording: text("recording", &w.recording)?,
        ai_evaluation: text("ai_evaluation", &w.ai_evaluation)?,
        training_use: text("training_use", &w.training_use)?,
        purpose: text("purpose", &w.purpose)?,
        processors: text("processors", &w.processors)?,
        retention: text("retention", &w.retention)?,
        withdrawal: text("withdrawal", &w.withdrawal)?,
    })
}

/// Trimmed plain text: not empty, at most `max` characters, no markup (it is shown as text, never as HTML) and no
/// control characters but line breaks.
pub(crate) fn plain(field: &str, value: &str, max: usize) -> CoreResult<String> {
    let text = super::bounded_text(field, value, max)?;
    if text.is_empty() {
        return Err(CoreError::invalid(field, "入力してください。", "Required."));
    }
    if text.contains(['<', '>']) || text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(CoreError::invalid(
            field,
            "文章だけを入力してください（< と > や HTML は使えません）。",
            "Plain text only: no < or > (no HTML).",
        ));
    }
    Ok(text)
}

fn is_https(url: &str) -> bool {
    url.strip_prefix("https://")
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .is_some_and(|host| host.contains('.') && !host.contains(char::is_whitespace) && !host.contains('@'))
        && !url.contains(char::is_whitespace)
}

fn is_email(s: &str) -> bool {
    crate::domain::Email::parse(s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_urls_are_links() {
        assert!(is_https("https://example.co.jp/privacy"));
        for bad in [
            "http://example.com",
            "javascript:alert(1)",
            "https://",
            "https://a b.com",
            "https://user@x.com",
            "ftp://x.com",
        ] {
            assert!(!is_https(bad), "{bad}");
        }
    }

    #[test]
    fn markup_and_empty_text_are_refused() {
        assert!(plain("f", "<b>x</b>", 10).is_err());
        assert!(plain("f", "  ", 10).is_err());
        assert!(plain("f", "a\u{7}", 10).is_err());
        assert_eq!(plain("f", " 行1\n行2 ", 10).unwrap(), "行1\n行2");
    }

    #[test]
    fn versions_are_canonical_numbers() {
        assert_eq!(parse_version("3"), Some(3));
        for bad in ["0", "03", "-1", "x", "10001"] {
            assert_eq!(parse_version(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_default_texts_are_valid_and_honest() {
        let mut texts = ConsentTextsInput::default_for("株式会社テスト");
        texts.contact = "hr@example.com".into();
        let texts = validated(texts).unwrap();
        assert!(texts.ja.ai_evaluation.contains("表情"));
        assert!(!texts.ja.recording.contains("評価のためだけに"));
        assert!(!texts.ja.recording.contains("あなたの組織"));
        assert!(texts.en.ai_evaluation.contains("facial expressions"));
    }
}
