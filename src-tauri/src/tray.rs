//! The tray: the app keeps working with its window closed. Closing the window hides it here
//! (a setting, on by default), and reminders, overdue-complaint notifications and the
//! background sync go on. The menu opens the window again, syncs now, or quits for real.
//! At login the app may start hidden here (`tauri-plugin-autostart`, with [`HIDDEN_ARG`]).

use crate::state::AppState;
use medsos_core::settings::{self, Language, WindowSettings};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Window, WindowEvent, Wry};

/// The argument the login entry starts the app with: no window, only the tray.
pub const HIDDEN_ARG: &str = "--tersembunyi";

/// The tray menu's actions, by id.
pub const OPEN: &str = "buka";
pub const SYNC: &str = "sinkron";
pub const QUIT: &str = "keluar";

pub struct Tray {
    /// The icon is in the tray. Without one (no tray on this desktop) closing the window
    /// quits, or the admin could not get the app back.
    available: AtomicBool,
    /// The admin's choice in Pengaturan, kept here so the close handler never waits on the
    /// store; read from the store once it is open.
    close_to_tray: AtomicBool,
    items: Mutex<Vec<(MenuItem<Wry>, &'static str)>>,
}

/// Whether the app was asked to start hidden (the login entry).
pub fn started_hidden() -> bool {
    std::env::args().any(|arg| arg == HIDDEN_ARG || arg == "--hidden")
}

fn label(id: &str, language: Language) -> &'static str {
    match (id, language) {
        (OPEN, Language::Id) => "Buka Medsos PD",
        (OPEN, Language::En) => "Open Medsos PD",
        (SYNC, Language::Id) => "Sinkronkan sekarang",
        (SYNC, Language::En) => "Sync now",
        (_, Language::Id) => "Keluar",
        (_, Language::En) => "Quit",
    }
}

/// Puts the icon in the tray and reads the admin's settings once the store is open.
pub fn install(app: &AppHandle<Wry>) {
    let tray = Tray {
        available: AtomicBool::new(false),
        close_to_tray: AtomicBool::new(true),
        items: Mutex::new(Vec::new()),
    };
    match build(app) {
        Ok(items) => {
            tray.available.store(true, Ordering::SeqCst);
            *tray.items.lock().unwrap_or_else(|e| e.into_inner()) = items;
        }
        Err(error) => eprintln!("Ikon baki tidak dapat dipasang: {error}"),
    }
    app.manage(tray);
    let handle = app.clone();
    let spawned = std::thread::Builder::new()
        .name("baki".into())
        .spawn(move || {
            let state = handle.state::<AppState>();
            let read = state.with_store(|store| {
                let conn = store.conn();
                Ok((settings::window(conn)?, settings::language(conn)?))
            });
            if let Ok((window, language)) = read {
                remember(&handle, window);
                relabel(&handle, language);
            }
        });
    if let Err(error) = spawned {
        eprintln!("Pengaturan jendela tidak dapat dibaca: {error}");
    }
}

fn build(app: &AppHandle<Wry>) -> tauri::Result<Vec<(MenuItem<Wry>, &'static str)>> {
    let items = [OPEN, SYNC, QUIT]
        .into_iter()
        .map(|id| {
            MenuItem::with_id(app, id, label(id, Language::Id), true, None::<&str>)
                .map(|item| (item, id))
        })
        .collect::<tauri::Result<Vec<_>>>()?;
    let refs: Vec<&dyn tauri::menu::IsMenuItem<Wry>> = items
        .iter()
        .map(|(item, _)| item as &dyn tauri::menu::IsMenuItem<Wry>)
        .collect();
    let menu = Menu::with_items(app, &refs)?;
    let mut builder = TrayIconBuilder::with_id("utama")
        .tooltip("Medsos PD")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| act(app, event.id.as_ref()))
        .on_tray_icon_event(|icon, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_window(icon.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    Ok(items)
}

/// The tray menu's labels in the admin's language.
pub fn relabel(app: &AppHandle<Wry>, language: Language) {
    let Some(tray) = app.try_state::<Tray>() else {
        return;
    };
    for (item, id) in tray.items.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        let _ = item.set_text(label(id, language));
    }
}

/// Whether the icon is in the tray.
pub fn available(app: &AppHandle<Wry>) -> bool {
    app.try_state::<Tray>()
        .is_some_and(|tray| tray.available.load(Ordering::SeqCst))
}

/// Keeps the admin's window setting for the close handler.
pub fn remember(app: &AppHandle<Wry>, settings: WindowSettings) {
    if let Some(tray) = app.try_state::<Tray>() {
        tray.close_to_tray
            .store(settings.close_to_tray, Ordering::SeqCst);
    }
}

/// One tray action, by its menu id (also what the debug hook calls).
pub fn act(app: &AppHandle<Wry>, id: &str) {
    match id {
        OPEN => show_window(app),
        SYNC => sync_now(app.clone()),
        QUIT => app.exit(0),
        _ => {}
    }
}

pub fn show_window(app: &AppHandle<Wry>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// The sync the button runs, on its own thread; its result comes as a notification, since
/// the window may be hidden.
fn sync_now(app: AppHandle<Wry>) {
    let spawned = std::thread::Builder::new()
        .name("sinkron-baki".into())
        .spawn(move || {
            let state = app.state::<AppState>();
            let (sent, error) = crate::commands::sync::run_sync(&state, 1);
            let body = match error {
                None => format!("{sent} hari terkirim ke hub Diskominfo."),
                Some(error) => format!("Sinkron tertunda: {error}"),
            };
            crate::notify::raise(&app, "Sinkron Medsos PD", &body);
            crate::updates::check_after_sync(&app);
        });
    if let Err(error) = spawned {
        eprintln!("Sinkron tidak dapat dimulai: {error}");
    }
}

/// Closing the main window hides it to the tray when the tray is there and the admin keeps
/// the setting on; the first time, a notification says where the app went.
pub fn on_window_event(window: &Window<Wry>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let app = window.app_handle();
    let Some(tray) = app.try_state::<Tray>() else {
        return;
    };
    if !tray.available.load(Ordering::SeqCst) || !tray.close_to_tray.load(Ordering::SeqCst) {
        return;
    }
    api.prevent_close();
    let _ = window.hide();
    let app = app.clone();
    let _ = std::thread::Builder::new()
        .name("baki-petunjuk".into())
        .spawn(move || {
            let state = app.state::<AppState>();
            let shown = state.with_store(|store| Ok(settings::take_tray_hint(store.conn())?));
            if matches!(shown, Ok(false)) {
                crate::notify::raise(
                    &app,
                    "Medsos PD tetap berjalan",
                    "Jendela disembunyikan ke baki sistem (ikon Medsos PD di pojok layar). \
                     Pengingat, aduan terlambat dan sinkron tetap berjalan. Pilih \"Keluar\" \
                     pada menu ikon untuk berhenti.",
                );
            }
        });
}

/// Whether the window is on screen (for the debug hooks and the tests).
#[cfg(debug_assertions)]
pub fn window_visible(app: &AppHandle<Wry>) -> Result<bool, medsos_core::ErrorPayload> {
    app.get_webview_window("main")
        .and_then(|window| window.is_visible().ok())
        .ok_or_else(|| medsos_core::ErrorPayload {
            code: "window".into(),
            message: "Jendela utama tidak ditemukan.".into(),
        })
}
