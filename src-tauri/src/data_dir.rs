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
