//! Data pribadi (UU PDP 27/2022): citizens' identifiers are masked wherever a list shows
//! them, every view or export of the full record is logged with who and when, and a
//! retention period erases personal fields of long-closed complaints while the anonymous
//! record (channel, kind, category, kecamatan, dates, status) stays for the statistics.

use super::actor::clean_actor;
use crate::clock::{to_stored, Clock};
use crate::error::{Error, Result};
use crate::settings::{get_value, set_value};
use crate::store::savepoint;
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
/// The retention periods a PD may choose, in years.
pub const RETENTION_YEARS: std::ops::RangeInclusive<u32> = 1..=30;

fn check_retention_years(years: u32) -> Result<()> {
    if RETENTION_YEARS.contains(&years) {
        return Ok(());
    }
    Err(Error::invalid(
        "retention_years",
        format!(
            "Masa retensi harus antara {} dan {} tahun.",
            RETENTION_YEARS.start(),
            RETENTION_YEARS.end()
        ),
    ))
}
const RETENTION_KEY: &str = "aduan.retensi_tahun";
/// Set in the erase's own transaction and cleared once the store file has been rewritten,
/// so an erase whose physical clean-up was interrupted (crash, a caller's open transaction)
/// is cleaned up by the next run.
const PURGE_PENDING_KEY: &str = "aduan.retensi_bersihkan_tertunda";
const MAX_DETAIL_CHARS: usize = 1_000;

/// 16-digit NIK (KTP number).
static NIK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{16}\b").expect("valid NIK pattern"));
/// A NIK written in groups, as people copy it off the KTP card: "3203 1234 5678 9012",
/// "3203.1234.5678.9012", "320312-345678-9012" (4-4-4-4 or 6-6-4, one separator each).
static NIK_GROUPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:\d{4}[ .-]\d{4}[ .-]\d{4}[ .-]\d{4}|\d{6}[ .-]\d{6}[ .-]\d{4})\b")
        .expect("valid grouped NIK pattern")
});
/// Landlines with their area code: "(0263) 261234", "0263-261234", "022 7654321",
/// "+62 263 261234". Area codes never start with 8 (that is a mobile number, above); a bare
/// "62..." is left alone here, as it is too often an amount ("62.500.000.000").
static LANDLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\(0[1-79]\d{1,2}\)\s?|\b0[1-79]\d{1,2}[\s.-]?|\+62[\s.-]?\(?[1-79]\d{1,2}\)?[\s.-]?)\d{3,4}[\s.-]?\d{3,4}\b",
    )
    .expect("valid landline pattern")
});
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
///
/// A NIK in groups keeps its separators ("3203 12** **** ****"), so the text still reads.
pub fn mask_text(text: &str) -> String {
    let text = NIK.replace_all(text, |c: &regex::Captures<'_>| {
        format!("{}**********", &c[0][..6])
    });
    let text = NIK_GROUPED.replace_all(&text, |c: &regex::Captures<'_>| keep_digits(&c[0], 6));
    let text = PHONE.replace_all(&text, |c: &regex::Captures<'_>| mask_contact(&c[0]));
    let text = LANDLINE.replace_all(&text, |c: &regex::Captures<'_>| mask_contact(&c[0]));
    EMAIL
        .replace_all(&text, |c: &regex::Captures<'_>| mask_contact(&c[0]))
        .into_owned()
}

/// The first `keep` digits of `text` as they are, every later digit a star; separators stay.
fn keep_digits(text: &str, keep: usize) -> String {
    let mut seen = 0;
    text.chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen <= keep {
                c
            } else {
                '*'
            }
        })
        .collect()
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
    check_retention_years(years)?;
    set_value(conn, RETENTION_KEY, &years.to_string())?;
    retention_years(conn)
}

/// The instant before which a complaint must have closed to be erased with `years` of
/// retention: the same date `years` back (28 February for 29 February), same time of day.
fn retention_cutoff(clock: &dyn Clock, years: u32) -> String {
    let now = clock.now();
    let date = now.date();
    let year = date.year() - years as i32;
    let cutoff_date = date
        .replace_year(year)
        .or_else(|_| date.replace_day(28).and_then(|d| d.replace_year(year)))
        .unwrap_or(date);
    to_stored(now.replace_date(cutoff_date))
}

const DUE_FOR_ERASURE: &str = "personal_erased = 0 AND closed_at IS NOT NULL AND closed_at < ?1";

/// How many complaints [`apply_retention`] would erase now if the period were `years`, so
/// the settings screen can say "1.234 aduan akan dihapus data pribadinya" and ask before a
/// shorter period is saved (the erase cannot be undone).
pub fn retention_preview(conn: &Connection, clock: &dyn Clock, years: u32) -> Result<usize> {
    check_retention_years(years)?;
    let count: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM complaints WHERE {DUE_FOR_ERASURE}"
        ))?
        .query_row([retention_cutoff(clock, years)], |r| r.get(0))?;
    Ok(count as usize)
}

/// The search words of an export's audit entry (`cari="..."`, see the export's filter
/// description), which may be a citizen's name.
static AUDIT_SEARCH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"cari=".*?"(, (?:status|terlambat|jenis|kategori|kecamatan|kanal|dari|sampai)=|$)"#,
    )
    .expect("valid audit search pattern")
});

/// Erases personal data of complaints closed longer ago than the retention period:
/// name, contact, source link and text, reply texts, the reasons of its status and steps
/// (staff write "warga atas nama ... sudah dihubungi" there), attachment links, the photos
/// only this complaint used (row and file), the details of audit entries about it, and the
/// search entry. The PD a complaint went to stays: it is an agency, not a person. Counts
/// and statistics stay right. Counted from closing in any way (selesai, diteruskan,
/// diarsipkan, bukan wewenang): keeping a forwarded complaint's data forever would be
/// worse than the rule meant. Export audit entries older than the period lose the search
/// words they recorded, which may be a name. Returns how many complaints were erased.
///
/// Photo files are deleted once the erase is saved; one that cannot be deleted (locked by
/// a viewer) is left for the admin rather than failing the erase of everything else.
///
/// The erase is physical: SQLite's `secure_delete` zeroes what the erase frees, the search
/// index is merged into one segment so no old page keeps an erased word, and
/// [`purge_erased_data`] then rewrites the file and empties the WAL (see there). The daily
/// run in the window and `medsos-pd aduan retensi` both call this one function.
pub fn apply_retention(conn: &Connection, clock: &dyn Clock) -> Result<usize> {
    let mut erased = 0;
    loop {
        let step = apply_retention_step(conn, clock, usize::MAX)?;
        erased += step.erased;
        if !step.more {
            return Ok(erased);
        }
    }
}

/// How many complaints the window's retention job erases under one hold of the store: a
/// backlog of years (tens of thousands of complaints, each erase rewriting its search
/// entries) is worked off in short steps, so the admin's own commands get the store in
/// between instead of waiting minutes.
pub const RETENTION_STEP: usize = 100;

/// One step of [`apply_retention`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionStep {
    /// Complaints erased in this step (each step is its own transaction).
    pub erased: usize,
    /// More complaints are due: call again. After the last step the erase has been made
    /// physical ([`purge_erased_data`]).
    pub more: bool,
}

/// Erases at most `limit` complaints due under the retention rule, in one transaction;
/// when none are left, makes the erase physical. Same rule as [`apply_retention`], which is
/// these steps run to the end.
pub fn apply_retention_step(
    conn: &Connection,
    clock: &dyn Clock,
    limit: usize,
) -> Result<RetentionStep> {
    let years = retention_years(conn)?;
    let cutoff = retention_cutoff(clock, years);
    let stamp = to_stored(clock.now());

    let _secure = SecureDelete::on(conn)?;
    let (erased, more) = erase_due(conn, clock, years, &cutoff, &stamp, limit)?;
    if !more {
        purge_erased_data(conn)?;
    }
    Ok(RetentionStep { erased, more })
}

/// The erase itself, in one transaction, of at most `limit` complaints; returns how many it
/// erased and whether more are due.
fn erase_due(
    conn: &Connection,
    clock: &dyn Clock,
    years: u32,
    cutoff: &str,
    stamp: &str,
    limit: usize,
) -> Result<(usize, bool)> {
    let tx = savepoint(conn)?;
    let mut ids: Vec<i64> = {
        let mut stmt = tx.prepare(&format!(
            "SELECT id FROM complaints WHERE {DUE_FOR_ERASURE} ORDER BY id LIMIT ?2"
        ))?;
        // One more than asked tells whether another step is needed.
        let ask = i64::try_from(limit).unwrap_or(i64::MAX).saturating_add(1);
        let rows = stmt.query_map(params![cutoff, ask], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let more = ids.len() > limit;
    ids.truncate(limit);
    // FTS5 normally only marks a deleted entry and leaves the words in older index pages
    // until a merge; with 'secure-delete' on, the erase trigger's delete removes them at
    // once. On for this transaction's erase only: kept on, every insert pays for it.
    if !ids.is_empty() {
        set_fts_secure_delete(&tx, true)?;
    }
    let mut files: Vec<crate::media::MediaItem> = Vec::new();
    for id in &ids {
        tx.prepare_cached(
            "UPDATE complaints SET citizen_name = '', citizen_contact = '', source_url = '',
                 body = ?2, personal_erased = 1, updated_at = ?3,
                 status_reason = CASE WHEN status_reason = '' THEN '' ELSE ?2 END
             WHERE id = ?1",
        )?
        .execute(params![id, ERASED_TEXT, stamp])?;
        tx.prepare_cached("UPDATE complaint_replies SET body = ?2 WHERE complaint_id = ?1")?
            .execute(params![id, ERASED_TEXT])?;
        tx.prepare_cached(
            "UPDATE complaint_events SET reason = ?2 WHERE complaint_id = ?1 AND reason <> ''",
        )?
        .execute(params![id, ERASED_TEXT])?;
        tx.prepare_cached(
            "UPDATE complaint_audit SET detail = '' WHERE complaint_id = ?1 AND detail <> ''",
        )?
        .execute([id])?;
        let media: Vec<i64> = {
            let mut stmt = tx.prepare_cached(
                "SELECT media_id FROM complaint_attachments WHERE complaint_id = ?1",
            )?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        tx.prepare_cached("DELETE FROM complaint_attachments WHERE complaint_id = ?1")?
            .execute([id])?;
        for media_id in media {
            // A screenshot of the citizen's comment is personal data too; a picture a draft,
            // another complaint or a report of an impersonating account (the same file, by
            // content hash) still uses is not this complaint's to remove.
            let in_use: bool = tx
                .prepare_cached(
                    "SELECT EXISTS(SELECT 1 FROM draft_media WHERE media_id = ?1)
                         OR EXISTS(SELECT 1 FROM complaint_attachments WHERE media_id = ?1)
                         OR EXISTS(SELECT 1 FROM impersonation_report_media WHERE media_id = ?1)",
                )?
                .query_row([media_id], |r| r.get(0))?;
            if in_use {
                continue;
            }
            let item = crate::media::get(&tx, media_id)?;
            tx.prepare_cached("DELETE FROM media WHERE id = ?1")?
                .execute([media_id])?;
            files.push(item);
        }
    }
    let scrubbed = scrub_export_searches(&tx, cutoff)?;
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
    if !ids.is_empty() || scrubbed > 0 {
        set_value(&tx, PURGE_PENDING_KEY, "1")?;
    }
    tx.finish()?;
    remove_media_files(conn, &files);
    Ok((ids.len(), more))
}

/// Makes an erase physical in the files on disk, where an UPDATE alone is not: SQLite
/// leaves a rewritten row's old bytes in the page's free space and freed pages as they
/// were, and the WAL keeps old page images until it is overwritten or truncated. After an
/// erase (a mark the erase saves with it) the store is rebuilt with `VACUUM` (every page written
/// afresh from the remaining rows, the freelist dropped, the file truncated); every run then
/// checkpoints the WAL into the file and truncates it to zero bytes.
///
/// Inside a caller's transaction neither can run: the pending mark stays and the next run
/// cleans up. A WAL that cannot be truncated because another process is reading the store
/// (another window, a terminal command) is an error with a message to run it again later;
/// the erase itself is already saved.
pub fn purge_erased_data(conn: &Connection) -> Result<()> {
    if !conn.is_autocommit() {
        return Ok(());
    }
    if get_value(conn, PURGE_PENDING_KEY)?.is_some() {
        let _secure = SecureDelete::on(conn)?;
        // 'secure-delete' removes the entries, but a term can live on as a separator key
        // of the segment b-tree or in segments an earlier merge left behind: one merge of
        // the whole index leaves only what the remaining complaints hold. Once after the
        // last step of an erase, not in every step (it rewrites the whole index).
        conn.execute(
            "INSERT INTO complaints_fts (complaints_fts) VALUES ('optimize')",
            [],
        )?;
        conn.execute_batch("VACUUM")?;
        conn.execute("DELETE FROM settings WHERE key = ?1", [PURGE_PENDING_KEY])?;
    }
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(Error::Io {
            what: "Data pribadi sudah dihapus, tetapi salinan lamanya di berkas WAL belum dapat \
                   dibersihkan karena basis data sedang dibaca program lain. Jalankan lagi \
                   setelah jendela Medsos PD lain ditutup"
                .into(),
            source: std::io::Error::other("wal_checkpoint(TRUNCATE) sibuk"),
        });
    }
    Ok(())
}

/// SQLite's `secure_delete` for this connection, on while an erase runs (zeroes deleted
/// cells and freed pages) and back to what it was afterwards: kept on, every ordinary
/// update would pay for the zeroing too.
struct SecureDelete<'c> {
    conn: &'c Connection,
    before: i64,
}

impl<'c> SecureDelete<'c> {
    fn on(conn: &'c Connection) -> Result<Self> {
        let before: i64 = conn.query_row("PRAGMA secure_delete", [], |r| r.get(0))?;
        conn.query_row("PRAGMA secure_delete = 1", [], |_| Ok(()))?;
        Ok(SecureDelete { conn, before })
    }
}

impl Drop for SecureDelete<'_> {
    fn drop(&mut self) {
        let before = self.before;
        let _ = self
            .conn
            .query_row(&format!("PRAGMA secure_delete = {before}"), [], |_| Ok(()));
    }
}

/// Replaces the search words of export audit entries older than `cutoff` with
/// [`ERASED_TEXT`]; the rest of the entry (who, when, how many) stays. Returns how many.
fn scrub_export_searches(conn: &Connection, cutoff: &str) -> Result<usize> {
    let rows: Vec<(i64, String)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id, detail FROM complaint_audit
             WHERE action = 'ekspor' AND at < ?1 AND instr(detail, 'cari=\"') > 0",
        )?;
        let rows = stmt.query_map([cutoff], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut changed = 0;
    for (id, detail) in rows {
        let scrubbed = AUDIT_SEARCH.replace(&detail, |c: &regex::Captures<'_>| {
            format!("cari={ERASED_TEXT}{}", &c[1])
        });
        if scrubbed != detail {
            conn.prepare_cached("UPDATE complaint_audit SET detail = ?2 WHERE id = ?1")?
                .execute(params![id, scrubbed.as_ref()])?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Deletes the files (and previews) of media rows the erase removed, from the media folder
/// beside the store file. An in-memory store has no folder.
fn remove_media_files(conn: &Connection, items: &[crate::media::MediaItem]) {
    let Some(store) = conn.path().filter(|p| !p.is_empty()) else {
        return;
    };
    let dir = crate::media::media_dir(std::path::Path::new(store));
    for item in items {
        let _ = std::fs::remove_file(crate::media::original_path(&dir, item));
        let _ = std::fs::remove_file(
            crate::media::thumbs_dir(&dir).join(format!("{}.jpg", item.sha256)),
        );
    }
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
