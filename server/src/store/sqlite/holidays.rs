//! National holidays and cuti bersama, as the hub publishes them.

use crate::clock::{format_day, parse_day};
use crate::error::Error;
use medsos_protocol::{Holiday, HolidayKind};
use rusqlite::{params, Connection, TransactionBehavior};
use std::collections::{BTreeMap, BTreeSet};

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

/// How many holidays the hub holds for each year it has, by year.
pub fn years(conn: &Connection) -> Result<Vec<(i32, usize)>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT CAST(substr(day, 1, 4) AS INTEGER), COUNT(*) FROM holidays GROUP BY 1 ORDER BY 1",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, i32>(0)?,
            usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The holidays of `year` in date order; empty when the hub has none for it.
pub fn for_year(conn: &Connection, year: i32) -> Result<Vec<Holiday>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT day, kind, name FROM holidays WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
    )?;
    let rows = statement.query_map(
        params![format!("{year:04}-01-01"), format!("{year:04}-12-31")],
        |row| {
            let kind: String = row.get(1)?;
            Ok(Holiday {
                day: row.get(0)?,
                // The table's CHECK allows only the two kinds.
                kind: HolidayKind::parse(&kind).unwrap_or(HolidayKind::LiburNasional),
                name: row.get(2)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replaces the holidays of every year that appears in `holidays` with exactly those, in one
/// transaction, so a day dropped from a corrected list disappears. Returns the years replaced.
pub fn replace_years(conn: &mut Connection, holidays: &[Holiday]) -> Result<Vec<i32>, Error> {
    let years: BTreeSet<i32> = holidays
        .iter()
        .filter_map(|h| h.day.get(..4)?.parse().ok())
        .collect();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for year in &years {
        tx.execute(
            "DELETE FROM holidays WHERE day BETWEEN ?1 AND ?2",
            params![format!("{year:04}-01-01"), format!("{year:04}-12-31")],
        )?;
    }
    {
        let mut insert = tx.prepare(
            "INSERT INTO holidays (day, kind, name) VALUES (?1, ?2, ?3)
             ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
        )?;
        for holiday in holidays {
            insert.execute(params![holiday.day, holiday.kind.as_str(), holiday.name])?;
        }
    }
    tx.commit()?;
    Ok(years.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file_is_read_with_or_without_a_bom() {
        let text = "tanggal,jenis,keterangan\n2027-01-01,libur_nasional,Tahun Baru 2027 Masehi\n\n2027-02-06,cuti_bersama,\"Cuti bersama Imlek, 2578\"\n";
        for bytes in [
            text.as_bytes().to_vec(),
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        ] {
            let found = parse_csv(&bytes).expect("valid");
            assert_eq!(found.len(), 2);
            assert_eq!(found[1].name, "Cuti bersama Imlek, 2578");
            assert_eq!(found[1].kind, HolidayKind::CutiBersama);
        }
    }

    #[test]
    fn every_problem_is_listed_with_its_line() {
        let text = "tanggal,jenis,keterangan\n2027-01-01,libur_nasional,Tahun Baru\n2027-13-01,libur,Salah\n2027-01-01,cuti_bersama,Lagi\n2027-03-01,cuti_bersama,a,b\n";
        let problems = parse_csv(text.as_bytes()).expect_err("invalid");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("baris 3: "), "{problems:?}");
        assert!(problems[0].contains("libur\""), "{problems:?}");
        assert!(
            problems[1].starts_with("baris 4: ") && problems[1].contains("baris 2"),
            "{problems:?}"
        );
        assert!(problems[2].starts_with("baris 5: "), "{problems:?}");
        assert!(parse_csv(b"day,kind,name\n2027-01-01,libur_nasional,x\n").is_err());
        assert!(parse_csv(b"").is_err());
        assert!(parse_csv(b"tanggal,jenis,keterangan\n").is_err());
        assert!(parse_csv(b"tanggal,jenis,keterangan\n2027-01-01,libur_nasional,\xff\n").is_err());
    }
}
