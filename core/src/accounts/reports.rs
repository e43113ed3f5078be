//! Laporan akun palsu: accounts suspected of impersonating the agency, their status over
//! time and screenshots, kept until the hub has their latest version.

use super::fields::{check_day, parse_platform};
use crate::calendar::wib;
use crate::clock::{from_stored, to_stored, Clock};
use crate::drafts::Platform;
use crate::error::{Error, Result};
use crate::media::MediaItem;
use crate::store::savepoint;
use medsos_protocol::ImpersonationReport;
use medsos_rules::handle::{normalize, HandleProblem};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    MasihAktif,
    Dilaporkan,
    Ditutup,
}

impl ReportStatus {
    fn wire(self) -> medsos_protocol::ReportStatus {
        match self {
            ReportStatus::MasihAktif => medsos_protocol::ReportStatus::MasihAktif,
            ReportStatus::Dilaporkan => medsos_protocol::ReportStatus::Dilaporkan,
            ReportStatus::Ditutup => medsos_protocol::ReportStatus::Ditutup,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.wire().as_str()
    }

    fn parse(text: &str) -> ReportStatus {
        match text {
            "dilaporkan" => ReportStatus::Dilaporkan,
            "ditutup" => ReportStatus::Ditutup,
            _ => ReportStatus::MasihAktif,
        }
    }
}

/// The report form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportInput {
    pub platform: Platform,
    /// A handle or a profile URL of the suspect account.
    pub handle_or_url: String,
    /// The official handle it imitates; empty when none was named.
    pub imitates: String,
    /// What it did.
    pub description: String,
    /// `YYYY-MM-DD`.
    pub first_seen_on: String,
    pub status: ReportStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportEvent {
    pub status: ReportStatus,
    pub on_day: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Report {
    pub id: String,
    pub platform: Platform,
    pub handle: String,
    pub url: String,
    pub imitates: Option<String>,
    pub description: String,
    pub status: ReportStatus,
    /// The day the current status was reached.
    pub status_on: String,
    pub first_seen_on: String,
    pub updated_at: String,
    /// The hub has this version of the report.
    pub sent: bool,
    pub events: Vec<ReportEvent>,
}

fn from_row(r: &Row) -> rusqlite::Result<Report> {
    let platform: String = r.get(1)?;
    let status: String = r.get(6)?;
    let version: i64 = r.get(10)?;
    let sent_version: i64 = r.get(11)?;
    Ok(Report {
        id: r.get(0)?,
        platform: parse_platform(&platform),
        handle: r.get(2)?,
        url: r.get(3)?,
        imitates: r.get(4)?,
        description: r.get(5)?,
        status: ReportStatus::parse(&status),
        status_on: r.get(7)?,
        first_seen_on: r.get(8)?,
        updated_at: r.get(9)?,
        sent: sent_version >= version,
        events: Vec::new(),
    })
}

const COLUMNS: &str = "id, platform, handle, url, imitates, description, status, status_on,
    first_seen_on, updated_at, version, sent_version";

fn with_events(conn: &Connection, mut report: Report) -> Result<Report> {
    report.events = conn
        .prepare_cached(
            "SELECT status, on_day FROM impersonation_report_events WHERE report_id = ?1
             ORDER BY on_day, id",
        )?
        .query_map([&report.id], |r| {
            let s: String = r.get(0)?;
            Ok(ReportEvent {
                status: ReportStatus::parse(&s),
                on_day: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(report)
}

pub fn report(conn: &Connection, id: &str) -> Result<Report> {
    let r = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM impersonation_reports WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or(Error::NotFound {
            what: "Laporan akun palsu",
        })?;
    with_events(conn, r)
}

/// Newest first.
pub fn list_reports(conn: &Connection) -> Result<Vec<Report>> {
    let rows: Vec<Report> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM impersonation_reports ORDER BY first_seen_on DESC, created_at DESC"
        ))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|r| with_events(conn, r)).collect()
}

/// A UUID (version 4) from SQLite's random source.
fn new_id(conn: &Connection) -> Result<String> {
    let mut b: Vec<u8> = conn.query_row("SELECT randomblob(16)", [], |r| r.get(0))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

struct Valid {
    handle: String,
    url: String,
    imitates: Option<String>,
    description: String,
    first_seen_on: String,
}

/// Official handles on `platform` this PC knows of, each with who holds it: the agency's
/// own accounts (Akun Resmi) and the cached registry's.
fn official_handles(conn: &Connection, platform: Platform) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = conn
        .prepare_cached("SELECT handle FROM official_accounts WHERE platform = ?1")?
        .query_map([platform.as_str()], |r| r.get::<_, String>(0))?
        .map(|h| h.map(|h| (h, String::new())))
        .collect::<rusqlite::Result<_>>()?;
    if let Some((registry, _)) = super::registry::cached_registry(conn)? {
        for agency in registry.agencies {
            for a in agency.accounts {
                if a.platform == platform {
                    out.push((a.handle, agency.name.clone()));
                }
            }
        }
    }
    Ok(out)
}

/// `%XX` sequences decoded, when they make UTF-8 (browsers copy a profile address with
/// non-Latin letters that way); otherwise the text as it is.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Every character outside ASCII letters, digits, `.` and `_` as `%XX` of its UTF-8 bytes.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len() * 3);
    for c in segment.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The first path segment of a profile address on Instagram or Facebook, with the platform;
/// `None` when `text` is not such an address.
fn pasted_profile(text: &str) -> Option<(Platform, String)> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .or_else(|| text.strip_prefix("HTTPS://"))
        .or_else(|| text.strip_prefix("HTTP://"))
        .unwrap_or(text);
    let (host, path) = rest.split_once('/')?;
    let host = host.to_ascii_lowercase();
    let host = host.split(':').next().unwrap_or(&host);
    let host = ["www.", "m.", "web.", "mobile."]
        .iter()
        .find_map(|p| host.strip_prefix(p))
        .unwrap_or(host);
    let platform = match host {
        "instagram.com" | "instagr.am" => Platform::Instagram,
        "facebook.com" | "fb.com" => Platform::Facebook,
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segment = path.split('/').find(|s| !s.is_empty())?;
    Some((platform, segment.trim_start_matches('@').to_string()))
}

/// A pasted handle that only looks like one (e.g. Cyrillic "і" in `dіnkescianjur`) as the
/// hub accepts it: its skeleton (a-z 0-9) when no official account has that handle, else
/// the handle with each look-alike letter written `u<code point>` (`du0456nkescianjur`),
/// so a report never names the official account it imitates.
pub(crate) fn wire_lookalike_handle(pasted: &str, officials: &[String]) -> String {
    let folded = medsos_rules::handle::skeleton(pasted);
    let usable = !folded.is_empty()
        && folded.len() <= 100
        && folded
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if usable && !officials.contains(&folded) {
        return folded;
    }
    let mut marked = String::new();
    for c in pasted.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            marked.push(c);
        } else if c != '.' && c != '_' {
            marked.push_str(&format!("u{:04x}", c as u32));
        }
    }
    marked.truncate(100);
    marked
}

fn validate(conn: &Connection, clock: &dyn Clock, input: &ReportInput) -> Result<Valid> {
    let text = input.handle_or_url.trim();
    let decoded = percent_decode(text);
    let wrong_platform = |found: Platform| {
        Error::invalid(
            "handle_or_url",
            format!(
                "Alamat itu profil {}, tetapi platform yang dipilih {}.",
                found.label(),
                input.platform.label()
            ),
        )
    };
    let (handle, url) = match normalize(&decoded, Some(input.platform)) {
        Ok(h) => {
            if let Some(p) = h.platform.filter(|p| *p != input.platform) {
                return Err(wrong_platform(p));
            }
            // An official account is not an impostor: Diskominfo would be asked to take
            // down the real one.
            if let Some((_, owner)) = official_handles(conn, input.platform)?
                .into_iter()
                .find(|(official, _)| *official == h.handle)
            {
                let whose = if owner.is_empty() {
                    "akun resmi PD ini sendiri (lihat Akun Resmi)".to_string()
                } else {
                    format!("akun resmi {owner} di registri akun resmi kabupaten")
                };
                return Err(Error::invalid(
                    "handle_or_url",
                    format!(
                        "@{} adalah {whose}, bukan akun palsu. Periksa lagi nama akun atau alamat profil akun palsu itu.",
                        h.handle
                    ),
                ));
            }
            let url = medsos_rules::links::profile_url(input.platform, &h.handle);
            (h.handle, url)
        }
        // An impostor may well use look-alike letters. Its report keeps the account as it
        // was pasted, with the pasted address: the skeleton may be the official handle.
        Err(HandleProblem::Homoglyph { .. }) => {
            let Some((platform, segment)) = pasted_profile(&decoded) else {
                return Err(Error::invalid(
                    "handle_or_url",
                    "Tempel alamat profil akun palsu itu; nama akunnya memakai huruf yang hanya mirip.",
                ));
            };
            if platform != input.platform {
                return Err(wrong_platform(platform));
            }
            let pasted: String = segment.chars().flat_map(char::to_lowercase).collect();
            if pasted.chars().count() > 50 {
                return Err(super::fields::handle_error(
                    "handle_or_url",
                    &HandleProblem::Invalid,
                ));
            }
            let url = medsos_rules::links::profile_url(input.platform, &percent_encode(&pasted));
            (pasted, url)
        }
        Err(p) => return Err(super::fields::handle_error("handle_or_url", &p)),
    };
    let imitates = match input.imitates.trim() {
        "" => None,
        text => Some(
            normalize(text, Some(input.platform))
                .map_err(|p| super::fields::handle_error("imitates", &p))?
                .handle,
        ),
    };
    let description = input.description.trim().to_string();
    match description.chars().count() {
        0 => {
            return Err(Error::invalid(
                "description",
                "Tulis apa yang dilakukan akun itu (mis. meminta transfer uang lewat DM).",
            ))
        }
        n if n > 2000 => {
            return Err(Error::invalid(
                "description",
                "Keterangan paling banyak 2.000 karakter.",
            ))
        }
        _ => {}
    }
    let first_seen_on = check_day("first_seen_on", &input.first_seen_on)?;
    let today = wib::format_day(wib::today(clock.now()));
    if first_seen_on > today {
        return Err(Error::invalid(
            "first_seen_on",
            "Tanggal pertama terlihat tidak boleh sesudah hari ini.",
        ));
    }
    Ok(Valid {
        handle,
        url,
        imitates,
        description,
        first_seen_on,
    })
}

/// Records a new report (`id` None) or changes one. A status change is recorded with today's
/// date; the report goes to the hub at the next sync.
pub fn save_report(
    conn: &Connection,
    clock: &dyn Clock,
    id: Option<&str>,
    input: &ReportInput,
) -> Result<Report> {
    let v = validate(conn, clock, input)?;
    let tx = savepoint(conn)?;
    let now = to_stored(next_stamp(clock, None));
    let today = wib::format_day(wib::today(clock.now()));
    let id = match id {
        None => {
            let duplicate: Option<String> = tx
                .query_row(
                    "SELECT id FROM impersonation_reports WHERE platform = ?1 AND handle = ?2",
                    params![input.platform.as_str(), v.handle],
                    |r| r.get(0),
                )
                .optional()?;
            if duplicate.is_some() {
                return Err(Error::invalid(
                    "handle_or_url",
                    format!(
                        "Akun @{} sudah pernah dilaporkan; ubah laporan yang ada.",
                        v.handle
                    ),
                ));
            }
            let id = new_id(&tx)?;
            tx.execute(
                "INSERT INTO impersonation_reports (id, platform, handle, url, imitates, description,
                     status, status_on, first_seen_on, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                params![
                    id,
                    input.platform.as_str(),
                    v.handle,
                    v.url,
                    v.imitates,
                    v.description,
                    input.status.as_str(),
                    today,
                    v.first_seen_on,
                    now
                ],
            )?;
            tx.execute(
                "INSERT INTO impersonation_report_events (report_id, status, on_day, at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, input.status.as_str(), today, now],
            )?;
            id
        }
        Some(id) => {
            let before = report(&tx, id)?;
            let now = to_stored(next_stamp(clock, Some(&before.updated_at)));
            let duplicate: Option<String> = tx
                .query_row(
                    "SELECT id FROM impersonation_reports WHERE platform = ?1 AND handle = ?2 AND id <> ?3",
                    params![input.platform.as_str(), v.handle, id],
                    |r| r.get(0),
                )
                .optional()?;
            if duplicate.is_some() {
                return Err(Error::invalid(
                    "handle_or_url",
                    format!("Akun @{} sudah ada di laporan lain.", v.handle),
                ));
            }
            tx.execute(
                "UPDATE impersonation_reports SET platform = ?2, handle = ?3, url = ?4,
                     imitates = ?5, description = ?6, first_seen_on = ?7, updated_at = ?8,
                     version = version + 1
                 WHERE id = ?1",
                params![
                    id,
                    input.platform.as_str(),
                    v.handle,
                    v.url,
                    v.imitates,
                    v.description,
                    v.first_seen_on,
                    now
                ],
            )?;
            if before.status != input.status {
                set_status_in(&tx, &now, id, input.status, &today)?;
            }
            id.to_string()
        }
    };
    let saved = report(&tx, &id)?;
    tx.finish()?;
    Ok(saved)
}

/// When a report changed: now, to the second, and at least a second after its previous
/// change. The wire carries whole seconds and the hub keeps a version only when it is newer,
/// so two changes within one second must still go out with different stamps.
fn next_stamp(clock: &dyn Clock, previous: Option<&str>) -> time::OffsetDateTime {
    let now = clock.now().to_offset(time::UtcOffset::UTC);
    let now = now.replace_nanosecond(0).unwrap_or(now);
    match previous.and_then(from_stored) {
        Some(prev) => {
            let prev = prev.to_offset(time::UtcOffset::UTC);
            let after = prev.replace_nanosecond(0).unwrap_or(prev) + time::Duration::SECOND;
            now.max(after)
        }
        None => now,
    }
}

fn set_status_in(
    conn: &Connection,
    now: &str,
    id: &str,
    status: ReportStatus,
    on_day: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE impersonation_reports SET status = ?2, status_on = ?3, updated_at = ?4,
             version = version + 1
         WHERE id = ?1",
        params![id, status.as_str(), on_day, now],
    )?;
    conn.execute(
        "INSERT INTO impersonation_report_events (report_id, status, on_day, at)
         VALUES (?1, ?2, ?3, ?4)",
        params![id, status.as_str(), on_day, now],
    )?;
    Ok(())
}

/// Moves a report to `status` as of `on_day` (`YYYY-MM-DD`, not after today).
pub fn set_report_status(
    conn: &Connection,
    clock: &dyn Clock,
    id: &str,
    status: ReportStatus,
    on_day: &str,
) -> Result<Report> {
    let day = check_day("on_day", on_day)?;
    let today = wib::format_day(wib::today(clock.now()));
    if day > today {
        return Err(Error::invalid(
            "on_day",
            "Tanggal status tidak boleh sesudah hari ini.",
        ));
    }
    let tx = savepoint(conn)?;
    let before = report(&tx, id)?;
    if day < before.first_seen_on {
        return Err(Error::invalid(
            "on_day",
            "Tanggal status tidak boleh sebelum akun pertama terlihat.",
        ));
    }
    let now = to_stored(next_stamp(clock, Some(&before.updated_at)));
    set_status_in(&tx, &now, id, status, &day)?;
    let saved = report(&tx, id)?;
    tx.finish()?;
    Ok(saved)
}

pub fn attach_report_media(
    conn: &Connection,
    clock: &dyn Clock,
    id: &str,
    media_id: i64,
) -> Result<()> {
    report(conn, id)?;
    crate::media::get(conn, media_id)?;
    conn.execute(
        "INSERT OR IGNORE INTO impersonation_report_media (report_id, media_id, added_at)
         VALUES (?1, ?2, ?3)",
        params![id, media_id, to_stored(clock.now())],
    )?;
    Ok(())
}

pub fn detach_report_media(conn: &Connection, id: &str, media_id: i64) -> Result<()> {
    if conn.execute(
        "DELETE FROM impersonation_report_media WHERE report_id = ?1 AND media_id = ?2",
        params![id, media_id],
    )? == 0
    {
        return Err(Error::NotFound {
            what: "Tangkapan layar",
        });
    }
    Ok(())
}

pub fn report_media(conn: &Connection, id: &str) -> Result<Vec<MediaItem>> {
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT media_id FROM impersonation_report_media WHERE report_id = ?1
             ORDER BY added_at, media_id",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|m| crate::media::get(conn, m))
        .collect()
}

/// A batch to send, with the versions it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingReports {
    pub reports: Vec<ImpersonationReport>,
    /// (id, version) of each report in the batch.
    pub versions: Vec<(String, i64)>,
}

/// "2026-11-21T03:15:00Z", as the hub's API carries instants, from a stored instant.
fn wire_instant(stored: &str) -> String {
    from_stored(stored)
        .map(medsos_rules::wib::to_wire)
        .unwrap_or_else(|| stored.to_string())
}

/// Reports changed since the hub last acknowledged them, oldest first, at most `limit`.
pub fn reports_to_send(conn: &Connection, limit: usize) -> Result<PendingReports> {
    let rows: Vec<(Report, i64)> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM impersonation_reports WHERE sent_version < version
             ORDER BY created_at, id LIMIT ?1"
        ))?
        .query_map([limit as i64], |r| Ok((from_row(r)?, r.get(10)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = PendingReports {
        reports: Vec::new(),
        versions: Vec::new(),
    };
    for (r, version) in rows {
        out.versions.push((r.id.clone(), version));
        let handle = match normalize(&r.handle, Some(r.platform)) {
            Ok(n) if n.handle == r.handle => r.handle,
            _ => {
                // The account it imitates is official too, even when this PC has not
                // recorded it nor fetched the registry.
                let officials: Vec<String> = official_handles(conn, r.platform)?
                    .into_iter()
                    .map(|(h, _)| h)
                    .chain(r.imitates.clone())
                    .collect();
                wire_lookalike_handle(&r.handle, &officials)
            }
        };
        out.reports.push(ImpersonationReport {
            id: r.id,
            platform: r.platform,
            handle,
            url: r.url,
            imitates: r.imitates,
            // The only free text that leaves the PC: a citizen's NIK, phone number or e-mail
            // pasted into it is masked as complaint exports mask them.
            description: crate::complaints::privacy::mask_text(&r.description),
            status: r.status.wire(),
            first_seen_on: r.first_seen_on,
            updated_at: wire_instant(&r.updated_at),
        });
    }
    Ok(out)
}

/// The hub holds these versions now; a report changed meanwhile stays pending.
pub fn mark_reports_sent(conn: &Connection, versions: &[(String, i64)]) -> Result<()> {
    let tx = savepoint(conn)?;
    for (id, version) in versions {
        tx.execute(
            "UPDATE impersonation_reports SET sent_version = MAX(sent_version, ?2) WHERE id = ?1",
            params![id, version],
        )?;
    }
    tx.finish()?;
    Ok(())
}
