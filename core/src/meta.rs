//! Terhubung ke Meta, the PC's side (the hub talks to Meta; the PC talks to the hub at sync):
//! - **Handing slots over**: a scheduled slot of a connected account goes to the hub, which
//!   publishes it at its time even when this PC is off; at the next sync the slot is marked
//!   terbit with the permalink, or shows why it failed. A slot whose time passed while the PC
//!   was offline is not sent on its own: the admin chooses "Terbitkan sekarang" or a new time.
//! - **Komentar masuk**: comments the hub read on the agency's posts land here (the hub then
//!   forgets their text); each can become a complaint in one click, be set aside, or be
//!   answered through the hub.
//! - **Figures**: Meta's views, reach and interactions for the agency's posts, and its best
//!   hours to post.

use crate::calendar::SlotStatus;
use crate::clock::{from_stored, to_stored, Clock};
use crate::complaints::{self, Channel, ComplaintInput, ComplaintKind};
use crate::drafts::{self, Platform};
use crate::error::{Error, Result};
use crate::settings::{get_value, set_value};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use ts_rs::TS;

const CONNECTED_KEY: &str = "meta.connected";
const PROBLEM_KEY: &str = "meta.problem";
const BEST_HOURS_KEY: &str = "meta.best_hours";
/// Who the calendar names when the hub published a slot.
pub const HUB_ACTOR: &str = "Medsos Hub (Meta)";
/// A slot this many minutes past its time, never handed over, waits for the admin's choice.
pub const PASSED_GRACE_MINUTES: i64 = 5;

/// What the window shows of the Meta connection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MetaState {
    pub instagram: bool,
    pub facebook: bool,
    /// Why the hub's connection is broken, when it is (Indonesian).
    pub problem: Option<String>,
}

/// A slot's life at the hub, as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Handover {
    #[ts(type = "number")]
    pub slot_id: i64,
    /// `menunggu`, `diterbitkan`, `gagal`, `ditarik`, or `perlu_keputusan` (time passed
    /// while offline, never handed over).
    pub state: String,
    pub failure: Option<String>,
    pub waiting_reason: Option<String>,
    pub permalink: Option<String>,
}

/// The connection as the last sync learned it.
pub fn state(conn: &Connection) -> Result<MetaState> {
    let connected = get_value(conn, CONNECTED_KEY)?.unwrap_or_default();
    Ok(MetaState {
        instagram: connected.split(',').any(|p| p == "instagram"),
        facebook: connected.split(',').any(|p| p == "facebook"),
        problem: get_value(conn, PROBLEM_KEY)?.filter(|p| !p.is_empty()),
    })
}

pub(crate) fn save_state(conn: &Connection, state: &MetaState) -> Result<()> {
    let mut connected = Vec::new();
    if state.instagram {
        connected.push("instagram");
    }
    if state.facebook {
        connected.push("facebook");
    }
    set_value(conn, CONNECTED_KEY, &connected.join(","))?;
    set_value(conn, PROBLEM_KEY, state.problem.as_deref().unwrap_or(""))?;
    Ok(())
}

/// The hub's id for a slot of this store.
pub fn publication_id(installation: &str, slot_id: i64) -> String {
    format!("pd-{installation}-s{slot_id}")
}

/// One slot ready to hand over: what goes to the hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub slot_id: i64,
    pub publication_id: String,
    pub platform: Platform,
    pub at: String,
    pub caption: String,
    pub alt_text: String,
    /// The draft's photos as prepared JPEGs on disk, in order.
    pub photos: Vec<PathBuf>,
    pub fingerprint: String,
}

/// A handed-over slot that should no longer be published (cancelled or published by hand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub slot_id: i64,
    pub publication_id: String,
}

fn fingerprint(at: &str, caption: &str, photos: &[String]) -> String {
    let mut hash = Sha256::new();
    hash.update(at.as_bytes());
    hash.update([0]);
    hash.update(caption.as_bytes());
    for photo in photos {
        hash.update([0]);
        hash.update(photo.as_bytes());
    }
    hash.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A scheduled slot with what the hub last accepted of it.
struct OpenSlot {
    slot_id: i64,
    draft_id: i64,
    platform: String,
    at: String,
    sent: Option<String>,
    handover_state: Option<String>,
}

/// Open, upcoming slots of connected platforms whose draft has photos and that the hub does
/// not hold as they are now; with the photos prepared for Meta under `media_dir/terbit`.
pub fn plans(
    conn: &Connection,
    clock: &dyn Clock,
    media_dir: &Path,
    installation: &str,
) -> Result<Vec<Plan>> {
    let meta = state(conn)?;
    let earliest = to_stored(clock.now() - time::Duration::minutes(PASSED_GRACE_MINUTES));
    let mut statement = conn.prepare(
        "SELECT s.id, s.draft_id, s.platform, s.at, h.fingerprint, h.state
         FROM slots s LEFT JOIN slot_handover h ON h.slot_id = s.id
         WHERE s.status = 'terjadwal' AND s.at >= ?1
         ORDER BY s.at, s.id",
    )?;
    let rows: Vec<OpenSlot> = statement
        .query_map([earliest], |r| {
            Ok(OpenSlot {
                slot_id: r.get(0)?,
                draft_id: r.get(1)?,
                platform: r.get(2)?,
                at: r.get(3)?,
                sent: r.get(4)?,
                handover_state: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut plans = Vec::new();
    for OpenSlot {
        slot_id,
        draft_id,
        platform,
        at,
        sent,
        handover_state,
    } in rows
    {
        let Some(platform) = Platform::parse(&platform) else {
            continue;
        };
        let connected = match platform {
            Platform::Instagram => meta.instagram,
            Platform::Facebook => meta.facebook,
        };
        // Published or failed at the hub: the sync's apply step has the last word.
        if !connected || matches!(handover_state.as_deref(), Some("diterbitkan" | "gagal")) {
            continue;
        }
        let draft = drafts::get(conn, draft_id)?;
        let caption = match platform {
            Platform::Instagram => draft.instagram_caption(),
            Platform::Facebook => draft.facebook_caption(),
        };
        let items = crate::media::list_for_draft(conn, draft_id)?;
        if items.is_empty() {
            continue;
        }
        let hashes: Vec<String> = items.iter().map(|i| i.sha256.clone()).collect();
        let print = fingerprint(&at, &caption, &hashes);
        if sent.as_deref() == Some(print.as_str()) && handover_state.as_deref() == Some("menunggu")
        {
            continue;
        }
        let folder = media_dir.join("terbit");
        std::fs::create_dir_all(&folder).map_err(|source| Error::Io {
            what: format!("Folder {} tidak dapat dibuat", folder.display()),
            source,
        })?;
        let mut photos = Vec::new();
        for item in &items {
            let out = folder.join(format!("{}.jpg", item.sha256));
            if !out.is_file() {
                crate::media::prepare_for_instagram(
                    media_dir,
                    item,
                    crate::media::Crop::centred(crate::media::Aspect::Original),
                    &out,
                )?;
            }
            photos.push(out);
        }
        plans.push(Plan {
            slot_id,
            publication_id: publication_id(installation, slot_id),
            platform,
            at,
            caption,
            alt_text: draft.title.chars().take(1_000).collect(),
            photos,
            fingerprint: print,
        });
    }
    Ok(plans)
}

/// Handed-over slots still waiting at the hub whose slot was cancelled, or marked terbit by
/// hand.
pub fn withdrawals(conn: &Connection) -> Result<Vec<Withdrawal>> {
    let mut statement = conn.prepare(
        "SELECT h.slot_id, h.publication_id FROM slot_handover h JOIN slots s ON s.id = h.slot_id
         WHERE h.state = 'menunggu' AND s.status IN ('dibatalkan', 'terbit')",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(Withdrawal {
            slot_id: r.get(0)?,
            publication_id: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records that the hub holds the slot as planned.
pub fn record_handed_over(
    conn: &Connection,
    clock: &dyn Clock,
    plan: &Plan,
    status: &medsos_protocol::PublicationStatus,
) -> Result<()> {
    conn.execute(
        "INSERT INTO slot_handover (slot_id, publication_id, fingerprint, state, failure,
             waiting_reason, permalink, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (slot_id) DO UPDATE SET fingerprint = excluded.fingerprint,
             state = excluded.state, failure = excluded.failure,
             waiting_reason = excluded.waiting_reason, permalink = excluded.permalink,
             updated_at = excluded.updated_at",
        params![
            plan.slot_id,
            plan.publication_id,
            plan.fingerprint,
            status.state,
            status.failure,
            status.waiting_reason,
            status.permalink,
            to_stored(clock.now())
        ],
    )?;
    Ok(())
}

/// Records a hand-over the hub refused (4xx): shown on the slot, tried again when it changes.
pub fn record_refused(
    conn: &Connection,
    clock: &dyn Clock,
    plan: &Plan,
    reason: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO slot_handover (slot_id, publication_id, fingerprint, state, failure, updated_at)
         VALUES (?1, ?2, NULL, 'gagal', ?3, ?4)
         ON CONFLICT (slot_id) DO UPDATE SET fingerprint = NULL, state = 'gagal',
             failure = excluded.failure, updated_at = excluded.updated_at",
        params![plan.slot_id, plan.publication_id, reason, to_stored(clock.now())],
    )?;
    Ok(())
}

pub fn record_withdrawn(conn: &Connection, clock: &dyn Clock, slot_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE slot_handover SET state = 'ditarik', updated_at = ?2 WHERE slot_id = ?1",
        params![slot_id, to_stored(clock.now())],
    )?;
    Ok(())
}

/// Applies the hub's list: each publication's state on its slot, and a published one marks
/// the slot terbit with its permalink (no URL to paste). Returns the slots marked terbit.
pub fn apply_publications(
    conn: &mut Connection,
    clock: &dyn Clock,
    list: &medsos_protocol::PublicationList,
) -> Result<usize> {
    save_state(
        conn,
        &MetaState {
            instagram: list.connected.instagram,
            facebook: list.connected.facebook,
            problem: list.connection_problem.clone(),
        },
    )?;
    let mut published = 0;
    for publication in &list.publications {
        let slot: Option<(i64, String)> = conn
            .query_row(
                "SELECT h.slot_id, s.status FROM slot_handover h JOIN slots s ON s.id = h.slot_id
                 WHERE h.publication_id = ?1",
                [&publication.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((slot_id, slot_status)) = slot else {
            continue;
        };
        conn.execute(
            "UPDATE slot_handover SET state = ?2, failure = ?3, waiting_reason = ?4,
                 permalink = ?5, updated_at = ?6
             WHERE slot_id = ?1 AND state <> 'ditarik'",
            params![
                slot_id,
                publication.state,
                publication.failure,
                publication.waiting_reason,
                publication.permalink,
                to_stored(clock.now())
            ],
        )?;
        let open = SlotStatus::parse(&slot_status).is_some_and(SlotStatus::is_open);
        if publication.state == "diterbitkan" && open {
            if let Some(permalink) = &publication.permalink {
                crate::calendar::mark_published(conn, clock, slot_id, permalink, HUB_ACTOR)?;
                published += 1;
            }
        }
    }
    Ok(published)
}

/// What the hub holds for every slot of the calendar, with slots passed unsent while the
/// PC was offline marked `perlu_keputusan`.
pub fn handovers(conn: &Connection, clock: &dyn Clock) -> Result<Vec<Handover>> {
    let meta = state(conn)?;
    let mut found: Vec<Handover> = {
        let mut statement = conn.prepare(
            "SELECT slot_id, state, failure, waiting_reason, permalink FROM slot_handover",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(Handover {
                slot_id: r.get(0)?,
                state: r.get(1)?,
                failure: r.get(2)?,
                waiting_reason: r.get(3)?,
                permalink: r.get(4)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // Only a platform connected to Meta has slots to hand over; with neither connected
    // (most PCs, and every PC before Diskominfo links it) the calendar is not read at all:
    // years of passed slots cost Beranda ~20 ms.
    if !(meta.instagram || meta.facebook) {
        found.sort_by_key(|h| h.slot_id);
        return Ok(found);
    }
    let cutoff = to_stored(clock.now() - time::Duration::minutes(PASSED_GRACE_MINUTES));
    let mut statement = conn.prepare(
        "SELECT s.id, s.platform FROM slots s
         WHERE s.status IN ('terjadwal', 'terlewat') AND s.at < ?1
           AND NOT EXISTS (SELECT 1 FROM slot_handover h WHERE h.slot_id = s.id
                           AND h.state IN ('menunggu', 'diterbitkan'))
           AND EXISTS (SELECT 1 FROM draft_media m WHERE m.draft_id = s.draft_id)",
    )?;
    let passed: Vec<(i64, String)> = statement
        .query_map([cutoff], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (slot_id, platform) in passed {
        let connected = match Platform::parse(&platform) {
            Some(Platform::Instagram) => meta.instagram,
            Some(Platform::Facebook) => meta.facebook,
            None => false,
        };
        if !connected
            || found
                .iter()
                .any(|h| h.slot_id == slot_id && h.state == "gagal")
        {
            continue;
        }
        found.retain(|h| h.slot_id != slot_id);
        found.push(Handover {
            slot_id,
            state: "perlu_keputusan".to_owned(),
            failure: None,
            waiting_reason: Some(
                "Waktu tayang lewat saat PC offline dan belum diserahkan ke hub. Terbitkan sekarang, atau pilih waktu baru.".to_owned(),
            ),
            permalink: None,
        });
    }
    found.sort_by_key(|h| h.slot_id);
    Ok(found)
}

/// "Terbitkan sekarang" for a slot whose time passed while offline: the slot moves to now
/// and goes to the hub at the next sync.
pub fn publish_now(conn: &mut Connection, clock: &dyn Clock, slot_id: i64) -> Result<()> {
    let now = crate::calendar::wib::format_minute(clock.now());
    crate::calendar::reschedule(conn, clock, slot_id, &now)?;
    conn.execute(
        "DELETE FROM slot_handover WHERE slot_id = ?1 AND state <> 'diterbitkan'",
        [slot_id],
    )?;
    Ok(())
}

/// A comment in Komentar masuk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InboxComment {
    pub id: String,
    pub platform: Platform,
    pub permalink: Option<String>,
    pub author: Option<String>,
    pub text: String,
    /// WIB, "YYYY-MM-DD HH:MM".
    pub commented_at_wib: String,
    /// `baru`, `aduan` or `diabaikan`.
    pub state: String,
    #[ts(type = "number | null")]
    pub complaint_id: Option<i64>,
    /// Replies queued or sent through the hub, oldest first.
    pub replies: Vec<InboxReply>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InboxReply {
    pub message: String,
    /// `antre`, `dikirim`, `terkirim` or `gagal`.
    pub state: String,
    pub failure: Option<String>,
}

/// Stores comments from the hub (a comment already here is left as it is); returns the ids
/// now held, to acknowledge.
pub fn store_comments(
    conn: &Connection,
    clock: &dyn Clock,
    comments: &[medsos_protocol::IncomingComment],
) -> Result<Vec<String>> {
    let now = to_stored(clock.now());
    let mut held = Vec::new();
    for c in comments {
        let Some(at) = medsos_rules::wib::parse_rfc3339(&c.commented_at) else {
            continue;
        };
        let text: String = c
            .text
            .chars()
            .take(complaints::model::MAX_BODY_CHARS)
            .collect();
        conn.execute(
            "INSERT INTO incoming_comments (comment_id, platform, post_id, permalink, author,
                 text, commented_at, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (comment_id) DO NOTHING",
            params![
                c.id,
                c.platform.as_str(),
                c.post_id,
                c.permalink,
                c.author,
                text,
                to_stored(at),
                now
            ],
        )?;
        held.push(c.id.clone());
    }
    Ok(held)
}

/// Komentar masuk: new comments first (oldest first), then the rest (newest first), at most
/// `limit`.
pub fn inbox(conn: &Connection, limit: usize) -> Result<Vec<InboxComment>> {
    let mut statement = conn.prepare(
        "SELECT comment_id, platform, permalink, author, text, commented_at, state, complaint_id
         FROM incoming_comments
         ORDER BY state <> 'baru', CASE WHEN state = 'baru' THEN commented_at END,
                  commented_at DESC
         LIMIT ?1",
    )?;
    let rows: Vec<InboxComment> = statement
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            let platform: String = r.get(1)?;
            let at: String = r.get(5)?;
            Ok(InboxComment {
                id: r.get(0)?,
                platform: Platform::parse(&platform).unwrap_or(Platform::Instagram),
                permalink: r.get(2)?,
                author: r.get(3)?,
                text: r.get(4)?,
                commented_at_wib: from_stored(&at)
                    .map(crate::calendar::wib::format_minute)
                    .unwrap_or(at)
                    .replace('T', " "),
                state: r.get(6)?,
                complaint_id: r.get(7)?,
                replies: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut replies = conn.prepare(
        "SELECT message, state, failure FROM comment_replies WHERE comment_id = ?1
         ORDER BY created_at, id",
    )?;
    rows.into_iter()
        .map(|mut comment| {
            comment.replies = replies
                .query_map([&comment.id], |r| {
                    Ok(InboxReply {
                        message: r.get(0)?,
                        state: r.get(1)?,
                        failure: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(comment)
        })
        .collect()
}

/// How many comments wait for the admin.
pub fn new_comment_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM incoming_comments WHERE state = 'baru'",
        [],
        |r| r.get(0),
    )?)
}

/// A comment as stored here.
struct StoredComment {
    platform: String,
    permalink: Option<String>,
    author: Option<String>,
    text: String,
    commented_at: String,
    complaint_id: Option<i64>,
}

fn comment_row(conn: &Connection, id: &str) -> Result<StoredComment> {
    conn.query_row(
        "SELECT platform, permalink, author, text, commented_at, complaint_id
         FROM incoming_comments WHERE comment_id = ?1",
        [id],
        |r| {
            Ok(StoredComment {
                platform: r.get(0)?,
                permalink: r.get(1)?,
                author: r.get(2)?,
                text: r.get(3)?,
                commented_at: r.get(4)?,
                complaint_id: r.get(5)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Komentar" })
}

/// "Jadikan aduan": a complaint with the comment's channel, time, link, name and text, in
/// the category "Lainnya" (the admin refines it). Returns the complaint's id; a comment
/// already made a complaint returns that one.
pub fn make_complaint(conn: &Connection, clock: &dyn Clock, id: &str, actor: &str) -> Result<i64> {
    let StoredComment {
        platform,
        permalink,
        author,
        text,
        commented_at: at,
        complaint_id: existing,
    } = comment_row(conn, id)?;
    if let Some(complaint) = existing {
        return Ok(complaint);
    }
    let category_id: i64 = conn.query_row(
        "SELECT id FROM complaint_categories ORDER BY name = 'Lainnya' DESC, position, id LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let channel = match Platform::parse(&platform) {
        Some(Platform::Facebook) => Channel::FacebookKomentar,
        _ => Channel::InstagramKomentar,
    };
    let received = from_stored(&at)
        .ok_or_else(|| Error::invalid("comment", "Waktu komentar tidak terbaca."))?;
    let input = ComplaintInput {
        channel,
        source_url: permalink.unwrap_or_default(),
        citizen_name: author
            .map(|a| {
                if platform == "instagram" {
                    format!("@{a}")
                } else {
                    a
                }
            })
            .unwrap_or_default(),
        citizen_contact: String::new(),
        body: text,
        received_at_wib: crate::calendar::wib::format_minute(received),
        kind: ComplaintKind::Pengaduan,
        category_id,
        kecamatan: String::new(),
    };
    let complaint = complaints::model::create(conn, clock, &input, actor)?;
    conn.execute(
        "UPDATE incoming_comments SET state = 'aduan', complaint_id = ?2 WHERE comment_id = ?1",
        params![id, complaint.id],
    )?;
    Ok(complaint.id)
}

/// "Abaikan": set aside (not a complaint); "Kembalikan" undoes it.
pub fn set_ignored(conn: &Connection, id: &str, ignored: bool) -> Result<()> {
    let complaint = comment_row(conn, id)?.complaint_id;
    let state = match (ignored, complaint) {
        (true, _) => "diabaikan",
        (false, Some(_)) => "aduan",
        (false, None) => "baru",
    };
    conn.execute(
        "UPDATE incoming_comments SET state = ?2 WHERE comment_id = ?1",
        params![id, state],
    )?;
    Ok(())
}

/// "Balas": queues a reply for the hub to post under the comment at the next sync. When the
/// comment is a complaint, the reply goes into its reply log (a public reply), which meets
/// its first-answer deadline counted from the comment's real time.
pub fn reply(
    conn: &Connection,
    clock: &dyn Clock,
    id: &str,
    message: &str,
    actor: &str,
) -> Result<InboxReply> {
    let message = message.trim();
    if message.is_empty() {
        return Err(Error::invalid("reply_body", "Isi balasan wajib diisi."));
    }
    crate::text::check_length("reply_body", "Isi balasan", message, 2_000)?;
    let complaint = comment_row(conn, id)?.complaint_id;
    let tx = crate::store::savepoint(conn)?;
    if let Some(complaint) = complaint {
        complaints::replies::add_reply(
            &tx,
            clock,
            complaint,
            complaints::replies::ReplyKind::Publik,
            message,
            actor,
        )?;
    }
    let reply_id: String =
        tx.query_row("SELECT 'r-' || lower(hex(randomblob(8)))", [], |r| r.get(0))?;
    let now = to_stored(clock.now());
    tx.execute(
        "INSERT INTO comment_replies (id, comment_id, complaint_id, message, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![reply_id, id, complaint, message, now],
    )?;
    tx.finish()?;
    Ok(InboxReply {
        message: message.to_owned(),
        state: "antre".to_owned(),
        failure: None,
    })
}

/// Replies not yet at the hub.
pub fn queued_replies(conn: &Connection) -> Result<Vec<medsos_protocol::ReplyRequest>> {
    let mut statement = conn.prepare(
        "SELECT id, comment_id, message FROM comment_replies WHERE state = 'antre'
         ORDER BY created_at, id",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(medsos_protocol::ReplyRequest {
            id: r.get(0)?,
            comment_id: r.get(1)?,
            message: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn record_reply(
    conn: &Connection,
    clock: &dyn Clock,
    id: &str,
    state: &str,
    failure: Option<&str>,
) -> Result<()> {
    let state = match state {
        "menunggu" => "dikirim",
        other => other,
    };
    conn.execute(
        "UPDATE comment_replies SET state = ?2, failure = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, state, failure, to_stored(clock.now())],
    )?;
    Ok(())
}

/// Meta's figures for one post of the agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Figures {
    pub permalink: String,
    pub platform: Platform,
    #[ts(type = "number | null")]
    pub views: Option<i64>,
    #[ts(type = "number | null")]
    pub reach: Option<i64>,
    #[ts(type = "number | null")]
    pub likes: Option<i64>,
    #[ts(type = "number | null")]
    pub comments: Option<i64>,
    #[ts(type = "number | null")]
    pub shares: Option<i64>,
    #[ts(type = "number | null")]
    pub saved: Option<i64>,
}

/// A good hour to post, from the agency's own reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BestHour {
    pub platform: Platform,
    pub hour: u8,
    #[ts(type = "number")]
    pub average_reach: i64,
    #[ts(type = "number")]
    pub posts: i64,
}

pub fn store_figures(
    conn: &Connection,
    clock: &dyn Clock,
    list: &medsos_protocol::MetaPostList,
) -> Result<()> {
    let now = to_stored(clock.now());
    for post in &list.posts {
        let Some(permalink) = &post.permalink else {
            continue;
        };
        conn.execute(
            "INSERT INTO post_figures (permalink, platform, meta_id, published_at, views, reach,
                 likes, comments, shares, saved, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (permalink) DO UPDATE SET views = excluded.views, reach = excluded.reach,
                 likes = excluded.likes, comments = excluded.comments, shares = excluded.shares,
                 saved = excluded.saved, fetched_at = excluded.fetched_at",
            params![
                permalink,
                post.platform.as_str(),
                post.meta_id,
                post.published_at,
                post.views,
                post.reach,
                post.likes,
                post.comments,
                post.shares,
                post.saved,
                now
            ],
        )?;
    }
    let hours: Vec<BestHour> = list
        .best_hours
        .iter()
        .map(|h| BestHour {
            platform: h.platform,
            hour: h.hour,
            average_reach: h.average_reach,
            posts: h.posts,
        })
        .collect();
    set_value(
        conn,
        BEST_HOURS_KEY,
        &serde_json::to_string(&hours).expect("plain list"),
    )?;
    Ok(())
}

/// Meta's figures for a draft's published posts (matched by the slot's post URL, so posts
/// made on a phone and pasted in count too).
pub fn draft_figures(conn: &Connection, draft_id: i64) -> Result<Vec<Figures>> {
    let mut statement = conn.prepare(
        "SELECT f.permalink, f.platform, f.views, f.reach, f.likes, f.comments, f.shares, f.saved
         FROM slots s JOIN post_figures f ON f.permalink = s.post_url
         WHERE s.draft_id = ?1 ORDER BY s.at",
    )?;
    let rows = statement.query_map([draft_id], |r| {
        let platform: String = r.get(1)?;
        Ok(Figures {
            permalink: r.get(0)?,
            platform: Platform::parse(&platform).unwrap_or(Platform::Instagram),
            views: r.get(2)?,
            reach: r.get(3)?,
            likes: r.get(4)?,
            comments: r.get(5)?,
            shares: r.get(6)?,
            saved: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The agency's best hours to post, best first per platform (empty before any figures).
pub fn best_hours(conn: &Connection) -> Result<Vec<BestHour>> {
    Ok(get_value(conn, BEST_HOURS_KEY)?
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafts::DraftInput;
    use crate::test_support::store;
    use crate::FixedClock;
    use time::macros::datetime;

    fn jpeg() -> Vec<u8> {
        let image = image::RgbImage::from_fn(1200, 1500, |x, y| {
            image::Rgb([60, (x % 250) as u8, (y % 250) as u8])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    /// An approved draft with one photo, scheduled on Instagram at `at_wib`.
    fn scheduled(store: &mut crate::Store, clock: &FixedClock, at_wib: &str) -> i64 {
        let path = std::path::PathBuf::from(store.conn().path().unwrap());
        let draft = drafts::create(
            store.conn(),
            clock,
            &DraftInput {
                title: "Posyandu".into(),
                body: "Posyandu serentak".into(),
                for_instagram: true,
                for_facebook: false,
                source: "Dinkes".into(),
                ..DraftInput::default()
            },
        )
        .unwrap();
        let item = crate::media::import_bytes(
            store.conn(),
            clock,
            &crate::media::media_dir(&path),
            "foto.jpg",
            &jpeg(),
        )
        .unwrap();
        crate::media::attach(store.conn(), draft.id, item.id).unwrap();
        store
            .conn()
            .execute(
                "UPDATE drafts SET status = 'disetujui' WHERE id = ?1",
                [draft.id],
            )
            .unwrap();
        crate::calendar::schedule(
            store.conn_mut(),
            clock,
            draft.id,
            Platform::Instagram,
            at_wib,
            "Rina",
        )
        .unwrap()
        .slot
        .id
    }

    #[test]
    fn a_slot_passed_while_offline_waits_for_the_admin_and_publish_now_hands_it_over() {
        let (_dir, mut store) = store();
        // 09:00 WIB; the slot was for 08:00 WIB and never reached the hub.
        let clock = FixedClock::new(datetime!(2026-12-07 02:00 UTC));
        let slot = scheduled(&mut store, &clock, "2026-12-07T08:00");
        let media_dir = crate::media::media_dir(std::path::Path::new(store.conn().path().unwrap()));

        // Not connected: the manual path, nothing to decide and nothing to hand over.
        assert!(handovers(store.conn(), &clock).unwrap().is_empty());
        assert!(plans(store.conn(), &clock, &media_dir, "inst")
            .unwrap()
            .is_empty());

        save_state(
            store.conn(),
            &MetaState {
                instagram: true,
                facebook: false,
                problem: None,
            },
        )
        .unwrap();
        let found = handovers(store.conn(), &clock).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].slot_id, slot);
        assert_eq!(found[0].state, "perlu_keputusan");
        // Never sent on its own.
        assert!(plans(store.conn(), &clock, &media_dir, "inst")
            .unwrap()
            .is_empty());

        publish_now(store.conn_mut(), &clock, slot).unwrap();
        assert_eq!(
            crate::calendar::get(store.conn(), slot).unwrap().at_wib,
            "2026-12-07T09:00"
        );
        assert!(handovers(store.conn(), &clock).unwrap().is_empty());
        let plans = plans(store.conn(), &clock, &media_dir, "inst").unwrap();
        assert_eq!(plans.len(), 1);
        assert_eq!(
            plans[0].publication_id,
            "pd-inst-s".to_owned() + &slot.to_string()
        );
        assert_eq!(plans[0].photos.len(), 1);
        assert!(plans[0].photos[0].is_file(), "the photo prepared as a JPEG");
        assert!(plans[0].caption.starts_with("Posyandu serentak"));
    }

    #[test]
    fn comments_become_complaints_once_and_replies_are_logged_on_them() {
        let (_dir, store) = store();
        let clock = FixedClock::new(datetime!(2026-12-07 02:00 UTC));
        let comment = medsos_protocol::IncomingComment {
            id: "c-1".into(),
            platform: Platform::Facebook,
            post_id: "104_1".into(),
            permalink: Some("https://www.facebook.com/dinkescianjur/posts/1".into()),
            author: Some("Asep Saepudin".into()),
            text: "Jalan ke puskesmas rusak".into(),
            commented_at: "2026-12-07T01:30:00Z".into(),
        };
        let held = store_comments(store.conn(), &clock, &[comment.clone(), comment]).unwrap();
        assert_eq!(held.len(), 2, "both acknowledged; stored once");
        assert_eq!(new_comment_count(store.conn()).unwrap(), 1);

        let id = make_complaint(store.conn(), &clock, "c-1", "Rina").unwrap();
        assert_eq!(
            make_complaint(store.conn(), &clock, "c-1", "Rina").unwrap(),
            id,
            "once"
        );
        let complaint = crate::complaints::get(store.conn(), &clock, id, "Rina").unwrap();
        assert_eq!(complaint.channel, Channel::FacebookKomentar);
        assert_eq!(complaint.citizen_name, "Asep Saepudin");
        assert_eq!(
            complaint.received_at_wib, "2026-12-07T08:30",
            "the comment's own time"
        );
        assert_eq!(new_comment_count(store.conn()).unwrap(), 0);

        reply(store.conn(), &clock, "c-1", "Sudah kami teruskan.", "Rina").unwrap();
        assert_eq!(
            crate::complaints::replies(store.conn(), id).unwrap().len(),
            1
        );
        let queued = queued_replies(store.conn()).unwrap();
        assert_eq!(queued.len(), 1);
        assert_eq!(queued[0].comment_id, "c-1");
        assert!(reply(store.conn(), &clock, "c-1", "   ", "Rina").is_err());
        assert!(reply(store.conn(), &clock, "c-404", "Halo", "Rina").is_err());
        set_ignored(store.conn(), "c-1", true).unwrap();
        assert_eq!(inbox(store.conn(), 10).unwrap()[0].state, "diabaikan");
        set_ignored(store.conn(), "c-1", false).unwrap();
        assert_eq!(inbox(store.conn(), 10).unwrap()[0].state, "aduan");
    }
}
