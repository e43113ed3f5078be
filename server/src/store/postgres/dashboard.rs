//! The rows the dashboard computes from (as `sqlite::dashboard`): settings, the agencies'
//! lines, their figures day by day, complaints counted by month.

use super::devices::instant;
use super::PgStore;
use crate::clock::{format_day, parse_day};
use crate::error::Error;
use crate::store::dashboard::{AgencyInfo, AgencyLine, DayFact, DayFigures, MonthCount};
use postgres::fallible_iterator::FallibleIterator;
use time::Date;

impl PgStore {
    /// Settings saved, as (key, value) text.
    pub fn dashboard_settings(&self) -> Result<Vec<(String, String)>, Error> {
        self.conn()?
            .query("SELECT key, value FROM dashboard_settings", &[])?
            .iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect()
    }

    /// Saves all (key, value) settings in one transaction.
    pub fn save_dashboard_settings(&self, entries: &[(&str, String)]) -> Result<(), Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let upsert = tx.prepare(
            "INSERT INTO dashboard_settings (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?;
        for (key, value) in entries {
            tx.execute(&upsert, &[key, value])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every agency, by name then code, with its approved accounts.
    pub fn overview_agencies(&self) -> Result<Vec<AgencyLine>, Error> {
        self.conn()?
            .query(
                "SELECT a.id, a.code, a.name, a.revoked_at IS NOT NULL, a.last_sync_at,
                        COALESCE(c.total, 0), COALESCE(c.verified, 0), a.region_code
                 FROM agencies a
                 LEFT JOIN (SELECT agency_id, COUNT(*) AS total,
                                   COUNT(DISTINCT CASE WHEN verified THEN platform END) AS verified
                            FROM account_listings WHERE state = 'approved'
                            GROUP BY agency_id) c ON c.agency_id = a.id
                 ORDER BY a.name, a.code",
                &[],
            )?
            .iter()
            .map(|row| {
                Ok(AgencyLine {
                    id: row.try_get(0)?,
                    code: row.try_get(1)?,
                    name: row.try_get(2)?,
                    revoked: row.try_get(3)?,
                    last_sync: instant(row, 4)?,
                    accounts_total: row.try_get(5)?,
                    accounts_verified: row.try_get(6)?,
                    region: row.try_get(7)?,
                })
            })
            .collect()
    }

    /// Calls `visit` with every agency's figures of each day `from..=to`, in no set order,
    /// streamed from the server (no year of rows collected first).
    pub fn each_day_fact(
        &self,
        from: Date,
        to: Date,
        visit: &mut dyn FnMut(DayFact),
    ) -> Result<(), Error> {
        let (from, to) = (format_day(from), format_day(to));
        let mut conn = self.conn()?;
        let mut rows = conn.query_raw(
            "SELECT agency_id, CAST(day::date - $1::text::date AS BIGINT),
                    ig_published, fb_published, ig_missed, fb_missed, received,
                    answered_in_time, resolved, overdue, median_first_response
             FROM day_facts WHERE day BETWEEN $1 AND $2",
            [&from, &to],
        )?;
        while let Some(row) = rows.next()? {
            visit(DayFact {
                agency_id: row.try_get(0)?,
                offset: row.try_get(1)?,
                ig_published: row.try_get(2)?,
                fb_published: row.try_get(3)?,
                ig_missed: row.try_get(4)?,
                fb_missed: row.try_get(5)?,
                received: row.try_get(6)?,
                answered_in_time: row.try_get(7)?,
                resolved: row.try_get(8)?,
                overdue: row.try_get(9)?,
                median_first_response: row.try_get(10)?,
            });
        }
        Ok(())
    }

    /// The agency with this code (as stored, uppercase), if there is one.
    pub fn agency_info(&self, code: &str) -> Result<Option<AgencyInfo>, Error> {
        self.conn()?
            .query_opt(
                "SELECT id, code, name, created_at, revoked_at, last_sync_at, region_code
                 FROM agencies WHERE code = $1",
                &[&code],
            )?
            .map(|row| {
                Ok(AgencyInfo {
                    id: row.try_get(0)?,
                    code: row.try_get(1)?,
                    name: row.try_get(2)?,
                    created_at: instant(&row, 3)?,
                    revoked_at: instant(&row, 4)?,
                    last_sync: instant(&row, 5)?,
                    region: row.try_get(6)?,
                })
            })
            .transpose()
    }

    /// The agency's reported days `from..=to`, in no set order.
    pub fn agency_days(
        &self,
        agency_id: i64,
        from: Date,
        to: Date,
    ) -> Result<Vec<DayFigures>, Error> {
        let rows = self.conn()?.query(
            "SELECT day, ig_published, fb_published, ig_missed, fb_missed, received,
                    answered_in_time, resolved, overdue, open_backlog, median_first_response
             FROM day_facts WHERE agency_id = $1 AND day BETWEEN $2 AND $3",
            &[&agency_id, &format_day(from), &format_day(to)],
        )?;
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let Some(day) = parse_day(&row.try_get::<_, String>(0)?) else {
                continue;
            };
            found.push(DayFigures {
                day,
                reported: true,
                ig_published: row.try_get(1)?,
                fb_published: row.try_get(2)?,
                ig_missed: row.try_get(3)?,
                fb_missed: row.try_get(4)?,
                received: row.try_get(5)?,
                answered_in_time: row.try_get(6)?,
                resolved: row.try_get(7)?,
                overdue: row.try_get(8)?,
                open_backlog: row.try_get(9)?,
                median_first_response: row.try_get(10)?,
            });
        }
        Ok(found)
    }

    /// Complaints of the days `from..=to` along `dimension`, summed per month and name.
    pub fn complaint_counts_in(
        &self,
        dimension: &str,
        from: Date,
        to: Date,
        region: Option<&crate::region::RegionCode>,
    ) -> Result<Vec<MonthCount>, Error> {
        // A regency's code matches itself; a province's, its regencies' (`32` → `32.%`).
        self.conn()?
            .query(
                "SELECT substr(day, 1, 7), name, CAST(SUM(count) AS BIGINT) FROM day_counts
                 WHERE dimension = $1 AND day BETWEEN $2 AND $3
                   AND ($4::text IS NULL
                        OR agency_id IN (SELECT id FROM agencies
                                         WHERE region_code = $4 OR region_code LIKE $4 || '.%'))
                 GROUP BY substr(day, 1, 7), name",
                &[
                    &dimension,
                    &format_day(from),
                    &format_day(to),
                    &region.map(|r| r.as_str()),
                ],
            )?
            .iter()
            .map(|row| {
                Ok(MonthCount {
                    month: row.try_get(0)?,
                    name: row.try_get(1)?,
                    count: row.try_get(2)?,
                })
            })
            .collect()
    }

    /// Agencies that have sent impersonation reports, as (code, name), by name.
    pub fn reporting_agencies(&self) -> Result<Vec<(String, String)>, Error> {
        self.conn()?
            .query(
                "SELECT code, name FROM agencies
                 WHERE id IN (SELECT DISTINCT agency_id FROM impersonation_reports)
                 ORDER BY name, code",
                &[],
            )?
            .iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect()
    }
}
