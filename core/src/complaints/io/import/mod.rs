//! Importing complaints from a table: a lenient per-row reading (dates as people and Google
//! Forms write them, kecamatan by name or code, channel and kind by their everyday names),
//! the model's own validation on every row, a preview that names each bad row by its
//! spreadsheet number, and an all-or-nothing commit.
//!
//! The steps, one file each: `api.rs` holds what the window and the command line exchange
//! with an import; `rows.rs` reads every row, each cell by `fields.rs` against the names in
//! `lookups.rs`, dates by `dates.rs` and a historical sheet's status by `history.rs`, then
//! drops the rows `duplicates.rs` finds. This file previews and commits.

mod api;
mod dates;
mod duplicates;
mod fields;
mod history;
mod lookups;
mod rows;

pub use api::{
    ImportDefaults, ImportPreview, PreviewRow, RowProblem, DEFAULT_CATEGORY, MAX_LISTED_PROBLEMS,
    SAMPLE_ROWS,
};
pub use dates::parse_received;

use super::mapping::Mapping;
use super::table::Table;
use crate::clock::{to_stored, Clock};
use crate::complaints::actor::clean_actor;
use crate::complaints::deadlines::rules::RuleBook;
use crate::complaints::deadlines::stored::load_working_days;
use crate::complaints::deadlines::stored::refresh_with;
use crate::complaints::model::{self, ComplaintStatus};
use crate::error::{Error, Result};
use crate::store::savepoint;
use history::History;
use rows::parse_rows;
use rusqlite::Connection;

/// Reads every row with the mapping and checks it with the same rules as the capture form.
/// Errors only for problems with the whole import (a mapped column missing, the store);
/// bad rows are listed in the result.
pub fn preview(
    conn: &Connection,
    clock: &dyn Clock,
    table: &Table,
    mapping: &Mapping,
    defaults: &ImportDefaults,
) -> Result<ImportPreview> {
    let parsed = parse_rows(conn, clock, table, mapping, defaults, Some(SAMPLE_ROWS))?;
    let problems_total = parsed.problems.len();
    let mut problems = parsed.problems;
    problems.truncate(MAX_LISTED_PROBLEMS);
    Ok(ImportPreview {
        rows_total: table.rows.len(),
        rows_ok: parsed.inputs.len(),
        problems,
        problems_total,
        sample: parsed.sample,
    })
}

/// Re-reads and re-checks every row, then saves them all in one transaction. Any bad row
/// and nothing is written; the message names the bad rows by number.
pub fn commit(
    conn: &mut Connection,
    clock: &dyn Clock,
    table: &Table,
    mapping: &Mapping,
    defaults: &ImportDefaults,
    actor: &str,
) -> Result<usize> {
    let parsed = parse_rows(conn, clock, table, mapping, defaults, None)?;
    if !parsed.problems.is_empty() {
        return Err(Error::invalid("import", refusal(&parsed.problems)));
    }
    if parsed.inputs.is_empty() {
        return Err(Error::invalid(
            "import",
            "Berkas tidak berisi baris aduan di bawah judul kolom.",
        ));
    }
    let actor = clean_actor(actor)?;
    let tx = savepoint(conn)?;
    let before: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM complaints", [], |r| {
        r.get(0)
    })?;
    let count = model::insert_many(&tx, clock, &parsed.inputs, &actor)?;
    if parsed.history.iter().any(Option::is_some) {
        apply_history(&tx, clock, before, &parsed.history, &actor)?;
    }
    tx.finish()?;
    Ok(count)
}

/// Gives the rows of a historical sheet the status it records, after they were inserted as
/// baru: the status, the step into it ("diimpor", at the closing time for closed rows so
/// that response statistics stay true), closed_at and resolved_at, and deadlines derived
/// for that status, so closed rows have nothing due and do not flood the inbox as overdue.
/// Rows with an open status beyond baru count its steps as reached at the import.
fn apply_history(
    tx: &Connection,
    clock: &dyn Clock,
    before: i64,
    history: &[Option<History>],
    actor: &str,
) -> Result<()> {
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare("SELECT id FROM complaints WHERE id > ?1 ORDER BY id")?;
        let rows = stmt.query_map([before], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if ids.len() != history.len() {
        return Err(Error::invalid(
            "import",
            "Impor dibatalkan: jumlah aduan yang tersimpan tidak sesuai dengan berkas. Coba impor ulang.",
        ));
    }
    let book = RuleBook::load(tx)?;
    let days = load_working_days(tx)?;
    let now = to_stored(clock.now());
    for (id, history) in ids.into_iter().zip(history) {
        let Some(h) = history else { continue };
        use ComplaintStatus::*;
        let reached = |step: ComplaintStatus| {
            let order = |s: ComplaintStatus| match s {
                Diverifikasi => 1,
                Ditindaklanjuti => 2,
                _ => 0,
            };
            (h.status.is_open() && order(h.status) >= order(step)).then(|| now.clone())
        };
        let closed = h.closed_at.map(to_stored);
        let reason = format!(
            "Diimpor dengan status {} (di berkas: \"{}\").",
            h.status.label(),
            h.source
        );
        tx.prepare_cached(
            "UPDATE complaints SET status = ?2, verified_at = ?3, followed_up_at = ?4,
                 resolved_at = ?5, closed_at = ?6, status_reason = ?7
             WHERE id = ?1",
        )?
        .execute(rusqlite::params![
            id,
            h.status.as_str(),
            reached(Diverifikasi),
            reached(Ditindaklanjuti),
            (h.status == Selesai).then(|| closed.clone()).flatten(),
            closed,
            if h.status.keeps_reason() {
                reason.as_str()
            } else {
                ""
            },
        ])?;
        tx.prepare_cached(
            "INSERT INTO complaint_events (complaint_id, from_status, to_status, reason, actor, at)
             VALUES (?1, 'baru', ?2, ?3, ?4, ?5)",
        )?
        .execute(rusqlite::params![
            id,
            h.status.as_str(),
            reason,
            actor,
            closed.as_deref().unwrap_or(&now),
        ])?;
        refresh_with(tx, id, &book, &days)?;
    }
    Ok(())
}

/// "Impor dibatalkan ...: 3 baris bermasalah (baris 4, 9, 12). Baris 4, kolom ...".
fn refusal(problems: &[RowProblem]) -> String {
    const LISTED_ROWS: usize = 10;
    const DETAILED: usize = 3;
    let mut rows: Vec<usize> = problems.iter().map(|p| p.row).collect();
    rows.dedup();
    let mut numbers = rows
        .iter()
        .take(LISTED_ROWS)
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if rows.len() > LISTED_ROWS {
        numbers.push_str(&format!(", dan {} baris lain", rows.len() - LISTED_ROWS));
    }
    let details = problems
        .iter()
        .take(DETAILED)
        .map(|p| format!("Baris {}, kolom \"{}\": {}", p.row, p.column, p.message))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "Impor dibatalkan, tidak ada aduan yang disimpan: {} baris bermasalah (baris {numbers}). {details} Perbaiki berkasnya lalu impor ulang.",
        rows.len()
    )
}
