//! The sync history Laporan & Sinkron lists (`kirim`, `daftar`, `gagal`), and the last error
//! its status line shows.

use crate::clock::{to_stored, Clock};
use crate::error::Result;
use crate::settings::set_value;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub(super) const LAST_ERROR_KEY: &str = "sync.last_error";
pub(super) const LAST_ERROR_AT_KEY: &str = "sync.last_error_at";

/// One line of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncLogEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// UTC, RFC 3339.
    pub at: String,
    /// `kirim`, `daftar` or `gagal`.
    pub kind: String,
    /// "2026-11-26 r2, 2026-11-27 r1"; empty when no day was involved.
    pub days: String,
    pub detail: String,
}

/// Adds a line to the history.
pub(super) fn log(
    conn: &Connection,
    clock: &dyn Clock,
    kind: &str,
    days: &str,
    detail: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_log (at, kind, days, detail) VALUES (?1, ?2, ?3, ?4)",
        params![to_stored(clock.now()), kind, days, detail],
    )?;
    Ok(())
}

/// Records a failed sync in the history and as the last error.
pub fn record_failure(conn: &Connection, clock: &dyn Clock, message: &str) -> Result<()> {
    let tx = crate::store::savepoint(conn)?;
    log(&tx, clock, "gagal", "", message)?;
    set_value(&tx, LAST_ERROR_KEY, message)?;
    set_value(&tx, LAST_ERROR_AT_KEY, &to_stored(clock.now()))?;
    tx.finish()?;
    Ok(())
}

/// The latest `limit` lines of the history, newest first.
pub fn history(conn: &Connection, limit: u32) -> Result<Vec<SyncLogEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, kind, days, detail FROM sync_log ORDER BY at DESC, id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(SyncLogEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            kind: r.get(2)?,
            days: r.get(3)?,
            detail: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
