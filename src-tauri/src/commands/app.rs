//! Start-up state, profile and settings.

use super::CmdResult;
use crate::state::AppState;
use medsos_core::calendar::{self, wib, CalendarSettings};
use medsos_core::drafts;
use medsos_core::drafts::checklist::{self, ChecklistItem};
use medsos_core::onboarding::{self, FirstWeek};
use medsos_core::profile::{self, AgencyProfile, ProfileInput};
use medsos_core::programmes::{self, Programme};
use medsos_core::settings::{self, ContentSettings, Language};
use medsos_core::templates::{self, Template};
use medsos_core::ErrorPayload;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

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
    pub content_settings: ContentSettings,
    pub calendar_settings: CalendarSettings,
    pub programmes: Vec<Programme>,
    pub templates: Vec<Template>,
    pub checklist: Vec<ChecklistItem>,
    /// The app clock's minute as "YYYY-MM-DDTHH:MM" WIB: what the calendar calls today (a
    /// debug build started with `MEDSOS_TEST_NOW` answers its fixed clock).
    pub now_wib: String,
}

fn status(state: &AppState) -> CmdResult<AppStatus> {
    let store_path = state.store_path.display().to_string();
    if let Some(store_error) = state.open_error() {
        return Ok(AppStatus {
            store_error: Some(store_error),
            store_path,
            profile: None,
            language: Language::Id,
            draft_count: 0,
            content_settings: ContentSettings {
                hashtag_limit: settings::DEFAULT_HASHTAG_LIMIT,
                agency_hashtag: String::new(),
            },
            calendar_settings: CalendarSettings {
                instagram_weekly_target: calendar::DEFAULT_WEEKLY_TARGET,
                facebook_weekly_target: calendar::DEFAULT_WEEKLY_TARGET,
                reminder_lead_minutes: calendar::DEFAULT_LEAD_MINUTES,
            },
            programmes: Vec::new(),
            templates: Vec::new(),
            checklist: checklist::items(),
            now_wib: wib::format_minute(state.clock.now()),
        });
    }
    state.with_store(|store| {
        let conn = store.conn();
        let draft_count = drafts::count(conn)?;
        Ok(AppStatus {
            store_error: None,
            store_path,
            profile: profile::get(conn)?,
            language: settings::language(conn)?,
            draft_count,
            content_settings: settings::content(conn)?,
            calendar_settings: calendar::settings(conn)?,
            programmes: programmes::list(conn)?,
            templates: templates::list(conn)?,
            checklist: checklist::items(),
            now_wib: wib::format_minute(state.clock.now()),
        })
    })
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    status(&state)
}

/// The first week's checklist on Beranda (see `medsos_core::onboarding`).
#[tauri::command]
pub async fn first_week(state: State<'_, AppState>) -> CmdResult<FirstWeek> {
    let dir = super::sync::data_dir(&state);
    state.with_store(|store| {
        let conn = store.conn();
        let enrolled = medsos_core::sync::run::status(conn, &dir)?.enrolled;
        Ok(onboarding::first_week(conn, enrolled)?)
    })
}

#[tauri::command]
pub async fn store_reopen(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    state.reopen();
    status(&state)
}

/// The store's quick check, asked for by the window once its first screen is painted (the
/// store opens without it so that screen comes sooner). Answers the check's failure, after
/// which `app_status` tells what is wrong; writes wait for the check meanwhile.
#[tauri::command]
pub async fn store_check(app: tauri::AppHandle) -> CmdResult<()> {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || app.state::<AppState>().run_check())
        .await
        .map_err(|e| ErrorPayload {
            code: "store.other".into(),
            message: format!("Pemeriksaan data terhenti: {e}"),
        })?
}

#[tauri::command]
pub async fn profile_save(
    state: State<'_, AppState>,
    input: ProfileInput,
) -> CmdResult<AgencyProfile> {
    state.with_store(|store| Ok(profile::save(store.conn(), state.clock.as_ref(), &input)?))
}

#[tauri::command]
pub async fn language_set(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    language: Language,
) -> CmdResult<()> {
    state.with_store(|store| Ok(settings::set_language(store.conn(), language)?))?;
    crate::tray::relabel(&app, language);
    Ok(())
}

#[tauri::command]
pub async fn content_settings_save(
    state: State<'_, AppState>,
    input: ContentSettings,
) -> CmdResult<ContentSettings> {
    state.with_store(|store| Ok(settings::set_content(store.conn(), &input)?))
}

#[tauri::command]
pub async fn calendar_settings_save(
    state: State<'_, AppState>,
    input: CalendarSettings,
) -> CmdResult<CalendarSettings> {
    state.with_store(|store| Ok(calendar::set_settings(store.conn(), &input)?))
}

#[tauri::command]
pub async fn programme_add(
    state: State<'_, AppState>,
    name: String,
    hashtag: String,
) -> CmdResult<Vec<Programme>> {
    state.with_store(|store| {
        programmes::add(store.conn(), &name, &hashtag)?;
        Ok(programmes::list(store.conn())?)
    })
}

#[tauri::command]
pub async fn programme_rename(
    state: State<'_, AppState>,
    id: i64,
    name: String,
    hashtag: String,
) -> CmdResult<Vec<Programme>> {
    state.with_store(|store| {
        programmes::update(store.conn(), id, &name, &hashtag)?;
        Ok(programmes::list(store.conn())?)
    })
}

/// Takes a programme off the list; drafts promoting it keep it.
#[tauri::command]
pub async fn programme_remove(state: State<'_, AppState>, id: i64) -> CmdResult<Vec<Programme>> {
    state.with_store(|store| {
        programmes::remove(store.conn(), id)?;
        Ok(programmes::list(store.conn())?)
    })
}

#[tauri::command]
pub async fn template_save(
    state: State<'_, AppState>,
    name: String,
    body: String,
) -> CmdResult<Vec<Template>> {
    state.with_store(|store| {
        templates::create(store.conn(), &name, &body)?;
        Ok(templates::list(store.conn())?)
    })
}

#[tauri::command]
pub async fn template_delete(state: State<'_, AppState>, id: i64) -> CmdResult<Vec<Template>> {
    state.with_store(|store| {
        templates::delete(store.conn(), id)?;
        Ok(templates::list(store.conn())?)
    })
}

/// The window's start-up marks: "beranda-frame" once Beranda is first painted,
/// "beranda-ready" once it is painted with every list answered. Written only when
/// `MEDSOS_STARTUP_TRACE` is set (see `crate::startup`); otherwise nothing happens.
#[tauri::command]
pub async fn startup_mark(what: String) -> CmdResult<()> {
    crate::startup::window_mark(&what);
    Ok(())
}
