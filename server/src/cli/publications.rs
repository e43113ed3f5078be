//! `medsos-hub holidays import` and `brief add`: what Diskominfo publishes to every PC.

use crate::agency::AgencyCode;
use crate::brief::NewBrief;
use crate::clock::{Clock, SystemClock};
use crate::error::Error;
use crate::store::holidays;
use std::path::Path;

/// Reads a CSV with the header `tanggal,jenis,keterangan` (the format of
/// `core/data/hari-libur-2026.csv`) and replaces the holidays of every year in it. The file
/// is read by [`holidays::parse_csv`], as the dashboard's upload is.
pub fn import_holidays(db: impl Into<super::Target>, file: &Path) -> Result<String, Error> {
    let read_fail = |detail: String| Error::FileRead {
        path: file.to_path_buf(),
        detail,
    };
    let bytes = std::fs::read(file).map_err(|e| read_fail(e.to_string()))?;
    let found = holidays::parse_csv(&bytes).map_err(|problems| read_fail(problems.join("; ")))?;
    let store = super::open_target_existing(&db.into())?;
    let years = store.replace_holiday_years(&found)?;
    let years: Vec<String> = years.iter().map(ToString::to_string).collect();
    Ok(format!(
        "{} hari libur diimpor; daftar tahun {} diganti seluruhnya.\n",
        found.len(),
        years.join(", ")
    ))
}

pub use super::accounts::add as add_account;

pub fn add_brief(
    db: impl Into<super::Target>,
    title: &str,
    body: &str,
    programme: &str,
    from: &str,
    to: &str,
) -> Result<String, Error> {
    add_brief_for(db, title, body, programme, from, to, &[])
}

/// As [`add_brief`], addressed only to the agencies with these codes (`--agency`, repeatable);
/// none means every agency.
pub fn add_brief_for(
    db: impl Into<super::Target>,
    title: &str,
    body: &str,
    programme: &str,
    from: &str,
    to: &str,
    agencies: &[String],
) -> Result<String, Error> {
    let brief = NewBrief::parse(title, body, programme, from, to)?;
    let codes = agencies
        .iter()
        .map(|code| AgencyCode::parse(code))
        .collect::<Result<Vec<_>, _>>()?;
    let store = super::open_target_existing(&db.into())?;
    let targets = store.brief_agency_ids(&codes)?;
    let id = store.create_brief(&brief, &targets, &[], SystemClock.now())?;
    let audience = if codes.is_empty() {
        "semua PD".to_owned()
    } else {
        let codes: Vec<&str> = codes.iter().map(AgencyCode::as_str).collect();
        format!("PD {}", codes.join(", "))
    };
    Ok(format!(
        "Arahan konten #{id} \"{title}\" tercatat untuk {audience}, {from} sampai {to}.\n",
        title = brief.title,
        from = brief.from_day,
        to = brief.to_day,
    ))
}
