//! A bare Tauri 2 app: one window of the app's size showing one static page. `cargo xtask
//! bench-window` starts it beside Medsos PD and compares the two: start-up time to a painted
//! page, and the memory the processes hold once idle.
//!
//! It writes the same mark the app does (`medsos-startup <what> <ms> ms unix_ns=<ns>` on
//! standard error) when its page has been painted.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

fn mark(what: &str) {
    let since_main = START.get_or_init(Instant::now).elapsed();
    let unix_ns = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    eprintln!(
        "medsos-startup {what} {:.1} ms unix_ns={unix_ns}",
        since_main.as_secs_f64() * 1000.0
    );
}

#[tauri::command]
fn startup_mark(what: String) {
    if what == "beranda-ready" {
        mark(&what);
    }
}

fn main() {
    mark("main");
    if let Err(error) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![startup_mark])
        .run(tauri::generate_context!())
    {
        eprintln!("bare window: {error}");
        std::process::exit(1);
    }
}
