//! Finding complaints: full-text search (FTS5) and filters, a page at a time, in the order
//! an admin works: overdue first, then what falls due soonest, then the closed ones.
//!
//! The order is one stored integer, `list_rank` (see `deadlines/derive.rs`), and every
//! filter column has an index ending in it, so SQLite reads a page in order and stops after
//! it instead of sorting every match; "overdue" is a range of the same integer.
//!
//! A search is read whichever way round is cheaper: a rare word's few matches are looked up
//! and sorted; a common word's set of matches is built once and the inbox order walked
//! against it. Either way it counts at most [`SEARCH_COUNT_CAP`] matches.

use super::deadlines::derive::{due_wib, time_left_text};
use super::deadlines::rules::DeadlineKind;
use super::deadlines::stored::load_working_days;
use super::model::{
    channel_from_sql, complaint_number, kecamatan_name, kind_from_sql, ComplaintFilter,
    ComplaintPage, ComplaintSummary,
};
use super::privacy::{mask_name, mask_text};
use super::workflow::status_from_sql;
use crate::calendar::wib;
use crate::clock::{from_stored, Clock};
use crate::error::Result;
use crate::text::clean_line;
use medsos_rules::workdays::WorkingDays;
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::HashMap;

/// How much of the text a row shows.
pub(crate) const EXCERPT_CHARS: usize = 140;
/// The largest page the UI may ask for; the list is virtualised, not loaded whole.
pub const MAX_PAGE: u32 = 500;

/// Turns what the admin typed into a safe FTS5 query, as in Konten: every word quoted,
/// prefix-matched, all required; operators typed by the admin are searched as plain words.
pub(crate) fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(12)
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[doc(hidden)]
pub fn fts_query_for_bench(input: &str) -> String {
    fts_query(input).unwrap_or_default()
}

/// Searches count at most this many matches: counting every one of 40,000 matches of a
/// common word costs more than the whole page. The page says the total is capped and the
/// UI shows "1.000+".
pub const SEARCH_COUNT_CAP: u32 = 1_000;

/// Up to this many text matches, a search is driven from the matches: each is looked up
/// by id and the few are sorted (a rare word, a desa, a citizen's name: well under 1 ms).
/// Above it, walking the inbox order and testing membership stops sooner than looking up
/// and sorting tens of thousands of matches (see BENCHMARKS.md). Tests use a lower value
/// so that a small store exercises both ways.
const FEW_MATCHES: u32 = if cfg!(test) { 500 } else { 4_000 };

/// The WHERE conditions and their arguments for the filters other than the search words,
/// shared by the page, the count and the export (one meaning of every filter). Bad day
/// bounds are refused with the field named.
pub(crate) fn conditions(
    clock: &dyn Clock,
    filter: &ComplaintFilter,
) -> Result<(Vec<&'static str>, Vec<Value>)> {
    let mut parts: Vec<&'static str> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(status) = filter.status {
        parts.push("c.status = ?");
        args.push(Value::Text(status.as_str().into()));
    }
    match filter.overdue {
        Some(true) => {
            parts.push("c.list_rank <= ?");
            args.push(Value::Integer(clock.now().unix_timestamp()));
        }
        Some(false) => {
            parts.push("c.list_rank > ?");
            args.push(Value::Integer(clock.now().unix_timestamp()));
        }
        None => {}
    }
    if let Some(kind) = filter.kind {
        parts.push("c.kind = ?");
        args.push(Value::Text(kind.as_str().into()));
    }
    if let Some(id) = filter.category_id {
        parts.push("c.category_id = ?");
        args.push(Value::Integer(id));
    }
    if let Some(k) = filter
        .kecamatan
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        parts.push("c.kecamatan = ?");
        args.push(Value::Text(k.into()));
    }
    if let Some(channel) = filter.channel {
        parts.push("c.channel = ?");
        args.push(Value::Text(channel.as_str().into()));
    }
    let day = |field: &'static str, text: Option<&str>| -> Result<Option<time::Date>> {
        match text.map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => Ok(Some(wib::parse_day(field, d)?)),
            None => Ok(None),
        }
    };
    let (from, to) = (
        day("from", filter.from.as_deref())?,
        day("to", filter.to.as_deref())?,
    );
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(crate::Error::invalid(
                "from",
                "Tanggal awal harus sebelum atau sama dengan tanggal akhir.",
            ));
        }
    }
    if let Some(from) = from {
        parts.push("c.received_at >= ?");
        args.push(Value::Text(crate::clock::to_stored(wib::day_start(from))));
    }
    if let Some(to) = to {
        parts.push("c.received_at < ?");
        args.push(Value::Text(crate::clock::to_stored(wib::day_end(to)?)));
    }
    Ok((parts, args))
}

fn where_clause(parts: &[&str]) -> String {
    if parts.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", parts.join(" AND "))
    }
}

fn category_names(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM complaint_categories")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The excerpt a list shows: the start of the text on one line, identifiers masked.
/// Masked before cutting, so a phone number at the cut is not half shown.
pub(crate) fn excerpt(body: &str) -> String {
    let masked = mask_text(&clean_line(body));
    if masked.chars().count() <= EXCERPT_CHARS {
        masked
    } else {
        let cut: String = masked.chars().take(EXCERPT_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The columns a row of the list is built from, in the order [`summary_from_row`] reads.
fn summary_columns() -> String {
    format!(
        "c.id, c.channel, c.kind, c.category_id, c.kecamatan, c.status, c.citizen_name,
         substr(c.body, 1, {}), c.received_at, c.next_due_at, c.next_due_kind",
        EXCERPT_CHARS * 2
    )
}

fn summary_from_row(
    r: &rusqlite::Row<'_>,
    categories: &HashMap<i64, String>,
    days: &WorkingDays,
    now: time::OffsetDateTime,
) -> rusqlite::Result<ComplaintSummary> {
    let id: i64 = r.get(0)?;
    let category_id: i64 = r.get(3)?;
    let kecamatan: String = r.get(4)?;
    let citizen: String = r.get(6)?;
    let body: String = r.get(7)?;
    let received_at: String = r.get(8)?;
    let next = r
        .get::<_, Option<String>>(9)?
        .as_deref()
        .and_then(from_stored);
    let next_kind = r
        .get::<_, Option<String>>(10)?
        .as_deref()
        .and_then(DeadlineKind::parse);
    Ok(ComplaintSummary {
        id,
        number: complaint_number(id),
        channel: channel_from_sql(r.get(1)?)?,
        kind: kind_from_sql(r.get(2)?)?,
        category_name: categories.get(&category_id).cloned().unwrap_or_default(),
        kecamatan_name: kecamatan_name(&kecamatan),
        status: status_from_sql(r.get(5)?)?,
        citizen_masked: mask_name(&citizen),
        excerpt: excerpt(&body),
        received_at_wib: from_stored(&received_at)
            .map(wib::format_minute)
            .unwrap_or_default(),
        next_due_at_wib: next.map(due_wib),
        time_left_text: match (next, next_kind) {
            (Some(due), Some(kind)) => time_left_text(now, due, kind, days),
            _ => String::new(),
        },
        overdue: next.is_some_and(|d| now >= d),
    })
}

/// One page of the inbox and the number of matches; personal data always masked.
///
/// Without search words the total is exact. With them, at most [`SEARCH_COUNT_CAP`]
/// matches are counted (or as far as the page asked for reaches); beyond that
/// `total_capped` is set and `total` is the cap.
pub fn list(
    conn: &Connection,
    clock: &dyn Clock,
    filter: &ComplaintFilter,
    limit: u32,
    offset: u32,
) -> Result<ComplaintPage> {
    let limit = limit.min(MAX_PAGE);
    let (parts, mut args) = conditions(clock, filter)?;
    let categories = category_names(conn)?;
    let days = load_working_days(conn)?;
    let now = clock.now();

    let Some(query) = filter.query.as_deref().and_then(fts_query) else {
        let clause = where_clause(&parts);
        let total: u32 = conn
            .prepare_cached(&format!("SELECT count(*) FROM complaints c{clause}"))?
            .query_row(rusqlite::params_from_iter(&args), |r| r.get(0))?;
        args.push(Value::Integer(limit as i64));
        args.push(Value::Integer(offset as i64));
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM complaints c{clause} ORDER BY c.list_rank, c.id LIMIT ? OFFSET ?",
            summary_columns()
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            summary_from_row(r, &categories, &days, now)
        })?;
        return Ok(ComplaintPage {
            total,
            total_capped: false,
            items: rows.collect::<rusqlite::Result<_>>()?,
        });
    };

    // The text query is evaluated once, into its matches in id order; the filters and the
    // inbox order are then applied to them whichever way round is cheaper.
    let matched = text_matches(conn, &query)?;
    let cap = SEARCH_COUNT_CAP.max(offset.saturating_add(limit));
    // The ids in order, one past the cap: their number is the total, or tells it is capped.
    let ids = if matched.is_empty() {
        Vec::new()
    } else if matched.len() <= FEW_MATCHES as usize {
        ids_of_few(conn, &matched, &parts, args, cap as usize + 1)?
    } else {
        ids_walking_inbox(conn, &matched, &parts, args, cap as usize + 1)?
    };
    let total_capped = ids.len() > cap as usize;
    let total = if total_capped { cap } else { ids.len() as u32 };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM complaints c WHERE c.id = ?1",
        summary_columns()
    ))?;
    let items = ids
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|id| stmt.query_row([id], |r| summary_from_row(r, &categories, &days, now)))
        .collect::<rusqlite::Result<_>>()?;
    Ok(ComplaintPage {
        total,
        total_capped,
        items,
    })
}

/// The complaints whose text matches, ascending. FTS5 gives them in rowid order; they are
/// sorted anyway should that ever change, since membership is tested by binary search.
fn text_matches(conn: &Connection, query: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?1 ORDER BY rowid",
    )?;
    let mut rows = stmt.query([query])?;
    let mut ids = Vec::new();
    while let Some(row) = rows.next()? {
        ids.push(row.get::<_, i64>(0)?);
    }
    if !ids.is_sorted() {
        ids.sort_unstable();
    }
    Ok(ids)
}

/// Few matches: each is looked up by id (through `json_each`, so the text query is not
/// evaluated again), the filters tested, the survivors sorted; at most `max` ids.
fn ids_of_few(
    conn: &Connection,
    matched: &[i64],
    parts: &[&str],
    mut args: Vec<Value>,
    max: usize,
) -> Result<Vec<i64>> {
    let list = format!(
        "[{}]",
        matched
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    args.insert(0, Value::Text(list));
    args.push(Value::Integer(max as i64));
    let filters: String = parts.iter().map(|p| format!(" AND {p}")).collect();
    // CROSS JOIN keeps the matches as the outer loop: one rowid lookup each.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id FROM json_each(?) AS m CROSS JOIN complaints c
         WHERE c.id = m.value{filters} ORDER BY c.list_rank, c.id LIMIT ?"
    ))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Many matches: the inbox order (or the index of a filter, which ends in it) is walked
/// and each complaint tested against the matches, until `max` are found. With a word in a
/// third of the complaints that is ~3,000 steps for the 1,001 ids, well under a millisecond.
fn ids_walking_inbox(
    conn: &Connection,
    matched: &[i64],
    parts: &[&str],
    args: Vec<Value>,
    max: usize,
) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT c.id FROM complaints c{} ORDER BY c.list_rank, c.id",
        where_clause(parts)
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    let mut ids = Vec::new();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if matched.binary_search(&id).is_ok() {
            ids.push(id);
            if ids.len() >= max {
                break;
            }
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn typed_operators_become_plain_quoted_words() {
        assert_eq!(
            fts_query("jalan OR \"NEAR(cugenang* -rusak"),
            Some("\"jalan\"* \"OR\"* \"NEAR\"* \"cugenang\"* \"rusak\"*".into())
        );
        assert_eq!(fts_query(" \"*^ "), None);
    }

    /// A batched import (600 rows: two full batches and a part) writes one complaint and one
    /// "baru" step per row; a word in a few of them is read from its matches and still
    /// filtered and ordered like the inbox.
    #[test]
    fn batched_import_and_a_filtered_search_over_few_matches() {
        use crate::complaints::{
            categories, insert_many, Channel, ComplaintInput, ComplaintKind, ComplaintStatus,
        };
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::Store::open(dir.path().join("s.sqlite3")).unwrap();
        let clock = crate::FixedClock::new(time::macros::datetime!(2026-12-23 05:00 UTC));
        let category = categories::list(store.conn()).unwrap()[0].id;
        let inputs: Vec<ComplaintInput> = (0..600)
            .map(|i| ComplaintInput {
                channel: Channel::Whatsapp,
                source_url: String::new(),
                citizen_name: format!("Warga {i}"),
                citizen_contact: String::new(),
                body: format!(
                    "Lampu mati nomor {i}{}",
                    if i % 40 == 3 { " di Cibeber" } else { "" }
                ),
                received_at_wib: format!("2026-12-{:02}T{:02}:00", 1 + i % 20, 8 + i % 10),
                kind: ComplaintKind::Pengaduan,
                category_id: category,
                kecamatan: String::new(),
            })
            .collect();
        let tx = store.conn_mut().transaction().unwrap();
        assert_eq!(insert_many(&tx, &clock, &inputs, "Impor").unwrap(), 600);
        tx.execute(
            "UPDATE complaints SET status = 'diverifikasi' WHERE id % 2 = 0",
            [],
        )
        .unwrap();
        tx.commit().unwrap();
        let conn = store.conn();
        let (complaints, events, distinct): (i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM complaints),
                        (SELECT count(*) FROM complaint_events WHERE to_status = 'baru'),
                        (SELECT count(DISTINCT complaint_id) FROM complaint_events)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((complaints, events, distinct), (600, 600, 600));
        let bodies: i64 = conn
            .query_row(
                "SELECT count(*) FROM complaints WHERE body = 'Lampu mati nomor ' || (id - 1)
                     || CASE WHEN (id - 1) % 40 = 3 THEN ' di Cibeber' ELSE '' END",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            bodies, 600,
            "rows keep their order and values across batches"
        );

        let all: Vec<i64> = list(conn, &clock, &ComplaintFilter::default(), 500, 0)
            .unwrap()
            .items
            .into_iter()
            .chain(
                list(conn, &clock, &ComplaintFilter::default(), 500, 500)
                    .unwrap()
                    .items,
            )
            .map(|s| s.id)
            .collect();
        let filter = ComplaintFilter {
            query: Some("cibeber".into()),
            status: Some(ComplaintStatus::Diverifikasi),
            ..Default::default()
        };
        let page = list(conn, &clock, &filter, 5, 2).unwrap();
        let expected: Vec<i64> = all
            .iter()
            .copied()
            .filter(|id| (id - 1) % 40 == 3 && id % 2 == 0)
            .collect();
        assert_eq!(
            (page.total, page.total_capped),
            (expected.len() as u32, false)
        );
        assert_eq!(
            page.items.iter().map(|s| s.id).collect::<Vec<_>>(),
            expected[2..7]
        );
    }
}
