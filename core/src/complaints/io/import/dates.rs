//! Dates as people and Google Forms write them: ISO, day first or month first, month names
//! in Indonesian or English, Excel serial numbers.

use crate::clock::WIB;
use regex::Regex;
use std::sync::LazyLock;
use time::{Date, Month, PrimitiveDateTime, Time};

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(am|pm)?)?$",
    )
    .expect("valid ISO date pattern")
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ t,]+(?:pukul |jam )?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(am|pm)?)?$",
    )
    .expect("valid numeric date pattern")
});
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[a-z]+,?\s+)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})(?:[ ,]+(?:pukul |jam )?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(am|pm)?)?$",
    )
    .expect("valid named-month date pattern")
});
static SERIAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{5}(?:[.,]\d+)?$").expect("valid serial pattern"));

/// Whether a column of dates is written month first (an English-locale Google Form:
/// "11/20/2026 8:15:00"): only when some value cannot be day first and none cannot be
/// month first. Indonesian day-first is the default.
pub(super) fn month_first_column<'a>(values: impl Iterator<Item = &'a str>) -> bool {
    let (mut day_first, mut month_first) = (false, false);
    for value in values {
        if let Some(c) = NUMERIC.captures(&value.trim().to_lowercase()) {
            let a: u32 = c[1].parse().unwrap_or(0);
            let b: u32 = c[2].parse().unwrap_or(0);
            if a > 12 && b <= 12 {
                day_first = true;
            } else if b > 12 && a <= 12 {
                month_first = true;
            }
        }
    }
    month_first && !day_first
}

/// Reads a received time as people, Excel and Google Forms write it, in WIB unless an
/// offset is given, and returns it as "YYYY-MM-DDTHH:MM". A date alone means 00:00.
pub fn parse_received(text: &str, month_first: bool) -> Option<String> {
    let lower = text.trim().to_lowercase();
    let lower = lower
        .strip_suffix("wib")
        .map(str::trim_end)
        .unwrap_or(&lower)
        .to_string();
    if lower.is_empty() || lower.len() > 64 {
        return None;
    }
    if let Some(at) = medsos_rules::wib::parse_rfc3339(&lower.to_uppercase()) {
        return Some(format_local(
            medsos_rules::wib::today(at),
            at.to_offset(WIB).time(),
        ));
    }
    let (date, time) = if let Some(c) = ISO.captures(&lower) {
        let date = ymd(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?)?;
        (date, hm(&c, 4)?)
    } else if let Some(c) = NUMERIC.captures(&lower) {
        let (a, b) = (num(&c, 1)?, num(&c, 2)?);
        let (day, month) = if month_first { (b, a) } else { (a, b) };
        let mut year = num(&c, 3)?;
        if c[3].len() == 2 {
            year += 2000;
        }
        (ymd(year, month, day)?, hm(&c, 4)?)
    } else if let Some(c) = NAMED.captures(&lower) {
        let month = month_named(&c[2])?;
        (ymd(num(&c, 3)?, month, num(&c, 1)?)?, hm(&c, 4)?)
    } else if SERIAL.is_match(&lower) {
        excel_serial(lower.replace(',', ".").parse().ok()?)?
    } else {
        return None;
    };
    Some(format_local(date, time))
}

fn num(c: &regex::Captures<'_>, i: usize) -> Option<u32> {
    c.get(i)?.as_str().parse().ok()
}

fn ymd(year: u32, month: u32, day: u32) -> Option<Date> {
    if !(2000..=2100).contains(&year) {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year as i32, month, u8::try_from(day).ok()?).ok()
}

/// Hour and minute from groups `i`, `i+1` and the am/pm group `i+3`; midnight when absent.
fn hm(c: &regex::Captures<'_>, i: usize) -> Option<Time> {
    let Some(hour) = c.get(i) else {
        return Some(Time::MIDNIGHT);
    };
    let mut hour: u32 = hour.as_str().parse().ok()?;
    let minute: u32 = num(c, i + 1)?;
    match c.get(i + 3).map(|m| m.as_str()) {
        Some("am") if (1..=12).contains(&hour) => hour %= 12,
        Some("pm") if (1..=12).contains(&hour) => hour = hour % 12 + 12,
        Some(_) => return None,
        None => {}
    }
    Time::from_hms(u8::try_from(hour).ok()?, u8::try_from(minute).ok()?, 0).ok()
}

fn month_named(name: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &["januari", "jan", "january"],
        &["februari", "feb", "pebruari", "february"],
        &["maret", "mar", "march"],
        &["april", "apr"],
        &["mei", "may"],
        &["juni", "jun", "june"],
        &["juli", "jul", "july"],
        &["agustus", "agu", "agt", "ags", "aug", "august"],
        &["september", "sep", "sept"],
        &["oktober", "okt", "oct", "october"],
        &["november", "nov", "nop", "nopember"],
        &["desember", "des", "dec", "december"],
    ];
    MONTHS
        .iter()
        .position(|names| names.contains(&name))
        .map(|i| i as u32 + 1)
}

/// An Excel serial date typed or pasted as a number (days since 1899-12-30), to the
/// nearest minute; only 2000-2100 are plausible receipt dates.
fn excel_serial(serial: f64) -> Option<(Date, Time)> {
    if !(36_526.0..=73_051.0).contains(&serial) {
        return None;
    }
    let minutes = (serial * 24.0 * 60.0).round() as i64;
    let epoch = Date::from_calendar_date(1899, Month::December, 30).ok()?;
    let at = PrimitiveDateTime::new(epoch, Time::MIDNIGHT) + time::Duration::minutes(minutes);
    Some((at.date(), at.time()))
}

fn format_local(date: Date, time: Time) -> String {
    medsos_rules::wib::format_minute(PrimitiveDateTime::new(date, time).assume_offset(WIB))
}
