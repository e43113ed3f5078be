//! What the month, week and list views read, and the end-of-day sweep that marks slots
//! nobody published as missed.

use super::slots::{slot_from_row, Slot, SLOT_SELECT};
use super::wib;
use crate::clock::{to_stored, Clock};
use crate::error::{Error, Result};
use rusqlite::{params, Connection};

/// The slots from one WIB day to another, both inclusive, earliest first. Cancelled slots
/// are left out: the calendar shows what will or did go out.
pub fn range(conn: &Connection, from_day_wib: &str, to_day_wib: &str) -> Result<Vec<Slot>> {
    let from = wib::parse_day("from", from_day_wib)?;
    let to = wib::parse_day("to", to_day_wib)?;
    if to < from {
        return Err(Error::invalid(
            "to",
            "Tanggal akhir tidak boleh sebelum tanggal awal.",
        ));
    }
    let mut stmt = conn.prepare_cached(&format!(
        "{SLOT_SELECT} WHERE s.at >= ?1 AND s.at < ?2 AND s.status != 'dibatalkan'
         ORDER BY s.at, s.id"
    ))?;
    let rows = stmt.query_map(
        params![
            to_stored(wib::day_start(from)),
            to_stored(wib::day_end(to)?)
        ],
        slot_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks every slot still terjadwal whose WIB day has ended as terlewat; returns how many.
/// Run at start and by the reminder timer; a slot is missed only once its whole day is
/// over, because admins often post a little late on the same day.
pub fn mark_missed(conn: &Connection, clock: &dyn Clock) -> Result<usize> {
    let today = wib::today(clock.now());
    Ok(conn.execute(
        "UPDATE slots SET status = 'terlewat', updated_at = ?1
         WHERE status = 'terjadwal' AND at < ?2",
        params![to_stored(clock.now()), to_stored(wib::day_start(today))],
    )?)
}

/// Every slot of one draft that was not called off, earliest first: what the draft editor
/// lists under "Jadwal tayang".
pub fn for_draft(conn: &Connection, draft_id: i64) -> Result<Vec<Slot>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SLOT_SELECT} WHERE s.draft_id = ?1 AND s.status != 'dibatalkan' ORDER BY s.at, s.id"
    ))?;
    let rows = stmt.query_map([draft_id], slot_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
