//! The rows the dashboard computes from (as `sqlite::dashboard`): settings, the agencies'
//! lines, their figures day by day, complaints counted by month.

use super::devices::instant;
use super::PgStore;
use crate::clock::{format_day, parse_day};
use crate::error::Error;
use crate::region::RegionCode;
use crate::store::dashboard::{
    AgencyInfo, AgencyLine, AgencyTotals, DayFact, DayFigures, MonthCount, TrendBuckets,
};
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

    /// The agencies in `region` (`None`: every agency), by name then code, with their
    /// approved accounts.
    pub fn overview_agencies_in(
        &self,
        region: Option<&RegionCode>,
    ) -> Result<Vec<AgencyLine>, Error> {
        let (code, within) = region_filter(region);
        self.conn()?
            .query(
                "SELECT a.id, a.code, a.name, a.revoked_at IS NOT NULL, a.last_sync_at,
                        COALESCE(c.total, 0), COALESCE(c.verified, 0), a.region_code
                 FROM agencies a
                 LEFT JOIN (SELECT agency_id, COUNT(*) AS total,
                                   COUNT(DISTINCT CASE WHEN verified THEN platform END) AS verified
                            FROM account_listings WHERE state = 'approved'
                            GROUP BY agency_id) c ON c.agency_id = a.id
                 WHERE $1::text IS NULL OR a.region_code = $1 OR a.region_code LIKE $2
                 ORDER BY a.name, a.code",
                &[&code, &within],
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

    /// Every agency, by name then code, with its approved accounts.
    pub fn overview_agencies(&self) -> Result<Vec<AgencyLine>, Error> {
        self.overview_agencies_in(None)
    }

    /// Each agency's figures of `from..=to` summed in one query (as
    /// `dashboard::totals_from_day_facts` sums them): one row per agency with its totals and
    /// one per (agency, trend bucket) with the bucket's posts, from one grouping of the
    /// period's rows.
    pub fn overview_totals(
        &self,
        from: Date,
        to: Date,
        buckets: TrendBuckets,
        region: Option<&RegionCode>,
    ) -> Result<Vec<AgencyTotals>, Error> {
        let (code, within) = region_filter(region);
        let rows = self.conn()?.query(
            OVERVIEW_TOTALS,
            &[
                &format_day(from),
                &format_day(to),
                &buckets.lead,
                &buckets.days.max(1),
                &code,
                &within,
            ],
        )?;
        let mut found: Vec<AgencyTotals> = Vec::new();
        let mut index: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        let mut trend: Vec<(i64, i64, i64)> = Vec::new();
        for row in &rows {
            let agency_id: i64 = row.try_get(0)?;
            let bucket: Option<i64> = row.try_get(1)?;
            if let Some(bucket) = bucket {
                trend.push((agency_id, bucket, row.try_get(2)?));
                continue;
            }
            index.insert(agency_id, found.len());
            found.push(AgencyTotals {
                agency_id,
                ig_published: row.try_get(3)?,
                fb_published: row.try_get(4)?,
                ig_missed: row.try_get(5)?,
                fb_missed: row.try_get(6)?,
                received: row.try_get(7)?,
                answered_in_time: row.try_get(8)?,
                resolved: row.try_get(9)?,
                days_reported: row.try_get(10)?,
                overdue: row.try_get(11)?,
                median_first_response: row.try_get(12)?,
                trend: Vec::new(),
            });
        }
        trend.sort_unstable();
        for (agency_id, bucket, posts) in trend {
            if let Some(&i) = index.get(&agency_id) {
                found[i].trend.push((bucket, posts));
            }
        }
        Ok(found)
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
                "SELECT id, code, name, created_at, revoked_at, last_sync_at
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
    pub fn complaint_counts(
        &self,
        dimension: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<MonthCount>, Error> {
        self.conn()?
            .query(
                "SELECT substr(day, 1, 7), name, CAST(SUM(count) AS BIGINT) FROM day_counts
                 WHERE dimension = $1 AND day BETWEEN $2 AND $3
                 GROUP BY substr(day, 1, 7), name",
                &[&dimension, &format_day(from), &format_day(to)],
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

/// The region filter's parameters: the code, and the LIKE pattern of the regencies and cities
/// in it (`32.%` for the province `32`; a regency's pattern matches nothing).
fn region_filter(region: Option<&RegionCode>) -> (Option<String>, Option<String>) {
    match region {
        None => (None, None),
        Some(code) => (
            Some(code.as_str().to_owned()),
            Some(format!("{}.%", code.as_str())),
        ),
    }
}

/// The overview's totals: $1..$2 the period's first and last day, $3 the trend's lead and $4
/// its days per bucket, $5 a region code (NULL: every agency) and $6 the LIKE pattern of its
/// regencies. The grouping sets give one row per agency (bucket NULL) and one per agency and
/// bucket. The last day's backlog is the greatest [offset, overdue] pair (the offset is unique
/// per agency); the median of medians is the middle of the sorted array, or the mean of the
/// two middles in integer division, as `dashboard::median`.
const OVERVIEW_TOTALS: &str = "
WITH facts AS (
    SELECT f.agency_id, f.day::date - $1::text::date AS day_offset,
           f.ig_published, f.fb_published, f.ig_missed, f.fb_missed, f.received,
           f.answered_in_time, f.resolved, f.overdue, f.median_first_response
    FROM day_facts f
    WHERE f.day BETWEEN $1 AND $2
      AND ($5::text IS NULL OR f.agency_id IN (
          SELECT a.id FROM agencies a WHERE a.region_code = $5 OR a.region_code LIKE $6))
),
grouped AS (
    SELECT agency_id,
           ($3::bigint + day_offset) / $4::bigint AS bucket,
           GROUPING(($3::bigint + day_offset) / $4::bigint) = 1 AS whole,
           SUM(ig_published + fb_published) AS posts,
           SUM(ig_published) AS ig_published, SUM(fb_published) AS fb_published,
           SUM(ig_missed) AS ig_missed, SUM(fb_missed) AS fb_missed,
           SUM(received) AS received, SUM(answered_in_time) AS answered_in_time,
           SUM(resolved) AS resolved, COUNT(*) AS days_reported,
           MAX(ARRAY[day_offset::bigint, overdue]) AS last_overdue,
           array_agg(median_first_response ORDER BY median_first_response)
               FILTER (WHERE median_first_response IS NOT NULL) AS medians
    FROM facts
    GROUP BY GROUPING SETS ((agency_id), (agency_id, ($3::bigint + day_offset) / $4::bigint))
)
SELECT agency_id, CASE WHEN whole THEN NULL ELSE bucket END,
       CAST(posts AS BIGINT),
       CAST(ig_published AS BIGINT), CAST(fb_published AS BIGINT),
       CAST(ig_missed AS BIGINT), CAST(fb_missed AS BIGINT),
       CAST(received AS BIGINT), CAST(answered_in_time AS BIGINT),
       CAST(resolved AS BIGINT), days_reported, last_overdue[2],
       CASE
           WHEN medians IS NULL THEN NULL
           WHEN cardinality(medians) % 2 = 1 THEN medians[cardinality(medians) / 2 + 1]
           ELSE (medians[cardinality(medians) / 2] + medians[cardinality(medians) / 2 + 1]) / 2
       END
FROM grouped";
