//! The `Identity` port on one machine: accounts in SQLite with argon2id password hashes, and
//! HS256 JWTs signed with a key derived from the data directory's secret.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use async_trait::async_trait;
use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use mendan_core::domain::{Email, Role, TenantSlug, UserId};
use mendan_core::ports::{Claims, Identity, NewAccount, PortError, PortResult, SignedIn};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::EmbeddedError;

pub const ISSUER: &str = "mendan-local";
pub const AUDIENCE: &str = "mendan";
/// Sessions of the new-password step carry another audience, so they never pass as a bearer token.
const NEW_PASSWORD_AUDIENCE: &str = "mendan-new-password";
/// A working day; the UI signs in again after that.
const TOKEN_TTL_SECS: i64 = 12 * 60 * 60;
/// Time to choose a new password after signing in with a temporary one (Cognito allows 3 minutes
/// to 15; the embedded backend takes the upper end).
const NEW_PASSWORD_TTL_SECS: i64 = 15 * 60;

pub struct LocalIdentity {
    conn: Arc<Mutex<Connection>>,
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

/// 18 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes = random_bytes::<18>();
    bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS random source failing is not recoverable for a server that signs and hashes.
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
}

/// Data directories made before temporary passwords had to be replaced lack the column.
fn add_must_change_column(conn: &Connection) -> rusqlite::Result<()> {
    let has: bool =
        conn.prepare("SELECT 1 FROM pragma_table_info('accounts') WHERE name = 'must_change_password'")?.exists([])?;
    if !has {
        conn.execute_batch("ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0")?;
    }
    Ok(())
}

fn hash_password(password: &str) -> PortResult<String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(backend)?;
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt).map_err(backend)?.to_string())
}

fn password_matches(password: &str, hash: &str) -> PortResult<bool> {
    let parsed = PasswordHash::new(hash).map_err(backend)?;
    Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// An account as sign-in reads it.
struct AccountRow {
    user_id: String,
    role: String,
    password_hash: String,
    disabled: bool,
    must_change_password: bool,
}

fn account_row(conn: &Connection, tenant: &str, email: &str) -> PortResult<Option<AccountRow>> {
    conn.query_row(
        "SELECT user_id, role, password_hash, disabled, must_change_password FROM accounts
         WHERE tenant = ?1 AND email = ?2",
        params![tenant, email],
        |r| {
            Ok(AccountRow {
                user_id: r.get(0)?,
                role: r.get(1)?,
                password_hash: r.get(2)?,
                disabled: r.get(3)?,
                must_change_password: r.get(4)?,
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
        add_must_change_column(&conn).map_err(fail)?;
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(b"mendan jwt");
        let key = mac.finalize().into_bytes();
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
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

    fn token(&self, tenant: &TenantSlug, user_id: &str, role: Role, ttl_secs: i64) -> PortResult<String> {
        self.signed(tenant, user_id, role, AUDIENCE, ttl_secs)
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
        let must_change = temporary.is_some();
        self.with_conn(move |conn| {
            let hash = hash_password(&password)?;
            let inserted = conn.execute(
                "INSERT INTO accounts (tenant, user_id, email, role, password_hash, must_change_password)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    account.tenant.as_str(),
                    account.user_id.to_string(),
                    account.email.as_str(),
                    account.role.as_str(),
                    hash,
                    must_change
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
        let (t, e, password) = (tenant.to_string(), email.to_string(), password.to_owned());
        let account = self
            .with_conn(move |conn| {
                let wrong = || PortError::Unauthenticated("wrong e-mail address or password".into());
                let account = account_row(conn, &t, &e)?.ok_or_else(wrong)?;
                if !password_matches(&password, &account.password_hash)? {
                    return Err(wrong());
                }
                if account.disabled {
                    return Err(PortError::Unauthenticated("account disabled".into()));
                }
                Ok(account)
            })
            .await?;
        let role: Role = account.role.parse().map_err(backend)?;
        if account.must_change_password {
            let session = self.signed(tenant, &account.user_id, role, NEW_PASSWORD_AUDIENCE, NEW_PASSWORD_TTL_SECS)?;
            return Ok(SignedIn::NewPasswordRequired { session });
        }
        Ok(SignedIn::Token(self.token(tenant, &account.user_id, role, TOKEN_TTL_SECS)?))
    }

    async fn choose_password(
        &self,
        tenant: &TenantSlug,
        email: &Email,
        session: &str,
        new_password: &str,
    ) -> PortResult<String> {
        let claims = self.decode(session, NEW_PASSWORD_AUDIENCE)?;
        let (t, e, new_password) = (tenant.to_string(), email.to_string(), new_password.to_owned());
        let (user_id, role) = self
            .with_conn(move |conn| {
                let stale = || PortError::Unauthenticated("the new-password session does not match".into());
                let account = account_row(conn, &t, &e)?.ok_or_else(stale)?;
                if claims.tenant != t || claims.sub != account.user_id || !account.must_change_password {
                    return Err(stale());
                }
                if password_matches(&new_password, &account.password_hash)? {
                    return Err(PortError::Invalid("choose a password other than the temporary one".into()));
                }
                // Conditional on the flag, so a replayed session cannot change the password twice.
                let changed = conn
                    .execute(
                        "UPDATE accounts SET password_hash = ?3, must_change_password = 0
                         WHERE tenant = ?1 AND user_id = ?2 AND must_change_password = 1",
                        params![t, account.user_id, hash_password(&new_password)?],
                    )
                    .map_err(backend)?;
                if changed != 1 {
                    return Err(stale());
                }
                Ok((account.user_id, account.role))
            })
            .await?;
        self.token(tenant, &user_id, role.parse().map_err(backend)?, TOKEN_TTL_SECS)
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
}
