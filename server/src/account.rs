//! An official social media account of a PD: as Diskominfo records it with
//! `medsos-hub account add`, and as the agency's PC sends its list (`POST /api/v1/accounts`).
//! Handles are compared in the one normal form of `medsos_rules::handle`, so the hub and
//! the desktop agree on what "the same account" is.

use crate::clock::{format_day, parse_day};
use crate::error::Error;
use medsos_protocol::{AccountList, Platform, MAX_ACCOUNTS_PER_AGENCY};
use medsos_rules::handle::{self, HandleProblem};
use medsos_rules::links::check_profile_url;
use time::Date;

/// A profile or suspect address at most this many characters.
pub use medsos_rules::links::MAX_URL_CHARS;
/// A profile's shown name at most this many characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// The account's handle in normal form (see `medsos_rules::handle::normalize`): lower
/// case, without `@`, a-z 0-9 `.` `_`; or `id:<digits>` for a Facebook profile without a
/// user name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle(String);

impl Handle {
    /// Reads a handle or a profile address as the operator typed it, in any case, with or
    /// without `@`.
    pub fn parse(typed: &str) -> Result<Self, Error> {
        Self::parse_for(typed, None)
    }

    /// As [`Handle::parse`], checked against `platform`'s rules (Instagram at most 30
    /// characters, Facebook 5 to 50); a profile address on another platform is refused.
    pub fn parse_for(typed: &str, platform: Option<Platform>) -> Result<Self, Error> {
        let normal = handle::normalize(typed, platform).map_err(|problem| Error::Invalid {
            code: handle_code(&problem),
            message: problem.message(),
        })?;
        if platform.is_some() && normal.platform != platform {
            return Err(Error::Invalid {
                code: "account.invalid_handle",
                message: "Alamat profil itu milik platform lain.",
            });
        }
        Ok(Handle(normal.handle))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The account's public address on its platform.
    pub fn url(&self, platform: Platform) -> String {
        profile_url(platform, &self.0)
    }
}

/// The canonical public address of `handle` (normal form) on `platform`: the shared rule.
pub use medsos_rules::links::profile_url;

/// The error code for a handle problem: look-alike letters get their own, so a PC can tell
/// the admin precisely.
pub fn handle_code(problem: &HandleProblem) -> &'static str {
    match problem {
        HandleProblem::Homoglyph { .. } => "account.homoglyph_handle",
        _ => "account.invalid_handle",
    }
}

/// Reads the platform as the operator typed it.
pub fn parse_platform(typed: &str) -> Result<Platform, Error> {
    Platform::parse(&typed.trim().to_ascii_lowercase()).ok_or(Error::Invalid {
        code: "account.invalid_platform",
        message: "Platform harus instagram atau facebook.",
    })
}

/// Why an address is not a profile address on `platform` (`https://` on one of the
/// platform's hosts, no user or port, printable ASCII, at most [`MAX_URL_CHARS`]), or `None`
/// when it is: the shared rule of [`medsos_rules::links::check_profile_url`], which the PC's
/// addresses pass by construction.
pub fn url_problem(url: &str, platform: Platform) -> Option<String> {
    check_profile_url(platform, url)
        .err()
        .map(|problem| problem.message().trim_end_matches('.').to_owned())
}

/// One account of an agency's list after every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAccount {
    pub platform: Platform,
    pub handle: String,
    pub url: String,
    pub display_name: String,
    pub verified: bool,
    pub verification_requested_on: Option<String>,
}

fn rejected(code: &'static str, position: usize, detail: impl std::fmt::Display) -> Error {
    Error::Rejected {
        code,
        message: format!("Akun ke-{position}: {detail}"),
    }
}

/// Checks an agency's whole list (`POST /api/v1/accounts`); the first problem is refused
/// with the account's position, so nothing is stored unless every account is right.
pub fn check_list(list: &AccountList, today: Date) -> Result<Vec<CheckedAccount>, Error> {
    if list.accounts.len() > MAX_ACCOUNTS_PER_AGENCY {
        return Err(Error::Rejected {
            code: "account.too_many",
            message: format!(
                "Paling banyak {MAX_ACCOUNTS_PER_AGENCY} akun resmi per PD; terkirim {}.",
                list.accounts.len()
            ),
        });
    }
    let mut checked: Vec<CheckedAccount> = Vec::with_capacity(list.accounts.len());
    for (index, account) in list.accounts.iter().enumerate() {
        let position = index + 1;
        let platform = account.platform;
        let normal = handle::normalize(&account.handle, Some(platform))
            .map_err(|problem| rejected(handle_code(&problem), position, problem.message()))?;
        if platform == Platform::Instagram && normal.handle.starts_with("id:") {
            return Err(rejected(
                "account.invalid_handle",
                position,
                HandleProblem::Invalid.message(),
            ));
        }
        if normal.handle != account.handle || normal.platform != Some(platform) {
            return Err(rejected(
                "account.handle_not_normal",
                position,
                format!(
                    "nama akun harus dalam bentuk baku (huruf kecil, tanpa @, bukan alamat): {}.",
                    normal.handle
                ),
            ));
        }
        if let Some(problem) = url_problem(&account.url, platform) {
            return Err(rejected(
                "account.invalid_url",
                position,
                format!("{problem}."),
            ));
        }
        match handle::normalize(&account.url, Some(platform)) {
            Ok(found) if found.platform == Some(platform) && found.handle == normal.handle => {}
            Ok(found) => {
                return Err(rejected(
                    "account.url_mismatch",
                    position,
                    format!(
                        "alamat profil menunjuk akun @{}, bukan @{}.",
                        found.handle, normal.handle
                    ),
                ))
            }
            Err(_) => {
                return Err(rejected(
                    "account.invalid_url",
                    position,
                    "alamat itu bukan alamat profil.",
                ))
            }
        }
        let display_name = account.display_name.trim();
        if !(1..=MAX_DISPLAY_NAME_CHARS).contains(&display_name.chars().count())
            || display_name.chars().any(char::is_control)
        {
            return Err(rejected(
                "account.invalid_display_name",
                position,
                "nama tampilan harus 1 sampai 100 karakter, tanpa baris baru.",
            ));
        }
        let requested = match &account.verification_requested_on {
            None => None,
            Some(text) => {
                let day = parse_day(text).ok_or_else(|| {
                    rejected(
                        "account.invalid_day",
                        position,
                        "tanggal pengajuan verifikasi harus berbentuk YYYY-MM-DD.",
                    )
                })?;
                // Tomorrow still passes, for a PC whose clock runs a little ahead at midnight.
                if day > today.next_day().unwrap_or(today) {
                    return Err(rejected(
                        "account.invalid_day",
                        position,
                        "tanggal pengajuan verifikasi tidak boleh setelah hari ini.",
                    ));
                }
                Some(format_day(day))
            }
        };
        if let Some(earlier) = checked
            .iter()
            .position(|c| c.platform == platform && c.handle == normal.handle)
        {
            return Err(rejected(
                "account.duplicate",
                position,
                format!(
                    "{} @{} sudah ada sebagai akun ke-{}.",
                    platform.as_str(),
                    normal.handle,
                    earlier + 1
                ),
            ));
        }
        checked.push(CheckedAccount {
            platform,
            handle: normal.handle,
            url: account.url.clone(),
            display_name: display_name.to_owned(),
            verified: account.verified,
            verification_requested_on: requested,
        });
    }
    Ok(checked)
}

/// One registered account a checked handle matched, with its agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub platform: Platform,
    /// The registered handle.
    pub handle: String,
    pub url: String,
    pub agency_code: String,
    pub agency_name: String,
}

/// What the public registry says about a pasted handle or profile address (`/registri?cek=`).
/// Only accounts Diskominfo listed count: a claim still under review is "not registered".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckAnswer {
    /// The handle compared: its normal form, or how it reads (its skeleton) when it uses
    /// look-alike letters; `None` when the text is not a handle at all.
    pub handle: Option<String>,
    /// The platform, when the text was a profile address.
    pub platform: Option<Platform>,
    /// Why the text is not a handle (other than look-alike letters).
    pub problem: Option<&'static str>,
    /// The handle uses letters that only look Latin: no official account does.
    pub homoglyph: bool,
    /// Official accounts it is.
    pub official: Vec<Match>,
    /// Official accounts it resembles (same platform, not itself official there).
    pub lookalikes: Vec<Match>,
    /// When the text named no platform and the handle is official on one platform only: the
    /// other platform, where nothing is registered under that handle. An account there with
    /// the same name is not the official one.
    pub unregistered_on: Vec<Platform>,
}

impl CheckAnswer {
    /// Matches nothing registered.
    pub fn is_unregistered(&self) -> bool {
        self.problem.is_none() && self.official.is_empty() && self.lookalikes.is_empty()
    }
}

/// Checks `input` against the registry: exactly an official account, like one (same
/// skeleton or within a couple of edits, see `handle::resemblance`), or neither. A handle
/// with look-alike letters is compared by its skeleton, and is never official.
pub fn check(registry: &[crate::store::accounts::PublicAgency], input: &str) -> CheckAnswer {
    use crate::store::accounts::{Listing, PublicAgency};
    let mut answer = CheckAnswer::default();
    let candidate = match handle::normalize(input, None) {
        Ok(normal) => {
            answer.platform = normal.platform;
            normal.handle
        }
        Err(HandleProblem::Homoglyph { skeleton }) => {
            answer.homoglyph = true;
            skeleton
        }
        Err(problem) => {
            answer.problem = Some(problem.message());
            return answer;
        }
    };
    let candidate_skeleton = handle::skeleton(&candidate);
    let accounts: Vec<_> = registry
        .iter()
        .flat_map(|agency| agency.accounts.iter().map(move |listing| (agency, listing)))
        .collect();
    let on_platform = |p: Platform| answer.platform.is_none_or(|asked| asked == p);
    let mut official = Vec::new();
    let mut lookalikes: Vec<Match> = Vec::new();
    let matched = |agency: &PublicAgency, listing: &Listing| Match {
        platform: listing.platform,
        handle: listing.handle.clone(),
        url: listing.url.clone(),
        agency_code: agency.code.clone(),
        agency_name: agency.name.clone(),
    };
    for &(agency, listing) in &accounts {
        if on_platform(listing.platform) && !answer.homoglyph && listing.handle == candidate {
            official.push(matched(agency, listing));
        }
    }
    for &(agency, listing) in &accounts {
        if !on_platform(listing.platform)
            || official.iter().any(|m| m.platform == listing.platform)
            || !within_reach(&candidate, &candidate_skeleton, &listing.handle)
        {
            continue;
        }
        let alike = if answer.homoglyph {
            handle::skeleton(&listing.handle) == candidate
                || handle::resemblance(&candidate, &listing.handle).is_some()
        } else {
            handle::resemblance(&candidate, &listing.handle).is_some()
        };
        if alike {
            lookalikes.push(matched(agency, listing));
        }
    }
    if answer.platform.is_none() && !official.is_empty() {
        answer.unregistered_on = [Platform::Instagram, Platform::Facebook]
            .into_iter()
            // `id:<digits>` only exists on Facebook.
            .filter(|&p| !(p == Platform::Instagram && candidate.starts_with("id:")))
            .filter(|&p| !official.iter().any(|m| m.platform == p))
            .collect();
    }
    answer.handle = Some(candidate);
    answer.official = official;
    answer.lookalikes = lookalikes;
    answer
}

/// Whether `candidate` can resemble `official` at all, in a few character counts: both
/// ways `handle::resemblance` finds a likeness (the same skeleton, or at most two edits
/// between the handles or their skeletons) need lengths within two of each other, as an
/// edit changes a length by at most one. It spares the edit distances for a pasted text far
/// longer or shorter than any official handle, which would otherwise cost milliseconds.
fn within_reach(candidate: &str, candidate_skeleton: &str, official: &str) -> bool {
    let near = |a: &str, b: &str| a.chars().count().abs_diff(b.chars().count()) <= 2;
    let official_skeleton = handle::skeleton(official);
    near(candidate, official)
        || near(candidate_skeleton, &official_skeleton)
        // A handle with look-alike letters is compared by its skeleton already.
        || near(candidate, &official_skeleton)
}

#[cfg(test)]
mod tests {
    use super::*;
    use medsos_protocol::AgencyAccount;
    use time::macros::date;

    fn account(handle: &str, url: &str) -> AgencyAccount {
        AgencyAccount {
            platform: Platform::Instagram,
            handle: handle.to_owned(),
            url: url.to_owned(),
            display_name: "Dinas Kesehatan".to_owned(),
            verified: false,
            verification_requested_on: None,
        }
    }

    #[test]
    fn handle_reads_pasted_forms_and_refuses_spaces() {
        let handle = Handle::parse(" @Dinkes.Cianjur ").expect("valid");
        assert_eq!(handle.as_str(), "dinkes.cianjur");
        assert_eq!(
            handle.url(Platform::Instagram),
            "https://www.instagram.com/dinkes.cianjur/"
        );
        assert_eq!(
            Handle::parse_for("https://web.facebook.com/profile.php?id=1000", None)
                .expect("id")
                .url(Platform::Facebook),
            "https://www.facebook.com/profile.php?id=1000"
        );
        assert!(Handle::parse("dinkes cianjur").is_err());
        assert!(Handle::parse("@").is_err());
        assert!(Handle::parse_for(
            "https://www.instagram.com/dinkes/",
            Some(Platform::Facebook)
        )
        .is_err());
        assert!(parse_platform("Instagram").is_ok());
        assert!(parse_platform("tiktok").is_err());
    }

    #[test]
    fn a_text_far_longer_than_any_handle_is_matched_without_edit_distances() {
        use crate::store::accounts::{Listing, PublicAgency};
        let registry = vec![PublicAgency {
            code: "DINKES".to_owned(),
            name: "Dinas Kesehatan".to_owned(),
            region: "32.03".to_owned(),
            accounts: vec![Listing {
                platform: Platform::Instagram,
                handle: "dinkescianjur".to_owned(),
                url: "https://www.instagram.com/dinkescianjur/".to_owned(),
                display_name: "Dinas Kesehatan".to_owned(),
                verified: false,
            }],
        }];
        // Still found: two edits, the same skeleton, look-alike letters.
        for alike in [
            "dinkescianjurr",
            "dinkes_cianjur",
            "dlnkescianjur",
            "dinkesci\u{430}njur",
        ] {
            assert_eq!(check(&registry, alike).lookalikes.len(), 1, "{alike}");
        }
        let long: String = "dinkesci\u{430}njur".repeat(14);
        let started = std::time::Instant::now();
        let answer = check(&registry, &long);
        assert!(answer.homoglyph && answer.lookalikes.is_empty());
        assert!(within_reach(
            "dinkescianjurr",
            "dinkescianjurr",
            "dinkescianjur"
        ));
        assert!(!within_reach(&long, &long, "dinkescianjur"));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn addresses_must_be_https_on_the_platform_host() {
        let ig = Platform::Instagram;
        assert_eq!(url_problem("https://www.instagram.com/x/", ig), None);
        assert_eq!(url_problem("https://m.instagram.com/x", ig), None);
        for bad in [
            "http://www.instagram.com/x/",
            "https://instagram.com.evil.example/x",
            "https://evil.example@instagram.com/x",
            "https://www.instagram.com:8443/x",
            "https://www.facebook.com/x",
            "https://www.instagram.com/a b",
            "javascript:alert(1)",
            "",
        ] {
            assert!(url_problem(bad, ig).is_some(), "{bad}");
        }
    }

    #[test]
    fn a_list_is_refused_at_its_first_bad_account() {
        let today = date!(2026 - 11 - 26);
        let good = account("dinkescianjur", "https://www.instagram.com/dinkescianjur/");
        let list = |accounts: Vec<AgencyAccount>| AccountList { accounts };
        assert_eq!(
            check_list(&list(vec![good.clone()]), today)
                .expect("ok")
                .len(),
            1
        );
        let cases = [
            (
                account("dinkes cianjur", "https://www.instagram.com/x/"),
                "account.invalid_handle",
            ),
            (
                account("dinkesciаnjur", "https://www.instagram.com/x/"),
                "account.homoglyph_handle",
            ),
            (
                account("DinkesCianjur", "https://www.instagram.com/dinkescianjur/"),
                "account.handle_not_normal",
            ),
            (
                account("dinkescianjur", "www.instagram.com/dinkescianjur/"),
                "account.invalid_url",
            ),
            (
                account("dinkescianjur", "https://www.instagram.com/dinkes.cianjur/"),
                "account.url_mismatch",
            ),
        ];
        for (bad, code) in cases {
            let err = check_list(&list(vec![good.clone(), bad.clone()]), today).expect_err(code);
            assert_eq!(err.code(), code, "{bad:?}");
            assert!(err.to_string().starts_with("Akun ke-2: "), "{err}");
        }
        let err = check_list(&list(vec![good.clone(), good.clone()]), today).expect_err("dup");
        assert_eq!(err.code(), "account.duplicate");
        let mut future = good.clone();
        future.verification_requested_on = Some("2026-11-27".to_owned());
        assert!(
            check_list(&list(vec![future.clone()]), today).is_ok(),
            "tomorrow passes"
        );
        future.verification_requested_on = Some("2026-11-28".to_owned());
        assert_eq!(
            check_list(&list(vec![future]), today)
                .expect_err("future")
                .code(),
            "account.invalid_day"
        );
    }
}
