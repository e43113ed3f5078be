//! The period the dashboard looks at: this week, this month, this year, or days chosen.

use crate::clock::{format_day, parse_day};
use time::{Date, Duration, Month};

/// The longest custom period: two years, so an export stays a reasonable size.
pub const MAX_DAYS: i64 = 731;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Week,
    Month,
    Year,
    Custom,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Week => "minggu",
            Kind::Month => "bulan",
            Kind::Year => "tahun",
            Kind::Custom => "kustom",
        }
    }
}

/// Days from `from` to `to`, both included (WIB calendar days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: Kind,
    pub from: Date,
    pub to: Date,
}

impl Period {
    /// Reads `periode` (minggu, bulan, tahun, kustom; default bulan) with `dari`/`sampai` for
    /// a custom one. `today` is the hub's day in WIB. A bad custom period is an error message
    /// in Indonesian; the caller shows it with the default period.
    pub fn parse(
        kind: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        today: Date,
    ) -> Result<Period, &'static str> {
        match kind.unwrap_or("bulan") {
            "minggu" => Ok(Period::week_of(today)),
            "bulan" | "" => Ok(Period::month_of(today)),
            "tahun" => Ok(Period {
                kind: Kind::Year,
                from: Date::from_calendar_date(today.year(), Month::January, 1).unwrap_or(today),
                to: Date::from_calendar_date(today.year(), Month::December, 31).unwrap_or(today),
            }),
            "kustom" => {
                let (Some(from), Some(to)) = (
                    from.map(str::trim).and_then(parse_day),
                    to.map(str::trim).and_then(parse_day),
                ) else {
                    return Err("Tanggal awal dan akhir harus berbentuk YYYY-MM-DD.");
                };
                if from > to {
                    return Err("Tanggal awal tidak boleh setelah tanggal akhir.");
                }
                if from.year() < 2020 || to.year() > 2100 {
                    return Err("Tanggal harus antara tahun 2020 dan 2100.");
                }
                if (to - from).whole_days() >= MAX_DAYS {
                    return Err("Periode paling panjang dua tahun.");
                }
                Ok(Period {
                    kind: Kind::Custom,
                    from,
                    to,
                })
            }
            _ => Err("Periode harus minggu, bulan, tahun atau kustom."),
        }
    }

    /// Monday to Sunday of the week holding `day`.
    pub fn week_of(day: Date) -> Period {
        let from = day - Duration::days(i64::from(day.weekday().number_days_from_monday()));
        Period {
            kind: Kind::Week,
            from,
            to: from + Duration::days(6),
        }
    }

    /// The calendar month holding `day`.
    pub fn month_of(day: Date) -> Period {
        let from = day.replace_day(1).unwrap_or(day);
        let next = if day.month() == Month::December {
            Date::from_calendar_date(day.year() + 1, Month::January, 1)
        } else {
            Date::from_calendar_date(day.year(), day.month().next(), 1)
        };
        Period {
            kind: Kind::Month,
            from,
            to: next.map(|d| d - Duration::days(1)).unwrap_or(day),
        }
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).whole_days() + 1
    }

    /// Days of the period up to and including `today`: the days a summary could exist for.
    pub fn days_elapsed(&self, today: Date) -> i64 {
        if today < self.from {
            0
        } else {
            (today.min(self.to) - self.from).whole_days() + 1
        }
    }

    pub fn from_text(&self) -> String {
        format_day(self.from)
    }

    pub fn to_text(&self) -> String {
        format_day(self.to)
    }

    /// The query string that asks for this period again, e.g. for an export link.
    pub fn query(&self) -> String {
        match self.kind {
            Kind::Custom => format!(
                "periode=kustom&dari={}&sampai={}",
                self.from_text(),
                self.to_text()
            ),
            kind => format!("periode={}", kind.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn periods_cover_the_days_people_mean() {
        let today = date!(2026 - 11 - 26); // a Thursday
        let week = Period::parse(Some("minggu"), None, None, today).expect("week");
        assert_eq!(
            (week.from, week.to),
            (date!(2026 - 11 - 23), date!(2026 - 11 - 29))
        );
        let month = Period::parse(None, None, None, today).expect("month");
        assert_eq!(
            (month.from, month.to),
            (date!(2026 - 11 - 01), date!(2026 - 11 - 30))
        );
        assert_eq!(month.days_elapsed(today), 26);
        let dec = Period::month_of(date!(2026 - 12 - 05));
        assert_eq!(dec.to, date!(2026 - 12 - 31));
        let custom = Period::parse(
            Some("kustom"),
            Some("2026-01-01"),
            Some("2026-12-31"),
            today,
        )
        .expect("custom");
        assert_eq!(custom.days(), 365);
        assert!(Period::parse(
            Some("kustom"),
            Some("2026-02-30"),
            Some("2026-03-01"),
            today
        )
        .is_err());
        assert!(Period::parse(
            Some("kustom"),
            Some("2026-03-02"),
            Some("2026-03-01"),
            today
        )
        .is_err());
        assert!(Period::parse(
            Some("kustom"),
            Some("2020-01-01"),
            Some("2026-03-01"),
            today
        )
        .is_err());
        assert!(Period::parse(Some("<script>"), None, None, today).is_err());
        assert!(Period::parse(
            Some("kustom"),
            Some("9999-12-25"),
            Some("9999-12-31"),
            today
        )
        .is_err());
    }
}
