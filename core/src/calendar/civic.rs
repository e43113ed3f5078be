//! Hari besar: the days an agency marks on its accounts, shown in the calendar as prompts
//! to write a greeting ("buat draf" from the "Ucapan hari besar" template).

use super::wib;
use crate::error::Result;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use time::{Date, Month};
use ts_rs::TS;

/// What kind of day it is; libur and cuti bersama come from the holidays table (data
/// Diskominfo updates each year), the rest fall on the same date every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CivicKind {
    LiburNasional,
    CutiBersama,
    /// Hari Jadi Cianjur, the regency's anniversary.
    HariJadi,
    /// A national commemoration that is a working day.
    Peringatan,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CivicDay {
    /// "YYYY-MM-DD".
    pub tanggal: String,
    pub nama: String,
    pub jenis: CivicKind,
}

/// Days with a fixed date. Hari Kemerdekaan is also a national holiday: it is listed here
/// so it shows in years whose holiday list has not arrived yet, and left out when it has.
const FIXED_DAYS: &[(Month, u8, &str, CivicKind)] = &[
    (Month::April, 21, "Hari Kartini", CivicKind::Peringatan),
    (
        Month::May,
        2,
        "Hari Pendidikan Nasional",
        CivicKind::Peringatan,
    ),
    (Month::July, 12, "Hari Jadi Cianjur", CivicKind::HariJadi),
    (
        Month::August,
        17,
        "Hari Kemerdekaan RI",
        CivicKind::Peringatan,
    ),
    (
        Month::October,
        1,
        "Hari Kesaktian Pancasila",
        CivicKind::Peringatan,
    ),
    (
        Month::October,
        28,
        "Hari Sumpah Pemuda",
        CivicKind::Peringatan,
    ),
    (Month::November, 10, "Hari Pahlawan", CivicKind::Peringatan),
    (
        Month::November,
        12,
        "Hari Kesehatan Nasional",
        CivicKind::Peringatan,
    ),
    (
        Month::November,
        25,
        "Hari Guru Nasional",
        CivicKind::Peringatan,
    ),
    (Month::December, 22, "Hari Ibu", CivicKind::Peringatan),
];

/// Every civic day of a year, in date order.
pub fn civic_days(conn: &Connection, year: i32) -> Result<Vec<CivicDay>> {
    // Through the one day parser, so the calendar's year range applies here too.
    let first = wib::parse_day("year", &format!("{year:04}-01-01"))?;
    let mut stmt = conn.prepare_cached(
        "SELECT tanggal, jenis, keterangan FROM holidays
         WHERE tanggal >= ?1 AND tanggal < ?2 ORDER BY tanggal",
    )?;
    let mut days: Vec<CivicDay> = stmt
        .query_map(
            [format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1)],
            |r| {
                let jenis: String = r.get(1)?;
                Ok(CivicDay {
                    tanggal: r.get(0)?,
                    jenis: if jenis == "cuti_bersama" {
                        CivicKind::CutiBersama
                    } else {
                        CivicKind::LiburNasional
                    },
                    nama: r.get(2)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    for (month, day, nama, jenis) in FIXED_DAYS {
        let Ok(date) = Date::from_calendar_date(first.year(), *month, *day) else {
            continue;
        };
        let tanggal = wib::format_day(date);
        let already_a_holiday =
            *month == Month::August && *day == 17 && days.iter().any(|d| d.tanggal == tanggal);
        if !already_a_holiday {
            days.push(CivicDay {
                tanggal,
                nama: (*nama).to_string(),
                jenis: *jenis,
            });
        }
    }
    days.sort_by(|a, b| a.tanggal.cmp(&b.tanggal));
    Ok(days)
}
