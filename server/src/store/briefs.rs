//! Diskominfo's content briefs (arahan konten) for every PD.

use crate::brief::NewBrief;
use crate::clock::to_stored;
use crate::error::Error;
use medsos_protocol::Brief;
use rusqlite::{params, Connection};
use time::OffsetDateTime;

pub fn add(conn: &Connection, brief: &NewBrief, now: OffsetDateTime) -> Result<i64, Error> {
    conn.execute(
        "INSERT INTO briefs (title, body, programme, from_day, to_day, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            brief.title,
            brief.body,
            brief.programme,
            brief.from_day,
            brief.to_day,
            to_stored(now)
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Briefs whose last day is `since` (`YYYY-MM-DD`) or later, by first day then id.
pub fn ending_since(conn: &Connection, since: &str) -> Result<Vec<Brief>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT id, title, body, programme, from_day, to_day FROM briefs
         WHERE to_day >= ?1 ORDER BY from_day, id",
    )?;
    let rows = statement.query_map([since], |row| {
        Ok(Brief {
            id: row.get(0)?,
            title: row.get(1)?,
            body: row.get(2)?,
            programme: row.get(3)?,
            from_day: row.get(4)?,
            to_day: row.get(5)?,
            attachments: Vec::new(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
