//! Terbit: recording that a draft went out, with the post's URL. Marking a draft terbit
//! from Konten and marking its slot published in Kalender are the same act, so both go
//! through [`publish`]: the slot, the draft's workflow step and the brief fulfilment are
//! written in one transaction, and the daily summary, the calendar and the brief agree.

use super::slots::{
    check_meant_for, get, insert_slot, open_slot, slot_from_row, Slot, SLOT_SELECT,
};
use crate::clock::{to_stored, Clock};
use crate::drafts::{self, Platform, Status};
use crate::error::{Error, Result};
use crate::store::savepoint;
use medsos_rules::links::{LinkProblem, PostLink};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the admin gives when marking a draft terbit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PublishInput {
    /// The slot that went out; needed only when the draft has several open slots.
    #[ts(type = "number | null")]
    pub slot_id: Option<i64>,
    /// The platform it went out on; needed only when the draft has no open slot, and then a
    /// slot is recorded for now.
    pub platform: Option<Platform>,
    /// The post's address on Instagram or Facebook.
    pub url: String,
    /// Who records it.
    pub actor: String,
}

/// The post must be on the platform the slot is for.
fn check_url_platform(link: &PostLink, platform: Platform) -> Result<()> {
    if link.platform == platform {
        return Ok(());
    }
    Err(Error::invalid(
        "published_url",
        format!(
            "Jadwal ini untuk {}; {}",
            platform.label(),
            LinkProblem::OtherPlatform {
                expected: platform,
                found: link.platform
            }
            .message()
        ),
    ))
}

/// The draft's slots that can still be marked published (terjadwal or terlewat), earliest
/// first, on `platform` when given.
fn open_slots(conn: &Connection, draft_id: i64, platform: Option<Platform>) -> Result<Vec<Slot>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SLOT_SELECT} WHERE s.draft_id = ?1 AND s.status IN ('terjadwal', 'terlewat')
           AND (?2 IS NULL OR s.platform = ?2)
         ORDER BY s.at, s.id"
    ))?;
    let rows = stmt.query_map(
        params![draft_id, platform.map(Platform::as_str)],
        slot_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks draft `draft_id` terbit with the post's URL:
/// - with `slot_id`, that open slot of the draft;
/// - else its one open slot (on `platform` when given);
/// - several open slots: refused with code `invalid.slot`, asking which;
/// - no open slot: a slot on `platform` is recorded for now, published; without a platform,
///   refused with code `invalid.platform`, asking for it.
///
/// The URL must belong to the slot's platform. A draft still disetujui takes the steps
/// disetujui -> terjadwal -> terbit; a draft already terbit (its other platform went out
/// before) keeps its status. A draft answering a Diskominfo brief gets its fulfilment
/// recorded with the slot. Nothing is written unless everything holds.
pub fn publish(
    conn: &mut Connection,
    clock: &dyn Clock,
    draft_id: i64,
    input: &PublishInput,
) -> Result<Slot> {
    let actor = drafts::actor_name(&input.actor)?;
    let link = drafts::validate_post_url(&input.url)?;
    let url = link.url.clone();
    let tx = savepoint(conn)?;
    let draft = drafts::get(&tx, draft_id)?;
    if !draft.status.can_publish() {
        return Err(Error::invalid(
            "status",
            format!(
                "Draf berstatus \"{}\" tidak dapat ditandai terbit. Draf harus disetujui dulu.",
                draft.status.label()
            ),
        ));
    }
    let chosen = match input.slot_id {
        Some(id) => {
            let slot = open_slot(&tx, id, "ditandai terbit")?;
            if slot.draft_id != draft_id {
                return Err(Error::invalid("slot", "Jadwal itu bukan milik draf ini."));
            }
            if input.platform.is_some_and(|p| p != slot.platform) {
                return Err(Error::invalid(
                    "platform",
                    format!(
                        "Jadwal yang dipilih untuk {}, bukan platform yang dipilih.",
                        slot.platform.label()
                    ),
                ));
            }
            Some(slot)
        }
        None => {
            let mut open = open_slots(&tx, draft_id, input.platform)?;
            match open.len() {
                0 => None,
                1 => open.pop(),
                n => {
                    return Err(Error::invalid(
                        "slot",
                        format!(
                            "Draf ini punya {n} jadwal tayang yang belum terbit. Pilih jadwal mana yang terbit."
                        ),
                    ))
                }
            }
        }
    };
    let now = clock.now();
    let stored_now = to_stored(now);
    let slot_id = match chosen {
        Some(slot) => {
            check_url_platform(&link, slot.platform)?;
            slot.id
        }
        None => {
            let Some(platform) = input.platform else {
                return Err(Error::invalid(
                    "platform",
                    "Draf ini belum punya jadwal tayang. Pilih platform tempat postingan ini terbit; jadwalnya dicatat untuk saat ini.",
                ));
            };
            check_meant_for(&draft, platform)?;
            check_url_platform(&link, platform)?;
            let recorded: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM slots WHERE draft_id = ?1 AND post_url = ?2)",
                params![draft_id, url],
                |r| r.get(0),
            )?;
            if recorded {
                return Err(Error::invalid(
                    "published_url",
                    "Tautan ini sudah dicatat terbit untuk draf ini.",
                ));
            }
            // Slots are whole minutes.
            let minute = now
                .replace_second(0)
                .and_then(|t| t.replace_nanosecond(0))
                .unwrap_or(now);
            insert_slot(&tx, clock, draft_id, platform, minute)?
        }
    };
    tx.execute(
        "UPDATE slots SET status = 'terbit', post_url = ?1, published_at = ?2, updated_at = ?2
         WHERE id = ?3",
        params![url, stored_now, slot_id],
    )?;
    crate::sync::briefs::record_for_slot(&tx, clock, slot_id, &url)?;
    let platform = get(&tx, slot_id)?.platform;
    let note = format!("Terbit di {}", platform.label());
    let mut stepped = draft.clone();
    if stepped.status == Status::Disetujui {
        drafts::record_step(&tx, clock, &stepped, Status::Terjadwal, &actor, &note, None)?;
        stepped.status = Status::Terjadwal;
    }
    if stepped.status == Status::Terjadwal {
        drafts::record_step(
            &tx,
            clock,
            &stepped,
            Status::Terbit,
            &actor,
            &note,
            Some(&url),
        )?;
    }
    tx.finish()?;
    get(conn, slot_id)
}

/// Kalender's "Tandai terbit" on one slot: [`publish`] with that slot.
pub fn mark_published(
    conn: &mut Connection,
    clock: &dyn Clock,
    slot_id: i64,
    url: &str,
    actor: &str,
) -> Result<Slot> {
    let draft_id = get(conn, slot_id)?.draft_id;
    publish(
        conn,
        clock,
        draft_id,
        &PublishInput {
            slot_id: Some(slot_id),
            platform: None,
            url: url.into(),
            actor: actor.into(),
        },
    )
}
