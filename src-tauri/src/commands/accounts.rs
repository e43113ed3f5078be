//! Akun Resmi: the agency's official accounts and their verification steps, Cek akun against
//! the cached registry, and reports of accounts impersonating the agency. The registry is
//! fetched on a blocking thread, without the store held.

use super::complaints::Attachment;
use super::sync::{blocking, data_dir, WindowStore};
use super::CmdResult;
use crate::dialogs;
use crate::state::AppState;
use medsos_core::accounts::{
    self, AccountConflictView, AccountInput, CheckResult, OfficialAccount, Report, ReportInput,
    ReportStatus, Requirement, VerificationStep,
};
use medsos_core::clock::from_stored;
use medsos_core::drafts::Platform;
use medsos_core::media;
use medsos_core::sync::hub_view::{self, AccountHubStates};
use medsos_core::sync::{self, run};
use medsos_core::{ErrorPayload, Store};
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

/// The cached registry, as the screen shows its age.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RegistryInfo {
    /// UTC, RFC 3339; null when never fetched.
    pub fetched_at: Option<String>,
    pub age_minutes: Option<u32>,
    /// "registri diperbarui 2 jam lalu".
    pub words: String,
    pub agencies: u32,
    pub accounts: u32,
}

/// A report with its screenshots.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportView {
    pub report: Report,
    pub screenshots: Vec<Attachment>,
}

/// Everything the Akun Resmi screen shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AccountsOverview {
    pub accounts: Vec<OfficialAccount>,
    pub requirement: Requirement,
    /// The hub's answer at the last send: accounts another agency also claims.
    pub conflicts: Vec<AccountConflictView>,
    /// The account list changed since the hub last had it.
    pub accounts_unsent: bool,
    /// Where each account stands with Diskominfo, as the hub answered at the last sync.
    pub hub_states: AccountHubStates,
    pub reports: Vec<ReportView>,
    pub registry: RegistryInfo,
}

fn registry_info(state: &AppState, store: &Store) -> CmdResult<RegistryInfo> {
    let cached = accounts::cached_registry(store.conn())?;
    let now = state.clock.now();
    let age = cached
        .as_ref()
        .and_then(|(_, at)| from_stored(at))
        .map(|at| (now - at).whole_minutes().clamp(0, i64::from(u32::MAX)) as u32);
    Ok(RegistryInfo {
        fetched_at: cached.as_ref().map(|(_, at)| at.clone()),
        age_minutes: age,
        words: accounts::registry::age_words(age),
        agencies: cached.as_ref().map_or(0, |(r, _)| r.agencies.len() as u32),
        accounts: cached.as_ref().map_or(0, |(r, _)| {
            r.agencies.iter().map(|a| a.accounts.len() as u32).sum()
        }),
    })
}

fn report_view(store: &Store, report: Report) -> CmdResult<ReportView> {
    let dir = media::media_dir(store.path());
    let screenshots = accounts::report_media(store.conn(), &report.id)?
        .into_iter()
        .map(|item| {
            Ok(Attachment {
                thumbnail: media::thumbnail_data_url(&dir, &item)?,
                item,
            })
        })
        .collect::<CmdResult<_>>()?;
    Ok(ReportView {
        report,
        screenshots,
    })
}

fn overview(state: &AppState, store: &Store) -> CmdResult<AccountsOverview> {
    let conn = store.conn();
    let list = accounts::list(conn)?;
    let reports = accounts::list_reports(conn)?
        .into_iter()
        .map(|r| report_view(store, r))
        .collect::<CmdResult<_>>()?;
    Ok(AccountsOverview {
        requirement: accounts::requirement(&list),
        accounts: list,
        conflicts: accounts::conflicts(conn)?,
        accounts_unsent: accounts::accounts_to_send(conn)?.is_some(),
        hub_states: hub_view::account_states(conn)?,
        reports,
        registry: registry_info(state, store)?,
    })
}

#[tauri::command]
pub async fn accounts_overview(state: State<'_, AppState>) -> CmdResult<AccountsOverview> {
    state.with_store(|store| overview(&state, store))
}

/// Adds (`id` null) or changes an official account.
#[tauri::command]
pub async fn account_save(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: AccountInput,
) -> CmdResult<AccountsOverview> {
    state.with_store(|store| {
        let clock = state.clock.as_ref();
        match id {
            None => accounts::create(store.conn(), clock, &input),
            Some(id) => accounts::update(store.conn(), clock, id, &input),
        }?;
        overview(&state, store)
    })
}

#[tauri::command]
pub async fn account_delete(state: State<'_, AppState>, id: i64) -> CmdResult<AccountsOverview> {
    state.with_store(|store| {
        accounts::delete(store.conn(), id)?;
        overview(&state, store)
    })
}

/// Marks a verification step done on `done_on` (`YYYY-MM-DD`) or not done (null).
#[tauri::command]
pub async fn account_step_set(
    state: State<'_, AppState>,
    id: i64,
    step: VerificationStep,
    done_on: Option<String>,
) -> CmdResult<AccountsOverview> {
    state.with_store(|store| {
        accounts::set_step(
            store.conn(),
            state.clock.as_ref(),
            id,
            step,
            done_on.as_deref(),
        )?;
        overview(&state, store)
    })
}

/// Cek akun: answers from the cached registry and this agency's own accounts.
#[tauri::command]
pub async fn account_check(
    state: State<'_, AppState>,
    text: String,
    platform: Option<Platform>,
) -> CmdResult<CheckResult> {
    state.with_store(|store| {
        Ok(accounts::check(
            store.conn(),
            state.clock.as_ref(),
            &text,
            platform,
        )?)
    })
}

/// "Perbarui registri": fetches the registry from the hub now.
#[tauri::command]
pub async fn registry_refresh(app: AppHandle) -> CmdResult<RegistryInfo> {
    blocking(app, |state| {
        let dir = data_dir(state);
        let credentials = sync::load_credentials(&dir)?.ok_or_else(|| ErrorPayload {
            code: "invalid.credentials".into(),
            message:
                "PC ini belum terdaftar di hub Diskominfo; daftarkan dulu di Laporan & Sinkron."
                    .into(),
        })?;
        let client = state.with_store(|store| Ok(run::client_for(store.conn(), &credentials)?))?;
        run::refresh_registry(&WindowStore(state), state.clock.as_ref(), &client, 2).map_err(
            |message| ErrorPayload {
                code: "sync.registry".into(),
                message,
            },
        )?;
        state.with_store(|store| registry_info(state, store))
    })
    .await
}

/// Records a new report (`id` null) or changes one.
#[tauri::command]
pub async fn report_save(
    state: State<'_, AppState>,
    id: Option<String>,
    input: ReportInput,
) -> CmdResult<ReportView> {
    state.with_store(|store| {
        let report =
            accounts::save_report(store.conn(), state.clock.as_ref(), id.as_deref(), &input)?;
        report_view(store, report)
    })
}

#[tauri::command]
pub async fn report_status_set(
    state: State<'_, AppState>,
    id: String,
    status: ReportStatus,
    on_day: String,
) -> CmdResult<ReportView> {
    state.with_store(|store| {
        let report =
            accounts::set_report_status(store.conn(), state.clock.as_ref(), &id, status, &on_day)?;
        report_view(store, report)
    })
}

/// Attaches screenshots picked in the file dialog; unreadable files are refused with a
/// message and do not stop the others.
#[tauri::command]
pub async fn report_attach_pick(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<ReportView> {
    let paths = dialogs::pick_images(&app);
    state.with_store(|store| {
        let dir = media::media_dir(store.path());
        let clock = state.clock.as_ref();
        let mut refused = Vec::new();
        for path in paths {
            let attached = media::import(store.conn(), clock, &dir, &path)
                .and_then(|item| accounts::attach_report_media(store.conn(), clock, &id, item.id));
            if let Err(error) = attached {
                refused.push(error.to_string());
            }
        }
        if !refused.is_empty() {
            return Err(ErrorPayload {
                code: "invalid.attachment".into(),
                message: refused.join(" "),
            });
        }
        let report = accounts::report(store.conn(), &id)?;
        report_view(store, report)
    })
}

#[tauri::command]
pub async fn report_detach(
    state: State<'_, AppState>,
    id: String,
    media_id: i64,
) -> CmdResult<ReportView> {
    state.with_store(|store| {
        accounts::detach_report_media(store.conn(), &id, media_id)?;
        let report = accounts::report(store.conn(), &id)?;
        report_view(store, report)
    })
}
