//! Working days in Cianjur: Monday to Friday, minus national holidays (libur nasional) and
//! cuti bersama (the Perpres 21/2023 working week). Complaint deadlines on the PC and the
//! hub's count of an agency's silent days are both counted here.
//!
//! Holidays are passed in as typed values ([`Holiday`], [`WorkingDays`]); where they come
//! from (a CSV file, the hub's list, a store) is the caller's business.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use time::{Date, Weekday};

/// The years a holiday list may cover; anything else is a typing slip.
pub const HOLIDAY_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;
/// A holiday's name (keterangan) at most this many characters.
pub const MAX_HOLIDAY_NAME_CHARS: usize = 200;

/// What kind of day off: written `libur_nasional` / `cuti_bersama` in files, on the wire and
/// in both stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HolidayKind {
    LiburNasional,
    CutiBersama,
}

impl HolidayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HolidayKind::LiburNasional => "libur_nasional",
            HolidayKind::CutiBersama => "cuti_bersama",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [HolidayKind::LiburNasional, HolidayKind::CutiBersama]
            .into_iter()
            .find(|k| k.as_str() == text)
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            HolidayKind::LiburNasional => "Libur nasional",
            HolidayKind::CutiBersama => "Cuti bersama",
        }
    }
}

/// One day off that passed [`Holiday::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub day: Date,
    pub kind: HolidayKind,
    pub name: String,
}

/// Why a holiday cannot be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayProblem {
    /// Outside [`HOLIDAY_YEARS`].
    YearOutOfRange,
    /// Empty, longer than [`MAX_HOLIDAY_NAME_CHARS`], or with a line break or control character.
    BadName,
}

impl Holiday {
    /// A holiday, when its year and name are acceptable; the name is trimmed.
    pub fn new(day: Date, kind: HolidayKind, name: &str) -> Result<Holiday, HolidayProblem> {
        if !HOLIDAY_YEARS.contains(&day.year()) {
            return Err(HolidayProblem::YearOutOfRange);
        }
        let name = name.trim();
        if name.is_empty()
            || name.chars().count() > MAX_HOLIDAY_NAME_CHARS
            || name.chars().any(char::is_control)
        {
            return Err(HolidayProblem::BadName);
        }
        Ok(Holiday {
            day,
            kind,
            name: name.to_owned(),
        })
    }
}

/// The working-day calendar: weekends and a set of holidays, held in memory (a few dozen
/// dates, checked thousands of times when deadlines are recomputed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkingDays {
    holidays: HashSet<Date>,
}

impl WorkingDays {
    pub fn new(holidays: impl IntoIterator<Item = Date>) -> WorkingDays {
        WorkingDays {
            holidays: holidays.into_iter().collect(),
        }
    }

    /// Monday to Friday and not a holiday.
    pub fn is_working_day(&self, day: Date) -> bool {
        !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !self.holidays.contains(&day)
    }

    /// The `n`th working day after `day`. `day` itself never counts: a complaint at 16:55
    /// on Friday is not due the same evening.
    pub fn add_working_days(&self, day: Date, n: u32) -> Date {
        let mut current = day;
        let mut counted = 0;
        while counted < n {
            match current.next_day() {
                Some(next) => current = next,
                None => break,
            }
            if self.is_working_day(current) {
                counted += 1;
            }
        }
        current
    }

    /// Working days in (`from`, `to`]: after `from`, up to and including `to`; 0 when `to`
    /// is not after `from`.
    pub fn between(&self, from: Date, to: Date) -> i64 {
        let mut count = 0;
        let mut current = from;
        while current < to {
            match current.next_day() {
                Some(next) => current = next,
                None => break,
            }
            if self.is_working_day(current) {
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn weekends_and_holidays_are_not_working_days() {
        let days = WorkingDays::new([date!(2026 - 08 - 17), date!(2026 - 12 - 24)]);
        assert!(days.is_working_day(date!(2026 - 11 - 26))); // Kamis
        assert!(!days.is_working_day(date!(2026 - 11 - 28))); // Sabtu
        assert!(!days.is_working_day(date!(2026 - 11 - 29))); // Minggu
        assert!(!days.is_working_day(date!(2026 - 08 - 17))); // Senin, Kemerdekaan
        assert!(!days.is_working_day(date!(2026 - 12 - 24))); // cuti bersama
    }

    #[test]
    fn counting_skips_the_day_itself_weekends_and_holidays() {
        let none = WorkingDays::default();
        // Friday + 1 working day = Monday.
        assert_eq!(
            none.add_working_days(date!(2026 - 11 - 20), 1),
            date!(2026 - 11 - 23)
        );
        assert_eq!(
            none.add_working_days(date!(2026 - 11 - 20), 0),
            date!(2026 - 11 - 20)
        );
        // Friday -> Monday: one working day (Monday itself); Friday -> Wednesday: three.
        assert_eq!(
            none.between(date!(2026 - 11 - 20), date!(2026 - 11 - 23)),
            1
        );
        assert_eq!(
            none.between(date!(2026 - 11 - 20), date!(2026 - 11 - 25)),
            3
        );
        assert_eq!(
            none.between(date!(2026 - 11 - 25), date!(2026 - 11 - 20)),
            0
        );
        let christmas = WorkingDays::new([date!(2026 - 12 - 24), date!(2026 - 12 - 25)]);
        // Wednesday 23 Dec + 1 over Christmas = Monday 28 Dec.
        assert_eq!(
            christmas.add_working_days(date!(2026 - 12 - 23), 1),
            date!(2026 - 12 - 28)
        );
        assert_eq!(
            christmas.between(date!(2026 - 12 - 23), date!(2026 - 12 - 27)),
            0
        );
    }

    #[test]
    fn a_holiday_needs_a_year_in_range_and_a_one_line_name() {
        let ok = Holiday::new(
            date!(2027 - 01 - 01),
            HolidayKind::LiburNasional,
            " Tahun Baru ",
        )
        .expect("ok");
        assert_eq!(ok.name, "Tahun Baru");
        for name in ["", "  ", "dua\nbaris", &"x".repeat(201)] {
            assert_eq!(
                Holiday::new(date!(2027 - 01 - 01), HolidayKind::CutiBersama, name),
                Err(HolidayProblem::BadName),
                "{name:?}"
            );
        }
        assert_eq!(
            Holiday::new(date!(1999 - 12 - 31), HolidayKind::CutiBersama, "x"),
            Err(HolidayProblem::YearOutOfRange)
        );
        for kind in [HolidayKind::LiburNasional, HolidayKind::CutiBersama] {
            assert_eq!(HolidayKind::parse(kind.as_str()), Some(kind));
        }
    }
}
