//! Data pribadi (UU PDP 27/2022): citizens' identifiers are masked wherever a list shows
//! them, every view or export of the full record is logged with who and when, and a
//! retention period erases personal fields of long-closed complaints while the anonymous
//! record (channel, kind, category, kecamatan, dates, status) stays for the statistics.

use super::deadlines::savepoint;
use super::status::clean_actor;
use crate::clock::{to_stored, Clock};
use crate::error::{Error, Result};
use crate::settings::{get_value, set_value};
use crate::text::{check_length, clean_line};
use regex::Regex;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use ts_rs::TS;

/// What an erased text field reads afterwards, so nobody mistakes it for an empty complaint.
pub const ERASED_TEXT: &str = "[dihapus sesuai retensi]";
/// Years after closing before personal data is erased, unless the agency sets otherwise.
pub const DEFAULT_RETENTION_YEARS: u32 = 2;
const RETENTION_KEY: &str = "aduan.retensi_tahun";
const MAX_DETAIL_CHARS: usize = 1_000;

/// 16-digit NIK (KTP number).
static NIK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{16}\b").expect("valid NIK pattern"));
/// Indonesian mobile numbers as people type them: 0812..., 62812..., +62 812-3456-7890.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+62|\b62|\b0)[\s.-]?8\d(?:[\s.-]?\d){6,11}\b").expect("valid phone pattern")
});
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+").expect("valid e-mail pattern"));

/// "Siti Aminah" -> "S*** A***"; "@budi.cianjur" -> "@b***"; "" -> "Anonim". A fixed
/// number of stars, so the length of the name is not given away either.
pub fn mask_name(name: &str) -> String {
    let name = clean_line(name);
    if name.is_empty() {
        return "Anonim".into();
    }
    name.split(' ')
        .map(|word| {
            let (at, rest) = match word.strip_prefix('@') {
                Some(rest) => ("@", rest),
                None => ("", word),
            };
            match rest.chars().next() {
                Some(first) => format!("{at}{first}***"),
                None => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "081234567890" -> "0812******90"; "siti@gmail.com" -> "s***@gmail.com". Enough stays
/// for the admin to tell two citizens apart, not enough to call or write them.
pub fn mask_contact(contact: &str) -> String {
    let contact = contact.trim();
    if contact.is_empty() {
        return String::new();
    }
    if let Some((local, domain)) = contact.split_once('@') {
        let first = local.chars().next().map(String::from).unwrap_or_default();
        return format!("{first}***@{domain}");
    }
    let digits = contact.chars().filter(|c| c.is_ascii_digit()).count();
    if digits >= 6 {
        let mut seen = 0;
        return contact
            .chars()
            .map(|c| {
                if !c.is_ascii_digit() {
                    return c;
                }
                seen += 1;
                if seen <= 4 || seen > digits - 2 {
                    c
                } else {
                    '*'
                }
            })
            .collect();
    }
    let first = contact.chars().next().map(String::from).unwrap_or_default();
    format!("{first}***")
}

/// Masks NIK, phone numbers and e-mail addresses inside free text (list excerpts, exports
/// without personal data). A NIK keeps its first six digits: the region code, not the person.
pub fn mask_text(text: &str) -> String {
    let text = NIK.replace_all(text, |c: &regex::Captures<'_>| {
        format!("{}**********", &c[0][..6])
    });
    let text = PHONE.replace_all(&text, |c: &regex::Captures<'_>| mask_contact(&c[0]));
    EMAIL
        .replace_all(&text, |c: &regex::Captures<'_>| mask_contact(&c[0]))
        .into_owned()
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    pub actor: String,
    /// "lihat", "ekspor", "retensi", ...
    pub action: String,
    #[ts(type = "number | null")]
    pub complaint_id: Option<i64>,
    pub detail: String,
}

/// Records that `actor` did `action` with personal data (of one complaint, or of many as
/// in an export, with `detail` saying which).
pub fn audit(
    conn: &Connection,
    clock: &dyn Clock,
    actor: &str,
    action: &str,
    complaint_id: Option<i64>,
    detail: &str,
) -> Result<()> {
    let actor = clean_actor(actor)?;
    let action = clean_line(action);
    if action.is_empty() {
        return Err(Error::invalid("action", "Jenis akses wajib diisi."));
    }
    let detail = clean_line(detail);
    check_length("detail", "Keterangan", &detail, MAX_DETAIL_CHARS)?;
    conn.prepare_cached(
        "INSERT INTO complaint_audit (at, actor, action, complaint_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        to_stored(clock.now()),
        actor,
        action,
        complaint_id,
        detail
    ])?;
    Ok(())
}

/// The latest audit entries, newest first.
pub fn audit_log(conn: &Connection, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, action, complaint_id, detail FROM complaint_audit
         ORDER BY at DESC, id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            complaint_id: r.get(4)?,
            detail: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Years after a complaint is closed before its personal data is erased.
pub fn retention_years(conn: &Connection) -> Result<u32> {
    Ok(get_value(conn, RETENTION_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_RETENTION_YEARS))
}

pub fn set_retention_years(conn: &Connection, years: u32) -> Result<u32> {
    if !(1..=30).contains(&years) {
        return Err(Error::invalid(
            "retention_years",
            "Masa retensi harus antara 1 dan 30 tahun.",
        ));
    }
    set_value(conn, RETENTION_KEY, &years.to_string())?;
    retention_years(conn)
}

/// Erases personal data of complaints closed longer ago than the retention period:
/// name, contact, source link and text, reply texts, attachment links and the search
/// entry. Counts and statistics stay right. Counted from closing in any way (selesai,
/// diteruskan, diarsipkan, bukan wewenang): keeping a forwarded complaint's data forever
/// would be worse than the rule meant. Returns how many complaints were erased.
pub fn apply_retention(conn: &Connection, clock: &dyn Clock) -> Result<usize> {
    let years = retention_years(conn)?;
    let now = clock.now();
    let date = now.date();
    let cutoff_date = date
        .replace_year(date.year() - years as i32)
        .or_else(|_| {
            date.replace_day(28)
                .and_then(|d| d.replace_year(date.year() - years as i32))
        })
        .unwrap_or(date);
    let cutoff = to_stored(now.replace_date(cutoff_date));
    let stamp = to_stored(now);

    let tx = savepoint(conn)?;
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare(
            "SELECT id FROM complaints
             WHERE personal_erased = 0 AND closed_at IS NOT NULL AND closed_at < ?1",
        )?;
        let rows = stmt.query_map([&cutoff], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    // FTS5 normally only marks a deleted entry and leaves the words in older index pages
    // until a merge; with 'secure-delete' on, the erase trigger's delete removes them at
    // once. On for this transaction's erase only: kept on, every insert pays for it.
    if !ids.is_empty() {
        set_fts_secure_delete(&tx, true)?;
    }
    for id in &ids {
        tx.prepare_cached(
            "UPDATE complaints SET citizen_name = '', citizen_contact = '', source_url = '',
                 body = ?2, personal_erased = 1, updated_at = ?3
             WHERE id = ?1",
        )?
        .execute(params![id, ERASED_TEXT, stamp])?;
        tx.prepare_cached("UPDATE complaint_replies SET body = ?2 WHERE complaint_id = ?1")?
            .execute(params![id, ERASED_TEXT])?;
        tx.prepare_cached("DELETE FROM complaint_attachments WHERE complaint_id = ?1")?
            .execute([id])?;
    }
    if !ids.is_empty() {
        set_fts_secure_delete(&tx, false)?;
        audit(
            &tx,
            clock,
            "sistem",
            "retensi",
            None,
            &format!(
                "Data pribadi {} aduan dihapus (ditutup lebih dari {years} tahun).",
                ids.len()
            ),
        )?;
    }
    tx.finish()?;
    Ok(ids.len())
}

/// FTS5's 'secure-delete' option of the complaint search index (stored in its config
/// table, so it follows the transaction).
fn set_fts_secure_delete(conn: &Connection, on: bool) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO complaints_fts (complaints_fts, rank) VALUES ('secure-delete', ?1)",
    )?
    .execute([on as i64])?;
    Ok(())
}
