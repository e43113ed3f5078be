//! The window's life outside the screen: closing to the tray and starting at login.

use super::CmdResult;
use crate::state::AppState;
use crate::tray;
use medsos_core::settings::{self, WindowSettings};
use medsos_core::ErrorPayload;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use tauri_plugin_autostart::ManagerExt;
use ts_rs::TS;

/// What Pengaturan shows and saves about the window.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct WindowOptions {
    /// Closing the window hides it to the tray (on by default).
    pub close_to_tray: bool,
    /// The app starts hidden in the tray when the admin logs in to the PC.
    pub start_at_login: bool,
    /// There is a tray on this desktop; without one, closing the window quits.
    #[serde(default)]
    pub tray_available: bool,
}

fn autostart_error(error: impl std::fmt::Display) -> ErrorPayload {
    ErrorPayload {
        code: "autostart".into(),
        message: format!("Pengaturan mulai saat login tidak dapat diubah: {error}"),
    }
}

fn options(app: &AppHandle, settings: WindowSettings) -> WindowOptions {
    WindowOptions {
        close_to_tray: settings.close_to_tray,
        start_at_login: app.autolaunch().is_enabled().unwrap_or(false),
        tray_available: tray::available(app),
    }
}

#[tauri::command]
pub async fn window_options(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<WindowOptions> {
    let settings = state.with_store(|store| Ok(settings::window(store.conn())?))?;
    Ok(options(&app, settings))
}

#[tauri::command]
pub async fn window_options_save(
    app: AppHandle,
    state: State<'_, AppState>,
    input: WindowOptions,
) -> CmdResult<WindowOptions> {
    let autolaunch = app.autolaunch();
    if input.start_at_login != autolaunch.is_enabled().unwrap_or(false) {
        if input.start_at_login {
            autolaunch.enable().map_err(autostart_error)?;
        } else {
            autolaunch.disable().map_err(autostart_error)?;
        }
    }
    let settings = state.with_store(|store| {
        Ok(settings::set_window(
            store.conn(),
            &WindowSettings {
                close_to_tray: input.close_to_tray,
            },
        )?)
    })?;
    tray::remember(&app, settings);
    Ok(options(&app, settings))
}

/// Debug builds only: closes the window as the title bar's button does (the tests cannot
/// reach the window manager's button through WebDriver).
#[cfg(debug_assertions)]
#[tauri::command]
pub async fn debug_window_close(app: AppHandle) -> CmdResult<()> {
    use tauri::Manager;
    let window = app.get_webview_window("main").ok_or_else(|| ErrorPayload {
        code: "window".into(),
        message: "Jendela utama tidak ditemukan.".into(),
    })?;
    window.close().map_err(|e| ErrorPayload {
        code: "window".into(),
        message: e.to_string(),
    })
}

/// Debug builds only: one tray menu action by id, as a click on it would (the tests cannot
/// click the tray under Xvfb). Answers whether the window is on screen afterwards.
#[cfg(debug_assertions)]
#[tauri::command]
pub async fn debug_tray_action(app: AppHandle, id: String) -> CmdResult<bool> {
    if ![tray::OPEN, tray::SYNC].contains(&id.as_str()) {
        return Err(ErrorPayload {
            code: "tray".into(),
            message: format!("Aksi baki tidak dikenal: {id}"),
        });
    }
    tray::act(&app, &id);
    tray::window_visible(&app)
}

/// Debug builds only: whether the window is on screen.
#[cfg(debug_assertions)]
#[tauri::command]
pub async fn debug_window_visible(app: AppHandle) -> CmdResult<bool> {
    tray::window_visible(&app)
}
