//! Numbers, shares and times as an Indonesian reader writes them: 1.234, 87%, 3,5 jam.

use crate::clock::show_wib;
use time::OffsetDateTime;

/// Whole numbers with `.` between thousands.
pub fn number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A share from 0 to 1 as a whole percentage; a dash where it does not apply.
pub fn percent(share: Option<f64>) -> String {
    match share {
        Some(v) => format!("{}%", (v * 100.0).round() as i64),
        None => "–".to_owned(),
    }
}

/// A score from 0 to 100 with one decimal and a comma.
pub fn score(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

/// Minutes as "45 mnt", "3,5 jam" or "2,1 hari".
pub fn minutes(value: Option<i64>) -> String {
    match value {
        None => "–".to_owned(),
        Some(m) if m < 60 => format!("{m} mnt"),
        Some(m) if m < 48 * 60 => format!("{:.1} jam", m as f64 / 60.0).replace('.', ","),
        Some(m) => format!("{:.1} hari", m as f64 / 1440.0).replace('.', ","),
    }
}

/// A file size: "850 byte", "12,4 KB", "85,3 MB", "1,2 GB" (1 KB = 1.024 byte).
pub fn bytes(size: u64) -> String {
    const UNITS: [&str; 3] = ["KB", "MB", "GB"];
    if size < 1024 {
        return format!("{size} byte");
    }
    let mut value = size as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
}

pub fn instant(at: Option<OffsetDateTime>) -> String {
    at.map(show_wib)
        .unwrap_or_else(|| "belum pernah".to_owned())
}

const MONTHS: [&str; 12] = [
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

/// "26 November 2026".
pub fn day(day: time::Date) -> String {
    format!(
        "{} {} {}",
        day.day(),
        MONTHS[usize::from(u8::from(day.month())) - 1],
        day.year()
    )
}

/// "November 2026".
pub fn month(year: i32, month: time::Month) -> String {
    format!("{} {year}", MONTHS[usize::from(u8::from(month)) - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_indonesian() {
        assert_eq!(number(1234567), "1.234.567");
        assert_eq!(number(-12), "-12");
        assert_eq!(number(999), "999");
        assert_eq!(percent(Some(0.874)), "87%");
        assert_eq!(percent(None), "–");
        assert_eq!(score(87.25), "87,2");
        assert_eq!(minutes(Some(210)), "3,5 jam");
        assert_eq!(day(time::macros::date!(2026 - 11 - 26)), "26 November 2026");
        assert_eq!(bytes(850), "850 byte");
        assert_eq!(bytes(89_456_640), "85,3 MB");
    }
}
