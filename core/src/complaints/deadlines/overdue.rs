//! Overdue complaints, for Beranda and the desktop notification.

use super::derive::due_wib;
use super::rules::DeadlineKind;
use crate::clock::{format_wib_datetime, from_stored, to_stored, Clock};
use crate::complaints::model::complaint_number;
use crate::error::Result;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use time::Duration;
use ts_rs::TS;

/// One overdue complaint for Beranda and the desktop notification, in the shape of the
/// calendar's reminders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OverdueReminder {
    #[ts(type = "number")]
    pub complaint_id: i64,
    /// Always "terlambat"; the UI shows complaint and calendar reminders in one list.
    pub kind: String,
    pub number: String,
    pub deadline: DeadlineKind,
    pub due_at_wib: String,
    /// What the notification says, in Indonesian, without personal data.
    pub message: String,
}

/// How many reminders [`overdue_reminders`] lists at most. After importing an old sheet or
/// a long holiday there can be thousands; Beranda and the notification need the worst few
/// and the total ([`overdue_count`]), not a list nobody scrolls that is rebuilt every minute.
pub const MAX_OVERDUE_REMINDERS: u32 = 50;

/// Open complaints whose next deadline has passed, most overdue first, at most
/// [`MAX_OVERDUE_REMINDERS`] of them.
pub fn overdue_reminders(conn: &Connection, clock: &dyn Clock) -> Result<Vec<OverdueReminder>> {
    let now = clock.now();
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.next_due_at, c.next_due_kind, k.name
         FROM complaints c JOIN complaint_categories k ON k.id = c.category_id
         WHERE c.next_due_at IS NOT NULL AND c.next_due_at <= ?1
         ORDER BY c.next_due_at, c.id
         LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![to_stored(now), MAX_OVERDUE_REMINDERS], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, due, kind, category) = row?;
        let Some(due) = from_stored(&due) else {
            continue;
        };
        let deadline = kind
            .as_deref()
            .and_then(DeadlineKind::parse)
            .unwrap_or(DeadlineKind::Penyelesaian);
        let number = complaint_number(id);
        out.push(OverdueReminder {
            complaint_id: id,
            kind: "terlambat".into(),
            number: number.clone(),
            deadline,
            due_at_wib: due_wib(due),
            message: format!(
                "Aduan {number} ({category}): tenggat {} lewat sejak {}.",
                deadline.label().to_lowercase(),
                format_wib_datetime(due - Duration::minutes(1))
            ),
        });
    }
    Ok(out)
}

/// How many open complaints are overdue in all, for "50 dari 1.234 aduan terlambat".
pub fn overdue_count(conn: &Connection, clock: &dyn Clock) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM complaints
             WHERE next_due_at IS NOT NULL AND next_due_at <= ?1",
        )?
        .query_row([to_stored(clock.now())], |r| r.get(0))?)
}
