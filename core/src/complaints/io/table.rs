//! Spreadsheet bytes to a plain table of text cells: CSV (UTF-8 with or without BOM, UTF-16
//! as Excel's "Unicode Text", else Windows-1252 from old Excel; delimiter sniffed among
//! `,` `;` and tab) and XLSX (first sheet, read cell by cell so a stray cell at XFD1048576
//! does not allocate a billion empty cells).
//!
//! Every row keeps the number a spreadsheet program shows for it (the header is row 1 in a
//! normal file), so a problem found later can be pointed at exactly. Nothing here panics on
//! any input: oversized, binary, truncated or hostile files end in an [`Error::Invalid`]
//! with field `file`.

use super::thousands::format_thousands;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use ts_rs::TS;

/// The largest file accepted; a year of complaints of a busy agency is far below this.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// The most data rows (not counting the header) one import may carry.
pub const MAX_ROWS: usize = 100_000;
/// The most columns a table may have; a complaint sheet has about ten.
pub const MAX_COLUMNS: usize = 200;
/// Total cell text an XLSX may unpack to (a small zip can inflate enormously).
const MAX_TEXT_BYTES: usize = 128 * 1024 * 1024;
const FIELD: &str = "file";

/// A sheet as text: one header row and the rows below it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Table {
    /// Column titles, trimmed, unique and never empty ("Kolom C" for an untitled column).
    pub headers: Vec<String>,
    /// Each data row with its spreadsheet row number; exactly `headers.len()` cells each.
    /// Blank rows are left out (their numbers are skipped, as the spreadsheet shows them).
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// The index of the column titled `header`, ignoring case and surrounding spaces.
    pub fn column(&self, header: &str) -> Option<usize> {
        let wanted = header.trim();
        self.headers.iter().position(|h| h == wanted).or_else(|| {
            self.headers
                .iter()
                .position(|h| h.to_lowercase() == wanted.to_lowercase())
        })
    }
}

/// The kind of file, told from its first bytes rather than its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

/// Tells XLSX (a zip) from text. Legacy `.xls` and other binaries are refused by
/// [`read_table`] with a message saying what to do.
pub fn detect(bytes: &[u8]) -> FileKind {
    if bytes.starts_with(b"PK\x03\x04") {
        FileKind::Xlsx
    } else {
        FileKind::Csv
    }
}

/// Reads a CSV or XLSX file (told apart by content) into a [`Table`].
pub fn read_table(bytes: &[u8]) -> Result<Table> {
    check_size(bytes)?;
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(invalid(
            "Format .xls (Excel 97-2003) belum didukung. Buka di Excel lalu simpan sebagai .xlsx atau CSV.",
        ));
    }
    match detect(bytes) {
        FileKind::Xlsx => read_xlsx(bytes),
        FileKind::Csv => read_csv(bytes),
    }
}

/// Reads the spreadsheet at `path` into a [`Table`], reading at most one byte past
/// [`MAX_FILE_BYTES`]: a file of many gigabytes is refused by its size, never loaded first.
/// `file_name` is how the admin knows the file (for the message when it cannot be read).
pub fn read_table_file(path: &std::path::Path, file_name: &str) -> Result<Table> {
    use std::io::Read;
    let unreadable = |source| Error::Io {
        what: format!("Berkas {file_name} tidak dapat dibaca"),
        source,
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    // One byte more than the limit is enough to tell "too big" (check_size says by how much
    // only from the file's length, which the metadata gives without reading).
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() > MAX_FILE_BYTES {
        let length = std::fs::metadata(path)
            .map(|m| m.len())
            .unwrap_or(bytes.len() as u64);
        return Err(too_big(length));
    }
    read_table(&bytes)
}

fn too_big(length: u64) -> Error {
    invalid(format!(
        "Berkas terlalu besar ({:.1} MB); batasnya {} MB. Pecah menjadi beberapa berkas.",
        length as f64 / (1024.0 * 1024.0),
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

fn check_size(bytes: &[u8]) -> Result<()> {
    if bytes.is_empty() {
        return Err(invalid(
            "Berkas kosong. Pilih berkas CSV atau XLSX yang berisi data.",
        ));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(())
}

fn invalid(message: impl Into<String>) -> Error {
    Error::invalid(FIELD, message)
}

// ---------------------------------------------------------------------------------------
// CSV

/// Reads CSV text in whatever encoding old and new Excel write, with a sniffed delimiter.
pub fn read_csv(bytes: &[u8]) -> Result<Table> {
    check_size(bytes)?;
    let text = decode(bytes)?;
    if text.contains('\0') {
        return Err(invalid(
            "Berkas bukan CSV atau XLSX (berisi data biner). Simpan ulang dari Excel sebagai CSV atau .xlsx.",
        ));
    }
    let (text, delimiter) = match sep_hint(&text) {
        Some((rest, delimiter)) => (rest, delimiter),
        None => (&text[..], sniff_delimiter(&text)),
    };
    let records = parse_csv(text, delimiter, None)?;
    build_table(records)
}

/// Text of the file: UTF-8 (BOM optional), UTF-16 with BOM, otherwise Windows-1252, the
/// encoding "CSV (Comma delimited)" of older Excel writes on Indonesian Windows.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|e| {
            let line = rest[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            invalid(format!(
                "Berkas bertanda UTF-8 tetapi baris {line} berisi huruf yang tidak valid. Simpan ulang sebagai \"CSV UTF-8\"."
            ))
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return Ok(Cow::Owned(text.into_owned()));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return Ok(Cow::Owned(text.into_owned()));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        // Every byte has a meaning in Windows-1252, so this never fails.
        Err(_) => Ok(encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0),
    }
}

/// Excel's "sep=;" first line, which names the delimiter and is not shown as a row.
fn sep_hint(text: &str) -> Option<(&str, char)> {
    let rest = text.strip_prefix("sep=")?;
    let mut chars = rest.chars();
    let delimiter = chars
        .next()
        .filter(|c| matches!(c, ',' | ';' | '\t' | '|'))?;
    let after = chars.as_str();
    let after = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .or_else(|| after.strip_prefix('\r'))?;
    Some((after, delimiter))
}

/// Picks the delimiter that splits the first rows most consistently into the most columns;
/// a comma when nothing splits (a one-column file).
fn sniff_delimiter(text: &str) -> char {
    const SAMPLE: usize = 20;
    let mut best = (',', 0usize, 0usize);
    for delimiter in [',', ';', '\t'] {
        let Ok(records) = parse_csv(text, delimiter, Some(SAMPLE)) else {
            continue;
        };
        let mut nonblank = records
            .iter()
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
        let Some((_, header)) = nonblank.next() else {
            continue;
        };
        let width = header.len();
        if width < 2 {
            continue;
        }
        let consistent = nonblank.filter(|(_, cells)| cells.len() == width).count();
        if (consistent, width) > (best.1, best.2) {
            best = (delimiter, consistent, width);
        }
    }
    best.0
}

/// RFC 4180 with the leniencies of real files: `\r\n`, `\n` or a lone `\r` end a row,
/// quotes inside an unquoted cell are kept as text, text after a closing quote is kept.
/// Rows are numbered as a spreadsheet shows them: a line break inside quotes stays in its
/// cell, blank lines count. With `limit`, stops after that many rows and tolerates an
/// unfinished quote (used for sniffing).
fn parse_csv(
    text: &str,
    delimiter: char,
    limit: Option<usize>,
) -> Result<Vec<(usize, Vec<String>)>> {
    let mut records = Vec::new();
    let mut row = 1usize;
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut quoted = false; // this field began with a quote
    let mut quote_row = 0usize;
    let mut chars = text.chars().peekable();
    let mut data_rows = 0usize;

    // Ends the current row; returns false when parsing should stop.
    let mut end_row = |fields: &mut Vec<String>,
                       field: &mut String,
                       quoted: &mut bool,
                       row: &mut usize,
                       records: &mut Vec<(usize, Vec<String>)>|
     -> Result<bool> {
        fields.push(std::mem::take(field));
        let blank = fields.len() == 1 && fields[0].is_empty() && !*quoted;
        *quoted = false;
        if blank {
            fields.clear();
        } else {
            if fields.len() > MAX_COLUMNS {
                return Err(invalid(format!(
                    "Baris {row} berisi {} kolom; batasnya {MAX_COLUMNS}. Periksa pemisah kolom berkas ini.",
                    fields.len()
                )));
            }
            data_rows += 1;
            // One more than the limit for the header row.
            if limit.is_none() && data_rows > MAX_ROWS + 1 {
                return Err(too_many_rows());
            }
            records.push((*row, std::mem::take(fields)));
        }
        *row += 1;
        Ok(limit.is_none_or(|n| records.len() < n))
    };

    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            c if c == delimiter => {
                fields.push(std::mem::take(&mut field));
                quoted = false;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                if !end_row(&mut fields, &mut field, &mut quoted, &mut row, &mut records)? {
                    return Ok(records);
                }
            }
            '"' if field.is_empty() && !quoted => {
                in_quotes = true;
                quoted = true;
                quote_row = row;
            }
            c => field.push(c),
        }
    }
    if in_quotes && limit.is_none() {
        return Err(invalid(format!(
            "Baris {quote_row}: tanda kutip (\") dibuka tetapi tidak pernah ditutup, sehingga sisa berkas terbaca sebagai satu sel. Perbaiki tanda kutip di baris itu."
        )));
    }
    if !field.is_empty() || !fields.is_empty() || quoted {
        end_row(&mut fields, &mut field, &mut quoted, &mut row, &mut records)?;
    }
    Ok(records)
}

fn too_many_rows() -> Error {
    invalid(format!(
        "Berkas berisi lebih dari {} baris data. Pecah menjadi beberapa berkas.",
        format_thousands(MAX_ROWS)
    ))
}

// ---------------------------------------------------------------------------------------
// XLSX

/// Reads the first sheet of an XLSX workbook. Dates come out as "YYYY-MM-DDTHH:MM",
/// whole numbers without ".0" (phone numbers stored as numbers stay readable).
pub fn read_xlsx(bytes: &[u8]) -> Result<Table> {
    check_size(bytes)?;
    // calamine and its zip reader are not ours to audit; a panic on a hostile file must not
    // take the app down with it.
    // What the file claims is checked before calamine believes it (see xlsx_guard).
    match std::panic::catch_unwind(|| {
        super::xlsx_guard::check_xlsx(bytes)?;
        read_xlsx_cells(bytes)
    }) {
        Ok(result) => build_table(result?),
        Err(_) => Err(unreadable_xlsx()),
    }
}

fn unreadable_xlsx() -> Error {
    invalid(
        "Berkas tidak dapat dibaca sebagai XLSX (rusak atau bukan berkas Excel). Buka di Excel lalu simpan ulang sebagai .xlsx atau CSV.",
    )
}

fn xlsx_error(e: calamine::XlsxError) -> Error {
    match e {
        calamine::XlsxError::Password => invalid(
            "Berkas XLSX dilindungi kata sandi. Buka di Excel, hapus kata sandinya, lalu simpan ulang.",
        ),
        _ => unreadable_xlsx(),
    }
}

fn read_xlsx_cells(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(xlsx_error)?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(invalid("Berkas XLSX tidak memiliki lembar kerja."));
    };
    let mut reader = book.worksheet_cells_reader(&sheet).map_err(xlsx_error)?;
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut text_bytes = 0usize;
    while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
        let (r, c) = cell.get_position();
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        if c as usize >= MAX_COLUMNS {
            return Err(invalid(format!(
                "Sel {}{} berada di luar batas {MAX_COLUMNS} kolom. Hapus isi di kolom sejauh itu lalu simpan ulang.",
                column_letter(c as usize),
                r as u64 + 1
            )));
        }
        text_bytes += text.len();
        if text_bytes > MAX_TEXT_BYTES {
            return Err(invalid(
                "Isi berkas XLSX terlalu besar setelah dibuka. Pecah menjadi beberapa berkas.",
            ));
        }
        if !rows.contains_key(&r) && rows.len() > MAX_ROWS {
            return Err(too_many_rows());
        }
        rows.entry(r).or_default().push((c, text));
    }
    Ok(rows
        .into_iter()
        .map(|(r, cells)| {
            let width = cells
                .iter()
                .map(|(c, _)| *c as usize + 1)
                .max()
                .unwrap_or(0);
            let mut out = vec![String::new(); width];
            for (c, text) in cells {
                out[c as usize] = text;
            }
            (r as usize + 1, out)
        })
        .collect())
}

fn cell_text(value: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match value {
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(f) => format_number(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(dt) => {
            if dt.is_duration() {
                let minutes = (dt.as_f64() * 24.0 * 60.0).round();
                if !minutes.is_finite() || minutes.abs() > 1e12 {
                    return format_number(dt.as_f64());
                }
                let minutes = minutes as i64;
                return format!("{}:{:02}", minutes / 60, (minutes % 60).abs());
            }
            let (y, mo, d, h, mi, _, _) = dt.to_ymd_hms_milli();
            if dt.as_f64() < 1.0 && dt.as_f64() >= 0.0 {
                // A time of day without a date.
                format!("{h:02}:{mi:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}")
            }
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn format_number(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// "A", "B", ..., "Z", "AA", ... for a zero-based column index.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Shared

/// Turns numbered rows into a table: the first non-blank row is the header, blank rows and
/// wholly empty columns (Excel's trailing ";;;") drop out, short rows are padded.
fn build_table(records: Vec<(usize, Vec<String>)>) -> Result<Table> {
    let mut records = records
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let Some((_, header)) = records.next() else {
        return Err(invalid(
            "Berkas tidak berisi data: tidak ada baris yang terisi.",
        ));
    };
    let rows: Vec<(usize, Vec<String>)> = records.collect();
    if rows.len() > MAX_ROWS {
        return Err(too_many_rows());
    }
    let width = rows
        .iter()
        .map(|(_, c)| c.len())
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    if width > MAX_COLUMNS {
        return Err(invalid(format!(
            "Berkas berisi {width} kolom; batasnya {MAX_COLUMNS}."
        )));
    }
    let keep: Vec<usize> = (0..width)
        .filter(|&i| {
            !cell(&header, i).is_empty() || rows.iter().any(|(_, cells)| !cell(cells, i).is_empty())
        })
        .collect();

    let mut seen = HashSet::new();
    let mut headers = Vec::with_capacity(keep.len());
    for &i in &keep {
        let title = cell(&header, i).trim_start_matches('\u{feff}').trim();
        let title = collapse_spaces(title);
        let mut name = if title.is_empty() {
            format!("Kolom {}", column_letter(i))
        } else {
            title
        };
        if !seen.insert(name.to_lowercase()) {
            name = format!("{name} (kolom {})", column_letter(i));
            seen.insert(name.to_lowercase());
        }
        headers.push(name);
    }
    let rows = rows
        .into_iter()
        .map(|(row, mut cells)| {
            let out = keep
                .iter()
                .map(|&i| cells.get_mut(i).map(std::mem::take).unwrap_or_default())
                .collect();
            (row, out)
        })
        .collect();
    Ok(Table { headers, rows })
}

fn cell(cells: &[String], i: usize) -> &str {
    cells.get(i).map(|c| c.trim()).unwrap_or("")
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
