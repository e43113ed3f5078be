//! Deadlines in the store: the rules kept in settings, the holidays and pauses read for a
//! derivation, and the derived columns written back on each complaint.

use super::derive::{derive_paused, fold_pauses, DeadlineInputs, Derived, Pause};
use super::rules::{DeadlineRule, RuleBook};
use crate::calendar::wib;
use crate::clock::{from_stored, to_stored, Clock};
use crate::complaints::categories;
use crate::complaints::kind::ComplaintKind;
use crate::complaints::workflow::status_from_sql;
use crate::error::{Error, Result};
use crate::settings::{get_value, set_value};
use crate::store::savepoint;
use medsos_rules::workdays::WorkingDays;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use time::OffsetDateTime;

const KIND_KEY: &str = "aduan.tenggat.jenis.";
const CATEGORY_KEY: &str = "aduan.tenggat.kategori.";

/// The deadline rule for a kind of complaint.
pub fn kind_rule(conn: &Connection, kind: ComplaintKind) -> Result<DeadlineRule> {
    Ok(get_value(conn, &format!("{KIND_KEY}{}", kind.as_str()))?
        .and_then(|v| DeadlineRule::from_setting(&v))
        .unwrap_or_default())
}

/// Changes a kind's rule and recomputes the deadlines of every open complaint.
pub fn set_kind_rule(
    conn: &Connection,
    clock: &dyn Clock,
    kind: ComplaintKind,
    rule: &DeadlineRule,
) -> Result<DeadlineRule> {
    rule.validate()?;
    let tx = savepoint(conn)?;
    set_value(
        &tx,
        &format!("{KIND_KEY}{}", kind.as_str()),
        &rule.to_setting(),
    )?;
    recompute_open_deadlines(&tx, clock)?;
    tx.finish()?;
    kind_rule(conn, kind)
}

/// A category's own rule, which beats the kind's; `None` when it has none.
pub fn category_rule(conn: &Connection, category_id: i64) -> Result<Option<DeadlineRule>> {
    Ok(get_value(conn, &format!("{CATEGORY_KEY}{category_id}"))?
        .and_then(|v| DeadlineRule::from_setting(&v)))
}

/// Sets (or with `None` removes) a category's own rule and recomputes open deadlines.
pub fn set_category_rule(
    conn: &Connection,
    clock: &dyn Clock,
    category_id: i64,
    rule: Option<&DeadlineRule>,
) -> Result<Option<DeadlineRule>> {
    categories::get(conn, category_id)?;
    let key = format!("{CATEGORY_KEY}{category_id}");
    let tx = savepoint(conn)?;
    match rule {
        Some(rule) => {
            rule.validate()?;
            set_value(&tx, &key, &rule.to_setting())?;
        }
        None => {
            tx.execute("DELETE FROM settings WHERE key = ?1", [&key])?;
        }
    }
    recompute_open_deadlines(&tx, clock)?;
    tx.finish()?;
    category_rule(conn, category_id)
}

impl RuleBook {
    pub(crate) fn load(conn: &Connection) -> Result<RuleBook> {
        let mut kinds = HashMap::new();
        for kind in ComplaintKind::ALL {
            kinds.insert(kind, kind_rule(conn, kind)?);
        }
        let mut categories = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT key, value FROM settings WHERE key LIKE 'aduan.tenggat.kategori.%'",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (key, value) = row?;
            if let (Some(id), Some(rule)) = (
                key[CATEGORY_KEY.len()..].parse::<i64>().ok(),
                DeadlineRule::from_setting(&value),
            ) {
                categories.insert(id, rule);
            }
        }
        Ok(RuleBook { kinds, categories })
    }
}

/// The working-day calendar with the store's holidays.
pub(crate) fn load_working_days(conn: &Connection) -> Result<WorkingDays> {
    let mut stmt = conn.prepare_cached("SELECT tanggal FROM holidays")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut holidays = Vec::new();
    for row in rows {
        if let Ok(day) = wib::parse_day("tanggal", &row?) {
            holidays.push(day);
        }
    }
    Ok(WorkingDays::new(holidays))
}

const PAUSE_STEPS: &str = "(to_status = 'ditunda' OR from_status = 'ditunda')";

/// The completed pauses of one complaint.
pub(crate) fn pauses_of(conn: &Connection, id: i64) -> Result<Vec<Pause>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT from_status, to_status, at FROM complaint_events
         WHERE complaint_id = ?1 AND {PAUSE_STEPS} ORDER BY id"
    ))?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let (mut pauses, mut open) = (Vec::new(), None);
    for row in rows {
        let (from, to, at) = row?;
        fold_pauses(&mut pauses, &mut open, from.as_deref(), &to, &at);
    }
    Ok(pauses)
}

/// The completed pauses of every complaint that has any, read in one pass for a recompute
/// of all open complaints.
fn all_pauses(conn: &Connection) -> Result<HashMap<i64, Vec<Pause>>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT complaint_id, from_status, to_status, at FROM complaint_events
         WHERE {PAUSE_STEPS} ORDER BY complaint_id, id"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out: HashMap<i64, Vec<Pause>> = HashMap::new();
    let (mut last_id, mut open) = (None, None);
    for row in rows {
        let (id, from, to, at) = row?;
        if last_id != Some(id) {
            last_id = Some(id);
            open = None;
        }
        fold_pauses(
            out.entry(id).or_default(),
            &mut open,
            from.as_deref(),
            &to,
            &at,
        );
    }
    out.retain(|_, p| !p.is_empty());
    Ok(out)
}

const INPUT_COLUMNS: &str = "id, received_at, kind, category_id, status,
    first_response_at, verified_at, followed_up_at, resolved_at";

fn inputs_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeadlineInputs> {
    let received: String = r.get(1)?;
    let kind: String = r.get(2)?;
    let met = |i: usize| -> rusqlite::Result<Option<OffsetDateTime>> {
        Ok(r.get::<_, Option<String>>(i)?.map(|t| {
            // A met step whose instant cannot be read still counts as met.
            from_stored(&t).unwrap_or(OffsetDateTime::UNIX_EPOCH)
        }))
    };
    Ok(DeadlineInputs {
        id: r.get(0)?,
        received: from_stored(&received).unwrap_or(OffsetDateTime::UNIX_EPOCH),
        kind: ComplaintKind::parse(&kind).unwrap_or(ComplaintKind::Pengaduan),
        category_id: r.get(3)?,
        status: status_from_sql(r.get(4)?)?,
        met_at: [met(5)?, met(6)?, met(7)?, met(8)?],
    })
}

fn write_derived(conn: &Connection, id: i64, d: &Derived) -> Result<()> {
    conn.prepare_cached(
        "UPDATE complaints SET due_first_response = ?2, due_verification = ?3,
             due_follow_up = ?4, due_resolution = ?5, next_due_at = ?6, next_due_kind = ?7,
             list_rank = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        to_stored(d.due[0]),
        to_stored(d.due[1]),
        to_stored(d.due[2]),
        to_stored(d.due[3]),
        d.next.map(|(_, at)| to_stored(at)),
        d.next.map(|(kind, _)| kind.as_str()),
        d.rank,
    ])?;
    Ok(())
}

/// Recomputes one complaint's deadlines after it changed.
pub(crate) fn refresh_one(conn: &Connection, id: i64) -> Result<()> {
    let book = RuleBook::load(conn)?;
    let days = load_working_days(conn)?;
    refresh_with(conn, id, &book, &days)
}

/// [`refresh_one`] with the settings and holidays already read, for many rows at once.
pub(crate) fn refresh_with(
    conn: &Connection,
    id: i64,
    book: &RuleBook,
    days: &WorkingDays,
) -> Result<()> {
    let inputs = conn
        .prepare_cached(&format!(
            "SELECT {INPUT_COLUMNS} FROM complaints WHERE id = ?1"
        ))?
        .query_row([id], inputs_from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "Aduan" })?;
    let rule = book.rule(inputs.kind, inputs.category_id);
    let pauses = pauses_of(conn, id)?;
    let derived = derive_paused(&inputs, &rule, &pauses, days);
    write_derived(conn, id, &derived)
}

/// Recomputes the deadlines of every open or ditunda complaint, after the holidays or a
/// deadline setting changed. Closed complaints keep the deadlines they were judged by.
/// Returns how many complaints were recomputed.
pub fn recompute_open_deadlines(conn: &Connection, clock: &dyn Clock) -> Result<usize> {
    let _ = clock;
    let book = RuleBook::load(conn)?;
    let days = load_working_days(conn)?;
    let tx = savepoint(conn)?;
    let rows: Vec<DeadlineInputs> = {
        let mut stmt = tx.prepare(&format!(
            "SELECT {INPUT_COLUMNS} FROM complaints
             WHERE status IN ('baru', 'diverifikasi', 'ditindaklanjuti', 'ditunda')"
        ))?;
        let rows = stmt.query_map([], inputs_from_row)?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let pauses = all_pauses(&tx)?;
    for row in &rows {
        let rule = book.rule(row.kind, row.category_id);
        let row_pauses = pauses.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
        let derived = derive_paused(row, &rule, row_pauses, &days);
        write_derived(&tx, row.id, &derived)?;
    }
    tx.finish()?;
    Ok(rows.len())
}
