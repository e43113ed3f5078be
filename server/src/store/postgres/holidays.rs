//! National holidays and cuti bersama, as the hub publishes them (as `sqlite::holidays`).

use super::PgStore;
use crate::clock::parse_day;
use crate::error::Error;
use medsos_protocol::{Holiday, HolidayKind};
use std::collections::{BTreeSet, HashSet};
use time::Date;

impl PgStore {
    /// How many holidays the hub holds for each year it has, by year.
    pub fn holiday_years(&self) -> Result<Vec<(i32, usize)>, Error> {
        self.conn()?
            .query(
                "SELECT CAST(substr(day, 1, 4) AS INTEGER), COUNT(*) FROM holidays
                 GROUP BY 1 ORDER BY 1",
                &[],
            )?
            .iter()
            .map(|row| {
                Ok((
                    row.try_get::<_, i32>(0)?,
                    usize::try_from(row.try_get::<_, i64>(1)?).unwrap_or(0),
                ))
            })
            .collect()
    }

    /// The holidays of `year` in date order; empty when the hub has none for it.
    pub fn holidays_of_year(&self, year: i32) -> Result<Vec<Holiday>, Error> {
        self.conn()?
            .query(
                "SELECT day, kind, name FROM holidays WHERE day BETWEEN $1 AND $2 ORDER BY day",
                &[&format!("{year:04}-01-01"), &format!("{year:04}-12-31")],
            )?
            .iter()
            .map(|row| {
                let kind: String = row.try_get(1)?;
                Ok(Holiday {
                    day: row.try_get(0)?,
                    // The table's CHECK allows only the two kinds.
                    kind: HolidayKind::parse(&kind).unwrap_or(HolidayKind::LiburNasional),
                    name: row.try_get(2)?,
                })
            })
            .collect()
    }

    /// Replaces the holidays of every year that appears in `holidays` with exactly those, in
    /// one transaction, so a day dropped from a corrected list disappears. Returns the years
    /// replaced.
    pub fn replace_holiday_years(&self, holidays: &[Holiday]) -> Result<Vec<i32>, Error> {
        let years: BTreeSet<i32> = holidays
            .iter()
            .filter_map(|h| h.day.get(..4)?.parse().ok())
            .collect();
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        for year in &years {
            tx.execute(
                "DELETE FROM holidays WHERE day BETWEEN $1 AND $2",
                &[&format!("{year:04}-01-01"), &format!("{year:04}-12-31")],
            )?;
        }
        let insert = tx.prepare(
            "INSERT INTO holidays (day, kind, name) VALUES ($1, $2, $3)
             ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
        )?;
        for holiday in holidays {
            tx.execute(
                &insert,
                &[&holiday.day, &holiday.kind.as_str(), &holiday.name],
            )?;
        }
        tx.commit()?;
        Ok(years.into_iter().collect())
    }

    /// Every holiday the hub knows.
    pub fn holiday_days(&self) -> Result<HashSet<Date>, Error> {
        let mut days = HashSet::new();
        for row in self.conn()?.query("SELECT day FROM holidays", &[])? {
            let day: String = row.try_get(0)?;
            if let Some(day) = parse_day(&day) {
                days.insert(day);
            }
        }
        Ok(days)
    }
}
