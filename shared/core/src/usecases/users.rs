//! Users of a tenant: invitation, listing, role and attribute changes, disabling.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::entry_write;
use super::{sessions, store};
use crate::auth::Principal;
use crate::domain::audit::AuditAction;
use crate::domain::password::check_new_password;
use crate::domain::user::AttributeBasis;
use crate::domain::user::{ProtectedAttributes, User, parse_display_name};
use crate::domain::{Email, Role, UserId};
use crate::events::{DomainEvent, UserInvited};
use crate::ports::{NewAccount, PortError};
use crate::repo::keys::{self, StoredAttributes};
use crate::{CoreError, CoreResult, Ports};

const MANAGE: &[Role] = &[Role::Admin];
/// Interviewers see the directory so they can schedule interviews with people.
const READ: &[Role] = &[Role::Admin, Role::Interviewer];

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Optional initial password (at least 12 characters); without it a temporary one is made.
    pub password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Invitation {
    pub user: User,
    /// Shown once, when the backend made a temporary password that the admin hands over.
    pub temporary_password: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub display_name: Option<String>,
    pub role: Option<Role>,
}

pub async fn invite(ports: &Ports, principal: &Principal, input: NewUser) -> CoreResult<Invitation> {
    principal.require(MANAGE, "invite users")?;
    let email = Email::parse(&input.email)?;
    if let Some(password) = &input.password {
        check_new_password("password", password)?;
    }
    let user = User {
        id: UserId(ports.ids.new_id()),
        email: email.clone(),
        display_name: parse_display_name(&input.display_name)?,
        role: input.role,
        disabled: false,
        created_at: ports.clock.now(),
    };
    let store = store(ports, principal);
    let (audit, audit_key) =
        entry_write(ports, &store, principal, AuditAction::UserInvited, &user, (None, Some(user.role.to_string())))?;
    store
        .commit(vec![
            store.create_write(&user)?,
            store.raw_create_write(keys::email(&email), serde_json::json!({ "user_id": user.id })),
            audit,
        ])
        .await
        .map_err(|e| match e {
            CoreError::Conflict(_) => CoreError::EmailTaken,
            other => other,
        })?;
    // The e-mail index above reserves the address; if the identity refuses the account, both
    // items go again, so the address can be invited again.
    let password_chosen = input.password.is_some();
    let created = ports
        .identity
        .create_account(NewAccount {
            tenant: principal.tenant.clone(),
            user_id: user.id,
            email: email.clone(),
            role: user.role,
            password: input.password,
        })
        .await;
    let temporary_password = match created {
        Ok(temporary) => temporary,
        Err(refused) => {
            if let Err(error) = store.undo_create(vec![keys::user(user.id), keys::email(&email), audit_key]).await {
                tracing::warn!(user_id = %user.id, %error, "could not remove the items of a refused invitation");
            }
            return Err(match refused {
                PortError::ConditionFailed => CoreError::EmailTaken,
                PortError::Invalid(why) => super::password_refused("password", why),
                other => other.into(),
            });
        }
    };
    let mail = UserInvited {
        tenant: principal.tenant.clone(),
        user_id: user.id,
        notice_id: ports.ids.new_id(),
        password_chosen,
    };
    // The account exists now: a lost invitation mail must not turn this into an error the admin
    // would retry (the address is taken); they still have the temporary password to hand over.
    if let Err(error) = ports.events.publish(mail.to_event()).await {
        tracing::warn!(user_id = %user.id, %error, "the invitation mail could not be requested");
    }
    tracing::info!(user_id = %user.id, role = %user.role, "user invited");
    Ok(Invitation { user, temporary_password })
}

pub async fn list(ports: &Ports, principal: &Principal, role: Option<Role>) -> CoreResult<Vec<User>> {
    principal.require(READ, "list users")?;
    let users = store(ports, principal).list::<User>(keys::USER_PREFIX).await?;
    Ok(users.into_iter().filter(|u| role.is_none_or(|r| u.role == r)).collect())
}

pub async fn get(ports: &Ports, principal: &Principal, id: UserId) -> CoreResult<User> {
    if id != principal.id() {
        principal.require(READ, "read other users")?;
    }
    Ok(store(ports, principal).get::<User>(&keys::user(id)).await?.value)
}

pub async fn update(ports: &Ports, principal: &Principal, id: UserId, patch: UserPatch) -> CoreResult<User> {
    principal.require(MANAGE, "change users")?;
    let store = store(ports, principal);
    let current = store.get::<User>(&keys::user(id)).await?;
    let before = &current.value;
    let mut user = before.clone();
    if let Some(name) = &patch.display_name {
        user.display_name = parse_display_name(name)?;
    }
    if let Some(role) = patch.role {
        if id == principal.id() && role != Role::Admin {
            return Err(CoreError::invalid(
                "role",
                "自分の管理者権限は外せません。ほかの管理者に依頼してください。",
                "You cannot remove your own admin role; ask another admin.",
            ));
        }
        user.role = role;
    }
    if user == *before {
        return Ok(user); // nothing changes, so nothing is recorded
    }
    let mut writes = vec![store.update_write(&user, current.version)?];
    if user.display_name != before.display_name {
        let names = (Some(before.display_name.clone()), Some(user.display_name.clone()));
        writes.push(entry_write(ports, &store, principal, AuditAction::DisplayNameChanged, before, names)?.0);
    }
    if user.role != before.role {
        let roles = (Some(before.role.to_string()), Some(user.role.to_string()));
        writes.push(entry_write(ports, &store, principal, AuditAction::RoleChanged, &user, roles)?.0);
    }
    store.commit(writes).await?;
    if user.role != current.value.role {
        ports.identity.set_role(&principal.tenant, id, user.role).await?;
    }
    Ok(user)
}

pub async fn disable(ports: &Ports, principal: &Principal, id: UserId) -> CoreResult<User> {
    principal.require(MANAGE, "disable users")?;
    if id == principal.id() {
        return Err(CoreError::invalid(
            "user_id",
            "自分のアカウントは無効にできません。",
            "You cannot disable your own account.",
        ));
    }
    let store = store(ports, principal);
    let current = store.get::<User>(&keys::user(id)).await?;
    let mut user = current.value;
    if !user.disabled {
        user.disabled = true;
        let (audit, _) = entry_write(ports, &store, principal, AuditAction::UserDisabled, &user, (None, None))?;
        store.commit(vec![store.update_write(&user, current.version)?, audit]).await?;
        ports.identity.disable(&principal.tenant, id).await?;
    }
    // Also when already disabled: a retry after a failure here still ends the sessions.
    sessions::end_all(ports, &principal.tenant, id).await?;
    Ok(user)
}

/// A new temporary password for a user (an expired invitation, a forgotten password): they
/// choose their own at the next sign-in. Shown once to the admin, like an invitation's.
pub async fn reset_password(ports: &Ports, principal: &Principal, id: UserId) -> CoreResult<Invitation> {
    principal.require(MANAGE, "reset passwords")?;
    let store = store(ports, principal);
    let user = store.get::<User>(&keys::user(id)).await?.value;
    // The entry goes first and is taken back if the identity refuses: no reset without its entry.
    let (audit, audit_key) = entry_write(ports, &store, principal, AuditAction::PasswordReset, &user, (None, None))?;
    store.commit(vec![audit]).await?;
    let reset = ports.identity.reset_password(&principal.tenant, id).await;
    let temporary_password = match reset {
        Ok(temporary) => temporary,
        Err(refused) => {
            if let Err(error) = store.undo_create(vec![audit_key]).await {
                tracing::warn!(user_id = %id, %error, "could not remove the audit entry of a failed password reset");
            }
            return Err(match refused {
                PortError::NotFound => CoreError::NotFound { entity: "user" },
                other => other.into(),
            });
        }
    };
    // A reset often means the password was lost or known to someone: nobody stays signed in.
    sessions::end_all(ports, &principal.tenant, id).await?;
    tracing::info!(user_id = %id, "temporary password issued");
    Ok(Invitation { user, temporary_password })
}

pub async fn attributes(ports: &Ports, principal: &Principal, id: UserId) -> CoreResult<ProtectedAttributes> {
    principal.require(MANAGE, "read protected attributes")?;
    let store = store(ports, principal);
    store.get::<User>(&keys::user(id)).await?;
    let stored = store.find::<StoredAttributes>(&keys::user_attributes(id)).await?;
    Ok(stored.map(|s| s.value.attributes).unwrap_or_default())
}

pub async fn set_attributes(
    ports: &Ports,
    principal: &Principal,
    id: UserId,
    attributes: ProtectedAttributes,
) -> CoreResult<ProtectedAttributes> {
    principal.require(MANAGE, "change protected attributes")?;
    attributes.validate()?;
    let store = store(ports, principal);
    let user = store.get::<User>(&keys::user(id)).await?.value;
    let stored = store.find::<StoredAttributes>(&keys::user_attributes(id)).await?;
    if stored.is_some_and(|s| s.value.attributes == attributes) {
        return Ok(attributes); // unchanged: nothing to record
    }
    // The entry says that they changed, never what they are.
    let (audit, _) = entry_write(ports, &store, principal, AuditAction::AttributesChanged, &user, (None, None))?;
    let basis = Some(AttributeBasis::Admin { at: ports.clock.now() });
    let replace = store.replace_write(&StoredAttributes { user_id: id, attributes: attributes.clone(), basis })?;
    store.commit(vec![replace, audit]).await?;
    Ok(attributes)
}

/// A person's own declaration of their protected attributes (issue 19 item 1), with its own consent.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnAttributes {
    /// One of the fixed choices, always with "undisclosed" (回答しない).
    pub gender: Option<String>,
    pub age_band: Option<String>,
    /// The person agrees that these are used only to check the AI for bias: never as features, never shown to
    /// interviewers or experts. `false` withdraws it, and the stored values are deleted.
    pub consent: bool,
    /// The version of the consent text shown.
    pub text_version: String,
}

/// What a person declared about themselves, and on what basis.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct OwnAttributesView {
    #[serde(flatten)]
    pub attributes: ProtectedAttributes,
    /// Absent when nothing is stored.
    pub basis: Option<AttributeBasis>,
}

/// One's own attributes as stored (anyone, for themselves).
pub async fn own_attributes(ports: &Ports, principal: &Principal) -> CoreResult<OwnAttributesView> {
    let stored = store(ports, principal).find::<StoredAttributes>(&keys::user_attributes(principal.id())).await?;
    Ok(match stored {
        Some(s) => OwnAttributesView { attributes: s.value.attributes, basis: s.value.basis },
        None => OwnAttributesView { attributes: ProtectedAttributes::default(), basis: None },
    })
}

/// Declares one's own attributes with the consent to their one use, or withdraws that consent (deleting them).
pub async fn declare_own_attributes(
    ports: &Ports,
    principal: &Principal,
    input: OwnAttributes,
) -> CoreResult<OwnAttributesView> {
    let store = store(ports, principal);
    let key = keys::user_attributes(principal.id());
    if !input.consent {
        store.remove(&key, None).await?;
        return Ok(OwnAttributesView { attributes: ProtectedAttributes::default(), basis: None });
    }
    let version = super::consents::check_text_version(&input.text_version)?;
    let attributes = ProtectedAttributes { gender: input.gender, age_band: input.age_band };
    attributes.validate()?;
    let basis = Some(AttributeBasis::SelfDeclared { text_version: version.to_owned(), at: ports.clock.now() });
    let stored = StoredAttributes { user_id: principal.id(), attributes: attributes.clone(), basis: basis.clone() };
    store.replace(&stored).await?;
    Ok(OwnAttributesView { attributes, basis })
}
