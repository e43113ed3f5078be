//! Laporan & Sinkron: enrolment with the hub, what today's summary says, and the sync that
//! sends pending days. The store is locked only to read or record; never while the network
//! is in use, so the window stays responsive on a slow connection.

use super::CmdResult;
use crate::state::AppState;
use medsos_core::calendar::wib;
use medsos_core::sync::run::Connection;
use medsos_core::sync::{self, briefs, run, summary, LocalBrief, SyncLogEntry, SyncStatus};
use medsos_core::ErrorPayload;
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

/// One day's summary as the admin reads it before it is sent.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SummaryPreview {
    /// "YYYY-MM-DD", WIB.
    pub day: String,
    /// Plain sentences: what Diskominfo will see.
    pub lines: Vec<String>,
    /// The exact JSON that goes on the wire.
    pub json: String,
}

/// What one "Sinkronkan sekarang" did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncOutcome {
    pub sent_days: u32,
    pub still_pending: u32,
    /// Plain-words error when the hub could not be reached or refused.
    pub error: Option<String>,
    pub status: SyncStatus,
}

pub(crate) fn data_dir(state: &AppState) -> PathBuf {
    state
        .store_path
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> CmdResult<SyncStatus> {
    let dir = data_dir(&state);
    state.with_store(|store| Ok(run::status(store.conn(), &dir)?))
}

#[tauri::command]
pub async fn sync_history(state: State<'_, AppState>) -> CmdResult<Vec<SyncLogEntry>> {
    state.with_store(|store| Ok(run::history(store.conn(), 50)?))
}

/// Today's summary (or another WIB day's) in words and as JSON.
#[tauri::command]
pub async fn summary_preview(
    state: State<'_, AppState>,
    day: Option<String>,
) -> CmdResult<SummaryPreview> {
    let day = day.unwrap_or_else(|| wib::format_day(wib::today(state.clock.now())));
    state.with_store(|store| {
        let built = summary::next_send(store.conn(), state.clock.as_ref(), &day)?;
        Ok(SummaryPreview {
            lines: summary::describe(&built),
            json: serde_json::to_string_pretty(&built).unwrap_or_default(),
            day,
        })
    })
}

/// Trades Diskominfo's one-time code for this PC's token and marks the last 30 days to send.
/// The blocking HTTP client runs on a blocking thread, never on the async runtime.
#[tauri::command]
pub async fn sync_enrol(
    app: AppHandle,
    hub_url: String,
    code: String,
    device_name: String,
) -> CmdResult<SyncStatus> {
    blocking(app, move |state| {
        let dir = data_dir(state);
        let clock = state.clock.as_ref();
        let installation = state.with_store(|store| Ok(run::installation_id(store.conn())?))?;
        // The network call runs without the store, so the window stays usable meanwhile.
        let credentials = sync::enrol(
            clock,
            &hub_url,
            &code,
            &device_name,
            Some(&installation),
            None,
        )?;
        state.with_store(|store| {
            run::save_enrolment(store.conn(), clock, &dir, &credentials, None)?;
            Ok(run::status(store.conn(), &dir)?)
        })
    })
    .await
}

/// Sends every pending day, batch by batch, retrying a few times on network trouble.
#[tauri::command]
pub async fn sync_now(app: AppHandle) -> CmdResult<SyncOutcome> {
    let outcome = blocking(app.clone(), |state| {
        let (sent_days, error) = run_sync(state, 3);
        let dir = data_dir(state);
        let status = state.with_store(|store| Ok(run::status(store.conn(), &dir)?))?;
        Ok(SyncOutcome {
            sent_days,
            still_pending: status.pending_days,
            error,
            status,
        })
    })
    .await?;
    // Then whether the hub offers a newer version, so the window can say so at once.
    if outcome.error.is_none() {
        if let Err(failure) = crate::updates::check(&app).await {
            eprintln!("Pemeriksaan pembaruan tertunda: {}", failure.message);
        }
    }
    Ok(outcome)
}

pub(crate) async fn blocking<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppState) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
        .await
        .map_err(|e| ErrorPayload {
            code: "internal".into(),
            message: format!("Sinkron terhenti: {e}"),
        })?
}

/// The sync the button and the background thread run: core's [`run::sync_all`] over the
/// window's store, locked for each step only. Answers the days the hub acknowledged and the
/// error to show, if any (already in the history, unless the PC is not enrolled).
pub(crate) fn run_sync(state: &AppState, attempts: u32) -> (u32, Option<String>) {
    let dir = data_dir(state);
    match run::sync_all(
        &mut WindowStore(state),
        state.clock.as_ref(),
        &dir,
        attempts,
    ) {
        Ok(report) => (report.acknowledged, report.error),
        Err(message) => (0, Some(message)),
    }
}

/// The window's store for the sync: locked for each step only.
pub(crate) struct WindowStore<'a>(pub(crate) &'a AppState);

impl run::StoreAccess for WindowStore<'_> {
    fn with_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> medsos_core::Result<T>,
    ) -> Result<T, String> {
        self.0
            .with_store(|store| Ok(f(store.conn())?))
            .map_err(|e| e.message)
    }

    fn with_conn_mut<T>(
        &mut self,
        f: impl FnOnce(&mut Connection) -> medsos_core::Result<T>,
    ) -> Result<T, String> {
        self.0
            .with_store(|store| Ok(f(store.conn_mut())?))
            .map_err(|e| e.message)
    }
}

/// Diskominfo's content briefs running now or within a week, for Beranda.
#[tauri::command]
pub async fn briefs_list(state: State<'_, AppState>) -> CmdResult<Vec<LocalBrief>> {
    let today = wib::format_day(wib::today(state.clock.now()));
    state.with_store(|store| Ok(sync::briefs_for(store.conn(), &today)?))
}

/// Diskominfo's briefs whose days overlap `from`..=`to` (WIB days), for the Kalender.
#[tauri::command]
pub async fn briefs_range(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CmdResult<Vec<LocalBrief>> {
    state.with_store(|store| Ok(briefs::briefs_between(store.conn(), &from, &to)?))
}

/// Downloads a brief's attachment into `briefs/<brief_id>/<file name>` under the data
/// folder and answers the path, for the admin to open. Fetched from the hub only when
/// asked; the store is not held during the download.
#[tauri::command]
pub async fn brief_attachment_save(
    app: AppHandle,
    brief_id: i64,
    attachment_id: i64,
) -> CmdResult<String> {
    blocking(app, move |state| {
        let dir = data_dir(state);
        let (attachment, client) = state.with_store(|store| {
            let attachment = briefs::attachment(store.conn(), brief_id, attachment_id)?;
            let credentials = sync::load_credentials(&dir)?.ok_or_else(|| ErrorPayload {
                code: "invalid.credentials".into(),
                message: "PC ini belum terdaftar di hub Diskominfo.".into(),
            })?;
            let client = run::client_for(store.conn(), &credentials)?;
            Ok((attachment, (client, credentials.token)))
        })?;
        let folder = dir.join("briefs").join(brief_id.to_string());
        let path = folder.join(briefs::safe_file_name(&attachment.file_name, attachment.id));
        let (client, token) = client;
        let bytes = client
            .brief_attachment(&token, brief_id, attachment_id, 3)
            .map_err(|e| ErrorPayload {
                code: "sync.attachment".into(),
                message: format!("Lampiran gagal diunduh: {}", e.message()),
            })?;
        let io_error = |e: std::io::Error| ErrorPayload {
            code: "io".into(),
            message: format!("Lampiran tidak dapat disimpan di {}: {e}", path.display()),
        };
        medsos_core::private_files::create_private_dir(&folder).map_err(io_error)?;
        // Written beside and renamed, so a half-written file never carries the name; the
        // user's alone, as everything in the data folder.
        let partial = path.with_extension("unduhan");
        std::fs::write(&partial, &bytes).map_err(io_error)?;
        medsos_core::private_files::restrict_file(&partial).map_err(io_error)?;
        std::fs::rename(&partial, &path).map_err(io_error)?;
        Ok(path.display().to_string())
    })
    .await
}
