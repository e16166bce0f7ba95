//! The monthly check of the predictions' fairness (issue 19 item 3): once per tenant and month, the month's
//! predictions are analysed and kept (the trend), and an alert goes to the tenant's admins when a figure crosses
//! their limits. A redelivered or repeated run computes nothing twice: the month's record is created once, and
//! the alert is marked sent once it is on the bus.

use serde::Serialize;

use super::fairness::{checked_month, month_report};
use crate::domain::TenantSlug;
use crate::domain::fairness::MonthlyFairness;
use crate::domain::tenant::{ContractOption, Tenant};
use crate::events::{DomainEvent, FairnessAlertRaised};
use crate::repo::{TenantStore, keys};
use crate::{CoreError, CoreResult, Ports};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthOutcome {
    /// Analysed now.
    Computed,
    /// Analysed by an earlier run.
    AlreadyDone,
    /// The tenant's contract has no monitoring of predictions.
    NotContracted,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthRun {
    pub outcome: MonthOutcome,
    pub flags: usize,
    /// The alert was put on the bus by this run.
    pub alerted: bool,
}

/// Analyses `month` (`YYYY-MM`) of `tenant` once and raises its alert once.
pub async fn run_month(ports: &Ports, tenant: &TenantSlug, month: &str) -> CoreResult<MonthRun> {
    let month = checked_month(month)?;
    let store = TenantStore::new(ports.items.as_ref(), tenant);
    if !store.get::<Tenant>(keys::TENANT).await?.value.has(ContractOption::EthicsPredictions) {
        return Ok(MonthRun { outcome: MonthOutcome::NotContracted, flags: 0, alerted: false });
    }
    let key = keys::fairness_month(&month);
    let outcome = match store.find::<MonthlyFairness>(&key).await? {
        Some(_) => MonthOutcome::AlreadyDone,
        None => {
            let report = month_report(&store, &month).await?;
            match store.create(&MonthlyFairness::new(month.clone(), ports.clock.now(), &report)).await {
                Ok(()) => MonthOutcome::Computed,
                // Another run of the same month got there first: its record stands.
                Err(CoreError::Conflict(_)) => MonthOutcome::AlreadyDone,
                Err(e) => return Err(e),
            }
        }
    };
    let record = store.get::<MonthlyFairness>(&key).await?;
    let flags = record.value.flags.len();
    if flags == 0 || record.value.announced {
        return Ok(MonthRun { outcome, flags, alerted: false });
    }
    let alert = FairnessAlertRaised { tenant: tenant.clone(), month: month.clone(), flags };
    ports.events.publish(alert.to_event()).await?;
    let announced = MonthlyFairness { announced: true, ..record.value };
    // A concurrent run may have marked it too; the mail itself goes once per month and person either way.
    match store.update(&announced, record.version).await {
        Ok(()) | Err(CoreError::Conflict(_)) => Ok(MonthRun { outcome, flags, alerted: true }),
        Err(e) => Err(e),
    }
}
