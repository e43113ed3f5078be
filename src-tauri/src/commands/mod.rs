//! The IPC commands. Each is a few lines: unpack, call the core, map the error.
//! They are `async` so Tauri runs them off the UI thread.

mod accounts;
mod app;
mod calendar;
mod complaints;
mod drafts;
mod media;
pub(crate) mod sync;

// Named by the TypeScript bindings test.
#[cfg(test)]
pub use accounts::{AccountsOverview, RegistryInfo, ReportView};
#[cfg(test)]
pub use app::AppStatus;
#[cfg(test)]
pub use complaints::{
    Attachment, CategorySetting, ComplaintDetail, ComplaintMeta, ComplaintSettings, ExportFormat,
    ImportSession, KindRule,
};
#[cfg(test)]
pub use drafts::DraftDetail;
#[cfg(test)]
pub use media::{ImportOutcome, MediaView};
#[cfg(test)]
pub use sync::{SummaryPreview, SyncOutcome};

use medsos_core::ErrorPayload;

/// A command's answer. A core error becomes its `{code, message}` with `?`
/// (`From<medsos_core::Error> for ErrorPayload`); a command that means something more
/// specific builds its own `ErrorPayload`.
pub(crate) type CmdResult<T> = Result<T, ErrorPayload>;

/// Maps a core error to its IPC shape, where a function is wanted rather than `?`
/// (the sync commands still call it).
pub(crate) fn ipc(error: medsos_core::Error) -> ErrorPayload {
    error.into()
}

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app::app_status,
        app::store_reopen,
        app::profile_save,
        app::language_set,
        app::content_settings_save,
        app::calendar_settings_save,
        app::programme_add,
        app::programme_rename,
        app::programme_remove,
        app::template_save,
        app::template_delete,
        drafts::drafts_list,
        drafts::draft_get,
        drafts::draft_create,
        drafts::draft_create_from_template,
        drafts::draft_create_from_brief,
        drafts::draft_update,
        drafts::draft_transition,
        drafts::draft_publish,
        drafts::draft_checklist_set,
        drafts::draft_revisions,
        drafts::draft_restore,
        drafts::draft_copy_caption,
        drafts::drafts_export_docx,
        media::media_pick,
        media::media_drop,
        media::media_detach,
        media::media_move,
        media::media_prepare_instagram,
        calendar::slots_range,
        calendar::slots_for_draft,
        calendar::slot_schedule,
        calendar::slot_move_to_day,
        calendar::slot_reschedule,
        calendar::slot_move_to_time,
        calendar::slot_cancel,
        calendar::slot_mark_published,
        calendar::reminders_due,
        calendar::reminder_dismiss,
        calendar::week_progress,
        calendar::civic_days,
        calendar::calendar_export_ics,
        #[cfg(debug_assertions)]
        calendar::debug_clock_set,
        complaints::complaint_meta,
        complaints::complaints_list,
        complaints::complaint_create,
        complaints::complaint_get,
        complaints::complaint_transition,
        complaints::complaint_reply,
        complaints::complaint_reply_fill,
        complaints::copy_text,
        complaints::complaint_reminders,
        complaints::complaints_import_pick,
        complaints::complaints_import_preview,
        complaints::complaints_import_commit,
        complaints::complaints_export,
        complaints::complaint_category_add,
        complaints::complaint_settings,
        complaints::complaint_kind_rule_save,
        complaints::complaint_category_rule_save,
        complaints::complaint_retention_save,
        complaints::complaint_category_rename,
        complaints::complaint_category_delete,
        complaints::reply_template_save,
        complaints::reply_template_delete,
        complaints::holidays_import,
        complaints::audit_log,
        complaints::complaint_attach_pick,
        complaints::complaint_detach,
        complaints::complaint_stats,
        complaints::complaint_reclassify,
        complaints::complaint_retention_preview,
        complaints::complaint_overdue_count,
        sync::sync_status,
        sync::sync_history,
        sync::summary_preview,
        sync::sync_enrol,
        sync::sync_now,
        sync::briefs_list,
        sync::briefs_range,
        sync::brief_attachment_save,
        accounts::accounts_overview,
        accounts::account_save,
        accounts::account_delete,
        accounts::account_step_set,
        accounts::account_check,
        accounts::registry_refresh,
        accounts::report_save,
        accounts::report_status_set,
        accounts::report_attach_pick,
        accounts::report_detach,
    ]
}
