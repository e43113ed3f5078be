//! Aduan: the complaint inbox, its workflow and replies, spreadsheet import and export.

use super::{ipc, CmdResult};
use crate::dialogs;
use crate::state::AppState;
use medsos_core::complaints::io::{self, ImportDefaults, ImportPreview, Mapping, Table};
use medsos_core::complaints::{
    self, Category, Complaint, ComplaintEvent, ComplaintFilter, ComplaintInput, ComplaintPage,
    ComplaintStatus, OverdueReminder, Reply, ReplyKind, ReplyTemplate,
};
use medsos_core::kecamatan::{self, Kecamatan};
use medsos_core::{ErrorPayload, Store};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_notification::NotificationExt;
use ts_rs::TS;

/// The lists the inbox's forms choose from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ComplaintMeta {
    pub categories: Vec<Category>,
    pub kecamatan: Vec<Kecamatan>,
    pub reply_templates: Vec<ReplyTemplate>,
}

/// A complaint with its history, replies and the steps it can take next.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ComplaintDetail {
    pub complaint: Complaint,
    pub events: Vec<ComplaintEvent>,
    pub replies: Vec<Reply>,
    pub next: Vec<ComplaintStatus>,
}

/// The import step after a file was picked: its columns, the mapping guessed from their
/// titles, and the preview under that mapping.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportSession {
    pub file_name: String,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    pub preview: ImportPreview,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

fn detail(store: &Store, complaint: Complaint) -> Result<ComplaintDetail, ErrorPayload> {
    let conn = store.conn();
    let id = complaint.id;
    let next = complaint.status.next(complaint.paused_from);
    Ok(ComplaintDetail {
        events: complaints::events(conn, id).map_err(ipc)?,
        replies: complaints::replies(conn, id).map_err(ipc)?,
        next,
        complaint,
    })
}

#[tauri::command]
pub async fn complaint_meta(state: State<'_, AppState>) -> CmdResult<ComplaintMeta> {
    state.with_store(|store| {
        let conn = store.conn();
        Ok(ComplaintMeta {
            categories: complaints::categories::list(conn).map_err(ipc)?,
            kecamatan: kecamatan::all(),
            reply_templates: complaints::reply_templates(conn).map_err(ipc)?,
        })
    })
}

#[tauri::command]
pub async fn complaints_list(
    state: State<'_, AppState>,
    filter: ComplaintFilter,
    limit: u32,
    offset: u32,
) -> CmdResult<ComplaintPage> {
    state.with_store(|store| {
        complaints::list(store.conn(), state.clock.as_ref(), &filter, limit, offset).map_err(ipc)
    })
}

#[tauri::command]
pub async fn complaint_create(
    state: State<'_, AppState>,
    input: ComplaintInput,
    actor: String,
) -> CmdResult<ComplaintDetail> {
    state.with_store(|store| {
        let conn = store.conn();
        let created =
            complaints::create(conn, state.clock.as_ref(), &input, &actor).map_err(ipc)?;
        detail(store, created)
    })
}

/// Opens one complaint with its personal data; the core records who viewed it.
#[tauri::command]
pub async fn complaint_get(
    state: State<'_, AppState>,
    id: i64,
    actor: String,
) -> CmdResult<ComplaintDetail> {
    state.with_store(|store| {
        let conn = store.conn();
        let complaint = complaints::get(conn, state.clock.as_ref(), id, &actor).map_err(ipc)?;
        detail(store, complaint)
    })
}

#[tauri::command]
pub async fn complaint_transition(
    state: State<'_, AppState>,
    id: i64,
    to: ComplaintStatus,
    reason: String,
    forwarded_to: String,
    actor: String,
) -> CmdResult<ComplaintDetail> {
    state.with_store(|store| {
        let conn = store.conn();
        let complaint = complaints::transition(
            conn,
            state.clock.as_ref(),
            id,
            to,
            &reason,
            &forwarded_to,
            &actor,
        )
        .map_err(ipc)?;
        detail(store, complaint)
    })
}

#[tauri::command]
pub async fn complaint_reply(
    state: State<'_, AppState>,
    id: i64,
    kind: ReplyKind,
    body: String,
    actor: String,
) -> CmdResult<ComplaintDetail> {
    state.with_store(|store| {
        let conn = store.conn();
        let clock = state.clock.as_ref();
        complaints::add_reply(conn, clock, id, kind, &body, &actor).map_err(ipc)?;
        let complaint = complaints::get(conn, clock, id, &actor).map_err(ipc)?;
        detail(store, complaint)
    })
}

/// A reply template filled with this complaint's number, name and category.
#[tauri::command]
pub async fn complaint_reply_fill(
    state: State<'_, AppState>,
    template_id: i64,
    complaint_id: i64,
) -> CmdResult<String> {
    state.with_store(|store| {
        complaints::fill_reply(store.conn(), template_id, complaint_id).map_err(ipc)
    })
}

/// "Salin balasan": the text to paste into Instagram, Facebook or WhatsApp.
#[tauri::command]
pub async fn copy_text(app: AppHandle, text: String) -> CmdResult<()> {
    app.clipboard().write_text(text).map_err(|e| ErrorPayload {
        code: "clipboard".into(),
        message: format!("Teks tidak dapat disalin ke papan klip: {e}"),
    })
}

/// Overdue complaints for Beranda; each one newly overdue in this run also raises a
/// desktop notification (best effort, like the calendar's reminders).
#[tauri::command]
pub async fn complaint_reminders(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Vec<OverdueReminder>> {
    let due = state.with_store(|store| {
        complaints::overdue_reminders(store.conn(), state.clock.as_ref()).map_err(ipc)
    })?;
    let fresh: Vec<&OverdueReminder> = {
        let mut notified = state
            .notified_overdue
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        due.iter()
            .filter(|r| notified.insert((r.complaint_id, r.deadline.as_str().to_string())))
            .collect()
    };
    for reminder in fresh {
        if let Err(error) = app
            .notification()
            .builder()
            .title("Aduan melewati tenggat")
            .body(&reminder.message)
            .show()
        {
            eprintln!("Notifikasi tidak dapat ditampilkan: {error}");
        }
    }
    Ok(due)
}

/// Picks a CSV or XLSX file, reads it and answers with the guessed mapping and a preview.
/// None when the admin cancelled the dialog.
#[tauri::command]
pub async fn complaints_import_pick(
    app: AppHandle,
    state: State<'_, AppState>,
    defaults: ImportDefaults,
) -> CmdResult<Option<ImportSession>> {
    let Some(path) = dialogs::pick_spreadsheet(&app) else {
        return Ok(None);
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(&path).map_err(|source| {
        ipc(medsos_core::Error::Io {
            what: format!("Berkas {file_name} tidak dapat dibaca"),
            source,
        })
    })?;
    let table = io::read_table(&bytes).map_err(ipc)?;
    let mapping = io::guess_mapping(&table.headers);
    let preview = state.with_store(|store| {
        io::preview(
            store.conn(),
            state.clock.as_ref(),
            &table,
            &mapping,
            &defaults,
        )
        .map_err(ipc)
    })?;
    let session = ImportSession {
        file_name: file_name.clone(),
        headers: table.headers.clone(),
        mapping,
        preview,
    };
    *state.import.lock().unwrap_or_else(|e| e.into_inner()) = Some((file_name, table));
    Ok(Some(session))
}

fn with_table<T>(state: &AppState, f: impl FnOnce(&Table) -> CmdResult<T>) -> CmdResult<T> {
    let guard = state.import.lock().unwrap_or_else(|e| e.into_inner());
    match guard.as_ref() {
        Some((_, table)) => f(table),
        None => Err(ErrorPayload {
            code: "invalid.import".into(),
            message: "Pilih berkas yang akan diimpor terlebih dahulu.".into(),
        }),
    }
}

/// The preview again after the admin changed the mapping or the defaults.
#[tauri::command]
pub async fn complaints_import_preview(
    state: State<'_, AppState>,
    mapping: Mapping,
    defaults: ImportDefaults,
) -> CmdResult<ImportPreview> {
    with_table(&state, |table| {
        state.with_store(|store| {
            io::preview(
                store.conn(),
                state.clock.as_ref(),
                table,
                &mapping,
                &defaults,
            )
            .map_err(ipc)
        })
    })
}

/// Writes every row or none; answers with how many were saved.
#[tauri::command]
pub async fn complaints_import_commit(
    state: State<'_, AppState>,
    mapping: Mapping,
    defaults: ImportDefaults,
    actor: String,
) -> CmdResult<usize> {
    let saved = with_table(&state, |table| {
        state.with_store(|store| {
            io::commit(
                store.conn_mut(),
                state.clock.as_ref(),
                table,
                &mapping,
                &defaults,
                &actor,
            )
            .map_err(ipc)
        })
    })?;
    *state.import.lock().unwrap_or_else(|e| e.into_inner()) = None;
    Ok(saved)
}

/// Exports the filtered list; answers with where it was saved, or None when cancelled.
#[tauri::command]
pub async fn complaints_export(
    app: AppHandle,
    state: State<'_, AppState>,
    filter: ComplaintFilter,
    format: ExportFormat,
    include_personal: bool,
    actor: String,
) -> CmdResult<Option<String>> {
    let today = medsos_core::calendar::wib::format_minute(state.clock.now());
    let (extension, label) = match format {
        ExportFormat::Xlsx => ("xlsx", "Excel"),
        ExportFormat::Csv => ("csv", "CSV"),
    };
    let file_name = format!("aduan-{}.{extension}", &today[..10]);
    let Some(path) = dialogs::save_as(
        &app,
        "Simpan daftar aduan",
        &file_name,
        (label, &[extension]),
    ) else {
        return Ok(None);
    };
    let bytes = state.with_store(|store| {
        let conn = store.conn();
        let clock = state.clock.as_ref();
        match format {
            ExportFormat::Xlsx => io::export_xlsx(conn, clock, &filter, include_personal, &actor),
            ExportFormat::Csv => io::export_csv(conn, clock, &filter, include_personal, &actor),
        }
        .map_err(ipc)
    })?;
    medsos_core::export::docx::write_docx(&path, &bytes).map_err(ipc)?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn complaint_category_add(
    state: State<'_, AppState>,
    name: String,
) -> CmdResult<Vec<Category>> {
    state.with_store(|store| {
        complaints::categories::create(store.conn(), &name).map_err(ipc)?;
        complaints::categories::list(store.conn()).map_err(ipc)
    })
}
