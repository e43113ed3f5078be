//! medsos-pd: the desktop shell. Thin on purpose: commands adapt IPC calls to
//! `medsos-core`, which owns every rule.

mod bindings;
pub mod cli;
mod commands;
mod data_dir;
mod dialogs;
mod state;

pub use data_dir::DATA_DIR_ENV;

use state::AppState;
use tauri::Manager;

/// Starts the window. A store that cannot be opened does not stop the app: the window
/// opens and tells the admin what happened (see `commands::app_status`).
pub fn run() {
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let dir = data_dir::resolve(app.handle())?;
            app.manage(AppState::open(dir));
            Ok(())
        })
        .invoke_handler(commands::handler());
    if let Err(error) = builder.run(tauri::generate_context!()) {
        eprintln!("Medsos PD tidak dapat dijalankan: {error}");
        std::process::exit(1);
    }
}
