//! Tenants as contracts, an operator's tasks (`mendan tenant …`): creating a tenant with its first admin, listing,
//! changing the contract's terms, suspending, and purging everything the tenant owns.

use crate::domain::operations::{
    LOG_PREFIX, OperatorAction, OperatorRecord, PurgeCounts, REGISTRATION_PREFIX, Registration, SERVICE_PK, log_key,
    registration_key,
};
use crate::domain::password::check_new_password;
use crate::domain::tenant::ContractOption;
use crate::domain::tenant::{Plan, Tenant};
use crate::domain::user::{User, parse_display_name};
use crate::domain::{Email, InterviewId, Role, TenantSlug, UserId};
use crate::ports::{Condition, Item, Key, NewAccount, PortError, Write};
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
    /// `None`: the identity makes a temporary password, returned once, which the admin replaces at first sign-in.
    pub admin_password: Option<String>,
}

/// A tenant just made, with its first admin.
#[derive(Debug)]
pub struct CreatedTenant {
    pub tenant: Tenant,
    pub admin: UserId,
    /// The temporary password the identity made when none was given.
    pub temporary_password: Option<String>,
}

pub async fn create_tenant(ports: &Ports, input: NewTenant) -> CoreResult<CreatedTenant> {
    let slug = TenantSlug::parse(&input.slug)?;
    let admin_email = Email::parse(&input.admin_email)?;
    if let Some(password) = &input.admin_password {
        check_new_password("admin_password", password)?;
    }
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
    let registration = Registration { slug: slug.clone(), created_at: ports.clock.now() };
    store
        .commit(vec![
            store.create_write(&tenant)?,
            store.create_write(&admin)?,
            store.raw_create_write(keys::email(&admin_email), serde_json::json!({ "user_id": admin.id })),
            registration_write(&registration, Condition::Any)?,
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
            password: input.admin_password,
        })
        .await;
    let temporary_password = match created {
        Ok(temporary) => temporary,
        Err(refused) => {
            // Leave nothing behind, so the same tenant can be created again.
            let written = vec![keys::TENANT.to_owned(), keys::user(admin.id), keys::email(&admin_email)];
            if let Err(error) = store.undo_create(written).await {
                tracing::warn!(%error, "could not remove the items of a refused tenant creation");
            }
            let registered = Key::new(SERVICE_PK, registration_key(&tenant.slug));
            if let Err(error) = ports.items.delete(&registered, Condition::Any).await {
                tracing::warn!(%error, "could not remove the registration of a refused tenant creation");
            }
            return Err(match refused {
                PortError::Invalid(why) => super::password_refused("admin_password", why),
                other => other.into(),
            });
        }
    };
    log(ports, &tenant.slug, OperatorAction::Created, serde_json::json!({ "plan": tenant.plan })).await?;
    Ok(CreatedTenant { tenant, admin: admin.id, temporary_password })
}

pub async fn get_tenant(ports: &Ports, slug: &TenantSlug) -> CoreResult<Option<Tenant>> {
    Ok(TenantStore::new(ports.items.as_ref(), slug).find::<Tenant>(keys::TENANT).await?.map(|v| v.value))
}

/// Every registered tenant, by slug.
pub async fn list_tenants(ports: &Ports) -> CoreResult<Vec<Tenant>> {
    let mut tenants = Vec::new();
    for item in ports.items.query(SERVICE_PK, REGISTRATION_PREFIX).await? {
        let Some(slug) = item.key.sk.strip_prefix(REGISTRATION_PREFIX).and_then(|s| TenantSlug::parse(s).ok()) else {
            continue;
        };
        if let Some(tenant) = get_tenant(ports, &slug).await? {
            tenants.push(tenant);
        }
    }
    Ok(tenants)
}

/// A change of the contract's terms; `None` leaves a term as it is.
#[derive(Clone, Debug, Default)]
pub struct ContractChange {
    pub name: Option<String>,
    pub plan: Option<Plan>,
    /// `Some(None)` removes the end.
    pub contract_end: Option<Option<chrono::NaiveDate>>,
    /// `Some(None)` is one calendar month.
    pub retention_grace_days: Option<Option<u16>>,
    pub year_end_closed: Option<bool>,
    pub add_options: Vec<ContractOption>,
    pub remove_options: Vec<ContractOption>,
    pub suspended: Option<bool>,
}

/// The longest grace an operator may set: ten years.
const MAX_GRACE_DAYS: u16 = 3653;

/// Changes the tenant's contract; the change is logged (the terms, no personal data). Also registers a tenant
/// made before the register existed.
pub async fn update_tenant(ports: &Ports, slug: &TenantSlug, change: ContractChange) -> CoreResult<Tenant> {
    let store = TenantStore::new(ports.items.as_ref(), slug);
    let current = store.find::<Tenant>(keys::TENANT).await?.ok_or(CoreError::NotFound { entity: "tenant" })?;
    let mut tenant = current.value.clone();
    if let Some(name) = &change.name {
        tenant.name = parse_display_name(name).map_err(|_| {
            CoreError::invalid("name", "テナント名は 1〜100 文字で入力してください。", "1-100 characters.")
        })?;
    }
    if let Some(days) = change.retention_grace_days.flatten()
        && days > MAX_GRACE_DAYS
    {
        return Err(CoreError::invalid(
            "retention_grace_days",
            format!("猶予は {MAX_GRACE_DAYS} 日以内にしてください。"),
            format!("At most {MAX_GRACE_DAYS} days."),
        ));
    }
    tenant.plan = change.plan.unwrap_or(tenant.plan);
    tenant.contract_end = change.contract_end.unwrap_or(tenant.contract_end);
    tenant.retention_grace_days = change.retention_grace_days.unwrap_or(tenant.retention_grace_days);
    tenant.year_end_closed = change.year_end_closed.unwrap_or(tenant.year_end_closed);
    tenant.options.extend(change.add_options.iter().copied());
    tenant.options.retain(|o| !change.remove_options.contains(o));
    tenant.suspended = change.suspended.unwrap_or(tenant.suspended);
    let registration = Registration { slug: slug.clone(), created_at: ports.clock.now() };
    let register = match ports.items.get(&Key::new(SERVICE_PK, registration_key(slug))).await? {
        Some(_) => None,
        None => Some(registration_write(&registration, Condition::Absent)?),
    };
    let writes = std::iter::once(store.update_write(&tenant, current.version)?).chain(register).collect();
    store.commit(writes).await?;
    let action = match (current.value.suspended, tenant.suspended) {
        (false, true) => OperatorAction::Suspended,
        (true, false) => OperatorAction::Resumed,
        _ => OperatorAction::ContractChanged,
    };
    log(ports, slug, action, contract_terms(&tenant)).await?;
    Ok(tenant)
}

/// The terms as logged: no names of people, only the contract.
fn contract_terms(tenant: &Tenant) -> serde_json::Value {
    serde_json::json!({
        "plan": tenant.plan,
        "contract_end": tenant.contract_end,
        "retention_grace_days": tenant.retention_grace_days,
        "year_end_closed": tenant.year_end_closed,
        "options": tenant.options,
        "suspended": tenant.suspended,
    })
}

/// Erases everything the tenant owns: sign-in accounts, timers and call channels, every stored object with its
/// versions, every item of its partition (the tenant's record last), and its registration; then logs the counts.
/// Each step is idempotent and the record goes last, so a purge cut off half-way is finished by running it again.
pub async fn purge_tenant(ports: &Ports, slug: &TenantSlug) -> CoreResult<PurgeCounts> {
    let store = TenantStore::new(ports.items.as_ref(), slug);
    // Nobody works in a tenant while it is being erased.
    let current = store.find::<Tenant>(keys::TENANT).await?;
    let mail_domain = current.as_ref().and_then(|t| t.value.mail_domain.clone());
    if let Some(current) = current
        && !current.value.suspended
    {
        let suspended = Tenant { suspended: true, ..current.value };
        store.update(&suspended, current.version).await?;
    }
    let pk = crate::repo::tenant_pk(slug);
    let mut counts = PurgeCounts::default();
    // The tenant's own mail domain identity goes too (the record names it; it goes last).
    if let Some(domain) = mail_domain {
        ports.mailer.remove_domain(&domain).await?;
    }
    for item in ports.items.query(&pk, keys::USER_PREFIX).await? {
        if let Some(user) = id_after(&item, keys::USER_PREFIX).and_then(|id| UserId::parse(id).ok()) {
            ports.identity.delete_account(slug, user).await.or_else(already_gone)?;
            counts.accounts += 1;
        }
    }
    for item in ports.items.query(&pk, keys::INTERVIEW_PREFIX).await? {
        if let Some(interview) = id_after(&item, keys::INTERVIEW_PREFIX).and_then(|id| InterviewId::parse(id).ok()) {
            for timer in super::reminders::timers_of(interview) {
                ports.timers.cancel(&timer).await?;
            }
            ports.calls.close(slug, interview).await.or_else(already_gone)?;
            ports.calls.remove_archive(slug, interview).await.or_else(already_gone)?;
            counts.interviews += 1;
        }
    }
    counts.objects = ports.objects.erase_prefix(&format!("t/{slug}/")).await?;
    forget_mail_copies(ports, ports.items.query(&pk, keys::SENT_MAIL_PREFIX).await?).await?;
    let (records, rest): (Vec<Item>, Vec<Item>) =
        ports.items.query(&pk, "").await?.into_iter().partition(|i| i.key.sk == keys::TENANT);
    for item in rest.into_iter().chain(records) {
        ports.items.delete(&item.key, Condition::Any).await.or_else(already_gone)?;
        counts.items += 1;
    }
    ports.items.delete(&Key::new(SERVICE_PK, registration_key(slug)), Condition::Any).await.or_else(already_gone)?;
    log(ports, slug, OperatorAction::Purged, serde_json::to_value(counts).unwrap_or_default()).await?;
    Ok(counts)
}

/// The operators' log, oldest first.
pub async fn operator_log(ports: &Ports) -> CoreResult<Vec<OperatorRecord>> {
    let items = ports.items.query(SERVICE_PK, LOG_PREFIX).await?;
    items
        .into_iter()
        .map(|i| serde_json::from_value(i.body).map_err(|e| CoreError::Backend(format!("operator log: {e}"))))
        .collect()
}

/// The kept copies of the messages these sent-mail lines name (the embedded outbox's `.eml` files).
pub(crate) async fn forget_mail_copies(ports: &Ports, lines: Vec<Item>) -> CoreResult<()> {
    for line in lines {
        if let Some(message_id) = line.body["message_id"].as_str() {
            ports.mailer.forget(message_id).await?;
        }
    }
    Ok(())
}

fn already_gone(error: PortError) -> Result<(), PortError> {
    match error {
        PortError::NotFound => Ok(()),
        other => Err(other),
    }
}

/// The id in an item's sort key after `prefix` (`USER#{id}`), when nothing follows it.
fn id_after<'i>(item: &'i Item, prefix: &str) -> Option<&'i str> {
    item.key.sk.strip_prefix(prefix).filter(|rest| !rest.contains('#'))
}

fn registration_write(registration: &Registration, condition: Condition) -> CoreResult<Write> {
    let body = serde_json::to_value(registration).map_err(|e| CoreError::Backend(format!("encode: {e}")))?;
    let key = Key::new(SERVICE_PK, registration_key(&registration.slug));
    Ok(Write::Put { item: Item { key, version: 1, body }, condition })
}

async fn log(ports: &Ports, tenant: &TenantSlug, action: OperatorAction, detail: serde_json::Value) -> CoreResult<()> {
    let record =
        OperatorRecord { id: ports.ids.new_id(), at: ports.clock.now(), tenant: tenant.clone(), action, detail };
    let body = serde_json::to_value(&record).map_err(|e| CoreError::Backend(format!("encode: {e}")))?;
    let key = Key::new(SERVICE_PK, log_key(record.at, record.id));
    ports.items.put(Item { key, version: 1, body }, Condition::Absent).await?;
    Ok(())
}

/// The contract as the tenant's people read it: everyone sees the plan and options (the UI hides what is not
/// contracted); admins also see the contract's end, the deletion date and the year-end closure.
#[derive(Clone, Debug, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ContractView {
    pub name: String,
    pub plan: Plan,
    pub options: Vec<ContractOption>,
    pub year_end_closed: bool,
    /// Admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract_end: Option<chrono::NaiveDate>,
    /// Admins only: the day the tenant's data is deleted, the contract's end plus the grace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purge_due: Option<chrono::NaiveDate>,
    /// Admins only: days from the end to the deletion (absent: one calendar month).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_grace_days: Option<u16>,
}

pub async fn contract(ports: &Ports, principal: &crate::auth::Principal) -> CoreResult<ContractView> {
    let tenant = get_tenant(ports, &principal.tenant).await?.ok_or(CoreError::NotFound { entity: "tenant" })?;
    let admin = principal.is(Role::Admin);
    Ok(ContractView {
        name: tenant.name.clone(),
        plan: tenant.plan,
        options: tenant.options.iter().copied().collect(),
        year_end_closed: tenant.year_end_closed,
        contract_end: tenant.contract_end.filter(|_| admin),
        purge_due: tenant.purge_due().filter(|_| admin),
        retention_grace_days: tenant.retention_grace_days.filter(|_| admin),
    })
}
