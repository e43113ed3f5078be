//! Reading and writing the WIB times the admin types, and turning WIB days into UTC bounds.
//!
//! The calendar is where WIB and UTC disagree most visibly: 05:00 WIB is still the previous
//! day in UTC, so every day boundary is computed here, once, from WIB midnight.

use crate::clock::WIB;
use crate::error::{Error, Result};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

const MINUTE: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]");
const DAY: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");
const TIME: &[BorrowedFormatItem<'static>] = format_description!("[hour]:[minute]");

/// The years the calendar accepts; anything else is a typing slip, not a plan.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Reads "YYYY-MM-DDTHH:MM" typed in WIB as an instant. Impossible dates (2026-02-30) and
/// hours (24:00) are refused rather than rolled over, so a slot never lands on a day the
/// admin did not mean.
pub fn parse_minute(field: &'static str, input: &str) -> Result<OffsetDateTime> {
    let text = input.trim();
    let local = PrimitiveDateTime::parse(text, MINUTE).map_err(|_| {
        Error::invalid(
            field,
            format!(
                "Waktu \"{text}\" tidak valid. Tulis tanggal dan jam WIB seperti 2026-11-26T09:00."
            ),
        )
    })?;
    check_year(field, local.date())?;
    Ok(local.assume_offset(WIB))
}

/// Reads a WIB calendar day "YYYY-MM-DD".
pub fn parse_day(field: &'static str, input: &str) -> Result<Date> {
    let text = input.trim();
    let day = Date::parse(text, DAY).map_err(|_| {
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
    Time::parse(text, TIME).map_err(|_| {
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
    let local = at.to_offset(WIB);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        local.year(),
        local.month() as u8,
        local.day(),
        local.hour(),
        local.minute()
    )
}

/// A WIB day as "YYYY-MM-DD".
pub fn format_day(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        day.month() as u8,
        day.day()
    )
}

/// The instant a WIB day begins (17:00 UTC of the day before).
pub fn day_start(day: Date) -> OffsetDateTime {
    PrimitiveDateTime::new(day, Time::MIDNIGHT).assume_offset(WIB)
}

/// The instant after a WIB day ends, i.e. the start of the next day.
pub fn day_end(day: Date) -> Result<OffsetDateTime> {
    day.next_day()
        .map(day_start)
        .ok_or_else(|| Error::invalid("day", "Tanggal di luar jangkauan kalender."))
}
