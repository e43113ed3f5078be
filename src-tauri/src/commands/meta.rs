//! Terhubung ke Meta in the window: each slot's life at the hub, the "Terbitkan sekarang"
//! choice for a slot that passed while offline, Komentar masuk, and Meta's figures.

use super::CmdResult;
use crate::state::AppState;
use medsos_core::meta::{self, BestHour, Figures, Handover, InboxComment, MetaState};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

/// What the calendar, Beranda and Aduan show of the Meta connection.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MetaOverview {
    pub state: MetaState,
    pub handovers: Vec<Handover>,
    #[ts(type = "number")]
    pub new_comments: i64,
    pub best_hours: Vec<BestHour>,
}

fn overview(state: &AppState) -> CmdResult<MetaOverview> {
    state.with_store(|store| {
        let conn = store.conn();
        Ok(MetaOverview {
            state: meta::state(conn)?,
            handovers: meta::handovers(conn, state.clock.as_ref())?,
            new_comments: meta::new_comment_count(conn)?,
            best_hours: meta::best_hours(conn)?,
        })
    })
}

#[tauri::command]
pub async fn meta_overview(state: State<'_, AppState>) -> CmdResult<MetaOverview> {
    overview(&state)
}

/// "Terbitkan sekarang": the slot moves to now and goes to the hub at the next sync.
#[tauri::command]
pub async fn meta_publish_now(state: State<'_, AppState>, slot_id: i64) -> CmdResult<MetaOverview> {
    state.with_store(|store| {
        Ok(meta::publish_now(
            store.conn_mut(),
            state.clock.as_ref(),
            slot_id,
        )?)
    })?;
    overview(&state)
}

/// Komentar masuk: new comments first.
#[tauri::command]
pub async fn meta_inbox(state: State<'_, AppState>) -> CmdResult<Vec<InboxComment>> {
    state.with_store(|store| Ok(meta::inbox(store.conn(), 200)?))
}

/// "Jadikan aduan": answers the complaint's id.
#[tauri::command]
pub async fn meta_comment_complaint(
    state: State<'_, AppState>,
    id: String,
    actor: String,
) -> CmdResult<i64> {
    state.with_store(|store| {
        Ok(meta::make_complaint(
            store.conn(),
            state.clock.as_ref(),
            &id,
            &actor,
        )?)
    })
}

/// "Abaikan" (or back).
#[tauri::command]
pub async fn meta_comment_ignore(
    state: State<'_, AppState>,
    id: String,
    ignored: bool,
) -> CmdResult<Vec<InboxComment>> {
    state.with_store(|store| {
        meta::set_ignored(store.conn(), &id, ignored)?;
        Ok(meta::inbox(store.conn(), 200)?)
    })
}

/// "Balas": queued for the hub to post at the next sync.
#[tauri::command]
pub async fn meta_comment_reply(
    state: State<'_, AppState>,
    id: String,
    message: String,
    actor: String,
) -> CmdResult<Vec<InboxComment>> {
    state.with_store(|store| {
        meta::reply(store.conn(), state.clock.as_ref(), &id, &message, &actor)?;
        Ok(meta::inbox(store.conn(), 200)?)
    })
}

/// Meta's figures for a draft's published posts.
#[tauri::command]
pub async fn meta_draft_figures(
    state: State<'_, AppState>,
    draft_id: i64,
) -> CmdResult<Vec<Figures>> {
    state.with_store(|store| Ok(meta::draft_figures(store.conn(), draft_id)?))
}
