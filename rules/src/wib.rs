//! WIB (UTC+7) days and minutes as people type them, and instants as both stores write them.
//!
//! Cianjur keeps WIB (Waktu Indonesia Barat) all year: UTC+7, no daylight saving. People
//! type and read days and minutes in WIB; the stores keep instants in UTC.
//!
//! - A day is `YYYY-MM-DD`, exactly ten characters ([`parse_day`], [`format_day`]).
//! - A minute typed in WIB is `YYYY-MM-DDTHH:MM` ([`parse_minute`], [`format_minute`]); a
//!   time of day is `HH:MM` ([`parse_time`], [`format_time`]).
//! - A WIB day begins at 17:00 UTC of the day before ([`day_start`], [`day_end`], [`today`]).
//! - People read an instant as `2026-07-19 21:05 WIB` ([`show`]).
//! - Both stores, the PC's and the hub's, write an instant one way: UTC, fixed width, whole
//!   milliseconds, `YYYY-MM-DDTHH:MM:SS.mmmZ` ([`to_stored`]), so that SQLite's text order is
//!   time order. [`from_stored`] also reads the RFC 3339 text either store wrote before.
//! - The hub's API carries instants in whole seconds, `YYYY-MM-DDTHH:MM:SSZ` ([`to_wire`],
//!   [`from_wire`]).
//!
//! Every reader returns `None` for text that is not exactly its form, including dates that do
//! not exist (`2026-02-30`) and hours past 23:59; callers word the refusal for people.

use time::format_description::well_known::Rfc3339;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// WIB, the time zone of Cianjur: UTC+7 all year.
pub const WIB: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+7 is a valid offset"),
};

/// The width of a day, `YYYY-MM-DD`.
pub const DAY_LEN: usize = 10;
/// The width of a minute typed in WIB, `YYYY-MM-DDTHH:MM`.
pub const MINUTE_LEN: usize = 16;
/// The width of a time of day, `HH:MM`.
pub const TIME_LEN: usize = 5;
/// The width of a stored instant, `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub const STORED_LEN: usize = 24;
/// The width of an instant on the hub's API, `YYYY-MM-DDTHH:MM:SSZ`.
pub const WIRE_LEN: usize = 20;

const DAY: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");
const MINUTE: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]");
const TIME: &[BorrowedFormatItem<'static>] = format_description!("[hour]:[minute]");
const WIRE: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Text of exactly `len` ASCII characters; the formats above would otherwise let a sign or
/// extra digits through in some places.
fn exact(text: &str, len: usize) -> Option<&str> {
    (text.len() == len && text.is_ascii()).then_some(text)
}

/// Reads a calendar day written `YYYY-MM-DD`, exactly that wide; `None` for anything else,
/// including dates that do not exist such as `2026-02-30`.
pub fn parse_day(text: &str) -> Option<Date> {
    Date::parse(exact(text, DAY_LEN)?, DAY).ok()
}

/// Writes a calendar day as `YYYY-MM-DD`.
pub fn format_day(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        day.month() as u8,
        day.day()
    )
}

/// Reads `YYYY-MM-DDTHH:MM` typed in WIB as an instant. Impossible dates (2026-02-30) and
/// hours (24:00) are refused rather than rolled over.
pub fn parse_minute(text: &str) -> Option<OffsetDateTime> {
    PrimitiveDateTime::parse(exact(text, MINUTE_LEN)?, MINUTE)
        .ok()
        .map(|local| local.assume_offset(WIB))
}

/// An instant as people type it: `YYYY-MM-DDTHH:MM` in WIB (seconds dropped).
pub fn format_minute(at: OffsetDateTime) -> String {
    let local = at.to_offset(WIB);
    format!("{}T{}", format_day(local.date()), format_time(local.time()))
}

/// Reads a time of day `HH:MM` (00:00 to 23:59); `9:00`, `24:00` and `09:60` are refused.
pub fn parse_time(text: &str) -> Option<Time> {
    Time::parse(exact(text, TIME_LEN)?, TIME).ok()
}

/// Writes a time of day as `HH:MM` (seconds dropped).
pub fn format_time(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// The instant a WIB day begins: 00:00 WIB, which is 17:00 UTC of the day before.
pub fn day_start(day: Date) -> OffsetDateTime {
    PrimitiveDateTime::new(day, Time::MIDNIGHT).assume_offset(WIB)
}

/// The instant after a WIB day ends, i.e. the start of the next day; `None` past the last
/// day `time` knows.
pub fn day_end(day: Date) -> Option<OffsetDateTime> {
    day.next_day().map(day_start)
}

/// The WIB calendar day it is at `now`.
pub fn today(now: OffsetDateTime) -> Date {
    now.to_offset(WIB).date()
}

/// An instant for people in Cianjur: `2026-07-19 21:05 WIB`.
pub fn show(at: OffsetDateTime) -> String {
    let local = at.to_offset(WIB);
    format!(
        "{} {} WIB",
        format_day(local.date()),
        format_time(local.time())
    )
}

/// Writes an instant as both stores keep it: UTC, whole milliseconds (finer parts are
/// dropped), always `YYYY-MM-DDTHH:MM:SS.mmmZ`, 24 characters, so text order is time order.
pub fn to_stored(at: OffsetDateTime) -> String {
    let utc = at.to_offset(UtcOffset::UTC);
    format!(
        "{}T{:02}:{:02}:{:02}.{:03}Z",
        format_day(utc.date()),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.millisecond()
    )
}

/// Reads a stored instant: the form [`to_stored`] writes, and the RFC 3339 text the stores
/// wrote before it (whole seconds, or a fraction with its trailing zeros trimmed). The
/// result is in UTC.
pub fn from_stored(text: &str) -> Option<OffsetDateTime> {
    // The fixed form is RFC 3339 too, and time's RFC 3339 reader is its fastest: a scan of
    // thousands of slots reads every `at` through here.
    parse_rfc3339(text).map(|at| at.to_offset(UtcOffset::UTC))
}

/// An instant in a form either store wrote before the fixed width (`…:05Z`, `…:05.5Z`,
/// `…:05.12Z`: UTC, shorter than [`STORED_LEN`]) rewritten as [`to_stored`] writes it; `None`
/// for any other text (already fixed width, a day, a WIB minute, an offset other than `Z`,
/// words). The migrations that gave both stores the fixed width rewrite with it.
pub fn widen_stored(text: &str) -> Option<String> {
    let old_form = text.len() < STORED_LEN
        && text.len() >= WIRE_LEN
        && text.ends_with('Z')
        && text.as_bytes().get(DAY_LEN) == Some(&b'T');
    old_form
        .then(|| parse_rfc3339(text))
        .flatten()
        .map(to_stored)
}

/// Writes an instant as the hub's API carries it: UTC, whole seconds,
/// `YYYY-MM-DDTHH:MM:SSZ`.
pub fn to_wire(at: OffsetDateTime) -> String {
    let utc = at.to_offset(UtcOffset::UTC);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        format_day(utc.date()),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

/// Reads an instant in exactly the API's form, `YYYY-MM-DDTHH:MM:SSZ`.
pub fn from_wire(text: &str) -> Option<OffsetDateTime> {
    PrimitiveDateTime::parse(exact(text, WIRE_LEN)?, WIRE)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// Reads any RFC 3339 instant (`2026-11-26T09:00:00+07:00`, `…Z`, with or without a
/// fraction), keeping its offset: for text from outside the stores, such as a spreadsheet
/// cell or a test's clock setting.
pub fn parse_rfc3339(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, time};

    #[test]
    fn only_old_forms_of_stored_instants_are_widened() {
        for (old, widened) in [
            ("2026-07-12T16:30:05Z", "2026-07-12T16:30:05.000Z"),
            ("2026-07-12T16:30:05.5Z", "2026-07-12T16:30:05.500Z"),
            ("2026-07-12T16:30:05.12Z", "2026-07-12T16:30:05.120Z"),
        ] {
            assert_eq!(widen_stored(old).as_deref(), Some(widened), "{old}");
            assert_eq!(from_stored(widened), from_stored(old));
        }
        for other in [
            "2026-07-12T16:30:05.123Z",
            "2026-07-12",
            "2026-07-12T16:30",
            "2026-07-12T16:30:05+07:00",
            "2026-02-30T00:00:00Z",
            "instagram",
            "",
        ] {
            assert_eq!(widen_stored(other), None, "{other}");
        }
    }

    #[test]
    fn wib_is_seven_hours_ahead_of_utc() {
        assert_eq!(WIB.whole_hours(), 7);
        assert_eq!(WIB.minutes_past_hour(), 0);
    }

    #[test]
    fn days_are_read_only_in_the_fixed_width_form() {
        assert_eq!(parse_day("2026-07-12"), Some(date!(2026 - 07 - 12)));
        assert_eq!(parse_day("2028-02-29"), Some(date!(2028 - 02 - 29)));
        for text in [
            "2026-7-12",
            "2026-02-30",
            "2026-02-29",
            "2026-13-01",
            "12-07-2026",
            "2026-07-12T00:00",
            "+2026-07-12",
            " 2026-07-12",
            "2026-07-12 ",
            "",
        ] {
            assert_eq!(parse_day(text), None, "{text:?}");
        }
    }

    #[test]
    fn days_are_written_fixed_width_and_read_back() {
        assert_eq!(format_day(date!(2026 - 01 - 05)), "2026-01-05");
        for day in [
            date!(2026 - 01 - 05),
            date!(2026 - 12 - 31),
            date!(2000 - 02 - 29),
        ] {
            let text = format_day(day);
            assert_eq!(text.len(), DAY_LEN);
            assert_eq!(parse_day(&text), Some(day));
        }
    }

    #[test]
    fn minutes_are_typed_in_wib() {
        assert_eq!(
            parse_minute("2026-11-26T09:00"),
            Some(datetime!(2026-11-26 02:00 UTC))
        );
        // 05:00 WIB is still the day before in UTC.
        assert_eq!(
            parse_minute("2026-11-26T05:00"),
            Some(datetime!(2026-11-25 22:00 UTC))
        );
        for text in [
            "2026-02-30T09:00",
            "2026-11-26T24:00",
            "2026-11-26T09:60",
            "2026-11-26T9:00",
            "2026-11-26 09:00",
            "2026-11-26T09:00:00",
            "2026-11-26",
            "",
        ] {
            assert_eq!(parse_minute(text), None, "{text:?}");
        }
    }

    #[test]
    fn minutes_are_written_in_wib_and_read_back() {
        let at = datetime!(2026-11-26 16:30:45.5 UTC);
        let text = format_minute(at);
        assert_eq!(text, "2026-11-26T23:30");
        assert_eq!(text.len(), MINUTE_LEN);
        assert_eq!(parse_minute(&text), Some(datetime!(2026-11-26 16:30 UTC)));
        // A WIB evening past 17:00 UTC is the next day in WIB.
        assert_eq!(
            format_minute(datetime!(2026-12-31 17:30 UTC)),
            "2027-01-01T00:30"
        );
    }

    #[test]
    fn times_of_day_are_two_digit_hours_and_minutes() {
        assert_eq!(parse_time("09:00"), Some(time!(09:00)));
        assert_eq!(parse_time("23:59"), Some(time!(23:59)));
        assert_eq!(parse_time("00:00"), Some(time!(00:00)));
        for text in ["9:00", "24:00", "09:60", "09:00:00", "0900", " 09:00", ""] {
            assert_eq!(parse_time(text), None, "{text:?}");
        }
        assert_eq!(format_time(time!(07:05:59)), "07:05");
        assert_eq!(parse_time(&format_time(time!(21:45))), Some(time!(21:45)));
    }

    #[test]
    fn a_wib_day_begins_at_17_utc_the_day_before() {
        assert_eq!(
            day_start(date!(2026 - 11 - 26)),
            datetime!(2026-11-25 17:00 UTC)
        );
        assert_eq!(
            day_end(date!(2026 - 11 - 26)),
            Some(datetime!(2026-11-26 17:00 UTC))
        );
        assert_eq!(
            day_end(date!(2026 - 12 - 31)),
            Some(datetime!(2026-12-31 17:00 UTC))
        );
        assert_eq!(day_end(Date::MAX), None);
    }

    #[test]
    fn today_crosses_into_the_next_day_at_17_utc() {
        assert_eq!(
            today(datetime!(2026-07-12 16:59:59.999 UTC)),
            date!(2026 - 07 - 12)
        );
        assert_eq!(
            today(datetime!(2026-07-12 17:00 UTC)),
            date!(2026 - 07 - 13)
        );
        assert_eq!(
            today(datetime!(2026-12-31 17:30 UTC)),
            date!(2027 - 01 - 01)
        );
        let day = date!(2026 - 03 - 01);
        assert_eq!(today(day_start(day)), day);
    }

    #[test]
    fn instants_are_shown_in_wib() {
        assert_eq!(
            show(datetime!(2026-07-12 17:30 UTC)),
            "2026-07-13 00:30 WIB"
        );
        assert_eq!(
            show(datetime!(2026-07-19 21:05:59 +7)),
            "2026-07-19 21:05 WIB"
        );
    }

    #[test]
    fn stored_instants_are_utc_fixed_width_whole_milliseconds() {
        // A WIB evening is the same UTC day; 23:30 WIB of the 26th is 16:30 UTC.
        assert_eq!(
            to_stored(datetime!(2026-11-26 23:30:00.123456 +7)),
            "2026-11-26T16:30:00.123Z"
        );
        // Past midnight WIB, UTC is still the day before.
        assert_eq!(
            to_stored(datetime!(2026-01-01 00:30 +7)),
            "2025-12-31T17:30:00.000Z"
        );
        for at in [
            datetime!(2026-07-12 00:00 UTC),
            datetime!(2026-07-12 10:00:00.5 UTC),
            datetime!(2026-07-12 10:00:00.05 UTC),
            datetime!(2026-07-12 23:59:59.999999 UTC),
        ] {
            assert_eq!(to_stored(at).len(), STORED_LEN, "{at}");
        }
        assert_eq!(
            to_stored(datetime!(2026-07-12 10:00:00.5 UTC)),
            "2026-07-12T10:00:00.500Z"
        );
    }

    #[test]
    fn stored_instants_round_trip_to_the_millisecond() {
        for at in [
            datetime!(2026-11-26 16:30:00.123 UTC),
            datetime!(2026-11-26 16:30:00 UTC),
            datetime!(2026-11-26 23:59:59.999 UTC),
            datetime!(2000-01-01 00:00 UTC),
        ] {
            assert_eq!(from_stored(&to_stored(at)), Some(at), "{at}");
        }
        assert_eq!(
            from_stored(&to_stored(datetime!(2026-11-26 23:30:00.123456 +7))),
            Some(datetime!(2026-11-26 16:30:00.123 UTC))
        );
    }

    #[test]
    fn stored_text_order_is_time_order_within_a_second() {
        let instants = [
            datetime!(2026-07-12 09:59:59 UTC),
            datetime!(2026-07-12 10:00:00 UTC),
            datetime!(2026-07-12 10:00:00.05 UTC),
            datetime!(2026-07-12 10:00:00.5 UTC),
            datetime!(2026-07-12 10:00:01 UTC),
        ];
        for pair in instants.windows(2) {
            assert!(to_stored(pair[0]) < to_stored(pair[1]), "{pair:?}");
        }
    }

    #[test]
    fn older_stored_text_from_either_store_still_reads() {
        // The hub wrote whole seconds; the PC wrote RFC 3339 with trimmed fractions.
        for (old, at) in [
            ("2026-07-12T16:30:05Z", datetime!(2026-07-12 16:30:05 UTC)),
            ("2026-11-26T16:30:00Z", datetime!(2026-11-26 16:30 UTC)),
            (
                "2026-11-26T16:30:00.5Z",
                datetime!(2026-11-26 16:30:00.5 UTC),
            ),
            (
                "2026-11-26T16:30:00.12Z",
                datetime!(2026-11-26 16:30:00.12 UTC),
            ),
            (
                "2026-11-26T16:30:00.123Z",
                datetime!(2026-11-26 16:30:00.123 UTC),
            ),
        ] {
            let read = from_stored(old);
            assert_eq!(read, Some(at), "{old}");
            // Rewritten in today's form it is the same instant.
            assert_eq!(from_stored(&to_stored(at)), read, "{old}");
        }
        assert_eq!(
            from_stored("2026-11-26T23:30:00+07:00"),
            Some(datetime!(2026-11-26 16:30 UTC))
        );
        assert_eq!(
            from_stored("2026-11-26T23:30:00+07:00").map(|at| at.offset()),
            Some(UtcOffset::UTC)
        );
        for text in [
            "",
            "2026-11-26",
            "2026-11-26T16:30",
            "2026-11-26T16:30:00",
            "2026-02-30T16:30:00.000Z",
            "2026-11-26T24:30:00.000Z",
            "1764174600",
        ] {
            assert_eq!(from_stored(text), None, "{text:?}");
        }
    }

    #[test]
    fn wire_instants_are_whole_seconds_exactly() {
        let at = datetime!(2026-11-21 10:15:00.987 +7);
        assert_eq!(to_wire(at), "2026-11-21T03:15:00Z");
        assert_eq!(to_wire(at).len(), WIRE_LEN);
        assert_eq!(
            from_wire("2026-11-21T03:15:00Z"),
            Some(datetime!(2026-11-21 03:15 UTC))
        );
        assert_eq!(
            from_wire(&to_wire(at)),
            Some(datetime!(2026-11-21 03:15 UTC))
        );
        for text in [
            "2026-11-21T03:15:00.000Z",
            "2026-11-21T03:15:00+00:00",
            "2026-11-21T03:15Z",
            "2026-02-30T03:15:00Z",
            "2026-11-21T03:15:00z",
            "",
        ] {
            assert_eq!(from_wire(text), None, "{text:?}");
        }
    }

    #[test]
    fn rfc3339_from_outside_keeps_its_offset() {
        let at = parse_rfc3339("2026-11-26T09:00:00+07:00").expect("reads");
        assert_eq!(at, datetime!(2026-11-26 02:00 UTC));
        assert_eq!(at.offset(), WIB);
        assert_eq!(
            parse_rfc3339("2026-11-26T02:00:00.25Z"),
            Some(datetime!(2026-11-26 02:00:00.25 UTC))
        );
        assert_eq!(parse_rfc3339("2026-11-26T09:00"), None);
        assert_eq!(parse_rfc3339("26/11/2026"), None);
    }
}
