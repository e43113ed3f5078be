//! Laporan & Sinkron: enrolment with the hub, what today's summary says, and the sync that
//! sends pending days. The store is locked only to read or record; never while the network
//! is in use, so the window stays responsive on a slow connection.

use super::{ipc, CmdResult};
use crate::state::AppState;
use medsos_core::calendar::wib;
use medsos_core::clock::WIB;
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
    state.with_store(|store| run::status(store.conn(), &dir).map_err(ipc))
}

#[tauri::command]
pub async fn sync_history(state: State<'_, AppState>) -> CmdResult<Vec<SyncLogEntry>> {
    state.with_store(|store| run::history(store.conn(), 50).map_err(ipc))
}

/// Today's summary (or another WIB day's) in words and as JSON.
#[tauri::command]
pub async fn summary_preview(
    state: State<'_, AppState>,
    day: Option<String>,
) -> CmdResult<SummaryPreview> {
    let day = day.unwrap_or_else(|| wib::format_day(state.clock.now().to_offset(WIB).date()));
    state.with_store(|store| {
        // The revision this day would go out with now (1 for a day never marked).
        let revision: u32 = store
            .conn()
            .query_row(
                "SELECT revision FROM sync_days WHERE day = ?1",
                [&day],
                |r| r.get(0),
            )
            .unwrap_or(1);
        let built =
            summary::build(store.conn(), state.clock.as_ref(), &day, revision).map_err(ipc)?;
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
        let installation =
            state.with_store(|store| run::installation_id(store.conn()).map_err(ipc))?;
        // The network call runs without the store, so the window stays usable meanwhile.
        let credentials = sync::enrol(
            clock,
            &hub_url,
            &code,
            &device_name,
            Some(&installation),
            None,
        )
        .map_err(ipc)?;
        state.with_store(|store| {
            run::save_enrolment(store.conn(), clock, &dir, &credentials, None).map_err(ipc)?;
            run::status(store.conn(), &dir).map_err(ipc)
        })
    })
    .await
}

/// Sends every pending day, batch by batch, retrying a few times on network trouble.
#[tauri::command]
pub async fn sync_now(app: AppHandle) -> CmdResult<SyncOutcome> {
    blocking(app, |state| {
        let (sent_days, error) = sync_pending(state, 3);
        let dir = data_dir(state);
        let status = state.with_store(|store| run::status(store.conn(), &dir).map_err(ipc))?;
        Ok(SyncOutcome {
            sent_days,
            still_pending: status.pending_days,
            error,
            status,
        })
    })
    .await
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

/// The loop the button and the background timer share: prepare under the store lock, send
/// without it, record the answer under it again; then the brief fulfilments the same way,
/// then the hub's briefs and holidays. Answers the days acknowledged and the error that
/// stopped it (or the fulfilments' failure, which stops nothing else), if any.
pub(crate) fn sync_pending(state: &AppState, attempts: u32) -> (u32, Option<String>) {
    let dir = data_dir(state);
    let mut sent_days = 0;
    let credentials = match sync::load_credentials(&dir) {
        Ok(Some(c)) => c,
        Ok(None) => return (0, Some("PC ini belum terdaftar di hub Diskominfo.".into())),
        Err(e) => return (0, Some(e.to_string())),
    };
    let client =
        match state.with_store(|store| run::client_for(store.conn(), &credentials).map_err(ipc)) {
            Ok(c) => c,
            Err(e) => return (0, Some(e.message)),
        };
    // Bounded: a store with years of pending days still finishes in reasonable steps.
    for _ in 0..100 {
        let prepared = state
            .with_store(|store| run::prepare(store.conn(), state.clock.as_ref(), 30).map_err(ipc));
        let prepared = match prepared {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(e) => return failed(state, sent_days, e.message),
        };
        match client.send(&credentials.token, &prepared.batch, attempts) {
            Ok(result) => {
                let applied = state.with_store(|store| {
                    run::apply(store.conn(), state.clock.as_ref(), &prepared, &result).map_err(ipc)
                });
                match applied {
                    Ok(a) if a.acknowledged == 0 && a.still_pending > 0 => {
                        // The hub answered but nothing cleared: stop rather than loop.
                        sent_days += a.acknowledged;
                        break;
                    }
                    Ok(a) => sent_days += a.acknowledged,
                    Err(e) => return failed(state, sent_days, e.message),
                }
            }
            Err(e) => return failed(state, sent_days, e.message().to_string()),
        }
    }
    // Posts answering Diskominfo's briefs, after the summaries and never in their way: a
    // failure is recorded in the history and reported, and the briefs still come back.
    let clock = state.clock.as_ref();
    let fulfilment_error = run::send_fulfilments(
        &WindowStore(state),
        clock,
        &client,
        &credentials.token,
        attempts,
    )
    .error;
    // Then the official accounts and the impersonation reports, and the registry for Cek
    // akun: likewise recorded and reported on failure, never in the way of the rest.
    let accounts = run::send_accounts_and_reports(
        &WindowStore(state),
        clock,
        &client,
        &credentials.token,
        attempts,
    );
    let registry = run::refresh_registry(&WindowStore(state), clock, &client, attempts).err();
    // What the hub says of this agency: its accounts' standing, its kinerja and targets.
    let hub_view = sync::hub_view::refresh(
        &WindowStore(state),
        clock,
        &client,
        &credentials.token,
        attempts,
    )
    .err();
    let fulfilment_error = fulfilment_error
        .or(accounts.errors.into_iter().next())
        .or(registry)
        .or(hub_view);
    // The hub's holidays and briefs: fetched without the store, applied with it.
    let fetched = client
        .briefs(&credentials.token)
        .map_err(|e| e.message().to_string())
        .and_then(|briefs| Ok((briefs, run::fetch_holidays(clock, &client)?)));
    match fetched {
        Ok((briefs, holidays)) => {
            let applied = state.with_store(|store| {
                run::store_briefs(store.conn(), clock, &briefs).map_err(ipc)?;
                run::import_holidays(store.conn_mut(), clock, &holidays).map_err(|message| {
                    ErrorPayload {
                        code: "sync.holidays".into(),
                        message,
                    }
                })
            });
            if let Err(e) = applied {
                return failed(state, sent_days, e.message);
            }
        }
        Err(message) => {
            return failed(
                state,
                sent_days,
                format!("Brief dan hari libur gagal diambil dari hub: {message}"),
            )
        }
    }
    (sent_days, fulfilment_error)
}

/// The window's store for [`run::send_fulfilments`]: locked for each step only.
pub(crate) struct WindowStore<'a>(pub(crate) &'a AppState);

impl run::StoreAccess for WindowStore<'_> {
    fn with_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> medsos_core::Result<T>,
    ) -> Result<T, String> {
        self.0
            .with_store(|store| f(store.conn()).map_err(ipc))
            .map_err(|e| e.message)
    }
}

/// Diskominfo's content briefs running now or within a week, for Beranda.
#[tauri::command]
pub async fn briefs_list(state: State<'_, AppState>) -> CmdResult<Vec<LocalBrief>> {
    let today = wib::format_day(state.clock.now().to_offset(WIB).date());
    state.with_store(|store| sync::briefs_for(store.conn(), &today).map_err(ipc))
}

/// Diskominfo's briefs whose days overlap `from`..=`to` (WIB days), for the Kalender.
#[tauri::command]
pub async fn briefs_range(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CmdResult<Vec<LocalBrief>> {
    state.with_store(|store| briefs::briefs_between(store.conn(), &from, &to).map_err(ipc))
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
            let attachment =
                briefs::attachment(store.conn(), brief_id, attachment_id).map_err(ipc)?;
            let credentials =
                sync::load_credentials(&dir)
                    .map_err(ipc)?
                    .ok_or_else(|| ErrorPayload {
                        code: "invalid.credentials".into(),
                        message: "PC ini belum terdaftar di hub Diskominfo.".into(),
                    })?;
            let client = run::client_for(store.conn(), &credentials).map_err(ipc)?;
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

fn failed(state: &AppState, sent_days: u32, message: String) -> (u32, Option<String>) {
    let _ = state.with_store(|store| {
        run::record_failure(store.conn(), state.clock.as_ref(), &message).map_err(ipc)
    });
    (sent_days, Some(message))
}
