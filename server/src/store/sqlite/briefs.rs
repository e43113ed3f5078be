//! Diskominfo's content briefs (arahan konten): for every PD or for chosen ones, with
//! attached files, and the posts agencies reported in answer to them.

use crate::brief::{CheckedFulfilment, NewBrief};
use crate::clock::{format_day, to_stored};
use crate::error::Error;
use crate::store::briefs::{
    AgencyChoice, AgencyCoverage, AttachmentFile, BriefDetail, BriefSummary, NewAttachment,
    Recorded, ReportedPost, MAX_FULFILMENTS_PER_AGENCY,
};
use medsos_protocol::{Brief, BriefAttachment};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use time::OffsetDateTime;

/// Records a brief for every agency, without attachments (`medsos-hub brief add`).
pub fn add(conn: &Connection, brief: &NewBrief, now: OffsetDateTime) -> Result<i64, Error> {
    insert_brief(conn, brief, now)
}

fn insert_brief(conn: &Connection, brief: &NewBrief, now: OffsetDateTime) -> Result<i64, Error> {
    conn.execute(
        "INSERT INTO briefs (title, body, programme, from_day, to_day, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            brief.title,
            brief.body,
            brief.programme,
            brief.from_day,
            brief.to_day,
            to_stored(now)
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

fn unknown_target() -> Error {
    Error::Rejected {
        code: "brief.unknown_agency",
        message:
            "PD yang dipilih tidak ada atau sudah dicabut. Muat ulang halaman lalu pilih lagi."
                .to_owned(),
    }
}

/// Records a brief with its targets (none: every agency) and attachments in one transaction:
/// either all of it is stored or nothing. Targets must be agencies that are not revoked.
pub fn create(
    conn: &mut Connection,
    brief: &NewBrief,
    targets: &[i64],
    attachments: &[NewAttachment],
    now: OffsetDateTime,
) -> Result<i64, Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let id = insert_brief(&tx, brief, now)?;
    {
        let mut known =
            tx.prepare("SELECT 1 FROM agencies WHERE id = ?1 AND revoked_at IS NULL")?;
        let mut target = tx.prepare(
            "INSERT INTO brief_targets (brief_id, agency_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?;
        for agency_id in targets {
            if !known.exists([agency_id])? {
                return Err(unknown_target());
            }
            target.execute(params![id, agency_id])?;
        }
        let mut attach = tx.prepare(
            "INSERT INTO brief_attachments (brief_id, file_name, content_type, bytes)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for file in attachments {
            attach.execute(params![id, file.file_name, file.content_type, file.bytes])?;
        }
    }
    tx.commit()?;
    Ok(id)
}

/// The ids of agencies with these codes, for `brief add --agency`; unknown codes fail.
pub fn agency_ids(
    conn: &Connection,
    codes: &[crate::agency::AgencyCode],
) -> Result<Vec<i64>, Error> {
    codes
        .iter()
        .map(|code| super::agencies::find_id(conn, code))
        .collect()
}

/// The condition "brief `b` is for agency ?N": it has no targets, or the agency is one.
const FOR_AGENCY: &str = "(NOT EXISTS (SELECT 1 FROM brief_targets t WHERE t.brief_id = b.id)
      OR EXISTS (SELECT 1 FROM brief_targets t WHERE t.brief_id = b.id AND t.agency_id = ?2))";

/// The briefs for `agency_id` whose last day is `since` (`YYYY-MM-DD`) or later, by first
/// day then id, each with its attachments' metadata.
pub fn for_agency(conn: &Connection, agency_id: i64, since: &str) -> Result<Vec<Brief>, Error> {
    let sql = format!(
        "SELECT b.id, b.title, b.body, b.programme, b.from_day, b.to_day FROM briefs b
         WHERE b.to_day >= ?1 AND {FOR_AGENCY} ORDER BY b.from_day, b.id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params![since, agency_id], |row| {
        Ok(Brief {
            id: row.get(0)?,
            title: row.get(1)?,
            body: row.get(2)?,
            programme: row.get(3)?,
            from_day: row.get(4)?,
            to_day: row.get(5)?,
            attachments: Vec::new(),
        })
    })?;
    let mut briefs: Vec<Brief> = rows.collect::<Result<_, _>>()?;
    for brief in &mut briefs {
        brief.attachments = attachments(conn, brief.id)?;
    }
    Ok(briefs)
}

/// The metadata of a brief's attachments, in the order they were attached.
pub fn attachments(conn: &Connection, brief_id: i64) -> Result<Vec<BriefAttachment>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT id, file_name, content_type, length(bytes) FROM brief_attachments
         WHERE brief_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([brief_id], |row| {
        Ok(BriefAttachment {
            id: row.get(0)?,
            file_name: row.get(1)?,
            content_type: row.get(2)?,
            size_bytes: row.get::<_, i64>(3)?.max(0).unsigned_abs(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Attachment `id` of brief `brief_id`, when the brief is for `agency_id` (any agency when
/// `None`, as for Diskominfo's officers).
pub fn attachment_file(
    conn: &Connection,
    brief_id: i64,
    id: i64,
    agency_id: Option<i64>,
) -> Result<Option<AttachmentFile>, Error> {
    let sql = format!(
        "SELECT a.file_name, a.content_type, a.bytes
         FROM brief_attachments a JOIN briefs b ON b.id = a.brief_id
         WHERE a.id = ?1 AND a.brief_id = ?3 AND (?2 IS NULL OR {FOR_AGENCY})"
    );
    Ok(conn
        .query_row(&sql, params![id, agency_id, brief_id], |row| {
            Ok(AttachmentFile {
                file_name: row.get(0)?,
                content_type: row.get(1)?,
                bytes: row.get(2)?,
            })
        })
        .optional()?)
}

/// Records the posts `agency_id` reported, all or none, in one transaction. Each must answer
/// a brief that exists and is for the agency, on a day not before the brief's first day.
/// Idempotent on (brief, agency, url): a post already held is counted as unchanged. Refused,
/// with nothing stored, when the new posts would take the agency past
/// [`MAX_FULFILMENTS_PER_AGENCY`].
pub fn record_fulfilments(
    conn: &mut Connection,
    agency_id: i64,
    items: &[CheckedFulfilment],
    now: OffsetDateTime,
) -> Result<Recorded, Error> {
    let reported_at = to_stored(now);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut counts = Recorded::default();
    {
        let sql = format!("SELECT b.from_day FROM briefs b WHERE b.id = ?1 AND {FOR_AGENCY}");
        let mut brief = tx.prepare(&sql)?;
        let mut insert = tx.prepare(
            "INSERT INTO brief_fulfilments (brief_id, agency_id, platform, url, day, reported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        )?;
        for item in items {
            let from_day: String = brief
                .query_row(params![item.brief_id, agency_id], |row| row.get(0))
                .optional()?
                .ok_or_else(|| Error::Rejected {
                    code: "fulfilment.unknown_brief",
                    message: format!(
                        "Unggahan ke-{}: arahan #{} tidak ada atau bukan untuk PD ini.",
                        item.position, item.brief_id
                    ),
                })?;
            let day = format_day(item.day);
            if day < from_day {
                return Err(Error::Rejected {
                    code: "fulfilment.day_out_of_range",
                    message: format!(
                        "Unggahan ke-{}: tanggal {day} sebelum arahan #{} dimulai ({from_day}).",
                        item.position, item.brief_id
                    ),
                });
            }
            let added = insert.execute(params![
                item.brief_id,
                agency_id,
                item.platform.as_str(),
                item.url,
                day,
                reported_at
            ])?;
            if added == 1 {
                counts.recorded += 1;
            } else {
                counts.unchanged += 1;
            }
        }
    }
    if counts.recorded > 0 {
        let held: i64 = tx.query_row(
            "SELECT COUNT(*) FROM brief_fulfilments WHERE agency_id = ?1",
            [agency_id],
            |row| row.get(0),
        )?;
        if held > MAX_FULFILMENTS_PER_AGENCY {
            // Dropping `tx` rolls the whole batch back.
            return Err(Error::Rejected {
                code: "agency.fulfilments_cap_reached",
                message: format!(
                    "PD ini sudah mencapai batas {MAX_FULFILMENTS_PER_AGENCY} unggahan jawaban arahan di Medsos Hub; \
                     unggahan baru tidak disimpan. Hubungi Diskominfo."
                ),
            });
        }
    }
    tx.commit()?;
    Ok(counts)
}

/// Every agency that is not revoked, by code.
pub fn agency_choices(conn: &Connection) -> Result<Vec<AgencyChoice>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT id, code, name FROM agencies WHERE revoked_at IS NULL ORDER BY code",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(AgencyChoice {
            id: row.get(0)?,
            code: row.get(1)?,
            name: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Agencies (not revoked) brief `b` is for, and those of them that answered it.
const COVERAGE: &str = "
    (SELECT COUNT(*) FROM agencies a WHERE a.revoked_at IS NULL AND
        (NOT EXISTS (SELECT 1 FROM brief_targets t WHERE t.brief_id = b.id)
         OR EXISTS (SELECT 1 FROM brief_targets t WHERE t.brief_id = b.id AND t.agency_id = a.id))),
    (SELECT COUNT(*) FROM agencies a WHERE a.revoked_at IS NULL AND
        (NOT EXISTS (SELECT 1 FROM brief_targets t WHERE t.brief_id = b.id)
         OR EXISTS (SELECT 1 FROM brief_targets t WHERE t.brief_id = b.id AND t.agency_id = a.id))
        AND EXISTS (SELECT 1 FROM brief_fulfilments f WHERE f.brief_id = b.id AND f.agency_id = a.id))";

/// Every brief, newest first (latest recorded), at most `limit`.
pub fn list(conn: &Connection, limit: usize) -> Result<Vec<BriefSummary>, Error> {
    let sql = format!(
        "SELECT b.id, b.title, b.programme, b.from_day, b.to_day,
                (SELECT COUNT(*) FROM brief_attachments x WHERE x.brief_id = b.id), {COVERAGE}
         FROM briefs b ORDER BY b.id DESC LIMIT ?1"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], summary_row)?;
    let mut briefs: Vec<BriefSummary> = rows.collect::<Result<_, _>>()?;
    for brief in &mut briefs {
        brief.targets = targets(conn, brief.id)?;
    }
    Ok(briefs)
}

fn summary_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<BriefSummary> {
    let count = |n: usize| -> rusqlite::Result<usize> {
        Ok(usize::try_from(row.get::<_, i64>(n)?).unwrap_or(0))
    };
    Ok(BriefSummary {
        id: row.get(0)?,
        title: row.get(1)?,
        programme: row.get(2)?,
        from_day: row.get(3)?,
        to_day: row.get(4)?,
        targets: Vec::new(),
        attachments: count(5)?,
        addressed: count(6)?,
        fulfilled: count(7)?,
    })
}

/// The agencies a brief was addressed to, by code; empty when it is for every agency.
pub fn targets(conn: &Connection, brief_id: i64) -> Result<Vec<AgencyChoice>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT a.id, a.code, a.name FROM brief_targets t JOIN agencies a ON a.id = t.agency_id
         WHERE t.brief_id = ?1 ORDER BY a.code",
    )?;
    let rows = statement.query_map([brief_id], |row| {
        Ok(AgencyChoice {
            id: row.get(0)?,
            code: row.get(1)?,
            name: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn detail(conn: &Connection, id: i64) -> Result<Option<BriefDetail>, Error> {
    let sql = format!(
        "SELECT b.id, b.title, b.programme, b.from_day, b.to_day,
                (SELECT COUNT(*) FROM brief_attachments x WHERE x.brief_id = b.id), {COVERAGE},
                b.body, b.created_at
         FROM briefs b WHERE b.id = ?1"
    );
    let found = conn
        .query_row(&sql, [id], |row| {
            Ok((summary_row(row)?, row.get::<_, String>(8)?, row.get(9)?))
        })
        .optional()?;
    let Some((mut summary, body, created_at)) = found else {
        return Ok(None);
    };
    summary.targets = targets(conn, id)?;
    let mut statement = conn.prepare_cached(&format!(
        "SELECT a.id, a.code, a.name FROM agencies a, briefs b
         WHERE b.id = ?1 AND a.revoked_at IS NULL AND {}
         ORDER BY a.code",
        FOR_AGENCY.replace("?2", "a.id")
    ))?;
    let agencies = statement
        .query_map([id], |row| {
            Ok(AgencyChoice {
                id: row.get(0)?,
                code: row.get(1)?,
                name: row.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut posts = conn.prepare_cached(
        "SELECT platform, url, day FROM brief_fulfilments
         WHERE brief_id = ?1 AND agency_id = ?2 ORDER BY day, url",
    )?;
    let mut coverage = Vec::with_capacity(agencies.len());
    for agency in agencies {
        let reported = posts
            .query_map(params![id, agency.id], |row| {
                Ok(ReportedPost {
                    platform: row.get(0)?,
                    url: row.get(1)?,
                    day: row.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        coverage.push(AgencyCoverage {
            agency,
            posts: reported,
        });
    }
    Ok(Some(BriefDetail {
        summary,
        body,
        created_at,
        attachments: attachments(conn, id)?,
        coverage,
    }))
}
