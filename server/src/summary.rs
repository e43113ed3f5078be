//! The rules a batch of daily summaries (ringkasan harian) must meet before any of it is
//! stored. The types already refuse negative numbers and unknown fields; these are the rules
//! a type cannot say: the day is a real date in range, each day once, counts plausible.

use crate::clock::{format_day, parse_day};
use crate::error::Error;
use medsos_protocol::{
    DailySummary, SummaryBatch, MAX_COUNT, MAX_DAYS_PER_BATCH, MAX_KEY_CHARS, MAX_MAP_ENTRIES,
    MAX_MINUTES, MAX_REVISION, SCHEMA_VERSION,
};
use std::collections::{BTreeMap, HashSet};
use time::{Date, Duration};

/// The first day the hub accepts; Medsos PD did not exist before it.
const FIRST_DAY: Date = time::macros::date!(2020 - 01 - 01);

/// One day that met every rule, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedDay {
    pub day: String,
    pub schema_version: u32,
    pub revision: u32,
    /// The day as the hub stores it, re-serialised from the checked value.
    pub json: String,
    /// The checked value itself, for the dashboard's figures.
    pub summary: DailySummary,
}

/// Checks the whole batch; the first broken rule refuses all of it. `today` is the day in
/// WIB on the hub's clock; tomorrow is still accepted, for a PC whose clock runs ahead.
pub fn check_batch(batch: &SummaryBatch, today: Date) -> Result<Vec<CheckedDay>, Error> {
    if batch.schema_version != SCHEMA_VERSION {
        return Err(rejected(
            "summary.unsupported_schema_version",
            format!(
                "Versi skema ringkasan {} tidak didukung; Medsos Hub ini menerima versi {SCHEMA_VERSION}. Perbarui Medsos PD.",
                batch.schema_version
            ),
        ));
    }
    if batch.days.is_empty() {
        return Err(rejected(
            "summary.no_days",
            "Kiriman tidak berisi satu hari pun.".to_owned(),
        ));
    }
    if batch.days.len() > MAX_DAYS_PER_BATCH {
        return Err(rejected(
            "summary.too_many_days",
            format!(
                "Satu kiriman paling banyak {MAX_DAYS_PER_BATCH} hari; yang dikirim {} hari. Kirim sisanya pada permintaan berikutnya.",
                batch.days.len()
            ),
        ));
    }
    let last_day = today.saturating_add(Duration::days(1));
    let mut seen = HashSet::with_capacity(batch.days.len());
    batch
        .days
        .iter()
        .map(|summary| {
            let day = check_day(&summary.day, last_day)?;
            if !seen.insert(day) {
                return Err(rejected(
                    "summary.duplicate_day",
                    format!(
                        "Hari {} muncul lebih dari sekali dalam satu kiriman.",
                        summary.day
                    ),
                ));
            }
            check_numbers(summary)?;
            let json =
                serde_json::to_string(summary).map_err(|e| Error::InvalidBody(e.to_string()))?;
            Ok(CheckedDay {
                day: format_day(day),
                schema_version: batch.schema_version,
                revision: summary.revision,
                json,
                summary: summary.clone(),
            })
        })
        .collect()
}

fn check_day(text: &str, last_day: Date) -> Result<Date, Error> {
    let day = parse_day(text).ok_or_else(|| {
        rejected(
            "summary.invalid_day",
            format!("Tanggal {text:?} bukan tanggal YYYY-MM-DD yang sah."),
        )
    })?;
    if day < FIRST_DAY || day > last_day {
        return Err(rejected(
            "summary.day_out_of_range",
            format!(
                "Tanggal {text} di luar rentang yang diterima ({} sampai {}). Periksa jam dan tanggal PC.",
                format_day(FIRST_DAY),
                format_day(last_day)
            ),
        ));
    }
    Ok(day)
}

fn check_numbers(summary: &DailySummary) -> Result<(), Error> {
    let day = &summary.day;
    if summary.revision == 0 || summary.revision > MAX_REVISION {
        return Err(rejected(
            "summary.invalid_revision",
            format!("Revisi hari {day} harus antara 1 dan {MAX_REVISION}."),
        ));
    }
    let p = &summary.posts;
    let c = &summary.complaints;
    let a = &summary.official_accounts;
    let counts = [
        ("posts.instagram.published", p.instagram.published),
        ("posts.instagram.scheduled", p.instagram.scheduled),
        ("posts.instagram.missed", p.instagram.missed),
        ("posts.facebook.published", p.facebook.published),
        ("posts.facebook.scheduled", p.facebook.scheduled),
        ("posts.facebook.missed", p.facebook.missed),
        ("drafts_created", summary.drafts_created),
        ("briefs_fulfilled", summary.briefs_fulfilled),
        (
            "complaints.answered_within_deadline",
            c.answered_within_deadline,
        ),
        ("complaints.resolved", c.resolved),
        ("complaints.overdue", c.overdue),
        ("complaints.open_backlog", c.open_backlog),
        ("official_accounts.verified", a.verified),
        ("official_accounts.pending", a.pending),
        ("official_accounts.unverified", a.unverified),
    ];
    for (field, value) in counts {
        check_at_most(day, field, value, MAX_COUNT)?;
    }
    for (field, value) in [
        (
            "complaints.median_first_response_minutes",
            c.median_first_response_minutes,
        ),
        (
            "complaints.median_resolution_minutes",
            c.median_resolution_minutes,
        ),
    ] {
        if let Some(minutes) = value {
            check_at_most(day, field, minutes, MAX_MINUTES)?;
        }
    }
    for (field, map) in [
        ("complaints.received_by_type", &c.received_by_type),
        ("complaints.received_by_category", &c.received_by_category),
        ("complaints.received_by_kecamatan", &c.received_by_kecamatan),
        ("complaints.received_by_channel", &c.received_by_channel),
    ] {
        check_map(day, field, map)?;
    }
    Ok(())
}

fn check_at_most(day: &str, field: &str, value: u32, max: u32) -> Result<(), Error> {
    if value > max {
        return Err(rejected(
            "summary.count_out_of_range",
            format!("Nilai {field} pada hari {day} ({value}) melebihi batas wajar {max}."),
        ));
    }
    Ok(())
}

fn check_map(day: &str, field: &str, map: &BTreeMap<String, u32>) -> Result<(), Error> {
    if map.len() > MAX_MAP_ENTRIES {
        return Err(rejected(
            "summary.too_many_names",
            format!(
                "{field} pada hari {day} berisi {} nama; paling banyak {MAX_MAP_ENTRIES}.",
                map.len()
            ),
        ));
    }
    for (name, &count) in map {
        let length = name.chars().count();
        if length == 0 || length > MAX_KEY_CHARS || name.chars().any(char::is_control) {
            return Err(rejected(
                "summary.invalid_name",
                format!(
                    "Nama dalam {field} pada hari {day} harus 1 sampai {MAX_KEY_CHARS} karakter tanpa karakter kontrol."
                ),
            ));
        }
        check_at_most(day, field, count, MAX_COUNT)?;
    }
    Ok(())
}

fn rejected(code: &'static str, message: String) -> Error {
    Error::Rejected { code, message }
}

/// One agency's day as the sum of its PCs' summaries (`None` for no summary at all): counts
/// add up, since each PC keeps its own drafts, calendar and complaints. What cannot be added
/// is combined so: the medians as the median of the PCs' medians (a summary carries no
/// per-complaint times), the official-account counts as the largest of them (the PCs of an
/// agency keep the same accounts), the revision as the highest.
pub fn add_up(parts: &[DailySummary]) -> Option<DailySummary> {
    let (first, rest) = parts.split_first()?;
    let mut total = first.clone();
    let mut first_response: Vec<u32> = first
        .complaints
        .median_first_response_minutes
        .into_iter()
        .collect();
    let mut resolution: Vec<u32> = first
        .complaints
        .median_resolution_minutes
        .into_iter()
        .collect();
    for part in rest {
        let sum = |a: &mut u32, b: u32| *a = a.saturating_add(b);
        total.revision = total.revision.max(part.revision);
        for (t, p) in [
            (&mut total.posts.instagram, &part.posts.instagram),
            (&mut total.posts.facebook, &part.posts.facebook),
        ] {
            sum(&mut t.published, p.published);
            sum(&mut t.scheduled, p.scheduled);
            sum(&mut t.missed, p.missed);
        }
        sum(&mut total.drafts_created, part.drafts_created);
        sum(&mut total.briefs_fulfilled, part.briefs_fulfilled);
        let (t, p) = (&mut total.complaints, &part.complaints);
        for (into, from) in [
            (&mut t.received_by_type, &p.received_by_type),
            (&mut t.received_by_category, &p.received_by_category),
            (&mut t.received_by_kecamatan, &p.received_by_kecamatan),
            (&mut t.received_by_channel, &p.received_by_channel),
        ] {
            for (name, count) in from {
                sum(into.entry(name.clone()).or_default(), *count);
            }
        }
        sum(&mut t.answered_within_deadline, p.answered_within_deadline);
        sum(&mut t.resolved, p.resolved);
        sum(&mut t.overdue, p.overdue);
        sum(&mut t.open_backlog, p.open_backlog);
        first_response.extend(p.median_first_response_minutes);
        resolution.extend(p.median_resolution_minutes);
        let (t, p) = (&mut total.official_accounts, &part.official_accounts);
        t.verified = t.verified.max(p.verified);
        t.pending = t.pending.max(p.pending);
        t.unverified = t.unverified.max(p.unverified);
    }
    total.complaints.median_first_response_minutes = median(&mut first_response);
    total.complaints.median_resolution_minutes = median(&mut resolution);
    Some(total)
}

fn median(values: &mut [u32]) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        ((u64::from(values[mid - 1]) + u64::from(values[mid])) / 2) as u32
    } else {
        values[mid]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 07 - 12);

    fn batch(days: Vec<DailySummary>) -> SummaryBatch {
        SummaryBatch {
            schema_version: SCHEMA_VERSION,
            days,
        }
    }

    fn code_of(result: Result<Vec<CheckedDay>, Error>) -> &'static str {
        result.expect_err("refused").code()
    }

    #[test]
    fn a_plausible_batch_is_accepted_with_tomorrow_included() {
        let days = vec![
            DailySummary::example("2026-07-11", 1),
            DailySummary::example("2026-07-13", 2),
        ];
        let checked = check_batch(&batch(days.clone()), TODAY).expect("accepted");
        assert_eq!(checked.len(), 2);
        assert_eq!(checked[1].revision, 2);
        let back: DailySummary = serde_json::from_str(&checked[1].json).expect("stored json");
        assert_eq!(back, days[1]);
    }

    #[test]
    fn days_must_be_real_in_range_and_once() {
        let one = |day: &str| batch(vec![DailySummary::example(day, 1)]);
        assert_eq!(
            code_of(check_batch(&one("2026-02-30"), TODAY)),
            "summary.invalid_day"
        );
        assert_eq!(
            code_of(check_batch(&one("12/07/2026"), TODAY)),
            "summary.invalid_day"
        );
        assert_eq!(
            code_of(check_batch(&one("2026-07-14"), TODAY)),
            "summary.day_out_of_range"
        );
        assert_eq!(
            code_of(check_batch(&one("2019-12-31"), TODAY)),
            "summary.day_out_of_range"
        );
        let twice = batch(vec![
            DailySummary::example("2026-07-10", 1),
            DailySummary::example("2026-07-10", 2),
        ]);
        assert_eq!(code_of(check_batch(&twice, TODAY)), "summary.duplicate_day");
    }

    #[test]
    fn batch_size_and_schema_version_are_checked() {
        assert_eq!(
            code_of(check_batch(&batch(vec![]), TODAY)),
            "summary.no_days"
        );
        let many = (0..=MAX_DAYS_PER_BATCH as i64)
            .map(|n| {
                let day = TODAY - Duration::days(n);
                DailySummary::example(&format_day(day), 1)
            })
            .collect();
        assert_eq!(
            code_of(check_batch(&batch(many), TODAY)),
            "summary.too_many_days"
        );
        let mut future = batch(vec![DailySummary::example("2026-07-10", 1)]);
        future.schema_version = 2;
        assert_eq!(
            code_of(check_batch(&future, TODAY)),
            "summary.unsupported_schema_version"
        );
    }

    #[test]
    fn absurd_numbers_and_names_are_refused() {
        let refuse = |edit: &dyn Fn(&mut DailySummary)| {
            let mut day = DailySummary::example("2026-07-10", 1);
            edit(&mut day);
            code_of(check_batch(&batch(vec![day]), TODAY))
        };
        assert_eq!(refuse(&|d| d.revision = 0), "summary.invalid_revision");
        // Near u32::MAX no later correction of the day could ever replace it.
        assert_eq!(
            refuse(&|d| d.revision = u32::MAX),
            "summary.invalid_revision"
        );
        assert_eq!(
            refuse(&|d| d.revision = MAX_REVISION + 1),
            "summary.invalid_revision"
        );
        assert_eq!(
            refuse(&|d| d.drafts_created = MAX_COUNT + 1),
            "summary.count_out_of_range"
        );
        assert_eq!(
            refuse(&|d| d.complaints.median_resolution_minutes = Some(MAX_MINUTES + 1)),
            "summary.count_out_of_range"
        );
        assert_eq!(
            refuse(&|d| {
                d.complaints
                    .received_by_channel
                    .insert("whatsapp".into(), u32::MAX);
            }),
            "summary.count_out_of_range"
        );
        assert_eq!(
            refuse(&|d| {
                d.complaints.received_by_category.insert(String::new(), 1);
            }),
            "summary.invalid_name"
        );
        assert_eq!(
            refuse(&|d| {
                for n in 0..=MAX_MAP_ENTRIES {
                    d.complaints.received_by_category.insert(format!("k{n}"), 1);
                }
            }),
            "summary.too_many_names"
        );
    }

    #[test]
    fn several_pcs_days_add_up_and_what_cannot_be_added_is_combined() {
        assert_eq!(add_up(&[]), None);
        let one = DailySummary::example("2026-11-02", 1);
        assert_eq!(add_up(std::slice::from_ref(&one)), Some(one.clone()));
        let mut other = DailySummary::example("2026-11-02", 3);
        other.posts.instagram.published = 5;
        other.complaints.received_by_kecamatan = [("32.03.05".to_owned(), 4)].into();
        other.complaints.median_first_response_minutes = Some(25);
        other.complaints.median_resolution_minutes = None;
        other.official_accounts.verified = 2;
        let mut third = DailySummary::example("2026-11-02", 2);
        third.complaints.median_first_response_minutes = Some(400);
        let total = add_up(&[one.clone(), other, third]).expect("a day");
        assert_eq!(total.revision, 3, "the highest");
        assert_eq!(total.posts.instagram.published, 2 + 5 + 2);
        assert_eq!(total.drafts_created, 4 * 3);
        assert_eq!(
            total.complaints.received_by_kecamatan,
            [
                ("32.03.01".to_owned(), 2 + 2),
                ("32.03.02".to_owned(), 1 + 1),
                ("32.03.05".to_owned(), 4)
            ]
            .into()
        );
        assert_eq!(total.complaints.open_backlog, 12 * 3);
        // The median of the PCs' medians (25, 95, 400), and of two (2880, 2880).
        assert_eq!(total.complaints.median_first_response_minutes, Some(95));
        assert_eq!(total.complaints.median_resolution_minutes, Some(2880));
        // The PCs keep the same accounts: the largest count, not the sum.
        assert_eq!(total.official_accounts.verified, 2);
        let two = add_up(&[one.clone(), {
            let mut d = one.clone();
            d.complaints.median_first_response_minutes = Some(100);
            d
        }])
        .expect("a day");
        assert_eq!(
            two.complaints.median_first_response_minutes,
            Some((95 + 100) / 2)
        );
    }
}
