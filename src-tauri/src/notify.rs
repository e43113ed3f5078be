//! Desktop notifications, raised from Rust so they keep coming while the window is hidden in
//! the tray: the posting reminders and the overdue complaints, checked on the app's own
//! timer (the notification plugin cannot schedule on desktop), and the few one-off messages
//! of the tray. Beranda's lists come from the same functions, so a PC without a notification
//! daemon still sees everything.

use crate::state::AppState;
use medsos_core::calendar::{self, Reminder, ReminderKind};
use medsos_core::complaints::{self, OverdueReminder};
use medsos_core::ErrorPayload;
use std::sync::{Condvar, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

/// How often the timer looks for reminders and overdue complaints.
pub const CHECK_EVERY: Duration = Duration::from_secs(30);

/// Debug builds only: a file every raised notification is appended to as one JSON line
/// (`{"title": …, "body": …}`), so the end-to-end tests can see what the admin would have
/// seen. Not compiled into release builds.
#[cfg(debug_assertions)]
pub const TEST_LOG_ENV: &str = "MEDSOS_TEST_NOTIFICATION_LOG";

/// Raises one desktop notification. Best effort: a PC without a notification daemon loses
/// only the pop-up (the lists on Beranda are the source of truth).
pub fn raise<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    #[cfg(debug_assertions)]
    log_for_tests(title, body);
    if let Err(error) = app.notification().builder().title(title).body(body).show() {
        eprintln!("Notifikasi tidak dapat ditampilkan: {error}");
    }
}

#[cfg(debug_assertions)]
fn log_for_tests(title: &str, body: &str) {
    use std::io::Write;
    let Some(path) = std::env::var_os(TEST_LOG_ENV).filter(|v| !v.is_empty()) else {
        return;
    };
    let line = serde_json::json!({ "title": title, "body": body }).to_string();
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| writeln!(file, "{line}"));
    if let Err(error) = written {
        eprintln!("{TEST_LOG_ENV}: {error}");
    }
}

/// The posting reminders due now (with the lead time from Pengaturan); each one not yet
/// raised in this run pops up as a notification.
pub fn due_reminders<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
) -> Result<Vec<Reminder>, ErrorPayload> {
    // Marking passed slots "terlewat" writes, and a write waits for the store's quick
    // check (a second or more on a store of years): while it is pending, as when Beranda
    // first asks, the list is read without it. It does not depend on the mark.
    let checked = state.store_checked();
    let due = state.with_store(|store| {
        let conn = store.conn();
        if checked {
            calendar::mark_missed(conn, state.clock.as_ref())?;
        }
        let lead = calendar::settings(conn)?.reminder_lead_minutes;
        Ok(calendar::due_reminders(
            conn,
            state.clock.as_ref(),
            i64::from(lead),
        )?)
    })?;
    let fresh: Vec<&Reminder> = {
        let mut notified = state.notified.lock().unwrap_or_else(|e| e.into_inner());
        due.iter()
            .filter(|r| notified.insert((r.slot_id, r.kind)))
            .collect()
    };
    for reminder in fresh {
        let title = match reminder.kind {
            ReminderKind::Segera => "Jadwal tayang segera",
            ReminderKind::Terlewat => "Jadwal tayang terlewat",
        };
        raise(app, title, &reminder.message);
    }
    Ok(due)
}

/// The overdue complaints; each one newly overdue in this run raises a notification. A
/// handful get one each; more (say, after importing an old sheet) get one that counts them.
pub fn overdue_complaints<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
) -> Result<Vec<OverdueReminder>, ErrorPayload> {
    let due = state.with_store(|store| {
        Ok(complaints::overdue_reminders(
            store.conn(),
            state.clock.as_ref(),
        )?)
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
    let messages: Vec<String> = if fresh.len() > 3 {
        vec![format!(
            "{} aduan melewati tenggat. Lihat daftarnya di Beranda.",
            fresh.len()
        )]
    } else {
        fresh.iter().map(|r| r.message.clone()).collect()
    };
    for message in messages {
        raise(app, "Aduan melewati tenggat", &message);
    }
    Ok(due)
}

/// Wakes the timer before its next tick (the debug clock moved, say).
#[derive(Default)]
pub struct Wake {
    pending: Mutex<bool>,
    bell: Condvar,
}

impl Wake {
    /// Only the debug clock rings it today.
    #[cfg(debug_assertions)]
    pub fn ring(&self) {
        *self.pending.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.bell.notify_all();
    }

    fn wait(&self, timeout: Duration) {
        let guard = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let (mut guard, _) = self
            .bell
            .wait_timeout_while(guard, timeout, |pending| !*pending)
            .unwrap_or_else(|e| e.into_inner());
        *guard = false;
    }
}

/// The timer: at start and every [`CHECK_EVERY`], with or without a window on screen.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    app.manage(Wake::default());
    let spawned = std::thread::Builder::new()
        .name("pengingat".into())
        .spawn(move || {
            // Marking missed slots writes: after the store's check, not ahead of the window.
            app.state::<AppState>().wait_checked();
            loop {
                let state = app.state::<AppState>();
                // A store that failed to open has nothing to remind of; the window says why.
                let _ = due_reminders(&app, &state);
                let _ = overdue_complaints(&app, &state);
                app.state::<Wake>().wait(CHECK_EVERY);
            }
        });
    if let Err(error) = spawned {
        eprintln!("Pengingat tidak dapat dimulai: {error}");
    }
}
