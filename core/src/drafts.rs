//! Draf: a narrative the admin writes (often offline at a field event) before posting it.

use crate::clock::{to_stored, Clock};
use crate::error::{Error, Result};
use crate::text::{check_length, clean_line};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest title we keep; a title is a label in lists, not the post itself.
pub const MAX_TITLE_CHARS: usize = 200;
/// A hard ceiling on what the store accepts, well above Facebook's 63,206-character post,
/// so that an accidental huge paste is refused with a message instead of bloating the file.
pub const MAX_BODY_CHARS: usize = 100_000;
/// How much of the body a list row shows.
const EXCERPT_CHARS: usize = 140;

/// A draft as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Draft {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
}

/// One row of the Konten list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub updated_at: String,
}

/// What the editor sends on create and on every autosave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftInput {
    pub title: String,
    pub body: String,
}

impl DraftInput {
    fn validate(&self) -> Result<DraftInput> {
        let title = clean_line(&self.title);
        check_length("title", "Judul", &title, MAX_TITLE_CHARS)?;
        if self.body.contains('\0') {
            return Err(Error::invalid(
                "body",
                "Isi draf mengandung karakter yang tidak dapat disimpan. Salin ulang teksnya dari sumber lain.",
            ));
        }
        check_length("body", "Isi draf", &self.body, MAX_BODY_CHARS)?;
        Ok(DraftInput {
            title,
            body: self.body.clone(),
        })
    }
}

fn draft_from_row(row: &Row<'_>) -> rusqlite::Result<Draft> {
    Ok(Draft {
        id: row.get(0)?,
        title: row.get(1)?,
        body: row.get(2)?,
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
    })
}

pub fn create(conn: &Connection, clock: &dyn Clock, input: &DraftInput) -> Result<Draft> {
    let valid = input.validate()?;
    let now = to_stored(clock.now());
    conn.execute(
        "INSERT INTO drafts (title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![valid.title, valid.body, now],
    )?;
    get(conn, conn.last_insert_rowid())
}

/// Saves the editor's current text over the draft; called by autosave.
pub fn update(conn: &Connection, clock: &dyn Clock, id: i64, input: &DraftInput) -> Result<Draft> {
    let valid = input.validate()?;
    let now = to_stored(clock.now());
    let changed = conn.execute(
        "UPDATE drafts SET title = ?1, body = ?2, updated_at = ?3 WHERE id = ?4",
        params![valid.title, valid.body, now, id],
    )?;
    if changed == 0 {
        return Err(Error::NotFound { what: "Draf" });
    }
    get(conn, id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Draft> {
    conn.query_row(
        "SELECT id, title, body, created_at, updated_at FROM drafts WHERE id = ?1",
        [id],
        draft_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Draf" })
}

/// The most recently edited drafts first, a page at a time.
pub fn list(conn: &Connection, limit: u32, offset: u32) -> Result<Vec<DraftSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, substr(body, 1, ?3), updated_at FROM drafts
         ORDER BY updated_at DESC, id DESC LIMIT ?1 OFFSET ?2",
    )?;
    let rows = stmt.query_map(params![limit, offset, EXCERPT_CHARS as i64], |row| {
        let excerpt: String = row.get(2)?;
        Ok(DraftSummary {
            id: row.get(0)?,
            title: row.get(1)?,
            excerpt: clean_line(&excerpt),
            updated_at: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FixedClock, Store};
    use time::macros::datetime;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("s.sqlite3")).unwrap();
        (dir, store)
    }

    fn input(title: &str, body: &str) -> DraftInput {
        DraftInput {
            title: title.into(),
            body: body.into(),
        }
    }

    #[test]
    fn drafts_list_most_recently_edited_first() {
        let (_dir, store) = store();
        let clock = FixedClock::new(datetime!(2026-11-26 01:00 UTC));
        let older = create(store.conn(), &clock, &input("Posyandu", "Kegiatan")).unwrap();
        clock.advance(time::Duration::minutes(1));
        create(store.conn(), &clock, &input("Bazar UMKM", "Isi")).unwrap();
        clock.advance(time::Duration::minutes(1));
        update(
            store.conn(),
            &clock,
            older.id,
            &input("Posyandu Cugenang", "Kegiatan\nbaru"),
        )
        .unwrap();

        let titles: Vec<_> = list(store.conn(), 50, 0)
            .unwrap()
            .into_iter()
            .map(|d| (d.title, d.excerpt))
            .collect();
        assert_eq!(
            titles,
            vec![
                ("Posyandu Cugenang".to_string(), "Kegiatan baru".to_string()),
                ("Bazar UMKM".to_string(), "Isi".to_string())
            ]
        );
    }

    #[test]
    fn emoji_and_mixed_scripts_survive_a_round_trip() {
        let (_dir, store) = store();
        let clock = FixedClock::new(datetime!(2026-11-26 01:00 UTC));
        let body = "Wilujeng sumping 🙏 di Cianjur — مرحبا — 你好 #CianjurManjur";
        let draft = create(store.conn(), &clock, &input("Sapa warga 🎉", body)).unwrap();
        assert_eq!(get(store.conn(), draft.id).unwrap().body, body);
    }

    #[test]
    fn oversized_body_is_refused_and_saved_text_is_kept() {
        let (_dir, store) = store();
        let clock = FixedClock::new(datetime!(2026-11-26 01:00 UTC));
        let draft = create(store.conn(), &clock, &input("Rilis", "Teks aman")).unwrap();
        let huge = "a".repeat(MAX_BODY_CHARS + 1);
        let err = update(store.conn(), &clock, draft.id, &input("Rilis", &huge)).unwrap_err();
        assert_eq!(err.code(), "invalid.body");
        assert!(err.to_string().contains("terlalu panjang"));
        assert_eq!(get(store.conn(), draft.id).unwrap().body, "Teks aman");
    }

    #[test]
    fn updating_a_missing_draft_says_not_found() {
        let (_dir, store) = store();
        let clock = FixedClock::new(datetime!(2026-11-26 01:00 UTC));
        let err = update(store.conn(), &clock, 42, &input("x", "y")).unwrap_err();
        assert_eq!(err.code(), "not_found");
    }
}
