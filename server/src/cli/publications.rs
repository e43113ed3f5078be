//! `medsos-hub holidays import`, `account add` and `brief add`: what Diskominfo publishes to
//! every PC.

use crate::account::{parse_platform, Handle};
use crate::agency::AgencyCode;
use crate::brief::NewBrief;
use crate::clock::{format_day, parse_day, Clock, SystemClock};
use crate::error::Error;
use crate::store::{accounts, briefs, holidays};
use medsos_protocol::{Holiday, HolidayKind};
use std::path::Path;

/// Reads a CSV with the header `tanggal,jenis,keterangan` (the format of
/// `core/data/hari-libur-2026.csv`) and replaces the holidays of every year in it.
pub fn import_holidays(db: &Path, file: &Path) -> Result<String, Error> {
    let read_fail = |detail: String| Error::FileRead {
        path: file.to_path_buf(),
        detail,
    };
    let mut reader = csv::Reader::from_path(file).map_err(|e| read_fail(e.to_string()))?;
    let mut found = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|e| read_fail(e.to_string()))?;
        let field = |n: usize| record.get(n).unwrap_or("").trim();
        let day = parse_day(field(0)).map(format_day).ok_or_else(|| {
            read_fail(format!(
                "baris {line}: tanggal {:?} bukan YYYY-MM-DD",
                field(0)
            ))
        })?;
        let kind = HolidayKind::parse(field(1)).ok_or_else(|| {
            read_fail(format!(
                "baris {line}: jenis {:?} harus libur_nasional atau cuti_bersama",
                field(1)
            ))
        })?;
        let name = field(2);
        if name.is_empty() {
            return Err(read_fail(format!("baris {line}: keterangan kosong")));
        }
        found.push(Holiday {
            day,
            kind,
            name: name.to_owned(),
        });
    }
    if found.is_empty() {
        return Err(read_fail("tidak ada satu baris hari libur pun".to_owned()));
    }
    let mut conn = super::open_existing(db)?;
    let years = holidays::replace_years(&mut conn, &found)?;
    let years: Vec<String> = years.iter().map(ToString::to_string).collect();
    Ok(format!(
        "{} hari libur diimpor; daftar tahun {} diganti seluruhnya.\n",
        found.len(),
        years.join(", ")
    ))
}

pub fn add_account(
    db: &Path,
    agency: &str,
    platform: &str,
    handle: &str,
    verified: bool,
) -> Result<String, Error> {
    let code = AgencyCode::parse(agency)?;
    let platform = parse_platform(platform)?;
    let handle = Handle::parse(handle)?;
    let conn = super::open_existing(db)?;
    let account = accounts::add(&conn, &code, platform, &handle, verified, SystemClock.now())?;
    Ok(format!(
        "Akun resmi {platform} @{handle} ({url}) tercatat untuk PD {code}{verified}.\n",
        platform = account.platform.as_str(),
        handle = account.handle,
        url = account.url,
        code = code.as_str(),
        verified = if verified { ", terverifikasi" } else { "" },
    ))
}

pub fn add_brief(
    db: &Path,
    title: &str,
    body: &str,
    programme: &str,
    from: &str,
    to: &str,
) -> Result<String, Error> {
    let brief = NewBrief::parse(title, body, programme, from, to)?;
    let conn = super::open_existing(db)?;
    let id = briefs::add(&conn, &brief, SystemClock.now())?;
    Ok(format!(
        "Arahan konten #{id} \"{title}\" tercatat untuk {from} sampai {to}.\n",
        title = brief.title,
        from = brief.from_day,
        to = brief.to_day,
    ))
}
