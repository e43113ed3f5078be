//! Updates from the enrolled hub (see `crate::updates`).

use super::CmdResult;
use crate::updates::{self, UpdateOffer, UpdateOutcome};
use tauri::AppHandle;

/// What the last check (after each sync) found; `None` when nothing newer is offered.
#[tauri::command]
pub async fn update_offer(app: AppHandle) -> CmdResult<Option<UpdateOffer>> {
    Ok(updates::offered(&app))
}

/// Asks the hub now (Pengaturan's "Periksa pembaruan").
#[tauri::command]
pub async fn update_check(app: AppHandle) -> CmdResult<Option<UpdateOffer>> {
    updates::check(&app).await
}

/// Downloads, verifies and installs the offered update, at the admin's click only.
#[tauri::command]
pub async fn update_install(app: AppHandle) -> CmdResult<UpdateOutcome> {
    updates::install(&app).await
}
