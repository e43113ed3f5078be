//! Moving a draft through its workflow, with the pre-publish checklist and a record of
//! every step: who (a typed name, one user per install) and when.

use super::checklist::{self, ChecklistItem};
use super::checks::{self, CheckContext};
use super::{get, Draft, Status};
use crate::clock::{to_stored, Clock};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::settings;
use crate::store::savepoint;
use crate::text::{check_length, clean_line};
use medsos_rules::links::{post_link, PostLink};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Transition {
    pub from: Status,
    pub to: Status,
    pub actor: String,
    pub note: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChecklistState {
    pub item: ChecklistItem,
    pub checked_by: Option<String>,
    pub checked_at: Option<String>,
}

pub(crate) fn actor_name(actor: &str) -> Result<String> {
    let actor = clean_line(actor);
    if actor.is_empty() {
        return Err(Error::invalid(
            "actor",
            "Tulis nama Anda untuk mencatat langkah ini.",
        ));
    }
    check_length("actor", "Nama", &actor, 120)?;
    Ok(actor)
}

/// Everything the rule checks say about the draft now.
pub fn findings(conn: &Connection, draft: &Draft) -> Result<Vec<Finding>> {
    let content = settings::content(conn)?;
    let programme_hashtag: Option<String> = match draft.programme_id {
        Some(id) => conn
            .query_row("SELECT hashtag FROM programmes WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?,
        None => None,
    };
    let media_count: i64 = conn.query_row(
        "SELECT COUNT(*) FROM draft_media WHERE draft_id = ?1",
        [draft.id],
        |r| r.get(0),
    )?;
    let mut found = checks::check(
        draft,
        &CheckContext {
            hashtag_limit: content.hashtag_limit as usize,
            agency_hashtag: &content.agency_hashtag,
            programme_hashtag: programme_hashtag.as_deref(),
            media_count: media_count as usize,
        },
    );
    if draft.for_instagram {
        for item in crate::media::list_for_draft(conn, draft.id)? {
            found.extend(crate::media::instagram_findings(&item));
        }
    }
    Ok(found)
}

pub fn checklist_state(conn: &Connection, draft_id: i64) -> Result<Vec<ChecklistState>> {
    let mut stmt = conn.prepare_cached(
        "SELECT checked_by, checked_at FROM draft_checklist WHERE draft_id = ?1 AND item = ?2",
    )?;
    checklist::items()
        .into_iter()
        .map(|item| {
            let row: Option<(String, String)> = stmt
                .query_row(params![draft_id, item.key], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            Ok(ChecklistState {
                checked_by: row.as_ref().map(|r| r.0.clone()),
                checked_at: row.map(|r| r.1),
                item,
            })
        })
        .collect()
}

/// Ticks or unticks one checklist item.
pub fn set_checked(
    conn: &Connection,
    clock: &dyn Clock,
    draft_id: i64,
    item: &str,
    checked: bool,
    actor: &str,
) -> Result<Vec<ChecklistState>> {
    if !checklist::is_known(item) {
        return Err(Error::invalid(
            "checklist",
            "Butir daftar periksa tidak dikenal.",
        ));
    }
    let draft = get(conn, draft_id)?;
    if !draft.status.is_editable() {
        return Err(Error::invalid(
            "checklist",
            "Daftar periksa hanya dapat diubah sebelum draf disetujui.",
        ));
    }
    if checked {
        let actor = actor_name(actor)?;
        conn.execute(
            "INSERT INTO draft_checklist (draft_id, item, checked_by, checked_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (draft_id, item) DO UPDATE SET checked_by = excluded.checked_by, checked_at = excluded.checked_at",
            params![draft_id, item, actor, to_stored(clock.now())],
        )?;
    } else {
        conn.execute(
            "DELETE FROM draft_checklist WHERE draft_id = ?1 AND item = ?2",
            params![draft_id, item],
        )?;
    }
    checklist_state(conn, draft_id)
}

/// Checks a pasted post URL with the one rule the hub also applies
/// ([`medsos_rules::links::post_link`]): `https://` on an Instagram or Facebook host, with a
/// path. Gives the platform and the form to keep.
pub fn validate_post_url(input: &str) -> Result<PostLink> {
    post_link(input).map_err(|problem| Error::invalid("published_url", problem.message()))
}

/// Moves the draft to `to` when that step exists and its conditions hold. Publishing is
/// not a step taken here: it needs a slot and a post URL, and goes through
/// `calendar::publish` so the calendar, the summary and the brief fulfilment agree.
pub fn transition(
    conn: &mut Connection,
    clock: &dyn Clock,
    draft_id: i64,
    to: Status,
    actor: &str,
    note: &str,
) -> Result<Draft> {
    let actor = actor_name(actor)?;
    let note = clean_line(note);
    check_length("note", "Catatan", &note, 500)?;
    let tx = savepoint(conn)?;
    let draft = get(&tx, draft_id)?;
    check_step(&draft, to)?;
    if to == Status::Terbit {
        return Err(Error::invalid(
            "status",
            "Tandai terbit dengan tautan postingan lewat tombol \"Tandai terbit\", agar jadwal dan laporan harian ikut tercatat.",
        ));
    }
    if to == Status::Disetujui {
        let unchecked = checklist_state(&tx, draft_id)?
            .into_iter()
            .filter(|s| s.checked_by.is_none())
            .count();
        if unchecked > 0 {
            return Err(Error::invalid(
                "checklist",
                format!("Masih ada {unchecked} butir daftar periksa yang belum dicentang."),
            ));
        }
        let problems = findings(&tx, &draft)?;
        if checks::has_errors(&problems) {
            return Err(Error::invalid(
                "status",
                "Draf masih memiliki kesalahan (tanda merah). Perbaiki dulu sebelum disetujui.",
            ));
        }
    }
    record_step(
        &tx,
        clock,
        &draft,
        to,
        &actor,
        &note,
        draft.published_url.as_deref(),
    )?;
    let moved = get(&tx, draft_id)?;
    tx.finish()?;
    Ok(moved)
}

/// Refuses a step the workflow does not have from the draft's status.
pub(crate) fn check_step(draft: &Draft, to: Status) -> Result<()> {
    if draft.status.next().contains(&to) {
        return Ok(());
    }
    Err(Error::invalid(
        "status",
        format!(
            "Draf berstatus \"{}\" tidak dapat langsung menjadi \"{}\".",
            draft.status.label(),
            to.label()
        ),
    ))
}

/// Writes one checked step (status, post URL, and who and when) inside the caller's
/// transaction; `actor` is already cleaned by [`actor_name`].
pub(crate) fn record_step(
    conn: &Connection,
    clock: &dyn Clock,
    draft: &Draft,
    to: Status,
    actor: &str,
    note: &str,
    published_url: Option<&str>,
) -> Result<()> {
    let now = to_stored(clock.now());
    conn.execute(
        "UPDATE drafts SET status = ?1, published_url = ?2, updated_at = ?3 WHERE id = ?4",
        params![to.as_str(), published_url, now, draft.id],
    )?;
    conn.execute(
        "INSERT INTO draft_transitions (draft_id, from_status, to_status, actor, note, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            draft.id,
            draft.status.as_str(),
            to.as_str(),
            actor,
            note,
            now
        ],
    )?;
    Ok(())
}

/// The draft's steps, oldest first.
pub fn transitions(conn: &Connection, draft_id: i64) -> Result<Vec<Transition>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_status, to_status, actor, note, at FROM draft_transitions
         WHERE draft_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([draft_id], |r| {
        Ok(Transition {
            from: super::status_from_sql(r.get(0)?)?,
            to: super::status_from_sql(r.get(1)?)?,
            actor: r.get(2)?,
            note: r.get(3)?,
            at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
