//! Exporting the complaints a filter selects, for the agency's monthly report: CSV (UTF-8
//! with BOM so Excel shows "é" and "ü" right) and XLSX.
//!
//! Rows are read with one statement and written as they arrive, so 100,000 complaints are
//! never held as records in memory at once. Names and contacts, and NIK, phone numbers and
//! e-mail addresses inside the text, are masked unless the admin asks for personal data,
//! and then the export is written to the audit log (UU PDP 27/2022).
//! Every cell that a spreadsheet could take for a formula (= + - @ tab CR at the start) is
//! prefixed with ' so it stays text.

use crate::clock::{from_stored, to_stored, Clock, WIB};
use crate::complaints::model::{kecamatan_name, Channel, ComplaintFilter, ComplaintKind};
use crate::complaints::privacy::{audit, mask_contact, mask_name, mask_text};
use crate::complaints::search;
use crate::complaints::status::ComplaintStatus;
use crate::error::{Error, Result};
use rusqlite::types::Value;
use rusqlite::Connection;
use std::borrow::Cow;
use std::io::Write;

/// The column titles of both formats, in order.
pub const HEADERS: [&str; 17] = [
    "Nomor",
    "Diterima (WIB)",
    "Kanal",
    "Jenis",
    "Kategori",
    "Kecamatan",
    "Status",
    "Nama warga",
    "Kontak",
    "Tautan sumber",
    "Isi aduan",
    "Diteruskan ke",
    "Alasan status",
    "Tanggapan pertama (WIB)",
    "Selesai (WIB)",
    "Tenggat berikutnya (WIB)",
    "Terlambat",
];
/// Column widths in the XLSX, in characters.
const WIDTHS: [f64; 17] = [
    12.0, 17.0, 19.0, 20.0, 24.0, 18.0, 16.0, 22.0, 18.0, 30.0, 60.0, 22.0, 30.0, 22.0, 17.0, 22.0,
    10.0,
];
/// Shown instead of a source link when personal data is left out: the link leads to the
/// citizen's account.
const HIDDEN: &str = "[disembunyikan]";
/// Excel's limit for one cell.
const XLSX_CELL_CHARS: usize = 32_767;
/// Excel's limit of rows per sheet, minus the header.
const XLSX_MAX_ROWS: usize = 1_048_575;

/// Writes the complaints `filter` selects as CSV, oldest first. With `include_personal`,
/// names, contacts and links are written in full and the export is audited as `actor`.
pub fn export_csv(
    conn: &Connection,
    clock: &dyn Clock,
    filter: &ComplaintFilter,
    include_personal: bool,
    actor: &str,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    write_csv(conn, clock, filter, include_personal, actor, b',', &mut out)?;
    Ok(out)
}

/// [`export_csv`] into any writer (a file, for the command line) with a chosen delimiter
/// (`b';'` suits Excel on PCs with Indonesian regional settings). Returns the row count.
pub fn write_csv<W: Write>(
    conn: &Connection,
    clock: &dyn Clock,
    filter: &ComplaintFilter,
    include_personal: bool,
    actor: &str,
    delimiter: u8,
    out: W,
) -> Result<usize> {
    let io_error = |source: std::io::Error| Error::Io {
        what: "Gagal menulis berkas CSV".into(),
        source,
    };
    let mut out = out;
    out.write_all(b"\xEF\xBB\xBF").map_err(io_error)?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let csv_error = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(source) => io_error(source),
        other => Error::Io {
            what: "Gagal menulis berkas CSV".into(),
            source: std::io::Error::other(format!("{other:?}")),
        },
    };
    writer.write_record(HEADERS).map_err(csv_error)?;
    let count = for_each_row(conn, clock, filter, include_personal, |cells| {
        writer
            .write_record(cells.iter().map(|c| neutralize(c).into_owned()))
            .map_err(csv_error)
    })?;
    writer.flush().map_err(io_error)?;
    if include_personal {
        audit_export(conn, clock, actor, "CSV", count, filter)?;
    }
    Ok(count)
}

/// Writes the complaints `filter` selects as an XLSX workbook: one sheet "Aduan", bold
/// frozen header with a filter, dates as WIB text.
pub fn export_xlsx(
    conn: &Connection,
    clock: &dyn Clock,
    filter: &ComplaintFilter,
    include_personal: bool,
    actor: &str,
) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let xlsx_error = |e: rust_xlsxwriter::XlsxError| Error::Io {
        what: "Gagal menyusun berkas XLSX".into(),
        source: std::io::Error::other(e.to_string()),
    };
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Aduan").map_err(xlsx_error)?;
    let bold = Format::new().set_bold().set_background_color("#E7EEF7");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (col, (title, width)) in HEADERS.iter().zip(WIDTHS).enumerate() {
        let col = col as u16;
        sheet
            .write_string_with_format(0, col, *title, &bold)
            .map_err(xlsx_error)?;
        sheet.set_column_width(col, width).map_err(xlsx_error)?;
    }
    let body_col = HEADERS.iter().position(|h| *h == "Isi aduan").unwrap_or(10) as u16;
    let mut row: u32 = 0;
    let count = for_each_row(conn, clock, filter, include_personal, |cells| {
        if row as usize >= XLSX_MAX_ROWS {
            return Err(Error::invalid(
                "export",
                "Terlalu banyak aduan untuk satu lembar XLSX (lebih dari 1.048.575). Persempit filter atau gunakan CSV.",
            ));
        }
        row += 1;
        for (col, text) in cells.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let text = neutralize(text);
            let text: Cow<'_, str> = if text.chars().count() > XLSX_CELL_CHARS {
                Cow::Owned(text.chars().take(XLSX_CELL_CHARS).collect())
            } else {
                text
            };
            let col = col as u16;
            if col == body_col {
                sheet.write_string_with_format(row, col, text, &wrap)
            } else {
                sheet.write_string(row, col, text)
            }
            .map_err(xlsx_error)?;
        }
        Ok(())
    })?;
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    sheet
        .autofilter(0, 0, row, HEADERS.len() as u16 - 1)
        .map_err(xlsx_error)?;
    let bytes = workbook.save_to_buffer().map_err(xlsx_error)?;
    if include_personal {
        audit_export(conn, clock, actor, "XLSX", count, filter)?;
    }
    Ok(bytes)
}

/// Prefixes ' to text a spreadsheet would otherwise read as a formula or a command
/// (CSV injection): = + - @ and a leading tab or carriage return.
pub fn neutralize(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn audit_export(
    conn: &Connection,
    clock: &dyn Clock,
    actor: &str,
    format: &str,
    count: usize,
    filter: &ComplaintFilter,
) -> Result<()> {
    let filter_text = describe(filter);
    let detail = if filter_text.is_empty() {
        format!("{format}, {count} aduan, tanpa filter")
    } else {
        format!("{format}, {count} aduan, filter: {filter_text}")
    };
    audit(conn, clock, actor, "ekspor", None, &detail)
}

/// The filter in words for the audit log: "status=baru, dari=2026-11-01".
fn describe(filter: &ComplaintFilter) -> String {
    let mut parts = Vec::new();
    if let Some(q) = filter.query.as_deref().filter(|q| !q.trim().is_empty()) {
        parts.push(format!("cari=\"{}\"", q.trim()));
    }
    if let Some(s) = filter.status {
        parts.push(format!("status={}", s.as_str()));
    }
    if let Some(o) = filter.overdue {
        parts.push(format!("terlambat={}", if o { "ya" } else { "tidak" }));
    }
    if let Some(k) = filter.kind {
        parts.push(format!("jenis={}", k.as_str()));
    }
    if let Some(c) = filter.category_id {
        parts.push(format!("kategori={c}"));
    }
    if let Some(k) = filter.kecamatan.as_deref().filter(|k| !k.trim().is_empty()) {
        parts.push(format!("kecamatan={}", k.trim()));
    }
    if let Some(c) = filter.channel {
        parts.push(format!("kanal={}", c.as_str()));
    }
    if let Some(d) = filter.from.as_deref().filter(|d| !d.trim().is_empty()) {
        parts.push(format!("dari={}", d.trim()));
    }
    if let Some(d) = filter.to.as_deref().filter(|d| !d.trim().is_empty()) {
        parts.push(format!("sampai={}", d.trim()));
    }
    parts.join(", ")
}

/// The WHERE clause and parameters of `filter`: the inbox's own conditions (one meaning of
/// every filter), plus the search words as a set of matching ids.
fn filter_sql(clock: &dyn Clock, filter: &ComplaintFilter) -> Result<(String, Vec<Value>)> {
    let (mut clauses, mut params) = search::conditions(clock, filter)?;
    if let Some(query) = filter.query.as_deref().and_then(search::fts_query) {
        clauses.insert(
            0,
            "c.id IN (SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?)",
        );
        params.insert(0, Value::Text(query));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    Ok((sql, params))
}

/// Reads the selected complaints oldest first and hands each as the export's text cells.
fn for_each_row(
    conn: &Connection,
    clock: &dyn Clock,
    filter: &ComplaintFilter,
    include_personal: bool,
    mut emit: impl FnMut(&[String; HEADERS.len()]) -> Result<()>,
) -> Result<usize> {
    let (where_sql, params) = filter_sql(clock, filter)?;
    let now = to_stored(clock.now());
    let sql = format!(
        "SELECT c.id, c.received_at, c.channel, c.kind, k.name, c.kecamatan, c.status,
                c.citizen_name, c.citizen_contact, c.source_url, c.body, c.forwarded_to,
                c.status_reason, c.first_response_at, c.resolved_at, c.next_due_at
         FROM complaints c JOIN complaint_categories k ON k.id = c.category_id
         {where_sql}
         ORDER BY c.received_at, c.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
    let mut count = 0usize;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let channel: String = r.get(2)?;
        let kind: String = r.get(3)?;
        let status: String = r.get(6)?;
        let name: String = r.get(7)?;
        let contact: String = r.get(8)?;
        let source_url: String = r.get(9)?;
        let body: String = r.get(10)?;
        let next_due: Option<String> = r.get(15)?;
        let overdue = next_due.as_deref().is_some_and(|due| due <= now.as_str());
        let cells: [String; HEADERS.len()] = [
            crate::complaints::model::complaint_number(id),
            wib_text(&r.get::<_, String>(1)?),
            Channel::parse(&channel)
                .map(|c| c.label().to_string())
                .unwrap_or(channel),
            ComplaintKind::parse(&kind)
                .map(|k| k.label().to_string())
                .unwrap_or(kind),
            r.get(4)?,
            kecamatan_name(&r.get::<_, String>(5)?),
            ComplaintStatus::parse(&status)
                .map(|s| s.label().to_string())
                .unwrap_or(status),
            if include_personal {
                name
            } else {
                mask_name(&name)
            },
            if include_personal {
                contact
            } else {
                mask_contact(&contact)
            },
            if include_personal || source_url.is_empty() {
                source_url
            } else {
                HIDDEN.to_string()
            },
            // Citizens often write their NIK or number into the text itself.
            if include_personal {
                body
            } else {
                mask_text(&body)
            },
            r.get(11)?,
            // Staff sometimes write the citizen's number into the reason ("sudah ditelepon
            // ke 0812...").
            if include_personal {
                r.get(12)?
            } else {
                mask_text(&r.get::<_, String>(12)?)
            },
            r.get::<_, Option<String>>(13)?
                .map(|t| wib_text(&t))
                .unwrap_or_default(),
            r.get::<_, Option<String>>(14)?
                .map(|t| wib_text(&t))
                .unwrap_or_default(),
            next_due
                .as_deref()
                .map(last_minute_text)
                .unwrap_or_default(),
            if overdue { "Ya" } else { "" }.to_string(),
        ];
        emit(&cells)?;
        count += 1;
    }
    Ok(count)
}

/// A deadline as the admin reads it everywhere else: the last minute that still counts
/// ("2026-12-28 23:59"), not the exclusive end instant, which would read as the next day
/// at 00:00 and look a day late.
fn last_minute_text(stored: &str) -> String {
    match from_stored(stored) {
        Some(due) => wib_minute(due - time::Duration::minutes(1)),
        None => stored.to_string(),
    }
}

/// A stored UTC instant as WIB text that sorts as text: "2026-11-20 08:15".
fn wib_text(stored: &str) -> String {
    match from_stored(stored) {
        Some(at) => wib_minute(at),
        None => stored.to_string(),
    }
}

fn wib_minute(at: time::OffsetDateTime) -> String {
    let local = at.to_offset(WIB);
    format!(
        "{} {}",
        medsos_rules::wib::format_day(local.date()),
        medsos_rules::wib::format_time(local.time())
    )
}
