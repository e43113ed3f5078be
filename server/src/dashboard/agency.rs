//! One agency up close: who it is, its official accounts, its enrolled PCs and its figures
//! day by day over a period. Its indicators and score are not computed here but taken from
//! the overview (see [`detail`]), so the two pages never disagree.

use super::overview::{overview, AgencyRow};
use super::period::Period;
use super::settings::DashboardSettings;
use crate::clock::{format_day, from_stored, parse_day, today_wib};
use crate::error::Error;
use crate::store::accounts::Claim;
use crate::store::devices::DeviceInfo;
use crate::store::reports::{self, ListedReport, ReportFilter};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use time::{Date, Duration, OffsetDateTime};

/// At most this many impersonation reports on the agency page.
pub const REPORTS_LISTED: usize = 200;

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
    fn empty(day: Date) -> Self {
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

/// Everything the agency page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyDetail {
    pub info: AgencyInfo,
    /// The agency's line of the overview over the same period: indicators, score, rank.
    pub row: AgencyRow,
    /// Agencies ranked in that overview (not revoked).
    pub ranked: usize,
    pub settings: DashboardSettings,
    pub period: Period,
    pub today: Date,
    /// The agency's claims with Diskominfo's decisions.
    pub accounts: Vec<Claim>,
    /// Accounts the agency reported for impersonating it, newest first.
    pub reports: Vec<ListedReport>,
    pub devices: Vec<DeviceInfo>,
    /// Every day of the period, oldest first.
    pub days: Vec<DayFigures>,
}

/// The agency with this code (as stored, uppercase), if there is one.
pub fn find(conn: &Connection, code: &str) -> Result<Option<AgencyInfo>, Error> {
    let found = conn
        .prepare_cached(
            "SELECT id, code, name, created_at, revoked_at, last_sync_at
             FROM agencies WHERE code = ?1",
        )?
        .query_row([code], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
            ))
        })
        .optional()?;
    Ok(
        found.map(|(id, code, name, created, revoked, synced)| AgencyInfo {
            id,
            code,
            name,
            created_at: created.as_deref().and_then(from_stored),
            revoked_at: revoked.as_deref().and_then(from_stored),
            last_sync: synced.as_deref().and_then(from_stored),
        }),
    )
}

/// The agency's figures for every day of `period`, oldest first.
pub fn daily(conn: &Connection, agency_id: i64, period: &Period) -> Result<Vec<DayFigures>, Error> {
    let mut statement = conn.prepare_cached(
        "SELECT day, ig_published, fb_published, ig_missed, fb_missed, received,
                answered_in_time, resolved, overdue, open_backlog, median_first_response
         FROM day_facts WHERE agency_id = ?1 AND day BETWEEN ?2 AND ?3",
    )?;
    let mut found: HashMap<Date, DayFigures> = HashMap::new();
    let mut rows = statement.query(params![agency_id, period.from_text(), period.to_text()])?;
    while let Some(row) = rows.next()? {
        let Some(day) = parse_day(&row.get::<_, String>(0)?) else {
            continue;
        };
        found.insert(
            day,
            DayFigures {
                day,
                reported: true,
                ig_published: row.get(1)?,
                fb_published: row.get(2)?,
                ig_missed: row.get(3)?,
                fb_missed: row.get(4)?,
                received: row.get(5)?,
                answered_in_time: row.get(6)?,
                resolved: row.get(7)?,
                overdue: row.get(8)?,
                open_backlog: row.get(9)?,
                median_first_response: row.get(10)?,
            },
        );
    }
    let mut days = Vec::with_capacity(period.days().max(0) as usize);
    let mut day = period.from;
    while day <= period.to {
        days.push(found.remove(&day).unwrap_or_else(|| DayFigures::empty(day)));
        day += Duration::days(1);
    }
    Ok(days)
}

/// The agency page's data for `code` over `period`, or `None` for an unknown code. The
/// indicators and score are the agency's row of [`overview`] over the same period and
/// settings, so they are exactly what the overview shows.
pub fn detail(
    conn: &Connection,
    code: &str,
    period: Period,
    settings: DashboardSettings,
    now: OffsetDateTime,
) -> Result<Option<AgencyDetail>, Error> {
    let Some(info) = find(conn, code)? else {
        return Ok(None);
    };
    let all = overview(conn, period, settings, now)?;
    let ranked = all.rows.iter().filter(|r| !r.revoked).count();
    let Some(row) = all.rows.into_iter().find(|r| r.id == info.id) else {
        return Ok(None);
    };
    Ok(Some(AgencyDetail {
        accounts: crate::store::accounts::agency_claims(conn, info.id)?,
        reports: reports::list(
            conn,
            &ReportFilter {
                status: None,
                agency_code: Some(info.code.clone()),
            },
            REPORTS_LISTED,
        )?,
        devices: crate::store::devices::list(conn, info.id)?,
        days: daily(conn, info.id, &period)?,
        info,
        row,
        ranked,
        settings,
        period,
        today: today_wib(now),
    }))
}

/// `YYYY-MM-DD` of each day, for chart labels.
pub fn day_labels(days: &[DayFigures]) -> Vec<String> {
    days.iter().map(|d| format_day(d.day)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;
    use time::macros::{date, datetime};

    #[test]
    fn every_day_of_the_period_is_there_and_unknown_codes_are_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let conn = store::open(&dir.path().join("hub.sqlite3")).expect("opens");
        conn.execute(
            "INSERT INTO agencies (code, name, created_at) VALUES ('DINKES', 'Dinas Kesehatan', '2026-11-01T00:00:00Z')",
            [],
        )
        .expect("agency");
        let id = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO day_facts VALUES (?1, '2026-11-03', 2, 0, 1, 1, 0, 0, 0, 0, 4, 3, 2, 1, 5, 40, NULL)",
            [id],
        )
        .expect("facts");
        let period = Period::week_of(date!(2026 - 11 - 04));
        let days = daily(&conn, id, &period).expect("daily");
        assert_eq!(days.len(), 7);
        assert_eq!(days[0].day, date!(2026 - 11 - 02));
        assert!(!days[0].reported);
        assert!(days[1].reported);
        assert_eq!((days[1].ig_published, days[1].missed()), (2, 1));
        assert_eq!(days[1].median_first_response, Some(40));

        let now = datetime!(2026-11-04 05:00 UTC);
        let found = detail(&conn, "DINKES", period, DashboardSettings::default(), now)
            .expect("detail")
            .expect("found");
        assert_eq!(found.row.received, 4);
        assert_eq!(found.ranked, 1);
        assert!(
            detail(&conn, "NOPE", period, DashboardSettings::default(), now)
                .expect("detail")
                .is_none()
        );
    }
}
