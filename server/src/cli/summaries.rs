//! `medsos-hub summaries export`: every stored summary field, one row per agency and day,
//! for Diskominfo's own spreadsheets and reports. An agency's PCs are added up; text a
//! spreadsheet would read as a formula is written as text.

use crate::clock::{format_day, parse_day};
use crate::error::Error;
use crate::spreadsheet::neutralize;
use crate::store::summaries::StoredSummary;
use clap::ValueEnum;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

/// The columns of the CSV export, in order. The `received_by_*` maps are one column each,
/// holding compact JSON (`{"pengaduan":3}`), since their names differ between agencies.
pub const CSV_HEADER: [&str; 27] = [
    "agency_code",
    "agency_name",
    "day",
    "schema_version",
    "revision",
    "received_at",
    "instagram_published",
    "instagram_scheduled",
    "instagram_missed",
    "facebook_published",
    "facebook_scheduled",
    "facebook_missed",
    "drafts_created",
    "briefs_fulfilled",
    "complaints_received_by_type",
    "complaints_received_by_category",
    "complaints_received_by_kecamatan",
    "complaints_received_by_channel",
    "complaints_answered_within_deadline",
    "complaints_resolved",
    "complaints_overdue",
    "complaints_open_backlog",
    "complaints_median_first_response_minutes",
    "complaints_median_resolution_minutes",
    "official_accounts_verified",
    "official_accounts_pending",
    "official_accounts_unverified",
];

/// The summaries from `from` to `to` (inclusive) as CSV or a JSON array.
pub fn export(
    db: impl Into<super::Target>,
    from: &str,
    to: &str,
    format: Format,
) -> Result<String, Error> {
    let day = |text: &str| {
        parse_day(text.trim())
            .map(format_day)
            .ok_or(Error::Invalid {
                code: "export.invalid_day",
                message: "Tanggal --from dan --to harus berbentuk YYYY-MM-DD.",
            })
    };
    let (from, to) = (day(from)?, day(to)?);
    let store = super::open_target_existing(&db.into())?;
    let rows = store.summaries_between(&from, &to)?;
    match format {
        Format::Csv => to_csv(&rows),
        Format::Json => to_json(&rows),
    }
}

fn to_csv(rows: &[StoredSummary]) -> Result<String, Error> {
    let fail = |e: &dyn std::fmt::Display| Error::Export(e.to_string());
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER).map_err(|e| fail(&e))?;
    for row in rows {
        let s = &row.summary;
        let c = &s.complaints;
        let map = |m: &BTreeMap<String, u32>| serde_json::to_string(m).unwrap_or_default();
        let minutes = |m: Option<u32>| m.map(|v| v.to_string()).unwrap_or_default();
        let record = [
            neutralize(&row.agency_code).into_owned(),
            // The only free text in a row: an agency named "=HYPERLINK(...)" stays text.
            neutralize(&row.agency_name).into_owned(),
            row.day.clone(),
            row.schema_version.to_string(),
            row.revision.to_string(),
            row.received_at.clone(),
            s.posts.instagram.published.to_string(),
            s.posts.instagram.scheduled.to_string(),
            s.posts.instagram.missed.to_string(),
            s.posts.facebook.published.to_string(),
            s.posts.facebook.scheduled.to_string(),
            s.posts.facebook.missed.to_string(),
            s.drafts_created.to_string(),
            s.briefs_fulfilled.to_string(),
            map(&c.received_by_type),
            map(&c.received_by_category),
            map(&c.received_by_kecamatan),
            map(&c.received_by_channel),
            c.answered_within_deadline.to_string(),
            c.resolved.to_string(),
            c.overdue.to_string(),
            c.open_backlog.to_string(),
            minutes(c.median_first_response_minutes),
            minutes(c.median_resolution_minutes),
            s.official_accounts.verified.to_string(),
            s.official_accounts.pending.to_string(),
            s.official_accounts.unverified.to_string(),
        ];
        writer.write_record(&record).map_err(|e| fail(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

fn to_json(rows: &[StoredSummary]) -> Result<String, Error> {
    let rows: Vec<_> = rows
        .iter()
        .map(|row| {
            json!({
                "agency_code": row.agency_code,
                "agency_name": row.agency_name,
                "day": row.day,
                "schema_version": row.schema_version,
                "revision": row.revision,
                "received_at": row.received_at,
                "summary": row.summary,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rows).map_err(|e| Error::Export(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use medsos_protocol::DailySummary;

    #[test]
    fn an_agency_name_a_spreadsheet_would_run_is_exported_as_text() {
        let row = StoredSummary {
            agency_code: "UJI".to_owned(),
            agency_name: "=HYPERLINK(\"https://contoh.invalid\",\"Klik\")".to_owned(),
            day: "2026-11-26".to_owned(),
            schema_version: 1,
            revision: 1,
            received_at: "2026-11-26T15:00:00Z".to_owned(),
            devices: 1,
            summary: DailySummary::example("2026-11-26", 1),
        };
        let csv = to_csv(&[row]).expect("csv");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let record = reader.records().next().expect("a row").expect("parses");
        assert_eq!(&record[0], "UJI");
        assert!(record[1].starts_with("'="), "{}", &record[1]);
        assert!(!csv.lines().any(|line| line.starts_with('=')), "{csv}");
    }
}
