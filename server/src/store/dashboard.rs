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
