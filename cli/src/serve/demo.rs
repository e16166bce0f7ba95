//! First start on an empty data directory: a demo tenant and admin, and how to sign in.

use mendan_core::domain::tenant::{ContractOption, Plan};
use mendan_core::usecases::tenants::{NewTenant, create_tenant};
use mendan_embedded::Embedded;
use std::path::Path;

pub const DEMO_TENANT: &str = "demo";
pub const DEMO_ADMIN: &str = "admin@demo.example";

pub async fn ensure_demo_tenant(backend: &Embedded, data: &Path, public_url: &str) -> anyhow::Result<()> {
    let marker = data.join("demo-created");
    if marker.exists() {
        return Ok(());
    }
    // A fixed password can be asked for (tests, demos); otherwise a random one is printed once.
    let password = std::env::var("MENDAN_DEMO_PASSWORD").unwrap_or_else(|_| format!("demo-{}", uuid_fragment()));
    let input = NewTenant {
        name: "デモ株式会社".into(),
        slug: DEMO_TENANT.into(),
        plan: Plan::Always,
        mail_domain: Some("demo.example".into()),
        contract_end: None,
        // Everything there is to see.
        options: ContractOption::ALL.into_iter().collect(),
        admin_email: DEMO_ADMIN.into(),
        admin_password: Some(password.clone()),
    };
    create_tenant(&backend.ports, input).await?;
    std::fs::write(&marker, b"")?;
    // Printed on purpose: this is the one moment the operator learns the demo password.
    eprintln!(
        "\n  Demo tenant created. Sign in at {public_url}/ with\n    tenant:   {DEMO_TENANT}\n    e-mail:   {DEMO_ADMIN}\n    password: {password}\n"
    );
    Ok(())
}

fn uuid_fragment() -> String {
    let id = mendan_core::ports::Ids::new_id(&mendan_core::ports::RandomIds).simple().to_string();
    id[id.len() - 12..].to_owned()
}
