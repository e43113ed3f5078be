//! The hub's one place that knows what time it is and how instants are written down.
//!
//! Rules take `now` as a parameter instead of reading the system clock, so a test can put a
//! code past its expiry without sleeping. Instants are stored in UTC and shown in WIB.

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// WIB (Waktu Indonesia Barat), the time zone of Cianjur: UTC+7, no daylight saving.
pub const WIB: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+7 is a valid offset"),
};

/// Whole seconds and a fixed width, so that SQLite compares stored instants as text correctly
/// (RFC 3339 with optional fractions would sort "…:00.5Z" before "…:00Z").
const STORED: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

const DAY: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");

const SHOWN: &[FormatItem<'static>] = format_description!("[year]-[month]-[day] [hour]:[minute]");

/// A source of the current instant, shared by the handlers through the router's state.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> OffsetDateTime;
}

/// The computer's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// Formats an instant as stored: UTC, whole seconds, `YYYY-MM-DDTHH:MM:SSZ`.
pub fn to_stored(at: OffsetDateTime) -> String {
    let utc = at.to_offset(UtcOffset::UTC);
    utc.format(STORED)
        .unwrap_or_else(|_| utc.unix_timestamp().to_string())
}

/// Reads an instant written by [`to_stored`].
pub fn from_stored(text: &str) -> Option<OffsetDateTime> {
    PrimitiveDateTime::parse(text, STORED)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// Reads a calendar day written `YYYY-MM-DD`, exactly that wide; `None` for anything else,
/// including dates that do not exist such as `2026-02-30`.
pub fn parse_day(text: &str) -> Option<Date> {
    if text.len() != 10 {
        return None;
    }
    Date::parse(text, DAY).ok()
}

/// Writes a calendar day as `YYYY-MM-DD`.
pub fn format_day(day: Date) -> String {
    day.format(DAY).unwrap_or_else(|_| day.to_string())
}

/// The calendar day it is in Cianjur at `now`.
pub fn today_wib(now: OffsetDateTime) -> Date {
    now.to_offset(WIB).date()
}

/// Formats an instant for people in Cianjur, e.g. `2026-07-19 21:05 WIB`.
pub fn show_wib(at: OffsetDateTime) -> String {
    let wib = at.to_offset(WIB);
    match wib.format(SHOWN) {
        Ok(text) => format!("{text} WIB"),
        Err(_) => to_stored(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn stored_instants_are_utc_whole_seconds_and_round_trip() {
        let stored = to_stored(datetime!(2026-07-12 23:30:05.987 +7));
        assert_eq!(stored, "2026-07-12T16:30:05Z");
        assert_eq!(
            from_stored(&stored),
            Some(datetime!(2026-07-12 16:30:05 UTC))
        );
    }

    #[test]
    fn stored_text_order_is_time_order() {
        let earlier = to_stored(datetime!(2026-07-12 09:59:59 UTC));
        let later = to_stored(datetime!(2026-07-12 10:00:00.5 UTC));
        assert!(earlier < later);
    }

    #[test]
    fn days_are_read_only_in_the_fixed_width_form() {
        assert_eq!(
            parse_day("2026-07-12"),
            Some(time::macros::date!(2026 - 07 - 12))
        );
        for text in [
            "2026-7-12",
            "2026-02-30",
            "12-07-2026",
            "2026-07-12T00:00",
            "+2026-07-12",
        ] {
            assert_eq!(parse_day(text), None, "{text}");
        }
        assert_eq!(
            format_day(time::macros::date!(2026 - 01 - 05)),
            "2026-01-05"
        );
        assert_eq!(
            today_wib(datetime!(2026-07-12 17:30 UTC)),
            time::macros::date!(2026 - 07 - 13)
        );
    }

    #[test]
    fn instants_are_shown_in_wib() {
        assert_eq!(
            show_wib(datetime!(2026-07-12 17:30 UTC)),
            "2026-07-13 00:30 WIB"
        );
    }
}
