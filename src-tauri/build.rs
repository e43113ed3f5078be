//! Every IPC command gets an `allow-<command>` permission generated here; the window's
//! capability (capabilities/main.json) grants exactly those, nothing of Tauri's own API.

/// The commands the UI may call. Keep in step with `commands::handler()`.
const COMMANDS: &[&str] = &[
    "app_status",
    "store_reopen",
    "profile_save",
    "language_set",
    "drafts_list",
    "draft_get",
    "draft_create",
    "draft_update",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
