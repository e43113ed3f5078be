//! The regency as a whole: complaints received in a calendar month by category, kecamatan,
//! type and channel, each beside the five months before it, summed over every agency.

use crate::error::Error;
use crate::store::HubStore;
use std::collections::HashMap;
use std::sync::OnceLock;
use time::{Date, Duration, Month};

/// The 32 kecamatan of Kabupaten Cianjur by Kemendagri code, as the desktop app knows them.
const KECAMATAN_CSV: &str = include_str!("../../../core/data/kecamatan-cianjur.csv");

/// How many months a comparison covers, the chosen one last.
pub const MONTHS: usize = 6;

/// The name summaries use for a kecamatan code not in the list, and what it is called.
pub const UNKNOWN_KECAMATAN: &str = "Kode kecamatan tidak dikenal";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kecamatan {
    pub code: &'static str,
    pub name: &'static str,
}

/// Every kecamatan, in the order of their codes.
pub fn kecamatan() -> &'static [Kecamatan] {
    static LIST: OnceLock<Vec<Kecamatan>> = OnceLock::new();
    LIST.get_or_init(|| {
        KECAMATAN_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let (code, name) = line.trim().split_once(',')?;
                let (code, name) = (code.trim(), name.trim());
                (!code.is_empty() && !name.is_empty()).then_some(Kecamatan { code, name })
            })
            .collect()
    })
}

/// The first day of the month written `YYYY-MM`, exactly that wide, from 2020 to 2100.
pub fn parse_month(text: &str) -> Option<Date> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() != 7 || bytes[4] != b'-' {
        return None;
    }
    if !bytes
        .iter()
        .enumerate()
        .all(|(i, b)| i == 4 || b.is_ascii_digit())
    {
        return None;
    }
    let year: i32 = text[..4].parse().ok()?;
    let month: u8 = text[5..].parse().ok()?;
    if !(2020..=2100).contains(&year) {
        return None;
    }
    Date::from_calendar_date(year, Month::try_from(month).ok()?, 1).ok()
}

/// `YYYY-MM` of a day's month.
pub fn month_text(day: Date) -> String {
    format!("{:04}-{:02}", day.year(), u8::from(day.month()))
}

/// The first day of the month before the one holding `day`.
pub fn previous_month(day: Date) -> Date {
    let first = day.replace_day(1).unwrap_or(day);
    (first - Duration::days(1)).replace_day(1).unwrap_or(first)
}

/// The first day of the month after the one holding `day`.
pub fn next_month(day: Date) -> Date {
    let first = day.replace_day(1).unwrap_or(day);
    (first + Duration::days(32)).replace_day(1).unwrap_or(first)
}

/// The last day of the month holding `day`.
pub fn month_end(day: Date) -> Date {
    next_month(day) - Duration::days(1)
}

/// One name's counts, one per month of the comparison, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRow {
    /// As the summaries send it: a kecamatan code, a category, a type or channel name.
    pub name: String,
    /// As people read it: the kecamatan's name, a channel's label.
    pub label: String,
    pub counts: [i64; MONTHS],
}

impl CountRow {
    /// The chosen month's count.
    pub fn current(&self) -> i64 {
        self.counts[MONTHS - 1]
    }

    /// The month before it.
    pub fn previous(&self) -> i64 {
        self.counts[MONTHS - 2]
    }

    pub fn change(&self) -> i64 {
        self.current() - self.previous()
    }
}

/// Complaints received in a month and the five months before it, summed over all agencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegencyMonth {
    /// First days of the months compared, oldest first; the last is the chosen month.
    pub months: [Date; MONTHS],
    /// All 32 kecamatan in code order, then one row for codes not in the list when there
    /// were any.
    pub by_kecamatan: Vec<CountRow>,
    /// By the chosen month's count, largest first, then by name.
    pub by_category: Vec<CountRow>,
    pub by_type: Vec<CountRow>,
    pub by_channel: Vec<CountRow>,
    /// Complaints received (the sum over types, as the overview counts them).
    pub total: [i64; MONTHS],
}

impl RegencyMonth {
    pub fn month(&self) -> Date {
        self.months[MONTHS - 1]
    }

    /// Complaints of the chosen month with no kecamatan recorded.
    pub fn without_kecamatan(&self) -> i64 {
        let placed: i64 = self.by_kecamatan.iter().map(CountRow::current).sum();
        (self.total[MONTHS - 1] - placed).max(0)
    }
}

/// The regency's complaints for the month holding `month` and the five before it.
pub fn month(store: &dyn HubStore, month: Date) -> Result<RegencyMonth, Error> {
    month_in(store, month, &crate::region::Scope::All)
}

/// [`month`] of the agencies in `scope` only.
pub fn month_in(
    store: &dyn HubStore,
    month: Date,
    scope: &crate::region::Scope,
) -> Result<RegencyMonth, Error> {
    let last = month.replace_day(1).unwrap_or(month);
    let mut months = [last; MONTHS];
    for i in (0..MONTHS - 1).rev() {
        months[i] = previous_month(months[i + 1]);
    }
    let from = months[0];
    let to = month_end(last);
    let slot: HashMap<String, usize> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (month_text(*m), i))
        .collect();

    let sums = |dimension: &str| -> Result<HashMap<String, [i64; MONTHS]>, Error> {
        let mut found: HashMap<String, [i64; MONTHS]> = HashMap::new();
        for row in store.complaint_counts_in(dimension, from, to, scope.region())? {
            let Some(&i) = slot.get(&row.month) else {
                continue;
            };
            found.entry(row.name).or_insert([0; MONTHS])[i] += row.count;
        }
        Ok(found)
    };

    let mut kecamatan_sums = sums("kecamatan")?;
    let mut by_kecamatan: Vec<CountRow> = kecamatan()
        .iter()
        .map(|k| CountRow {
            name: k.code.to_owned(),
            label: k.name.to_owned(),
            counts: kecamatan_sums.remove(k.code).unwrap_or([0; MONTHS]),
        })
        .collect();
    if !kecamatan_sums.is_empty() {
        let mut counts = [0; MONTHS];
        for values in kecamatan_sums.values() {
            for (total, value) in counts.iter_mut().zip(values) {
                *total += value;
            }
        }
        let mut codes: Vec<String> = kecamatan_sums.into_keys().collect();
        codes.sort();
        by_kecamatan.push(CountRow {
            name: codes.join(", "),
            label: UNKNOWN_KECAMATAN.to_owned(),
            counts,
        });
    }

    let ranked = |found: HashMap<String, [i64; MONTHS]>, label: fn(&str) -> String| {
        let mut rows: Vec<CountRow> = found
            .into_iter()
            .map(|(name, counts)| CountRow {
                label: label(&name),
                name,
                counts,
            })
            .collect();
        rows.sort_by(|a, b| {
            b.current()
                .cmp(&a.current())
                .then_with(|| b.counts.iter().sum::<i64>().cmp(&a.counts.iter().sum()))
                .then_with(|| a.label.cmp(&b.label))
        });
        rows
    };
    let by_type = ranked(sums("type")?, type_label);
    let mut total = [0; MONTHS];
    for row in &by_type {
        for (t, value) in total.iter_mut().zip(row.counts) {
            *t += value;
        }
    }
    Ok(RegencyMonth {
        months,
        by_kecamatan,
        by_category: ranked(sums("category")?, category_label),
        by_type,
        by_channel: ranked(sums("channel")?, channel_label),
        total,
    })
}

/// A complaint type as the desktop app names it.
pub fn type_label(name: &str) -> String {
    match name {
        "pengaduan" => "Pengaduan".to_owned(),
        "aspirasi" => "Aspirasi".to_owned(),
        "permintaan_informasi" => "Permintaan informasi".to_owned(),
        other => other.to_owned(),
    }
}

/// A channel as the desktop app names it.
pub fn channel_label(name: &str) -> String {
    match name {
        "instagram_komentar" => "Komentar Instagram".to_owned(),
        "instagram_dm" => "DM Instagram".to_owned(),
        "facebook_komentar" => "Komentar Facebook".to_owned(),
        "facebook_messenger" => "Messenger".to_owned(),
        "whatsapp" => "WhatsApp".to_owned(),
        "telepon" => "Telepon".to_owned(),
        "datang_langsung" => "Datang langsung".to_owned(),
        "sp4n_lapor" => "SP4N-LAPOR!".to_owned(),
        other => other.to_owned(),
    }
}

/// A category as the agency named it; `jalan_rusak` reads as "jalan rusak".
pub fn category_label(name: &str) -> String {
    name.replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;
    use time::macros::date;

    #[test]
    fn the_list_has_all_32_kecamatan() {
        let list = kecamatan();
        assert_eq!(list.len(), 32);
        assert_eq!(list[0].code, "32.03.01");
        assert_eq!(list[0].name, "Cianjur");
        assert_eq!(list[31].name, "Pasirkuda");
    }

    #[test]
    fn months_are_read_strictly() {
        assert_eq!(parse_month("2026-11"), Some(date!(2026 - 11 - 01)));
        for bad in [
            "2026-13", "2026-1", "26-11", "2026/11", "+026-11", "2019-12", "abc",
        ] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        assert_eq!(previous_month(date!(2026 - 01 - 15)), date!(2025 - 12 - 01));
        assert_eq!(next_month(date!(2026 - 12 - 31)), date!(2027 - 01 - 01));
        assert_eq!(month_end(date!(2028 - 02 - 10)), date!(2028 - 02 - 29));
    }

    #[test]
    fn counts_are_summed_per_month_with_unknown_kecamatan_apart() {
        let dir = tempfile::tempdir().expect("temp dir");
        let conn = store::sqlite::open(&dir.path().join("hub.sqlite3")).expect("opens");
        for (code, name) in [("A", "Satu"), ("B", "Dua")] {
            conn.execute(
                "INSERT INTO agencies (code, name, created_at) VALUES (?1, ?2, '2026-01-01T00:00:00Z')",
                [code, name],
            )
            .expect("agency");
        }
        for (dimension, day, agency, name, count) in [
            ("kecamatan", "2026-11-02", 1, "32.03.01", 2),
            ("kecamatan", "2026-11-20", 2, "32.03.01", 3),
            ("kecamatan", "2026-10-05", 1, "32.03.01", 4),
            ("kecamatan", "2026-11-05", 1, "99.99", 1),
            ("kecamatan", "2026-05-31", 1, "32.03.02", 9), // before the six months
            ("type", "2026-11-02", 1, "pengaduan", 7),
            ("category", "2026-11-02", 1, "jalan_rusak", 5),
            ("category", "2026-11-02", 2, "air", 6),
        ] {
            conn.execute(
                "INSERT INTO day_counts VALUES (?1, ?2, ?3, ?4, ?5)",
                (dimension, day, agency, name, count),
            )
            .expect("count");
        }
        let found = month(
            &store::SqliteStore::from_connection(conn),
            date!(2026 - 11 - 15),
        )
        .expect("month");
        assert_eq!(found.months[0], date!(2026 - 06 - 01));
        assert_eq!(found.by_kecamatan.len(), 33);
        assert_eq!(found.by_kecamatan[0].counts, [0, 0, 0, 0, 4, 5]);
        assert_eq!(found.by_kecamatan[1].current(), 0);
        assert_eq!(found.by_kecamatan[32].label, UNKNOWN_KECAMATAN);
        assert_eq!(found.by_kecamatan[32].current(), 1);
        assert_eq!(found.total[MONTHS - 1], 7);
        assert_eq!(found.without_kecamatan(), 1);
        assert_eq!(found.by_category[0].name, "air");
        assert_eq!(found.by_type[0].label, "Pengaduan");
    }
}
