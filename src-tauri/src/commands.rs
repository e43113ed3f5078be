//! The IPC commands. Each is a few lines: unpack, call the core, map the error.
//! They are `async` so Tauri runs them off the UI thread.

use crate::state::AppState;
use medsos_core::drafts::{self, Draft, DraftInput, DraftSummary};
use medsos_core::profile::{self, AgencyProfile, ProfileInput};
use medsos_core::settings::{self, Language};
use medsos_core::ErrorPayload;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

type CmdResult<T> = Result<T, ErrorPayload>;

/// Everything the window needs to decide what to show at start.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    /// Set when the store could not be opened; the window then explains why.
    pub store_error: Option<ErrorPayload>,
    pub store_path: String,
    /// `None` until the first-run form is saved.
    pub profile: Option<AgencyProfile>,
    pub language: Language,
    #[ts(type = "number")]
    pub draft_count: i64,
}

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_status,
        store_reopen,
        profile_save,
        language_set,
        drafts_list,
        draft_get,
        draft_create,
        draft_update
    ]
}

#[tauri::command]
async fn app_status(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    let store_path = state.store_path.display().to_string();
    if let Some(store_error) = state.open_error() {
        return Ok(AppStatus {
            store_error: Some(store_error),
            store_path,
            profile: None,
            language: Language::Id,
            draft_count: 0,
        });
    }
    state.with_store(|store| {
        let conn = store.conn();
        let draft_count = conn
            .query_row("SELECT COUNT(*) FROM drafts", [], |row| row.get(0))
            .map_err(|e| medsos_core::Error::from(e).payload())?;
        Ok(AppStatus {
            store_error: None,
            store_path,
            profile: profile::get(conn).map_err(|e| e.payload())?,
            language: settings::language(conn).map_err(|e| e.payload())?,
            draft_count,
        })
    })
}

#[tauri::command]
async fn store_reopen(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    state.reopen();
    app_status(state).await
}

#[tauri::command]
async fn profile_save(state: State<'_, AppState>, input: ProfileInput) -> CmdResult<AgencyProfile> {
    state.with_store(|store| {
        profile::save(store.conn(), state.clock.as_ref(), &input).map_err(|e| e.payload())
    })
}

#[tauri::command]
async fn language_set(state: State<'_, AppState>, language: Language) -> CmdResult<()> {
    state
        .with_store(|store| settings::set_language(store.conn(), language).map_err(|e| e.payload()))
}

#[tauri::command]
async fn drafts_list(
    state: State<'_, AppState>,
    limit: u32,
    offset: u32,
) -> CmdResult<Vec<DraftSummary>> {
    state.with_store(|store| {
        drafts::list(store.conn(), limit.min(500), offset).map_err(|e| e.payload())
    })
}

#[tauri::command]
async fn draft_get(state: State<'_, AppState>, id: i64) -> CmdResult<Draft> {
    state.with_store(|store| drafts::get(store.conn(), id).map_err(|e| e.payload()))
}

#[tauri::command]
async fn draft_create(state: State<'_, AppState>, input: DraftInput) -> CmdResult<Draft> {
    state.with_store(|store| {
        drafts::create(store.conn(), state.clock.as_ref(), &input).map_err(|e| e.payload())
    })
}

#[tauri::command]
async fn draft_update(state: State<'_, AppState>, id: i64, input: DraftInput) -> CmdResult<Draft> {
    state.with_store(|store| {
        drafts::update(store.conn(), state.clock.as_ref(), id, &input).map_err(|e| e.payload())
    })
}
