//! Timers on one machine: a table in the data directory's database, so a reminder set before a
//! restart of `mendan serve` still fires after it. A ticker publishes each due timer's event on
//! the in-process bus (whose durable outbox takes it from there) and then removes the timer, unless
//! it was set anew meanwhile.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use mendan_core::ports::{Event, Events, PortError, PortResult, Timers};
use rusqlite::{Connection, params};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::EmbeddedError;

/// How often the ticker looks for due timers: reminders are hours ahead, a second late is nothing.
pub const TICK: Duration = Duration::from_secs(1);
/// Due timers published per tick at most (a backlog after a long stop drains over a few ticks).
const BATCH: i64 = 100;

#[derive(Clone)]
pub struct SqliteTimers {
    conn: Arc<Mutex<Connection>>,
}

/// One due timer, as read: removed after publishing only if still exactly this.
struct Due {
    name: String,
    due_ms: i64,
    event: Event,
}

impl SqliteTimers {
    pub fn open(path: &Path) -> Result<Self, EmbeddedError> {
        let conn = crate::sqlite::open(
            path,
            "CREATE TABLE IF NOT EXISTS timers (
                 name TEXT PRIMARY KEY, due_ms INTEGER NOT NULL, detail_type TEXT NOT NULL, detail TEXT NOT NULL
             );
             CREATE INDEX IF NOT EXISTS timers_due ON timers (due_ms);",
        )?;
        Ok(Self { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `work` on the connection off the async threads (SQLite calls block).
    async fn with_conn<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> PortResult<T> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| PortError::Backend("timers connection lock poisoned".into()))?;
            work(&mut guard).map_err(|e| PortError::Backend(format!("sqlite: {e}")))
        })
        .await
        .map_err(|e| PortError::Backend(format!("timers task failed: {e}")))?
    }

    async fn due(&self, now: DateTime<Utc>) -> PortResult<Vec<Due>> {
        let now_ms = now.timestamp_millis();
        self.with_conn(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT name, due_ms, detail_type, detail FROM timers WHERE due_ms <= ?1 ORDER BY due_ms LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![now_ms, BATCH], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })?;
            let mut due = Vec::new();
            for row in rows {
                let (name, due_ms, detail_type, detail) = row?;
                // A row that no longer parses is published as JSON null rather than blocking the rest.
                let detail = serde_json::from_str(&detail).unwrap_or_default();
                due.push(Due { name, due_ms, event: Event { detail_type, detail } });
            }
            Ok(due)
        })
        .await
    }

    async fn remove_if_unchanged(&self, due: &Due) -> PortResult<()> {
        let (name, due_ms, detail) = (due.name.clone(), due.due_ms, due.event.detail.to_string());
        self.with_conn(move |conn| {
            conn.execute(
                "DELETE FROM timers WHERE name = ?1 AND due_ms = ?2 AND detail = ?3",
                params![name, due_ms, detail],
            )
            .map(|_| ())
        })
        .await
    }

    /// Publishes every timer due by `now`; answers how many. A crash between the publishing and
    /// the removal publishes it again at the next tick: reminders are mailed once per notice.
    pub async fn fire_due(&self, events: &dyn Events, now: DateTime<Utc>) -> PortResult<usize> {
        let due = self.due(now).await?;
        for timer in &due {
            events.publish(timer.event.clone()).await?;
            self.remove_if_unchanged(timer).await?;
        }
        Ok(due.len())
    }

    /// Fires due timers every [`TICK`] for as long as the process runs.
    pub fn start(self, events: Arc<dyn Events>) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(TICK);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                tick.tick().await;
                if let Err(error) = self.fire_due(events.as_ref(), Utc::now()).await {
                    tracing::warn!(%error, "could not fire due timers; trying again");
                }
            }
        })
    }
}

#[async_trait]
impl Timers for SqliteTimers {
    async fn set(&self, name: &str, at: DateTime<Utc>, event: Event) -> PortResult<()> {
        let (name, due_ms, detail_type, detail) =
            (name.to_owned(), at.timestamp_millis(), event.detail_type, event.detail.to_string());
        self.with_conn(move |conn| {
            conn.execute(
                "INSERT INTO timers (name, due_ms, detail_type, detail) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET due_ms = excluded.due_ms, detail_type = excluded.detail_type,
                 detail = excluded.detail",
                params![name, due_ms, detail_type, detail],
            )
            .map(|_| ())
        })
        .await
    }

    async fn cancel(&self, name: &str) -> PortResult<()> {
        let name = name.to_owned();
        self.with_conn(move |conn| conn.execute("DELETE FROM timers WHERE name = ?1", params![name]).map(|_| ())).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mendan_core::ports::PortResult;
    use tokio::sync::Mutex as AsyncMutex;

    #[derive(Default)]
    struct Published(AsyncMutex<Vec<Event>>);

    #[async_trait]
    impl Events for Published {
        async fn publish(&self, event: Event) -> PortResult<()> {
            self.0.lock().await.push(event);
            Ok(())
        }
    }

    fn event(n: i64) -> Event {
        Event { detail_type: "Thing".into(), detail: serde_json::json!({ "n": n }) }
    }

    #[tokio::test]
    async fn timers_fire_once_when_due_move_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db.sqlite3");
        let t0 = Utc::now();
        {
            let timers = SqliteTimers::open(&db).unwrap();
            timers.set("a", t0 + chrono::Duration::seconds(10), event(1)).await.unwrap();
            timers.set("b", t0 + chrono::Duration::seconds(5), event(2)).await.unwrap();
            timers.set("c", t0 + chrono::Duration::seconds(5), event(3)).await.unwrap();
            timers.cancel("c").await.unwrap();
            timers.cancel("never-set").await.unwrap();
            // Moved later: not due at +6 s any more.
            timers.set("b", t0 + chrono::Duration::seconds(20), event(2)).await.unwrap();
        }
        let reopened = SqliteTimers::open(&db).unwrap();
        let published = Published::default();
        assert_eq!(reopened.fire_due(&published, t0 + chrono::Duration::seconds(6)).await.unwrap(), 0);
        assert_eq!(reopened.fire_due(&published, t0 + chrono::Duration::seconds(11)).await.unwrap(), 1);
        assert_eq!(reopened.fire_due(&published, t0 + chrono::Duration::seconds(12)).await.unwrap(), 0, "once");
        assert_eq!(reopened.fire_due(&published, t0 + chrono::Duration::seconds(30)).await.unwrap(), 1);
        let got: Vec<i64> = published.0.lock().await.iter().map(|e| e.detail["n"].as_i64().unwrap()).collect();
        assert_eq!(got, [1, 2]);
    }
}
