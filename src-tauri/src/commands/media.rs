//! Images of a draft: pick, attach, order, and prepare for Instagram.

use super::drafts::{detail, DraftDetail};
use super::CmdResult;
use crate::dialogs;
use crate::state::AppState;
use medsos_core::media::{
    self, CarouselReport, Crop, DraftRef, LibraryFilter, LibraryKind, MediaItem, PreparedImage,
};
use medsos_core::ErrorPayload;
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

/// What an import of several files did: the draft as it is now, and a message for each
/// file that was refused (the others are attached).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportOutcome {
    pub detail: DraftDetail,
    pub refused: Vec<ErrorPayload>,
}

/// Opens the file dialog and attaches every readable image; refused files are reported
/// one by one and do not stop the others.
#[tauri::command]
pub async fn media_pick(
    app: AppHandle,
    state: State<'_, AppState>,
    draft_id: i64,
) -> CmdResult<ImportOutcome> {
    let paths = dialogs::pick_images(&app);
    state.with_store(|store| {
        let dir = media::media_dir(store.path());
        let mut refused = Vec::new();
        for path in paths {
            let imported = media::import(store.conn(), state.clock.as_ref(), &dir, &path)
                .and_then(|item| media::attach(store.conn(), draft_id, item.id));
            if let Err(error) = imported {
                refused.push(error.payload());
            }
        }
        Ok(ImportOutcome {
            detail: detail(store, draft_id)?,
            refused,
        })
    })
}

#[tauri::command]
pub async fn media_detach(
    state: State<'_, AppState>,
    draft_id: i64,
    media_id: i64,
) -> CmdResult<DraftDetail> {
    state.with_store(|store| {
        media::detach(store.conn(), draft_id, media_id)?;
        detail(store, draft_id)
    })
}

#[tauri::command]
pub async fn media_move(
    state: State<'_, AppState>,
    draft_id: i64,
    media_id: i64,
    position: u32,
) -> CmdResult<DraftDetail> {
    state.with_store(|store| {
        media::move_to(store.conn(), draft_id, media_id, position as usize)?;
        detail(store, draft_id)
    })
}

/// "Siapkan untuk Instagram": asks where to save, then writes the compliant JPEG.
#[tauri::command]
pub async fn media_prepare_instagram(
    app: AppHandle,
    state: State<'_, AppState>,
    media_id: i64,
    crop: Crop,
) -> CmdResult<Option<PreparedImage>> {
    let (dir, item) = state.with_store(|store| {
        Ok((
            media::media_dir(store.path()),
            media::get(store.conn(), media_id)?,
        ))
    })?;
    let stem = item
        .original_name
        .rsplit_once('.')
        .map(|(s, _)| s.to_string())
        .unwrap_or_else(|| item.original_name.clone());
    let file_name = format!("{stem}-instagram.jpg");
    let Some(out) = dialogs::save_as(
        &app,
        "Simpan gambar untuk Instagram",
        &file_name,
        ("Gambar JPEG", &["jpg", "jpeg"]),
    ) else {
        return Ok(None);
    };
    Ok(Some(media::prepare_for_instagram(&dir, &item, crop, &out)?))
}

/// Images dropped on the editor: the window sends each file's bytes as a raw IPC body,
/// with the draft and the file name in headers (names percent-encoded, headers are ASCII).
#[tauri::command]
pub async fn media_drop(
    state: State<'_, AppState>,
    request: tauri::ipc::Request<'_>,
) -> CmdResult<DraftDetail> {
    let bad = |message: &str| ErrorPayload {
        code: "invalid.media".into(),
        message: message.into(),
    };
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(bad(
            "Berkas yang dijatuhkan tidak terbaca. Coba lagi dengan tombol Tambah gambar.",
        ));
    };
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    let draft_id: i64 = header("x-draft-id")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| bad("Draf tujuan tidak diketahui."))?;
    let name = header("x-file-name")
        .map(|v| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_else(|| "gambar".into());
    state.with_store(|store| {
        let dir = media::media_dir(store.path());
        let item = media::import_bytes(store.conn(), state.clock.as_ref(), &dir, &name, bytes)?;
        media::attach(store.conn(), draft_id, item.id)?;
        detail(store, draft_id)
    })
}

/// One image of the Pustaka foto, as the grid shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LibraryView {
    pub item: MediaItem,
    /// A `data:` URL of the thumbnail, as in the editor.
    pub thumbnail: String,
    /// The drafts it is attached to, most recently edited first.
    pub drafts: Vec<DraftRef>,
    /// The complaints it is evidence for.
    #[ts(type = "number[]")]
    pub complaints: Vec<i64>,
}

/// Pustaka foto: the photos for publishing, or apart from them the complaint screenshots.
/// Looking at screenshots is looking at personal data, so it is written to the audit trail
/// under `actor`, as opening a complaint is.
#[tauri::command]
pub async fn media_library(
    state: State<'_, AppState>,
    filter: LibraryFilter,
    actor: String,
) -> CmdResult<Vec<LibraryView>> {
    state.with_store(|store| {
        let conn = store.conn();
        let entries = media::library(conn, &filter)?;
        if filter.kind == LibraryKind::Screenshots && !entries.is_empty() {
            medsos_core::complaints::privacy::audit(
                conn,
                state.clock.as_ref(),
                &actor,
                "lihat",
                None,
                &format!(
                    "Tangkapan layar aduan di Pustaka foto: {} berkas",
                    entries.len()
                ),
            )?;
        }
        let dir = media::media_dir(store.path());
        entries
            .into_iter()
            .map(|entry| {
                Ok(LibraryView {
                    thumbnail: media::thumbnail_data_url(&dir, &entry.item)?,
                    item: entry.item,
                    drafts: entry.drafts,
                    complaints: entry.complaints,
                })
            })
            .collect()
    })
}

/// "Pakai di draf baru": an empty draft with the photo attached, opened in the editor.
/// A complaint screenshot is refused.
#[tauri::command]
pub async fn media_new_draft_with(
    state: State<'_, AppState>,
    media_id: i64,
) -> CmdResult<DraftDetail> {
    state.with_store(|store| {
        let draft = media::new_draft_with(store.conn(), state.clock.as_ref(), media_id)?;
        detail(store, draft.id)
    })
}

/// "Siapkan carousel untuk Instagram": checks the draft's photos, asks for one folder, and
/// writes them all there prepared for Instagram as `01-<name>.jpg`, `02-...` in carousel
/// order. `None` when the admin cancels the folder dialog.
#[tauri::command]
pub async fn media_carousel_prepare(
    app: AppHandle,
    state: State<'_, AppState>,
    draft_id: i64,
) -> CmdResult<Option<CarouselReport>> {
    let (dir, items) = state.with_store(|store| {
        Ok((
            media::media_dir(store.path()),
            media::carousel_items(store.conn(), draft_id)?,
        ))
    })?;
    let Some(folder) = dialogs::pick_folder(&app, "Pilih folder untuk carousel Instagram") else {
        return Ok(None);
    };
    Ok(Some(media::prepare_carousel(&dir, &items, &folder)?))
}
