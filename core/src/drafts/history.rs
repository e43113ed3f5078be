//! Riwayat edit: snapshots of a draft's text while the admin writes, with restore.

use super::model::{get, Draft};
use crate::clock::{from_stored, to_stored, Clock};
use crate::error::{Error, Result};
use crate::store::savepoint;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use ts_rs::TS;

/// Autosave runs every second of typing; a snapshot per few minutes is a useful history.
const SNAPSHOT_EVERY: Duration = Duration::minutes(3);
/// The oldest snapshots beyond this many per draft are dropped.
const KEEP_PER_DRAFT: i64 = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Revision {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub body: String,
    pub instagram_text: Option<String>,
    pub facebook_text: Option<String>,
    pub hashtags: String,
    pub saved_at: String,
}

fn insert_snapshot(conn: &Connection, draft: &Draft) -> Result<()> {
    conn.execute(
        "INSERT INTO draft_revisions (draft_id, title, body, instagram_text, facebook_text, hashtags, saved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            draft.id, draft.title, draft.body, draft.instagram_text, draft.facebook_text,
            draft.hashtags, draft.updated_at
        ],
    )?;
    conn.execute(
        "DELETE FROM draft_revisions WHERE draft_id = ?1 AND id NOT IN
           (SELECT id FROM draft_revisions WHERE draft_id = ?1 ORDER BY id DESC LIMIT ?2)",
        params![draft.id, KEEP_PER_DRAFT],
    )?;
    Ok(())
}

/// Keeps the text about to be overwritten when the last snapshot is old enough.
pub(super) fn snapshot_if_due(
    conn: &Connection,
    current: &Draft,
    now: OffsetDateTime,
) -> Result<()> {
    if current.title.is_empty() && current.body.is_empty() {
        return Ok(());
    }
    let last: Option<String> = conn
        .query_row(
            "SELECT saved_at FROM draft_revisions WHERE draft_id = ?1 ORDER BY id DESC LIMIT 1",
            [current.id],
            |r| r.get(0),
        )
        .optional()?;
    let due = match last.as_deref().and_then(from_stored) {
        Some(at) => now - at >= SNAPSHOT_EVERY,
        None => true,
    };
    if due {
        insert_snapshot(conn, current)?;
    }
    Ok(())
}

/// Newest first.
pub fn revisions(conn: &Connection, draft_id: i64) -> Result<Vec<Revision>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, body, instagram_text, facebook_text, hashtags, saved_at
         FROM draft_revisions WHERE draft_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([draft_id], |r| {
        Ok(Revision {
            id: r.get(0)?,
            title: r.get(1)?,
            body: r.get(2)?,
            instagram_text: r.get(3)?,
            facebook_text: r.get(4)?,
            hashtags: r.get(5)?,
            saved_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Puts a snapshot's text back, keeping the current text as a snapshot of its own so the
/// restore can itself be undone.
pub fn restore_revision(
    conn: &mut Connection,
    clock: &dyn Clock,
    draft_id: i64,
    revision_id: i64,
) -> Result<Draft> {
    let tx = savepoint(conn)?;
    let current = get(&tx, draft_id)?;
    if !current.status.is_editable() {
        return Err(Error::invalid(
            "status",
            "Draf yang sudah disetujui tidak dapat dipulihkan. Kembalikan ke draf terlebih dahulu.",
        ));
    }
    let revision = revisions(&tx, draft_id)?
        .into_iter()
        .find(|r| r.id == revision_id)
        .ok_or(Error::NotFound { what: "Riwayat" })?;
    insert_snapshot(&tx, &current)?;
    tx.execute(
        "UPDATE drafts SET title = ?1, body = ?2, instagram_text = ?3, facebook_text = ?4,
            hashtags = ?5, updated_at = ?6 WHERE id = ?7",
        params![
            revision.title,
            revision.body,
            revision.instagram_text,
            revision.facebook_text,
            revision.hashtags,
            to_stored(clock.now()),
            draft_id
        ],
    )?;
    let restored = get(&tx, draft_id)?;
    tx.finish()?;
    Ok(restored)
}
