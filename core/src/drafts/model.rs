//! A draft as stored and as typed: its fields, each field's rules, and how a row is read.

use super::status::Status;
use crate::error::{Error, Result};
use crate::text::{check_length, clean_line};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest title we keep; a title is a label in lists, not the post itself.
pub const MAX_TITLE_CHARS: usize = 200;
/// A hard ceiling on what the store accepts, well above Facebook's 63,206-character post,
/// so that an accidental huge paste is refused with a message instead of bloating the file.
pub const MAX_BODY_CHARS: usize = 100_000;
const MAX_SHORT_CHARS: usize = 500;
const MAX_NOTES_CHARS: usize = 5_000;
/// How much of the body a list row shows.
pub(crate) const EXCERPT_CHARS: usize = 140;

/// A draft as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Draft {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    /// The shared narrative used on every platform without an override.
    pub body: String,
    pub for_instagram: bool,
    pub for_facebook: bool,
    /// Instagram's own text; `None` means "same as the narrative".
    pub instagram_text: Option<String>,
    pub facebook_text: Option<String>,
    /// Appended to each platform's text, e.g. "#CianjurManjur #DinkesCianjur".
    pub hashtags: String,
    #[ts(type = "number | null")]
    pub programme_id: Option<i64>,
    /// Where the information comes from (Permenpan RB 83/2012 asks for it).
    pub source: String,
    pub notes: String,
    pub status: Status,
    pub published_url: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// The Diskominfo brief (arahan konten) this draft answers, if any.
    #[ts(type = "number | null")]
    pub brief_id: Option<i64>,
}

impl Draft {
    fn caption(&self, text: Option<&str>) -> String {
        let text = text.unwrap_or(&self.body).trim_end();
        let tags = self.hashtags.trim();
        match (text.is_empty(), tags.is_empty()) {
            (_, true) => text.to_string(),
            (true, false) => tags.to_string(),
            (false, false) => format!("{text}\n\n{tags}"),
        }
    }

    /// The exact caption that goes to Instagram.
    pub fn instagram_caption(&self) -> String {
        self.caption(self.instagram_text.as_deref())
    }

    /// The exact text that goes to Facebook.
    pub fn facebook_caption(&self) -> String {
        self.caption(self.facebook_text.as_deref())
    }
}

/// One row of the Konten list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub status: Status,
    pub for_instagram: bool,
    pub for_facebook: bool,
    #[ts(type = "number | null")]
    pub programme_id: Option<i64>,
    pub updated_at: String,
}

/// What the editor sends on create and on every autosave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftInput {
    pub title: String,
    pub body: String,
    pub for_instagram: bool,
    pub for_facebook: bool,
    pub instagram_text: Option<String>,
    pub facebook_text: Option<String>,
    pub hashtags: String,
    #[ts(type = "number | null")]
    pub programme_id: Option<i64>,
    pub source: String,
    pub notes: String,
}

impl Default for DraftInput {
    fn default() -> Self {
        DraftInput {
            title: String::new(),
            body: String::new(),
            for_instagram: true,
            for_facebook: true,
            instagram_text: None,
            facebook_text: None,
            hashtags: String::new(),
            programme_id: None,
            source: String::new(),
            notes: String::new(),
        }
    }
}

fn check_long_text(field: &'static str, label: &str, text: &str, max: usize) -> Result<()> {
    if text.contains('\0') {
        return Err(Error::invalid(
            field,
            format!("{label} mengandung karakter yang tidak dapat disimpan. Salin ulang teksnya dari sumber lain."),
        ));
    }
    check_length(field, label, text, max)
}

/// Normalises hashtags typed in any way ("cianjurmanjur, #DinkesCianjur") to "#A #B".
pub fn normalise_hashtags(input: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    for raw in input.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        let tag = raw.trim_start_matches('#');
        if tag.is_empty() {
            continue;
        }
        let tag: String = tag
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if tag.is_empty() || seen.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            continue;
        }
        seen.push(tag);
    }
    seen.iter()
        .map(|t| format!("#{t}"))
        .collect::<Vec<_>>()
        .join(" ")
}

impl DraftInput {
    /// The input cleaned (trimmed lines, normalised hashtags) and checked against each
    /// field's limit.
    pub(super) fn validate(&self) -> Result<DraftInput> {
        let title = clean_line(&self.title);
        check_length("title", "Judul", &title, MAX_TITLE_CHARS)?;
        check_long_text("body", "Narasi", &self.body, MAX_BODY_CHARS)?;
        let override_text = |field: &'static str, label: &str, text: &Option<String>| match text {
            Some(t) if !t.trim().is_empty() => {
                check_long_text(field, label, t, MAX_BODY_CHARS).map(|_| Some(t.clone()))
            }
            _ => Ok(None),
        };
        let instagram_text =
            override_text("instagram_text", "Teks Instagram", &self.instagram_text)?;
        let facebook_text = override_text("facebook_text", "Teks Facebook", &self.facebook_text)?;
        let hashtags = normalise_hashtags(&self.hashtags);
        check_length("hashtags", "Tagar", &hashtags, 2_000)?;
        let source = clean_line(&self.source);
        check_length("source", "Sumber", &source, MAX_SHORT_CHARS)?;
        check_long_text("notes", "Catatan", &self.notes, MAX_NOTES_CHARS)?;
        Ok(DraftInput {
            title,
            body: self.body.clone(),
            for_instagram: self.for_instagram,
            for_facebook: self.for_facebook,
            instagram_text,
            facebook_text,
            hashtags,
            programme_id: self.programme_id,
            source,
            notes: self.notes.clone(),
        })
    }
}

pub(crate) const DRAFT_COLUMNS: &str = "id, title, body, for_instagram, for_facebook, instagram_text, facebook_text, hashtags, programme_id, source, notes, status, published_url, created_at, updated_at, brief_id";

pub(crate) fn status_from_sql(text: String) -> rusqlite::Result<Status> {
    Status::parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            11,
            rusqlite::types::Type::Text,
            format!("unknown status {text}").into(),
        )
    })
}

fn draft_from_row(row: &Row<'_>) -> rusqlite::Result<Draft> {
    Ok(Draft {
        id: row.get(0)?,
        title: row.get(1)?,
        body: row.get(2)?,
        for_instagram: row.get(3)?,
        for_facebook: row.get(4)?,
        instagram_text: row.get(5)?,
        facebook_text: row.get(6)?,
        hashtags: row.get(7)?,
        programme_id: row.get(8)?,
        source: row.get(9)?,
        notes: row.get(10)?,
        status: status_from_sql(row.get(11)?)?,
        published_url: row.get(12)?,
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
        brief_id: row.get(15)?,
    })
}

/// How many drafts the store holds, in every status (Beranda's first-run check).
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM drafts", [], |row| row.get(0))?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Draft> {
    conn.query_row(
        &format!("SELECT {DRAFT_COLUMNS} FROM drafts WHERE id = ?1"),
        [id],
        draft_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Draf" })
}

/// The drafts with these ids, in the given order (for export).
pub fn get_many(conn: &Connection, ids: &[i64]) -> Result<Vec<Draft>> {
    ids.iter().map(|id| get(conn, *id)).collect()
}
