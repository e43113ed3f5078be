//! The overview: every agency's figures over a period, its indicators, score and rank.
//!
//! Sums, medians and the trend come summed per agency from the store
//! ([`HubStore::overview_totals`]: on SQLite one pass over the period's daily figures, on
//! PostgreSQL one query); the indicators, scores and ranks are computed here.

use super::period::Period;
use super::settings::DashboardSettings;
use crate::clock::{today_wib, WIB};
use crate::error::Error;
use crate::region::Scope;
use crate::store::dashboard::TrendBuckets;
use crate::store::meta::AgencyReach;
use crate::store::HubStore;
use medsos_rules::workdays::WorkingDays;
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

/// The indicators of the kinerja score, in the order of [`super::Weights::as_array`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indicator {
    Posting,
    OnTime,
    Response,
    Resolution,
    Reporting,
    Accounts,
    /// Optional (weight 0 by default): how much people interact with what the agency posts,
    /// from Meta's figures.
    Interaction,
}

pub const INDICATORS: [Indicator; 7] = [
    Indicator::Posting,
    Indicator::OnTime,
    Indicator::Response,
    Indicator::Resolution,
    Indicator::Reporting,
    Indicator::Accounts,
    Indicator::Interaction,
];

impl Indicator {
    /// A stable name for programs (`GET /api/v1/kinerja`).
    pub fn key(self) -> &'static str {
        match self {
            Indicator::Posting => "posting",
            Indicator::OnTime => "on_time",
            Indicator::Response => "response",
            Indicator::Resolution => "resolution",
            Indicator::Reporting => "reporting",
            Indicator::Accounts => "accounts",
            Indicator::Interaction => "interaction",
        }
    }

    /// The short name in a table header.
    pub fn label(self) -> &'static str {
        match self {
            Indicator::Posting => "Unggahan",
            Indicator::OnTime => "Tepat jadwal",
            Indicator::Response => "Respons aduan",
            Indicator::Resolution => "Penyelesaian",
            Indicator::Reporting => "Kedisiplinan lapor",
            Indicator::Accounts => "Akun terverifikasi",
            Indicator::Interaction => "Interaksi",
        }
    }

    /// How it is computed, in the words shown beside the weights.
    pub fn explanation(self) -> &'static str {
        match self {
            Indicator::Posting => "unggahan terbit ÷ target mingguan (IG + FB) untuk hari periode yang sudah berjalan, paling tinggi 100%",
            Indicator::OnTime => "unggahan terbit ÷ (terbit + jadwal terlewat)",
            Indicator::Response => "aduan dijawab dalam tenggat ÷ aduan diterima, paling tinggi 100%; tidak berlaku bila tidak ada aduan",
            Indicator::Resolution => "aduan selesai ÷ aduan diterima, paling tinggi 100%; tidak berlaku bila tidak ada aduan",
            Indicator::Reporting => "hari dengan ringkasan ÷ hari periode sampai hari ini",
            Indicator::Accounts => "platform dengan akun resmi yang lencana verifikasinya sudah diperiksa Diskominfo ÷ 2 (Instagram dan Facebook)",
            Indicator::Interaction => "interaksi ÷ jangkauan postingan periode ini menurut Meta, dibanding PD dengan tingkat tertinggi (tertinggi = 100%); tidak berlaku bila Meta tidak melaporkan jangkauan",
        }
    }
}

/// One agency's line of the overview.
#[derive(Debug, Clone, PartialEq)]
pub struct AgencyRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// Its regency or city by BPS code.
    pub region: String,
    /// Revoked agencies stay as history; they are not ranked.
    pub revoked: bool,
    pub ig_published: i64,
    pub fb_published: i64,
    pub ig_missed: i64,
    pub fb_missed: i64,
    pub ig_target: i64,
    pub fb_target: i64,
    pub received: i64,
    pub answered_in_time: i64,
    pub resolved: i64,
    /// Open past their deadline at the end of the last day reported in the period.
    pub overdue: i64,
    /// The median of the days' median first response (each day with an answer counts once;
    /// the summary carries no per-complaint times), in minutes.
    pub median_first_response: Option<i64>,
    pub days_reported: i64,
    pub last_sync: Option<OffsetDateTime>,
    /// Whole working days since the last sync, before today; `None` when never synced.
    pub silent_working_days: Option<i64>,
    /// Platforms (of Instagram and Facebook) with an account Diskominfo listed and whose
    /// verified badge Diskominfo confirmed; a claim Diskominfo has not approved counts for
    /// nothing.
    pub accounts_verified: i64,
    /// Accounts Diskominfo listed; claims waiting, refused or removed left out.
    pub accounts_total: i64,
    /// Each indicator from 0 to 1, `None` where it does not apply.
    pub indicators: [Option<f64>; 7],
    /// 0 to 100.
    pub score: f64,
    /// 1 for the best; `None` for revoked agencies.
    pub rank: Option<usize>,
    /// What Meta reports for the agency's connected accounts over the period (posts, reach,
    /// interactions); `None` when Meta reported nothing for it.
    pub meta: Option<AgencyReach>,
    /// Posts published per bucket (day, or Monday-to-Sunday week for periods over a month),
    /// oldest first, up to today.
    pub trend: Vec<i64>,
}

impl AgencyRow {
    /// Silent for more than one working day, or never synced (and not revoked).
    pub fn is_silent(&self) -> bool {
        !self.revoked && self.silent_working_days.is_none_or(|days| days > 1)
    }

    pub fn on_time_share(&self) -> Option<f64> {
        self.indicators[1]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub period: Period,
    pub today: Date,
    pub settings: DashboardSettings,
    /// By rank, then revoked agencies by name.
    pub rows: Vec<AgencyRow>,
    /// Days per trend bucket (1, or 7 for calendar weeks).
    pub bucket_days: i64,
}

/// Whole working days an agency has been silent if it last synced on `since`: the working
/// days strictly after `since` and strictly before `today`. A silence longer than a year is
/// reported as a year's worth.
fn silent_working_days(workdays: &WorkingDays, since: Date, today: Date) -> i64 {
    let Some(until) = today.previous_day() else {
        return 0;
    };
    let year_later = since.saturating_add(time::Duration::days(366));
    workdays.between(since, until.min(year_later))
}

pub fn overview(
    store: &dyn HubStore,
    period: Period,
    settings: DashboardSettings,
    now: OffsetDateTime,
) -> Result<Overview, Error> {
    overview_in(store, period, settings, now, &Scope::All)
}

/// [`overview`] of the agencies in `scope` only: they are ranked among themselves.
pub fn overview_in(
    store: &dyn HubStore,
    period: Period,
    settings: DashboardSettings,
    now: OffsetDateTime,
    scope: &Scope,
) -> Result<Overview, Error> {
    let today = today_wib(now);
    let workdays = WorkingDays::new(store.holiday_days()?);
    let days = period.days();
    // Targets and the trend stop at today: a month half gone asks for half a month of posts,
    // and days still to come are not drawn as zeros.
    let elapsed = period.days_elapsed(today);
    let bucket_days = if days > 31 { 7 } else { 1 };
    // Weekly buckets are calendar weeks (Monday to Sunday), the first and last may be partial.
    let lead = if bucket_days == 7 {
        i64::from(period.from.weekday().number_days_from_monday())
    } else {
        0
    };
    let buckets = if elapsed == 0 {
        0
    } else {
        ((lead + elapsed - 1) / bucket_days + 1) as usize
    };

    let mut rows: Vec<AgencyRow> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    for line in store.overview_agencies_in(scope.region())? {
        if !scope.covers(&line.region) {
            continue;
        }
        let silent_working_days = line
            .last_sync
            .map(|at| silent_working_days(&workdays, today_wib(at), today));
        index.insert(line.id, rows.len());
        rows.push(AgencyRow {
            id: line.id,
            code: line.code,
            name: line.name,
            region: line.region,
            revoked: line.revoked,
            ig_published: 0,
            fb_published: 0,
            ig_missed: 0,
            fb_missed: 0,
            ig_target: target(settings.weekly_target_instagram, elapsed),
            fb_target: target(settings.weekly_target_facebook, elapsed),
            received: 0,
            answered_in_time: 0,
            resolved: 0,
            overdue: 0,
            median_first_response: None,
            days_reported: 0,
            last_sync: line.last_sync,
            silent_working_days,
            accounts_verified: line.accounts_verified,
            accounts_total: line.accounts_total,
            indicators: [None; 7],
            score: 0.0,
            rank: None,
            trend: vec![0; buckets],
            meta: None,
        });
    }
    // What Meta reports for posts published in the period's WIB days.
    let from = period.from.midnight().assume_offset(WIB);
    let to = period
        .to
        .next_day()
        .map(|d| d.midnight().assume_offset(WIB))
        .unwrap_or_else(|| {
            period
                .to
                .with_hms(23, 59, 59)
                .expect("valid")
                .assume_offset(WIB)
        });
    for reach in store.meta().reach_by_agency(from, to)? {
        if let Some(&i) = index.get(&reach.agency_id) {
            rows[i].meta = Some(reach);
        }
    }

    let trend = TrendBuckets {
        days: bucket_days,
        lead,
    };
    for totals in store.overview_totals(period.from, period.to, trend, scope.region())? {
        let Some(&i) = index.get(&totals.agency_id) else {
            continue;
        };
        let r = &mut rows[i];
        r.ig_published = totals.ig_published;
        r.fb_published = totals.fb_published;
        r.ig_missed = totals.ig_missed;
        r.fb_missed = totals.fb_missed;
        r.received = totals.received;
        r.answered_in_time = totals.answered_in_time;
        r.resolved = totals.resolved;
        r.days_reported = totals.days_reported;
        r.overdue = totals.overdue;
        r.median_first_response = totals.median_first_response;
        for (bucket, posts) in totals.trend {
            if let Some(slot) = usize::try_from(bucket)
                .ok()
                .and_then(|b| r.trend.get_mut(b))
            {
                *slot += posts;
            }
        }
    }

    let weights = settings.weights.as_array();
    // Interaction is relative: each agency's rate against the best active agency's.
    let best_rate = rows
        .iter()
        .filter(|r| !r.revoked)
        .filter_map(interaction_rate)
        .fold(0.0_f64, f64::max);
    for r in &mut rows {
        r.indicators = indicators(r, elapsed, best_rate);
        r.score = score(&r.indicators, &weights);
    }
    rank(&mut rows);
    Ok(Overview {
        period,
        today,
        settings,
        rows,
        bucket_days,
    })
}

/// The weekly target over `days` days, rounded to the nearest post.
fn target(weekly: u32, days: i64) -> i64 {
    (i64::from(weekly) * days + 3) / 7
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64).clamp(0.0, 1.0))
}

/// Interactions per person reached, from Meta's figures; `None` without reach.
fn interaction_rate(r: &AgencyRow) -> Option<f64> {
    r.meta
        .as_ref()
        .filter(|m| m.reach > 0)
        .map(|m| m.interactions as f64 / m.reach as f64)
}

fn indicators(r: &AgencyRow, days_elapsed: i64, best_rate: f64) -> [Option<f64>; 7] {
    let published = r.ig_published + r.fb_published;
    let interaction = interaction_rate(r).map(|rate| {
        if best_rate > 0.0 {
            (rate / best_rate).clamp(0.0, 1.0)
        } else {
            0.0
        }
    });
    [
        ratio(published, r.ig_target + r.fb_target),
        ratio(published, published + r.ig_missed + r.fb_missed),
        ratio(r.answered_in_time, r.received),
        ratio(r.resolved, r.received),
        ratio(r.days_reported, days_elapsed),
        Some((r.accounts_verified as f64 / 2.0).clamp(0.0, 1.0)),
        interaction,
    ]
}

/// 100 × the weighted mean of the indicators that apply; 0 when none does.
pub fn score(indicators: &[Option<f64>; 7], weights: &[u32; 7]) -> f64 {
    let (sum, weight) = indicators
        .iter()
        .zip(weights)
        .filter_map(|(value, weight)| value.map(|v| (v * f64::from(*weight), f64::from(*weight))))
        .fold((0.0, 0.0), |(s, w), (vs, vw)| (s + vs, w + vw));
    if weight > 0.0 {
        (100.0 * sum / weight * 10.0).round() / 10.0
    } else {
        0.0
    }
}

/// Active agencies by score (ties by name), numbered; revoked ones after them, unranked.
fn rank(rows: &mut [AgencyRow]) {
    rows.sort_by(|a, b| {
        a.revoked
            .cmp(&b.revoked)
            .then(b.score.total_cmp(&a.score))
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut shown = 0;
    let mut last: Option<f64> = None;
    for (i, r) in rows.iter_mut().enumerate() {
        if r.revoked {
            r.rank = None;
            continue;
        }
        // Equal scores share a rank (1, 2, 2, 4).
        if last != Some(r.score) {
            shown = i + 1;
            last = Some(r.score);
        }
        r.rank = Some(shown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::dashboard::median;
    use time::macros::date;

    #[test]
    fn a_weekend_and_a_holiday_are_not_silence() {
        let none = WorkingDays::default();
        // Friday -> Monday: nothing missed.
        assert_eq!(
            silent_working_days(&none, date!(2026 - 11 - 20), date!(2026 - 11 - 23)),
            0
        );
        // Friday -> Wednesday: Monday and Tuesday missed.
        assert_eq!(
            silent_working_days(&none, date!(2026 - 11 - 20), date!(2026 - 11 - 25)),
            2
        );
        let holidays = WorkingDays::new([date!(2026 - 12 - 24), date!(2026 - 12 - 25)]);
        // Wednesday 23 Dec -> Monday 28 Dec over Christmas: nothing missed.
        assert_eq!(
            silent_working_days(&holidays, date!(2026 - 12 - 23), date!(2026 - 12 - 28)),
            0
        );
        // Same day, the day after, and a silence of years (capped at a year's worth).
        assert_eq!(
            silent_working_days(&none, date!(2026 - 11 - 25), date!(2026 - 11 - 25)),
            0
        );
        assert_eq!(
            silent_working_days(&none, date!(2026 - 11 - 25), date!(2026 - 11 - 26)),
            0
        );
        let years = silent_working_days(&none, date!(2020 - 01 - 01), date!(2026 - 11 - 26));
        assert!((260..=262).contains(&years), "{years}");
    }

    #[test]
    fn the_score_skips_indicators_that_do_not_apply() {
        let weights = [30, 15, 20, 15, 10, 10, 0];
        let all = [Some(1.0); 7];
        assert_eq!(score(&all, &weights), 100.0);
        // No complaints: response and resolution do not count against the agency.
        let quiet = [
            Some(1.0),
            Some(1.0),
            None,
            None,
            Some(1.0),
            Some(0.5),
            Some(0.2),
        ];
        assert_eq!(
            score(&quiet, &weights),
            92.3,
            "interaction weighs 0 by default"
        );
        assert_eq!(score(&[None; 7], &weights), 0.0);
        // Weighed by Diskominfo, it counts like any other indicator.
        let weighed = [30, 15, 20, 15, 10, 10, 35];
        assert_eq!(score(&quiet, &weighed), 67.0);
    }

    #[test]
    fn medians_and_targets() {
        assert_eq!(median(&mut [5, 1, 3]), Some(3));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2));
        assert_eq!(median(&mut []), None);
        assert_eq!(target(3, 7), 3);
        assert_eq!(target(3, 30), 13);
        assert_eq!(target(3, 365), 156);
    }
}
