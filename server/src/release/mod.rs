//! Rilis: builds of Medsos PD that the hub offers to the PCs' updater (tauri-plugin-updater
//! v2). Diskominfo publishes one per platform with `medsos-hub release add`; each PC asks
//! `GET /api/v1/releases/{target}/{arch}/{current_version}` and names the version it runs in
//! every request (`X-Medsos-App-Version`), which the dashboard's `/rilis` shows per agency.
//!
//! This module holds the rules that need no database: what a version, a platform, notes and
//! a file name may be ([`Target`], [`parse_version`], [`check_notes`], [`file_name`]), the
//! artifacts' signatures ([`signature`]) and their files beside the database ([`files`]).

pub mod files;
pub mod signature;

use crate::error::Error;
use medsos_protocol::MAX_APP_VERSION_CHARS;
use semver::Version;

/// The longest release notes, in characters.
pub const MAX_NOTES_CHARS: usize = 10_000;

/// The operating systems Tauri's updater names as `{{target}}`.
pub const OPERATING_SYSTEMS: &[&str] = &["windows", "linux", "darwin"];
/// The processor architectures Tauri's updater names as `{{arch}}`.
pub const ARCHITECTURES: &[&str] = &["x86_64", "aarch64", "i686", "armv7"];

/// A platform as the updater names it: operating system and architecture, written
/// `windows-x86_64` on the command line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    pub os: String,
    pub arch: String,
}

impl Target {
    /// `<os>-<arch>`, e.g. `windows-x86_64`.
    pub fn parse(typed: &str) -> Result<Target, Error> {
        let typed = typed.trim().to_ascii_lowercase();
        let refused = || {
            Error::Rejected {
            code: "release.invalid_target",
            message: format!(
                "Target \u{201c}{}\u{201d} tidak dikenal. Tulis <os>-<arsitektur>, os salah satu dari {} dan arsitektur salah satu dari {}, mis. windows-x86_64.",
                shown(&typed),
                OPERATING_SYSTEMS.join(", "),
                ARCHITECTURES.join(", ")
            ),
        }
        };
        let (os, arch) = typed.split_once('-').ok_or_else(refused)?;
        Target::of(os, arch).ok_or_else(refused)
    }

    /// The pair as the updater's URL names it, if both are known.
    pub fn of(os: &str, arch: &str) -> Option<Target> {
        (OPERATING_SYSTEMS.contains(&os) && ARCHITECTURES.contains(&arch)).then(|| Target {
            os: os.to_owned(),
            arch: arch.to_owned(),
        })
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.os, self.arch)
    }
}

/// A release's version: semver (`0.2.0`, `1.0.0-rc.1`), at most 32 characters.
pub fn parse_version(typed: &str) -> Result<Version, Error> {
    let typed = typed.trim();
    let refused = || Error::Rejected {
        code: "release.invalid_version",
        message: format!(
            "Versi \u{201c}{}\u{201d} bukan versi semver (mis. 0.2.0 atau 1.0.0-rc.1).",
            shown(typed)
        ),
    };
    if typed.chars().count() > MAX_APP_VERSION_CHARS {
        return Err(refused());
    }
    Version::parse(typed).map_err(|_| refused())
}

/// The version a PC names in `X-Medsos-App-Version`, when it is one the hub records.
pub fn reported_version(header: &str) -> Option<String> {
    let text = header.trim();
    (text.len() <= MAX_APP_VERSION_CHARS && Version::parse(text).is_ok()).then(|| text.to_owned())
}

/// Notes may be empty, but at most [`MAX_NOTES_CHARS`] characters.
pub fn check_notes(notes: &str) -> Result<String, Error> {
    let notes = notes.trim();
    let chars = notes.chars().count();
    if chars > MAX_NOTES_CHARS {
        return Err(Error::Rejected {
            code: "release.notes_too_long",
            message: format!("Catatan rilis {chars} karakter; paling banyak {MAX_NOTES_CHARS}."),
        });
    }
    Ok(notes.to_owned())
}

/// The artifact's name as it is stored and served: the file's own name with every character
/// outside `A-Z a-z 0-9 . _ - +` made `_`, so it is one URL path segment as it stands
/// (`Medsos PD_0.2.0_x64-setup.exe` becomes `Medsos_PD_0.2.0_x64-setup.exe`).
pub fn file_name(original: &str) -> Result<String, Error> {
    let name: String = original
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.len() > 200 || name.chars().all(|c| c == '.') {
        return Err(Error::Rejected {
            code: "release.invalid_file_name",
            message: format!(
                "Nama berkas \u{201c}{}\u{201d} tidak dapat dipakai; beri nama 1 sampai 200 karakter, mis. Medsos_PD_0.2.0_x64-setup.exe.",
                shown(original)
            ),
        });
    }
    Ok(name)
}

/// What was typed, cut short for a message.
fn shown(text: &str) -> String {
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(39).collect::<String>())
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_an_os_and_an_arch_the_updater_names() {
        let target = Target::parse(" Windows-x86_64 ").expect("valid");
        assert_eq!(
            (target.os.as_str(), target.arch.as_str()),
            ("windows", "x86_64")
        );
        assert_eq!(target.to_string(), "windows-x86_64");
        assert!(Target::parse("darwin-aarch64").is_ok());
        for bad in [
            "windows",
            "win-x86_64",
            "windows-x64",
            "linux-x86_64-gnu",
            "",
        ] {
            let err = Target::parse(bad).expect_err(bad);
            assert_eq!(err.code(), "release.invalid_target");
        }
    }

    #[test]
    fn versions_are_semver_of_at_most_32_characters() {
        assert_eq!(parse_version("0.2.0").expect("semver").to_string(), "0.2.0");
        assert!(parse_version("1.0.0-rc.1").is_ok());
        for bad in [
            "v0.2.0",
            "0.2",
            "terbaru",
            "",
            &format!("1.0.0-{}", "a".repeat(30)),
        ] {
            assert!(parse_version(bad).is_err(), "{bad}");
        }
        assert_eq!(reported_version(" 0.1.0 ").as_deref(), Some("0.1.0"));
        assert_eq!(reported_version("0.1"), None);
    }

    #[test]
    fn notes_may_be_empty_but_not_over_ten_thousand_characters() {
        assert_eq!(check_notes("  ").expect("empty"), "");
        assert!(check_notes(&"é".repeat(MAX_NOTES_CHARS)).is_ok());
        assert!(check_notes(&"é".repeat(MAX_NOTES_CHARS + 1)).is_err());
    }

    #[test]
    fn file_names_become_one_plain_path_segment() {
        assert_eq!(
            file_name("Medsos PD_0.2.0_x64-setup.exe").expect("name"),
            "Medsos_PD_0.2.0_x64-setup.exe"
        );
        assert_eq!(file_name("a/../b.msi").expect("name"), "a_.._b.msi");
        assert!(file_name("..").is_err());
        assert!(file_name("").is_err());
    }
}
