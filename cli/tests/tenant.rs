//! `mendan tenant …` as an operator runs it (issue 18): on a local data directory a tenant is created, its
//! contract changed, listed, suspended and resumed, signs in through `mendan serve`, and is purged; on AWS (the
//! adapters against moto, the stack's settings in the environment) a tenant created without a password gets a
//! temporary one, its admin signs in through the API, and a purge leaves Cognito without its users.

use std::process::{Command, Output};

use mendan_core::domain::TenantSlug;
use mendan_tests::app::spawn_app_with;
use mendan_tests::moto::moto_backend;
use mendan_tests::tenancy::{Residue, aws_residue};
use serde_json::{Value, json};

mod support;

use support::{Started, drain, start_serve};

fn mendan(args: &[&str], env: &[(&str, String)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mendan"));
    command.args(args).env_remove("MENDAN_ADMIN_PASSWORD");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("mendan runs")
}

/// The command's JSON output (one object), after checking that it succeeded.
fn json_of(output: &Output) -> Value {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

#[tokio::test]
async fn an_operator_manages_a_tenant_on_a_data_directory() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let local = |args: &[&str]| mendan(&[args, &["--data", dir]].concat(), &[]);
    let created = json_of(&local(&[
        "tenant",
        "create",
        "--name",
        "アクメ株式会社",
        "--slug",
        "acme",
        "--admin-email",
        "hr@acme.example",
        "--admin-password",
        "a-long-password-1",
        "--plan",
        "always",
        "--option",
        "video_analysis",
        "--contract-end",
        "2027-03-31",
    ]));
    assert_eq!(created["tenant"]["options"], json!(["video_analysis"]));

    // Without a password the admin gets our invitation mail, with a link to choose one (here: the outbox).
    let invited = json_of(&local(&[
        "tenant",
        "create",
        "--name",
        "ベータ",
        "--slug",
        "beta",
        "--admin-email",
        "hr@beta.example",
    ]));
    assert_eq!(invited["invitation_mailed"], true, "{invited}");
    let mails = std::fs::read_dir(data.path().join("mail")).unwrap().flatten();
    assert!(
        mails.into_iter().any(|m| std::fs::read_to_string(m.path()).unwrap_or_default().contains("hr@beta.example"))
    );

    let shown = json_of(&local(&["tenant", "show", "acme"]));
    assert_eq!(shown["purge_due"], "2027-04-30", "one calendar month after the contract's end");
    let updated = json_of(&local(&[
        "tenant",
        "update",
        "acme",
        "--add-option",
        "ethics_model",
        "--remove-option",
        "video_analysis",
        "--retention-grace",
        "0",
        "--year-end-closed",
        "false",
    ]));
    assert_eq!(updated["tenant"]["options"], json!(["ethics_model"]));
    assert_eq!(
        (updated["purge_due"].as_str(), updated["tenant"]["year_end_closed"].as_bool()),
        (Some("2027-03-31"), Some(false))
    );
    let refused = local(&["tenant", "update", "acme", "--add-option", "telepathy"]);
    assert!(!refused.status.success() && String::from_utf8_lossy(&refused.stderr).contains("video_analysis"));
    let listed = local(&["tenant", "list"]);
    assert_eq!(String::from_utf8_lossy(&listed.stdout).lines().count(), 2, "the two tenants of this directory");

    assert_eq!(json_of(&local(&["tenant", "suspend", "acme"]))["tenant"]["suspended"], true);
    let Started { server, url, log, .. } =
        start_serve(Command::new(env!("CARGO_BIN_EXE_mendan")), &["--data".as_ref(), data.path().as_os_str()]);
    drain(log);
    let http = reqwest::Client::new();
    let login = || {
        http.post(format!("{url}/t/acme/v1/auth/login"))
            .json(&json!({"email": "hr@acme.example", "password": "a-long-password-1"}))
            .send()
    };
    let suspended: Value = login().await.unwrap().json().await.unwrap();
    assert_eq!(suspended["type"], "tenant_suspended");
    json_of(&local(&["tenant", "resume", "acme"]));
    assert_eq!(login().await.unwrap().status(), 200, "the tenant the CLI made signs in through the API");
    drop(server);

    // Usage for billing, every tenant of the directory: CSV on standard output and a workbook.
    let month = mendan_tests::metering::this_month();
    let xlsx = data.path().join("usage.xlsx");
    let usage = local(&["usage", "--month", &month, "--xlsx", xlsx.to_str().unwrap()]);
    assert!(usage.status.success(), "{}", String::from_utf8_lossy(&usage.stderr));
    let csv = String::from_utf8_lossy(&usage.stdout).into_owned();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("tenant,plan,options,self_interviews,face_to_face_interviews,minutes_recorded"),
        "{csv}"
    );
    assert!(lines.iter().any(|l| l.starts_with("\"acme\",\"always\",\"ethics_model\",0,")), "{csv}");
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK", "an .xlsx (zip) file");
    let bad = local(&["usage", "--month", "2026-13"]);
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM"));

    let unconfirmed = local(&["tenant", "purge", "acme", "--confirm", "acm"]);
    assert!(!unconfirmed.status.success(), "a purge needs the slug repeated");
    let purged = json_of(&local(&["tenant", "purge", "acme", "--confirm", "acme"]));
    assert!(purged["counts"]["items"].as_u64().unwrap() >= 3 && purged["counts"]["accounts"] == 1, "{purged}");
    let listed = String::from_utf8_lossy(&local(&["tenant", "list"]).stdout).into_owned();
    assert!(
        !listed.contains("\"acme\"") && listed.contains("\"demo\""),
        "gone, and serve's demo tenant kept: {listed}"
    );
    let log = String::from_utf8_lossy(&local(&["tenant", "log"]).stdout).into_owned();
    let records: Vec<Value> = log.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let actions: Vec<&str> =
        records.iter().filter(|r| r["tenant"] == "acme").map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["created", "contract_changed", "suspended", "resumed", "purged"]);
    assert!(!log.contains("hr@acme.example"), "the operators' log holds no personal data");
}

#[tokio::test]
async fn an_operator_manages_a_tenant_on_aws() {
    let Some(moto) = moto_backend().await else { return };
    let s = &moto.settings;
    let env: Vec<(&str, String)> = vec![
        ("MENDAN_TABLE", s.table.clone()),
        ("MENDAN_BUCKET", s.bucket.clone()),
        ("MENDAN_EVENT_BUS", s.event_bus.clone()),
        ("MENDAN_USER_POOL_ID", s.user_pool_id.clone()),
        ("MENDAN_USER_POOL_CLIENT_ID", s.user_pool_client_id.clone()),
        ("AWS_ENDPOINT_URL", s.endpoint_url.clone().expect("moto's endpoint")),
        ("MENDAN_MAIL_FROM", s.mail.as_ref().map(|m| m.default_from.clone()).unwrap_or_default()),
    ];
    let aws = |args: &[&str]| mendan(&[args, &["--backend", "aws"]].concat(), &env);
    let created = json_of(&aws(&[
        "tenant",
        "create",
        "--name",
        "Acme",
        "--slug",
        "acme",
        "--admin-email",
        "hr@acme.example",
        "--plan",
        "always",
    ]));
    let temporary = created["temporary_password"].as_str().expect("a temporary password, printed once").to_owned();
    assert_eq!(created["invitation_mailed"], true, "our invitation went out through SES: {created}");

    let app = spawn_app_with(moto.ports.clone()).await;
    let login = json!({"email": "hr@acme.example", "password": temporary});
    let first = app.call(reqwest::Method::POST, "/t/acme/v1/auth/login", None, Some(login)).await;
    assert_eq!(first.body["challenge"], "new_password_required", "{:?}", first.body);
    let listed = aws(&["tenant", "list"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("\"slug\":\"acme\""));

    let purged = json_of(&aws(&["tenant", "purge", "acme", "--confirm", "acme"]));
    assert_eq!(purged["counts"]["accounts"], 1, "{purged}");
    let left = aws_residue(&moto, TenantSlug::parse("acme").unwrap()).await;
    assert_eq!(left, Residue::default(), "no item, object version or Cognito user of the purged tenant");
}
