//! Where the agency's data lives: the OS app-data folder, or `MEDSOS_DATA_DIR` when set
//! (tests, the demo, and IT staff who keep data on another drive).

use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime};

pub const DATA_DIR_ENV: &str = "MEDSOS_DATA_DIR";

pub fn resolve<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => app.path().app_data_dir(),
    }
}

/// The app's identifier in tauri.conf.json; the data folder is named after it.
pub const IDENTIFIER: &str = "id.go.cianjurkab.medsospd";

/// The data folder without a window: what [`resolve`] answers, for the command line.
pub fn resolve_without_app() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => dirs::data_dir().map(|d| d.join(IDENTIFIER)),
    }
}

/// The single-instance name for a data folder given by `MEDSOS_DATA_DIR`: the identifier
/// and a hash of the folder's path (D-Bus name elements may not start with a digit, hence
/// the `d`). `None` for the default folder, where the identifier alone is the name.
pub fn instance_id() -> Option<String> {
    let dir = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty())?;
    let dir = std::fs::canonicalize(&dir).unwrap_or_else(|_| PathBuf::from(dir));
    Some(format!(
        "{IDENTIFIER}.d{:016x}",
        fnv1a(dir.as_os_str().as_encoded_bytes())
    ))
}

/// FNV-1a, 64 bits: stable across runs and builds (unlike `DefaultHasher`), which is all a
/// name needs here.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_data_folder_gets_a_stable_valid_instance_name() {
        assert_eq!(super::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let a = format!("{}.d{:016x}", super::IDENTIFIER, super::fnv1a(b"/data/a"));
        let b = format!("{}.d{:016x}", super::IDENTIFIER, super::fnv1a(b"/data/b"));
        assert_ne!(a, b);
        // D-Bus: elements of letters, digits and '_', none starting with a digit.
        for element in a.split('.') {
            assert!(!element.starts_with(|c: char| c.is_ascii_digit()), "{a}");
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{a}"
            );
        }
    }

    #[test]
    fn the_identifier_matches_tauri_conf() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json");
        assert_eq!(conf["identifier"], super::IDENTIFIER);
    }
}
