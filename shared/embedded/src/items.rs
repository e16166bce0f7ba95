//! The `Items` port on SQLite: one table keyed (pk, sk), conditions checked inside a transaction.

use async_trait::async_trait;
use mendan_core::ports::{Condition, Item, Items, Key, PortError, PortResult, Write};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::EmbeddedError;

pub struct SqliteItems {
    conn: Arc<Mutex<Connection>>,
}

/// The least key above every key that starts with `prefix` (its last character one higher), so a listing reads
/// only its own range of the partition's index instead of everything after the prefix: SQLite compares text as
/// bytes, and UTF-8 keeps the characters' order. `None` (no upper bound) for an empty prefix or a last character
/// without a successor.
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars = prefix.chars();
    let last = chars.next_back()?;
    let next = char::from_u32(u32::from(last) + 1)?;
    Some(format!("{}{next}", chars.as_str()))
}

fn backend(e: impl std::fmt::Display) -> PortError {
    PortError::Backend(format!("sqlite: {e}"))
}

impl SqliteItems {
    pub fn open(path: &Path) -> Result<Self, EmbeddedError> {
        let conn = crate::sqlite::open(
            path,
            "CREATE TABLE IF NOT EXISTS items (
                 pk TEXT NOT NULL, sk TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL,
                 PRIMARY KEY (pk, sk)
             ) WITHOUT ROWID;",
        )?;
        Ok(Self { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `work` on the connection off the async threads (SQLite calls block).
    async fn with_conn<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> PortResult<T> + Send + 'static,
    ) -> PortResult<T> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| backend("connection lock poisoned"))?;
            work(&mut guard)
        })
        .await
        .map_err(backend)?
    }
}

fn current_version(conn: &Connection, key: &Key) -> PortResult<Option<u64>> {
    conn.query_row("SELECT version FROM items WHERE pk = ?1 AND sk = ?2", params![key.pk, key.sk], |r| {
        r.get::<_, i64>(0)
    })
    .optional()
    .map(|v| v.map(|v| v as u64))
    .map_err(backend)
}

fn check(conn: &Connection, key: &Key, condition: Condition) -> PortResult<()> {
    let ok = match condition {
        Condition::Any => true,
        Condition::Absent => current_version(conn, key)?.is_none(),
        Condition::Version(v) => current_version(conn, key)? == Some(v),
    };
    if ok { Ok(()) } else { Err(PortError::ConditionFailed) }
}

fn apply(conn: &Connection, write: &Write) -> PortResult<()> {
    match write {
        Write::Put { item, condition } => {
            check(conn, &item.key, *condition)?;
            let body = serde_json::to_string(&item.body).map_err(backend)?;
            conn.execute(
                "INSERT INTO items (pk, sk, version, body) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (pk, sk) DO UPDATE SET version = excluded.version, body = excluded.body",
                params![item.key.pk, item.key.sk, item.version as i64, body],
            )
            .map_err(backend)?;
        }
        Write::Delete { key, condition } => {
            check(conn, key, *condition)?;
            conn.execute("DELETE FROM items WHERE pk = ?1 AND sk = ?2", params![key.pk, key.sk]).map_err(backend)?;
        }
    }
    Ok(())
}

fn row_to_item(pk: String, sk: String, version: i64, body: String) -> PortResult<Item> {
    Ok(Item { key: Key { pk, sk }, version: version as u64, body: serde_json::from_str(&body).map_err(backend)? })
}

/// The items of partition `pk` that `sql` (a `SELECT sk, version, body`) selects, in its order.
fn select_items(conn: &Connection, pk: &str, sql: &str, params: impl rusqlite::Params) -> PortResult<Vec<Item>> {
    let mut stmt = conn.prepare_cached(sql).map_err(backend)?;
    let rows = stmt
        .query_map(params, |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))
        .map_err(backend)?;
    rows.map(|row| {
        let (sk, v, b) = row.map_err(backend)?;
        row_to_item(pk.to_owned(), sk, v, b)
    })
    .collect()
}

#[async_trait]
impl Items for SqliteItems {
    async fn get(&self, key: &Key) -> PortResult<Option<Item>> {
        let key = key.clone();
        self.with_conn(move |conn| {
            let row = conn
                .query_row("SELECT version, body FROM items WHERE pk = ?1 AND sk = ?2", params![key.pk, key.sk], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })
                .optional()
                .map_err(backend)?;
            row.map(|(v, b)| row_to_item(key.pk, key.sk, v, b)).transpose()
        })
        .await
    }

    async fn put(&self, item: Item, condition: Condition) -> PortResult<()> {
        self.transact(vec![Write::Put { item, condition }]).await
    }

    async fn delete(&self, key: &Key, condition: Condition) -> PortResult<()> {
        self.transact(vec![Write::Delete { key: key.clone(), condition }]).await
    }

    async fn query(&self, pk: &str, sk_prefix: &str) -> PortResult<Vec<Item>> {
        let (pk, prefix, end) = (pk.to_owned(), sk_prefix.to_owned(), prefix_end(sk_prefix));
        self.with_conn(move |conn| {
            let sql = "SELECT sk, version, body FROM items
                       WHERE pk = ?1 AND sk >= ?2 AND (?3 IS NULL OR sk < ?3) AND substr(sk, 1, length(?2)) = ?2
                       ORDER BY sk";
            select_items(conn, &pk, sql, params![pk, prefix, end])
        })
        .await
    }

    async fn query_newest(
        &self,
        pk: &str,
        sk_prefix: &str,
        before: Option<&str>,
        limit: usize,
    ) -> PortResult<Vec<Item>> {
        let (pk, prefix, before) = (pk.to_owned(), sk_prefix.to_owned(), before.map(str::to_owned));
        let end = prefix_end(sk_prefix);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.with_conn(move |conn| {
            let sql = "SELECT sk, version, body FROM items
                       WHERE pk = ?1 AND sk >= ?2 AND (?5 IS NULL OR sk < ?5) AND substr(sk, 1, length(?2)) = ?2
                         AND (?3 IS NULL OR sk < ?3)
                       ORDER BY sk DESC LIMIT ?4";
            select_items(conn, &pk, sql, params![pk, prefix, before, limit, end])
        })
        .await
    }

    async fn transact(&self, writes: Vec<Write>) -> PortResult<()> {
        self.with_conn(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(backend)?;
            for write in &writes {
                apply(&tx, write)?; // dropping `tx` on error rolls everything back
            }
            tx.commit().map_err(backend)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::prefix_end;

    #[test]
    fn a_prefix_ends_just_above_every_key_it_starts() {
        assert_eq!(prefix_end("INTERVIEW#").as_deref(), Some("INTERVIEW$"));
        assert_eq!(prefix_end("面談").as_deref(), Some("面\u{8ac8}"));
        assert_eq!(prefix_end(""), None);
        let end = prefix_end("REC#a").unwrap();
        for key in ["REC#a", "REC#a#1", "REC#a\u{10ffff}", "REC#az"] {
            assert!(key < end.as_str(), "{key}");
        }
        assert!("REC#b" >= end.as_str());
    }
}
