//! Balasan: the log of every answer given to the citizen (a public reply under the post, a
//! private message, or offline by phone or in person), the reply templates, and the
//! response times computed from the log for the daily summary.

use super::actor::clean_actor;
use super::deadlines::stored::refresh_one;
use crate::calendar::wib;
use crate::clock::{from_stored, to_stored, Clock};
use crate::error::{Error, Result};
use crate::store::savepoint;
use crate::templates;
use crate::text::{check_length, clean_line};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Longer than any comment reply Instagram or Facebook accepts (2,200 / 8,000 characters).
pub const MAX_REPLY_CHARS: usize = 8_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReplyKind {
    /// A public reply under the post or comment.
    Publik,
    /// A private message (DM, Messenger, WhatsApp).
    Pribadi,
    /// By phone or in person, written down afterwards.
    Luring,
}

impl ReplyKind {
    pub const ALL: [ReplyKind; 3] = [ReplyKind::Publik, ReplyKind::Pribadi, ReplyKind::Luring];

    pub fn as_str(self) -> &'static str {
        match self {
            ReplyKind::Publik => "publik",
            ReplyKind::Pribadi => "pribadi",
            ReplyKind::Luring => "luring",
        }
    }

    pub fn parse(text: &str) -> Option<ReplyKind> {
        ReplyKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReplyKind::Publik => "Balasan publik",
            ReplyKind::Pribadi => "Pesan pribadi",
            ReplyKind::Luring => "Luring",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Reply {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub complaint_id: i64,
    pub kind: ReplyKind,
    pub body: String,
    pub actor: String,
    pub at: String,
}

/// Logs an answer given to the citizen. The first one meets the first-answer deadline.
pub fn add_reply(
    conn: &Connection,
    clock: &dyn Clock,
    complaint_id: i64,
    kind: ReplyKind,
    body: &str,
    actor: &str,
) -> Result<Reply> {
    let actor = clean_actor(actor)?;
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::invalid("reply_body", "Isi balasan wajib diisi."));
    }
    check_length("reply_body", "Isi balasan", body, MAX_REPLY_CHARS)?;
    let erased: bool = conn
        .query_row(
            "SELECT personal_erased FROM complaints WHERE id = ?1",
            [complaint_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Aduan" })?;
    if erased {
        return Err(Error::invalid(
            "reply_body",
            "Data aduan ini sudah dihapus sesuai masa retensi; balasan tidak dapat dicatat.",
        ));
    }
    let now = to_stored(clock.now());
    let tx = savepoint(conn)?;
    tx.execute(
        "INSERT INTO complaint_replies (complaint_id, kind, body, actor, at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![complaint_id, kind.as_str(), body, actor, now],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE complaints SET first_response_at = coalesce(first_response_at, ?2), updated_at = ?2
         WHERE id = ?1",
        params![complaint_id, now],
    )?;
    refresh_one(&tx, complaint_id)?;
    tx.finish()?;
    Ok(Reply {
        id,
        complaint_id,
        kind,
        body: body.to_string(),
        actor,
        at: now,
    })
}

/// The replies of one complaint, oldest first.
pub fn replies(conn: &Connection, complaint_id: i64) -> Result<Vec<Reply>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, complaint_id, kind, body, actor, at FROM complaint_replies
         WHERE complaint_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([complaint_id], |r| {
        let kind: String = r.get(2)?;
        Ok(Reply {
            id: r.get(0)?,
            complaint_id: r.get(1)?,
            kind: ReplyKind::parse(&kind).unwrap_or(ReplyKind::Luring),
            body: r.get(3)?,
            actor: r.get(4)?,
            at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReplyTemplate {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub body: String,
    pub builtin: bool,
    pub placeholders: Vec<String>,
}

pub fn reply_templates(conn: &Connection) -> Result<Vec<ReplyTemplate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, body, builtin FROM complaint_reply_templates ORDER BY builtin DESC, id",
    )?;
    let rows = stmt.query_map([], |r| {
        let body: String = r.get(2)?;
        Ok(ReplyTemplate {
            id: r.get(0)?,
            name: r.get(1)?,
            placeholders: templates::placeholders(&body),
            body,
            builtin: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn reply_template(conn: &Connection, id: i64) -> Result<ReplyTemplate> {
    reply_templates(conn)?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(Error::NotFound {
            what: "Templat balasan",
        })
}

/// Saves a reply the agency gives often as a template.
pub fn create_reply_template(conn: &Connection, name: &str, body: &str) -> Result<ReplyTemplate> {
    let name = clean_line(name);
    if name.is_empty() {
        return Err(Error::invalid("template_name", "Nama templat wajib diisi."));
    }
    check_length("template_name", "Nama templat", &name, 80)?;
    if body.trim().is_empty() {
        return Err(Error::invalid("template_body", "Isi templat wajib diisi."));
    }
    check_length("template_body", "Isi templat", body, MAX_REPLY_CHARS)?;
    let taken: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM complaint_reply_templates WHERE name = ?1 COLLATE NOCASE)",
        [&name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::invalid(
            "template_name",
            format!("Templat \"{name}\" sudah ada. Pilih nama lain."),
        ));
    }
    conn.execute(
        "INSERT INTO complaint_reply_templates (name, body, builtin) VALUES (?1, ?2, 0)",
        params![name, body.trim()],
    )?;
    reply_template(conn, conn.last_insert_rowid())
}

/// Removes a template the admin made; the default ones stay.
pub fn delete_reply_template(conn: &Connection, id: i64) -> Result<()> {
    if reply_template(conn, id)?.builtin {
        return Err(Error::invalid(
            "template",
            "Templat bawaan tidak dapat dihapus.",
        ));
    }
    conn.execute("DELETE FROM complaint_reply_templates WHERE id = ?1", [id])?;
    Ok(())
}

/// A template filled for one complaint, ready for "salin balasan": {nama} (or "Bapak/Ibu"
/// for an anonymous citizen), {nomor}, {kategori} and {instansi} from the agency profile.
pub fn fill_reply(conn: &Connection, template_id: i64, complaint_id: i64) -> Result<String> {
    let template = reply_template(conn, template_id)?;
    let (name, category): (String, String) = conn
        .query_row(
            "SELECT c.citizen_name, k.name FROM complaints c
             JOIN complaint_categories k ON k.id = c.category_id WHERE c.id = ?1",
            [complaint_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(Error::NotFound { what: "Aduan" })?;
    let mut values = BTreeMap::new();
    values.insert(
        "nama".to_string(),
        if name.trim().is_empty() {
            "Bapak/Ibu".to_string()
        } else {
            name
        },
    );
    values.insert(
        "nomor".to_string(),
        super::model::complaint_number(complaint_id),
    );
    values.insert("kategori".to_string(), category.to_lowercase());
    if let Some(profile) = crate::profile::get(conn)? {
        values.insert("instansi".to_string(), profile.name);
    }
    Ok(templates::fill(&template.body, &values))
}

/// Response times of the complaints received in a period, from the reply log and the
/// recorded steps (not from fields an admin could edit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ResponseStats {
    pub received: u32,
    pub answered: u32,
    #[ts(type = "number | null")]
    pub median_first_response_minutes: Option<i64>,
    pub resolved: u32,
    #[ts(type = "number | null")]
    pub median_resolution_minutes: Option<i64>,
    /// "2 jam 15 menit", "3 hari 4 jam", or "-" when there is nothing to measure.
    pub median_first_response_text: String,
    pub median_resolution_text: String,
}

fn median(mut values: Vec<i64>) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2
    } else {
        values[mid]
    })
}

/// "45 menit", "2 jam 15 menit", "3 hari 4 jam".
pub fn duration_text(minutes: Option<i64>) -> String {
    let Some(m) = minutes else { return "-".into() };
    let (days, hours, mins) = (m / (24 * 60), (m / 60) % 24, m % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} menit"),
        (0, h) if mins == 0 => format!("{h} jam"),
        (0, h) => format!("{h} jam {mins} menit"),
        (d, 0) => format!("{d} hari"),
        (d, h) => format!("{d} hari {h} jam"),
    }
}

/// Median first-response and resolution times of complaints received between two WIB days
/// (inclusive).
pub fn response_stats(conn: &Connection, from_day: &str, to_day: &str) -> Result<ResponseStats> {
    let from = to_stored(wib::day_start(wib::parse_day("from", from_day)?));
    let to = to_stored(wib::day_end(wib::parse_day("to", to_day)?)?);
    let mut stmt = conn.prepare_cached(
        "SELECT c.received_at,
                (SELECT min(r.at) FROM complaint_replies r WHERE r.complaint_id = c.id),
                (SELECT min(e.at) FROM complaint_events e
                 WHERE e.complaint_id = c.id AND e.to_status = 'selesai')
         FROM complaints c WHERE c.received_at >= ?1 AND c.received_at < ?2",
    )?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut received = 0;
    let mut first = Vec::new();
    let mut resolution = Vec::new();
    for row in rows {
        let (at, replied, resolved) = row?;
        received += 1;
        let Some(at) = from_stored(&at) else { continue };
        let minutes = |end: Option<String>| {
            end.as_deref()
                .and_then(from_stored)
                .map(|end| (end - at).whole_minutes().max(0))
        };
        first.extend(minutes(replied));
        resolution.extend(minutes(resolved));
    }
    let (answered, resolved) = (first.len() as u32, resolution.len() as u32);
    let (m_first, m_res) = (median(first), median(resolution));
    Ok(ResponseStats {
        received,
        answered,
        median_first_response_minutes: m_first,
        resolved,
        median_resolution_minutes: m_res,
        median_first_response_text: duration_text(m_first),
        median_resolution_text: duration_text(m_res),
    })
}
