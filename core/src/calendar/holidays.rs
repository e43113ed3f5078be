//! Hari libur: the national holidays and cuti bersama of each year, imported from the CSV
//! Diskominfo publishes, and the working-day rule complaint deadlines are counted in.

use super::wib;
use crate::error::{Error, Result};
use crate::store::savepoint;
use medsos_rules::workdays::{
    Holiday, HolidayKind, HolidayProblem, WorkingDays, MAX_HOLIDAY_NAME_CHARS,
};
use rusqlite::{params, Connection};
use std::collections::{BTreeSet, HashSet};
use time::Date;

/// A holiday list is a few dozen rows; anything far larger is the wrong file.
const MAX_CSV_BYTES: usize = 256 * 1024;
const MAX_KETERANGAN_CHARS: usize = MAX_HOLIDAY_NAME_CHARS;

/// Reads `tanggal,jenis,keterangan` rows and replaces the holidays of every year the file
/// covers. All or nothing: one bad row and nothing is written, and the message lists every
/// bad row by the line number a spreadsheet shows (the header is line 1).
pub fn import_holidays_csv(conn: &mut Connection, bytes: &[u8]) -> Result<usize> {
    let field = "holidays_csv";
    if bytes.len() > MAX_CSV_BYTES {
        return Err(Error::invalid(
            field,
            "Berkas terlalu besar untuk daftar hari libur.",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header_ok = reader
        .headers()
        .map(|h| {
            h.iter()
                .map(|c| c.to_lowercase())
                .eq(["tanggal", "jenis", "keterangan"].map(String::from))
        })
        .unwrap_or(false);
    if !header_ok {
        return Err(Error::invalid(
            field,
            "Baris 1 harus berisi judul kolom: tanggal,jenis,keterangan.",
        ));
    }

    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for (index, record) in reader.records().enumerate() {
        // Line of the record's start; falls back to counting rows when the reader has none.
        let fallback = index as u64 + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(fallback);
                problems.push(format!(
                    "Baris {line}: tidak dapat dibaca (bukan teks UTF-8?)."
                ));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(fallback);
        if record.len() != 3 {
            problems.push(format!(
                "Baris {line}: harus ada 3 kolom (tanggal, jenis, keterangan), ditemukan {}.",
                record.len()
            ));
            continue;
        }
        let (tanggal, jenis, keterangan) = (&record[0], &record[1], &record[2]);
        let day = match wib::parse_day(field, tanggal) {
            Ok(day) if !seen.insert(day) => {
                problems.push(format!(
                    "Baris {line}: tanggal {tanggal} tercantum dua kali."
                ));
                None
            }
            Ok(day) => Some(day),
            Err(_) => {
                problems.push(format!("Baris {line}: tanggal {tanggal} tidak valid."));
                None
            }
        };
        let kind = HolidayKind::parse(jenis);
        if kind.is_none() {
            problems.push(format!(
                "Baris {line}: jenis \"{jenis}\" tidak dikenal; gunakan libur_nasional atau cuti_bersama."
            ));
        }
        let (Some(day), Some(kind)) = (day, kind) else {
            continue;
        };
        match Holiday::new(day, kind, keterangan) {
            Ok(holiday) => rows.push(holiday),
            Err(HolidayProblem::BadName) => problems.push(format!(
                "Baris {line}: keterangan wajib diisi, satu baris, paling banyak {MAX_KETERANGAN_CHARS} karakter."
            )),
            Err(HolidayProblem::YearOutOfRange) => {
                problems.push(format!("Baris {line}: tanggal {tanggal} tidak valid."))
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::invalid(field, problems.join(" ")));
    }
    if rows.is_empty() {
        return Err(Error::invalid(field, "Berkas tidak berisi hari libur."));
    }

    replace_holidays(conn, &rows)
}

/// Replaces the holidays of every year `holidays` covers with them, in one transaction.
/// Gives how many were written. The CSV import and the hub's lists both end here.
pub fn replace_holidays(conn: &mut Connection, holidays: &[Holiday]) -> Result<usize> {
    let years: BTreeSet<i32> = holidays.iter().map(|h| h.day.year()).collect();
    let tx = savepoint(conn)?;
    for year in &years {
        tx.execute(
            "DELETE FROM holidays WHERE tanggal >= ?1 AND tanggal < ?2",
            params![format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1)],
        )?;
    }
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO holidays (tanggal, jenis, keterangan) VALUES (?1, ?2, ?3)",
        )?;
        for holiday in holidays {
            insert.execute(params![
                wib::format_day(holiday.day),
                holiday.kind.as_str(),
                holiday.name
            ])?;
        }
    }
    tx.finish()?;
    Ok(holidays.len())
}

/// Mon-Fri minus libur nasional and cuti bersama (Perpres 21/2023 working week); the unit
/// complaint deadlines are counted in.
pub fn is_working_day(conn: &Connection, date: Date) -> Result<bool> {
    let holiday: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM holidays WHERE tanggal = ?1)")?
        .query_row([wib::format_day(date)], |r| r.get(0))?;
    Ok(WorkingDays::new(holiday.then_some(date)).is_working_day(date))
}
