//! Reports of accounts that impersonate an agency, as the agencies' PCs send them, and the
//! lists the dashboard shows (as `sqlite::impersonation_reports`).

use super::PgStore;
use crate::clock::{from_stored, to_stored};
use crate::error::Error;
use crate::impersonation::CheckedReport;
use crate::store::impersonation_reports::{ListedReport, ReportFilter, MAX_REPORTS_PER_AGENCY};
use medsos_protocol::{Platform, ReportBatchResult, ReportStatus};
use time::OffsetDateTime;

impl PgStore {
    /// Upserts the reports by (agency, id), in one transaction: a report held with the same
    /// or a later `updated_at` is left as it is. Refused, with nothing stored, when the new
    /// ones would take the agency past [`MAX_REPORTS_PER_AGENCY`]. The agency's row is locked
    /// first, so two batches of one agency (two replicas) take turns and the cap holds.
    pub fn upsert_impersonation_reports(
        &self,
        agency_id: i64,
        reports: &[CheckedReport],
        now: OffsetDateTime,
    ) -> Result<ReportBatchResult, Error> {
        let received = to_stored(now);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        tx.execute(
            "SELECT 1 FROM agencies WHERE id = $1 FOR UPDATE",
            &[&agency_id],
        )?;
        let mut result = ReportBatchResult {
            recorded: 0,
            updated: 0,
            unchanged: 0,
        };
        let held = tx.prepare(
            "SELECT updated_at FROM impersonation_reports WHERE agency_id = $1 AND report_id = $2",
        )?;
        let write = tx.prepare(
            "INSERT INTO impersonation_reports
                 (agency_id, report_id, platform, handle, url, imitates, description, status,
                  first_seen_on, updated_at, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (agency_id, report_id) DO UPDATE SET
                 platform = excluded.platform, handle = excluded.handle, url = excluded.url,
                 imitates = excluded.imitates, description = excluded.description,
                 status = excluded.status, first_seen_on = excluded.first_seen_on,
                 updated_at = excluded.updated_at, received_at = excluded.received_at",
        )?;
        for report in reports {
            let previous: Option<String> = tx
                .query_opt(&held, &[&agency_id, &report.id])?
                .map(|row| row.try_get(0))
                .transpose()?;
            match &previous {
                // Stored instants are fixed width, so text order is time order.
                Some(at) if *at >= report.updated_at => {
                    result.unchanged += 1;
                    continue;
                }
                Some(_) => result.updated += 1,
                None => result.recorded += 1,
            }
            tx.execute(
                &write,
                &[
                    &agency_id,
                    &report.id,
                    &report.platform.as_str(),
                    &report.handle,
                    &report.url,
                    &report.imitates,
                    &report.description,
                    &report.status.as_str(),
                    &report.first_seen_on,
                    &report.updated_at,
                    &received,
                ],
            )?;
        }
        if result.recorded > 0 {
            let held: i64 = tx
                .query_one(
                    "SELECT COUNT(*) FROM impersonation_reports WHERE agency_id = $1",
                    &[&agency_id],
                )?
                .try_get(0)?;
            if held > MAX_REPORTS_PER_AGENCY {
                // Dropping `tx` rolls the whole batch back.
                return Err(Error::Rejected {
                    code: "agency.reports_cap_reached",
                    message: format!(
                        "PD ini sudah mencapai batas {MAX_REPORTS_PER_AGENCY} laporan akun palsu di Medsos Hub; \
                         laporan baru tidak disimpan. Hubungi Diskominfo."
                    ),
                });
            }
        }
        tx.commit()?;
        Ok(result)
    }

    /// Reports matching `filter`, newest first (by the day first seen, then the last
    /// change), at most `limit`.
    pub fn impersonation_reports(
        &self,
        filter: &ReportFilter,
        limit: usize,
    ) -> Result<Vec<ListedReport>, Error> {
        let rows = self.conn()?.query(
            "SELECT a.code, a.name, r.report_id, r.platform, r.handle, r.url, r.imitates,
                    r.description, r.status, r.first_seen_on, r.updated_at, r.received_at
             FROM impersonation_reports r JOIN agencies a ON a.id = r.agency_id
             WHERE ($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR a.code = $2)
             ORDER BY r.first_seen_on DESC, r.updated_at DESC, a.code, r.report_id
             LIMIT $3",
            &[
                &filter.status.map(ReportStatus::as_str),
                &filter.agency_code,
                &i64::try_from(limit).unwrap_or(i64::MAX),
            ],
        )?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let (Some(platform), Some(status)) = (
                Platform::parse(&row.try_get::<_, String>(3)?),
                ReportStatus::parse(&row.try_get::<_, String>(8)?),
            ) else {
                continue;
            };
            found.push(ListedReport {
                agency_code: row.try_get(0)?,
                agency_name: row.try_get(1)?,
                id: row.try_get(2)?,
                platform,
                handle: row.try_get(4)?,
                url: row.try_get(5)?,
                imitates: row.try_get(6)?,
                description: row.try_get(7)?,
                status,
                first_seen_on: row.try_get(9)?,
                updated_at: from_stored(&row.try_get::<_, String>(10)?),
                received_at: from_stored(&row.try_get::<_, String>(11)?),
            });
        }
        Ok(found)
    }

    /// How many reports are still active (seen, not yet reported to the platform), across
    /// agencies.
    pub fn active_impersonation_reports(&self) -> Result<i64, Error> {
        Ok(self
            .conn()?
            .query_one(
                "SELECT COUNT(*) FROM impersonation_reports WHERE status = 'masih_aktif'",
                &[],
            )?
            .try_get(0)?)
    }
}
