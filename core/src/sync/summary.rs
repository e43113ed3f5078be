//! The end-of-day summary of one WIB day, built from the store: counts and durations only.
//!
//! Nothing here reads a citizen's name, contact, complaint text or reply text: every query
//! selects counts, statuses, codes the desktop itself defines (type, channel, kecamatan code)
//! and the category names the agency gave its categories. The privacy test below fills a
//! store with personal data and checks that none of it reaches the JSON.
//!
//! `briefs_fulfilled` counts the fulfilments recorded for the day: posts of drafts answering
//! a Diskominfo brief, marked published in a slot on that WIB day (see [`super::briefs`]).
//! `official_accounts` counts the agency's official accounts (Akun Resmi, see
//! [`crate::accounts`]) by verification state. It is the state at send time, not on the
//! summary's day: a past day resent later carries the accounts as they are then.

use crate::calendar::wib;
use crate::clock::{from_stored, to_stored, Clock};
use crate::complaints::{kecamatan_name, ComplaintStatus, LUAR_CIANJUR};
use crate::error::Result;
use medsos_protocol::{
    ComplaintCounts, DailySummary, PostCounts, PostsByPlatform, MAX_COUNT, MAX_KEY_CHARS,
    MAX_MAP_ENTRIES, MAX_MINUTES,
};
use rusqlite::{params, Connection};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// Where the categories beyond [`MAX_MAP_ENTRIES`] are counted together (an agency would
/// need over a hundred categories for this to matter).
const OTHER_CATEGORIES: &str = "Kategori lain";

/// The summary of the WIB day `day` ("YYYY-MM-DD") exactly as its next send would carry
/// it: with the day's current revision in the outbox, or 1 for a day never marked. What
/// the window's preview and `medsos-pd summary` show.
pub fn next_send(conn: &Connection, clock: &dyn Clock, day: &str) -> Result<DailySummary> {
    let revision = super::outbox::revision_of(conn, day)?.unwrap_or(1);
    build(conn, clock, day, revision)
}

/// Builds the summary of the WIB day `day` ("YYYY-MM-DD") to send with `revision`.
///
/// - posts: the slots whose time falls on the day, by status (terbit = published,
///   terjadwal = scheduled, terlewat = missed; dibatalkan is not counted);
/// - drafts created on the day;
/// - complaints received on the day by type, category name, kecamatan code
///   (`luar_cianjur` for outside Cianjur; complaints without a kecamatan are left out, as the
///   protocol says) and channel;
/// - answered within deadline: first answered on the day, at or before the first-answer due;
/// - resolved: resolved on the day;
/// - overdue and open backlog as of the end of the day (for today and later: now), from the
///   complaint's recorded steps, so a past day keeps its counts when it is resent;
/// - medians over the complaints first answered / resolved on the day (the protocol's
///   definition), in whole minutes from receipt;
/// - `briefs_fulfilled`: fulfilments recorded for the day (one per brief and post URL).
///
/// - `official_accounts`: the accounts by verification state as they are now (at send
///   time): verified, pending (requested, no decision yet), unverified.
pub fn build(
    conn: &Connection,
    clock: &dyn Clock,
    day: &str,
    revision: u32,
) -> Result<DailySummary> {
    let date = wib::parse_day("day", day)?;
    let start_at = wib::day_start(date);
    let end_at = wib::day_end(date)?;
    let (start, end) = (to_stored(start_at), to_stored(end_at));
    let now = clock.now();
    // Today: everything up to and including this very second (a complaint captured in the
    // same second as the preview counts); a past day: its exclusive end.
    let cutoff_at = if now < end_at {
        (now.max(start_at) + time::Duration::seconds(1)).min(end_at)
    } else {
        end_at
    };

    Ok(DailySummary {
        day: wib::format_day(date),
        revision,
        posts: posts(conn, &start, &end)?,
        drafts_created: count(
            conn,
            "SELECT count(*) FROM drafts WHERE created_at >= ?1 AND created_at < ?2",
            &start,
            &end,
        )?,
        briefs_fulfilled: super::briefs::fulfilled_on(conn, &wib::format_day(date))?,
        complaints: complaints(conn, &start, &end, cutoff_at)?,
        // The state at send time, whatever the day (see the module comment).
        official_accounts: crate::accounts::account_counts(conn)?,
    })
}

fn clamp(n: i64) -> u32 {
    n.clamp(0, i64::from(MAX_COUNT)) as u32
}

fn count(conn: &Connection, sql: &str, start: &str, end: &str) -> Result<u32> {
    let n: i64 = conn.query_row(sql, params![start, end], |r| r.get(0))?;
    Ok(clamp(n))
}

fn posts(conn: &Connection, start: &str, end: &str) -> Result<PostsByPlatform> {
    let mut stmt = conn.prepare_cached(
        "SELECT platform, status, count(*) FROM slots WHERE at >= ?1 AND at < ?2
         GROUP BY platform, status",
    )?;
    let rows = stmt.query_map(params![start, end], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut posts = PostsByPlatform::default();
    for row in rows {
        let (platform, status, n) = row?;
        let counts: &mut PostCounts = match platform.as_str() {
            "instagram" => &mut posts.instagram,
            "facebook" => &mut posts.facebook,
            _ => continue,
        };
        match status.as_str() {
            "terbit" => counts.published = clamp(n),
            "terjadwal" => counts.scheduled = clamp(n),
            "terlewat" => counts.missed = clamp(n),
            _ => {}
        }
    }
    Ok(posts)
}

/// A name as the protocol accepts it: no control characters, 1 to 64 characters.
fn key(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .chars()
        .take(MAX_KEY_CHARS)
        .collect();
    if clean.trim().is_empty() {
        "Tanpa nama".into()
    } else {
        clean.trim_end().to_string()
    }
}

/// Keeps at most [`MAX_MAP_ENTRIES`] names: the largest counts, the rest added together.
fn cap(map: BTreeMap<String, u32>) -> BTreeMap<String, u32> {
    if map.len() <= MAX_MAP_ENTRIES {
        return map;
    }
    let mut entries: Vec<(String, u32)> = map.into_iter().collect();
    entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let rest: u32 = entries[MAX_MAP_ENTRIES - 1..]
        .iter()
        .fold(0u32, |sum, (_, n)| sum.saturating_add(*n));
    entries.truncate(MAX_MAP_ENTRIES - 1);
    let mut map: BTreeMap<String, u32> = entries.into_iter().collect();
    let other = map.entry(OTHER_CATEGORIES.into()).or_insert(0);
    *other = other.saturating_add(rest).min(MAX_COUNT);
    map
}

fn grouped(conn: &Connection, sql: &str, start: &str, end: &str) -> Result<BTreeMap<String, u32>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![start, end], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut map = BTreeMap::new();
    for row in rows {
        let (name, n) = row?;
        let entry = map.entry(key(&name)).or_insert(0u32);
        *entry = entry.saturating_add(clamp(n)).min(MAX_COUNT);
    }
    Ok(cap(map))
}

fn median_minutes(mut values: Vec<i64>) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    let m = if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2
    } else {
        values[mid]
    };
    Some(m.clamp(0, i64::from(MAX_MINUTES)) as u32)
}

fn minutes_between(from: &str, to: &str) -> Option<i64> {
    Some(
        (from_stored(to)? - from_stored(from)?)
            .whole_minutes()
            .max(0),
    )
}

fn complaints(
    conn: &Connection,
    start: &str,
    end: &str,
    cutoff_at: OffsetDateTime,
) -> Result<ComplaintCounts> {
    let received = "FROM complaints c WHERE c.received_at >= ?1 AND c.received_at < ?2";
    let mut counts = ComplaintCounts {
        received_by_type: grouped(
            conn,
            &format!("SELECT c.kind, count(*) {received} GROUP BY c.kind"),
            start,
            end,
        )?,
        received_by_category: grouped(
            conn,
            "SELECT k.name, count(*) FROM complaints c
             JOIN complaint_categories k ON k.id = c.category_id
             WHERE c.received_at >= ?1 AND c.received_at < ?2 GROUP BY k.name",
            start,
            end,
        )?,
        received_by_kecamatan: grouped(
            conn,
            &format!(
                "SELECT c.kecamatan, count(*) {received} AND c.kecamatan <> ''
                 GROUP BY c.kecamatan"
            ),
            start,
            end,
        )?,
        received_by_channel: grouped(
            conn,
            &format!("SELECT c.channel, count(*) {received} GROUP BY c.channel"),
            start,
            end,
        )?,
        ..ComplaintCounts::default()
    };

    // First answers on the day: within deadline, and their times from receipt.
    let mut first = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT received_at, first_response_at, due_first_response FROM complaints
         WHERE first_response_at >= ?1 AND first_response_at < ?2",
    )?;
    let rows = stmt.query_map(params![start, end], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (received_at, answered_at, due) = row?;
        if let (Some(answered), Some(due)) = (from_stored(&answered_at), from_stored(&due)) {
            if answered <= due {
                counts.answered_within_deadline += 1;
            }
        }
        first.extend(minutes_between(&received_at, &answered_at));
    }
    counts.median_first_response_minutes = median_minutes(first);

    // Resolutions on the day.
    let mut resolution = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT received_at, resolved_at FROM complaints
         WHERE resolved_at >= ?1 AND resolved_at < ?2",
    )?;
    let rows = stmt.query_map(params![start, end], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (received_at, resolved_at) = row?;
        counts.resolved += 1;
        resolution.extend(minutes_between(&received_at, &resolved_at));
    }
    counts.median_resolution_minutes = median_minutes(resolution);

    // Backlog and overdue at the cut-off: received by then and not closed by then. The
    // status at the cut-off comes from the recorded steps (the last one before it).
    let cutoff = to_stored(cutoff_at);
    let mut stmt = conn.prepare_cached(
        "SELECT c.received_at,
                (SELECT e.to_status FROM complaint_events e
                 WHERE e.complaint_id = c.id AND e.at < ?1
                 ORDER BY e.at DESC, e.id DESC LIMIT 1),
                c.due_first_response, c.first_response_at,
                c.due_verification, c.verified_at,
                c.due_follow_up, c.followed_up_at,
                c.due_resolution, c.resolved_at
         FROM complaints c
         WHERE c.received_at < ?1 AND (c.closed_at IS NULL OR c.closed_at >= ?1)",
    )?;
    let mut rows = stmt.query([&cutoff])?;
    while let Some(r) = rows.next()? {
        let received_at: String = r.get(0)?;
        let Some(received) = from_stored(&received_at) else {
            continue;
        };
        if received >= cutoff_at {
            continue;
        }
        let status = r
            .get::<_, Option<String>>(1)?
            .as_deref()
            .and_then(ComplaintStatus::parse)
            .unwrap_or(ComplaintStatus::Baru);
        if status.is_closed() {
            continue;
        }
        counts.open_backlog += 1;
        if !status.is_open() {
            continue; // ditunda: no deadline runs
        }
        let mut late = false;
        for i in 0..4 {
            let due: Option<String> = r.get(2 + i * 2)?;
            let met: Option<String> = r.get(3 + i * 2)?;
            let due = due.as_deref().and_then(from_stored);
            let met = met.as_deref().and_then(from_stored);
            if let Some(due) = due {
                if due < cutoff_at && met.is_none_or(|m| m >= cutoff_at) {
                    late = true;
                }
            }
        }
        if late {
            counts.overdue += 1;
        }
    }
    Ok(counts)
}

fn platform_sentence(name: &str, c: &PostCounts) -> Option<String> {
    if c.published == 0 && c.scheduled == 0 && c.missed == 0 {
        return None;
    }
    let mut parts = Vec::new();
    if c.published > 0 {
        parts.push(format!("{} terbit", c.published));
    }
    if c.scheduled > 0 {
        parts.push(format!("{} masih terjadwal", c.scheduled));
    }
    if c.missed > 0 {
        parts.push(format!("{} terlewat", c.missed));
    }
    Some(format!("Unggahan {name}: {}.", parts.join(", ")))
}

fn list(map: &BTreeMap<String, u32>, label: impl Fn(&str) -> String) -> String {
    let mut entries: Vec<(&String, &u32)> = map.iter().collect();
    entries.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    entries
        .into_iter()
        .map(|(k, n)| format!("{n} {}", label(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_label(kind: &str) -> String {
    crate::complaints::ComplaintKind::parse(kind)
        .map(|k| k.label().to_lowercase())
        .unwrap_or_else(|| kind.to_string())
}

fn channel_label(channel: &str) -> String {
    crate::complaints::Channel::parse(channel)
        .map(|c| c.label().to_string())
        .unwrap_or_else(|| channel.to_string())
}

fn kecamatan_label(code: &str) -> String {
    if code == LUAR_CIANJUR {
        "dari luar Cianjur".into()
    } else {
        kecamatan_name(code)
    }
}

/// The summary in sentences an admin can read, in the order Laporan & Sinkron shows them:
/// "Unggahan Instagram: 3 terbit, 1 terlewat.", "5 aduan masuk: 3 pengaduan, 2 aspirasi."
pub fn describe(s: &DailySummary) -> Vec<String> {
    let mut lines = Vec::new();
    let posts: Vec<String> = [
        platform_sentence("Instagram", &s.posts.instagram),
        platform_sentence("Facebook", &s.posts.facebook),
    ]
    .into_iter()
    .flatten()
    .collect();
    if posts.is_empty() {
        lines.push("Tidak ada unggahan terjadwal pada hari ini.".into());
    } else {
        lines.extend(posts);
    }
    lines.push(format!("{} draf baru dibuat.", s.drafts_created));
    if s.briefs_fulfilled > 0 {
        lines.push(format!(
            "{} unggahan menjawab arahan konten Diskominfo.",
            s.briefs_fulfilled
        ));
    }
    let c = &s.complaints;
    let received: u32 = c.received_by_type.values().sum();
    if received == 0 {
        lines.push("Tidak ada aduan masuk.".into());
    } else {
        lines.push(format!(
            "{received} aduan masuk: {}.",
            list(&c.received_by_type, kind_label)
        ));
        if !c.received_by_category.is_empty() {
            lines.push(format!(
                "Menurut kategori: {}.",
                list(&c.received_by_category, |k| k.to_string())
            ));
        }
        if !c.received_by_kecamatan.is_empty() {
            lines.push(format!(
                "Menurut kecamatan: {}.",
                list(&c.received_by_kecamatan, kecamatan_label)
            ));
        }
        lines.push(format!(
            "Menurut saluran: {}.",
            list(&c.received_by_channel, channel_label)
        ));
    }
    lines.push(format!(
        "{} aduan dijawab pertama kali tepat waktu, {} aduan selesai.",
        c.answered_within_deadline, c.resolved
    ));
    lines.push(format!(
        "Akhir hari: {} aduan masih terbuka, {} di antaranya melewati tenggat.",
        c.open_backlog, c.overdue
    ));
    let duration = |m: Option<u32>| crate::complaints::replies::duration_text(m.map(i64::from));
    if c.median_first_response_minutes.is_some() || c.median_resolution_minutes.is_some() {
        lines.push(format!(
            "Median waktu jawaban pertama {}, median waktu penyelesaian {}.",
            duration(c.median_first_response_minutes),
            duration(c.median_resolution_minutes)
        ));
    }
    lines.push(
        "Brief terpenuhi dan akun resmi belum dicatat di aplikasi ini, jadi dikirim 0.".into(),
    );
    lines
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
