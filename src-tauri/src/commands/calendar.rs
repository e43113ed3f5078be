//! Kalender: slots, reminders (with their desktop notifications), civic days and .ics export.

use super::CmdResult;
use crate::dialogs;
use crate::state::AppState;
use medsos_core::calendar::{
    self, CivicDay, Reminder, ReminderKind, ScheduleOutcome, Slot, WeekProgress,
};
use medsos_core::drafts::Platform;
use medsos_core::export::write_file_atomically;
use medsos_core::profile;
use tauri::{AppHandle, State};

/// The slots from one WIB day to another. Slots whose day has ended unpublished are marked
/// terlewat first, so the views never show a stale "terjadwal".
#[tauri::command]
pub async fn slots_range(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CmdResult<Vec<Slot>> {
    state.with_store(|store| {
        let conn = store.conn();
        calendar::mark_missed(conn, state.clock.as_ref())?;
        Ok(calendar::range(conn, &from, &to)?)
    })
}

#[tauri::command]
pub async fn slots_for_draft(state: State<'_, AppState>, draft_id: i64) -> CmdResult<Vec<Slot>> {
    state.with_store(|store| {
        let conn = store.conn();
        calendar::mark_missed(conn, state.clock.as_ref())?;
        Ok(calendar::for_draft(conn, draft_id)?)
    })
}

#[tauri::command]
pub async fn slot_schedule(
    state: State<'_, AppState>,
    draft_id: i64,
    platform: Platform,
    at_wib: String,
    actor: String,
) -> CmdResult<ScheduleOutcome> {
    state.with_store(|store| {
        Ok(calendar::schedule(
            store.conn_mut(),
            state.clock.as_ref(),
            draft_id,
            platform,
            &at_wib,
            &actor,
        )?)
    })
}

/// Dragging a slot to another day: the WIB time of day stays.
#[tauri::command]
pub async fn slot_move_to_day(
    state: State<'_, AppState>,
    slot_id: i64,
    day: String,
) -> CmdResult<ScheduleOutcome> {
    state.with_store(|store| {
        Ok(calendar::move_to_day(
            store.conn(),
            state.clock.as_ref(),
            slot_id,
            &day,
        )?)
    })
}

#[tauri::command]
pub async fn slot_reschedule(
    state: State<'_, AppState>,
    slot_id: i64,
    at_wib: String,
) -> CmdResult<ScheduleOutcome> {
    state.with_store(|store| {
        Ok(calendar::reschedule(
            store.conn(),
            state.clock.as_ref(),
            slot_id,
            &at_wib,
        )?)
    })
}

/// Changing the time in the slot's panel: the WIB day stays.
#[tauri::command]
pub async fn slot_move_to_time(
    state: State<'_, AppState>,
    slot_id: i64,
    time: String,
) -> CmdResult<ScheduleOutcome> {
    state.with_store(|store| {
        Ok(calendar::move_to_time(
            store.conn(),
            state.clock.as_ref(),
            slot_id,
            &time,
        )?)
    })
}

#[tauri::command]
pub async fn slot_cancel(state: State<'_, AppState>, slot_id: i64) -> CmdResult<Slot> {
    state.with_store(|store| {
        Ok(calendar::cancel(
            store.conn(),
            state.clock.as_ref(),
            slot_id,
        )?)
    })
}

#[tauri::command]
pub async fn slot_mark_published(
    state: State<'_, AppState>,
    slot_id: i64,
    url: String,
    actor: String,
) -> CmdResult<Slot> {
    state.with_store(|store| {
        Ok(calendar::mark_published(
            store.conn_mut(),
            state.clock.as_ref(),
            slot_id,
            &url,
            &actor,
        )?)
    })
}

/// The reminders due now, for Beranda, with the lead time from Pengaturan. Each one not yet
/// raised in this run also pops up as a desktop notification (see `notify`).
#[tauri::command]
pub async fn reminders_due(app: AppHandle, state: State<'_, AppState>) -> CmdResult<Vec<Reminder>> {
    crate::notify::due_reminders(&app, &state)
}

#[tauri::command]
pub async fn reminder_dismiss(
    state: State<'_, AppState>,
    slot_id: i64,
    kind: ReminderKind,
) -> CmdResult<()> {
    state.with_store(|store| {
        Ok(calendar::dismiss(
            store.conn(),
            state.clock.as_ref(),
            slot_id,
            kind,
        )?)
    })
}

/// This WIB week's posts against the weekly targets, for Beranda.
#[tauri::command]
pub async fn week_progress(state: State<'_, AppState>) -> CmdResult<WeekProgress> {
    // The progress counts passed slots as missed itself; the write that marks them waits
    // for the store's check, so Beranda's first call (before the check) skips it.
    let checked = state.store_checked();
    state.with_store(|store| {
        let conn = store.conn();
        if checked {
            calendar::mark_missed(conn, state.clock.as_ref())?;
        }
        Ok(calendar::week_progress(conn, state.clock.as_ref())?)
    })
}

#[tauri::command]
pub async fn civic_days(state: State<'_, AppState>, year: i32) -> CmdResult<Vec<CivicDay>> {
    state.with_store(|store| Ok(calendar::civic_days(store.conn(), year)?))
}

/// Exports the slots of a WIB date range as .ics; answers with where it was saved, or None
/// when the admin cancelled the dialog.
#[tauri::command]
pub async fn calendar_export_ics(
    app: AppHandle,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CmdResult<Option<String>> {
    let text = state.with_store(|store| {
        let conn = store.conn();
        let agency = profile::get(conn)?.map(|p| p.name).unwrap_or_default();
        Ok(calendar::to_ics(conn, &from, &to, &agency)?)
    })?;
    let file_name = format!("jadwal-medsos-{from}-{to}.ics");
    let Some(path) = dialogs::save_as(
        &app,
        "Simpan kalender (.ics)",
        &file_name,
        ("iCalendar", &["ics"]),
    ) else {
        return Ok(None);
    };
    // The .docx writer is a plain atomic "bytes to a chosen path"; nothing Word-specific.
    write_file_atomically(&path, text.as_bytes())?;
    Ok(Some(path.display().to_string()))
}

/// Debug builds only: moves the clock a test started with `MEDSOS_TEST_NOW`. A release
/// build has no such command (nor a capability granting it: see `capabilities-debug/`).
#[cfg(debug_assertions)]
#[tauri::command]
pub async fn debug_clock_set(
    app: AppHandle,
    state: State<'_, AppState>,
    at: String,
) -> CmdResult<String> {
    let refuse = |message: &str| medsos_core::ErrorPayload {
        code: "debug_clock".into(),
        message: message.into(),
    };
    let Some(clock) = &state.test_clock else {
        return Err(refuse("Jam uji aktif hanya bila MEDSOS_TEST_NOW diisi."));
    };
    let at = medsos_rules::wib::parse_rfc3339(at.trim())
        .ok_or_else(|| refuse("Waktu tidak terbaca (RFC 3339)."))?;
    clock.set(at);
    // The reminder timer looks again now, not at its next tick.
    if let Some(wake) = tauri::Manager::try_state::<crate::notify::Wake>(&app) {
        wake.ring();
    }
    Ok(medsos_core::clock::to_stored(at))
}
