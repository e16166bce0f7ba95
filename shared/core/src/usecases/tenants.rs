//! Creating a tenant with its first admin (an operator's task, from the CLI).

use crate::domain::password::check_new_password;
use crate::domain::tenant::{Plan, Tenant};
use crate::domain::user::{User, parse_display_name};
use crate::domain::{Email, Role, TenantSlug, UserId};
use crate::ports::{NewAccount, PortError};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

pub struct NewTenant {
    pub name: String,
    pub slug: String,
    pub plan: Plan,
    pub mail_domain: Option<String>,
    pub contract_end: Option<chrono::NaiveDate>,
    pub options: std::collections::BTreeSet<crate::domain::tenant::ContractOption>,
    pub admin_email: String,
    pub admin_password: String,
}

pub async fn create_tenant(ports: &Ports, input: NewTenant) -> CoreResult<(Tenant, UserId)> {
    let slug = TenantSlug::parse(&input.slug)?;
    let admin_email = Email::parse(&input.admin_email)?;
    check_new_password("admin_password", &input.admin_password)?;
    let name = parse_display_name(&input.name).map_err(|_| {
        CoreError::invalid(
            "name",
            "テナント名は 1〜100 文字で、制御文字や文字の向きを変える記号を含めずに入力してください。",
            "1-100 characters, without control characters or text-direction marks.",
        )
    })?;
    let tenant = Tenant {
        mail_domain: input.mail_domain.as_deref().map(crate::domain::mail_domain::parse_mail_domain).transpose()?,
        contract_end: input.contract_end,
        options: input.options,
        ..Tenant::new(slug.clone(), name, input.plan)
    };
    let admin = User {
        id: UserId(ports.ids.new_id()),
        email: admin_email.clone(),
        display_name: "Administrator".into(),
        role: Role::Admin,
        disabled: false,
        created_at: ports.clock.now(),
    };
    let store = TenantStore::new(ports.items.as_ref(), &slug);
    store
        .commit(vec![
            store.create_write(&tenant)?,
            store.create_write(&admin)?,
            store.raw_create_write(keys::email(&admin_email), serde_json::json!({ "user_id": admin.id })),
        ])
        .await
        .map_err(|e| match e {
            CoreError::Conflict(_) => CoreError::Conflict(format!("tenant {slug} already exists")),
            other => other,
        })?;
    let created = ports
        .identity
        .create_account(NewAccount {
            tenant: slug,
            user_id: admin.id,
            email: admin_email.clone(),
            role: Role::Admin,
            password: Some(input.admin_password),
        })
        .await;
    if let Err(refused) = created {
        // Leave nothing behind, so the same tenant can be created again.
        let written = vec![keys::TENANT.to_owned(), keys::user(admin.id), keys::email(&admin_email)];
        if let Err(error) = store.undo_create(written).await {
            tracing::warn!(%error, "could not remove the items of a refused tenant creation");
        }
        return Err(match refused {
            PortError::Invalid(why) => super::password_refused("admin_password", why),
            other => other.into(),
        });
    }
    Ok((tenant, admin.id))
}

pub async fn get_tenant(ports: &Ports, slug: &TenantSlug) -> CoreResult<Option<Tenant>> {
    Ok(TenantStore::new(ports.items.as_ref(), slug).find::<Tenant>(keys::TENANT).await?.map(|v| v.value))
}
