//! Working days in Cianjur: Monday to Friday, except national holidays and cuti bersama.

use std::collections::HashSet;
use time::{Date, Duration, Weekday};

pub fn is_working_day(day: Date, holidays: &HashSet<Date>) -> bool {
    !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) && !holidays.contains(&day)
}

/// Working days strictly after `since` and strictly before `today`: how many whole working
/// days an agency has been silent if it last synced on `since`.
pub fn between(since: Date, today: Date, holidays: &HashSet<Date>) -> i64 {
    let mut count = 0;
    let mut day = since + Duration::days(1);
    // Bounded: a silence longer than a year is reported as a year.
    let mut steps = 0;
    while day < today && steps < 366 {
        if is_working_day(day, holidays) {
            count += 1;
        }
        day += Duration::days(1);
        steps += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_weekend_and_a_holiday_are_not_silence() {
        let none = HashSet::new();
        // Friday -> Monday: nothing missed.
        assert_eq!(
            between(date!(2026 - 11 - 20), date!(2026 - 11 - 23), &none),
            0
        );
        // Friday -> Wednesday: Monday and Tuesday missed.
        assert_eq!(
            between(date!(2026 - 11 - 20), date!(2026 - 11 - 25), &none),
            2
        );
        let holidays = HashSet::from([date!(2026 - 12 - 24), date!(2026 - 12 - 25)]);
        // Wednesday 23 Dec -> Monday 28 Dec over Christmas: nothing missed.
        assert_eq!(
            between(date!(2026 - 12 - 23), date!(2026 - 12 - 28), &holidays),
            0
        );
    }
}
