//! Target mingguan: how many posts per platform the agency aims for each week, how far this
//! week has come, and how early the reminder timer warns before a slot.

use super::slots::platform_from_sql;
use super::wib;
use crate::clock::{to_stored, Clock};
use crate::drafts::Platform;
use crate::error::{Error, Result};
use crate::settings::{get_value, set_value};
use crate::store::savepoint;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use time::Duration;
use ts_rs::TS;

/// Settings of the Kalender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarSettings {
    /// Posts per week the agency aims for on Instagram.
    pub instagram_weekly_target: u32,
    /// Posts per week the agency aims for on Facebook.
    pub facebook_weekly_target: u32,
    /// How many minutes before a slot its "segera" reminder falls due.
    pub reminder_lead_minutes: u32,
}

pub const DEFAULT_WEEKLY_TARGET: u32 = 3;
pub const DEFAULT_LEAD_MINUTES: u32 = 30;
/// Two posts a day on one platform is already a lot for a one-admin office.
pub const MAX_WEEKLY_TARGET: u32 = 14;
/// A reminder at most one day ahead.
pub const MAX_LEAD_MINUTES: u32 = 24 * 60;

const IG_TARGET_KEY: &str = "calendar.instagram_weekly_target";
const FB_TARGET_KEY: &str = "calendar.facebook_weekly_target";
const LEAD_KEY: &str = "calendar.reminder_lead_minutes";

fn read_u32(conn: &Connection, key: &str, default: u32) -> Result<u32> {
    Ok(get_value(conn, key)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(default))
}

pub fn settings(conn: &Connection) -> Result<CalendarSettings> {
    Ok(CalendarSettings {
        instagram_weekly_target: read_u32(conn, IG_TARGET_KEY, DEFAULT_WEEKLY_TARGET)?,
        facebook_weekly_target: read_u32(conn, FB_TARGET_KEY, DEFAULT_WEEKLY_TARGET)?,
        reminder_lead_minutes: read_u32(conn, LEAD_KEY, DEFAULT_LEAD_MINUTES)?,
    })
}

/// Saves all three or none: each is checked before anything is written.
pub fn set_settings(conn: &Connection, input: &CalendarSettings) -> Result<CalendarSettings> {
    for (field, value) in [
        ("instagram_weekly_target", input.instagram_weekly_target),
        ("facebook_weekly_target", input.facebook_weekly_target),
    ] {
        if value > MAX_WEEKLY_TARGET {
            return Err(Error::invalid(
                field,
                format!("Target mingguan paling banyak {MAX_WEEKLY_TARGET} unggahan."),
            ));
        }
    }
    if input.reminder_lead_minutes > MAX_LEAD_MINUTES {
        return Err(Error::invalid(
            "reminder_lead_minutes",
            format!("Waktu pengingat harus antara 0 dan {MAX_LEAD_MINUTES} menit."),
        ));
    }
    let tx = savepoint(conn)?;
    set_value(
        &tx,
        IG_TARGET_KEY,
        &input.instagram_weekly_target.to_string(),
    )?;
    set_value(
        &tx,
        FB_TARGET_KEY,
        &input.facebook_weekly_target.to_string(),
    )?;
    set_value(&tx, LEAD_KEY, &input.reminder_lead_minutes.to_string())?;
    tx.finish()?;
    settings(conn)
}

/// One platform's week: what went out, what is still planned and what was missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlatformProgress {
    pub platform: Platform,
    pub target: u32,
    pub published: u32,
    pub scheduled: u32,
    pub missed: u32,
}

/// The current WIB week, Monday to Sunday (the working week offices plan by).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WeekProgress {
    /// "YYYY-MM-DD", Monday.
    pub week_start: String,
    /// "YYYY-MM-DD", Sunday.
    pub week_end: String,
    pub platforms: Vec<PlatformProgress>,
    /// The targets are Diskominfo's, received at the last sync; the PC's own setting applies
    /// only before the hub has sent them.
    pub targets_from_diskominfo: bool,
}

/// Counts the slots of this WIB week by platform and status. A slot counts in the week of
/// its planned time, so a post marked published a day late still fills the week it was
/// planned for; cancelled slots do not count.
pub fn week_progress(conn: &Connection, clock: &dyn Clock) -> Result<WeekProgress> {
    let today = wib::today(clock.now());
    let monday = today - Duration::days(i64::from(today.weekday().number_days_from_monday()));
    let sunday = monday + Duration::days(6);
    let hub = crate::sync::hub_view::hub_targets(conn)?;
    let (instagram_target, facebook_target) = match hub {
        Some(targets) => targets,
        None => {
            let local = settings(conn)?;
            (local.instagram_weekly_target, local.facebook_weekly_target)
        }
    };
    let mut platforms = vec![
        PlatformProgress {
            platform: Platform::Instagram,
            target: instagram_target,
            published: 0,
            scheduled: 0,
            missed: 0,
        },
        PlatformProgress {
            platform: Platform::Facebook,
            target: facebook_target,
            published: 0,
            scheduled: 0,
            missed: 0,
        },
    ];
    // A slot still "terjadwal" from before today counts as missed, as
    // [`super::mark_missed`] would mark it: the progress is right whether or not that
    // write has run yet (at start it waits for the store's check).
    let mut stmt = conn.prepare_cached(
        "SELECT platform,
                CASE WHEN status = 'terjadwal' AND at < ?3 THEN 'terlewat' ELSE status END AS st,
                COUNT(*)
         FROM slots
         WHERE at >= ?1 AND at < ?2 AND status != 'dibatalkan'
         GROUP BY platform, st",
    )?;
    let rows = stmt.query_map(
        [
            to_stored(wib::day_start(monday)),
            to_stored(wib::day_end(sunday)?),
            to_stored(wib::day_start(today)),
        ],
        |r| {
            Ok((
                platform_from_sql(r.get(0)?)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
            ))
        },
    )?;
    for row in rows {
        let (platform, status, count) = row?;
        let Some(p) = platforms.iter_mut().find(|p| p.platform == platform) else {
            continue;
        };
        match status.as_str() {
            "terbit" => p.published += count,
            "terjadwal" => p.scheduled += count,
            "terlewat" => p.missed += count,
            _ => {}
        }
    }
    Ok(WeekProgress {
        week_start: wib::format_day(monday),
        week_end: wib::format_day(sunday),
        platforms,
        targets_from_diskominfo: hub.is_some(),
    })
}
