//! medsos-pd: the desktop shell. Thin on purpose: commands adapt IPC calls to
//! `medsos-core`, which owns every rule.

mod bindings;
pub mod cli;
mod commands;
mod data_dir;
mod dialogs;
mod notify;
mod rendering;
#[cfg(debug_assertions)]
mod soak;
pub mod startup;
mod state;
mod tray;
mod updates;

pub use data_dir::DATA_DIR_ENV;

use state::AppState;
use tauri::Manager;

/// Sends pending days on its own thread whenever the hub can be reached: a first try a
/// minute after start, then every two minutes while days are pending (one attempt each, so
/// a PC offline at a field event simply tries again later). Nothing happens before the PC
/// is enrolled. The sync is the one the button runs (core's `sync_all`).
fn start_background_sync(app: tauri::AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("sinkron".into())
        .spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(60));
            loop {
                let state = app.state::<AppState>();
                let pending = state
                    .with_store(|store| {
                        let dir = store
                            .path()
                            .parent()
                            .map(|p| p.to_path_buf())
                            .unwrap_or_default();
                        Ok(medsos_core::sync::status(store.conn(), &dir)?)
                    })
                    .map(|s| s.enrolled && s.pending_days > 0)
                    .unwrap_or(false);
                if pending {
                    let (_, error) = commands::sync::run_sync(&state, 1);
                    match error {
                        Some(error) => eprintln!("Sinkron otomatis tertunda: {error}"),
                        None => updates::check_after_sync(&app),
                    }
                }
                std::thread::sleep(std::time::Duration::from_secs(120));
            }
        });
    if let Err(error) = spawned {
        eprintln!("Sinkron otomatis tidak dapat dimulai: {error}");
    }
}

/// Applies the retention rule (UU PDP: citizens' personal data in complaints closed longer
/// than the retention period is erased) on its own thread: once the store is open at start,
/// then once every WIB day while the app is open. The same core function as
/// `medsos-pd aduan retensi`. A run that fails is tried again a minute later.
/// The retention rule run to the end in short steps ([`medsos_core::complaints::RETENTION_STEP`]
/// complaints each), letting go of the store between steps: a backlog of years does not
/// keep the admin's screens at "Memuat…" while it is erased.
fn retention_to_the_end(state: &AppState) -> Result<(), medsos_core::ErrorPayload> {
    use medsos_core::complaints::{apply_retention_step, RETENTION_STEP};
    loop {
        let step = state.with_store(|store| {
            Ok(apply_retention_step(
                store.conn(),
                state.clock.as_ref(),
                RETENTION_STEP,
            )?)
        })?;
        if !step.more {
            return Ok(());
        }
        // A moment for a command waiting on the store to take it.
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn start_daily_retention(app: tauri::AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("retensi".into())
        .spawn(move || {
            // Retention writes: after the store's check, not ahead of the window.
            app.state::<AppState>().wait_checked();
            let mut done: Option<time::Date> = None;
            let mut reported: Option<time::Date> = None;
            loop {
                let state = app.state::<AppState>();
                let today = state.clock.now().to_offset(medsos_core::clock::WIB).date();
                if done != Some(today) {
                    let applied = retention_to_the_end(&state);
                    match applied {
                        Ok(()) => done = Some(today),
                        // Said once a day, not at every try.
                        Err(error) if reported != Some(today) => {
                            eprintln!("Retensi aduan tertunda: {}", error.message);
                            reported = Some(today);
                        }
                        Err(_) => {}
                    }
                }
                std::thread::sleep(std::time::Duration::from_secs(60));
            }
        });
    if let Err(error) = spawned {
        eprintln!("Retensi aduan harian tidak dapat dimulai: {error}");
    }
}

/// Makes the day's backup on its own thread with its own connection, so the window stays
/// responsive: half a minute after start (the window first), then checked every ten minutes,
/// a backup whenever today (WIB) has no good one yet and a recovery phrase is set. A failure
/// (the USB drive not plugged in) is recorded for Pengaturan and Beranda, and tried again at
/// the next check.
fn start_daily_backup(app: tauri::AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("cadangan".into())
        .spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(30));
            loop {
                let state = app.state::<AppState>();
                let due = state
                    .with_store(|store| {
                        Ok(medsos_core::backup::due(
                            store.conn(),
                            state.clock.as_ref(),
                        )?)
                    })
                    .unwrap_or(false);
                if due {
                    if let Err(error) = commands::backup::backup_with_own_connection(
                        &state,
                        medsos_core::backup::BackupReason::Harian,
                        None,
                    ) {
                        eprintln!("Cadangan harian tertunda: {}", error.message);
                    }
                }
                std::thread::sleep(std::time::Duration::from_secs(600));
            }
        });
    if let Err(error) = spawned {
        eprintln!("Cadangan harian tidak dapat dimulai: {error}");
    }
}

/// One window per data folder: a second start hands over to the running app, which shows
/// and focuses its window, and exits before it opens the store. So one store never has two
/// sync threads or two sets of reminders. The command-line subcommands do not come here and
/// still run beside the window.
///
/// On Linux the running app owns a D-Bus name on the session bus, named after the data
/// folder when `MEDSOS_DATA_DIR` points elsewhere (so a second agency's folder, or a test's,
/// is its own instance); on Windows a named mutex. Without a session bus (a bare server
/// console) the plugin cannot tell and the app starts normally.
fn single_instance() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    let builder = tauri_plugin_single_instance::Builder::new()
        .callback(|app, _args, _cwd| tray::show_window(app));
    match data_dir::instance_id() {
        Some(id) => builder.dbus_id(id).build(),
        None => builder.build(),
    }
}

/// Debug builds only: the end-to-end tests' capability (moving the test clock). A release
/// build neither has the command nor grants it.
#[cfg(debug_assertions)]
fn grant_debug_hooks(app: &tauri::App) -> tauri::Result<()> {
    app.add_capability(include_str!("../capabilities-debug/debug.json"))
}

/// Starts the window. A store that cannot be opened does not stop the app: the window
/// opens and tells the admin what happened (see `commands::app_status`).
pub fn run() {
    rendering::choose();
    let builder = tauri::Builder::default()
        .plugin(single_instance())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![tray::HIDDEN_ARG]),
        ))
        .plugin(tauri_plugin_updater::Builder::new().build())
        .on_window_event(tray::on_window_event)
        .setup(|app| {
            #[cfg(debug_assertions)]
            grant_debug_hooks(app)?;
            startup::mark("setup");
            let dir = data_dir::resolve(app.handle())?;
            app.manage(AppState::open(dir));
            app.manage(updates::Updates::default());
            tray::install(app.handle());
            // The window is created hidden (tauri.conf.json) and shown here, unless the
            // login entry started the app to sit in the tray.
            if !tray::started_hidden() {
                tray::show_window(app.handle());
            }
            notify::start(app.handle().clone());
            startup::mark("setup-done");
            start_background_sync(app.handle().clone());
            start_daily_retention(app.handle().clone());
            start_daily_backup(app.handle().clone());
            Ok(())
        })
        .invoke_handler(commands::handler());
    if let Err(error) = builder.run(tauri::generate_context!()) {
        eprintln!("Medsos PD tidak dapat dijalankan: {error}");
        std::process::exit(1);
    }
}
