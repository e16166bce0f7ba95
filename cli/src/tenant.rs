//! `mendan tenant create | update | show | list | suspend | resume | purge | erase-person | log`: tenants as contracts, on either
//! backend. `--backend embedded --data DIR` works on a local data directory; `--backend aws` on a deployed stack,
//! whose settings come from the environment as the functions read them (`eval "$(infra/operator-env.sh STACK)"`
//! exports them from the stack's API function).

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use mendan_core::Ports;
use mendan_core::domain::tenant::{ContractOption, Plan, Tenant};
use mendan_core::domain::{TenantSlug, UserId};
use mendan_core::events::UserInvited;
use mendan_core::usecases::account_mail;
use mendan_core::usecases::erasure;
use mendan_core::usecases::interview_mail::SiteUrl;
use mendan_core::usecases::tenants::{self, ContractChange, NewTenant};
use mendan_embedded::Embedded;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum TenantCommand {
    /// Create a tenant with its first admin; prints {"tenant": ..., "admin_user_id": ...} (and, when no password
    /// was given, the temporary one the identity made, once).
    Create {
        #[arg(long)]
        name: String,
        /// URL name: 3-32 characters a-z, 0-9, '-'.
        #[arg(long)]
        slug: String,
        #[arg(long)]
        admin_email: String,
        /// At least 12 characters (or set MENDAN_ADMIN_PASSWORD to keep it out of shell history); without it
        /// the identity makes a temporary one, printed once, which the admin replaces at the first sign-in.
        #[arg(long, env = "MENDAN_ADMIN_PASSWORD", hide_env_values = true)]
        admin_password: Option<String>,
        #[arg(long, value_enum, default_value = "business-hours")]
        plan: PlanArg,
        /// A contracted option (repeat for more).
        #[arg(long = "option", value_parser = parse_option)]
        options: Vec<ContractOption>,
        /// The contract's last day (YYYY-MM-DD).
        #[arg(long)]
        contract_end: Option<NaiveDate>,
        /// Where the web UI is, for the link in the admin's invitation mail (sent when no password is given).
        #[arg(long, env = "MENDAN_SITE_URL", default_value = "http://127.0.0.1:8080")]
        site_url: String,
        #[command(flatten)]
        backend: BackendArgs,
    },
    /// Change the contract's terms; prints the tenant.
    Update {
        slug: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_enum)]
        plan: Option<PlanArg>,
        /// The contract's last day (YYYY-MM-DD), or `none`.
        #[arg(long, value_parser = parse_end)]
        contract_end: Option<ContractEnd>,
        /// Days from the contract's end to the data's deletion, or `month` (one calendar month, the default).
        #[arg(long, value_parser = parse_grace)]
        retention_grace: Option<Grace>,
        /// Whether 12/29-1/3 count as holidays on the business-hours plan.
        #[arg(long)]
        year_end_closed: Option<bool>,
        #[arg(long = "add-option", value_parser = parse_option)]
        add_options: Vec<ContractOption>,
        #[arg(long = "remove-option", value_parser = parse_option)]
        remove_options: Vec<ContractOption>,
        #[command(flatten)]
        backend: BackendArgs,
    },
    /// Print one tenant's contract as JSON.
    Show {
        slug: String,
        #[command(flatten)]
        backend: BackendArgs,
    },
    /// Print every registered tenant's contract, one JSON object per line.
    List {
        #[command(flatten)]
        backend: BackendArgs,
    },
    /// Stop the tenant's use (nobody may sign in or call the API); the data stays.
    Suspend {
        slug: String,
        #[command(flatten)]
        backend: BackendArgs,
    },
    /// Let a suspended tenant work again.
    Resume {
        slug: String,
        #[command(flatten)]
        backend: BackendArgs,
    },
    /// Erase everything the tenant owns, for good: items, objects with all their versions, sign-in accounts,
    /// timers and call channels. Run again to finish a purge that was cut off. Prints the counts.
    Purge {
        slug: String,
        /// The slug again, to say this is meant.
        #[arg(long)]
        confirm: String,
        #[command(flatten)]
        backend: BackendArgs,
    },
    /// Erase one person's data in the tenant for good (a request the tenant passed on): their interviews with
    /// everything recorded and derived, the ratings they gave, their account; prints the counts.
    ErasePerson {
        slug: String,
        /// The person's user id.
        #[arg(long)]
        user: String,
        /// The user id again, to say this is meant.
        #[arg(long)]
        confirm: String,
        #[command(flatten)]
        backend: BackendArgs,
    },
    /// Fill an empty tenant with a generated demonstration of the AI-ethics option (anonymous interviews with
    /// declared groups, expert ratings biased against one group, a trained model, three months of predictions
    /// and their monthly analyses); prints what it made.
    DemoEthics {
        slug: String,
        /// Rated interviews the model learns from.
        #[arg(long, default_value_t = 160, value_parser = clap::value_parser!(u16).range(20..=2000))]
        interviews: u16,
        #[command(flatten)]
        backend: BackendArgs,
    },
    /// Print the operators' log (what was done to which tenant, counts only), one JSON object per line.
    Log {
        #[command(flatten)]
        backend: BackendArgs,
    },
}

/// Which backend an operator's command works on.
#[derive(Args)]
pub struct BackendArgs {
    #[arg(long, value_enum, default_value = "embedded")]
    backend: BackendKind,
    /// The embedded backend's data directory.
    #[arg(long, default_value_os_t = crate::default_data_dir())]
    data: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum BackendKind {
    Embedded,
    Aws,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PlanArg {
    BusinessHours,
    Always,
}

impl From<PlanArg> for Plan {
    fn from(plan: PlanArg) -> Self {
        match plan {
            PlanArg::BusinessHours => Plan::BusinessHours,
            PlanArg::Always => Plan::Always,
        }
    }
}

fn parse_option(name: &str) -> Result<ContractOption, String> {
    ContractOption::parse(name).ok_or_else(|| {
        let names: Vec<&str> = ContractOption::ALL.iter().map(|o| o.as_str()).collect();
        format!("one of {}", names.join(", "))
    })
}

/// A contract's end as given: a date, or none.
#[derive(Clone, Copy)]
pub struct ContractEnd(Option<NaiveDate>);

/// A retention grace as given: days, or one calendar month.
#[derive(Clone, Copy)]
pub struct Grace(Option<u16>);

fn parse_end(value: &str) -> Result<ContractEnd, String> {
    match value {
        "none" => Ok(ContractEnd(None)),
        date => date.parse().map(|d| ContractEnd(Some(d))).map_err(|_| "YYYY-MM-DD or none".to_owned()),
    }
}

fn parse_grace(value: &str) -> Result<Grace, String> {
    match value {
        "month" => Ok(Grace(None)),
        days => days.parse().map(|d| Grace(Some(d))).map_err(|_| "a number of days or month".to_owned()),
    }
}

/// The ports of the chosen backend; the embedded one is kept open while they are used.
pub struct Backend {
    pub ports: Ports,
    _embedded: Option<Embedded>,
}

pub async fn open(args: &BackendArgs) -> anyhow::Result<Backend> {
    match args.backend {
        BackendKind::Embedded => {
            let embedded = Embedded::open(&args.data, "http://127.0.0.1:8080")?;
            Ok(Backend { ports: embedded.ports.clone(), _embedded: Some(embedded) })
        }
        BackendKind::Aws => {
            let settings = mendan_aws::AwsSettings::from_env()
                .context("the stack's settings: eval \"$(infra/operator-env.sh STACK)\" first")?;
            Ok(Backend { ports: mendan_aws::ports(&settings).await, _embedded: None })
        }
    }
}

/// What the plan means for when people can work, said when the tenant is made (a business-hours
/// tenant answers 503 `outside_service_hours` at night, which surprised people trying it out).
fn plan_hours(plan: Plan) -> &'static str {
    match plan {
        Plan::BusinessHours => {
            "plan: business hours: sign-in and screens work on weekdays 9:00-21:00 Japan time, not on Japanese \
             public holidays nor 12/29-1/3; outside them the API answers 503 outside_service_hours, except model \
             building and use (create the tenant with --plan always to serve around the clock)"
        }
        Plan::Always => "plan: always: served around the clock, every day",
    }
}

fn slug(value: &str) -> anyhow::Result<TenantSlug> {
    TenantSlug::parse(value).map_err(|e| anyhow::anyhow!("{value}: {e}"))
}

fn print(tenant: &Tenant) {
    println!("{}", serde_json::json!({ "tenant": tenant, "purge_due": tenant.purge_due() }));
}

pub async fn run(command: TenantCommand) -> anyhow::Result<()> {
    match command {
        TenantCommand::Create {
            name,
            slug,
            admin_email,
            admin_password,
            plan,
            options,
            contract_end,
            site_url,
            backend,
        } => {
            let backend = open(&backend).await?;
            let plan = Plan::from(plan);
            let input = NewTenant {
                name,
                slug,
                plan,
                mail_domain: None,
                contract_end,
                options: options.into_iter().collect(),
                admin_email,
                admin_password,
            };
            let created = tenants::create_tenant(&backend.ports, input).await.context("could not create the tenant")?;
            let mut printed = serde_json::json!({ "tenant": created.tenant, "admin_user_id": created.admin });
            if let Some(password) = created.temporary_password {
                // Our invitation mail, with a link to choose a password (as an admin's invitation of a user sends).
                let invited = UserInvited {
                    tenant: created.tenant.slug.clone(),
                    user_id: created.admin,
                    notice_id: backend.ports.ids.new_id(),
                    password_chosen: false,
                };
                let site = SiteUrl(site_url.trim_end_matches('/').to_owned());
                let mailed = account_mail::on_user_invited(&backend.ports, &site, &invited).await;
                printed["invitation_mailed"] = matches!(mailed, Ok(n) if n > 0).into();
                // Printed on purpose, once, should the mail not arrive: the admin replaces it at first sign-in.
                printed["temporary_password"] = password.into();
            }
            println!("{printed}");
            eprintln!("{}", plan_hours(plan));
        }
        TenantCommand::Update {
            slug: name,
            name: new_name,
            plan,
            contract_end,
            retention_grace,
            year_end_closed,
            add_options,
            remove_options,
            backend,
        } => {
            let backend = open(&backend).await?;
            let change = ContractChange {
                name: new_name,
                plan: plan.map(Plan::from),
                contract_end: contract_end.map(|e| e.0),
                retention_grace_days: retention_grace.map(|g| g.0),
                year_end_closed,
                add_options,
                remove_options,
                suspended: None,
            };
            print(&tenants::update_tenant(&backend.ports, &slug(&name)?, change).await?);
        }
        TenantCommand::Show { slug: name, backend } => {
            let backend = open(&backend).await?;
            let tenant = tenants::get_tenant(&backend.ports, &slug(&name)?).await?;
            print(&tenant.with_context(|| format!("no tenant {name}"))?);
        }
        TenantCommand::List { backend } => {
            let backend = open(&backend).await?;
            for tenant in tenants::list_tenants(&backend.ports).await? {
                print(&tenant);
            }
        }
        TenantCommand::Suspend { slug: name, backend } => suspend(&name, &backend, true).await?,
        TenantCommand::Resume { slug: name, backend } => suspend(&name, &backend, false).await?,
        TenantCommand::Purge { slug: name, confirm, backend } => {
            anyhow::ensure!(confirm == name, "--confirm must repeat the slug ({name}) to purge it");
            let backend = open(&backend).await?;
            let counts = tenants::purge_tenant(&backend.ports, &slug(&name)?).await?;
            println!("{}", serde_json::json!({ "purged": name, "counts": counts }));
        }
        TenantCommand::ErasePerson { slug: name, user, confirm, backend } => {
            anyhow::ensure!(confirm == user, "--confirm must repeat the user id ({user}) to erase them");
            let person = UserId::parse(&user).map_err(|e| anyhow::anyhow!("{user}: {e}"))?;
            let backend = open(&backend).await?;
            let counts = erasure::erase_person(&backend.ports, &slug(&name)?, person, "operator").await?;
            println!("{}", serde_json::json!({ "erased": user, "counts": counts }));
        }
        TenantCommand::DemoEthics { slug: name, interviews, backend } => {
            let backend = open(&backend).await?;
            let slug = slug(&name)?;
            let seeded = mendan_pipeline::fairness_demo::seed(&backend.ports, &slug, usize::from(interviews))
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            // The months analysed as the monthly run would have on each 1st (alerts go out when served).
            let mut runs = Vec::new();
            for month in &seeded.months {
                runs.push(
                    mendan_pipeline::ethics_monitoring::run_monthly(&backend.ports, Some(month.clone()))
                        .await
                        .map_err(anyhow::Error::msg)?,
                );
            }
            println!("{}", serde_json::json!({ "seeded": seeded, "monthly_runs": runs }));
        }
        TenantCommand::Log { backend } => {
            let backend = open(&backend).await?;
            for record in tenants::operator_log(&backend.ports).await? {
                println!("{}", serde_json::to_string(&record)?);
            }
        }
    }
    Ok(())
}

async fn suspend(name: &str, backend: &BackendArgs, suspended: bool) -> anyhow::Result<()> {
    let backend = open(backend).await?;
    let change = ContractChange { suspended: Some(suspended), ..ContractChange::default() };
    print(&tenants::update_tenant(&backend.ports, &slug(name)?, change).await?);
    Ok(())
}
