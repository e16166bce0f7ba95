//! `mendan tenant create`: a tenant and its first admin, printed as JSON.

use anyhow::Context;
use clap::Subcommand;
use mendan_core::domain::tenant::Plan;
use mendan_core::usecases::tenants::{NewTenant, create_tenant};
use mendan_embedded::Embedded;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum TenantCommand {
    /// Create a tenant with its first admin; prints {"tenant": ..., "admin_user_id": ...}.
    Create {
        #[arg(long)]
        name: String,
        /// URL name: 3-32 characters a-z, 0-9, '-'.
        #[arg(long)]
        slug: String,
        #[arg(long)]
        admin_email: String,
        /// At least 12 characters (or set MENDAN_ADMIN_PASSWORD to keep it out of shell history).
        #[arg(long, env = "MENDAN_ADMIN_PASSWORD", hide_env_values = true)]
        admin_password: String,
        #[arg(long, value_enum, default_value = "business-hours")]
        plan: PlanArg,
        #[arg(long, default_value_os_t = crate::default_data_dir())]
        data: PathBuf,
    },
}

/// What the plan means for when people can work, said when the tenant is made (a business-hours
/// tenant answers 503 `outside_service_hours` at night, which surprised people trying it out).
fn plan_hours(plan: Plan) -> &'static str {
    match plan {
        Plan::BusinessHours => {
            "plan: business hours: sign-in and screens work on weekdays 9:00-21:00 Japan time, not on Japanese \
             public holidays; outside them the API answers 503 outside_service_hours \
             (create the tenant with --plan always to serve around the clock)"
        }
        Plan::Always => "plan: always: served around the clock, every day",
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PlanArg {
    BusinessHours,
    Always,
}

pub async fn run(command: TenantCommand) -> anyhow::Result<()> {
    match command {
        TenantCommand::Create { name, slug, admin_email, admin_password, plan, data } => {
            let backend = Embedded::open(&data, "http://127.0.0.1:8080")?;
            let plan = match plan {
                PlanArg::BusinessHours => Plan::BusinessHours,
                PlanArg::Always => Plan::Always,
            };
            let input = NewTenant {
                name,
                slug,
                plan,
                mail_domain: None,
                contract_end: None,
                options: Default::default(),
                admin_email,
                admin_password,
            };
            let (tenant, admin) = create_tenant(&backend.ports, input).await.context("could not create the tenant")?;
            println!("{}", serde_json::json!({ "tenant": tenant, "admin_user_id": admin }));
            eprintln!("{}", plan_hours(plan));
            Ok(())
        }
    }
}
