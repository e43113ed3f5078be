// Keep Windows from opening a console window behind the app in release builds. The command
// line still speaks: with a subcommand the program attaches to the console it was started
// from (see `attach_parent_console`).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    medsos_pd::startup::begin();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if medsos_pd::cli::handles(&args) {
        attach_parent_console();
    }
    if let Some(code) = medsos_pd::cli::run_if_requested(&args) {
        std::process::exit(code);
    }
    medsos_pd::run();
}

/// A GUI-subsystem program gets no console from Windows, so without this `medsos-pd aduan
/// export ...` typed in cmd or PowerShell would print nothing. Attaching to the parent's
/// console makes the standard handles point at it (unless the caller redirected them to a
/// pipe or file, which then stay as they are). When there is no parent console (started
/// from Explorer or Task Scheduler) or one is attached already (debug builds are console
/// programs), the call fails and nothing changes.
#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{AttachConsole, ATTACH_PARENT_PROCESS};
    // SAFETY: takes a process id only, no pointers; failure is reported by the return
    // value, which is deliberately ignored (see above).
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_parent_console() {}
