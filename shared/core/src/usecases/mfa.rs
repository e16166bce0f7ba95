//! Sign-in with a code from an authenticator app (issue 20 item 6): a person sets it up on their account page
//! (the secret as a QR code, confirmed with a first code), then every sign-in asks for the current code; they may
//! turn it off, and an admin may for someone who lost their phone. The identity keeps the secret; the store keeps
//! only whether it is on, for the pages and the audit.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::entry_write;
use super::sessions::newest_renewal;
use super::store;
use crate::auth::Principal;
use crate::domain::audit::AuditAction;
use crate::domain::tenant::Tenant;
use crate::domain::totp::provisioning_uri;
use crate::domain::user::User;
use crate::domain::{Role, UserId};
use crate::ports::PortError;
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

/// Whether the account signs in with a code too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MfaState {
    pub user_id: UserId,
    pub enabled_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MfaView {
    pub enabled: bool,
    pub enabled_at: Option<DateTime<Utc>>,
    /// The tenant requires it of this person (an admin or expert where the rule is on): it cannot be turned off,
    /// and without it only the account page answers.
    pub required: bool,
}

impl MfaView {
    async fn of(store: &TenantStore<'_>, user: &User, state: Option<&MfaState>) -> CoreResult<Self> {
        let tenant = store.get::<Tenant>(keys::TENANT).await?.value;
        Ok(MfaView {
            enabled: state.is_some(),
            enabled_at: state.map(|s| s.enabled_at),
            required: tenant.staff_mfa_required && covers(user.role),
        })
    }
}

/// What the app needs: the secret (for typing in) and the `otpauth://` address (for the QR code).
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpSetup {
    pub secret: String,
    pub uri: String,
}

pub async fn state(ports: &Ports, principal: &Principal) -> CoreResult<MfaView> {
    let store = store(ports, principal);
    let found = store.find::<MfaState>(&keys::mfa(principal.id())).await?;
    MfaView::of(&store, &principal.user, found.map(|f| f.value).as_ref()).await
}

/// Starts the set-up for the caller.
pub async fn begin(ports: &Ports, principal: &Principal) -> CoreResult<TotpSetup> {
    let renewal = newest_renewal(ports, &principal.tenant, principal.id()).await?;
    let secret = ports.identity.begin_totp(&principal.tenant, principal.id(), renewal.as_deref()).await?;
    let tenant = store(ports, principal).get::<Tenant>(keys::TENANT).await?.value;
    let uri = provisioning_uri(&secret, &format!("Mendan {}", tenant.name), principal.user.email.as_str());
    Ok(TotpSetup { secret, uri })
}

/// Confirms the set-up with the app's current code; sign-in asks for a code from now on.
pub async fn confirm(ports: &Ports, principal: &Principal, code: &str) -> CoreResult<MfaView> {
    let renewal = newest_renewal(ports, &principal.tenant, principal.id()).await?;
    let confirmed = ports.identity.confirm_totp(&principal.tenant, principal.id(), renewal.as_deref(), code).await;
    confirmed.map_err(|e| match e {
        PortError::Invalid(_) | PortError::Unauthenticated(_) => CoreError::invalid(
            "code",
            "確認コードが違います。認証アプリに表示されている最新の 6 桁を入力してください。",
            "The code does not match. Enter the current 6 digits your authenticator app shows.",
        ),
        other => other.into(),
    })?;
    let enabled = MfaState { user_id: principal.id(), enabled_at: ports.clock.now() };
    let store = store(ports, principal);
    store.replace(&enabled).await?;
    MfaView::of(&store, &principal.user, Some(&enabled)).await
}

/// The caller turns the code off for their own sign-in, unless the tenant requires it of them.
pub async fn turn_off(ports: &Ports, principal: &Principal) -> CoreResult<MfaView> {
    let store = store(ports, principal);
    let tenant = store.get::<Tenant>(keys::TENANT).await?.value;
    if tenant.staff_mfa_required && covers(principal.role()) {
        return Err(CoreError::invalid(
            "mfa",
            "このテナントでは管理者と熟練面談者の 2 段階認証が必須のため、解除できません。スマートフォンを替えるときは、管理者にリセットを依頼して設定し直してください。",
            "This tenant requires it of administrators and experts, so it cannot be turned off. To move to a new phone, ask an administrator to reset it and set it up again.",
        ));
    }
    ports.identity.turn_off_totp(&principal.tenant, principal.id()).await?;
    store.remove(&keys::mfa(principal.id()), None).await?;
    MfaView::of(&store, &principal.user, None).await
}

/// An admin turns someone's code off (a lost phone); recorded in the activity log.
pub async fn reset(ports: &Ports, principal: &Principal, person: UserId) -> CoreResult<MfaView> {
    principal.require(&[Role::Admin], "turn off someone's sign-in code")?;
    let store = store(ports, principal);
    let user = store.get::<User>(&keys::user(person)).await?.value;
    ports.identity.turn_off_totp(&principal.tenant, person).await?;
    let (entry, _) = entry_write(ports, &store, principal, AuditAction::MfaReset, &user, (None, None))?;
    store.commit(vec![entry]).await?;
    store.remove(&keys::mfa(person), None).await?;
    MfaView::of(&store, &user, None).await
}

/// The tenant's rule for staff sign-in, with how many it would send to set up an app first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MfaPolicy {
    /// Admins and experts must sign in with an authenticator app.
    pub staff_mfa_required: bool,
    /// Admins and experts (not disabled) who have not set one up: while the rule holds they reach only their
    /// account page, where they set it up.
    pub staff_without_mfa: u64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MfaPolicyInput {
    pub staff_mfa_required: bool,
}

/// Who the tenant's rule covers: the people who see every interview and shape the model.
pub fn covers(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Expert)
}

/// Whether `user` may do nothing but set up their app (the tenant requires one of them and they have none).
pub async fn must_set_up(store: &TenantStore<'_>, tenant: &Tenant, user: &User) -> CoreResult<bool> {
    if !tenant.staff_mfa_required || !covers(user.role) {
        return Ok(false);
    }
    Ok(store.find::<MfaState>(&keys::mfa(user.id)).await?.is_none())
}

pub async fn policy(ports: &Ports, principal: &Principal) -> CoreResult<MfaPolicy> {
    principal.require(&[Role::Admin], "read the sign-in rules")?;
    let store = store(ports, principal);
    let tenant = store.get::<Tenant>(keys::TENANT).await?.value;
    policy_of(&store, &tenant).await
}

async fn policy_of(store: &TenantStore<'_>, tenant: &Tenant) -> CoreResult<MfaPolicy> {
    let with_app: HashSet<UserId> = store.list::<MfaState>("MFA#").await?.into_iter().map(|m| m.user_id).collect();
    let staff_without_mfa = store
        .list::<User>(keys::USER_PREFIX)
        .await?
        .into_iter()
        .filter(|u| covers(u.role) && !u.disabled && !with_app.contains(&u.id))
        .count() as u64;
    Ok(MfaPolicy { staff_mfa_required: tenant.staff_mfa_required, staff_without_mfa })
}

/// An admin sets the rule; turning it on needs their own app first (or they would shut themselves out), and the
/// change is in the activity log.
pub async fn set_policy(ports: &Ports, principal: &Principal, input: MfaPolicyInput) -> CoreResult<MfaPolicy> {
    principal.require(&[Role::Admin], "change the sign-in rules")?;
    let store = store(ports, principal);
    if input.staff_mfa_required && store.find::<MfaState>(&keys::mfa(principal.id())).await?.is_none() {
        return Err(CoreError::invalid(
            "staff_mfa_required",
            "先にご自身の 2 段階認証（認証アプリ）を設定してください。設定しないまま必須にすると、ご自身も設定画面しか使えなくなります。",
            "Set up your own authenticator app first: otherwise the rule would keep you to the set-up page too.",
        ));
    }
    let current = store.get::<Tenant>(keys::TENANT).await?;
    if current.value.staff_mfa_required == input.staff_mfa_required {
        return policy_of(&store, &current.value).await;
    }
    let word = |required: bool| if required { "required" } else { "optional" }.to_owned();
    let change = (Some(word(current.value.staff_mfa_required)), Some(word(input.staff_mfa_required)));
    let updated = Tenant { staff_mfa_required: input.staff_mfa_required, ..current.value };
    let (entry, _) = entry_write(ports, &store, principal, AuditAction::MfaPolicyChanged, &principal.user, change)?;
    store.commit(vec![store.update_write(&updated, current.version)?, entry]).await?;
    tracing::info!(required = updated.staff_mfa_required, "the staff sign-in rule changed");
    policy_of(&store, &updated).await
}
