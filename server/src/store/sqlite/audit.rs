//! The audit log on SQLite (see `store::audit`).

use crate::clock::{from_stored, to_stored};
use crate::error::Error;
use crate::store::audit::{Entry, NewEntry};
use rusqlite::{params, Connection};
use time::OffsetDateTime;

pub fn record(conn: &Connection, entry: &NewEntry<'_>, now: OffsetDateTime) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO audit_log (at, officer, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            to_stored(now),
            entry.officer,
            entry.action,
            entry.target,
            entry.detail
        ],
    )?;
    Ok(())
}

/// Newest first in the order recorded (the id), so a page boundary never moves.
pub fn list(conn: &Connection, before: Option<i64>, limit: usize) -> Result<Vec<Entry>, Error> {
    let mut statement = conn.prepare(
        "SELECT id, at, officer, action, target, detail FROM audit_log
         WHERE ?1 IS NULL OR id < ?1
         ORDER BY id DESC LIMIT ?2",
    )?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = statement.query_map(params![before, limit], |row| {
        Ok(Entry {
            id: row.get(0)?,
            at: from_stored(&row.get::<_, String>(1)?),
            officer: row.get(2)?,
            action: row.get(3)?,
            target: row.get(4)?,
            detail: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
