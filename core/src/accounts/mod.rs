//! Akun resmi: the agency's official accounts and Meta's verification steps ([`model`]), the
//! accounts suspected of impersonating it ([`reports`]), and Cek akun against the regency
//! registry cached from the hub ([`registry`]). Handles are read with
//! `medsos_rules::handle`, the same rules the hub uses.

pub mod model;
pub mod registry;
pub mod reports;

pub use model::{
    account_counts, accounts_to_send, conflicts, create, delete, get, list, mark_accounts_sent,
    requirement, set_step, update, AccountConflictView, AccountInput, OfficialAccount,
    PendingAccounts, Requirement, StepState, VerificationStep, STEPS,
};
pub use registry::{cached_registry, check, store_registry, CheckKind, CheckResult, Lookalike};
pub use reports::{
    attach_report_media, detach_report_media, list_reports, mark_reports_sent, report,
    report_media, reports_to_send, save_report, set_report_status, PendingReports, Report,
    ReportEvent, ReportInput, ReportStatus,
};

use crate::drafts::Platform;
use medsos_protocol::Platform as WirePlatform;
use medsos_rules::handle::{normalize, HandleProblem, NormalHandle};

pub(crate) fn to_wire(p: Platform) -> WirePlatform {
    match p {
        Platform::Instagram => WirePlatform::Instagram,
        Platform::Facebook => WirePlatform::Facebook,
    }
}

pub(crate) fn from_wire(p: WirePlatform) -> Platform {
    match p {
        WirePlatform::Instagram => Platform::Instagram,
        WirePlatform::Facebook => Platform::Facebook,
    }
}

pub(crate) fn platform_str(p: Platform) -> &'static str {
    to_wire(p).as_str()
}

pub(crate) fn parse_platform(text: &str) -> Platform {
    WirePlatform::parse(text)
        .map(from_wire)
        .unwrap_or(Platform::Instagram)
}

/// The canonical public address of a handle: the shared rule the hub checks against.
pub use medsos_rules::links::profile_url;

/// Reads the handle field and the (optional) URL field of a form and checks that they name
/// the same account on `platform`. Errors name the field: `handle` or `url`.
pub(crate) fn read_handle_and_url(
    platform: Platform,
    handle: &str,
    url: &str,
) -> crate::Result<(String, String)> {
    let wire = to_wire(platform);
    let from_handle = if handle.trim().is_empty() && !url.trim().is_empty() {
        None
    } else {
        Some(normalize(handle, Some(wire)).map_err(|p| handle_error("handle", &p))?)
    };
    let from_url = if url.trim().is_empty() {
        None
    } else {
        if !looks_like_url(url) {
            return Err(crate::Error::invalid(
                "url",
                "Alamat profil tidak dikenali. Tempel alamat lengkap, mis. https://www.instagram.com/namaakun/.",
            ));
        }
        Some(normalize(url, Some(wire)).map_err(|p| handle_error("url", &p))?)
    };
    let chosen: NormalHandle = match (from_handle, from_url) {
        (Some(h), Some(u)) => {
            if u.platform.is_some_and(|p| p != wire) {
                return Err(crate::Error::invalid(
                    "url",
                    format!(
                        "Alamat itu profil {}, bukan {}.",
                        platform_label(u.platform.map(from_wire).unwrap_or(platform)),
                        platform_label(platform)
                    ),
                ));
            }
            if u.handle != h.handle {
                return Err(crate::Error::invalid(
                    "url",
                    format!(
                        "Alamat profil menunjuk @{}, tidak cocok dengan nama akun @{}.",
                        u.handle, h.handle
                    ),
                ));
            }
            h
        }
        (Some(h), None) => h,
        (None, Some(u)) => {
            if u.platform.is_some_and(|p| p != wire) {
                return Err(crate::Error::invalid(
                    "url",
                    format!(
                        "Alamat itu profil {}, bukan {}.",
                        platform_label(u.platform.map(from_wire).unwrap_or(platform)),
                        platform_label(platform)
                    ),
                ));
            }
            u
        }
        (None, None) => {
            return Err(crate::Error::invalid(
                "handle",
                HandleProblem::Empty.message(),
            ))
        }
    };
    let url = profile_url(platform, &chosen.handle);
    Ok((chosen.handle, url))
}

fn looks_like_url(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .unwrap_or(&t);
    let host = rest.split('/').next().unwrap_or("");
    !t.chars().any(char::is_whitespace) && host.contains('.') && !host.starts_with('.')
}

pub(crate) fn handle_error(field: &'static str, problem: &HandleProblem) -> crate::Error {
    crate::Error::invalid(field, problem.message())
}

pub(crate) fn platform_label(p: Platform) -> &'static str {
    match p {
        Platform::Instagram => "Instagram",
        Platform::Facebook => "Facebook",
    }
}

/// "YYYY-MM-DD" or an error on `field`.
pub(crate) fn check_day(field: &'static str, text: &str) -> crate::Result<String> {
    let day = crate::calendar::wib::parse_day(field, text.trim())
        .map_err(|_| crate::Error::invalid(field, "Isi tanggal dengan benar (TTTT-BB-HH)."))?;
    Ok(crate::calendar::wib::format_day(day))
}

#[cfg(test)]
mod tests;
