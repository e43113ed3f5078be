//! The hub's SQLite store: one file for the whole regency.
//!
//! Operations are plain functions of a `&Connection` (see [`agencies`], [`enrolments`]) so the
//! CLI can call them directly and the HTTP handlers through [`Store::call`], which moves the
//! blocking SQLite work off the async runtime.

pub mod accounts;
pub mod agencies;
pub mod briefs;
pub mod devices;
pub mod enrolments;
pub mod holidays;
pub(crate) mod migrations;
pub mod reports;
pub mod summaries;
pub mod users;

pub use migrations::LATEST_VERSION;

use crate::error::Error;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// A stored UTC instant column (see `clock::to_stored`); NULL, or text that is not one, is
/// `None`.
pub(crate) fn instant_at(
    row: &rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<time::OffsetDateTime>> {
    Ok(row
        .get::<_, Option<String>>(index)?
        .as_deref()
        .and_then(crate::clock::from_stored))
}

/// How long a write waits for another connection (the admin CLI while the server runs)
/// before it gives up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens the store at `path`, creating the file and its folder when absent, and migrates it.
pub fn open(path: &Path) -> Result<Connection, Error> {
    let fail = |detail: String| Error::StoreOpen {
        path: path.to_path_buf(),
        detail,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            fail(format!(
                "folder {} tidak dapat dibuat: {e}",
                parent.display()
            ))
        })?;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| fail(e.to_string()))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| fail(e.to_string()))?;

    // Read before writing anything, so a file from a newer hub is left exactly as it was.
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| fail(e.to_string()))?;
    if found > LATEST_VERSION as i64 {
        return Err(fail(format!(
            "berkas ini dibuat oleh Medsos Hub yang lebih baru (skema {found}, versi ini paling tinggi {LATEST_VERSION})"
        )));
    }

    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| fail(e.to_string()))?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(|e| fail(e.to_string()))?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(|e| fail(e.to_string()))?;
    // 64 MB of page cache (the default is 2 MB): a year of 1,000 agencies' figures is about
    // 25 MB, and the dashboard reads all of it for a yearly overview.
    conn.pragma_update(None, "cache_size", -65536)
        .map_err(|e| fail(e.to_string()))?;
    migrations::migrations()
        .to_latest(&mut conn)
        .map_err(|e| fail(e.to_string()))?;
    Ok(conn)
}

/// The store as the server shares it between requests.
///
/// One writing connection behind a mutex (SQLite admits one writer at a time anyway) and,
/// when opened from a file, one read-only connection beside it for the dashboard, so a
/// yearly overview (WAL lets readers and the writer work at once) never holds up the PCs'
/// uploads. Callers only see [`Store::call`] and [`Store::read`].
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    reader: Option<Arc<Mutex<Connection>>>,
}

impl Store {
    /// One connection for everything (tests over a connection they built).
    pub fn new(conn: Connection) -> Self {
        Store {
            conn: Arc::new(Mutex::new(conn)),
            reader: None,
        }
    }

    /// Opens (see [`open`]) and wraps the store at `path`, with a read-only connection for
    /// the dashboard.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let writer = open(path)?;
        let fail = |e: rusqlite::Error| Error::StoreOpen {
            path: path.to_path_buf(),
            detail: e.to_string(),
        };
        let reader = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(fail)?;
        reader.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        reader
            .pragma_update(None, "cache_size", -65536)
            .map_err(fail)?;
        Ok(Store {
            conn: Arc::new(Mutex::new(writer)),
            reader: Some(Arc::new(Mutex::new(reader))),
        })
    }

    /// Runs read-only `work` on the reading connection (the writer when there is none), on
    /// tokio's blocking pool. A write attempted here fails: the connection is read-only.
    pub async fn read<T, F>(&self, work: F) -> Result<T, Error>
    where
        F: FnOnce(&Connection) -> Result<T, Error> + Send + 'static,
        T: Send + 'static,
    {
        let conn = Arc::clone(self.reader.as_ref().unwrap_or(&self.conn));
        tokio::task::spawn_blocking(move || {
            let conn = conn.lock().unwrap_or_else(PoisonError::into_inner);
            work(&conn)
        })
        .await?
    }

    /// Runs `work` with the connection on tokio's blocking pool, since rusqlite blocks.
    pub async fn call<T, F>(&self, work: F) -> Result<T, Error>
    where
        F: FnOnce(&mut Connection) -> Result<T, Error> + Send + 'static,
        T: Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A panic in an earlier call poisons the mutex, but its transaction was rolled
            // back when dropped during unwinding, so the connection is still sound.
            let mut conn = conn.lock().unwrap_or_else(PoisonError::into_inner);
            work(&mut conn)
        })
        .await?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_creates_the_folder_and_a_migrated_file_in_wal_mode() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("data").join("hub.sqlite3");
        let conn = open(&path).expect("opens");
        assert!(path.exists());
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .expect("journal_mode");
        assert_eq!(mode, "wal");
        let foreign_keys: i64 = conn
            .pragma_query_value(None, "foreign_keys", |row| row.get(0))
            .expect("foreign_keys");
        assert_eq!(foreign_keys, 1);
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .expect("user_version");
        assert_eq!(version, LATEST_VERSION as i64);
    }

    #[test]
    fn a_store_from_a_newer_hub_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("hub.sqlite3");
        {
            let conn = Connection::open(&path).expect("plain sqlite");
            conn.pragma_update(None, "user_version", 99).expect("set");
        }
        let err = open(&path).expect_err("too new");
        assert!(err.to_string().contains("lebih baru"), "{err}");
        let conn = Connection::open(&path).expect("plain sqlite");
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .expect("journal_mode");
        assert_eq!(mode, "delete");
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_reported_not_overwritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("hub.sqlite3");
        let text = "bukan basis data, catatan rapat ".repeat(100);
        std::fs::write(&path, &text).expect("write");
        assert!(matches!(open(&path), Err(Error::StoreOpen { .. })));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }
}
