//! Aduan: the complaint inbox, its workflow and replies, spreadsheet import and export.

use super::CmdResult;
use crate::dialogs;
use crate::state::AppState;
use medsos_core::complaints::io::{self, ImportDefaults, ImportPreview, Mapping, Table};
use medsos_core::complaints::{
    self, AuditEntry, Category, Channel, Complaint, ComplaintEvent, ComplaintFilter,
    ComplaintInput, ComplaintKind, ComplaintPage, ComplaintStatus, DeadlineRule, OverdueReminder,
    Reply, ReplyKind, ReplyTemplate, ResponseStats,
};
use medsos_core::kecamatan::{self, Kecamatan};
use medsos_core::media::{self, MediaItem};
use medsos_core::{ErrorPayload, Store};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
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
    /// Screenshots and photos kept as evidence, with thumbnails.
    pub attachments: Vec<Attachment>,
}

/// A photo attached to a complaint, as the detail view shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Attachment {
    pub item: MediaItem,
    /// A `data:` URL of the thumbnail.
    pub thumbnail: String,
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
    let dir = media::media_dir(store.path());
    let attachments = complaints::attachments(conn, id)?
        .into_iter()
        .map(|item| {
            Ok(Attachment {
                thumbnail: media::thumbnail_data_url(&dir, &item)?,
                item,
            })
        })
        .collect::<CmdResult<_>>()?;
    Ok(ComplaintDetail {
        attachments,
        events: complaints::events(conn, id)?,
        replies: complaints::replies(conn, id)?,
        next,
        complaint,
    })
}

#[tauri::command]
pub async fn complaint_meta(state: State<'_, AppState>) -> CmdResult<ComplaintMeta> {
    state.with_store(|store| {
        let conn = store.conn();
        Ok(ComplaintMeta {
            categories: complaints::categories::list(conn)?,
            kecamatan: kecamatan::all(),
            reply_templates: complaints::reply_templates(conn)?,
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
        Ok(complaints::list(
            store.conn(),
            state.clock.as_ref(),
            &filter,
            limit,
            offset,
        )?)
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
        let created = complaints::create(conn, state.clock.as_ref(), &input, &actor)?;
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
        let complaint = complaints::get(conn, state.clock.as_ref(), id, &actor)?;
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
        )?;
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
        complaints::add_reply(conn, clock, id, kind, &body, &actor)?;
        let complaint = complaints::get(conn, clock, id, &actor)?;
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
        Ok(complaints::fill_reply(
            store.conn(),
            template_id,
            complaint_id,
        )?)
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
/// desktop notification (see `notify`, whose timer checks the same while the window is hidden).
#[tauri::command]
pub async fn complaint_reminders(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Vec<OverdueReminder>> {
    crate::notify::overdue_complaints(&app, &state)
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
    let table = io::read_table_file(&path, &file_name)?;
    let mapping = io::guess_mapping(&table.headers);
    let preview = state.with_store(|store| {
        Ok(io::preview(
            store.conn(),
            state.clock.as_ref(),
            &table,
            &mapping,
            &defaults,
        )?)
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
            Ok(io::preview(
                store.conn(),
                state.clock.as_ref(),
                table,
                &mapping,
                &defaults,
            )?)
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
            Ok(io::commit(
                store.conn_mut(),
                state.clock.as_ref(),
                table,
                &mapping,
                &defaults,
                &actor,
            )?)
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
        let bytes = match format {
            ExportFormat::Xlsx => io::export_xlsx(conn, clock, &filter, include_personal, &actor),
            ExportFormat::Csv => io::export_csv(conn, clock, &filter, include_personal, &actor),
        }?;
        Ok(bytes)
    })?;
    medsos_core::export::write_file_atomically(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn complaint_category_add(
    state: State<'_, AppState>,
    name: String,
) -> CmdResult<ComplaintSettings> {
    state.with_store(|store| {
        complaints::categories::create(store.conn(), &name)?;
        settings_of(store)
    })
}

/// One kind of complaint and its deadline rule.
#[derive(Debug, Clone, Serialize, TS)]
pub struct KindRule {
    pub kind: ComplaintKind,
    pub rule: DeadlineRule,
}

/// One category with its own deadline rule, if it has one.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CategorySetting {
    pub category: Category,
    pub rule: Option<DeadlineRule>,
}

/// Everything the Aduan part of Pengaturan edits.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ComplaintSettings {
    pub kind_rules: Vec<KindRule>,
    pub categories: Vec<CategorySetting>,
    pub retention_years: u32,
    pub reply_templates: Vec<ReplyTemplate>,
}

fn settings_of(store: &Store) -> CmdResult<ComplaintSettings> {
    let conn = store.conn();
    let kind_rules = ComplaintKind::ALL
        .into_iter()
        .map(|kind| {
            Ok(KindRule {
                kind,
                rule: complaints::kind_rule(conn, kind)?,
            })
        })
        .collect::<CmdResult<_>>()?;
    let categories = complaints::categories::list(conn)?
        .into_iter()
        .map(|category| {
            Ok(CategorySetting {
                rule: complaints::category_rule(conn, category.id)?,
                category,
            })
        })
        .collect::<CmdResult<_>>()?;
    Ok(ComplaintSettings {
        kind_rules,
        categories,
        retention_years: complaints::retention_years(conn)?,
        reply_templates: complaints::reply_templates(conn)?,
    })
}

#[tauri::command]
pub async fn complaint_settings(state: State<'_, AppState>) -> CmdResult<ComplaintSettings> {
    state.with_store(|store| settings_of(store))
}

#[tauri::command]
pub async fn complaint_kind_rule_save(
    state: State<'_, AppState>,
    kind: ComplaintKind,
    rule: DeadlineRule,
) -> CmdResult<ComplaintSettings> {
    state.with_store(|store| {
        complaints::set_kind_rule(store.conn(), state.clock.as_ref(), kind, &rule)?;
        settings_of(store)
    })
}

/// Sets a category's own rule, or with `None` lets it follow its kind again.
#[tauri::command]
pub async fn complaint_category_rule_save(
    state: State<'_, AppState>,
    category_id: i64,
    rule: Option<DeadlineRule>,
) -> CmdResult<ComplaintSettings> {
    state.with_store(|store| {
        complaints::set_category_rule(
            store.conn(),
            state.clock.as_ref(),
            category_id,
            rule.as_ref(),
        )?;
        settings_of(store)
    })
}

#[tauri::command]
pub async fn complaint_retention_save(
    state: State<'_, AppState>,
    years: u32,
) -> CmdResult<ComplaintSettings> {
    state.with_store(|store| {
        complaints::set_retention_years(store.conn(), years)?;
        complaints::apply_retention(store.conn(), state.clock.as_ref())?;
        settings_of(store)
    })
}

#[tauri::command]
pub async fn complaint_category_rename(
    state: State<'_, AppState>,
    id: i64,
    name: String,
) -> CmdResult<ComplaintSettings> {
    state.with_store(|store| {
        complaints::categories::rename(store.conn(), id, &name)?;
        settings_of(store)
    })
}

#[tauri::command]
pub async fn complaint_category_delete(
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<ComplaintSettings> {
    state.with_store(|store| {
        complaints::categories::delete(store.conn(), id)?;
        settings_of(store)
    })
}

#[tauri::command]
pub async fn reply_template_save(
    state: State<'_, AppState>,
    name: String,
    body: String,
) -> CmdResult<ComplaintSettings> {
    state.with_store(|store| {
        complaints::create_reply_template(store.conn(), &name, &body)?;
        settings_of(store)
    })
}

#[tauri::command]
pub async fn reply_template_delete(
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<ComplaintSettings> {
    state.with_store(|store| {
        complaints::delete_reply_template(store.conn(), id)?;
        settings_of(store)
    })
}

/// Imports a holiday list (tanggal,jenis,keterangan) and moves every open deadline to
/// match; answers with how many days were read, or None when the dialog was cancelled.
#[tauri::command]
pub async fn holidays_import(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<usize>> {
    let Some(path) = dialogs::pick_spreadsheet(&app) else {
        return Ok(None);
    };
    let bytes = std::fs::read(&path).map_err(|source| medsos_core::Error::Io {
        what: format!("Berkas {} tidak dapat dibaca", path.display()),
        source,
    })?;
    state.with_store(|store| {
        let count = medsos_core::calendar::import_holidays_csv(store.conn_mut(), &bytes)?;
        complaints::recompute_open_deadlines(store.conn(), state.clock.as_ref())?;
        Ok(Some(count))
    })
}

/// Who viewed or exported citizens' personal data, newest first.
#[tauri::command]
pub async fn audit_log(state: State<'_, AppState>, limit: u32) -> CmdResult<Vec<AuditEntry>> {
    state.with_store(|store| Ok(complaints::audit_log(store.conn(), limit.min(1000))?))
}

/// Attaches screenshots or photos picked in the file dialog; files that are not readable
/// images are refused with a message and do not stop the others.
#[tauri::command]
pub async fn complaint_attach_pick(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    actor: String,
) -> CmdResult<ComplaintDetail> {
    let paths = dialogs::pick_images(&app);
    state.with_store(|store| {
        let dir = media::media_dir(store.path());
        let clock = state.clock.as_ref();
        let mut refused = Vec::new();
        for path in paths {
            let attached = media::import(store.conn(), clock, &dir, &path)
                .and_then(|item| complaints::attach(store.conn(), clock, id, item.id));
            if let Err(error) = attached {
                refused.push(error.to_string());
            }
        }
        if !refused.is_empty() {
            return Err(ErrorPayload {
                code: "invalid.attachment".into(),
                message: refused.join(" "),
            });
        }
        let complaint = complaints::get(store.conn(), clock, id, &actor)?;
        detail(store, complaint)
    })
}

#[tauri::command]
pub async fn complaint_detach(
    state: State<'_, AppState>,
    id: i64,
    media_id: i64,
    actor: String,
) -> CmdResult<ComplaintDetail> {
    state.with_store(|store| {
        complaints::detach(store.conn(), id, media_id)?;
        let complaint = complaints::get(store.conn(), state.clock.as_ref(), id, &actor)?;
        detail(store, complaint)
    })
}

/// Median first-response and resolution times of the last 30 WIB days, for the inbox head.
#[tauri::command]
pub async fn complaint_stats(state: State<'_, AppState>) -> CmdResult<ResponseStats> {
    let today = state.clock.now().to_offset(medsos_core::clock::WIB).date();
    let from = medsos_core::calendar::wib::format_day(today - time::Duration::days(29));
    let to = medsos_core::calendar::wib::format_day(today);
    state.with_store(|store| Ok(complaints::response_stats(store.conn(), &from, &to)?))
}

/// Corrects a complaint's type, category, kecamatan or channel (a recorded step).
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn complaint_reclassify(
    state: State<'_, AppState>,
    id: i64,
    kind: ComplaintKind,
    category_id: i64,
    kecamatan: String,
    channel: Channel,
    actor: String,
) -> CmdResult<ComplaintDetail> {
    state.with_store(|store| {
        let complaint = complaints::reclassify(
            store.conn(),
            state.clock.as_ref(),
            id,
            kind,
            category_id,
            &kecamatan,
            channel,
            &actor,
        )?;
        detail(store, complaint)
    })
}

/// How many complaints would lose their personal data now with `years` as the setting, so
/// the window can ask before the admin shortens it.
#[tauri::command]
pub async fn complaint_retention_preview(
    state: State<'_, AppState>,
    years: u32,
) -> CmdResult<usize> {
    state.with_store(|store| {
        Ok(complaints::retention_preview(
            store.conn(),
            state.clock.as_ref(),
            years,
        )?)
    })
}

/// All overdue complaints, for the Beranda badge (the list shows the 50 most overdue).
#[tauri::command]
pub async fn complaint_overdue_count(state: State<'_, AppState>) -> CmdResult<u32> {
    state.with_store(|store| {
        Ok(complaints::overdue_count(
            store.conn(),
            state.clock.as_ref(),
        )?)
    })
}
