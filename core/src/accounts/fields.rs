//! The form fields Akun resmi and its reports share: a handle with its profile address, a
//! platform as stored, and a day.

use crate::drafts::Platform;
use medsos_rules::handle::{normalize, HandleProblem, NormalHandle};
use medsos_rules::links::profile_url;

/// A platform as stored; an unknown text (never written by this app) reads as Instagram.
pub(crate) fn parse_platform(text: &str) -> Platform {
    Platform::parse(text).unwrap_or(Platform::Instagram)
}

/// Reads the handle field and the (optional) URL field of a form and checks that they name
/// the same account on `platform`. Errors name the field: `handle` or `url`.
pub(crate) fn read_handle_and_url(
    platform: Platform,
    handle: &str,
    url: &str,
) -> crate::Result<(String, String)> {
    let from_handle = if handle.trim().is_empty() && !url.trim().is_empty() {
        None
    } else {
        Some(normalize(handle, Some(platform)).map_err(|p| handle_error("handle", &p))?)
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
        Some(normalize(url, Some(platform)).map_err(|p| handle_error("url", &p))?)
    };
    let chosen: NormalHandle = match (from_handle, from_url) {
        (Some(h), Some(u)) => {
            if u.platform.is_some_and(|p| p != platform) {
                return Err(crate::Error::invalid(
                    "url",
                    format!(
                        "Alamat itu profil {}, bukan {}.",
                        u.platform.unwrap_or(platform).label(),
                        platform.label()
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
            if u.platform.is_some_and(|p| p != platform) {
                return Err(crate::Error::invalid(
                    "url",
                    format!(
                        "Alamat itu profil {}, bukan {}.",
                        u.platform.unwrap_or(platform).label(),
                        platform.label()
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

/// "YYYY-MM-DD" or an error on `field`.
pub(crate) fn check_day(field: &'static str, text: &str) -> crate::Result<String> {
    let day = crate::calendar::wib::parse_day(field, text.trim())
        .map_err(|_| crate::Error::invalid(field, "Isi tanggal dengan benar (TTTT-BB-HH)."))?;
    Ok(crate::calendar::wib::format_day(day))
}
