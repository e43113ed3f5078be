//! Jadwal tayang: putting an approved draft on the calendar, moving it and cancelling it.
//! Recording that a slot went out is [`super::publish`], the one way to publish.
//!
//! A slot write and the draft's workflow step share one transaction, so the calendar and
//! the draft's status never disagree.

use super::wib;
use crate::clock::{format_wib_datetime, from_stored, to_stored, Clock};
use crate::drafts::{self, Platform, Status};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::store::savepoint;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

/// Where a slot is in its life: planned, posted, passed unposted, or called off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SlotStatus {
    Terjadwal,
    Terbit,
    /// The slot's WIB day ended before it was marked published; counts as missed.
    Terlewat,
    Dibatalkan,
}

impl SlotStatus {
    pub const ALL: [SlotStatus; 4] = [
        SlotStatus::Terjadwal,
        SlotStatus::Terbit,
        SlotStatus::Terlewat,
        SlotStatus::Dibatalkan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SlotStatus::Terjadwal => "terjadwal",
            SlotStatus::Terbit => "terbit",
            SlotStatus::Terlewat => "terlewat",
            SlotStatus::Dibatalkan => "dibatalkan",
        }
    }

    pub fn parse(text: &str) -> Option<SlotStatus> {
        SlotStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            SlotStatus::Terjadwal => "Terjadwal",
            SlotStatus::Terbit => "Terbit",
            SlotStatus::Terlewat => "Terlewat",
            SlotStatus::Dibatalkan => "Dibatalkan",
        }
    }

    /// Only a slot that has not gone out and was not called off can still be moved,
    /// cancelled or marked published (a missed slot may have been posted late). The one
    /// answer to "which slots can move": core's checks and the UI (`RULES`) both use it.
    pub fn is_open(self) -> bool {
        matches!(self, SlotStatus::Terjadwal | SlotStatus::Terlewat)
    }
}

pub(crate) fn platform_from_sql(text: String) -> rusqlite::Result<Platform> {
    Platform::parse(&text).ok_or_else(|| conversion_error(format!("unknown platform {text}")))
}

fn conversion_error(message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, message.into())
}

/// One slot as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Slot {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub draft_id: i64,
    pub draft_title: String,
    pub platform: Platform,
    /// The instant, UTC RFC 3339 as stored.
    pub at: String,
    /// The same instant as the admin reads and types it: "YYYY-MM-DDTHH:MM" WIB.
    pub at_wib: String,
    pub status: SlotStatus,
    pub post_url: Option<String>,
}

impl Slot {
    pub(crate) fn instant(&self) -> Option<OffsetDateTime> {
        from_stored(&self.at)
    }
}

pub(crate) const SLOT_SELECT: &str =
    "SELECT s.id, s.draft_id, d.title, s.platform, s.at, s.status, s.post_url
     FROM slots s JOIN drafts d ON d.id = s.draft_id";

pub(crate) fn slot_from_row(row: &Row<'_>) -> rusqlite::Result<Slot> {
    let at: String = row.get(4)?;
    let at_wib = from_stored(&at)
        .map(wib::format_minute)
        .ok_or_else(|| conversion_error(format!("unreadable slot time {at}")))?;
    let status: String = row.get(5)?;
    Ok(Slot {
        id: row.get(0)?,
        draft_id: row.get(1)?,
        draft_title: row.get(2)?,
        platform: platform_from_sql(row.get(3)?)?,
        at,
        at_wib,
        status: SlotStatus::parse(&status)
            .ok_or_else(|| conversion_error(format!("unknown slot status {status}")))?,
        post_url: row.get(6)?,
    })
}

/// A slot saved, with what the admin should know about it but may go ahead with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScheduleOutcome {
    pub slot: Slot,
    pub warnings: Vec<Finding>,
}

pub fn get(conn: &Connection, slot_id: i64) -> Result<Slot> {
    conn.query_row(
        &format!("{SLOT_SELECT} WHERE s.id = ?1"),
        [slot_id],
        slot_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound {
        what: "Jadwal tayang",
    })
}

/// Warnings, not refusals: an admin may back-fill a post made yesterday, or deliberately
/// post twice in the same minute; the calendar says so and lets them.
fn warnings_for(
    conn: &Connection,
    clock: &dyn Clock,
    slot_id: Option<i64>,
    platform: Platform,
    at: OffsetDateTime,
) -> Result<Vec<Finding>> {
    let mut warnings = Vec::new();
    if at < clock.now() {
        warnings.push(Finding::warning(
            "calendar.in_the_past",
            "at",
            format!(
                "Waktu {} sudah lewat. Jadwal tetap disimpan.",
                format_wib_datetime(at)
            ),
        ));
    }
    let clashes: i64 = conn.query_row(
        "SELECT COUNT(*) FROM slots WHERE at = ?1 AND platform = ?2
           AND status IN ('terjadwal', 'terbit') AND id IS NOT ?3",
        params![to_stored(at), platform.as_str(), slot_id],
        |r| r.get(0),
    )?;
    if clashes > 0 {
        warnings.push(Finding::warning(
            "calendar.same_minute",
            "at",
            format!(
                "Sudah ada jadwal {} lain pada {}. Dua postingan di menit yang sama sebaiknya digeser.",
                platform.label(),
                format_wib_datetime(at)
            ),
        ));
    }
    Ok(warnings)
}

/// Puts an approved draft on the calendar for one platform at a WIB minute, and moves the
/// draft to terjadwal when this is its first slot.
pub fn schedule(
    conn: &mut Connection,
    clock: &dyn Clock,
    draft_id: i64,
    platform: Platform,
    at_wib: &str,
    actor: &str,
) -> Result<ScheduleOutcome> {
    let at = wib::parse_minute("at", at_wib)?;
    let actor = drafts::actor_name(actor)?;
    let draft = drafts::get(conn, draft_id)?;
    if !draft.status.can_schedule() {
        return Err(Error::invalid(
            "status",
            "Draf harus disetujui sebelum dijadwalkan.",
        ));
    }
    check_meant_for(&draft, platform)?;
    let warnings = warnings_for(conn, clock, None, platform, at)?;
    let tx = savepoint(conn)?;
    let slot_id = insert_slot(&tx, clock, draft_id, platform, at)?;
    if draft.status == Status::Disetujui {
        let note = format!(
            "Dijadwalkan di {} {}",
            platform.label(),
            format_wib_datetime(at)
        );
        drafts::record_step(&tx, clock, &draft, Status::Terjadwal, &actor, &note, None)?;
    }
    tx.finish()?;
    Ok(ScheduleOutcome {
        slot: get(conn, slot_id)?,
        warnings,
    })
}

/// Inserts a planned slot inside the caller's transaction; answers its id.
pub(super) fn insert_slot(
    conn: &Connection,
    clock: &dyn Clock,
    draft_id: i64,
    platform: Platform,
    at: OffsetDateTime,
) -> Result<i64> {
    let now = to_stored(clock.now());
    conn.execute(
        "INSERT INTO slots (draft_id, platform, at, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'terjadwal', ?4, ?4)",
        params![draft_id, platform.as_str(), to_stored(at), now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Refuses a platform the draft is not meant for.
pub(super) fn check_meant_for(draft: &drafts::Draft, platform: Platform) -> Result<()> {
    let meant_for = match platform {
        Platform::Instagram => draft.for_instagram,
        Platform::Facebook => draft.for_facebook,
    };
    if meant_for {
        return Ok(());
    }
    Err(Error::invalid(
        "platform",
        format!(
            "Draf ini tidak ditujukan untuk {}. Pilih platform yang dicentang di draf.",
            platform.label()
        ),
    ))
}

pub(super) fn open_slot(conn: &Connection, slot_id: i64, doing: &str) -> Result<Slot> {
    let slot = get(conn, slot_id)?;
    if !slot.status.is_open() {
        return Err(Error::invalid(
            "status",
            format!(
                "Jadwal berstatus \"{}\" tidak dapat {doing}.",
                slot.status.label()
            ),
        ));
    }
    Ok(slot)
}

fn move_to(
    conn: &Connection,
    clock: &dyn Clock,
    slot: &Slot,
    at: OffsetDateTime,
) -> Result<ScheduleOutcome> {
    let warnings = warnings_for(conn, clock, Some(slot.id), slot.platform, at)?;
    let tx = savepoint(conn)?;
    // A moved slot is planned again, and its reminders are due afresh at the new time.
    tx.execute(
        "UPDATE slots SET at = ?1, status = 'terjadwal', updated_at = ?2 WHERE id = ?3",
        params![to_stored(at), to_stored(clock.now()), slot.id],
    )?;
    tx.execute("DELETE FROM reminders_seen WHERE slot_id = ?1", [slot.id])?;
    tx.finish()?;
    Ok(ScheduleOutcome {
        slot: get(conn, slot.id)?,
        warnings,
    })
}

/// Moves a slot to another WIB minute.
pub fn reschedule(
    conn: &Connection,
    clock: &dyn Clock,
    slot_id: i64,
    at_wib: &str,
) -> Result<ScheduleOutcome> {
    let at = wib::parse_minute("at", at_wib)?;
    let slot = open_slot(conn, slot_id, "dipindah")?;
    move_to(conn, clock, &slot, at)
}

/// Moves a slot to another WIB day keeping its WIB time of day: what dragging a slot to
/// another day in the month view means.
pub fn move_to_day(
    conn: &Connection,
    clock: &dyn Clock,
    slot_id: i64,
    day_wib: &str,
) -> Result<ScheduleOutcome> {
    let day = wib::parse_day("day", day_wib)?;
    let slot = open_slot(conn, slot_id, "dipindah")?;
    let old = slot
        .instant()
        .ok_or_else(|| Error::invalid("at", "Waktu jadwal tersimpan tidak terbaca."))?;
    let time_of_day = old.to_offset(crate::clock::WIB).time();
    let at = time::PrimitiveDateTime::new(day, time_of_day).assume_offset(crate::clock::WIB);
    move_to(conn, clock, &slot, at)
}

/// Moves a slot to another WIB time of day ("HH:MM") on the same WIB day: what changing
/// the time in the slot's panel means.
pub fn move_to_time(
    conn: &Connection,
    clock: &dyn Clock,
    slot_id: i64,
    time_wib: &str,
) -> Result<ScheduleOutcome> {
    let time_of_day = wib::parse_time("time", time_wib)?;
    let slot = open_slot(conn, slot_id, "dipindah")?;
    let old = slot
        .instant()
        .ok_or_else(|| Error::invalid("at", "Waktu jadwal tersimpan tidak terbaca."))?;
    let day = old.to_offset(crate::clock::WIB).date();
    let at = time::PrimitiveDateTime::new(day, time_of_day).assume_offset(crate::clock::WIB);
    move_to(conn, clock, &slot, at)
}

/// Calls a slot off. The draft keeps its status: it may still have other slots, and the
/// admin decides whether it goes back to disetujui.
pub fn cancel(conn: &Connection, clock: &dyn Clock, slot_id: i64) -> Result<Slot> {
    open_slot(conn, slot_id, "dibatalkan")?;
    conn.execute(
        "UPDATE slots SET status = 'dibatalkan', updated_at = ?1 WHERE id = ?2",
        params![to_stored(clock.now()), slot_id],
    )?;
    get(conn, slot_id)
}
