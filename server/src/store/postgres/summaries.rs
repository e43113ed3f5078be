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
use postgres::types::ToSql;
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
        // Five round trips for a batch of new days, each statement prepared once per
        // connection: `BEGIN`, the agency's lock, one read of what the agency's PCs hold of
        // these days, one statement that writes everything, the commit.
        let lock = conn.statement("SELECT 1 FROM agencies WHERE id = $1 FOR UPDATE")?;
        let read = conn.statement(
            "SELECT device_id, day, revision, schema_version FROM summaries
             WHERE agency_id = $1 AND day = ANY($2)",
        )?;
        let write = conn.statement(WRITE_BATCH)?;
        // The lock is a statement of its own: a statement reads as of its start, so the read
        // below, made after the lock is granted, sees what the batch that held it committed.
        let mut tx = conn.transaction()?;
        tx.execute(&lock, &[&agency_id])?;
        let wanted: Vec<&str> = days.iter().map(|d| d.day.as_str()).collect();
        // What this PC already holds of the batch's days, and which of them another PC of the
        // agency also holds.
        let mut held: HashMap<String, (u32, u32)> = HashMap::new();
        let mut shared: HashSet<String> = HashSet::new();
        for row in tx.query(&read, &[&agency_id, &wanted])? {
            let day: String = row.try_get(1)?;
            if row.try_get::<_, i64>(0)? == device_id {
                held.insert(
                    day,
                    (
                        to_u32(row.try_get(2)?, "revisi")?,
                        to_u32(row.try_get(3)?, "versi skema")?,
                    ),
                );
            } else {
                shared.insert(day);
            }
        }
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
        let (alone, with_others): (Vec<&CheckedDay>, Vec<&CheckedDay>) = written
            .iter()
            .copied()
            .partition(|d| !shared.contains(&d.day));
        // A replaced day's old counts go first; a day no PC held has none.
        let replaced: Vec<&str> = alone
            .iter()
            .filter(|d| held.contains_key(&d.day))
            .map(|d| d.day.as_str())
            .collect();
        if !replaced.is_empty() {
            tx.execute(
                "DELETE FROM day_counts WHERE agency_id = $1 AND day = ANY($2)",
                &[&agency_id, &replaced],
            )?;
        }
        let day_texts: Vec<&str> = written.iter().map(|d| d.day.as_str()).collect();
        let versions: Vec<i64> = written
            .iter()
            .map(|d| i64::from(d.schema_version))
            .collect();
        let revisions: Vec<i64> = written.iter().map(|d| i64::from(d.revision)).collect();
        let texts: Vec<&str> = written.iter().map(|d| d.json.as_str()).collect();
        let alone: Vec<(&str, &DailySummary)> =
            alone.iter().map(|d| (d.day.as_str(), &d.summary)).collect();
        let facts = FactColumns::of(&alone);
        let counts = CountColumns::of(&alone);
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![
            &agency_id,
            &device_id,
            &day_texts,
            &versions,
            &revisions,
            &texts,
            &received_at,
        ];
        params.extend(facts.params());
        params.extend(counts.params());
        tx.execute(&write, &params)?;
        // A day another PC also reported is the sum of both: read back and added up.
        for day in with_others {
            refresh_facts(&mut tx, agency_id, &day.day)?;
        }
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

/// Everything a batch writes, in one statement: this PC's summaries ($3-$6), the figures of
/// the days it alone reported ($8-$23, [`FactColumns`]) and their complaint counts ($24-$27,
/// [`CountColumns`]), and the agency's and the PC's last sync ($7). Empty arrays write
/// nothing but the last sync; no sync time ($7 null) leaves the last sync as it was, for a
/// day's figures written again when no PC is syncing (see [`write_facts`]).
const WRITE_BATCH: &str = "
WITH stored AS (
    INSERT INTO summaries
        (agency_id, device_id, day, schema_version, revision, summary, received_at)
    SELECT $1, $2, d, v, r, s, $7
    FROM unnest($3::text[], $4::bigint[], $5::bigint[], $6::text[]) AS t (d, v, r, s)
    ON CONFLICT (agency_id, day, device_id) DO UPDATE SET
        schema_version = excluded.schema_version,
        revision = excluded.revision,
        summary = excluded.summary,
        received_at = excluded.received_at
), agency AS (
    UPDATE agencies SET last_sync_at = $7 WHERE id = $1 AND $7::text IS NOT NULL
), device AS (
    UPDATE devices SET last_sync_at = $7 WHERE id = $2 AND $7::text IS NOT NULL
), facts AS (
    INSERT INTO day_facts (agency_id, day, ig_published, ig_scheduled, ig_missed,
                           fb_published, fb_scheduled, fb_missed, drafts_created,
                           briefs_fulfilled, received, answered_in_time, resolved, overdue,
                           open_backlog, median_first_response, median_resolution)
    SELECT $1, d, a, b, c, e, f, g, h, i, j, k, l, m, o, p, q
    FROM unnest($8::text[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[],
                $13::bigint[], $14::bigint[], $15::bigint[], $16::bigint[], $17::bigint[],
                $18::bigint[], $19::bigint[], $20::bigint[], $21::bigint[], $22::bigint[],
                $23::bigint[])
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
        median_resolution = excluded.median_resolution
)
INSERT INTO day_counts (dimension, day, agency_id, name, count)
SELECT dm, d, $1, nm, c
FROM unnest($24::text[], $25::text[], $26::text[], $27::bigint[]) AS t (dm, d, nm, c)
ON CONFLICT (dimension, day, agency_id, name) DO UPDATE SET count = excluded.count";

/// The dashboard's figures of some days, one array per `day_facts` column.
struct FactColumns<'a> {
    days: Vec<&'a str>,
    columns: [Vec<i64>; 13],
    medians: [Vec<Option<i64>>; 2],
}

impl<'a> FactColumns<'a> {
    fn of(days: &[(&'a str, &DailySummary)]) -> Self {
        let n = |v: u32| i64::from(v);
        let column = |f: &dyn Fn(&DailySummary) -> i64| -> Vec<i64> {
            days.iter().map(|(_, s)| f(s)).collect()
        };
        let optional = |f: &dyn Fn(&DailySummary) -> Option<u32>| -> Vec<Option<i64>> {
            days.iter().map(|(_, s)| f(s).map(i64::from)).collect()
        };
        FactColumns {
            days: days.iter().map(|(d, _)| *d).collect(),
            columns: [
                column(&|s| n(s.posts.instagram.published)),
                column(&|s| n(s.posts.instagram.scheduled)),
                column(&|s| n(s.posts.instagram.missed)),
                column(&|s| n(s.posts.facebook.published)),
                column(&|s| n(s.posts.facebook.scheduled)),
                column(&|s| n(s.posts.facebook.missed)),
                column(&|s| n(s.drafts_created)),
                column(&|s| n(s.briefs_fulfilled)),
                column(&|s| {
                    s.complaints
                        .received_by_type
                        .values()
                        .map(|v| i64::from(*v))
                        .sum()
                }),
                column(&|s| n(s.complaints.answered_within_deadline)),
                column(&|s| n(s.complaints.resolved)),
                column(&|s| n(s.complaints.overdue)),
                column(&|s| n(s.complaints.open_backlog)),
            ],
            medians: [
                optional(&|s| s.complaints.median_first_response_minutes),
                optional(&|s| s.complaints.median_resolution_minutes),
            ],
        }
    }

    /// The 16 arrays in the column order of `day_facts`' insert.
    fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&self.days];
        params.extend(self.columns.iter().map(|c| c as &(dyn ToSql + Sync)));
        params.extend(self.medians.iter().map(|c| c as &(dyn ToSql + Sync)));
        params
    }
}

/// The complaint counts of some days, one row per (day, dimension, name) with a count above 0.
struct CountColumns<'a> {
    dimensions: Vec<&'static str>,
    days: Vec<&'a str>,
    names: Vec<&'a str>,
    counts: Vec<i64>,
}

impl<'a> CountColumns<'a> {
    fn of(days: &[(&'a str, &'a DailySummary)]) -> Self {
        let mut columns = CountColumns {
            dimensions: Vec::new(),
            days: Vec::new(),
            names: Vec::new(),
            counts: Vec::new(),
        };
        for (day, summary) in days {
            let complaints = &summary.complaints;
            for (dimension, by_name) in [
                ("type", &complaints.received_by_type),
                ("category", &complaints.received_by_category),
                ("kecamatan", &complaints.received_by_kecamatan),
                ("channel", &complaints.received_by_channel),
            ] {
                for (name, count) in by_name.iter().filter(|(_, n)| **n > 0) {
                    columns.dimensions.push(dimension);
                    columns.days.push(day);
                    columns.names.push(name);
                    columns.counts.push(i64::from(*count));
                }
            }
        }
        columns
    }

    /// The 4 arrays in the order of `day_counts`' insert: dimension, day, name, count.
    fn params(&self) -> [&(dyn ToSql + Sync); 4] {
        [&self.dimensions, &self.days, &self.names, &self.counts]
    }
}

/// Replaces the dashboard's figures of one agency's day with those of `summary`.
fn write_facts(
    client: &mut impl GenericClient,
    agency_id: i64,
    day: &str,
    summary: &DailySummary,
) -> Result<(), Error> {
    let days = [(day, summary)];
    client.execute(
        "DELETE FROM day_counts WHERE agency_id = $1 AND day = $2",
        &[&agency_id, &day],
    )?;
    // The batch statement with no summaries and no sync time: only the figures and counts.
    let no_text: Vec<&str> = Vec::new();
    let no_number: Vec<i64> = Vec::new();
    let no_device: i64 = 0;
    let no_sync: Option<&str> = None;
    let facts = FactColumns::of(&days);
    let counts = CountColumns::of(&days);
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![
        &agency_id, &no_device, &no_text, &no_number, &no_number, &no_text, &no_sync,
    ];
    params.extend(facts.params());
    params.extend(counts.params());
    client.execute(WRITE_BATCH, &params)?;
    Ok(())
}
