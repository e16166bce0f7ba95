//! Usage metering: counting each metered thing once (a marker item under the thing's own key and the day's
//! counter, written in one transaction: a second count of the same thing fails on the marker and changes nothing),
//! sampling what is stored, and reading a month back.

use crate::auth::Principal;
use crate::domain::usage::{
    DailyUsage, Meter, MonthlyUsage, checked_month, counted_key, date_of, day_key, month_prefix,
};
use crate::domain::{Role, TenantSlug};
use crate::repo::TenantStore;
use crate::{CoreError, CoreResult, Ports};

/// Tries of a count whose day was changed by another count meanwhile.
const MAX_TRIES: usize = 8;

/// Counts `amount` of `meter` for the thing named `what` (e.g. `analysed:{recording}:{etag}`), once: `false` when it
/// was counted before.
pub async fn count(ports: &Ports, tenant: &TenantSlug, what: &str, meter: Meter, amount: u64) -> CoreResult<bool> {
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    let marker = counted_key(what);
    for _ in 0..MAX_TRIES {
        if store.raw_get(&marker).await?.is_some() {
            return Ok(false);
        }
        let date = date_of(ports.clock.now());
        let (mut day, write) = match store.find::<DailyUsage>(&day_key(date)).await? {
            Some(found) => (found.value, Some(found.version)),
            None => (DailyUsage { date, ..DailyUsage::default() }, None),
        };
        *day.counts.entry(meter).or_insert(0) += amount;
        let day_write = match write {
            Some(version) => store.update_write(&day, version)?,
            None => store.create_write(&day)?,
        };
        let counted = store
            .raw_create_write(marker.clone(), serde_json::json!({ "meter": meter, "amount": amount, "date": date }));
        match store.commit(vec![counted, day_write]).await {
            Ok(()) => return Ok(true),
            // Another count changed the day, or this thing was counted meanwhile: read again.
            Err(CoreError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(CoreError::Conflict("the usage counter is busy; try again".into()))
}

/// [`count`] where the thing itself already happened (an API call answered): a failure is logged, not returned.
pub async fn count_or_log(ports: &Ports, tenant: &TenantSlug, what: &str, meter: Meter, amount: u64) {
    if let Err(error) = count(ports, tenant, what, meter, amount).await {
        tracing::warn!(%error, meter = meter.as_str(), "usage not counted");
    }
}

/// Samples the bytes stored under the tenant's prefix for today (a level: sampling again replaces it).
pub async fn sample_storage(ports: &Ports, tenant: &TenantSlug) -> CoreResult<u64> {
    let bytes: u64 = ports.objects.list(&format!("t/{tenant}/")).await?.iter().map(|o| o.size).sum();
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    for _ in 0..MAX_TRIES {
        let date = date_of(ports.clock.now());
        let result = match store.find::<DailyUsage>(&day_key(date)).await? {
            Some(found) => {
                let mut day = found.value;
                day.counts.insert(Meter::StoredBytes, bytes);
                store.update(&day, found.version).await
            }
            None => {
                let day = DailyUsage { date, counts: [(Meter::StoredBytes, bytes)].into() };
                store.create(&day).await
            }
        };
        match result {
            Ok(()) => return Ok(bytes),
            Err(CoreError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(CoreError::Conflict("the usage counter is busy; try again".into()))
}

/// The tenant's usage in `month` (`YYYY-MM`), for its admins.
pub async fn month(ports: &Ports, principal: &Principal, month: &str) -> CoreResult<MonthlyUsage> {
    principal.require(&[Role::Admin], "read the tenant's usage")?;
    month_of(ports, &principal.tenant, month).await
}

/// The tenant's usage in `month` (`YYYY-MM`), for operators.
pub async fn month_of(ports: &Ports, tenant: &TenantSlug, month: &str) -> CoreResult<MonthlyUsage> {
    let (year, number) = checked_month(month)?;
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    let days = store.list::<DailyUsage>(&month_prefix(year, number)).await?;
    Ok(MonthlyUsage::of(year, number, days))
}
