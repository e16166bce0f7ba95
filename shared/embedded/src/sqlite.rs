//! Opening the data directory's database the one way its stores share: each store (items, the
//! event outbox) keeps a connection of its own to the same file, in WAL mode, waiting up to 5 s for
//! another connection's write, and creates its own tables.

use rusqlite::Connection;
use std::path::Path;

use crate::EmbeddedError;

/// Opens `path` with the shared settings and runs `schema` (its `CREATE TABLE IF NOT EXISTS`).
pub(crate) fn open(path: &Path, schema: &str) -> Result<Connection, EmbeddedError> {
    let fail = |source| EmbeddedError::Database { path: path.into(), source };
    let conn = Connection::open(path).map_err(fail)?;
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;")
        .map_err(fail)?;
    conn.execute_batch(schema).map_err(fail)?;
    Ok(conn)
}
