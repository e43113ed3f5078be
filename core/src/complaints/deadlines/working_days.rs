//! Working days: weekends and the holidays table, as the deadlines count them. Pure: the
//! holidays are read by `stored.rs`.

use std::collections::HashSet;
use time::{Date, Weekday};

/// Weekends and the holidays table in memory: a few dozen dates, checked thousands of times
/// when deadlines are recomputed. Same rule as [`crate::calendar::is_working_day`].
pub(crate) struct WorkingDays {
    pub(super) holidays: HashSet<Date>,
}

impl WorkingDays {
    pub(crate) fn is_working_day(&self, day: Date) -> bool {
        !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !self.holidays.contains(&day)
    }

    /// The `n`th working day after `day` (the day of receipt itself never counts: a
    /// complaint at 16:55 on Friday is not due the same evening).
    pub(crate) fn add_working_days(&self, day: Date, n: u32) -> Date {
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

    /// Working days in (`from`, `to`]; 0 when `to` is not after `from`.
    pub(crate) fn between(&self, from: Date, to: Date) -> i64 {
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
