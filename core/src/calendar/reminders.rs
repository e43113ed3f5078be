//! Pengingat: what the in-app timer turns into desktop notifications and Beranda lists.
//!
//! Reminders are a query, not scheduled events: whatever is due now is returned, so a
//! reminder that fell due while the app was closed appears at the next start. Showing one
//! is recorded in `reminders_seen`, so it does not come back.

use super::slots::platform_from_sql;
use super::wib;
use crate::clock::{format_wib_datetime, from_stored, to_stored, Clock};
use crate::error::{Error, Result};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use time::Duration;
use ts_rs::TS;

/// How far back a missed slot is still worth a reminder; older ones are in the calendar
/// as terlewat, and nagging about last month's post helps nobody.
pub const MISSED_REMINDER_DAYS: i64 = 7;

/// The longest lead time the setting accepts (one day), as the setting itself checks it.
const MAX_LEAD_MINUTES: i64 = super::targets::MAX_LEAD_MINUTES as i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// The slot is coming up within the lead time.
    Segera,
    /// The slot's time has passed and it is not marked published.
    Terlewat,
}

impl ReminderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::Segera => "segera",
            ReminderKind::Terlewat => "terlewat",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Reminder {
    #[ts(type = "number")]
    pub slot_id: i64,
    pub kind: ReminderKind,
    pub title: String,
    pub at_wib: String,
    /// What the notification and the Beranda list say, in Indonesian.
    pub message: String,
}

/// The reminders due now and not yet dismissed, earliest slot first. A slot that is both
/// near and past gets only the one that fits now: segera up to its minute, terlewat after.
pub fn due_reminders(
    conn: &Connection,
    clock: &dyn Clock,
    lead_minutes: i64,
) -> Result<Vec<Reminder>> {
    if !(0..=MAX_LEAD_MINUTES).contains(&lead_minutes) {
        return Err(Error::invalid(
            "lead_minutes",
            format!("Waktu pengingat harus antara 0 dan {MAX_LEAD_MINUTES} menit."),
        ));
    }
    // Whole seconds, so the text comparison with stored whole-minute slots is exact.
    let now = clock.now().replace_nanosecond(0).unwrap_or(clock.now());
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.platform, s.at, d.title,
                CASE WHEN s.at < ?1 THEN 'terlewat' ELSE 'segera' END AS kind
         FROM slots s
         JOIN drafts d ON d.id = s.draft_id
         WHERE s.status IN ('terjadwal', 'terlewat')
           AND s.at >= ?2 AND s.at <= ?3
           AND NOT EXISTS (
               SELECT 1 FROM reminders_seen r
               WHERE r.slot_id = s.id
                 AND r.kind = CASE WHEN s.at < ?1 THEN 'terlewat' ELSE 'segera' END)
         ORDER BY s.at, s.id",
    )?;
    let rows = stmt.query_map(
        params![
            to_stored(now),
            to_stored(now - Duration::days(MISSED_REMINDER_DAYS)),
            to_stored(now + Duration::minutes(lead_minutes)),
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                platform_from_sql(r.get(1)?)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        },
    )?;
    let mut due = Vec::new();
    for row in rows {
        let (slot_id, platform, at, title, kind) = row?;
        let Some(at) = from_stored(&at) else { continue };
        let platform = platform.label();
        let (kind, message) = if kind == "terlewat" {
            (
                ReminderKind::Terlewat,
                format!(
                    "\"{title}\" dijadwalkan di {platform} {} tetapi belum ditandai terbit.",
                    format_wib_datetime(at)
                ),
            )
        } else {
            let minutes = (at - now).whole_minutes();
            let when = if minutes <= 0 {
                "sekarang".to_string()
            } else {
                format!("{minutes} menit lagi")
            };
            (
                ReminderKind::Segera,
                format!(
                    "\"{title}\" tayang di {platform} {when} ({}).",
                    format_wib_datetime(at)
                ),
            )
        };
        due.push(Reminder {
            slot_id,
            kind,
            title,
            at_wib: wib::format_minute(at),
            message,
        });
    }
    Ok(due)
}

/// Records that the admin has seen a reminder, so it is not shown again.
pub fn dismiss(
    conn: &Connection,
    clock: &dyn Clock,
    slot_id: i64,
    kind: ReminderKind,
) -> Result<()> {
    super::slots::get(conn, slot_id)?;
    conn.execute(
        "INSERT OR IGNORE INTO reminders_seen (slot_id, kind, seen_at) VALUES (?1, ?2, ?3)",
        params![slot_id, kind.as_str(), to_stored(clock.now())],
    )?;
    Ok(())
}
