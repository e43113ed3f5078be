//! The agencies' daily summaries, kept per PC: ingest, idempotent on (agency, PC, day,
//! schema version, revision), the dashboard's figures as the sum of the agency's PCs, and
//! export for Diskominfo (as `sqlite::summaries`).
//!
//! Several hub processes may ingest at once. Each batch locks its agency's row first, so the
//! batches of one agency (its PCs, or one batch sent to two replicas) take turns: the second
//! of two identical batches finds the first's rows and answers `unchanged`, and the figures of
//! an agency-day are always the sum of every PC's summary as committed.

use super::{to_u32, PgStore};
use crate::error::Error;
use crate::store::summaries::StoredSummary;
use crate::summary::{add_up, CheckedDay};
use medsos_protocol::{DailySummary, DayOutcome, DayResult};
use postgres::GenericClient;
use std::collections::{HashMap, HashSet};

impl PgStore {
    /// Stores a checked batch from the PC `device_id` of `agency_id` in one transaction and
    /// says what happened to each day (see `sqlite::summaries::ingest`).
    pub fn ingest_summaries(
        &self,
        agency_id: i64,
        device_id: i64,
        days: &[CheckedDay],
        received_at: &str,
    ) -> Result<Vec<DayResult>, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        tx.execute(
            "SELECT 1 FROM agencies WHERE id = $1 FOR UPDATE",
            &[&agency_id],
        )?;
        // What this PC already holds of the batch's days, in one read.
        let wanted: Vec<&str> = days.iter().map(|d| d.day.as_str()).collect();
        let mut held: HashMap<String, (u32, u32)> = HashMap::new();
        for row in tx.query(
            "SELECT day, revision, schema_version FROM summaries
             WHERE agency_id = $1 AND device_id = $2 AND day = ANY($3)",
            &[&agency_id, &device_id, &wanted],
        )? {
            held.insert(
                row.try_get(0)?,
                (
                    to_u32(row.try_get(1)?, "revisi")?,
                    to_u32(row.try_get(2)?, "versi skema")?,
                ),
            );
        }
        // The days of this batch another PC of the agency also holds, in one range read.
        let shared: HashSet<String> = match (
            days.iter().map(|d| d.day.as_str()).min(),
            days.iter().map(|d| d.day.as_str()).max(),
        ) {
            (Some(first), Some(last)) => tx
                .query(
                    "SELECT DISTINCT day FROM summaries
                     WHERE agency_id = $1 AND day BETWEEN $2 AND $3 AND device_id <> $4",
                    &[&agency_id, &first, &last, &device_id],
                )?
                .iter()
                .map(|row| row.try_get(0))
                .collect::<Result<_, _>>()?,
            _ => HashSet::new(),
        };
        let mut results = Vec::with_capacity(days.len());
        let mut written: Vec<&CheckedDay> = Vec::new();
        for day in days {
            let sent = (day.revision, day.schema_version);
            let (outcome, revision) = match held.get(&day.day).copied() {
                None => (DayOutcome::Stored, day.revision),
                Some(held) if sent > held => (DayOutcome::Replaced, day.revision),
                Some(held) if sent == held => (DayOutcome::Unchanged, day.revision),
                Some((held_revision, _)) => (DayOutcome::IgnoredOlder, held_revision),
            };
            if matches!(outcome, DayOutcome::Stored | DayOutcome::Replaced) {
                written.push(day);
            }
            results.push(DayResult {
                day: day.day.clone(),
                revision,
                outcome,
            });
        }
        if !written.is_empty() {
            // Every stored day in one statement: a batch is a handful of round trips, not a
            // few per day.
            let day_texts: Vec<&str> = written.iter().map(|d| d.day.as_str()).collect();
            let versions: Vec<i64> = written
                .iter()
                .map(|d| i64::from(d.schema_version))
                .collect();
            let revisions: Vec<i64> = written.iter().map(|d| i64::from(d.revision)).collect();
            let texts: Vec<&str> = written.iter().map(|d| d.json.as_str()).collect();
            tx.execute(
                "INSERT INTO summaries
                     (agency_id, device_id, day, schema_version, revision, summary, received_at)
                 SELECT $1, $2, d, v, r, s, $7
                 FROM unnest($3::text[], $4::bigint[], $5::bigint[], $6::text[]) AS t (d, v, r, s)
                 ON CONFLICT (agency_id, day, device_id) DO UPDATE SET
                    schema_version = excluded.schema_version,
                    revision = excluded.revision,
                    summary = excluded.summary,
                    received_at = excluded.received_at",
                &[
                    &agency_id,
                    &device_id,
                    &day_texts,
                    &versions,
                    &revisions,
                    &texts,
                    &received_at,
                ],
            )?;
            let (alone, with_others): (Vec<&CheckedDay>, Vec<&CheckedDay>) =
                written.into_iter().partition(|d| !shared.contains(&d.day));
            let alone: Vec<(&str, &DailySummary)> =
                alone.iter().map(|d| (d.day.as_str(), &d.summary)).collect();
            write_facts_of(&mut tx, agency_id, &alone)?;
            // A day another PC also reported is the sum of both: read back and added up.
            for day in with_others {
                refresh_facts(&mut tx, agency_id, &day.day)?;
            }
        }
        tx.execute(
            "UPDATE agencies SET last_sync_at = $2 WHERE id = $1",
            &[&agency_id, &received_at],
        )?;
        tx.execute(
            "UPDATE devices SET last_sync_at = $2 WHERE id = $1",
            &[&device_id, &received_at],
        )?;
        tx.commit()?;
        Ok(results)
    }

    /// Every agency's day from `from` to `to` (inclusive, `YYYY-MM-DD`) with a summary, its
    /// PCs added up, by day then agency code.
    pub fn summaries_between(&self, from: &str, to: &str) -> Result<Vec<StoredSummary>, Error> {
        let rows = self.conn()?.query(
            "SELECT a.code, a.name, s.day, s.schema_version, s.revision, s.received_at, s.summary
             FROM summaries s JOIN agencies a ON a.id = s.agency_id
             WHERE s.day BETWEEN $1 AND $2
             ORDER BY s.day, a.code, s.device_id",
            &[&from, &to],
        )?;
        let mut found: Vec<StoredSummary> = Vec::new();
        let mut parts: Vec<DailySummary> = Vec::new();
        let finish = |found: &mut Vec<StoredSummary>, parts: &mut Vec<DailySummary>| {
            if let (Some(last), Some(total)) = (found.last_mut(), add_up(parts)) {
                last.devices = parts.len() as u32;
                last.summary = total;
            }
            parts.clear();
        };
        for row in &rows {
            let agency_code: String = row.try_get(0)?;
            let agency_name: String = row.try_get(1)?;
            let day: String = row.try_get(2)?;
            let schema_version = to_u32(row.try_get(3)?, "versi skema")?;
            let revision = to_u32(row.try_get(4)?, "revisi")?;
            let received_at: String = row.try_get(5)?;
            let json: String = row.try_get(6)?;
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
}

/// The summaries every PC of the agency holds for `day`, as stored.
fn device_summaries(
    client: &mut impl GenericClient,
    agency_id: i64,
    day: &str,
) -> Result<Vec<DailySummary>, Error> {
    let rows = client.query(
        "SELECT summary FROM summaries WHERE agency_id = $1 AND day = $2 ORDER BY device_id",
        &[&agency_id, &day],
    )?;
    let mut found = Vec::with_capacity(rows.len());
    for row in &rows {
        let json: String = row.try_get(0)?;
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
pub(crate) fn refresh_facts(
    client: &mut impl GenericClient,
    agency_id: i64,
    day: &str,
) -> Result<(), Error> {
    let parts = device_summaries(client, agency_id, day)?;
    match add_up(&parts) {
        Some(total) => write_facts(client, agency_id, day, &total),
        None => {
            client.execute(
                "DELETE FROM day_facts WHERE agency_id = $1 AND day = $2",
                &[&agency_id, &day],
            )?;
            client.execute(
                "DELETE FROM day_counts WHERE agency_id = $1 AND day = $2",
                &[&agency_id, &day],
            )?;
            Ok(())
        }
    }
}

/// Replaces the dashboard's figures of one agency's day with those of `summary`.
fn write_facts(
    client: &mut impl GenericClient,
    agency_id: i64,
    day: &str,
    summary: &DailySummary,
) -> Result<(), Error> {
    write_facts_of(client, agency_id, &[(day, summary)])
}

/// Replaces the dashboard's figures of the agency's `days` (day, summary), all in three
/// statements whatever their number.
fn write_facts_of(
    client: &mut impl GenericClient,
    agency_id: i64,
    days: &[(&str, &DailySummary)],
) -> Result<(), Error> {
    if days.is_empty() {
        return Ok(());
    }
    let n = |v: u32| i64::from(v);
    let column =
        |f: &dyn Fn(&DailySummary) -> i64| -> Vec<i64> { days.iter().map(|(_, s)| f(s)).collect() };
    let optional = |f: &dyn Fn(&DailySummary) -> Option<i64>| -> Vec<Option<i64>> {
        days.iter().map(|(_, s)| f(s)).collect()
    };
    let day_texts: Vec<&str> = days.iter().map(|(d, _)| *d).collect();
    client.execute(
        "INSERT INTO day_facts (agency_id, day, ig_published, ig_scheduled, ig_missed,
                                fb_published, fb_scheduled, fb_missed, drafts_created,
                                briefs_fulfilled, received, answered_in_time, resolved, overdue,
                                open_backlog, median_first_response, median_resolution)
         SELECT $1, d, a, b, c, e, f, g, h, i, j, k, l, m, o, p, q
         FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
                     $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[],
                     $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[], $16::bigint[],
                     $17::bigint[])
              AS t (d, a, b, c, e, f, g, h, i, j, k, l, m, o, p, q)
         ON CONFLICT (day, agency_id) DO UPDATE SET
             ig_published = excluded.ig_published, ig_scheduled = excluded.ig_scheduled,
             ig_missed = excluded.ig_missed, fb_published = excluded.fb_published,
             fb_scheduled = excluded.fb_scheduled, fb_missed = excluded.fb_missed,
             drafts_created = excluded.drafts_created,
             briefs_fulfilled = excluded.briefs_fulfilled, received = excluded.received,
             answered_in_time = excluded.answered_in_time, resolved = excluded.resolved,
             overdue = excluded.overdue, open_backlog = excluded.open_backlog,
             median_first_response = excluded.median_first_response,
             median_resolution = excluded.median_resolution",
        &[
            &agency_id,
            &day_texts,
            &column(&|s| n(s.posts.instagram.published)),
            &column(&|s| n(s.posts.instagram.scheduled)),
            &column(&|s| n(s.posts.instagram.missed)),
            &column(&|s| n(s.posts.facebook.published)),
            &column(&|s| n(s.posts.facebook.scheduled)),
            &column(&|s| n(s.posts.facebook.missed)),
            &column(&|s| n(s.drafts_created)),
            &column(&|s| n(s.briefs_fulfilled)),
            &column(&|s| {
                s.complaints
                    .received_by_type
                    .values()
                    .map(|v| i64::from(*v))
                    .sum()
            }),
            &column(&|s| n(s.complaints.answered_within_deadline)),
            &column(&|s| n(s.complaints.resolved)),
            &column(&|s| n(s.complaints.overdue)),
            &column(&|s| n(s.complaints.open_backlog)),
            &optional(&|s| s.complaints.median_first_response_minutes.map(i64::from)),
            &optional(&|s| s.complaints.median_resolution_minutes.map(i64::from)),
        ],
    )?;
    client.execute(
        "DELETE FROM day_counts WHERE agency_id = $1 AND day = ANY($2)",
        &[&agency_id, &day_texts],
    )?;
    let mut count_days: Vec<&str> = Vec::new();
    let mut dimensions: Vec<&str> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    let mut counts: Vec<i64> = Vec::new();
    for (day, summary) in days {
        let complaints = &summary.complaints;
        for (dimension, by_name) in [
            ("type", &complaints.received_by_type),
            ("category", &complaints.received_by_category),
            ("kecamatan", &complaints.received_by_kecamatan),
            ("channel", &complaints.received_by_channel),
        ] {
            for (name, count) in by_name.iter().filter(|(_, n)| **n > 0) {
                count_days.push(day);
                dimensions.push(dimension);
                names.push(name);
                counts.push(i64::from(*count));
            }
        }
    }
    if !counts.is_empty() {
        // One statement for all of the days' counts.
        client.execute(
            "INSERT INTO day_counts (dimension, day, agency_id, name, count)
             SELECT dm, d, $5, nm, c
             FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS t (dm, d, nm, c)",
            &[&dimensions, &count_days, &names, &counts, &agency_id],
        )?;
    }
    Ok(())
}
