//! Reading every row of the table: each cell into its field, the row checked with the same
//! rules as the capture form, then the duplicate check across rows and the preview sample.

use super::api::{ImportDefaults, PreviewRow, RowProblem};
use super::dates::month_first_column;
use super::duplicates::{find_duplicates, Candidate};
use super::fields::{self, Problems};
use super::history::{read_history, status_lookup, History};
use super::lookups::Lookups;
use crate::calendar::wib;
use crate::clock::Clock;
use crate::complaints::io::mapping::{resolve, Field, Mapping};
use crate::complaints::io::table::Table;
use crate::complaints::model::{self, ComplaintInput, ComplaintStatus};
use crate::error::{Error, Result};
use crate::text::clean_line;
use rusqlite::Connection;
use std::collections::HashMap;

/// Every row read: the good ones as inputs (with their history), the bad ones as problems
/// in row order, and the first good rows for the preview.
pub(super) struct Parsed {
    pub(super) inputs: Vec<ComplaintInput>,
    /// Per input: the status a historical sheet gives it, `None` for a plain new one.
    pub(super) history: Vec<Option<History>>,
    pub(super) problems: Vec<RowProblem>,
    pub(super) sample: Vec<PreviewRow>,
}

/// What reading a row needs besides its cells, worked out once per table.
struct Reading<'a> {
    columns: [Option<usize>; Field::ALL.len()],
    lookups: &'a Lookups,
    defaults: &'a ImportDefaults,
    statuses: HashMap<String, ComplaintStatus>,
    /// Whether the received-time column writes dates month first (11/20/2026).
    month_first: bool,
    /// The same for the closing-time column.
    closed_month_first: bool,
}

/// Reads every row; `sample_size` rows (or none) are kept for the preview.
pub(super) fn parse_rows(
    conn: &Connection,
    clock: &dyn Clock,
    table: &Table,
    mapping: &Mapping,
    defaults: &ImportDefaults,
    sample_size: Option<usize>,
) -> Result<Parsed> {
    let columns = resolve(mapping, &table.headers)?;
    let lookups = Lookups::load(conn, defaults)?;
    let column_name = |field: Field| -> String {
        columns[field.index()]
            .and_then(|i| table.headers.get(i).cloned())
            .unwrap_or_else(|| field.label().to_string())
    };
    let month_first_of = |field: Field| {
        columns[field.index()]
            .map(|i| month_first_column(table.rows.iter().map(|(_, cells)| cell(cells, i))))
            .unwrap_or(false)
    };
    let reading = Reading {
        columns,
        lookups: &lookups,
        defaults,
        statuses: status_lookup(),
        month_first: month_first_of(Field::ReceivedAt),
        closed_month_first: month_first_of(Field::ClosedAt),
    };

    let mut problems: Vec<RowProblem> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::with_capacity(table.rows.len());
    for (row, cells) in &table.rows {
        let (candidate, row_problems) = read_row(conn, clock, &reading, *row, cells)?;
        candidates.extend(candidate);
        problems.extend(row_problems.into_iter().map(|(field, message)| RowProblem {
            row: *row,
            column: column_name(field),
            message,
        }));
    }

    let duplicates = find_duplicates(conn, &candidates)?;
    let mut parsed = Parsed {
        inputs: Vec::with_capacity(candidates.len()),
        history: Vec::with_capacity(candidates.len()),
        problems,
        sample: Vec::new(),
    };
    let body_column = column_name(Field::Body);
    for (i, c) in candidates.into_iter().enumerate() {
        if let Some(message) = duplicates.get(&i) {
            parsed.problems.push(RowProblem {
                row: c.row,
                column: body_column.clone(),
                message: message.clone(),
            });
            continue;
        }
        if sample_size.is_some_and(|n| parsed.sample.len() < n) {
            parsed.sample.push(preview_row(&c, &lookups));
        }
        parsed.inputs.push(c.input);
        parsed.history.push(c.history);
    }
    // Duplicates are found after every row was read; the list stays in row order.
    parsed.problems.sort_by_key(|p| p.row);
    Ok(parsed)
}

/// One row: a candidate when it has no problem of its own, and its problems in field order.
fn read_row(
    conn: &Connection,
    clock: &dyn Clock,
    reading: &Reading<'_>,
    row: usize,
    cells: &[String],
) -> Result<(Option<Candidate>, Problems)> {
    let get = |field: Field| {
        reading.columns[field.index()]
            .map(|i| cell(cells, i))
            .unwrap_or("")
    };
    let (lookups, defaults) = (reading.lookups, reading.defaults);
    let mut problems = Problems::new();
    let received_at_wib =
        fields::received_at(get(Field::ReceivedAt), reading.month_first, &mut problems);
    let channel = fields::channel(get(Field::Channel), lookups, defaults, &mut problems);
    let kind = fields::kind(get(Field::Kind), lookups, defaults, &mut problems);
    let category = fields::category(get(Field::Category), lookups, &mut problems);
    let kecamatan = fields::kecamatan(get(Field::Kecamatan), lookups, &mut problems);
    let body = fields::body(get(Field::Body), &mut problems);
    let history = read_history(
        &reading.statuses,
        get(Field::Status),
        get(Field::ClosedAt),
        reading.closed_month_first,
        &received_at_wib,
        clock,
        &mut problems,
    );

    if !problems.is_empty() {
        return Ok((None, problems));
    }
    let (Some(channel), Some((category_id, category_name))) = (channel, category) else {
        return Ok((None, problems));
    };
    let input = ComplaintInput {
        channel,
        source_url: clean_line(get(Field::SourceUrl)),
        citizen_name: clean_line(get(Field::CitizenName)),
        citizen_contact: clean_line(get(Field::CitizenContact)),
        body,
        received_at_wib,
        kind,
        category_id,
        kecamatan,
    };
    match model::validate(conn, clock, &input) {
        Ok(()) => Ok((
            Some(Candidate {
                row,
                input,
                history,
                category_name,
            }),
            problems,
        )),
        Err(Error::Invalid { field, message }) => {
            problems.push((field_of(field), message));
            Ok((None, problems))
        }
        Err(other) => Err(other),
    }
}

/// A good row as the preview shows it.
fn preview_row(c: &Candidate, lookups: &Lookups) -> PreviewRow {
    PreviewRow {
        row: c.row,
        channel_label: c.input.channel.label().to_string(),
        kind_label: c.input.kind.label().to_string(),
        category_name: c.category_name.clone(),
        kecamatan_name: lookups
            .kecamatan_names
            .get(&c.input.kecamatan)
            .cloned()
            .unwrap_or_default(),
        status: c
            .history
            .as_ref()
            .map_or(ComplaintStatus::Baru, |h| h.status),
        closed_at_wib: c
            .history
            .as_ref()
            .and_then(|h| h.closed_at)
            .map(wib::format_minute),
        input: c.input.clone(),
    }
}

/// The import field a validation error's field name belongs to.
fn field_of(field: &str) -> Field {
    match field {
        "channel" => Field::Channel,
        "source_url" => Field::SourceUrl,
        "citizen_name" => Field::CitizenName,
        "citizen_contact" => Field::CitizenContact,
        "received_at" | "received_at_wib" => Field::ReceivedAt,
        "kind" => Field::Kind,
        "category" | "category_id" => Field::Category,
        "kecamatan" => Field::Kecamatan,
        "status" => Field::Status,
        "closed_at" => Field::ClosedAt,
        _ => Field::Body,
    }
}

/// The trimmed cell; a ' that an export put before = + - @ to keep it text is taken off.
fn cell(cells: &[String], i: usize) -> &str {
    let text = cells.get(i).map(|c| c.trim()).unwrap_or("");
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => text,
    }
}
