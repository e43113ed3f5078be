//! Draf: a narrative the admin writes (often offline at a field event), checks against the
//! rules, gets approved, and hands to Instagram and Facebook.

pub mod checklist;
pub mod checks;
mod history;
mod model;
mod search;
pub mod status;
mod workflow;

pub use history::{restore_revision, revisions, Revision};
pub(crate) use model::status_from_sql;
pub use model::{
    count, get, get_many, normalise_hashtags, Draft, DraftInput, DraftSummary, MAX_BODY_CHARS,
    MAX_TITLE_CHARS,
};
pub use search::{list, DraftFilter, Platform};
pub use status::Status;
pub(crate) use workflow::{actor_name, record_step};
pub use workflow::{
    checklist_state, findings, set_checked, transition, transitions, validate_post_url,
    ChecklistState, Transition,
};

use crate::clock::{to_stored, Clock};
use crate::error::{Error, Result};
use rusqlite::{params, Connection};

fn check_programme(conn: &Connection, programme_id: Option<i64>) -> Result<()> {
    if let Some(id) = programme_id {
        let exists: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM programmes WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::invalid(
                "programme_id",
                "Program tidak dikenal. Pilih dari daftar.",
            ));
        }
    }
    Ok(())
}

pub fn create(conn: &Connection, clock: &dyn Clock, input: &DraftInput) -> Result<Draft> {
    let v = input.validate()?;
    check_programme(conn, v.programme_id)?;
    let now = to_stored(clock.now());
    conn.execute(
        "INSERT INTO drafts (title, body, for_instagram, for_facebook, instagram_text, facebook_text,
                             hashtags, programme_id, source, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            v.title, v.body, v.for_instagram, v.for_facebook, v.instagram_text, v.facebook_text,
            v.hashtags, v.programme_id, v.source, v.notes, now
        ],
    )?;
    get(conn, conn.last_insert_rowid())
}

/// Saves the editor's current text over the draft; called by autosave. Keeps an edit
/// history snapshot of the previous text every few minutes of writing.
pub fn update(conn: &Connection, clock: &dyn Clock, id: i64, input: &DraftInput) -> Result<Draft> {
    let v = input.validate()?;
    let current = get(conn, id)?;
    if !current.status.is_editable() {
        return Err(Error::invalid(
            "status",
            format!(
                "Draf berstatus \"{}\" tidak dapat diubah. Kembalikan ke draf terlebih dahulu.",
                current.status.label()
            ),
        ));
    }
    check_programme(conn, v.programme_id)?;
    let now = clock.now();
    history::snapshot_if_due(conn, &current, now)?;
    conn.execute(
        "UPDATE drafts SET title = ?1, body = ?2, for_instagram = ?3, for_facebook = ?4,
            instagram_text = ?5, facebook_text = ?6, hashtags = ?7, programme_id = ?8,
            source = ?9, notes = ?10, updated_at = ?11
         WHERE id = ?12",
        params![
            v.title,
            v.body,
            v.for_instagram,
            v.for_facebook,
            v.instagram_text,
            v.facebook_text,
            v.hashtags,
            v.programme_id,
            v.source,
            v.notes,
            to_stored(now),
            id
        ],
    )?;
    get(conn, id)
}

#[cfg(test)]
mod tests;
