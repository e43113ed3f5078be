//! Rows that repeat a complaint already in the store or an earlier row of the same file.

use super::history::History;
use crate::calendar::wib;
use crate::clock::to_stored;
use crate::complaints::model::{complaint_number, ComplaintInput};
use crate::error::{Error, Result};
use rusqlite::Connection;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use time::OffsetDateTime;

/// A row that passed every check of its own, before the duplicate check across rows.
pub(super) struct Candidate {
    pub(super) row: usize,
    pub(super) input: ComplaintInput,
    pub(super) history: Option<History>,
    pub(super) category_name: String,
}

/// The key two complaints are the same by: the received minute, the channel, and a hash
/// of the text as stored. A sheet imported twice, or rows copied down by accident, would
/// otherwise be answered and counted twice.
fn duplicate_key(received: OffsetDateTime, channel: &str, body: &str) -> (i64, String, u64) {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.trim().hash(&mut hasher);
    (
        received.unix_timestamp().div_euclid(60),
        channel.to_string(),
        hasher.finish(),
    )
}

/// Rows equal to a complaint already in the store or to an earlier row of the file, by
/// index into `candidates`, with the message to show. The store is read once, over the
/// file's date range only (by the received-time index), so 10,000 rows stay fast.
pub(super) fn find_duplicates(
    conn: &Connection,
    candidates: &[Candidate],
) -> Result<HashMap<usize, String>> {
    let mut out = HashMap::new();
    let keyed: Vec<(usize, (i64, String, u64))> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let at = wib::parse_minute("received_at_wib", &c.input.received_at_wib).ok()?;
            Some((
                i,
                duplicate_key(at, c.input.channel.as_str(), &c.input.body),
            ))
        })
        .collect();
    let (Some(first), Some(last)) = (
        keyed.iter().map(|(_, k)| k.0).min(),
        keyed.iter().map(|(_, k)| k.0).max(),
    ) else {
        return Ok(out);
    };
    let minute = |m: i64| {
        OffsetDateTime::from_unix_timestamp(m * 60)
            .map(to_stored)
            .map_err(|_| Error::invalid("received_at_wib", "Waktu diterima di luar jangkauan."))
    };
    let wanted: std::collections::HashSet<&(i64, String, u64)> =
        keyed.iter().map(|(_, k)| k).collect();
    let mut existing: HashMap<(i64, String, u64), i64> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, received_at, channel, body FROM complaints
             WHERE received_at >= ?1 AND received_at < ?2 AND personal_erased = 0",
        )?;
        let mut rows = stmt.query(rusqlite::params![minute(first)?, minute(last + 1)?])?;
        while let Some(r) = rows.next()? {
            let received: String = r.get(1)?;
            let Some(at) = crate::clock::from_stored(&received) else {
                continue;
            };
            let channel: String = r.get(2)?;
            let body = r.get_ref(3)?.as_str().unwrap_or_default();
            let key = duplicate_key(at, &channel, body);
            if wanted.contains(&key) {
                existing.entry(key).or_insert(r.get(0)?);
            }
        }
    }
    let mut seen: HashMap<&(i64, String, u64), usize> = HashMap::new();
    for (i, key) in &keyed {
        if let Some(id) = existing.get(key) {
            out.insert(
                *i,
                format!(
                    "Aduan dengan waktu, kanal, dan isi yang sama sudah ada di kotak aduan ({}). Hapus baris ini agar tidak tercatat dua kali.",
                    complaint_number(*id)
                ),
            );
        } else if let Some(earlier) = seen.get(key) {
            out.insert(
                *i,
                format!(
                    "Sama dengan baris {} di berkas ini (waktu, kanal, dan isi sama). Hapus salah satunya agar tidak tercatat dua kali.",
                    candidates[*earlier].row
                ),
            );
        } else {
            seen.insert(key, *i);
        }
    }
    Ok(out)
}
