//! Konten: drafts, their checks, workflow, history, clipboard and export.

use super::CmdResult;
use crate::dialogs;
use crate::state::AppState;
use medsos_core::calendar::{self, PublishInput};
use medsos_core::clock::{format_wib_date, format_wib_datetime, from_stored};
use medsos_core::drafts::{
    self, ChecklistState, Draft, DraftFilter, DraftInput, DraftSummary, Platform, Revision, Status,
    Transition,
};
use medsos_core::export::{drafts_to_docx, write_file_atomically, DocxDraft, DocxReport};
use medsos_core::finding::Finding;
use medsos_core::media::{self, MediaItem};
use medsos_core::{profile, programmes, templates, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use ts_rs::TS;

/// An attached image as the editor shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MediaView {
    pub item: MediaItem,
    /// A `data:` URL of the thumbnail (the CSP allows data: images, nothing remote).
    pub thumbnail: String,
    pub findings: Vec<Finding>,
}

pub(crate) fn media_views(store: &Store, draft_id: i64) -> CmdResult<Vec<MediaView>> {
    let dir = media::media_dir(store.path());
    media::list_for_draft(store.conn(), draft_id)?
        .into_iter()
        .map(|item| {
            Ok(MediaView {
                thumbnail: media::thumbnail_data_url(&dir, &item)?,
                findings: media::instagram_findings(&item),
                item,
            })
        })
        .collect()
}

/// A draft with everything the editor shows beside it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DraftDetail {
    pub draft: Draft,
    pub findings: Vec<Finding>,
    pub checklist: Vec<ChecklistState>,
    pub transitions: Vec<Transition>,
    pub media: Vec<MediaView>,
    /// The workflow steps offered from the current status.
    pub next: Vec<Status>,
    /// Whether the text may change in this status (only before approval).
    pub editable: bool,
    /// The title of the Diskominfo brief this draft answers, when it answers one.
    pub brief_title: Option<String>,
}

pub(crate) fn detail(store: &Store, id: i64) -> CmdResult<DraftDetail> {
    let conn = store.conn();
    let draft = drafts::get(conn, id)?;
    Ok(DraftDetail {
        findings: drafts::findings(conn, &draft)?,
        checklist: drafts::checklist_state(conn, id)?,
        transitions: drafts::transitions(conn, id)?,
        media: media_views(store, id)?,
        next: draft.status.next().to_vec(),
        editable: draft.status.is_editable(),
        brief_title: match draft.brief_id {
            Some(_) => Some(
                medsos_core::sync::briefs::brief_title_for_draft(conn, id)?
                    .unwrap_or_else(|| "arahan Diskominfo".into()),
            ),
            None => None,
        },
        draft,
    })
}

#[tauri::command]
pub async fn drafts_list(
    state: State<'_, AppState>,
    filter: DraftFilter,
    limit: u32,
    offset: u32,
) -> CmdResult<Vec<DraftSummary>> {
    state.with_store(|store| Ok(drafts::list(store.conn(), &filter, limit.min(500), offset)?))
}

#[tauri::command]
pub async fn draft_get(state: State<'_, AppState>, id: i64) -> CmdResult<DraftDetail> {
    state.with_store(|store| detail(store, id))
}

#[tauri::command]
pub async fn draft_create(state: State<'_, AppState>, input: DraftInput) -> CmdResult<DraftDetail> {
    state.with_store(|store| {
        let draft = drafts::create(store.conn(), state.clock.as_ref(), &input)?;
        detail(store, draft.id)
    })
}

#[tauri::command]
pub async fn draft_create_from_template(
    state: State<'_, AppState>,
    template_id: i64,
    values: BTreeMap<String, String>,
) -> CmdResult<DraftDetail> {
    state.with_store(|store| {
        let conn = store.conn();
        let template = templates::get(conn, template_id)?;
        let mut values = values;
        if let Some(p) = profile::get(conn)? {
            values.entry("instansi".into()).or_insert(p.name);
        }
        values
            .entry("tanggal".into())
            .or_insert_with(|| format_wib_date(state.clock.now()));
        let title = values
            .get("kegiatan")
            .or_else(|| values.get("hari_besar"))
            .filter(|v| !v.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| template.name.clone());
        let programme_id = programmes::list(conn)?
            .into_iter()
            .find(|p| p.active)
            .map(|p| p.id);
        let input = DraftInput {
            title,
            body: templates::fill(&template.body, &values),
            programme_id,
            hashtags: "#CianjurManjur".into(),
            source: values.get("sumber").cloned().unwrap_or_default(),
            ..DraftInput::default()
        };
        let draft = drafts::create(conn, state.clock.as_ref(), &input)?;
        detail(store, draft.id)
    })
}

/// A draft answering a Diskominfo brief (arahan konten): its title, text and hashtag,
/// linked to the brief so its published posts are reported as fulfilments.
#[tauri::command]
pub async fn draft_create_from_brief(
    state: State<'_, AppState>,
    brief_id: i64,
) -> CmdResult<DraftDetail> {
    state.with_store(|store| {
        let draft = medsos_core::sync::briefs::create_draft_from_brief(
            store.conn(),
            state.clock.as_ref(),
            brief_id,
        )?;
        detail(store, draft.id)
    })
}

/// The editor's autosave; answers with the fresh findings so the checks stay live.
#[tauri::command]
pub async fn draft_update(
    state: State<'_, AppState>,
    id: i64,
    input: DraftInput,
) -> CmdResult<DraftDetail> {
    state.with_store(|store| {
        drafts::update(store.conn(), state.clock.as_ref(), id, &input)?;
        detail(store, id)
    })
}

#[tauri::command]
pub async fn draft_transition(
    state: State<'_, AppState>,
    id: i64,
    to: Status,
    actor: String,
    note: String,
) -> CmdResult<DraftDetail> {
    state.with_store(|store| {
        drafts::transition(
            store.conn_mut(),
            state.clock.as_ref(),
            id,
            to,
            &actor,
            &note,
        )?;
        detail(store, id)
    })
}

/// "Tandai terbit" in the editor: the same act as marking the slot published in Kalender.
#[tauri::command]
pub async fn draft_publish(
    state: State<'_, AppState>,
    id: i64,
    input: PublishInput,
) -> CmdResult<DraftDetail> {
    state.with_store(|store| {
        calendar::publish(store.conn_mut(), state.clock.as_ref(), id, &input)?;
        detail(store, id)
    })
}

#[tauri::command]
pub async fn draft_checklist_set(
    state: State<'_, AppState>,
    id: i64,
    item: String,
    checked: bool,
    actor: String,
) -> CmdResult<Vec<ChecklistState>> {
    state.with_store(|store| {
        Ok(drafts::set_checked(
            store.conn(),
            state.clock.as_ref(),
            id,
            &item,
            checked,
            &actor,
        )?)
    })
}

#[tauri::command]
pub async fn draft_revisions(state: State<'_, AppState>, id: i64) -> CmdResult<Vec<Revision>> {
    state.with_store(|store| Ok(drafts::revisions(store.conn(), id)?))
}

#[tauri::command]
pub async fn draft_restore(
    state: State<'_, AppState>,
    id: i64,
    revision_id: i64,
) -> CmdResult<DraftDetail> {
    state.with_store(|store| {
        drafts::restore_revision(store.conn_mut(), state.clock.as_ref(), id, revision_id)?;
        detail(store, id)
    })
}

/// Copies the exact caption for `platform` and answers with it.
#[tauri::command]
pub async fn draft_copy_caption(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    platform: Platform,
) -> CmdResult<String> {
    let text = state.with_store(|store| {
        let draft = drafts::get(store.conn(), id)?;
        Ok(match platform {
            Platform::Instagram => draft.instagram_caption(),
            Platform::Facebook => draft.facebook_caption(),
        })
    })?;
    app.clipboard()
        .write_text(text.clone())
        .map_err(|e| medsos_core::ErrorPayload {
            code: "clipboard".into(),
            message: format!("Teks tidak dapat disalin ke papan klip: {e}"),
        })?;
    Ok(text)
}

fn docx_draft(store: &Store, draft: &Draft) -> CmdResult<DocxDraft> {
    let conn = store.conn();
    let programme = match draft.programme_id {
        Some(id) => programmes::list(conn)?
            .into_iter()
            .find(|p| p.id == id)
            .map(|p| p.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let media_names = medsos_core::media::list_for_draft(conn, draft.id)?
        .into_iter()
        .map(|m| m.original_name)
        .collect();
    Ok(DocxDraft {
        title: draft.title.clone(),
        status: draft.status.label().into(),
        programme,
        source: draft.source.clone(),
        updated_at_wib: from_stored(&draft.updated_at)
            .map(format_wib_datetime)
            .unwrap_or_else(|| draft.updated_at.clone()),
        body: draft.body.clone(),
        instagram_text: draft.instagram_text.clone(),
        facebook_text: draft.facebook_text.clone(),
        hashtags: draft.hashtags.clone(),
        notes: draft.notes.clone(),
        media_names,
    })
}

/// Exports the chosen drafts as one .docx; answers with where it was saved, or None when
/// the admin cancelled the dialog.
#[tauri::command]
pub async fn drafts_export_docx(
    app: AppHandle,
    state: State<'_, AppState>,
    ids: Vec<i64>,
) -> CmdResult<Option<String>> {
    let bytes = state.with_store(|store| {
        let conn = store.conn();
        let profile = profile::get(conn)?.unwrap_or(profile::AgencyProfile {
            name: String::new(),
            code: String::new(),
            address: String::new(),
            admin_name: String::new(),
            updated_at: String::new(),
        });
        let chosen = drafts::get_many(conn, &ids)?;
        let items = chosen
            .iter()
            .map(|d| docx_draft(store, d))
            .collect::<CmdResult<Vec<_>>>()?;
        Ok(drafts_to_docx(
            &DocxReport {
                agency_name: profile.name,
                agency_code: profile.code,
                admin_name: profile.admin_name,
                generated_at_wib: format_wib_datetime(state.clock.now()),
            },
            &items,
        )?)
    })?;
    let file_name = format!("naskah-konten-{}.docx", ids.len());
    let Some(path) = dialogs::save_as(
        &app,
        "Simpan naskah (.docx)",
        &file_name,
        ("Dokumen Word", &["docx"]),
    ) else {
        return Ok(None);
    };
    write_file_atomically(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}
