//! Reading and writing the WIB times the admin types, and turning WIB days into UTC bounds.
//!
//! The calendar is where WIB and UTC disagree most visibly: 05:00 WIB is still the previous
//! day in UTC, so every day boundary is computed here, once, from WIB midnight.
//!
//! The forms themselves are `medsos_rules::wib`'s, shared with the hub; this module words
//! the refusals for the admin and keeps the calendar's range of years.

use crate::error::{Error, Result};
use medsos_rules::wib;
use time::{Date, OffsetDateTime, Time};

/// The WIB day it is at an instant.
pub use medsos_rules::wib::today;

/// The years the calendar accepts; anything else is a typing slip, not a plan.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Reads "YYYY-MM-DDTHH:MM" typed in WIB as an instant. Impossible dates (2026-02-30) and
/// hours (24:00) are refused rather than rolled over, so a slot never lands on a day the
/// admin did not mean.
pub fn parse_minute(field: &'static str, input: &str) -> Result<OffsetDateTime> {
    let text = input.trim();
    let at = wib::parse_minute(text).ok_or_else(|| {
        Error::invalid(
            field,
            format!(
                "Waktu \"{text}\" tidak valid. Tulis tanggal dan jam WIB seperti 2026-11-26T09:00."
            ),
        )
    })?;
    check_year(field, wib::today(at))?;
    Ok(at)
}

/// Reads a WIB calendar day "YYYY-MM-DD".
pub fn parse_day(field: &'static str, input: &str) -> Result<Date> {
    let text = input.trim();
    let day = wib::parse_day(text).ok_or_else(|| {
        Error::invalid(
            field,
            format!("Tanggal \"{text}\" tidak valid. Tulis seperti 2026-11-26."),
        )
    })?;
    check_year(field, day)?;
    Ok(day)
}

/// Reads a WIB time of day "HH:MM" (00:00-23:59); "9:00", "24:00" and "09:60" are refused.
pub fn parse_time(field: &'static str, input: &str) -> Result<Time> {
    let text = input.trim();
    wib::parse_time(text).ok_or_else(|| {
        Error::invalid(
            field,
            format!("Jam \"{text}\" tidak valid. Tulis jam WIB seperti 09:00 (00:00-23:59)."),
        )
    })
}

fn check_year(field: &'static str, day: Date) -> Result<()> {
    if YEARS.contains(&day.year()) {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!(
                "Tahun {} di luar jangkauan kalender ({}-{}).",
                day.year(),
                YEARS.start(),
                YEARS.end()
            ),
        ))
    }
}

/// An instant as the admin types it: "YYYY-MM-DDTHH:MM" in WIB.
pub fn format_minute(at: OffsetDateTime) -> String {
    wib::format_minute(at)
}

/// A WIB day as "YYYY-MM-DD".
pub fn format_day(day: Date) -> String {
    wib::format_day(day)
}

/// The instant a WIB day begins (17:00 UTC of the day before).
pub fn day_start(day: Date) -> OffsetDateTime {
    wib::day_start(day)
}

/// The instant after a WIB day ends, i.e. the start of the next day.
pub fn day_end(day: Date) -> Result<OffsetDateTime> {
    wib::day_end(day).ok_or_else(|| Error::invalid("day", "Tanggal di luar jangkauan kalender."))
}
