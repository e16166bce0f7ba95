//! Creating a tenant with its first admin (an operator's task, from the CLI).

use crate::domain::tenant::{Plan, Tenant};
use crate::domain::user::{User, parse_display_name};
use crate::domain::{Email, Role, TenantSlug, UserId};
use crate::ports::NewAccount;
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

pub struct NewTenant {
    pub name: String,
    pub slug: String,
    pub plan: Plan,
    pub mail_domain: Option<String>,
    pub contract_end: Option<chrono::NaiveDate>,
    pub admin_email: String,
    pub admin_password: String,
}

pub async fn create_tenant(ports: &Ports, input: NewTenant) -> CoreResult<(Tenant, UserId)> {
    let slug = TenantSlug::parse(&input.slug)?;
    let admin_email = Email::parse(&input.admin_email)?;
    if input.admin_password.chars().count() < 12 {
        return Err(CoreError::invalid("admin_password", "use at least 12 characters"));
    }
    let tenant = Tenant {
        slug: slug.clone(),
        name: parse_display_name(&input.name).map_err(|_| CoreError::invalid("name", "1-100 characters"))?,
        plan: input.plan,
        mail_domain: input.mail_domain,
        contract_end: input.contract_end,
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
    ports
        .identity
        .create_account(NewAccount {
            tenant: slug,
            user_id: admin.id,
            email: admin_email,
            role: Role::Admin,
            password: Some(input.admin_password),
        })
        .await?;
    Ok((tenant, admin.id))
}

pub async fn get_tenant(ports: &Ports, slug: &TenantSlug) -> CoreResult<Option<Tenant>> {
    Ok(TenantStore::new(ports.items.as_ref(), slug).find::<Tenant>(keys::TENANT).await?.map(|v| v.value))
}
