//! The one place that knows what time it is; how it is written down is `medsos_rules::wib`.
//!
//! Instants are stored in UTC as fixed-width text, `YYYY-MM-DDTHH:MM:SS.mmmZ` (sortable as
//! text, readable in a SQLite shell); the UI shows them in WIB (Asia/Jakarta, UTC+7, no
//! daylight saving).

use std::sync::{Arc, Mutex};
use time::OffsetDateTime;

/// Reads an instant written by [`to_stored`], or the RFC 3339 text older versions wrote.
pub use medsos_rules::wib::from_stored;
/// Formats an instant as stored: UTC, fixed width, whole milliseconds
/// (`YYYY-MM-DDTHH:MM:SS.mmmZ`).
pub use medsos_rules::wib::to_stored;
/// WIB, the time zone of Cianjur.
pub use medsos_rules::wib::WIB;

/// A source of the current instant, so rules and tests agree on "now".
pub trait Clock: Send + Sync {
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

/// A clock that stays where it is set; for tests and debug builds.
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<OffsetDateTime>>);

impl FixedClock {
    pub fn new(at: OffsetDateTime) -> Self {
        FixedClock(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: OffsetDateTime) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }

    pub fn advance(&self, by: time::Duration) {
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *guard += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn stored_instants_are_utc_and_round_trip() {
        let wib_evening = datetime!(2026-11-26 23:30:00.123456 +7);
        let stored = to_stored(wib_evening);
        assert_eq!(stored, "2026-11-26T16:30:00.123Z");
        assert_eq!(
            from_stored(&stored),
            Some(datetime!(2026-11-26 16:30:00.123 UTC))
        );
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let clock = FixedClock::new(datetime!(2026-01-01 00:00 UTC));
        clock.advance(time::Duration::minutes(5));
        assert_eq!(clock.now(), datetime!(2026-01-01 00:05 UTC));
    }
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// A day as Indonesians write it, in WIB: "26 November 2026".
pub fn format_wib_date(at: OffsetDateTime) -> String {
    let local = at.to_offset(WIB);
    format!(
        "{} {} {}",
        local.day(),
        MONTHS_ID[local.month() as usize - 1],
        local.year()
    )
}

/// An instant for reports, in WIB: "26 November 2026 14.05 WIB".
pub fn format_wib_datetime(at: OffsetDateTime) -> String {
    let local = at.to_offset(WIB);
    format!(
        "{} {:02}.{:02} WIB",
        format_wib_date(at),
        local.hour(),
        local.minute()
    )
}

#[cfg(test)]
mod wib_format_tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn late_evening_utc_is_written_as_the_next_day_in_wib() {
        let at = datetime!(2026-12-31 17:30 UTC);
        assert_eq!(format_wib_date(at), "1 Januari 2027");
        assert_eq!(format_wib_datetime(at), "1 Januari 2027 00.30 WIB");
    }
}
