//! The `Identity` port on one machine: accounts in SQLite with argon2id password hashes, and
//! HS256 JWTs signed with a key derived from the data directory's secret.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use async_trait::async_trait;
use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use mendan_core::domain::password::temporary_password;
use mendan_core::domain::{Email, Role, TenantSlug, UserId};
use mendan_core::ports::{Claims, Identity, IssuedTokens, NewAccount, PortError, PortResult, SignedIn};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::Semaphore;

use crate::EmbeddedError;

pub const ISSUER: &str = "mendan-local";
pub const AUDIENCE: &str = "mendan";
/// Sessions of the new-password step carry another audience, so they never pass as a bearer token.
const NEW_PASSWORD_AUDIENCE: &str = "mendan-new-password";
/// And so do those of the code step of a sign-in.
const MFA_AUDIENCE: &str = "mendan-mfa";
/// Time to type the code after the password (Cognito's MFA session lasts 3 minutes).
const MFA_TTL_SECS: i64 = 3 * 60;
/// Access tokens are short-lived: a copy that leaks is useless within minutes, and the client
/// renews it with its refresh token (`usecases::sessions`).
pub const TOKEN_TTL_SECS: i64 = 15 * 60;
/// Time to choose a new password after signing in with a temporary one (Cognito allows 3 minutes
/// to 15; the embedded backend takes the upper end).
const NEW_PASSWORD_TTL_SECS: i64 = 15 * 60;
/// An invitation's temporary password is valid for 7 days, as Cognito's (the pool's
/// TemporaryPasswordValidityDays); then the admin issues a new one.
pub const TEMPORARY_PASSWORD_TTL_SECS: i64 = 7 * 24 * 60 * 60;

pub struct LocalIdentity {
    conn: Arc<Mutex<Connection>>,
    /// argon2 takes ~19 MiB and tens of milliseconds per hash: at most a few at once, and never
    /// while holding `conn`.
    hashing: Arc<Semaphore>,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

#[derive(Serialize, Deserialize)]
struct TokenClaims {
    sub: String,
    tenant: String,
    role: Role,
    iss: String,
    aud: String,
    iat: i64,
    exp: i64,
}

fn backend(e: impl std::fmt::Display) -> PortError {
    PortError::Backend(format!("identity: {e}"))
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS random source failing is not recoverable for a server that signs and hashes.
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
}

fn has_column(conn: &Connection, column: &str) -> rusqlite::Result<bool> {
    conn.prepare("SELECT 1 FROM pragma_table_info('accounts') WHERE name = ?1")?.exists([column])
}

/// Data directories made before temporary passwords had to be replaced, or before they expired,
/// lack the columns; their pending temporary passwords get 7 days from the upgrade.
fn add_missing_columns(conn: &Connection) -> rusqlite::Result<()> {
    if !has_column(conn, "must_change_password")? {
        conn.execute_batch("ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0")?;
    }
    if !has_column(conn, "temporary_expires_at")? {
        conn.execute_batch("ALTER TABLE accounts ADD COLUMN temporary_expires_at INTEGER")?;
        conn.execute(
            "UPDATE accounts SET temporary_expires_at = ?1 WHERE must_change_password = 1",
            [chrono::Utc::now().timestamp() + TEMPORARY_PASSWORD_TTL_SECS],
        )?;
    }
    crate::totp_store::add_columns(conn, |column| has_column(conn, column))
}

fn hash_password(password: &str) -> PortResult<String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(backend)?;
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt).map_err(backend)?.to_string())
}

fn password_matches(password: &str, hash: &str) -> PortResult<bool> {
    let parsed = PasswordHash::new(hash).map_err(backend)?;
    Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash of a password nobody knows, with the same parameters as real ones: an unknown address
/// is checked against it, so it costs the same time as a known one.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let unknowable = hex::encode(random_bytes::<32>());
        hash_password(&unknowable).expect("hashing a fresh random password succeeds")
    })
}

/// An account as sign-in reads it.
struct AccountRow {
    user_id: String,
    role: String,
    password_hash: String,
    disabled: bool,
    must_change_password: bool,
    /// Unix seconds; set while the password is an invitation's temporary one.
    temporary_expires_at: Option<i64>,
}

impl AccountRow {
    fn temporary_password_expired(&self) -> bool {
        self.must_change_password && self.temporary_expires_at.is_some_and(|at| at <= chrono::Utc::now().timestamp())
    }
}

fn account_row(conn: &Connection, tenant: &str, email: &str) -> PortResult<Option<AccountRow>> {
    conn.query_row(
        "SELECT user_id, role, password_hash, disabled, must_change_password, temporary_expires_at FROM accounts
         WHERE tenant = ?1 AND email = ?2",
        params![tenant, email],
        |r| {
            Ok(AccountRow {
                user_id: r.get(0)?,
                role: r.get(1)?,
                password_hash: r.get(2)?,
                disabled: r.get(3)?,
                must_change_password: r.get(4)?,
                temporary_expires_at: r.get(5)?,
            })
        },
    )
    .optional()
    .map_err(backend)
}

impl LocalIdentity {
    pub fn open(db: &Path, secret: &[u8]) -> Result<Self, EmbeddedError> {
        let fail = |source| EmbeddedError::Database { path: db.into(), source };
        let conn = Connection::open(db).map_err(fail)?;
        conn.execute_batch(
            "PRAGMA busy_timeout = 5000;
             CREATE TABLE IF NOT EXISTS accounts (
                 tenant TEXT NOT NULL, user_id TEXT NOT NULL, email TEXT NOT NULL, role TEXT NOT NULL,
                 password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
                 must_change_password INTEGER NOT NULL DEFAULT 0,
                 PRIMARY KEY (tenant, user_id), UNIQUE (tenant, email)
             );",
        )
        .map_err(fail)?;
        add_missing_columns(&conn).map_err(fail)?;
        dummy_hash(); // made now, so the first unknown address costs no more than later ones
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(b"mendan jwt");
        let key = mac.finalize().into_bytes();
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            hashing: Arc::new(Semaphore::new(cores * 2)),
            encoding: EncodingKey::from_secret(&key),
            decoding: DecodingKey::from_secret(&key),
        })
    }

    fn decode(&self, token: &str, audience: &str) -> PortResult<TokenClaims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[audience]);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 5;
        let data = decode::<TokenClaims>(token, &self.decoding, &validation)
            .map_err(|e| PortError::Unauthenticated(e.to_string()))?;
        Ok(data.claims)
    }

    async fn with_conn<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Connection) -> PortResult<T> + Send + 'static,
    ) -> PortResult<T> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || work(&*conn.lock().map_err(|_| backend("lock poisoned"))?))
            .await
            .map_err(backend)?
    }

    /// Runs argon2 on a blocking thread, a few at a time, holding no lock.
    async fn hash_work<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> PortResult<T> + Send + 'static,
    ) -> PortResult<T> {
        let _permit = self.hashing.acquire().await.map_err(backend)?;
        tokio::task::spawn_blocking(work).await.map_err(backend)?
    }

    async fn account(&self, tenant: &TenantSlug, email: &Email) -> PortResult<Option<AccountRow>> {
        let (t, e) = (tenant.to_string(), email.to_string());
        self.with_conn(move |conn| account_row(conn, &t, &e)).await
    }

    fn token(&self, tenant: &TenantSlug, user_id: &str, role: Role, ttl_secs: i64) -> PortResult<String> {
        self.signed(tenant, user_id, role, AUDIENCE, ttl_secs)
    }

    /// An access token; the session store keeps the session, so there is no renewal to hand on.
    fn issue(&self, tenant: &TenantSlug, user_id: &str, role: Role) -> PortResult<IssuedTokens> {
        Ok(IssuedTokens {
            access_token: self.token(tenant, user_id, role, TOKEN_TTL_SECS)?,
            expires_in_secs: TOKEN_TTL_SECS as u32,
            renewal: None,
        })
    }

    async fn account_by_id(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<Option<(Role, bool, bool)>> {
        let (tenant, user_id) = (tenant.to_string(), user_id.to_string());
        let row = self
            .with_conn(move |conn| {
                conn.query_row(
                    "SELECT role, disabled, must_change_password FROM accounts WHERE tenant = ?1 AND user_id = ?2",
                    params![tenant, user_id],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?, r.get::<_, bool>(2)?)),
                )
                .optional()
                .map_err(backend)
            })
            .await?;
        row.map(|(role, disabled, must_change)| Ok((role.parse().map_err(backend)?, disabled, must_change))).transpose()
    }

    fn signed(&self, tenant: &TenantSlug, user_id: &str, role: Role, aud: &str, ttl_secs: i64) -> PortResult<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = TokenClaims {
            sub: user_id.to_owned(),
            tenant: tenant.to_string(),
            role,
            iss: ISSUER.into(),
            aud: aud.into(),
            iat: now,
            exp: now + ttl_secs,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(backend)
    }
}

#[async_trait]
impl Identity for LocalIdentity {
    async fn create_account(&self, account: NewAccount) -> PortResult<Option<String>> {
        // A temporary password is known to whoever handed it over: it must be replaced at first use.
        let (password, temporary) = match account.password {
            Some(p) => (p, None),
            None => {
                let p = temporary_password();
                (p.clone(), Some(p))
            }
        };
        let expires_at = temporary.is_some().then(|| chrono::Utc::now().timestamp() + TEMPORARY_PASSWORD_TTL_SECS);
        let hash = self.hash_work(move || hash_password(&password)).await?;
        self.with_conn(move |conn| {
            let inserted = conn.execute(
                "INSERT INTO accounts
                     (tenant, user_id, email, role, password_hash, must_change_password, temporary_expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    account.tenant.as_str(),
                    account.user_id.to_string(),
                    account.email.as_str(),
                    account.role.as_str(),
                    hash,
                    expires_at.is_some(),
                    expires_at
                ],
            );
            match inserted {
                Ok(_) => Ok(()),
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
                    Err(PortError::ConditionFailed)
                }
                Err(e) => Err(backend(e)),
            }
        })
        .await?;
        Ok(temporary)
    }

    async fn reset_password(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<Option<String>> {
        let temporary = temporary_password();
        let expires_at = chrono::Utc::now().timestamp() + TEMPORARY_PASSWORD_TTL_SECS;
        let to_hash = temporary.clone();
        let hash = self.hash_work(move || hash_password(&to_hash)).await?;
        let (tenant, user_id) = (tenant.to_string(), user_id.to_string());
        self.with_conn(move |conn| {
            let n = conn
                .execute(
                    "UPDATE accounts SET password_hash = ?3, must_change_password = 1, temporary_expires_at = ?4
                     WHERE tenant = ?1 AND user_id = ?2",
                    params![tenant, user_id, hash, expires_at],
                )
                .map_err(backend)?;
            if n == 1 { Ok(()) } else { Err(PortError::NotFound) }
        })
        .await?;
        Ok(Some(temporary))
    }

    async fn set_password(&self, tenant: &TenantSlug, user_id: UserId, password: &str) -> PortResult<()> {
        let password = password.to_owned();
        let hash = self.hash_work(move || hash_password(&password)).await?;
        let (tenant, user_id) = (tenant.to_string(), user_id.to_string());
        self.with_conn(move |conn| {
            let n = conn
                .execute(
                    "UPDATE accounts SET password_hash = ?3, must_change_password = 0, temporary_expires_at = NULL
                     WHERE tenant = ?1 AND user_id = ?2",
                    params![tenant, user_id, hash],
                )
                .map_err(backend)?;
            if n == 1 { Ok(()) } else { Err(PortError::NotFound) }
        })
        .await
    }

    async fn set_role(&self, tenant: &TenantSlug, user_id: UserId, role: Role) -> PortResult<()> {
        let (tenant, user_id) = (tenant.to_string(), user_id.to_string());
        self.with_conn(move |conn| {
            let n = conn
                .execute(
                    "UPDATE accounts SET role = ?3 WHERE tenant = ?1 AND user_id = ?2",
                    params![tenant, user_id, role.as_str()],
                )
                .map_err(backend)?;
            if n == 1 { Ok(()) } else { Err(PortError::NotFound) }
        })
        .await
    }

    async fn delete_account(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()> {
        let (tenant, user_id) = (tenant.to_string(), user_id.to_string());
        self.with_conn(move |conn| {
            conn.execute("DELETE FROM accounts WHERE tenant = ?1 AND user_id = ?2", params![tenant, user_id])
                .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn disable(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()> {
        let (tenant, user_id) = (tenant.to_string(), user_id.to_string());
        self.with_conn(move |conn| {
            let n = conn
                .execute(
                    "UPDATE accounts SET disabled = 1 WHERE tenant = ?1 AND user_id = ?2",
                    params![tenant, user_id],
                )
                .map_err(backend)?;
            if n == 1 { Ok(()) } else { Err(PortError::NotFound) }
        })
        .await
    }

    async fn sign_in(&self, tenant: &TenantSlug, email: &Email, password: &str) -> PortResult<SignedIn> {
        let wrong = || PortError::Unauthenticated("wrong e-mail address or password".into());
        // Read, release the connection, then hash: other sign-ins and every other request go on.
        let account = self.account(tenant, email).await?;
        let hash = account.as_ref().map_or_else(|| dummy_hash().to_owned(), |a| a.password_hash.clone());
        let password = password.to_owned();
        let matches = self.hash_work(move || password_matches(&password, &hash)).await?;
        let account = account.filter(|_| matches).ok_or_else(wrong)?;
        // Only now, with the right password, may the account's state be told.
        if account.disabled {
            return Err(PortError::AccountDisabled);
        }
        if account.temporary_password_expired() {
            return Err(PortError::PasswordExpired);
        }
        let role: Role = account.role.parse().map_err(backend)?;
        if account.must_change_password {
            let session = self.signed(tenant, &account.user_id, role, NEW_PASSWORD_AUDIENCE, NEW_PASSWORD_TTL_SECS)?;
            return Ok(SignedIn::NewPasswordRequired { session });
        }
        let (t, u) = (tenant.to_string(), account.user_id.clone());
        if self.with_conn(move |conn| crate::totp_store::enabled(conn, &t, &u)).await? {
            let session = self.signed(tenant, &account.user_id, role, MFA_AUDIENCE, MFA_TTL_SECS)?;
            return Ok(SignedIn::MfaRequired { session });
        }
        Ok(SignedIn::Tokens(self.issue(tenant, &account.user_id, role)?))
    }

    async fn answer_mfa(
        &self,
        tenant: &TenantSlug,
        email: &Email,
        session: &str,
        code: &str,
    ) -> PortResult<IssuedTokens> {
        let stale = || PortError::Invalid("the sign-in session does not match or expired".into());
        let claims = self.decode(session, MFA_AUDIENCE).map_err(|_| stale())?;
        let account = self.account(tenant, email).await?.ok_or_else(stale)?;
        if claims.tenant != tenant.as_str() || claims.sub != account.user_id {
            return Err(stale());
        }
        if account.disabled {
            return Err(PortError::AccountDisabled);
        }
        let (t, u, code) = (tenant.to_string(), account.user_id.clone(), code.to_owned());
        let now = chrono::Utc::now().timestamp();
        self.with_conn(move |conn| crate::totp_store::use_code(conn, &t, &u, &code, now)).await?;
        self.issue(tenant, &account.user_id, account.role.parse().map_err(backend)?)
    }

    async fn begin_totp(&self, tenant: &TenantSlug, user_id: UserId, _renewal: Option<&str>) -> PortResult<String> {
        let secret = mendan_core::domain::totp::new_secret().map_err(backend)?;
        let (t, u, s) = (tenant.to_string(), user_id.to_string(), secret.clone());
        self.with_conn(move |conn| crate::totp_store::set_pending(conn, &t, &u, &s)).await?;
        Ok(secret)
    }

    async fn confirm_totp(
        &self,
        tenant: &TenantSlug,
        user_id: UserId,
        _renewal: Option<&str>,
        code: &str,
    ) -> PortResult<()> {
        let (t, u, code) = (tenant.to_string(), user_id.to_string(), code.to_owned());
        let now = chrono::Utc::now().timestamp();
        self.with_conn(move |conn| crate::totp_store::confirm(conn, &t, &u, &code, now)).await
    }

    async fn turn_off_totp(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()> {
        let (t, u) = (tenant.to_string(), user_id.to_string());
        self.with_conn(move |conn| crate::totp_store::turn_off(conn, &t, &u)).await
    }

    async fn choose_password(
        &self,
        tenant: &TenantSlug,
        email: &Email,
        session: &str,
        new_password: &str,
    ) -> PortResult<IssuedTokens> {
        let stale = || PortError::Unauthenticated("the new-password session does not match".into());
        let claims = self.decode(session, NEW_PASSWORD_AUDIENCE)?;
        let account = self.account(tenant, email).await?.ok_or_else(stale)?;
        if claims.tenant != tenant.as_str() || claims.sub != account.user_id || !account.must_change_password {
            return Err(stale());
        }
        if account.disabled {
            return Err(PortError::AccountDisabled);
        }
        let (new_password, old_hash) = (new_password.to_owned(), account.password_hash.clone());
        let new_hash = self
            .hash_work(move || {
                if password_matches(&new_password, &old_hash)? {
                    return Err(PortError::Invalid("choose a password other than the temporary one".into()));
                }
                hash_password(&new_password)
            })
            .await?;
        let (t, user_id, old_hash) = (tenant.to_string(), account.user_id.clone(), account.password_hash);
        self.with_conn(move |conn| {
            // Conditional on the temporary password still being the one read, so a replayed
            // session (or a reset meanwhile) changes nothing.
            let changed = conn
                .execute(
                    "UPDATE accounts SET password_hash = ?3, must_change_password = 0, temporary_expires_at = NULL
                     WHERE tenant = ?1 AND user_id = ?2 AND must_change_password = 1 AND password_hash = ?4",
                    params![t, user_id, new_hash, old_hash],
                )
                .map_err(backend)?;
            if changed == 1 { Ok(()) } else { Err(stale()) }
        })
        .await?;
        self.issue(tenant, &account.user_id, account.role.parse().map_err(backend)?)
    }

    async fn renew(&self, tenant: &TenantSlug, user_id: UserId, _renewal: Option<&str>) -> PortResult<IssuedTokens> {
        let refused = |why: &str| PortError::Unauthenticated(why.to_owned());
        match self.account_by_id(tenant, user_id).await? {
            None => Err(refused("the account no longer exists")),
            Some((_, true, _)) => Err(refused("the account is disabled")),
            Some((_, _, true)) => Err(refused("the password was reset")),
            Some((role, false, false)) => self.issue(tenant, &user_id.to_string(), role),
        }
    }

    async fn sign_out_everywhere(&self, tenant: &TenantSlug, user_id: UserId) -> PortResult<()> {
        // Sessions live in the items table (`usecases::sessions`); this backend keeps none itself.
        self.account_by_id(tenant, user_id).await?.map(|_| ()).ok_or(PortError::NotFound)
    }

    async fn verify(&self, token: &str) -> PortResult<Claims> {
        let c = self.decode(token, AUDIENCE)?;
        Ok(Claims {
            tenant: TenantSlug::parse(&c.tenant).map_err(|e| PortError::Unauthenticated(e.to_string()))?,
            user_id: UserId::parse(&c.sub).map_err(|e| PortError::Unauthenticated(e.to_string()))?,
            role: c.role,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn expired_tokens_and_tokens_of_another_key_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let identity = LocalIdentity::open(&dir.path().join("a.sqlite3"), &[1u8; 32]).unwrap();
        let other = LocalIdentity::open(&dir.path().join("b.sqlite3"), &[2u8; 32]).unwrap();
        let tenant = TenantSlug::parse("acme").unwrap();
        let user = uuid::Uuid::now_v7().to_string();

        let fresh = identity.token(&tenant, &user, Role::Admin, 60).unwrap();
        assert_eq!(identity.verify(&fresh).await.unwrap().role, Role::Admin);
        let expired = identity.token(&tenant, &user, Role::Admin, -3600).unwrap();
        assert!(matches!(identity.verify(&expired).await, Err(PortError::Unauthenticated(m)) if m.contains("Expired")));
        assert!(other.verify(&fresh).await.is_err(), "a token signed by another installation is refused");
    }

    fn invitation(tenant: &TenantSlug, email: &str) -> NewAccount {
        NewAccount {
            tenant: tenant.clone(),
            user_id: UserId(uuid::Uuid::now_v7()),
            email: Email::parse(email).unwrap(),
            role: Role::Interviewer,
            password: None,
        }
    }

    #[tokio::test]
    async fn temporary_passwords_expire_after_seven_days_and_a_reset_issues_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let identity = LocalIdentity::open(&dir.path().join("a.sqlite3"), &[1u8; 32]).unwrap();
        let tenant = TenantSlug::parse("acme").unwrap();
        let account = invitation(&tenant, "new@acme.example");
        let (user_id, email) = (account.user_id, account.email.clone());
        let temporary = identity.create_account(account).await.unwrap().unwrap();
        let expires_at: i64 = identity
            .with_conn(|c| c.query_row("SELECT temporary_expires_at FROM accounts", [], |r| r.get(0)).map_err(backend))
            .await
            .unwrap();
        let in_seven_days = chrono::Utc::now().timestamp() + TEMPORARY_PASSWORD_TTL_SECS;
        assert!((in_seven_days - expires_at).abs() < 60, "valid for 7 days");

        // Eight days later.
        identity
            .with_conn(|c| {
                c.execute("UPDATE accounts SET temporary_expires_at = temporary_expires_at - 8 * 86400", [])
                    .map_err(backend)
            })
            .await
            .unwrap();
        assert_eq!(identity.sign_in(&tenant, &email, &temporary).await, Err(PortError::PasswordExpired));
        assert!(
            matches!(identity.sign_in(&tenant, &email, "wrong-password-1").await, Err(PortError::Unauthenticated(_))),
            "only the right password learns that it expired"
        );

        let fresh = identity.reset_password(&tenant, user_id).await.unwrap().unwrap();
        assert_ne!(fresh, temporary);
        assert!(matches!(identity.sign_in(&tenant, &email, &fresh).await, Ok(SignedIn::NewPasswordRequired { .. })));
        let other = TenantSlug::parse("other").unwrap();
        assert_eq!(identity.reset_password(&other, user_id).await, Err(PortError::NotFound));
    }

    /// While sign-ins wait to hash (every hashing slot taken), the connection is free: other
    /// account work goes on. Before, argon2 ran inside the connection's lock.
    #[tokio::test]
    async fn hashing_never_holds_the_connection() {
        let dir = tempfile::tempdir().unwrap();
        let identity = Arc::new(LocalIdentity::open(&dir.path().join("a.sqlite3"), &[1u8; 32]).unwrap());
        let tenant = TenantSlug::parse("acme").unwrap();
        let mut account = invitation(&tenant, "known@acme.example");
        account.password = Some("known-password-1".into());
        let (user_id, email) = (account.user_id, account.email.clone());
        identity.create_account(account).await.unwrap();

        let slots = identity.hashing.available_permits() as u32;
        let held = identity.hashing.clone().acquire_many_owned(slots).await.unwrap();
        let pending: Vec<_> = (0..4)
            .map(|_| {
                let (identity, tenant, email) = (identity.clone(), tenant.clone(), email.clone());
                tokio::spawn(async move { identity.sign_in(&tenant, &email, "wrong-password-1").await })
            })
            .collect();
        tokio::task::yield_now().await;
        let meanwhile =
            tokio::time::timeout(std::time::Duration::from_secs(30), identity.set_role(&tenant, user_id, Role::Expert));
        assert_eq!(meanwhile.await.expect("the connection is free while hashes wait"), Ok(()));
        drop(held);
        for sign_in in pending {
            assert!(matches!(sign_in.await.unwrap(), Err(PortError::Unauthenticated(_))));
        }
    }
}
