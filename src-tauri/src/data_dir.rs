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

#[cfg(test)]
mod tests {
    #[test]
    fn the_identifier_matches_tauri_conf() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json");
        assert_eq!(conf["identifier"], super::IDENTIFIER);
    }
}
