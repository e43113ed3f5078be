//! Arahan konten: Diskominfo's content briefs as the PC keeps them (migrations 009, 010),
//! drafts that answer a brief, and the fulfilments (posts published in answer to a brief)
//! waiting to go to the hub.
//!
//! A fulfilment is written when a slot of a draft linked to a brief is marked published, in
//! the same transaction as the slot ([`record_for_slot`], called by
//! `calendar::publish`). At sync, unsent fulfilments go out in batches of at most
//! [`MAX_FULFILMENTS_PER_BATCH`] ([`pending_fulfilments`] -> `HubClient::send_fulfilments`
//! -> [`mark_fulfilments_sent`]); the hub is idempotent on (brief, agency, url), so a batch
//! whose answer was lost just goes again.

use crate::calendar::wib;
use crate::clock::{from_stored, to_stored, Clock};
use crate::drafts::{self, Draft, DraftInput};
use crate::error::{Error, Result};
use medsos_protocol::{BriefFulfilment, BriefList, Platform, MAX_FULFILMENTS_PER_BATCH};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A file Diskominfo attached to a brief; downloaded only when the admin asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LocalBriefAttachment {
    #[ts(type = "number")]
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    #[ts(type = "number")]
    pub size_bytes: i64,
}

/// A content brief from Diskominfo as the app keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LocalBrief {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub body: String,
    pub programme: String,
    pub from_day: String,
    pub to_day: String,
    /// The programme as a hashtag ("Cianjur Manjur" -> "#CianjurManjur"); empty when none.
    pub hashtag: String,
    pub attachments: Vec<LocalBriefAttachment>,
    /// At least one post published in answer to it is recorded on this PC.
    pub fulfilled: bool,
}

/// The programme of a brief as hashtags: "#A #B" kept as typed (normalised), a plain
/// name joined into one tag ("Cianjur Manjur" -> "#CianjurManjur").
pub fn brief_hashtag(programme: &str) -> String {
    let programme = programme.trim();
    if programme.contains('#') {
        return drafts::normalise_hashtags(programme);
    }
    let tag: String = programme
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if tag.is_empty() {
        String::new()
    } else {
        format!("#{tag}")
    }
}

/// Replaces the local copy of Diskominfo's content briefs with the hub's list. A brief the
/// hub no longer lists is kept (unlisted) while a draft or a fulfilment still names it.
pub fn store_briefs(conn: &Connection, clock: &dyn Clock, list: &BriefList) -> Result<usize> {
    let tx = crate::store::savepoint(conn)?;
    tx.execute("UPDATE briefs SET listed = 0", [])?;
    {
        let mut upsert = tx.prepare(
            "INSERT INTO briefs (id, title, body, programme, from_day, to_day, received_at, listed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body,
                programme = excluded.programme, from_day = excluded.from_day,
                to_day = excluded.to_day, received_at = excluded.received_at, listed = 1",
        )?;
        let mut attachment = tx.prepare(
            "INSERT OR REPLACE INTO brief_attachments (brief_id, id, file_name, content_type, size_bytes)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let now = to_stored(clock.now());
        for b in &list.briefs {
            upsert.execute(params![
                b.id,
                b.title,
                b.body,
                b.programme,
                b.from_day,
                b.to_day,
                now
            ])?;
            tx.execute("DELETE FROM brief_attachments WHERE brief_id = ?1", [b.id])?;
            for a in &b.attachments {
                attachment.execute(params![
                    b.id,
                    a.id,
                    a.file_name,
                    a.content_type,
                    i64::try_from(a.size_bytes).unwrap_or(i64::MAX)
                ])?;
            }
        }
    }
    tx.execute(
        "DELETE FROM briefs WHERE listed = 0
           AND id NOT IN (SELECT brief_id FROM drafts WHERE brief_id IS NOT NULL)
           AND id NOT IN (SELECT brief_id FROM brief_fulfilments)",
        [],
    )?;
    tx.finish()?;
    Ok(list.briefs.len())
}

fn attachments(conn: &Connection, brief_id: i64) -> Result<Vec<LocalBriefAttachment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, file_name, content_type, size_bytes FROM brief_attachments
         WHERE brief_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([brief_id], |r| {
        Ok(LocalBriefAttachment {
            id: r.get(0)?,
            file_name: r.get(1)?,
            content_type: r.get(2)?,
            size_bytes: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const BRIEF_SELECT: &str = "SELECT b.id, b.title, b.body, b.programme, b.from_day, b.to_day,
        EXISTS (SELECT 1 FROM brief_fulfilments f WHERE f.brief_id = b.id)
     FROM briefs b";

fn query_briefs(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<LocalBrief>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(args, |r| {
        let programme: String = r.get(3)?;
        Ok(LocalBrief {
            id: r.get(0)?,
            title: r.get(1)?,
            body: r.get(2)?,
            hashtag: brief_hashtag(&programme),
            programme,
            from_day: r.get(4)?,
            to_day: r.get(5)?,
            attachments: Vec::new(),
            fulfilled: r.get(6)?,
        })
    })?;
    let mut briefs = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    for b in &mut briefs {
        b.attachments = attachments(conn, b.id)?;
    }
    Ok(briefs)
}

/// Briefs running on `day` or starting within a week of it, soonest first.
pub fn briefs_for(conn: &Connection, day: &str) -> Result<Vec<LocalBrief>> {
    query_briefs(
        conn,
        &format!(
            "{BRIEF_SELECT} WHERE b.listed = 1 AND b.to_day >= ?1 AND b.from_day <= date(?1, '+7 days')
             ORDER BY b.from_day, b.id"
        ),
        [day],
    )
}

/// Briefs whose days overlap `from`..=`to` (WIB days), for the calendar.
pub fn briefs_between(conn: &Connection, from: &str, to: &str) -> Result<Vec<LocalBrief>> {
    wib::parse_day("from", from)?;
    wib::parse_day("to", to)?;
    query_briefs(
        conn,
        &format!(
            "{BRIEF_SELECT} WHERE b.listed = 1 AND b.to_day >= ?1 AND b.from_day <= ?2
             ORDER BY b.from_day, b.id"
        ),
        [from, to],
    )
}

/// One brief, listed or not.
pub fn brief(conn: &Connection, id: i64) -> Result<LocalBrief> {
    query_briefs(conn, &format!("{BRIEF_SELECT} WHERE b.id = ?1"), [id])?
        .pop()
        .ok_or(Error::NotFound {
            what: "Arahan konten",
        })
}

/// The attachment's name and size as the hub listed it.
pub fn attachment(conn: &Connection, brief_id: i64, id: i64) -> Result<LocalBriefAttachment> {
    attachments(conn, brief_id)?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(Error::NotFound {
            what: "Lampiran arahan",
        })
}

/// A file name safe to write anywhere: letters, digits, `.`, `-` and `_` (anything else
/// becomes `-`), no leading dot, at most 100 characters; `lampiran-<id>` when nothing is left.
pub fn safe_file_name(name: &str, id: i64) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut clean: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    clean = clean.trim_start_matches(['.', '-']).to_string();
    let clean: String = clean.chars().take(100).collect();
    if clean.trim_matches(['.', '-', '_']).is_empty() {
        format!("lampiran-{id}")
    } else {
        clean
    }
}

/// Creates a draft answering brief `brief_id`: its title and text, the programme as a
/// hashtag, linked through `drafts.brief_id`.
pub fn create_draft_from_brief(
    conn: &Connection,
    clock: &dyn Clock,
    brief_id: i64,
) -> Result<Draft> {
    let b = brief(conn, brief_id)?;
    let tx = crate::store::savepoint(conn)?;
    let draft = drafts::create(
        &tx,
        clock,
        &DraftInput {
            title: b.title.chars().take(drafts::MAX_TITLE_CHARS).collect(),
            body: b.body.clone(),
            hashtags: b.hashtag.clone(),
            notes: format!(
                "Arahan Diskominfo {} s.d. {}{}",
                b.from_day,
                b.to_day,
                if b.programme.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", b.programme)
                }
            ),
            ..DraftInput::default()
        },
    )?;
    tx.execute(
        "UPDATE drafts SET brief_id = ?1 WHERE id = ?2",
        params![brief_id, draft.id],
    )?;
    tx.finish()?;
    drafts::get(conn, draft.id)
}

/// The title of the brief a draft answers, when it has one and the brief is still known.
pub fn brief_title_for_draft(conn: &Connection, draft_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT b.title FROM drafts d JOIN briefs b ON b.id = d.brief_id WHERE d.id = ?1",
            [draft_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records a fulfilment for slot `slot_id` if its draft answers a brief. Runs inside the
/// caller's transaction (the one that marks the slot published). Answers the new row's
/// id, or `None` when the draft answers no brief or that brief already has this URL.
pub(crate) fn record_for_slot(
    conn: &Connection,
    clock: &dyn Clock,
    slot_id: i64,
    url: &str,
) -> Result<Option<i64>> {
    let found: Option<(Option<i64>, String, String)> = conn
        .query_row(
            "SELECT d.brief_id, s.platform, s.at FROM slots s JOIN drafts d ON d.id = s.draft_id
             WHERE s.id = ?1",
            [slot_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((Some(brief_id), platform, at)) = found else {
        return Ok(None);
    };
    let day = from_stored(&at)
        .map(|at| wib::format_day(wib::today(at)))
        .ok_or_else(|| Error::invalid("at", "Waktu jadwal tersimpan tidak terbaca."))?;
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO brief_fulfilments (brief_id, slot_id, platform, url, day, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![brief_id, slot_id, platform, url, day, to_stored(clock.now())],
    )?;
    Ok((inserted > 0).then(|| conn.last_insert_rowid()))
}

/// Fulfilments recorded on `day` (WIB), for the day's summary.
pub fn fulfilled_on(conn: &Connection, day: &str) -> Result<u32> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM brief_fulfilments WHERE day = ?1",
        [day],
        |r| r.get(0),
    )?;
    Ok(n.clamp(0, i64::from(u32::MAX)) as u32)
}

/// One fulfilment waiting for the hub, with its row id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingFulfilment {
    pub id: i64,
    pub fulfilment: BriefFulfilment,
}

/// Unsent fulfilments, oldest first, at most `limit` (capped at the protocol's batch size).
pub fn pending_fulfilments(conn: &Connection, limit: usize) -> Result<Vec<PendingFulfilment>> {
    let limit = limit.clamp(1, MAX_FULFILMENTS_PER_BATCH) as i64;
    let mut stmt = conn.prepare_cached(
        "SELECT id, brief_id, platform, url, day FROM brief_fulfilments
         WHERE sent_at IS NULL AND rejected IS NULL ORDER BY id LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        let platform: String = r.get(2)?;
        Ok(PendingFulfilment {
            id: r.get(0)?,
            fulfilment: BriefFulfilment {
                brief_id: r.get(1)?,
                platform: if platform == "facebook" {
                    Platform::Facebook
                } else {
                    Platform::Instagram
                },
                url: r.get(3)?,
                day: r.get(4)?,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many fulfilments are waiting for the hub.
pub fn pending_fulfilment_count(conn: &Connection) -> Result<u32> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM brief_fulfilments WHERE sent_at IS NULL AND rejected IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(n.clamp(0, i64::from(u32::MAX)) as u32)
}

/// Marks these fulfilments as held by the hub.
pub fn mark_fulfilments_sent(
    conn: &Connection,
    clock: &dyn Clock,
    sent: &[PendingFulfilment],
) -> Result<()> {
    let tx = crate::store::savepoint(conn)?;
    {
        let mut stmt = tx.prepare_cached(
            "UPDATE brief_fulfilments SET sent_at = ?1 WHERE id = ?2 AND sent_at IS NULL",
        )?;
        let now = to_stored(clock.now());
        for f in sent {
            stmt.execute(params![now, f.id])?;
        }
    }
    tx.finish()?;
    Ok(())
}

/// Marks one fulfilment as refused for good by the hub (`reason` in plain words), so it
/// does not hold up the others.
pub fn mark_fulfilment_rejected(conn: &Connection, id: i64, reason: &str) -> Result<()> {
    conn.execute(
        "UPDATE brief_fulfilments SET rejected = ?1 WHERE id = ?2 AND sent_at IS NULL",
        params![reason, id],
    )?;
    Ok(())
}

#[cfg(test)]
#[path = "briefs_tests.rs"]
mod tests;
