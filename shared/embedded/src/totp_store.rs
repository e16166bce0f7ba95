//! The accounts' authenticator-app secrets in the identity's SQLite table: one pending while it is being set up,
//! one active once confirmed, and the last step used (a code is good once). Codes are checked by
//! `mendan_core::domain::totp`.

use mendan_core::domain::totp;
use mendan_core::ports::{PortError, PortResult};
use rusqlite::{Connection, OptionalExtension, params};

fn backend(e: impl std::fmt::Display) -> PortError {
    PortError::Backend(format!("identity: {e}"))
}

/// Data directories made before sign-in codes lack the columns.
pub fn add_columns(conn: &Connection, has_column: impl Fn(&str) -> rusqlite::Result<bool>) -> rusqlite::Result<()> {
    for (column, kind) in [("totp_secret", "TEXT"), ("totp_pending", "TEXT"), ("totp_last_step", "INTEGER")] {
        if !has_column(column)? {
            conn.execute_batch(&format!("ALTER TABLE accounts ADD COLUMN {column} {kind}"))?;
        }
    }
    Ok(())
}

/// Whether the account signs in with a code.
pub fn enabled(conn: &Connection, tenant: &str, user_id: &str) -> PortResult<bool> {
    let secret: Option<Option<String>> = conn
        .query_row(
            "SELECT totp_secret FROM accounts WHERE tenant = ?1 AND user_id = ?2",
            params![tenant, user_id],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    Ok(secret.flatten().is_some())
}

/// Keeps a new pending secret (an active one stays until the new one is confirmed).
pub fn set_pending(conn: &Connection, tenant: &str, user_id: &str, secret: &str) -> PortResult<()> {
    let changed = conn
        .execute(
            "UPDATE accounts SET totp_pending = ?3 WHERE tenant = ?1 AND user_id = ?2",
            params![tenant, user_id, secret],
        )
        .map_err(backend)?;
    if changed == 0 { Err(PortError::NotFound) } else { Ok(()) }
}

/// Makes the pending secret active when `code` matches it.
pub fn confirm(conn: &Connection, tenant: &str, user_id: &str, code: &str, now: i64) -> PortResult<()> {
    let pending: Option<String> = conn
        .query_row(
            "SELECT totp_pending FROM accounts WHERE tenant = ?1 AND user_id = ?2",
            params![tenant, user_id],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?
        .ok_or(PortError::NotFound)?;
    let pending = pending.ok_or_else(|| PortError::Invalid("no set-up under way: start it again".into()))?;
    let step =
        totp::verify(&pending, code, now, None).ok_or_else(|| PortError::Invalid("the code does not match".into()))?;
    conn.execute(
        "UPDATE accounts SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ?3
         WHERE tenant = ?1 AND user_id = ?2",
        params![tenant, user_id, step],
    )
    .map_err(backend)?;
    Ok(())
}

/// Checks a sign-in code against the active secret and uses it up; `Unauthenticated` when wrong or used.
pub fn use_code(conn: &Connection, tenant: &str, user_id: &str, code: &str, now: i64) -> PortResult<()> {
    let wrong = || PortError::Unauthenticated("wrong or used code".into());
    let (secret, last): (Option<String>, Option<i64>) = conn
        .query_row(
            "SELECT totp_secret, totp_last_step FROM accounts WHERE tenant = ?1 AND user_id = ?2",
            params![tenant, user_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(backend)?
        .ok_or_else(wrong)?;
    let step = totp::verify(&secret.ok_or_else(wrong)?, code, now, last).ok_or_else(wrong)?;
    // Only if no other sign-in used a code meanwhile: the same code never signs in twice.
    let changed = conn
        .execute(
            "UPDATE accounts SET totp_last_step = ?3 WHERE tenant = ?1 AND user_id = ?2 AND totp_last_step IS ?4",
            params![tenant, user_id, step, last],
        )
        .map_err(backend)?;
    if changed == 1 { Ok(()) } else { Err(wrong()) }
}

pub fn turn_off(conn: &Connection, tenant: &str, user_id: &str) -> PortResult<()> {
    let changed = conn
        .execute(
            "UPDATE accounts SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL
             WHERE tenant = ?1 AND user_id = ?2",
            params![tenant, user_id],
        )
        .map_err(backend)?;
    if changed == 0 { Err(PortError::NotFound) } else { Ok(()) }
}
