//! National holidays and cuti bersama, as Diskominfo uploads them (CSV).

use crate::clock::{format_day, parse_day};
use medsos_protocol::{Holiday, HolidayKind};
use std::collections::BTreeMap;

/// At most this many problems are listed for one file; the rest are summed up.
const MAX_LISTED_PROBLEMS: usize = 30;

/// Reads a holiday list as CSV with the header `tanggal,jenis,keterangan` (the format of
/// `core/data/hari-libur-2026.csv`), UTF-8 with or without a byte-order mark. `jenis` is
/// `libur_nasional` or `cuti_bersama`; years 2000 to 2100. Every problem is reported with its
/// line number ("baris 3: …"), so a whole file can be corrected at once; any problem refuses
/// the whole file. Used by `medsos-hub holidays import` and the dashboard's upload alike.
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<Holiday>, Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut problems = Vec::new();
    let mut found = Vec::new();
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut header_seen = false;
    for record in reader.byte_records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                problems.push(format!("baris {line}: tidak dapat dibaca sebagai CSV"));
                break;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let Ok(record) = csv::StringRecord::from_byte_record(record) else {
            problems.push(format!("baris {line}: bukan teks UTF-8"));
            continue;
        };
        let fields: Vec<&str> = record.iter().map(str::trim).collect();
        if !header_seen {
            header_seen = true;
            let header: Vec<String> = fields.iter().map(|f| f.to_lowercase()).collect();
            if header != ["tanggal", "jenis", "keterangan"] {
                problems.push(format!(
                    "baris {line}: baris pertama harus kepala kolom tanggal,jenis,keterangan"
                ));
                break;
            }
            continue;
        }
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        if fields.len() != 3 {
            problems.push(format!(
                "baris {line}: harus 3 kolom (tanggal,jenis,keterangan), ada {}; keterangan berkoma diapit tanda kutip",
                fields.len()
            ));
            continue;
        }
        let day = parse_day(fields[0]).filter(|d| (2000..=2100).contains(&d.year()));
        let kind = HolidayKind::parse(fields[1]);
        let mut wrong = Vec::new();
        if day.is_none() {
            wrong.push(format!(
                "tanggal {:?} bukan YYYY-MM-DD tahun 2000 sampai 2100",
                fields[0]
            ));
        }
        if kind.is_none() {
            wrong.push(format!(
                "jenis {:?} harus libur_nasional atau cuti_bersama",
                fields[1]
            ));
        }
        let name = fields[2];
        if name.is_empty() {
            wrong.push("keterangan kosong".to_owned());
        } else if name.chars().count() > 200 || name.chars().any(char::is_control) {
            wrong.push("keterangan paling banyak 200 karakter, satu baris".to_owned());
        }
        if let Some(day) = day {
            let day = format_day(day);
            if let Some(first) = seen.get(&day) {
                wrong.push(format!("tanggal {day} sudah ada di baris {first}"));
            } else {
                seen.insert(day, line);
            }
        }
        match (day, kind) {
            (Some(day), Some(kind)) if wrong.is_empty() => found.push(Holiday {
                day: format_day(day),
                kind,
                name: name.to_owned(),
            }),
            _ => problems.push(format!("baris {line}: {}", wrong.join("; "))),
        }
    }
    if !header_seen {
        problems.push("berkas kosong; baris pertama harus tanggal,jenis,keterangan".to_owned());
    } else if problems.is_empty() && found.is_empty() {
        problems.push("tidak ada satu baris hari libur pun".to_owned());
    }
    if problems.is_empty() {
        return Ok(found);
    }
    if problems.len() > MAX_LISTED_PROBLEMS {
        let more = problems.len() - MAX_LISTED_PROBLEMS;
        problems.truncate(MAX_LISTED_PROBLEMS);
        problems.push(format!("dan {more} masalah lain"));
    }
    Err(problems)
}
