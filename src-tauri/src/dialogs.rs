//! Native file dialogs, opened from Rust so the window needs no dialog permission.
//!
//! Debug builds honour two variables so the end-to-end tests can stand in for the person
//! at the dialog (a WebDriver cannot click a GTK dialog): `MEDSOS_TEST_PICK_FILES` (paths
//! joined like PATH) answers "open", `MEDSOS_TEST_SAVE_DIR` answers "save" with the
//! suggested file name in that folder, and `MEDSOS_TEST_PICK_FOLDER`, when set, answers a
//! folder choice (otherwise the first of `MEDSOS_TEST_PICK_FILES` does). Release builds do not contain them: the code that
//! reads the variables is compiled only with debug assertions.

use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

#[cfg(debug_assertions)]
fn test_pick() -> Option<Vec<PathBuf>> {
    std::env::var_os("MEDSOS_TEST_PICK_FILES").map(|v| std::env::split_paths(&v).collect())
}

#[cfg(debug_assertions)]
fn test_save(file_name: &str) -> Option<PathBuf> {
    std::env::var_os("MEDSOS_TEST_SAVE_DIR").map(|dir| PathBuf::from(dir).join(file_name))
}

#[cfg(debug_assertions)]
fn test_pick_folder() -> Option<PathBuf> {
    std::env::var_os("MEDSOS_TEST_PICK_FOLDER").map(PathBuf::from)
}

#[cfg(not(debug_assertions))]
fn test_pick() -> Option<Vec<PathBuf>> {
    None
}

#[cfg(not(debug_assertions))]
fn test_pick_folder() -> Option<PathBuf> {
    None
}

#[cfg(not(debug_assertions))]
fn test_save(_file_name: &str) -> Option<PathBuf> {
    None
}

/// Asks for images; empty when the admin cancels.
pub fn pick_images<R: Runtime>(app: &AppHandle<R>) -> Vec<PathBuf> {
    if let Some(paths) = test_pick() {
        return paths;
    }
    app.dialog()
        .file()
        .set_title("Pilih gambar")
        .add_filter("Gambar", &["jpg", "jpeg", "png", "webp"])
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect()
}

/// Asks where to save; None when the admin cancels.
pub fn save_as<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    if let Some(path) = test_save(file_name) {
        return Some(path);
    }
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(filter.0, filter.1)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks for one spreadsheet (CSV or XLSX) to import; None when the admin cancels.
pub fn pick_spreadsheet<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    if let Some(paths) = test_pick() {
        return paths.into_iter().next();
    }
    app.dialog()
        .file()
        .set_title("Pilih berkas aduan (CSV atau XLSX)")
        .add_filter("Lembar kerja", &["csv", "xlsx", "txt"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks for a folder (the backup destination, a carousel's); None when the admin cancels.
pub fn pick_folder<R: Runtime>(app: &AppHandle<R>, title: &str) -> Option<PathBuf> {
    if let Some(folder) = test_pick_folder() {
        return Some(folder);
    }
    if let Some(paths) = test_pick() {
        return paths.into_iter().next();
    }
    app.dialog()
        .file()
        .set_title(title)
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
}

/// Asks for one backup file to restore; None when the admin cancels.
pub fn pick_backup<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    if let Some(paths) = test_pick() {
        return paths.into_iter().next();
    }
    app.dialog()
        .file()
        .set_title("Pilih berkas cadangan Medsos PD")
        .add_filter("Cadangan Medsos PD", &[medsos_core::backup::EXTENSION])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}
