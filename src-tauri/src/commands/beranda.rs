//! Beranda's lists in one call. The window draws Beranda once, with every list in place, and
//! at start the window's script is the bottleneck: one call instead of nine (the overdue
//! count used to wait for the overdue list) leaves it less to do before the first frame.
//! Each part is the command the other screens and the timer call, answered on its own:
//! one that fails does not hide the others.

use super::{backup, calendar, complaints, drafts, meta, sync, CmdResult};
use crate::state::AppState;
use medsos_core::calendar::{Reminder, WeekProgress};
use medsos_core::complaints::OverdueReminder;
use medsos_core::drafts::{DraftFilter, DraftSummary};
use medsos_core::onboarding::FirstWeek;
use medsos_core::sync::LocalBrief;
use serde::ser::SerializeStruct;
use serde::Serialize;
use tauri::{AppHandle, State};

/// How many recent drafts Beranda lists.
const RECENT_DRAFTS: u32 = 5;
/// The overdue list holds the 50 most overdue complaints; past that the count is asked for.
const OVERDUE_LISTED: usize = 50;

/// One part's answer, as the window's `Settled<T>` (ui/src/lib/beranda.ts):
/// `{ "ok": true, "value": ... }` or `{ "ok": false, "error": ... }`.
#[derive(Debug)]
pub struct Settled<T>(pub CmdResult<T>);

impl<T: Serialize> Serialize for Settled<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut part = serializer.serialize_struct("Settled", 2)?;
        match &self.0 {
            Ok(value) => {
                part.serialize_field("ok", &true)?;
                part.serialize_field("value", value)?;
            }
            Err(error) => {
                part.serialize_field("ok", &false)?;
                part.serialize_field("error", error)?;
            }
        }
        part.end()
    }
}

/// The overdue complaints Beranda lists and how many there are in all.
#[derive(Debug, Serialize)]
pub struct Overdue {
    pub list: Vec<OverdueReminder>,
    pub total: u32,
}

/// Every list Beranda shows (`BerandaData` in ui/src/lib/beranda.ts).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BerandaRead {
    pub backup: Settled<backup::BackupOverview>,
    pub meta: Settled<meta::MetaOverview>,
    pub briefs: Settled<Vec<LocalBrief>>,
    pub week: Settled<WeekProgress>,
    pub recent: Settled<Vec<DraftSummary>>,
    pub due: Settled<Vec<Reminder>>,
    pub overdue: Settled<Overdue>,
    pub first_week: Settled<FirstWeek>,
}

/// Whether the overdue list may be cut short, so that the total must be counted.
fn count_needed(listed: usize) -> bool {
    listed >= OVERDUE_LISTED
}

async fn overdue(app: AppHandle, state: State<'_, AppState>) -> CmdResult<Overdue> {
    let list = complaints::complaint_reminders(app, state.clone()).await?;
    let total = if count_needed(list.len()) {
        complaints::complaint_overdue_count(state).await?
    } else {
        list.len() as u32
    };
    Ok(Overdue { list, total })
}

#[tauri::command]
pub async fn beranda_read(app: AppHandle, state: State<'_, AppState>) -> CmdResult<BerandaRead> {
    Ok(BerandaRead {
        backup: Settled(backup::backup_overview(app.clone()).await),
        meta: Settled(meta::meta_overview(state.clone()).await),
        briefs: Settled(sync::briefs_list(state.clone()).await),
        week: Settled(calendar::week_progress(state.clone()).await),
        recent: Settled(
            drafts::drafts_list(state.clone(), DraftFilter::default(), RECENT_DRAFTS, 0).await,
        ),
        due: Settled(calendar::reminders_due(app.clone(), state.clone()).await),
        overdue: Settled(overdue(app.clone(), state.clone()).await),
        first_week: Settled(super::app::first_week(state).await),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use medsos_core::ErrorPayload;

    fn error() -> ErrorPayload {
        ErrorPayload {
            code: "uji".into(),
            message: "Gagal".into(),
        }
    }

    /// The shape the window reads: `ok` with `value`, or `ok: false` with `error`.
    #[test]
    fn a_part_is_written_as_the_windows_settled_shape() {
        let ok = serde_json::to_value(Settled::<u32>(Ok(7))).unwrap();
        assert_eq!(ok, serde_json::json!({ "ok": true, "value": 7 }));
        let failed = serde_json::to_value(Settled::<u32>(Err(error()))).unwrap();
        assert_eq!(failed["ok"], false);
        assert_eq!(failed["error"]["code"], "uji");
        assert!(failed.get("value").is_none());
    }

    /// The list holds the 50 most overdue: the total is counted when it may hold more.
    #[test]
    fn the_overdue_total_is_counted_once_the_list_is_full() {
        assert!(!count_needed(0));
        assert!(!count_needed(49));
        assert!(count_needed(50));
    }
}
