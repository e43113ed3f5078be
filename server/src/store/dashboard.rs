//! The rows the dashboard computes its figures from: agencies' lines, their figures day by
//! day, complaints counted by month. Plain data; the computing over them (periods,
//! indicators, scores) is the dashboard's.

use time::{Date, OffsetDateTime};

/// An agency's line for the dashboard's overview, before any figure is summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyLine {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub revoked: bool,
    pub last_sync: Option<OffsetDateTime>,
    /// Approved official accounts.
    pub accounts_total: i64,
    /// Platforms with an approved, verified account.
    pub accounts_verified: i64,
    /// Its regency or city by BPS code.
    pub region: String,
}

/// One agency's figures for one day, as the overview sums them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayFact {
    pub agency_id: i64,
    /// Days after the first day asked for.
    pub offset: i64,
    pub ig_published: i64,
    pub fb_published: i64,
    pub ig_missed: i64,
    pub fb_missed: i64,
    pub received: i64,
    pub answered_in_time: i64,
    pub resolved: i64,
    pub overdue: i64,
    pub median_first_response: Option<i64>,
}

/// How the overview's trend cuts a period: days per bucket (1, or 7 for calendar weeks) and
/// the days of the first bucket before the period's first day (its weekday from Monday, for
/// weeks). A day `offset` days into the period falls in bucket `(lead + offset) / days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendBuckets {
    pub days: i64,
    pub lead: i64,
}

impl TrendBuckets {
    /// The bucket of the day `offset` days into the period.
    pub fn of(self, offset: i64) -> i64 {
        (self.lead + offset) / self.days.max(1)
    }
}

/// One agency's figures summed over a period, as the overview scores them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyTotals {
    pub agency_id: i64,
    pub ig_published: i64,
    pub fb_published: i64,
    pub ig_missed: i64,
    pub fb_missed: i64,
    pub received: i64,
    pub answered_in_time: i64,
    pub resolved: i64,
    /// Days with figures in the period.
    pub days_reported: i64,
    /// Open past their deadline at the end of the last day reported in the period.
    pub overdue: i64,
    /// The median ([`median`]) of the days' median first response, in minutes.
    pub median_first_response: Option<i64>,
    /// Posts published (Instagram and Facebook) per trend bucket with figures, as
    /// (bucket, posts), by bucket.
    pub trend: Vec<(i64, i64)>,
}

/// The middle value; for an even count the mean of the two middle values, rounded toward
/// zero. `None` for no values.
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2
    } else {
        values[mid]
    })
}

/// [`AgencyTotals`] of every agency with figures in the period, summed in one pass over
/// `each_day_fact` (any store can answer it this way).
pub fn totals_from_day_facts(
    each_day_fact: impl FnOnce(&mut dyn FnMut(DayFact)) -> Result<(), crate::error::Error>,
    buckets: TrendBuckets,
) -> Result<Vec<AgencyTotals>, crate::error::Error> {
    use std::collections::{BTreeMap, HashMap};
    struct Sums {
        totals: AgencyTotals,
        last_day: i64,
        medians: Vec<i64>,
        trend: BTreeMap<i64, i64>,
    }
    let mut by_agency: HashMap<i64, Sums> = HashMap::new();
    each_day_fact(&mut |fact| {
        let s = by_agency.entry(fact.agency_id).or_insert_with(|| Sums {
            totals: AgencyTotals {
                agency_id: fact.agency_id,
                ..AgencyTotals::default()
            },
            last_day: -1,
            medians: Vec::new(),
            trend: BTreeMap::new(),
        });
        let t = &mut s.totals;
        t.ig_published += fact.ig_published;
        t.fb_published += fact.fb_published;
        t.ig_missed += fact.ig_missed;
        t.fb_missed += fact.fb_missed;
        t.received += fact.received;
        t.answered_in_time += fact.answered_in_time;
        t.resolved += fact.resolved;
        t.days_reported += 1;
        if fact.offset > s.last_day {
            s.last_day = fact.offset;
            t.overdue = fact.overdue;
        }
        *s.trend.entry(buckets.of(fact.offset)).or_default() +=
            fact.ig_published + fact.fb_published;
        if let Some(minutes) = fact.median_first_response {
            s.medians.push(minutes);
        }
    })?;
    Ok(by_agency
        .into_values()
        .map(|mut s| {
            s.totals.median_first_response = median(&mut s.medians);
            s.totals.trend = s.trend.into_iter().collect();
            s.totals
        })
        .collect())
}

/// Complaints counted along one dimension (`type`, `category`, `channel`, `kecamatan`) for
/// one calendar month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub name: String,
    pub count: i64,
}

/// The agency as registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyInfo {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub created_at: Option<OffsetDateTime>,
    /// Set when Diskominfo revoked the agency; its history stays.
    pub revoked_at: Option<OffsetDateTime>,
    pub last_sync: Option<OffsetDateTime>,
    /// Its regency or city by BPS code.
    pub region: String,
}

/// One day of the agency's figures; all zero and `reported == false` for a day without a
/// summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayFigures {
    pub day: Date,
    pub reported: bool,
    pub ig_published: i64,
    pub fb_published: i64,
    pub ig_missed: i64,
    pub fb_missed: i64,
    pub received: i64,
    pub answered_in_time: i64,
    pub resolved: i64,
    /// Open past their deadline at the end of the day.
    pub overdue: i64,
    /// Open at the end of the day.
    pub open_backlog: i64,
    /// Median minutes to a first answer over the complaints first answered that day.
    pub median_first_response: Option<i64>,
}

impl DayFigures {
    pub fn empty(day: Date) -> Self {
        DayFigures {
            day,
            reported: false,
            ig_published: 0,
            fb_published: 0,
            ig_missed: 0,
            fb_missed: 0,
            received: 0,
            answered_in_time: 0,
            resolved: 0,
            overdue: 0,
            open_backlog: 0,
            median_first_response: None,
        }
    }

    pub fn missed(&self) -> i64 {
        self.ig_missed + self.fb_missed
    }
}
