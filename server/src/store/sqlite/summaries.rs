//! The agencies' daily summaries, kept per PC: ingest, idempotent on (agency, PC, day,
//! schema version, revision), the dashboard's figures as the sum of the agency's PCs, and
//! export for Diskominfo.

use crate::error::Error;
use crate::store::summaries::StoredSummary;
use crate::summary::{add_up, CheckedDay};
use medsos_protocol::{DailySummary, DayOutcome, DayResult};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

/// Stores a checked batch from the PC `device_id` of `agency_id` in one transaction and says
/// what happened to each day. A replay of a held revision writes nothing; a higher revision
/// replaces the one this PC sent before (compared as (revision, schema version)); a lower one
/// is left out. Another PC's summary of the same day is never touched: the agency's figures
/// are the sum of its PCs'.
pub fn ingest(
    conn: &mut Connection,
    agency_id: i64,
    device_id: i64,
    days: &[CheckedDay],
    received_at: &str,
) -> Result<Vec<DayResult>, Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut results = Vec::with_capacity(days.len());
    {
        let mut held = tx.prepare_cached(
            "SELECT revision, schema_version FROM summaries
             WHERE agency_id = ?1 AND device_id = ?2 AND day = ?3",
        )?;
        let mut upsert = tx.prepare_cached(
            "INSERT INTO summaries
                 (agency_id, device_id, day, schema_version, revision, summary, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (agency_id, day, device_id) DO UPDATE SET
                schema_version = excluded.schema_version,
                revision = excluded.revision,
                summary = excluded.summary,
                received_at = excluded.received_at",
        )?;
        // The days of this batch another PC of the agency also holds, in one range read: for
        // every other day, this PC's summary is the agency's day as it stands.
        let shared: std::collections::HashSet<String> = match (
            days.iter().map(|d| d.day.as_str()).min(),
            days.iter().map(|d| d.day.as_str()).max(),
        ) {
            (Some(first), Some(last)) => tx
                .prepare_cached(
                    "SELECT DISTINCT day FROM summaries
                     WHERE agency_id = ?1 AND day BETWEEN ?2 AND ?3 AND device_id <> ?4",
                )?
                .query_map(params![agency_id, first, last, device_id], |row| row.get(0))?
                .collect::<Result<_, _>>()?,
            _ => Default::default(),
        };
        for day in days {
            let found: Option<(u32, u32)> = held
                .query_row(params![agency_id, device_id, day.day], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional()?;
            let sent = (day.revision, day.schema_version);
            let (outcome, revision) = match found {
                None => (DayOutcome::Stored, day.revision),
                Some(held) if sent > held => (DayOutcome::Replaced, day.revision),
                Some(held) if sent == held => (DayOutcome::Unchanged, day.revision),
                Some((held_revision, _)) => (DayOutcome::IgnoredOlder, held_revision),
            };
            if matches!(outcome, DayOutcome::Stored | DayOutcome::Replaced) {
                upsert.execute(params![
                    agency_id,
                    device_id,
                    day.day,
                    day.schema_version,
                    day.revision,
                    day.json,
                    received_at
                ])?;
                if shared.contains(&day.day) {
                    refresh_facts(&tx, agency_id, &day.day)?;
                } else {
                    write_facts(&tx, agency_id, &day.day, &day.summary)?;
                }
            }
            results.push(DayResult {
                day: day.day.clone(),
                revision,
                outcome,
            });
        }
    }
    tx.execute(
        "UPDATE agencies SET last_sync_at = ?2 WHERE id = ?1",
        params![agency_id, received_at],
    )?;
    tx.execute(
        "UPDATE devices SET last_sync_at = ?2 WHERE id = ?1",
        params![device_id, received_at],
    )?;
    tx.commit()?;
    Ok(results)
}

/// The summaries every PC of the agency holds for `day`, as stored.
fn device_summaries(
    conn: &Connection,
    agency_id: i64,
    day: &str,
) -> Result<Vec<DailySummary>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT summary FROM summaries WHERE agency_id = ?1 AND day = ?2 ORDER BY device_id",
    )?;
    let rows = statement.query_map(params![agency_id, day], |row| row.get::<_, String>(0))?;
    let mut found = Vec::new();
    for json in rows {
        let json = json?;
        found.push(serde_json::from_str(&json).map_err(|e| {
            Error::Export(format!(
                "ringkasan PD {agency_id} {day} tersimpan rusak ({e})"
            ))
        })?);
    }
    Ok(found)
}

/// Writes the dashboard's figures of one agency's day again as the sum of its PCs'
/// summaries (none left: the day's figures go).
pub fn refresh_facts(conn: &Connection, agency_id: i64, day: &str) -> Result<(), Error> {
    let parts = device_summaries(conn, agency_id, day)?;
    match add_up(&parts) {
        Some(total) => write_facts(conn, agency_id, day, &total),
        None => {
            conn.execute(
                "DELETE FROM day_facts WHERE agency_id = ?1 AND day = ?2",
                params![agency_id, day],
            )?;
            conn.execute(
                "DELETE FROM day_counts WHERE agency_id = ?1 AND day = ?2",
                params![agency_id, day],
            )?;
            Ok(())
        }
    }
}

/// Replaces the dashboard's figures of one agency's day with those of `summary`.
fn write_facts(
    tx: &Connection,
    agency_id: i64,
    day: &str,
    summary: &DailySummary,
) -> Result<(), Error> {
    let posts = &summary.posts;
    let complaints = &summary.complaints;
    let received: i64 = complaints
        .received_by_type
        .values()
        .map(|n| i64::from(*n))
        .sum();
    tx.prepare_cached(
        "INSERT OR REPLACE INTO day_facts VALUES
         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        agency_id,
        day,
        posts.instagram.published,
        posts.instagram.scheduled,
        posts.instagram.missed,
        posts.facebook.published,
        posts.facebook.scheduled,
        posts.facebook.missed,
        summary.drafts_created,
        summary.briefs_fulfilled,
        received,
        complaints.answered_within_deadline,
        complaints.resolved,
        complaints.overdue,
        complaints.open_backlog,
        complaints.median_first_response_minutes,
        complaints.median_resolution_minutes,
    ])?;
    tx.prepare_cached("DELETE FROM day_counts WHERE agency_id = ?1 AND day = ?2")?
        .execute(params![agency_id, day])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO day_counts (dimension, day, agency_id, name, count) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (dimension, counts) in [
        ("type", &complaints.received_by_type),
        ("category", &complaints.received_by_category),
        ("kecamatan", &complaints.received_by_kecamatan),
        ("channel", &complaints.received_by_channel),
    ] {
        for (name, count) in counts.iter().filter(|(_, n)| **n > 0) {
            insert.execute(params![dimension, day, agency_id, name, count])?;
        }
    }
    Ok(())
}

/// Every agency's day from `from` to `to` (inclusive, `YYYY-MM-DD`) with a summary, its PCs
/// added up, by day then agency code.
pub fn between(conn: &Connection, from: &str, to: &str) -> Result<Vec<StoredSummary>, Error> {
    let mut statement = conn.prepare(
        "SELECT a.code, a.name, s.day, s.schema_version, s.revision, s.received_at, s.summary
         FROM summaries s JOIN agencies a ON a.id = s.agency_id
         WHERE s.day BETWEEN ?1 AND ?2
         ORDER BY s.day, a.code, s.device_id",
    )?;
    let rows = statement.query_map(params![from, to], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, u32>(3)?,
            row.get::<_, u32>(4)?,
            row.get::<_, String>(5)?,
            row.get::<_, String>(6)?,
        ))
    })?;
    let mut found: Vec<StoredSummary> = Vec::new();
    let mut parts: Vec<DailySummary> = Vec::new();
    let finish = |found: &mut Vec<StoredSummary>, parts: &mut Vec<DailySummary>| {
        if let (Some(last), Some(total)) = (found.last_mut(), add_up(parts)) {
            last.devices = parts.len() as u32;
            last.summary = total;
        }
        parts.clear();
    };
    for row in rows {
        let (agency_code, agency_name, day, schema_version, revision, received_at, json) = row?;
        let summary: DailySummary = serde_json::from_str(&json).map_err(|e| {
            Error::Export(format!(
                "ringkasan {agency_code} {day} tersimpan rusak ({e})"
            ))
        })?;
        match found.last_mut() {
            Some(last) if last.agency_code == agency_code && last.day == day => {
                last.revision = last.revision.max(revision);
                last.schema_version = last.schema_version.max(schema_version);
                if received_at > last.received_at {
                    last.received_at = received_at;
                }
            }
            _ => {
                finish(&mut found, &mut parts);
                found.push(StoredSummary {
                    agency_code,
                    agency_name,
                    day,
                    schema_version,
                    revision,
                    received_at,
                    devices: 1,
                    summary: summary.clone(),
                });
            }
        }
        parts.push(summary);
    }
    finish(&mut found, &mut parts);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sqlite::migrations::migrations;
    use rusqlite_migration::SchemaVersion;

    fn facts(conn: &Connection, agency_id: i64) -> Vec<(String, Vec<Option<i64>>)> {
        let mut statement = conn
            .prepare("SELECT * FROM day_facts WHERE agency_id = ?1 ORDER BY day")
            .expect("prepare");
        statement
            .query_map([agency_id], |row| {
                let values = (2..17)
                    .map(|i| row.get::<_, Option<i64>>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((row.get(1)?, values))
            })
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    fn counts(conn: &Connection, agency_id: i64) -> Vec<(String, String, i64)> {
        let mut statement = conn
            .prepare(
                "SELECT dimension, name, count FROM day_counts WHERE agency_id = ?1
                 ORDER BY dimension, name",
            )
            .expect("prepare");
        statement
            .query_map([agency_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    /// Summaries stored before the dashboard existed get the same figures as new ones.
    #[test]
    fn the_migration_backfills_what_ingest_writes() {
        let mut conn = Connection::open_in_memory().expect("memory");
        migrations()
            .to_version(&mut conn, 2)
            .expect("schema of the sync release");
        assert_eq!(
            migrations().current_version(&conn).expect("version"),
            SchemaVersion::Inside(std::num::NonZeroUsize::new(2).expect("2"))
        );
        conn.execute_batch(
            "INSERT INTO agencies (id, code, name, created_at) VALUES
                (1, 'LAMA', 'Lama', '2026-07-01T00:00:00Z'),
                (2, 'BARU', 'Baru', '2026-07-01T00:00:00Z');",
        )
        .expect("agencies");
        let mut summary = DailySummary::example("2026-07-12", 1);
        summary.complaints.median_first_response_minutes = None;
        let json = serde_json::to_string(&summary).expect("json");
        conn.execute(
            "INSERT INTO summaries VALUES (1, '2026-07-12', 1, 1, ?1, '2026-07-12T15:00:00Z')",
            [&json],
        )
        .expect("old summary");
        migrations().to_latest(&mut conn).expect("migrates");

        let day = CheckedDay {
            day: "2026-07-12".to_owned(),
            schema_version: 1,
            revision: 1,
            json,
            summary,
        };
        ingest(&mut conn, 2, 0, &[day], "2026-07-12T15:00:00Z").expect("ingest");
        let old = facts(&conn, 1);
        assert_eq!(old.len(), 1);
        assert_eq!(old, facts(&conn, 2));
        assert!(!counts(&conn, 1).is_empty());
        assert_eq!(counts(&conn, 1), counts(&conn, 2));
        let last: Option<String> = conn
            .query_row("SELECT last_sync_at FROM agencies WHERE id = 1", [], |r| {
                r.get(0)
            })
            .expect("last sync");
        assert_eq!(last.as_deref(), Some("2026-07-12T15:00:00.000Z"));
    }
}
