//! The hub's one place that knows what time it is; how instants and days are written down
//! is `medsos_rules::wib`, shared with the agencies' PCs.
//!
//! Rules take `now` as a parameter instead of reading the system clock, so a test can put a
//! code past its expiry without sleeping. Instants are stored in UTC and shown in WIB.

use time::OffsetDateTime;

/// Writes a calendar day as `YYYY-MM-DD`.
pub use medsos_rules::wib::format_day;
/// Reads an instant written by [`to_stored`], or the whole-second text older hubs wrote.
pub use medsos_rules::wib::from_stored;
/// Reads a calendar day written `YYYY-MM-DD`, exactly that wide; `None` for anything else,
/// including dates that do not exist such as `2026-02-30`.
pub use medsos_rules::wib::parse_day;
/// Formats an instant for people in Cianjur, e.g. `2026-07-19 21:05 WIB`.
pub use medsos_rules::wib::show as show_wib;
/// Formats an instant as stored: UTC, fixed width, whole milliseconds,
/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, so that SQLite compares stored instants as text correctly.
pub use medsos_rules::wib::to_stored;
/// The calendar day it is in Cianjur at `now`.
pub use medsos_rules::wib::today as today_wib;
/// WIB (Waktu Indonesia Barat), the time zone of Cianjur: UTC+7, no daylight saving.
pub use medsos_rules::wib::WIB;
/// The API's form of an instant, UTC whole seconds `YYYY-MM-DDTHH:MM:SSZ`, and its strict
/// reader.
pub use medsos_rules::wib::{from_wire, to_wire};

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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn stored_instants_are_utc_whole_milliseconds_and_round_trip() {
        let stored = to_stored(datetime!(2026-07-12 23:30:05.987 +7));
        assert_eq!(stored, "2026-07-12T16:30:05.987Z");
        assert_eq!(
            from_stored(&stored),
            Some(datetime!(2026-07-12 16:30:05.987 UTC))
        );
        // What older hubs wrote still reads as the same instant.
        assert_eq!(
            from_stored("2026-07-12T16:30:05Z"),
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
