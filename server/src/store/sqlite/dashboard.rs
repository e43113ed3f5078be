//! The dashboard's reads: the rows the dashboard computes its figures from.

use super::columns::instant_at;
use crate::clock::{format_day, from_stored, parse_day};
use crate::error::Error;
use crate::store::dashboard::{AgencyInfo, AgencyLine, DayFact, DayFigures, MonthCount};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashSet;
use time::Date;

pub fn ping(conn: &Connection) -> Result<(), Error> {
    conn.query_row("SELECT 1", [], |row| row.get::<_, i64>(0))?;
    Ok(())
}

/// The holidays the hub knows, as a set of days.
pub fn holiday_days(conn: &Connection) -> Result<HashSet<Date>, Error> {
    let mut statement = conn.prepare_cached("SELECT day FROM holidays")?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    let mut days = HashSet::new();
    for row in rows {
        if let Some(day) = parse_day(&row?) {
            days.insert(day);
        }
    }
    Ok(days)
}

pub fn settings(conn: &Connection) -> Result<Vec<(String, String)>, Error> {
    let mut statement = conn.prepare_cached("SELECT key, value FROM dashboard_settings")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn save_settings(conn: &mut Connection, entries: &[(&str, String)]) -> Result<(), Error> {
    let tx = conn.transaction()?;
    {
        let mut upsert = tx.prepare(
            "INSERT INTO dashboard_settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?;
        for (key, value) in entries {
            upsert.execute(params![key, value])?;
        }
    }
    tx.commit()?;
    Ok(())
}

pub fn overview_agencies(conn: &Connection) -> Result<Vec<AgencyLine>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT a.id, a.code, a.name, a.revoked_at IS NOT NULL, a.last_sync_at,
                COALESCE(c.total, 0), COALESCE(c.verified, 0), a.region_code
         FROM agencies a
         LEFT JOIN (SELECT agency_id, COUNT(*) AS total,
                           COUNT(DISTINCT CASE WHEN verified = 1 THEN platform END) AS verified
                    FROM account_listings WHERE state = 'approved'
                    GROUP BY agency_id) c ON c.agency_id = a.id
         ORDER BY a.name, a.code",
    )?;
    let found = statement.query_map([], |row| {
        Ok(AgencyLine {
            id: row.get(0)?,
            code: row.get(1)?,
            name: row.get(2)?,
            revoked: row.get(3)?,
            last_sync: row
                .get::<_, Option<String>>(4)?
                .as_deref()
                .and_then(from_stored),
            accounts_total: row.get(5)?,
            accounts_verified: row.get(6)?,
            region: row.get(7)?,
        })
    })?;
    Ok(found.collect::<Result<_, _>>()?)
}

/// One pass over the period's rows, which `day_facts`' key (day, agency_id) keeps together.
/// The day comes as its offset from the period's first day, so no row allocates.
pub fn each_day_fact(
    conn: &Connection,
    from: Date,
    to: Date,
    visit: &mut dyn FnMut(DayFact),
) -> Result<(), Error> {
    let mut statement = conn.prepare_cached(
        "SELECT agency_id, CAST(julianday(day) - julianday(?1) AS INTEGER),
                ig_published, fb_published, ig_missed, fb_missed, received,
                answered_in_time, resolved, overdue, median_first_response
         FROM day_facts WHERE day BETWEEN ?1 AND ?2",
    )?;
    let mut found = statement.query(params![format_day(from), format_day(to)])?;
    while let Some(row) = found.next()? {
        visit(DayFact {
            agency_id: row.get(0)?,
            offset: row.get(1)?,
            ig_published: row.get(2)?,
            fb_published: row.get(3)?,
            ig_missed: row.get(4)?,
            fb_missed: row.get(5)?,
            received: row.get(6)?,
            answered_in_time: row.get(7)?,
            resolved: row.get(8)?,
            overdue: row.get(9)?,
            median_first_response: row.get(10)?,
        });
    }
    Ok(())
}

/// The agency with this code (as stored, uppercase), if there is one.
pub fn agency_info(conn: &Connection, code: &str) -> Result<Option<AgencyInfo>, Error> {
    let found = conn
        .prepare_cached(
            "SELECT id, code, name, created_at, revoked_at, last_sync_at, region_code
             FROM agencies WHERE code = ?1",
        )?
        .query_row([code], |row| {
            let instant = |i: usize| instant_at(row, i);
            Ok(AgencyInfo {
                id: row.get(0)?,
                code: row.get(1)?,
                name: row.get(2)?,
                created_at: instant(3)?,
                revoked_at: instant(4)?,
                last_sync: instant(5)?,
                region: row.get(6)?,
            })
        })
        .optional()?;
    Ok(found)
}

pub fn agency_days(
    conn: &Connection,
    agency_id: i64,
    from: Date,
    to: Date,
) -> Result<Vec<DayFigures>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT day, ig_published, fb_published, ig_missed, fb_missed, received,
                answered_in_time, resolved, overdue, open_backlog, median_first_response
         FROM day_facts WHERE agency_id = ?1 AND day BETWEEN ?2 AND ?3",
    )?;
    let mut found = Vec::new();
    let mut rows = statement.query(params![agency_id, format_day(from), format_day(to)])?;
    while let Some(row) = rows.next()? {
        let Some(day) = parse_day(&row.get::<_, String>(0)?) else {
            continue;
        };
        found.push(DayFigures {
            day,
            reported: true,
            ig_published: row.get(1)?,
            fb_published: row.get(2)?,
            ig_missed: row.get(3)?,
            fb_missed: row.get(4)?,
            received: row.get(5)?,
            answered_in_time: row.get(6)?,
            resolved: row.get(7)?,
            overdue: row.get(8)?,
            open_backlog: row.get(9)?,
            median_first_response: row.get(10)?,
        });
    }
    Ok(found)
}

pub fn complaint_counts(
    conn: &Connection,
    dimension: &str,
    from: Date,
    to: Date,
    region: Option<&crate::region::RegionCode>,
) -> Result<Vec<MonthCount>, Error> {
    // A regency's code matches itself; a province's, its regencies' (`32` → `32.%`).
    let mut statement = conn.prepare_cached(
        "SELECT substr(day, 1, 7), name, SUM(count) FROM day_counts
         WHERE dimension = ?1 AND day BETWEEN ?2 AND ?3
           AND (?4 IS NULL OR agency_id IN (SELECT id FROM agencies
                                            WHERE region_code = ?4 OR region_code LIKE ?4 || '.%'))
         GROUP BY substr(day, 1, 7), name",
    )?;
    let rows = statement.query_map(
        params![
            dimension,
            format_day(from),
            format_day(to),
            region.map(|r| r.as_str())
        ],
        |row| {
            Ok(MonthCount {
                month: row.get(0)?,
                name: row.get(1)?,
                count: row.get(2)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Agencies that have sent impersonation reports, as (code, name), by name.
pub fn reporting_agencies(conn: &Connection) -> Result<Vec<(String, String)>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT code, name FROM agencies
         WHERE id IN (SELECT DISTINCT agency_id FROM impersonation_reports)
         ORDER BY name, code",
    )?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
