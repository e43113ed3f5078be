//! Telling which agency a request speaks for, from its device token alone.

use crate::error::Error;
use rusqlite::{Connection, OptionalExtension};

/// An enrolled, not revoked PC and the agency it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authenticated {
    pub agency_id: i64,
    pub device_id: i64,
}

/// The PC whose token hashes to `token_hash`, unless it was revoked.
pub fn authenticate(conn: &Connection, token_hash: &str) -> Result<Option<Authenticated>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT id, agency_id FROM devices WHERE token_hash = ?1 AND revoked_at IS NULL",
    )?;
    Ok(statement
        .query_row([token_hash], |row| {
            Ok(Authenticated {
                device_id: row.get(0)?,
                agency_id: row.get(1)?,
            })
        })
        .optional()?)
}
