//! Sign-in throttling with exponential back-off, per account (tenant + e-mail) and per client
//! address, kept in short-lived items so every API instance (Lambda or `mendan serve`) sees the
//! same counts.
//!
//! An attempt is counted *before* any password work (a reservation), so a burst of concurrent
//! guesses is counted in full: each reservation is a conditional write on the counter's version.
//! A correct password then forgets the account's count and gives the address its attempt back.
//! Unknown accounts are counted like known ones, so a 429 reveals nothing about who exists.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

use crate::domain::{Email, TenantSlug};
use crate::error::SignInRefusal;
use crate::ports::{Condition, Item, Key, PortError};
use crate::repo::tenant_pk;
use crate::{CoreError, CoreResult, Ports};

/// How many failed attempts are free, and how the wait grows after them.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Attempts allowed without waiting.
    pub free: u32,
    /// The first wait; each further attempt doubles it.
    pub first_wait_secs: i64,
    pub max_wait_secs: i64,
    /// A counter untouched this long starts again from zero.
    pub forget_after_secs: i64,
}

/// One person's account: 5 free attempts, then 1 s, 2 s, 4 s … at most 15 minutes between tries.
pub const ACCOUNT: Limits =
    Limits { free: 5, first_wait_secs: 1, max_wait_secs: 15 * 60, forget_after_secs: 24 * 3600 };
/// One client address, which a whole office may share behind its NAT: ten times looser, and a
/// quiet hour forgets it.
pub const ADDRESS: Limits = Limits { free: 50, first_wait_secs: 1, max_wait_secs: 15 * 60, forget_after_secs: 3600 };

/// Concurrent attempts on one counter retry their conditional write at most this often. Each
/// round lets at least one writer through, so this many honest sign-ins at once from one office
/// all get counted (16 was too few: 25 colleagues at once got a 429 under load).
const MAX_WRITE_TRIES: usize = 64;

impl Limits {
    /// The wait before the next attempt once `attempts` have been made.
    pub fn wait_after(&self, attempts: u32) -> Duration {
        if attempts < self.free {
            return Duration::zero();
        }
        let doublings = (attempts - self.free).min(30);
        let secs = self.first_wait_secs.saturating_mul(1i64 << doublings).min(self.max_wait_secs);
        Duration::seconds(secs)
    }
}

/// The counter of one account or address.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Attempts {
    attempts: u32,
    /// No attempt is accepted before this.
    next_allowed: DateTime<Utc>,
    /// Past this the counter counts as absent.
    forget_at: DateTime<Utc>,
}

/// A counter an attempt is counted in.
enum Counter {
    Address(Key),
    Account(Key),
}

impl Counter {
    fn key(&self) -> &Key {
        match self {
            Counter::Address(key) | Counter::Account(key) => key,
        }
    }

    fn limits(&self) -> Limits {
        match self {
            Counter::Address(_) => ADDRESS,
            Counter::Account(_) => ACCOUNT,
        }
    }
}

impl Attempts {
    /// How long the next attempt must wait. Within the free attempts never: instances' clocks
    /// differ a little (Lambda), and a free attempt must not wait for another clock's "now".
    fn wait(&self, limits: Limits, now: DateTime<Utc>) -> Option<Duration> {
        (self.attempts >= limits.free && self.next_allowed > now).then(|| self.next_allowed - now)
    }
}

/// The counters one sign-in attempt was counted in; [`succeeded`] releases them.
pub struct Reservation {
    counters: Vec<Counter>,
}

fn account_key(tenant: &TenantSlug, email: &Email) -> Key {
    Key::new(tenant_pk(tenant), format!("SIGNIN#{email}"))
}

/// IPv6 clients get a whole /64 each, so they count per /64.
fn address_key(addr: IpAddr) -> Key {
    let bucket = match addr {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    };
    Key::new("SIGNIN", format!("ADDR#{bucket}"))
}

/// The counters an attempt on `tenant`/`email` from `client` is counted in. Input that cannot name
/// an account (no such tenant slug or e-mail syntax) is counted against the address alone.
fn counters(tenant: &str, email: &str, client: Option<IpAddr>) -> Vec<Counter> {
    let mut counters = Vec::with_capacity(2);
    if let Some(addr) = client {
        counters.push(Counter::Address(address_key(addr)));
    }
    if let (Ok(tenant), Ok(email)) = (TenantSlug::parse(tenant), Email::parse(email)) {
        counters.push(Counter::Account(account_key(&tenant, &email)));
    }
    counters
}

async fn read(ports: &Ports, key: &Key, now: DateTime<Utc>) -> CoreResult<(Option<u64>, Option<Attempts>)> {
    let Some(item) = ports.items.get(key).await? else { return Ok((None, None)) };
    // A counter that no longer parses is treated as forgotten (and overwritten).
    let attempts = serde_json::from_value::<Attempts>(item.body).ok().filter(|a| a.forget_at > now);
    Ok((Some(item.version), attempts))
}

fn too_many(wait: Duration) -> CoreError {
    // Whole seconds, rounded up, at least one: what Retry-After can say.
    let secs = ((wait.num_milliseconds() + 999) / 1000).max(1) as u64;
    CoreError::SignInRefused(SignInRefusal::TooManyAttempts { retry_after_secs: secs })
}

/// Counts one attempt in one counter, unless it must wait (then the wait is the error).
async fn count(ports: &Ports, key: &Key, limits: Limits) -> CoreResult<()> {
    for _ in 0..MAX_WRITE_TRIES {
        let now = ports.clock.now();
        let (version, current) = read(ports, key, now).await?;
        let attempts = current.as_ref().map_or(0, |a| a.attempts);
        if let Some(wait) = current.as_ref().and_then(|c| c.wait(limits, now)) {
            return Err(too_many(wait));
        }
        let next = Attempts {
            attempts: attempts.saturating_add(1),
            next_allowed: now + limits.wait_after(attempts.saturating_add(1)),
            forget_at: now + Duration::seconds(limits.forget_after_secs),
        };
        let condition = version.map_or(Condition::Absent, Condition::Version);
        let item = Item {
            key: key.clone(),
            version: version.map_or(1, |v| v + 1),
            body: serde_json::to_value(&next).map_err(|e| CoreError::Backend(e.to_string()))?,
        };
        match ports.items.put(item, condition).await {
            Ok(()) => return Ok(()),
            Err(PortError::ConditionFailed) => continue,
            Err(other) => return Err(other.into()),
        }
    }
    // So many attempts at once on one counter is itself a flood.
    Err(too_many(Duration::seconds(limits.first_wait_secs)))
}

/// Checks every counter before counting in any, so a throttled attempt changes nothing; then
/// counts the attempt in each. Call before any password work.
pub async fn reserve(ports: &Ports, tenant: &str, email: &str, client: Option<IpAddr>) -> CoreResult<Reservation> {
    let counters = counters(tenant, email, client);
    let now = ports.clock.now();
    for counter in &counters {
        if let (_, Some(current)) = read(ports, counter.key(), now).await?
            && let Some(wait) = current.wait(counter.limits(), now)
        {
            return Err(too_many(wait));
        }
    }
    for counter in &counters {
        count(ports, counter.key(), counter.limits()).await?;
    }
    Ok(Reservation { counters })
}

/// A correct password: the account starts again from zero, and the address gets its attempt
/// back (an office signing in every morning is not a flood).
pub async fn succeeded(ports: &Ports, reservation: Reservation) {
    for counter in reservation.counters {
        let result = match &counter {
            Counter::Account(key) => ports.items.delete(key, Condition::Any).await,
            Counter::Address(key) => give_back(ports, key).await,
        };
        if let Err(error) = result {
            tracing::warn!(%error, "could not release a sign-in counter");
        }
    }
}

/// Takes one attempt off an address's counter. Retried like counting: many colleagues behind one
/// address sign in at once, and a give-back lost to a race would stay counted against all of them
/// (the load benchmark's calm phase throttled honest sign-ins that way).
async fn give_back(ports: &Ports, key: &Key) -> Result<(), PortError> {
    for _ in 0..MAX_WRITE_TRIES {
        let Some(item) = ports.items.get(key).await? else { return Ok(()) };
        let Ok(mut current) = serde_json::from_value::<Attempts>(item.body) else { return Ok(()) };
        current.attempts = current.attempts.saturating_sub(1);
        let body = serde_json::to_value(&current).map_err(|e| PortError::Backend(e.to_string()))?;
        let updated = Item { key: key.clone(), version: item.version + 1, body };
        match ports.items.put(updated, Condition::Version(item.version)).await {
            Err(PortError::ConditionFailed) => continue,
            other => return other,
        }
    }
    Err(PortError::ConditionFailed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_after_the_free_attempts_up_to_the_cap() {
        let waits: Vec<i64> = (0..=17).map(|n| ACCOUNT.wait_after(n).num_seconds()).collect();
        assert_eq!(&waits[..5], &[0, 0, 0, 0, 0]);
        assert_eq!(&waits[5..10], &[1, 2, 4, 8, 16]);
        assert_eq!(waits[15], 900, "capped at 15 minutes");
        assert_eq!(ACCOUNT.wait_after(u32::MAX).num_seconds(), 900, "no overflow");
        assert_eq!(ADDRESS.wait_after(49).num_seconds(), 0, "looser per address");
    }

    #[test]
    fn free_attempts_never_wait_for_another_clock() {
        let now: DateTime<Utc> = "2026-11-28T03:00:00Z".parse().unwrap();
        let ahead = now + Duration::milliseconds(40);
        let free = Attempts { attempts: 3, next_allowed: ahead, forget_at: now + Duration::hours(1) };
        assert_eq!(free.wait(ACCOUNT, now), None);
        let spent = Attempts { attempts: 5, ..free };
        assert_eq!(spent.wait(ACCOUNT, now), Some(Duration::milliseconds(40)));
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_key(mapped), address_key("192.0.2.7".parse().unwrap()));
    }
}
