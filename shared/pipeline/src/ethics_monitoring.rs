//! The monthly fairness run (issue 19 item 3): for every tenant with the monitoring option, the month before the
//! run's (Japan time) is analysed once and its alert raised once (`usecases::fairness_monitoring`). On AWS the
//! `ethics-monitoring` function runs it on the 1st of each month; `mendan serve` runs it at start and daily, which
//! finds the month done after its first run.

use mendan_core::Ports;
use mendan_core::domain::fairness::previous_month;
use mendan_core::usecases::fairness_monitoring::{MonthOutcome, run_month};
use mendan_core::usecases::tenants;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct MonthlyRun {
    pub month: String,
    pub tenants: usize,
    pub computed: usize,
    /// The slugs whose alert this run raised (a tenant's name is not personal data).
    pub alerted: Vec<String>,
    /// Tenants whose run failed, with the reason; the next run tries again.
    pub failed: Vec<(String, String)>,
}

/// What the schedule sends: nothing (the month before now); an operator may name a month (a backfill) and one
/// tenant.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Invocation {
    #[serde(default)]
    month: Option<String>,
    #[serde(default)]
    tenant: Option<String>,
}

/// One run over every tenant for `month` (default: the month before the clock's); one tenant's failure does not
/// stop the others.
pub async fn run_monthly(ports: &Ports, month: Option<String>) -> Result<MonthlyRun, String> {
    run_for(ports, month, None).await
}

/// [`run_monthly`] for one tenant only when `only` names it.
async fn run_for(ports: &Ports, month: Option<String>, only: Option<String>) -> Result<MonthlyRun, String> {
    let month = month.unwrap_or_else(|| previous_month(ports.clock.now()));
    let mut run = MonthlyRun { month: month.clone(), ..MonthlyRun::default() };
    let all = tenants::list_tenants(ports).await.map_err(|e| e.to_string())?;
    for tenant in all.into_iter().filter(|t| only.as_deref().is_none_or(|slug| t.slug.as_str() == slug)) {
        run.tenants += 1;
        match run_month(ports, &tenant.slug, &month).await {
            Ok(done) => {
                run.computed += usize::from(done.outcome == MonthOutcome::Computed);
                if done.alerted {
                    run.alerted.push(tenant.slug.to_string());
                }
            }
            Err(e) => run.failed.push((tenant.slug.to_string(), e.to_string())),
        }
    }
    if !run.failed.is_empty() {
        tracing::warn!(failed = run.failed.len(), "some tenants' fairness run failed; the next run tries again");
    }
    Ok(run)
}

/// The Lambda function's entry: the monthly schedule's invocation (`{}`), or `{"month": "YYYY-MM", "tenant": slug}`
/// (both optional) from an operator.
pub async fn handle_invocation(ports: &Ports, event: serde_json::Value) -> Result<serde_json::Value, String> {
    let invocation: Invocation = serde_json::from_value(event)
        .map_err(|e| format!("expected {{}} or {{\"month\": \"YYYY-MM\", \"tenant\": slug}}: {e}"))?;
    let run = run_for(ports, invocation.month, invocation.tenant).await?;
    serde_json::to_value(&run).map_err(|e| e.to_string())
}
