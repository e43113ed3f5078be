//! Diskominfo's content briefs (arahan konten): for every PD or for chosen ones, with
//! attached files, and the posts agencies reported in answer to them (as `sqlite::briefs`).

use super::{agencies, PgStore};
use crate::agency::AgencyCode;
use crate::brief::{CheckedFulfilment, NewBrief};
use crate::clock::{format_day, to_stored};
use crate::error::Error;
use crate::store::briefs::{
    AgencyChoice, AgencyCoverage, AttachmentFile, BriefDetail, BriefSummary, NewAttachment,
    Recorded, ReportedPost, MAX_FULFILMENTS_PER_AGENCY,
};
use medsos_protocol::{Brief, BriefAttachment};
use postgres::GenericClient;
use time::OffsetDateTime;

fn unknown_target() -> Error {
    Error::Rejected {
        code: "brief.unknown_agency",
        message:
            "PD yang dipilih tidak ada atau sudah dicabut. Muat ulang halaman lalu pilih lagi."
                .to_owned(),
    }
}

/// The condition "brief `b` is for agency `agency`" (a parameter such as `$2`, or a
/// column): it has no targets, or the agency is one.
fn for_agency(agency: &str) -> String {
    format!(
        "(NOT EXISTS (SELECT 1 FROM brief_targets t WHERE t.brief_id = b.id)
          OR EXISTS (SELECT 1 FROM brief_targets t WHERE t.brief_id = b.id AND t.agency_id = {agency}))"
    )
}

/// Agencies (not revoked) brief `b` is for, and those of them that answered it.
fn coverage() -> String {
    let for_a = for_agency("a.id");
    format!(
        "(SELECT COUNT(*) FROM agencies a WHERE a.revoked_at IS NULL AND {for_a}),
         (SELECT COUNT(*) FROM agencies a WHERE a.revoked_at IS NULL AND {for_a}
             AND EXISTS (SELECT 1 FROM brief_fulfilments f
                         WHERE f.brief_id = b.id AND f.agency_id = a.id))"
    )
}

fn choice(row: &postgres::Row) -> Result<AgencyChoice, Error> {
    Ok(AgencyChoice {
        id: row.try_get(0)?,
        code: row.try_get(1)?,
        name: row.try_get(2)?,
    })
}

fn summary_row(row: &postgres::Row) -> Result<BriefSummary, Error> {
    let count = |n: usize| -> Result<usize, Error> {
        Ok(usize::try_from(row.try_get::<_, i64>(n)?).unwrap_or(0))
    };
    Ok(BriefSummary {
        id: row.try_get(0)?,
        title: row.try_get(1)?,
        programme: row.try_get(2)?,
        from_day: row.try_get(3)?,
        to_day: row.try_get(4)?,
        targets: Vec::new(),
        attachments: count(5)?,
        addressed: count(6)?,
        fulfilled: count(7)?,
    })
}

fn attachments(
    client: &mut impl GenericClient,
    brief_id: i64,
) -> Result<Vec<BriefAttachment>, Error> {
    client
        .query(
            "SELECT id, file_name, content_type, CAST(length(bytes) AS BIGINT)
             FROM brief_attachments WHERE brief_id = $1 ORDER BY id",
            &[&brief_id],
        )?
        .iter()
        .map(|row| {
            Ok(BriefAttachment {
                id: row.try_get(0)?,
                file_name: row.try_get(1)?,
                content_type: row.try_get(2)?,
                size_bytes: row.try_get::<_, i64>(3)?.max(0).unsigned_abs(),
            })
        })
        .collect()
}

fn targets(client: &mut impl GenericClient, brief_id: i64) -> Result<Vec<AgencyChoice>, Error> {
    client
        .query(
            "SELECT a.id, a.code, a.name FROM brief_targets t JOIN agencies a ON a.id = t.agency_id
             WHERE t.brief_id = $1 ORDER BY a.code",
            &[&brief_id],
        )?
        .iter()
        .map(choice)
        .collect()
}

impl PgStore {
    /// Records a brief with its targets (none: every agency) and attachments in one
    /// transaction: either all of it is stored or nothing. Targets must be agencies that are
    /// not revoked.
    pub fn create_brief(
        &self,
        brief: &NewBrief,
        targets: &[i64],
        attachments: &[NewAttachment],
        now: OffsetDateTime,
    ) -> Result<i64, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let id: i64 = tx
            .query_one(
                "INSERT INTO briefs (title, body, programme, from_day, to_day, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[
                    &brief.title,
                    &brief.body,
                    &brief.programme,
                    &brief.from_day,
                    &brief.to_day,
                    &to_stored(now),
                ],
            )?
            .try_get(0)?;
        let known =
            tx.prepare("SELECT 1 FROM agencies WHERE id = $1 AND revoked_at IS NULL FOR SHARE")?;
        let target = tx.prepare(
            "INSERT INTO brief_targets (brief_id, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )?;
        for agency_id in targets {
            if tx.query_opt(&known, &[agency_id])?.is_none() {
                return Err(unknown_target());
            }
            tx.execute(&target, &[&id, agency_id])?;
        }
        let attach = tx.prepare(
            "INSERT INTO brief_attachments (brief_id, file_name, content_type, bytes)
             VALUES ($1, $2, $3, $4)",
        )?;
        for file in attachments {
            tx.execute(
                &attach,
                &[&id, &file.file_name, &file.content_type, &file.bytes],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// The ids of agencies with these codes, for `brief add --agency`; unknown codes fail.
    pub fn brief_agency_ids(&self, codes: &[AgencyCode]) -> Result<Vec<i64>, Error> {
        let mut conn = self.conn()?;
        codes
            .iter()
            .map(|code| agencies::find_id(&mut **conn, code))
            .collect()
    }

    /// The briefs for `agency_id` whose last day is `since` (`YYYY-MM-DD`) or later, by first
    /// day then id, each with its attachments' metadata.
    pub fn briefs_for_agency(&self, agency_id: i64, since: &str) -> Result<Vec<Brief>, Error> {
        let mut conn = self.conn()?;
        let sql = format!(
            "SELECT b.id, b.title, b.body, b.programme, b.from_day, b.to_day FROM briefs b
             WHERE b.to_day >= $1 AND {} ORDER BY b.from_day, b.id",
            for_agency("$2")
        );
        let rows = conn.query(&sql, &[&since, &agency_id])?;
        let mut briefs = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.try_get(0)?;
            briefs.push(Brief {
                id,
                title: row.try_get(1)?,
                body: row.try_get(2)?,
                programme: row.try_get(3)?,
                from_day: row.try_get(4)?,
                to_day: row.try_get(5)?,
                attachments: attachments(&mut **conn, id)?,
            });
        }
        Ok(briefs)
    }

    /// The metadata of a brief's attachments, in the order they were attached.
    pub fn brief_attachments(&self, brief_id: i64) -> Result<Vec<BriefAttachment>, Error> {
        attachments(&mut **self.conn()?, brief_id)
    }

    /// Attachment `id` of brief `brief_id`, when the brief is for `agency_id` (any agency
    /// when `None`, as for Diskominfo's officers).
    pub fn brief_attachment_file(
        &self,
        brief_id: i64,
        id: i64,
        agency_id: Option<i64>,
    ) -> Result<Option<AttachmentFile>, Error> {
        let sql = format!(
            "SELECT a.file_name, a.content_type, a.bytes
             FROM brief_attachments a JOIN briefs b ON b.id = a.brief_id
             WHERE a.id = $1 AND a.brief_id = $3 AND ($2::bigint IS NULL OR {})",
            for_agency("$2")
        );
        self.conn()?
            .query_opt(&sql, &[&id, &agency_id, &brief_id])?
            .map(|row| {
                Ok(AttachmentFile {
                    file_name: row.try_get(0)?,
                    content_type: row.try_get(1)?,
                    bytes: row.try_get(2)?,
                })
            })
            .transpose()
    }

    /// Records the posts `agency_id` reported, all or none, in one transaction (see
    /// `sqlite::briefs::record_fulfilments`). The agency's row is locked first so that the
    /// cap holds across hub processes.
    pub fn record_fulfilments(
        &self,
        agency_id: i64,
        items: &[CheckedFulfilment],
        now: OffsetDateTime,
    ) -> Result<Recorded, Error> {
        let reported_at = to_stored(now);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        tx.execute(
            "SELECT 1 FROM agencies WHERE id = $1 FOR UPDATE",
            &[&agency_id],
        )?;
        let mut counts = Recorded::default();
        let brief = tx.prepare(&format!(
            "SELECT b.from_day FROM briefs b WHERE b.id = $1 AND {}",
            for_agency("$2")
        ))?;
        let insert = tx.prepare(
            "INSERT INTO brief_fulfilments (brief_id, agency_id, platform, url, day, reported_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )?;
        for item in items {
            let from_day: String = tx
                .query_opt(&brief, &[&item.brief_id, &agency_id])?
                .ok_or_else(|| Error::Rejected {
                    code: "fulfilment.unknown_brief",
                    message: format!(
                        "Unggahan ke-{}: arahan #{} tidak ada atau bukan untuk PD ini.",
                        item.position, item.brief_id
                    ),
                })?
                .try_get(0)?;
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
            let added = tx.execute(
                &insert,
                &[
                    &item.brief_id,
                    &agency_id,
                    &item.platform.as_str(),
                    &item.url,
                    &day,
                    &reported_at,
                ],
            )?;
            if added == 1 {
                counts.recorded += 1;
            } else {
                counts.unchanged += 1;
            }
        }
        if counts.recorded > 0 {
            let held: i64 = tx
                .query_one(
                    "SELECT COUNT(*) FROM brief_fulfilments WHERE agency_id = $1",
                    &[&agency_id],
                )?
                .try_get(0)?;
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
    pub fn brief_agency_choices(&self) -> Result<Vec<AgencyChoice>, Error> {
        self.conn()?
            .query(
                "SELECT id, code, name FROM agencies WHERE revoked_at IS NULL ORDER BY code",
                &[],
            )?
            .iter()
            .map(choice)
            .collect()
    }

    /// Every brief, newest first (latest recorded), at most `limit`.
    pub fn briefs(&self, limit: usize) -> Result<Vec<BriefSummary>, Error> {
        let mut conn = self.conn()?;
        let sql = format!(
            "SELECT b.id, b.title, b.programme, b.from_day, b.to_day,
                    (SELECT COUNT(*) FROM brief_attachments x WHERE x.brief_id = b.id), {}
             FROM briefs b ORDER BY b.id DESC LIMIT $1",
            coverage()
        );
        let rows = conn.query(&sql, &[&i64::try_from(limit).unwrap_or(i64::MAX)])?;
        let mut briefs = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut brief = summary_row(row)?;
            brief.targets = targets(&mut **conn, brief.id)?;
            briefs.push(brief);
        }
        Ok(briefs)
    }

    /// The agencies a brief was addressed to, by code; empty when it is for every agency.
    pub fn brief_targets(&self, brief_id: i64) -> Result<Vec<AgencyChoice>, Error> {
        targets(&mut **self.conn()?, brief_id)
    }

    pub fn brief_detail(&self, id: i64) -> Result<Option<BriefDetail>, Error> {
        let mut conn = self.conn()?;
        let sql = format!(
            "SELECT b.id, b.title, b.programme, b.from_day, b.to_day,
                    (SELECT COUNT(*) FROM brief_attachments x WHERE x.brief_id = b.id), {},
                    b.body, b.created_at
             FROM briefs b WHERE b.id = $1",
            coverage()
        );
        let Some(row) = conn.query_opt(&sql, &[&id])? else {
            return Ok(None);
        };
        let mut summary = summary_row(&row)?;
        let body: String = row.try_get(8)?;
        let created_at: String = row.try_get(9)?;
        summary.targets = targets(&mut **conn, id)?;
        let agencies: Vec<AgencyChoice> = conn
            .query(
                &format!(
                    "SELECT a.id, a.code, a.name FROM agencies a, briefs b
                     WHERE b.id = $1 AND a.revoked_at IS NULL AND {}
                     ORDER BY a.code",
                    for_agency("a.id")
                ),
                &[&id],
            )?
            .iter()
            .map(choice)
            .collect::<Result<_, _>>()?;
        let posts = conn.prepare(
            "SELECT platform, url, day FROM brief_fulfilments
             WHERE brief_id = $1 AND agency_id = $2 ORDER BY day, url",
        )?;
        let mut coverage = Vec::with_capacity(agencies.len());
        for agency in agencies {
            let reported = conn
                .query(&posts, &[&id, &agency.id])?
                .iter()
                .map(|row| {
                    Ok(ReportedPost {
                        platform: row.try_get(0)?,
                        url: row.try_get(1)?,
                        day: row.try_get(2)?,
                    })
                })
                .collect::<Result<Vec<_>, Error>>()?;
            coverage.push(AgencyCoverage {
                agency,
                posts: reported,
            });
        }
        Ok(Some(BriefDetail {
            summary,
            body,
            created_at,
            attachments: attachments(&mut **conn, id)?,
            coverage,
        }))
    }
}
