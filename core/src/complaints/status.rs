//! Status aduan: the SP4N-LAPOR! workflow, and every step recorded with who, when and why.
//!
//! The main line only moves forward (baru -> diverifikasi -> ditindaklanjuti -> selesai) so
//! that each deadline is met by one clear step. Side exits exist from every open status;
//! the ones that end the admin's responsibility need a reason (or the PD it went to),
//! because that is what the citizen and the inspectorate will ask about later.

use super::actor::clean_actor;
use super::deadlines::stored::refresh_one;
use super::model::{
    channel_from_sql, check_category, check_kecamatan, get_unaudited, kecamatan_name,
    kind_from_sql, Channel, Complaint, ComplaintKind,
};
use super::workflow::status_from_sql;
use crate::clock::{to_stored, Clock};
use crate::error::{Error, Result};
use crate::store::savepoint;
use crate::text::{check_length, clean_line};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use super::workflow::ComplaintStatus;

/// The longest reason or PD name kept; a sentence or two, not a report.
pub const MAX_REASON_CHARS: usize = 1_000;
const MAX_FORWARDED_TO_CHARS: usize = 200;

/// One recorded step, capture included (`from` is `None` then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComplaintEvent {
    #[ts(type = "number")]
    pub id: i64,
    pub from: Option<ComplaintStatus>,
    pub to: ComplaintStatus,
    pub reason: String,
    pub forwarded_to: String,
    pub actor: String,
    pub at: String,
}

/// Moves a complaint to `to`, records the step and recomputes its deadlines.
///
/// `reason` is required for ditunda, diarsipkan and bukan wewenang; `forwarded_to` (the PD
/// that takes over) for diteruskan. Leaving ditunda goes back to the status it paused from.
///
/// Only the steps that ask for them keep them: a reason for ditunda, diarsipkan, bukan
/// wewenang and (optionally) diteruskan, a PD only for diteruskan. Text the window still
/// holds from an abandoned step is dropped rather than recorded on, say, diverifikasi,
/// where the log would then claim a reason nobody gave for that step.
pub fn transition(
    conn: &Connection,
    clock: &dyn Clock,
    id: i64,
    to: ComplaintStatus,
    reason: &str,
    forwarded_to: &str,
    actor: &str,
) -> Result<Complaint> {
    let actor = clean_actor(actor)?;
    let reason = if to.keeps_reason() {
        reason.trim().to_string()
    } else {
        String::new()
    };
    check_length("reason", "Alasan", &reason, MAX_REASON_CHARS)?;
    let forwarded_to = if to.needs_forwarded_to() {
        clean_line(forwarded_to)
    } else {
        String::new()
    };
    check_length(
        "forwarded_to",
        "Nama PD tujuan",
        &forwarded_to,
        MAX_FORWARDED_TO_CHARS,
    )?;

    let tx = savepoint(conn)?;
    let (from, paused_from): (ComplaintStatus, Option<ComplaintStatus>) = tx
        .query_row(
            "SELECT status, paused_from FROM complaints WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    status_from_sql(r.get(0)?)?,
                    r.get::<_, Option<String>>(1)?
                        .and_then(|s| ComplaintStatus::parse(&s)),
                ))
            },
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Aduan" })?;

    if !from.next(paused_from).contains(&to) {
        let hint = if from.is_closed() {
            "Aduan yang sudah ditutup tidak dapat diubah lagi; catat sebagai aduan baru bila warga menghubungi kembali.".to_string()
        } else {
            let options: Vec<&str> = from.next(paused_from).iter().map(|s| s.label()).collect();
            format!("Langkah yang tersedia: {}.", options.join(", "))
        };
        return Err(Error::invalid(
            "status",
            format!(
                "Aduan berstatus {} tidak dapat diubah menjadi {}. {hint}",
                from.label(),
                to.label()
            ),
        ));
    }
    if to.needs_reason() && reason.is_empty() {
        return Err(Error::invalid(
            "reason",
            format!("Tuliskan alasan untuk status {}.", to.label()),
        ));
    }
    if to.needs_forwarded_to() && forwarded_to.is_empty() {
        return Err(Error::invalid(
            "forwarded_to",
            "Tuliskan nama PD tujuan, misalnya Dinas PUPR.",
        ));
    }

    let now = to_stored(clock.now());
    let paused = (to == ComplaintStatus::Ditunda).then(|| from.as_str());
    let stamp = |column_for: ComplaintStatus| (to == column_for).then(|| now.clone());
    tx.execute(
        "UPDATE complaints SET
             status = ?2,
             paused_from = ?3,
             forwarded_to = CASE WHEN ?2 = 'diteruskan' THEN ?4 ELSE forwarded_to END,
             status_reason = ?5,
             verified_at = COALESCE(verified_at, ?6),
             followed_up_at = COALESCE(followed_up_at, ?7),
             resolved_at = COALESCE(resolved_at, ?8),
             closed_at = CASE WHEN ?9 THEN ?10 ELSE NULL END,
             updated_at = ?10
         WHERE id = ?1",
        params![
            id,
            to.as_str(),
            paused,
            forwarded_to,
            reason,
            stamp(ComplaintStatus::Diverifikasi),
            stamp(ComplaintStatus::Ditindaklanjuti),
            stamp(ComplaintStatus::Selesai),
            to.is_closed(),
            now,
        ],
    )?;
    tx.execute(
        "INSERT INTO complaint_events (complaint_id, from_status, to_status, reason, forwarded_to, actor, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, from.as_str(), to.as_str(), reason, forwarded_to, actor, now],
    )?;
    refresh_one(&tx, id)?;
    tx.finish()?;
    get_unaudited(conn, clock, id)
}

/// "Lanjutkan": a ditunda complaint returns to the status it paused from.
pub fn resume(conn: &Connection, clock: &dyn Clock, id: i64, actor: &str) -> Result<Complaint> {
    let paused_from: Option<String> = conn
        .query_row(
            "SELECT paused_from FROM complaints WHERE id = ?1 AND status = 'ditunda'",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let to = paused_from
        .as_deref()
        .and_then(ComplaintStatus::parse)
        .ok_or_else(|| {
            Error::invalid("status", "Hanya aduan yang ditunda yang dapat dilanjutkan.")
        })?;
    transition(conn, clock, id, to, "", "", actor)
}

/// Corrects how an open (or ditunda) complaint is classified: its kind, category,
/// kecamatan and channel, checked as at capture. A capture made in seconds is often
/// classified in a hurry; the correction is recorded as a step that keeps the status
/// ("Klasifikasi diubah: kategori Jalan dan jembatan → Kesehatan"), because the kind and
/// category decide the deadlines, which are recomputed here, and the inspectorate may ask
/// why they moved. Closed complaints keep the classification they were decided under.
/// Nothing changed: nothing is recorded.
#[allow(clippy::too_many_arguments)] // the four classification fields, as the form has them
pub fn reclassify(
    conn: &Connection,
    clock: &dyn Clock,
    id: i64,
    kind: ComplaintKind,
    category_id: i64,
    kecamatan: &str,
    channel: Channel,
    actor: &str,
) -> Result<Complaint> {
    let actor = clean_actor(actor)?;
    let kecamatan = kecamatan.trim();
    check_category(conn, category_id)?;
    check_kecamatan(kecamatan)?;

    let tx = savepoint(conn)?;
    let (status, old_kind, old_category_id, old_category, old_kecamatan, old_channel) = tx
        .query_row(
            "SELECT c.status, c.kind, c.category_id, k.name, c.kecamatan, c.channel
             FROM complaints c JOIN complaint_categories k ON k.id = c.category_id
             WHERE c.id = ?1",
            [id],
            |r| {
                Ok((
                    status_from_sql(r.get(0)?)?,
                    kind_from_sql(r.get(1)?)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    channel_from_sql(r.get(5)?)?,
                ))
            },
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Aduan" })?;
    if status.is_closed() {
        return Err(Error::invalid(
            "status",
            format!(
                "Aduan berstatus {} sudah ditutup; klasifikasinya tidak dapat diubah lagi.",
                status.label()
            ),
        ));
    }

    let mut changes = Vec::new();
    if kind != old_kind {
        changes.push(format!("jenis {} → {}", old_kind.label(), kind.label()));
    }
    if category_id != old_category_id {
        let new_category: String = tx
            .prepare_cached("SELECT name FROM complaint_categories WHERE id = ?1")?
            .query_row([category_id], |r| r.get(0))?;
        changes.push(format!("kategori {old_category} → {new_category}"));
    }
    if kecamatan != old_kecamatan {
        changes.push(format!(
            "kecamatan {} → {}",
            kecamatan_name(&old_kecamatan),
            kecamatan_name(kecamatan)
        ));
    }
    if channel != old_channel {
        changes.push(format!(
            "kanal {} → {}",
            old_channel.label(),
            channel.label()
        ));
    }
    if changes.is_empty() {
        drop(tx);
        return get_unaudited(conn, clock, id);
    }

    let now = to_stored(clock.now());
    tx.execute(
        "UPDATE complaints SET kind = ?2, category_id = ?3, kecamatan = ?4, channel = ?5,
             updated_at = ?6
         WHERE id = ?1",
        params![
            id,
            kind.as_str(),
            category_id,
            kecamatan,
            channel.as_str(),
            now
        ],
    )?;
    let reason = format!("Klasifikasi diubah: {}", changes.join("; "));
    tx.execute(
        "INSERT INTO complaint_events (complaint_id, from_status, to_status, reason, actor, at)
         VALUES (?1, ?2, ?2, ?3, ?4, ?5)",
        params![id, status.as_str(), reason, actor, now],
    )?;
    refresh_one(&tx, id)?;
    tx.finish()?;
    get_unaudited(conn, clock, id)
}

/// Every step of one complaint, oldest first.
pub fn events(conn: &Connection, id: i64) -> Result<Vec<ComplaintEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, from_status, to_status, reason, forwarded_to, actor, at
         FROM complaint_events WHERE complaint_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(ComplaintEvent {
            id: r.get(0)?,
            from: r
                .get::<_, Option<String>>(1)?
                .and_then(|s| ComplaintStatus::parse(&s)),
            to: status_from_sql(r.get(2)?)?,
            reason: r.get(3)?,
            forwarded_to: r.get(4)?,
            actor: r.get(5)?,
            at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
