//! One agency up close: who it is, its official accounts, its enrolled PCs and its figures
//! day by day over a period. Its indicators and score are not computed here but taken from
//! the overview (see [`detail`]), so the two pages never disagree.

use super::overview::AgencyRow;
use super::period::Period;
use super::settings::DashboardSettings;
use crate::clock::{format_day, today_wib};
use crate::error::Error;
use crate::store::accounts::Claim;
use crate::store::dashboard::{AgencyInfo, DayFigures};
use crate::store::devices::DeviceInfo;
use crate::store::impersonation_reports::{ListedReport, ReportFilter};
use crate::store::HubStore;
use std::collections::HashMap;
use time::{Date, Duration, OffsetDateTime};

/// At most this many impersonation reports on the agency page.
pub const REPORTS_LISTED: usize = 200;

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

/// The agency's figures for every day of `period`, oldest first.
pub fn daily(
    store: &dyn HubStore,
    agency_id: i64,
    period: &Period,
) -> Result<Vec<DayFigures>, Error> {
    let mut found: HashMap<Date, DayFigures> = store
        .agency_days(agency_id, period.from, period.to)?
        .into_iter()
        .map(|figures| (figures.day, figures))
        .collect();
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
    store: &dyn HubStore,
    code: &str,
    period: Period,
    settings: DashboardSettings,
    now: OffsetDateTime,
) -> Result<Option<AgencyDetail>, Error> {
    let Some(info) = store.agency_info(code)? else {
        return Ok(None);
    };
    // Ranked among the agencies of its own regency or city.
    let scope = crate::region::RegionCode::parse(&info.region)
        .map(crate::region::Scope::Within)
        .unwrap_or_default();
    let all = super::overview_in(store, period, settings, now, &scope)?;
    let ranked = all.rows.iter().filter(|r| !r.revoked).count();
    let Some(row) = all.rows.into_iter().find(|r| r.id == info.id) else {
        return Ok(None);
    };
    Ok(Some(AgencyDetail {
        accounts: store.agency_claims(info.id)?,
        reports: store.impersonation_reports(
            &ReportFilter {
                status: None,
                agency_code: Some(info.code.clone()),
            },
            REPORTS_LISTED,
        )?,
        devices: store.devices(info.id)?,
        days: daily(store, info.id, &period)?,
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
        let conn = store::sqlite::open(&dir.path().join("hub.sqlite3")).expect("opens");
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
        let store = store::SqliteStore::from_connection(conn);
        let period = Period::week_of(date!(2026 - 11 - 04));
        let days = daily(&store, id, &period).expect("daily");
        assert_eq!(days.len(), 7);
        assert_eq!(days[0].day, date!(2026 - 11 - 02));
        assert!(!days[0].reported);
        assert!(days[1].reported);
        assert_eq!((days[1].ig_published, days[1].missed()), (2, 1));
        assert_eq!(days[1].median_first_response, Some(40));

        let now = datetime!(2026-11-04 05:00 UTC);
        let found = detail(&store, "DINKES", period, DashboardSettings::default(), now)
            .expect("detail")
            .expect("found");
        assert_eq!(found.row.received, 4);
        assert_eq!(found.ranked, 1);
        assert!(
            detail(&store, "NOPE", period, DashboardSettings::default(), now)
                .expect("detail")
                .is_none()
        );
    }
}
