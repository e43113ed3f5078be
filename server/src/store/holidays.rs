//! National holidays and cuti bersama, as the hub publishes them.

use crate::error::Error;
use medsos_protocol::{Holiday, HolidayKind};
use rusqlite::{params, Connection, TransactionBehavior};
use std::collections::BTreeSet;

/// The holidays of `year` in date order; empty when the hub has none for it.
pub fn for_year(conn: &Connection, year: i32) -> Result<Vec<Holiday>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT day, kind, name FROM holidays WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
    )?;
    let rows = statement.query_map(
        params![format!("{year:04}-01-01"), format!("{year:04}-12-31")],
        |row| {
            let kind: String = row.get(1)?;
            Ok(Holiday {
                day: row.get(0)?,
                // The table's CHECK allows only the two kinds.
                kind: HolidayKind::parse(&kind).unwrap_or(HolidayKind::LiburNasional),
                name: row.get(2)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replaces the holidays of every year that appears in `holidays` with exactly those, in one
/// transaction, so a day dropped from a corrected list disappears. Returns the years replaced.
pub fn replace_years(conn: &mut Connection, holidays: &[Holiday]) -> Result<Vec<i32>, Error> {
    let years: BTreeSet<i32> = holidays
        .iter()
        .filter_map(|h| h.day.get(..4)?.parse().ok())
        .collect();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for year in &years {
        tx.execute(
            "DELETE FROM holidays WHERE day BETWEEN ?1 AND ?2",
            params![format!("{year:04}-01-01"), format!("{year:04}-12-31")],
        )?;
    }
    {
        let mut insert = tx.prepare(
            "INSERT INTO holidays (day, kind, name) VALUES (?1, ?2, ?3)
             ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
        )?;
        for holiday in holidays {
            insert.execute(params![holiday.day, holiday.kind.as_str(), holiday.name])?;
        }
    }
    tx.commit()?;
    Ok(years.into_iter().collect())
}
