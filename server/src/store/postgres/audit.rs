//! The audit log on PostgreSQL (as `sqlite::audit`).

use super::PgStore;
use crate::clock::{from_stored, to_stored};
use crate::error::Error;
use crate::store::audit::{Entry, NewEntry};
use time::OffsetDateTime;

impl PgStore {
    pub fn record_audit(&self, entry: &NewEntry<'_>, now: OffsetDateTime) -> Result<(), Error> {
        self.conn()?.execute(
            "INSERT INTO audit_log (at, officer, action, target, detail) VALUES ($1, $2, $3, $4, $5)",
            &[
                &to_stored(now),
                &entry.officer,
                &entry.action,
                &entry.target,
                &entry.detail,
            ],
        )?;
        Ok(())
    }

    /// Newest first in the order recorded (the id), so a page boundary never moves.
    pub fn audit_log_before(&self, before: Option<i64>, limit: usize) -> Result<Vec<Entry>, Error> {
        self.conn()?
            .query(
                "SELECT id, at, officer, action, target, detail FROM audit_log
                 WHERE $1::BIGINT IS NULL OR id < $1
                 ORDER BY id DESC LIMIT $2",
                &[&before, &i64::try_from(limit).unwrap_or(i64::MAX)],
            )?
            .iter()
            .map(|row| {
                Ok(Entry {
                    id: row.try_get(0)?,
                    at: from_stored(row.try_get(1)?),
                    officer: row.try_get(2)?,
                    action: row.try_get(3)?,
                    target: row.try_get(4)?,
                    detail: row.try_get(5)?,
                })
            })
            .collect()
    }
}
