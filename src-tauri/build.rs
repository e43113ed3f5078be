//! Every IPC command gets an `allow-<command>` permission generated here; the window's
//! capability (capabilities/main.json) grants exactly those, nothing of Tauri's own API.

/// Turns src/commands/list.rs into `COMMANDS`: every command the app has in any build,
/// since the debug build's capability must find its permissions too. commands/mod.rs reads
/// the same file into the handler.
macro_rules! commands {
    (
        every_build: [$($module:ident::$command:ident,)*],
        debug_builds_only: [$($debug_module:ident::$debug_command:ident,)*],
    ) => {
        const COMMANDS: &[&str] = &[
            $(stringify!($command),)*
            $(stringify!($debug_command),)*
        ];
    };
}

include!("src/commands/list.rs");

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
