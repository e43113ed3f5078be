// Keep Windows from opening a console window behind the app in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(code) = medsos_pd::cli::run_if_requested(&args) {
        std::process::exit(code);
    }
    medsos_pd::run();
}
