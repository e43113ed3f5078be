//! Every IPC command gets an `allow-<command>` permission generated here; the window's
//! capability (capabilities/main.json) grants exactly those, nothing of Tauri's own API.

/// The commands the UI may call. Keep in step with `commands::handler()`.
const COMMANDS: &[&str] = &[
    "app_status",
    "store_reopen",
    "profile_save",
    "language_set",
    "content_settings_save",
    "calendar_settings_save",
    "programme_add",
    "template_save",
    "template_delete",
    "drafts_list",
    "draft_get",
    "draft_create",
    "draft_create_from_template",
    "draft_update",
    "draft_transition",
    "draft_checklist_set",
    "draft_revisions",
    "draft_restore",
    "draft_copy_caption",
    "drafts_export_docx",
    "media_pick",
    "media_drop",
    "media_detach",
    "media_move",
    "media_prepare_instagram",
    "slots_range",
    "slots_for_draft",
    "slot_schedule",
    "slot_move_to_day",
    "slot_reschedule",
    "slot_cancel",
    "slot_mark_published",
    "reminders_due",
    "reminder_dismiss",
    "week_progress",
    "civic_days",
    "calendar_export_ics",
    "debug_clock_set",
    "complaint_meta",
    "complaints_list",
    "complaint_create",
    "complaint_get",
    "complaint_transition",
    "complaint_reply",
    "complaint_reply_fill",
    "copy_text",
    "complaint_reminders",
    "complaints_import_pick",
    "complaints_import_preview",
    "complaints_import_commit",
    "complaints_export",
    "complaint_category_add",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
