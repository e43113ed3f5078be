//! One agency's kinerja as its own PC receives it (`GET /api/v1/kinerja`): the same score,
//! rank and indicators as its line of the dashboard's overview for the current month, the
//! last 8 calendar weeks' scores, and the targets and weights Diskominfo set.

use super::overview::{overview, INDICATORS};
use super::period::Period;
use super::settings;
use crate::clock::{format_day, to_wire, today_wib};
use crate::error::Error;
use crate::store::HubStore;
use medsos_protocol::{Kinerja, KinerjaIndicator, ScoreWeights, WeeklyScore, WeeklyTargets};
use time::{Duration, OffsetDateTime};

/// Weeks in the trend.
pub const TREND_WEEKS: i64 = 8;

pub fn for_agency(
    store: &dyn HubStore,
    agency_id: i64,
    now: OffsetDateTime,
) -> Result<Kinerja, Error> {
    let settings = settings::load(store)?;
    let today = today_wib(now);
    let period = Period::month_of(today);
    let month = overview(store, period, settings, now)?;
    let row = month
        .rows
        .iter()
        .find(|r| r.id == agency_id)
        .ok_or_else(|| Error::NotFound("/api/v1/kinerja".to_owned()))?;
    let weights = settings.weights.as_array();
    let indicators = INDICATORS
        .iter()
        .zip(row.indicators)
        .zip(weights)
        .map(|((indicator, value), weight)| KinerjaIndicator {
            key: indicator.key().to_owned(),
            label: indicator.label().to_owned(),
            value,
            weight,
            formula: indicator.explanation().to_owned(),
        })
        .collect();
    let mut trend = Vec::with_capacity(TREND_WEEKS as usize);
    for back in (0..TREND_WEEKS).rev() {
        let week = Period::week_of(today - Duration::weeks(back));
        let scored = overview(store, week, settings, now)?;
        let score = scored
            .rows
            .iter()
            .find(|r| r.id == agency_id)
            .map_or(0.0, |r| r.score);
        trend.push(WeeklyScore {
            week_start: format_day(week.from),
            score,
        });
    }
    let w = settings.weights;
    Ok(Kinerja {
        agency_code: row.code.clone(),
        agency_name: row.name.clone(),
        from_day: format_day(period.from),
        to_day: format_day(period.to),
        computed_at: to_wire(now),
        score: row.score,
        rank: row.rank.and_then(|r| u32::try_from(r).ok()),
        ranked_agencies: month.rows.iter().filter(|r| !r.revoked).count() as u32,
        indicators,
        trend,
        targets: WeeklyTargets {
            instagram_per_week: settings.weekly_target_instagram,
            facebook_per_week: settings.weekly_target_facebook,
        },
        weights: ScoreWeights {
            posting: w.posting,
            on_time: w.on_time,
            response: w.response,
            resolution: w.resolution,
            reporting: w.reporting,
            accounts: w.accounts,
            interaction: w.interaction,
        },
    })
}
