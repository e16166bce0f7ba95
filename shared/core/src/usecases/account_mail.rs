//! Getting into an account by mail: the invitation (with a link to set the first password), the
//! 「パスワードをお忘れの方」 request on the sign-in page (a link to set a new one), and setting
//! the password from either link. Links work once, for 7 days (invitation) or 1 hour (reset).

use std::net::IpAddr;

use super::interview_mail::SiteUrl;
use super::mail_delivery::{send_once, tenant_of};
use super::{password_refused, sessions, sign_in_throttle};
use crate::domain::japan_time::{moment_en, moment_ja};
use crate::domain::mail::{Block, Letter, MailKind};
use crate::domain::password::check_new_password;
use crate::domain::password_link::{LinkPurpose, LinkToken, PasswordLink};
use crate::domain::tenant::Tenant;
use crate::domain::user::User;
use crate::domain::{Email, TenantSlug};
use crate::events::{DomainEvent, HandlerError, PasswordResetRequested, UserInvited};
use crate::ports::PortError;
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

/// Asks for a reset link: always answers the same (`Ok`), whether or not the address has an
/// account, and the lookup happens in the email function. Counted like a sign-in attempt (per
/// account and per client address), so it cannot be used to flood a mailbox.
pub async fn request_reset(ports: &Ports, tenant: &str, email: &str, client: Option<IpAddr>) -> CoreResult<()> {
    let _counted = sign_in_throttle::reserve(ports, tenant, email, client).await?;
    let (Ok(tenant), Ok(email)) = (TenantSlug::parse(tenant), Email::parse(email)) else {
        return Ok(()); // no account can have it
    };
    let event = PasswordResetRequested { tenant, email, notice_id: ports.ids.new_id() };
    Ok(ports.events.publish(event.to_event()).await?)
}

fn unusable_link() -> CoreError {
    CoreError::invalid(
        "token",
        "このリンクは使えません。有効期限が切れたか、すでに使われています。サインイン画面の「パスワードをお忘れの方」から新しいリンクを受け取ってください。",
        "This link cannot be used: it has expired or was used already. Ask for a new one with \"Forgot your password?\" on the sign-in page.",
    )
}

/// Sets the password of the link's account: the link is spent first (a conditional write, so two
/// tabs cannot both use it), every session of the account ends, and the person signs in anew.
pub async fn set_password(ports: &Ports, tenant: &str, token: &str, password: &str) -> CoreResult<()> {
    let tenant = TenantSlug::parse(tenant).map_err(|_| unusable_link())?;
    let token = LinkToken::parse(token).ok_or_else(unusable_link)?;
    check_new_password("password", password)?;
    let store = TenantStore::new(ports.items.as_ref(), &tenant);
    let now = ports.clock.now();
    let found = store.find::<PasswordLink>(&keys::password_link(&token.secret_hash())).await?;
    let found = found.filter(|l| l.value.usable(now)).ok_or_else(unusable_link)?;
    let user = store.find::<User>(&keys::user(found.value.user_id)).await?;
    let user = user.filter(|u| !u.value.disabled).ok_or_else(unusable_link)?.value;
    let spent = PasswordLink { used_at: Some(now), ..found.value.clone() };
    store.update(&spent, found.version).await.map_err(|e| match e {
        CoreError::Conflict(_) => unusable_link(),
        other => other,
    })?;
    if let Err(refused) = ports.identity.set_password(&tenant, user.id, password).await {
        // The link is given back, so the person can try another password with it.
        if let Err(error) = store.update(&found.value, found.version + 1).await {
            tracing::warn!(user_id = %user.id, %error, "could not give a password link back");
        }
        return Err(match refused {
            PortError::Invalid(why) => password_refused("password", why),
            other => other.into(),
        });
    }
    sessions::end_all(ports, &tenant, user.id).await?;
    tracing::info!(user_id = %user.id, purpose = ?found.value.purpose, "password set from a mailed link");
    Ok(())
}

/// Stores a new link for `user` and answers its token (only ever put into the mail).
async fn issue(ports: &Ports, store: &TenantStore<'_>, user: &User, purpose: LinkPurpose) -> CoreResult<LinkToken> {
    let token = LinkToken::generate();
    let now = ports.clock.now();
    let link = PasswordLink {
        secret_hash: token.secret_hash(),
        user_id: user.id,
        purpose,
        created_at: now,
        expires_at: now + purpose.lifetime(),
        used_at: None,
    };
    store.create(&link).await?;
    Ok(token)
}

/// The email function's handling of `UserInvited`: one invitation per notice.
pub async fn on_user_invited(ports: &Ports, site: &SiteUrl, event: &UserInvited) -> Result<u32, HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let tenant = tenant_of(&store, &event.tenant).await?;
    let Some(user) = store.find::<User>(&keys::user(event.user_id)).await?.map(|u| u.value).filter(|u| !u.disabled)
    else {
        return Ok(0);
    };
    if already_mailed(&store, &event.notice_id, &user).await? {
        return Ok(0);
    }
    let link = if event.password_chosen {
        None
    } else {
        let token = issue(ports, &store, &user, LinkPurpose::Invitation).await?;
        Some((site.password_page(&tenant.slug, &token), ports.clock.now() + LinkPurpose::Invitation.lifetime()))
    };
    let letter = invitation(&tenant, site, &user, link);
    Ok(u32::from(send_once(ports, &store, &tenant, &event.notice_id.to_string(), &user, &letter).await?))
}

/// The email function's handling of `PasswordResetRequested`: a link to the address's active
/// account, and no mail at all for an address without one.
pub async fn on_reset_requested(
    ports: &Ports,
    site: &SiteUrl,
    event: &PasswordResetRequested,
) -> Result<u32, HandlerError> {
    let store = TenantStore::new(ports.items.as_ref(), &event.tenant);
    let Some(tenant) = store.find::<Tenant>(keys::TENANT).await?.map(|t| t.value) else { return Ok(0) };
    let index = store.raw_get(&keys::email(&event.email)).await?;
    let user_id = index.and_then(|b| b["user_id"].as_str().and_then(|id| crate::domain::UserId::parse(id).ok()));
    let user = match user_id {
        Some(id) => store.find::<User>(&keys::user(id)).await?.map(|u| u.value).filter(|u| !u.disabled),
        None => None,
    };
    let Some(user) = user else { return Ok(0) };
    if already_mailed(&store, &event.notice_id, &user).await? {
        return Ok(0);
    }
    let token = issue(ports, &store, &user, LinkPurpose::Reset).await?;
    let until = ports.clock.now() + LinkPurpose::Reset.lifetime();
    let letter = reset(&tenant, &user, &site.password_page(&tenant.slug, &token), until);
    Ok(u32::from(send_once(ports, &store, &tenant, &event.notice_id.to_string(), &user, &letter).await?))
}

/// Checked before a link is made, so a redelivery does not leave a second live link behind.
async fn already_mailed(store: &TenantStore<'_>, notice: &uuid::Uuid, user: &User) -> CoreResult<bool> {
    Ok(store.raw_get(&keys::processed("mail", &format!("{notice}#{}", user.id))).await?.is_some())
}

const NOT_YOU_JA: &str = "お心当たりのない場合は、このメールを破棄してください。";
const NOT_YOU_EN: &str = "If this was not you, please ignore this mail.";

fn invitation(
    tenant: &Tenant,
    site: &SiteUrl,
    user: &User,
    link: Option<(String, chrono::DateTime<chrono::Utc>)>,
) -> Letter {
    let company = &tenant.name;
    let facts_ja = vec![
        ("サインインのページ".to_owned(), site.tenant_page(&tenant.slug, "")),
        ("ユーザー名（メールアドレス）".to_owned(), user.email.to_string()),
        ("役割".to_owned(), user.role.label_ja().to_owned()),
    ];
    let facts_en = vec![
        ("Sign-in page".to_owned(), site.tenant_page(&tenant.slug, "")),
        ("User name (e-mail address)".to_owned(), user.email.to_string()),
        ("Role".to_owned(), user.role.as_str().to_owned()),
    ];
    let mut japanese = vec![
        Block::Paragraph(format!("{} 様", user.display_name)),
        Block::Paragraph(format!("{company}の面談支援サービス「Mendan」にご招待します。")),
        Block::Facts(facts_ja),
    ];
    let mut english = vec![
        Block::Paragraph(format!("Dear {},", user.display_name)),
        Block::Paragraph(format!("{company} invites you to Mendan, its interview service.")),
        Block::Facts(facts_en),
    ];
    match link {
        Some((url, until)) => {
            japanese.push(Block::Link {
                label: format!(
                    "下記のリンクからパスワードを設定してください（{}まで有効、1 回限り）。",
                    moment_ja(until)
                ),
                url: url.clone(),
            });
            english.push(Block::Link {
                label: format!("Set your password here (once, until {}):", moment_en(until)),
                url,
            });
        }
        None => {
            japanese.push(Block::Paragraph("パスワードは管理者からお知らせします。".into()));
            english.push(Block::Paragraph("Your administrator will tell you your password.".into()));
        }
    }
    japanese.push(Block::Paragraph(NOT_YOU_JA.into()));
    english.push(Block::Paragraph(NOT_YOU_EN.into()));
    Letter {
        kind: MailKind::Invitation,
        to: user.email.clone(),
        to_name: user.display_name.clone(),
        from_name: company.clone(),
        subject: format!("【{company}】Mendan へのご招待"),
        subject_en: format!("[{company}] You are invited to Mendan"),
        japanese,
        english,
        calendar: None,
    }
}

fn reset(tenant: &Tenant, user: &User, url: &str, until: chrono::DateTime<chrono::Utc>) -> Letter {
    let company = &tenant.name;
    Letter {
        kind: MailKind::PasswordReset,
        to: user.email.clone(),
        to_name: user.display_name.clone(),
        from_name: company.clone(),
        subject: format!("【{company}】パスワード再設定のご案内"),
        subject_en: format!("[{company}] Set a new password"),
        japanese: vec![
            Block::Paragraph(format!("{} 様", user.display_name)),
            Block::Paragraph("パスワードの再設定を受け付けました。".into()),
            Block::Link {
                label: format!(
                    "下記のリンクから新しいパスワードを設定してください（{}まで有効、1 回限り）。",
                    moment_ja(until)
                ),
                url: url.to_owned(),
            },
            Block::Paragraph(format!("{NOT_YOU_JA}パスワードは変わりません。")),
        ],
        english: vec![
            Block::Paragraph(format!("Dear {},", user.display_name)),
            Block::Paragraph("We received a request to set a new password for your account.".into()),
            Block::Link {
                label: format!("Set a new password here (once, until {}):", moment_en(until)),
                url: url.to_owned(),
            },
            Block::Paragraph(format!("{NOT_YOU_EN} Your password stays as it is.")),
        ],
        calendar: None,
    }
}
