//! The daily retention run (issue 18 item 5): for every registered tenant, today's stored bytes are sampled for
//! metering, and a tenant whose contract ended more than its grace ago is purged. On AWS the `retention` function
//! runs it once a day; `mendan serve` runs it at start and every 24 hours. A purge cut off by a failure is
//! finished by the next run (the tenant stays registered until its purge completes).

use mendan_core::Ports;
use mendan_core::usecases::{tenants, usage};
use serde::Serialize;

#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct DailyRun {
    pub tenants: usize,
    pub sampled: usize,
    /// The slugs purged: a tenant's name is not personal data.
    pub purged: Vec<String>,
    /// Tenants whose sampling or purge failed, with the reason; the next run tries again.
    pub failed: Vec<(String, String)>,
}

/// One day's run over every tenant; one tenant's failure does not stop the others.
pub async fn run_daily(ports: &Ports) -> Result<DailyRun, String> {
    let mut run = DailyRun::default();
    let now = ports.clock.now();
    for tenant in tenants::list_tenants(ports).await.map_err(|e| e.to_string())? {
        run.tenants += 1;
        let slug = tenant.slug.clone();
        if tenant.is_due_for_purge(now) {
            match tenants::purge_tenant(ports, &slug).await {
                Ok(counts) => {
                    tracing::info!(tenant = %slug, items = counts.items, objects = counts.objects, "tenant purged");
                    run.purged.push(slug.to_string());
                }
                Err(e) => run.failed.push((slug.to_string(), e.to_string())),
            }
            continue;
        }
        match usage::sample_storage(ports, &slug).await {
            Ok(_) => run.sampled += 1,
            Err(e) => run.failed.push((slug.to_string(), e.to_string())),
        }
    }
    if !run.failed.is_empty() {
        tracing::warn!(failed = run.failed.len(), "some tenants' retention run failed; the next run tries again");
    }
    Ok(run)
}

/// The Lambda function's entry: any invocation (the daily schedule) is one run.
pub async fn handle_invocation(ports: &Ports, _event: serde_json::Value) -> Result<serde_json::Value, String> {
    let run = run_daily(ports).await?;
    serde_json::to_value(&run).map_err(|e| e.to_string())
}
