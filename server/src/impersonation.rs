//! Reports of accounts that impersonate an agency (`POST /api/v1/impersonation-reports`):
//! what the hub checks before it keeps one.

use crate::account::url_problem;
use crate::clock::{format_day, from_wire, parse_day, to_stored};
use crate::error::Error;
use medsos_protocol::{ImpersonationReportBatch, Platform, ReportStatus, MAX_REPORTS_PER_BATCH};
use medsos_rules::handle;
use time::{Date, Duration, OffsetDateTime};

/// A report's description at most this many characters.
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
/// A report id (a UUID made on the PC) at most this many characters.
pub const MAX_ID_CHARS: usize = 64;
/// A look-alike handle sent as its skeleton at most this many characters (the PC does not
/// limit it; a platform's own limit is 50).
const MAX_SKELETON_CHARS: usize = 100;

/// One report after every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedReport {
    pub id: String,
    pub platform: Platform,
    pub handle: String,
    pub url: String,
    pub imitates: Option<String>,
    pub description: String,
    pub status: ReportStatus,
    pub first_seen_on: String,
    /// In the store's form ([`to_stored`]), read from the API's whole seconds.
    pub updated_at: String,
}

fn rejected(code: &'static str, position: usize, detail: impl std::fmt::Display) -> Error {
    Error::Rejected {
        code,
        message: format!("Laporan ke-{position}: {detail}"),
    }
}

/// `handle` in normal form for `platform`.
fn is_normal(text: &str, platform: Platform) -> bool {
    handle::normalize(text, Some(platform))
        .is_ok_and(|n| n.handle == text && n.platform == Some(platform))
}

/// A look-alike handle as it reads: 1 to 100 of a-z and 0-9.
fn is_skeleton(text: &str) -> bool {
    (1..=MAX_SKELETON_CHARS).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Checks a batch, all or nothing; the first problem names the report's position. `now` is
/// the hub's clock: `first_seen_on` may not be after today (WIB) nor `updated_at` more than a
/// day ahead (a report stamped far in the future could never be updated again).
pub fn check_batch(
    batch: &ImpersonationReportBatch,
    now: OffsetDateTime,
) -> Result<Vec<CheckedReport>, Error> {
    if batch.reports.is_empty() {
        return Err(Error::Invalid {
            code: "report.none",
            message: "Kiriman tidak berisi laporan akun palsu.",
        });
    }
    if batch.reports.len() > MAX_REPORTS_PER_BATCH {
        return Err(Error::Rejected {
            code: "report.too_many",
            message: format!(
                "Paling banyak {MAX_REPORTS_PER_BATCH} laporan sekali kirim; terkirim {}.",
                batch.reports.len()
            ),
        });
    }
    let today: Date = crate::clock::today_wib(now);
    let latest = now + Duration::days(1);
    let mut checked: Vec<CheckedReport> = Vec::with_capacity(batch.reports.len());
    for (index, report) in batch.reports.iter().enumerate() {
        let position = index + 1;
        let id = report.id.as_str();
        if !(1..=MAX_ID_CHARS).contains(&id.len())
            || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(rejected(
                "report.invalid_id",
                position,
                "id harus 1 sampai 64 karakter: huruf, angka, atau tanda hubung.",
            ));
        }
        if checked.iter().any(|c| c.id == id) {
            return Err(rejected(
                "report.duplicate_id",
                position,
                format!("id {id} sudah dipakai laporan lain dalam kiriman ini."),
            ));
        }
        let platform = report.platform;
        if !is_normal(&report.handle, platform) && !is_skeleton(&report.handle) {
            let detail = match handle::normalize(&report.handle, Some(platform)) {
                Err(problem) => problem.message().to_owned(),
                Ok(n) => format!(
                    "nama akun harus dalam bentuk baku (huruf kecil, tanpa @, bukan alamat): {}.",
                    n.handle
                ),
            };
            return Err(rejected("report.invalid_handle", position, detail));
        }
        if let Some(problem) = url_problem(&report.url, platform) {
            return Err(rejected(
                "report.invalid_url",
                position,
                format!("{problem}."),
            ));
        }
        if let Some(imitates) = &report.imitates {
            if !is_normal(imitates, platform) {
                return Err(rejected(
                    "report.invalid_imitates",
                    position,
                    "akun resmi yang ditiru harus nama akun dalam bentuk baku (huruf kecil, tanpa @).",
                ));
            }
        }
        let description = report.description.trim();
        // Any text, as the PC accepts it; the dashboard shows it escaped.
        if !(1..=MAX_DESCRIPTION_CHARS).contains(&description.chars().count()) {
            return Err(rejected(
                "report.invalid_description",
                position,
                "uraian harus 1 sampai 2.000 karakter.",
            ));
        }
        let first_seen = parse_day(&report.first_seen_on).ok_or_else(|| {
            rejected(
                "report.invalid_day",
                position,
                "tanggal pertama terlihat harus berbentuk YYYY-MM-DD.",
            )
        })?;
        // Tomorrow still passes, for a PC whose clock runs a little ahead at midnight.
        if first_seen > today.next_day().unwrap_or(today) {
            return Err(rejected(
                "report.invalid_day",
                position,
                "tanggal pertama terlihat tidak boleh setelah hari ini.",
            ));
        }
        let updated = from_wire(&report.updated_at).ok_or_else(|| {
            rejected(
                "report.invalid_updated_at",
                position,
                "updated_at harus waktu UTC berbentuk YYYY-MM-DDTHH:MM:SSZ.",
            )
        })?;
        if updated > latest {
            return Err(rejected(
                "report.invalid_updated_at",
                position,
                "updated_at lebih dari sehari setelah jam Medsos Hub; periksa jam PC.",
            ));
        }
        checked.push(CheckedReport {
            id: id.to_owned(),
            platform,
            handle: report.handle.clone(),
            url: report.url.clone(),
            imitates: report.imitates.clone(),
            description: description.to_owned(),
            status: report.status,
            first_seen_on: format_day(first_seen),
            // Stored in the store's form, so it compares as text with what is held.
            updated_at: to_stored(updated),
        });
    }
    Ok(checked)
}
