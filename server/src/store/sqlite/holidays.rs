//! National holidays and cuti bersama, as the hub publishes them.

use crate::error::Error;
use medsos_protocol::{Holiday, HolidayKind};
use rusqlite::{params, Connection, TransactionBehavior};
use std::collections::BTreeSet;

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
    use crate::store::holidays::parse_csv;

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
