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

    /// Each agency's figures of `from..=to` summed by the database (as
    /// `dashboard::totals_from_day_facts` sums them): for whole calendar months, one query over
    /// the months' rollup (`overview_months`, kept by triggers as days are written); for any
    /// other period, one query over the period's days, grouped by agency.
    pub fn overview_totals(
        &self,
        from: Date,
        to: Date,
        buckets: TrendBuckets,
        region: Option<&RegionCode>,
    ) -> Result<Vec<AgencyTotals>, Error> {
        let (code, within) = region_filter(region);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        // Compiling the plan (JIT) costs more than it saves on queries of this size.
        tx.batch_execute("SET LOCAL jit = off")?;
        let mut found = Vec::new();
        if let Some((first, last)) = whole_months(from, to) {
            let start = i64::from(day_number(from));
            // One month needs no grouping: a row per agency as it is.
            let rows = if first == last {
                tx.query(OVERVIEW_ONE_MONTH, &[&first, &code, &within])?
            } else {
                tx.query(OVERVIEW_MONTHS, &[&first, &last, &code, &within])?
            };
            for row in rows {
                let days: Vec<i32> = row.try_get(12)?;
                let posts: Vec<i64> = row.try_get(13)?;
                // By day, so each bucket's days come together.
                let mut trend: Vec<(i64, i64)> = Vec::new();
                for (day, posts) in days.into_iter().zip(posts) {
                    let bucket = buckets.of(i64::from(day) - start);
                    match trend.last_mut() {
                        Some((last, sum)) if *last == bucket => *sum += posts,
                        _ => trend.push((bucket, posts)),
                    }
                }
                found.push(totals(&row, trend)?);
            }
        } else {
            for row in tx.query(
                OVERVIEW_TOTALS,
                &[
                    &format_day(from),
                    &format_day(to),
                    &buckets.lead,
                    &buckets.days.max(1),
                    &code,
                    &within,
                ],
            )? {
                let bucket: Option<Vec<i64>> = row.try_get(12)?;
                let posts: Option<Vec<i64>> = row.try_get(13)?;
                let trend = bucket
                    .unwrap_or_default()
                    .into_iter()
                    .zip(posts.unwrap_or_default())
                    .collect();
                found.push(totals(&row, trend)?);
            }
        }
        tx.commit()?;
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

    /// The plan of [`PgStore::overview_totals`] as PostgreSQL ran it (`EXPLAIN (ANALYZE,
    /// BUFFERS)`), one line a row, for measuring which indexes it uses.
    pub fn explain_overview_totals(
        &self,
        from: Date,
        to: Date,
        buckets: TrendBuckets,
        region: Option<&RegionCode>,
    ) -> Result<Vec<String>, Error> {
        let (code, within) = region_filter(region);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        tx.batch_execute("SET LOCAL jit = off")?;
        let rows = match whole_months(from, to) {
            Some((first, last)) if first == last => tx.query(
                &format!("EXPLAIN (ANALYZE, BUFFERS) {OVERVIEW_ONE_MONTH}"),
                &[&first, &code, &within],
            )?,
            Some((first, last)) => tx.query(
                &format!("EXPLAIN (ANALYZE, BUFFERS) {OVERVIEW_MONTHS}"),
                &[&first, &last, &code, &within],
            )?,
            None => tx.query(
                &format!("EXPLAIN (ANALYZE, BUFFERS) {OVERVIEW_TOTALS}"),
                &[
                    &format_day(from),
                    &format_day(to),
                    &buckets.lead,
                    &buckets.days.max(1),
                    &code,
                    &within,
                ],
            )?,
        };
        tx.commit()?;
        rows.iter().map(|row| Ok(row.try_get(0)?)).collect()
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

/// The first and last month (`YYYY-MM`) when `from..=to` is whole calendar months.
fn whole_months(from: Date, to: Date) -> Option<(String, String)> {
    let starts_a_month = from.day() == 1;
    let ends_a_month = to.next_day().is_none_or(|next| next.day() == 1);
    let month = |d: Date| format!("{:04}-{:02}", d.year(), u8::from(d.month()));
    (starts_a_month && ends_a_month && from <= to).then(|| (month(from), month(to)))
}

/// The day as `medsos_day_number` numbers it: days since 1 January 2000.
fn day_number(day: Date) -> i32 {
    (day - time::macros::date!(2000 - 01 - 01)).whole_days() as i32
}

/// An agency's totals from a row of [`OVERVIEW_TOTALS`] or [`OVERVIEW_MONTHS`] (the same
/// first twelve columns).
fn totals(row: &postgres::Row, trend: Vec<(i64, i64)>) -> Result<AgencyTotals, Error> {
    Ok(AgencyTotals {
        agency_id: row.try_get(0)?,
        ig_published: row.try_get(1)?,
        fb_published: row.try_get(2)?,
        ig_missed: row.try_get(3)?,
        fb_missed: row.try_get(4)?,
        received: row.try_get(5)?,
        answered_in_time: row.try_get(6)?,
        resolved: row.try_get(7)?,
        days_reported: row.try_get(8)?,
        overdue: row.try_get(9)?,
        median_first_response: row.try_get(10)?,
        trend,
    })
}

/// Whole months from their rollup: $1..$2 the first and last month (`YYYY-MM`), $3 a region
/// code (NULL: every agency) and $4 the LIKE pattern of its regencies. The months' arrays are
/// joined in month order; the median of medians is `medsos_median` of all the days' medians.
/// Column 11 is unused (as in [`OVERVIEW_TOTALS`]); 12 and 13 the reported days
/// (`medsos_day_number`) and their posts, by day.
const OVERVIEW_MONTHS: &str = "
SELECT m.agency_id,
       CAST(SUM(m.ig_published) AS BIGINT), CAST(SUM(m.fb_published) AS BIGINT),
       CAST(SUM(m.ig_missed) AS BIGINT), CAST(SUM(m.fb_missed) AS BIGINT),
       CAST(SUM(m.received) AS BIGINT), CAST(SUM(m.answered_in_time) AS BIGINT),
       CAST(SUM(m.resolved) AS BIGINT), CAST(SUM(m.days_reported) AS BIGINT),
       (array_agg(m.overdue ORDER BY m.month DESC))[1],
       medsos_median(medsos_array_cat(m.medians)), NULL,
       medsos_array_cat(m.day_numbers ORDER BY m.month),
       medsos_array_cat(m.posts ORDER BY m.month)
FROM overview_months m
JOIN agencies a ON a.id = m.agency_id
WHERE m.month BETWEEN $1 AND $2
  AND ($3::text IS NULL OR a.region_code = $3 OR a.region_code LIKE $4)
GROUP BY m.agency_id";

/// One whole month from its rollup (as [`OVERVIEW_MONTHS`], without grouping): $1 the month,
/// $2 a region code (NULL: every agency) and $3 the LIKE pattern of its regencies.
const OVERVIEW_ONE_MONTH: &str = "
SELECT m.agency_id, m.ig_published, m.fb_published, m.ig_missed, m.fb_missed, m.received,
       m.answered_in_time, m.resolved, m.days_reported, m.overdue, medsos_median(m.medians),
       NULL, m.day_numbers, m.posts
FROM overview_months m
JOIN agencies a ON a.id = m.agency_id
WHERE m.month = $1 AND ($2::text IS NULL OR a.region_code = $2 OR a.region_code LIKE $3)";

/// The overview's totals over any period: $1..$2 the period's first and last day, $3 the
/// trend's lead and $4 its days per bucket, $5 a region code (NULL: every agency) and $6 the
/// LIKE pattern of its regencies. Grouped by agency from the covering index
/// `day_facts_by_agency` (005): the last day's backlog is the greatest [day, overdue] pair (a
/// day is unique per agency), the median of medians `medsos_median` (the hub's rounding), the
/// trend the posts summed per bucket, as two arrays by bucket (columns 12 and 13).
const OVERVIEW_TOTALS: &str = "
SELECT agency_id,
       CAST(ig_published AS BIGINT), CAST(fb_published AS BIGINT),
       CAST(ig_missed AS BIGINT), CAST(fb_missed AS BIGINT),
       CAST(received AS BIGINT), CAST(answered_in_time AS BIGINT),
       CAST(resolved AS BIGINT), days_reported, last_overdue[2],
       medsos_median(medians), NULL, trend.buckets, trend.posts
FROM (
    SELECT f.agency_id,
           SUM(f.ig_published) AS ig_published, SUM(f.fb_published) AS fb_published,
           SUM(f.ig_missed) AS ig_missed, SUM(f.fb_missed) AS fb_missed,
           SUM(f.received) AS received, SUM(f.answered_in_time) AS answered_in_time,
           SUM(f.resolved) AS resolved, COUNT(*) AS days_reported,
           MAX(ARRAY[CAST(f.day_number AS BIGINT), f.overdue]) AS last_overdue,
           array_agg(f.median_first_response)
               FILTER (WHERE f.median_first_response IS NOT NULL) AS medians,
           array_agg(($3::bigint + f.day_number - medsos_day_number($1)) / $4::bigint)
               AS day_buckets,
           array_agg(f.ig_published + f.fb_published) AS day_posts
    FROM agencies a
    JOIN day_facts f ON f.agency_id = a.id
    WHERE f.day BETWEEN $1 AND $2
      AND ($5::text IS NULL OR a.region_code = $5 OR a.region_code LIKE $6)
    GROUP BY f.agency_id
) totals
CROSS JOIN LATERAL (
    SELECT array_agg(bucket ORDER BY bucket) AS buckets, array_agg(posts ORDER BY bucket) AS posts
    FROM (SELECT bucket, CAST(SUM(p) AS BIGINT) AS posts
          FROM unnest(day_buckets, day_posts) AS d(bucket, p)
          GROUP BY bucket) per_bucket
) trend";
