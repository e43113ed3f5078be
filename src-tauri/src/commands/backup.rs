//! Cadangan in Pengaturan: the status, "Cadangkan sekarang", the folder, the recovery phrase,
//! and a restore (also from the screen shown when the store cannot be opened).

use super::sync::blocking;
use super::CmdResult;
use crate::state::AppState;
use medsos_core::backup::{
    self, BackupEntry, BackupReason, BackupReport, BackupStatus, RecoveryPhrase, RestoreReport,
};
use medsos_core::ErrorPayload;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tauri::AppHandle;
use ts_rs::TS;

/// What the Cadangan section shows.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupOverview {
    pub status: BackupStatus,
    /// The backups in the current folder, newest first.
    pub entries: Vec<BackupEntry>,
    /// Why the folder could not be listed (unplugged drive), if it could not.
    pub folder_problem: Option<String>,
}

/// A backup file picked for a restore, with what its header says.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RestoreCandidate {
    pub file: String,
    pub entry: BackupEntry,
}

fn overview(state: &AppState) -> CmdResult<BackupOverview> {
    let status = state.with_store(|store| {
        Ok(backup::status(
            store.conn(),
            store.path(),
            state.clock.as_ref(),
        )?)
    })?;
    let folder = PathBuf::from(&status.folder);
    let (entries, folder_problem) = if folder.is_dir() {
        match backup::list(&folder) {
            Ok(entries) => (entries, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        }
    } else if status.folder_is_default {
        (Vec::new(), None)
    } else {
        (
            Vec::new(),
            Some(format!(
                "Folder {} tidak ditemukan (flashdisk dicabut atau folder jaringan terputus?).",
                folder.display()
            )),
        )
    };
    Ok(BackupOverview {
        status,
        entries,
        folder_problem,
    })
}

/// Makes a backup on the calling thread with a connection of its own, so the window's
/// connection stays free and the admin keeps working; one backup at a time.
pub(crate) fn backup_with_own_connection(
    state: &AppState,
    reason: BackupReason,
    dest: Option<&Path>,
) -> CmdResult<BackupReport> {
    let _one_at_a_time = state.backup_lock.lock().unwrap_or_else(|e| e.into_inner());
    let store = crate::state::open_store_file(&state.store_path).map_err(|e| e.payload())?;
    Ok(backup::create(
        store.conn(),
        store.path(),
        state.clock.as_ref(),
        reason,
        dest,
    )?)
}

#[tauri::command]
pub async fn backup_overview(app: AppHandle) -> CmdResult<BackupOverview> {
    blocking(app, overview).await
}

/// "Cadangkan sekarang".
#[tauri::command]
pub async fn backup_now(app: AppHandle) -> CmdResult<BackupOverview> {
    blocking(app, |state| {
        backup_with_own_connection(state, BackupReason::Manual, None)?;
        overview(state)
    })
    .await
}

/// "Pilih folder…": a flashdisk or a network share; unchanged when the admin cancels.
#[tauri::command]
pub async fn backup_folder_choose(app: AppHandle) -> CmdResult<BackupOverview> {
    let picked = crate::dialogs::pick_folder(&app, "Pilih folder cadangan");
    blocking(app, move |state| {
        if let Some(folder) = picked {
            state.with_store(|store| Ok(backup::set_dir(store.conn(), Some(&folder))?))?;
        }
        overview(state)
    })
    .await
}

/// "Kembalikan ke folder bawaan".
#[tauri::command]
pub async fn backup_folder_default(app: AppHandle) -> CmdResult<BackupOverview> {
    blocking(app, |state| {
        state.with_store(|store| Ok(backup::set_dir(store.conn(), None)?))?;
        overview(state)
    })
    .await
}

/// A new recovery phrase: its words, shown once.
#[tauri::command]
pub async fn backup_phrase_new(app: AppHandle) -> CmdResult<Vec<String>> {
    blocking(app, |state| {
        state
            .with_store(|store| Ok(backup::new_phrase(store.conn(), state.clock.as_ref())?.words()))
    })
    .await
}

/// "Pulihkan dari cadangan…": picks the file and reads its header; `None` when cancelled.
#[tauri::command]
pub async fn backup_restore_pick(app: AppHandle) -> CmdResult<Option<RestoreCandidate>> {
    let Some(file) = crate::dialogs::pick_backup(&app) else {
        return Ok(None);
    };
    blocking(app, move |_state| {
        let folder = file.parent().unwrap_or_else(|| Path::new(""));
        let name = file.to_string_lossy().into_owned();
        let header = backup::inspect(&file)?;
        let entry = backup::list(folder)?
            .into_iter()
            .find(|e| e.file == name)
            .ok_or_else(|| ErrorPayload {
                code: "backup.foreign".into(),
                message: format!(
                    "{} bukan berkas cadangan Medsos PD (.{}).",
                    file.display(),
                    backup::EXTENSION
                ),
            })?;
        let _ = header;
        Ok(Some(RestoreCandidate { file: name, entry }))
    })
    .await
}

/// Restores `file` with the typed phrase: staged and checked while the store stays open,
/// then the store is closed, swapped and opened again. The store that was in use is kept
/// whole in `sebelum-pulih-…` beside it.
#[tauri::command]
pub async fn backup_restore(
    app: AppHandle,
    file: String,
    phrase: String,
) -> CmdResult<RestoreReport> {
    blocking(app, move |state| {
        let phrase = RecoveryPhrase::parse(&phrase)?;
        let current = state
            .with_store(|store| Ok(medsos_core::profile::get(store.conn())?))
            .ok()
            .flatten()
            .map(|p| (p.name, p.code));
        let prepared = backup::prepare(
            Path::new(&file),
            &phrase,
            &state.store_path,
            current,
            state.clock.as_ref(),
        )?;
        let _no_backup_now = state.backup_lock.lock().unwrap_or_else(|e| e.into_inner());
        let report =
            state.replace_store(|path| Ok(backup::swap(prepared, path, state.clock.as_ref())?))?;
        // The same PC, still enrolled: nothing to ask; its days go again with the same token.
        let dir = super::sync::data_dir(state);
        if matches!(medsos_core::sync::hub::load_credentials(&dir), Ok(Some(_))) {
            state.with_store(|store| Ok(backup::clear_restored(store.conn())?))?;
        }
        Ok(report)
    })
    .await
}
