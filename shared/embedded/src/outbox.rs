//! The durable side of the in-process event bus: every (event, handler) delivery is a row in the
//! data directory's SQLite database from the moment `publish` returns until its handler has
//! finished, so a crash or a shutdown in between only delays the work: `mendan serve` replays
//! what is left at its next start. What handlers gave up on is kept here too, as dead letters.

use mendan_core::ports::Event;
use rusqlite::{Connection, params};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::EmbeddedError;

/// Dead letters kept on disk; older ones are dropped so a handler failing forever cannot fill it.
pub const MAX_STORED_DEAD_LETTERS: i64 = 10_000;

/// One delivery still owed: `handler` names the subscription (see `InProcessEvents::subscribe`).
#[derive(Clone, Debug, PartialEq)]
pub struct PendingDelivery {
    pub id: i64,
    pub handler: String,
    pub event: Event,
    /// How many times a delivery of it was started (a start that never finished was cut off).
    pub starts: u32,
}

pub struct Outbox {
    conn: Arc<Mutex<Connection>>,
}

impl Outbox {
    pub fn open(path: &Path) -> Result<Self, EmbeddedError> {
        let conn = crate::sqlite::open(
            path,
            "CREATE TABLE IF NOT EXISTS event_deliveries (
                 id INTEGER PRIMARY KEY AUTOINCREMENT, handler TEXT NOT NULL, detail_type TEXT NOT NULL,
                 detail TEXT NOT NULL, starts INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS event_dead_letters (
                 id INTEGER PRIMARY KEY AUTOINCREMENT, handler TEXT NOT NULL, detail_type TEXT NOT NULL,
                 detail TEXT NOT NULL, error TEXT NOT NULL, attempts INTEGER NOT NULL, at TEXT NOT NULL
             );",
        )?;
        Ok(Self { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `work` on the connection off the async threads (SQLite calls block).
    async fn with_conn<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, String> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| "outbox connection lock poisoned".to_owned())?;
            work(&mut guard).map_err(|e| format!("sqlite: {e}"))
        })
        .await
        .map_err(|e| format!("outbox task failed: {e}"))?
    }

    /// Stores one delivery per handler in one transaction; returns their ids in the same order.
    pub async fn enqueue(&self, event: &Event, handlers: Vec<String>) -> Result<Vec<i64>, String> {
        let detail = event.detail.to_string();
        let detail_type = event.detail_type.clone();
        let now = chrono::Utc::now().to_rfc3339();
        self.with_conn(move |conn| {
            let tx = conn.transaction()?;
            let mut ids = Vec::with_capacity(handlers.len());
            for handler in handlers {
                tx.execute(
                    "INSERT INTO event_deliveries (handler, detail_type, detail, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![handler, detail_type, detail, now],
                )?;
                ids.push(tx.last_insert_rowid());
            }
            tx.commit()?;
            Ok(ids)
        })
        .await
    }

    /// Counts a start of the delivery, so one that keeps cutting the process off can be given up.
    pub async fn started(&self, id: i64) -> Result<(), String> {
        self.with_conn(move |conn| {
            conn.execute("UPDATE event_deliveries SET starts = starts + 1 WHERE id = ?1", params![id]).map(|_| ())
        })
        .await
    }

    /// The handler finished (successfully, or it was dead-lettered): nothing is owed any more.
    pub async fn done(&self, id: i64) -> Result<(), String> {
        self.with_conn(move |conn| conn.execute("DELETE FROM event_deliveries WHERE id = ?1", params![id]).map(|_| ()))
            .await
    }

    /// Keeps what a handler gave up on and, in the same transaction, settles its delivery.
    pub async fn dead_letter(
        &self,
        delivery: Option<i64>,
        handler: &str,
        event: &Event,
        error: &str,
        attempts: u32,
    ) -> Result<(), String> {
        let (handler, detail_type, detail) = (handler.to_owned(), event.detail_type.clone(), event.detail.to_string());
        let (error, now) = (error.to_owned(), chrono::Utc::now().to_rfc3339());
        self.with_conn(move |conn| {
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO event_dead_letters (handler, detail_type, detail, error, attempts, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![handler, detail_type, detail, error, attempts, now],
            )?;
            tx.execute(
                "DELETE FROM event_dead_letters WHERE id <= (SELECT MAX(id) FROM event_dead_letters) - ?1",
                params![MAX_STORED_DEAD_LETTERS],
            )?;
            if let Some(id) = delivery {
                tx.execute("DELETE FROM event_deliveries WHERE id = ?1", params![id])?;
            }
            tx.commit()
        })
        .await
    }

    /// Every delivery still owed, oldest first.
    pub async fn pending(&self) -> Result<Vec<PendingDelivery>, String> {
        self.with_conn(|conn| {
            let mut stmt =
                conn.prepare("SELECT id, handler, detail_type, detail, starts FROM event_deliveries ORDER BY id")?;
            let rows = stmt.query_map([], |r| {
                let detail: String = r.get(3)?;
                Ok(PendingDelivery {
                    id: r.get(0)?,
                    handler: r.get(1)?,
                    event: Event { detail_type: r.get(2)?, detail: serde_json::from_str(&detail).unwrap_or_default() },
                    starts: r.get(4)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    /// How many dead letters are stored (for tests and operators).
    pub async fn dead_letter_count(&self) -> Result<u64, String> {
        self.with_conn(|conn| conn.query_row("SELECT COUNT(*) FROM event_dead_letters", [], |r| r.get(0))).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: u32) -> Event {
        Event { detail_type: "Thing".into(), detail: serde_json::json!({ "tenant": "acme", "n": n }) }
    }

    #[tokio::test]
    async fn deliveries_survive_reopening_until_done() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db.sqlite3");
        let outbox = Outbox::open(&db).unwrap();
        let ids = outbox.enqueue(&event(1), vec!["Thing#0".into(), "Thing#1".into()]).await.unwrap();
        outbox.started(ids[0]).await.unwrap();
        outbox.done(ids[1]).await.unwrap();
        drop(outbox);

        let reopened = Outbox::open(&db).unwrap();
        let pending = reopened.pending().await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!((pending[0].handler.as_str(), pending[0].starts), ("Thing#0", 1));
        assert_eq!(pending[0].event, event(1));
        reopened.dead_letter(Some(ids[0]), "Thing#0", &event(1), "bad input", 1).await.unwrap();
        assert!(reopened.pending().await.unwrap().is_empty());
        assert_eq!(reopened.dead_letter_count().await.unwrap(), 1);
    }
}
