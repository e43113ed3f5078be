//! The end-of-day summary (ringkasan harian) an agency's PC sends to the hub, schema version 1.
//!
//! Counts and durations only: no citizen name, handle, contact or complaint text ever goes
//! in here. Any change to these types is a new [`SCHEMA_VERSION`], never an edit in place;
//! that is why every type refuses fields it does not know.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema version of [`DailySummary`] this crate describes.
pub const SCHEMA_VERSION: u32 = 1;

/// At most this many days in one [`SummaryBatch`] (two months of pending days).
pub const MAX_DAYS_PER_BATCH: usize = 60;

/// The hub refuses any single count above this as absurd for one agency on one day.
pub const MAX_COUNT: u32 = 1_000_000;

/// The hub refuses a revision above this: a PC corrects a day a handful of times, and a
/// revision near `u32::MAX` would leave no room for any later correction of that day.
pub const MAX_REVISION: u32 = 1_000_000;

/// The hub refuses a median duration above this many minutes (one year).
pub const MAX_MINUTES: u32 = 366 * 24 * 60;

/// At most this many names in each `received_by_*` map.
pub const MAX_MAP_ENTRIES: usize = 100;

/// A name in a `received_by_*` map is 1 to this many characters, without control characters.
pub const MAX_KEY_CHARS: usize = 64;

/// `POST /api/v1/summaries`: the days a PC has pending, sent together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = openapi_examples::batch))]
pub struct SummaryBatch {
    /// The schema of every day in `days`; this hub accepts only 1 ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// 1 to 60 days, each day at most once. The whole batch is checked before anything is
    /// stored, and stored in one transaction: all of it or none of it.
    pub days: Vec<DailySummary>,
}

/// One agency's day, in WIB. The agency is never named here: the hub takes it from the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = openapi_examples::day))]
pub struct DailySummary {
    /// The day in WIB (UTC+7), `YYYY-MM-DD`; from 2020-01-01 to tomorrow on the hub's clock.
    pub day: String,
    /// 1 for the first send of a day; a correction to a day already sent goes with a higher
    /// revision, which replaces the lower one on the hub. A lower one is ignored. At most
    /// [`MAX_REVISION`].
    pub revision: u32,
    /// Posts per platform.
    pub posts: PostsByPlatform,
    /// Drafts created on this day.
    pub drafts_created: u32,
    /// Posts published on this day in answer to Diskominfo's content briefs.
    pub briefs_fulfilled: u32,
    /// Complaints (aduan) received and handled.
    pub complaints: ComplaintCounts,
    /// The agency's official accounts by verification state, as the PC holds them when it
    /// sends the day (not a record of the past day).
    pub official_accounts: OfficialAccountCounts,
}

/// Posts per platform; a new platform is a new schema version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostsByPlatform {
    pub instagram: PostCounts,
    pub facebook: PostCounts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"published": 2, "scheduled": 1, "missed": 0})))]
pub struct PostCounts {
    /// Posts marked published on this day.
    pub published: u32,
    /// Posts scheduled for this day that were not yet published at the end of the day.
    pub scheduled: u32,
    /// Posts scheduled for this day that passed without being published.
    pub missed: u32,
}

/// Complaints (aduan) for the day. Maps are name -> count, with the same names the desktop
/// stores: type `pengaduan`, `aspirasi`, `permintaan_informasi`; channel such as
/// `instagram_dm` or `sp4n_lapor`; kecamatan by its code in `kecamatan-cianjur.csv`;
/// category as the agency named it. Names with a zero count may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintCounts {
    /// Received on this day, by type.
    pub received_by_type: BTreeMap<String, u32>,
    /// Received on this day, by category.
    pub received_by_category: BTreeMap<String, u32>,
    /// Received on this day, by kecamatan code; complaints without one are left out.
    pub received_by_kecamatan: BTreeMap<String, u32>,
    /// Received on this day, by channel.
    pub received_by_channel: BTreeMap<String, u32>,
    /// First answered on this day within their deadline.
    pub answered_within_deadline: u32,
    /// Resolved (selesai) on this day.
    pub resolved: u32,
    /// Open past their deadline at the end of the day.
    pub overdue: u32,
    /// Open (not resolved, not archived) at the end of the day.
    pub open_backlog: u32,
    /// Median minutes from receipt to first answer, over complaints first answered on this
    /// day; absent when none was.
    pub median_first_response_minutes: Option<u32>,
    /// Median minutes from receipt to resolution, over complaints resolved on this day;
    /// absent when none was.
    pub median_resolution_minutes: Option<u32>,
}

/// The agency's official accounts by verification state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"verified": 0, "pending": 0, "unverified": 0})))]
pub struct OfficialAccountCounts {
    /// Verified by the platform (blue badge).
    pub verified: u32,
    /// Verification requested, not yet granted.
    pub pending: u32,
    /// Not verified.
    pub unverified: u32,
}

/// The hub's answer to a [`SummaryBatch`]: one result per day, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"results": [
    {"day": "2026-07-12", "revision": 1, "outcome": "stored"},
    {"day": "2026-07-13", "revision": 2, "outcome": "replaced"},
    {"day": "2026-07-14", "revision": 1, "outcome": "unchanged"},
    {"day": "2026-07-15", "revision": 3, "outcome": "ignored_older"}
]})))]
pub struct SummaryBatchResult {
    pub results: Vec<DayResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayResult {
    pub day: String,
    /// The revision the hub holds for this day after the request: the one sent, except for
    /// `ignored_older`, where it is the higher one already held.
    pub revision: u32,
    pub outcome: DayOutcome,
}

/// What the hub did with one day. `stored`, `replaced` and `unchanged` all mean the hub now
/// holds the revision sent, so the PC may mark the day sent. `ignored_older` means the hub
/// holds a higher revision; the PC should send the day again with a revision above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DayOutcome {
    /// The first revision the hub has of this day.
    Stored,
    /// A higher revision replaced the one held.
    Replaced,
    /// The hub already held this revision (a replay); nothing was written.
    Unchanged,
    /// The hub holds a higher revision; nothing was written.
    IgnoredOlder,
}

impl DailySummary {
    /// A plausible busy day, for documentation, tests and load generation.
    pub fn example(day: &str, revision: u32) -> Self {
        let counts = |pairs: &[(&str, u32)]| -> BTreeMap<String, u32> {
            pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
        };
        DailySummary {
            day: day.to_owned(),
            revision,
            posts: PostsByPlatform {
                instagram: PostCounts {
                    published: 2,
                    scheduled: 1,
                    missed: 0,
                },
                facebook: PostCounts {
                    published: 1,
                    scheduled: 0,
                    missed: 1,
                },
            },
            drafts_created: 4,
            briefs_fulfilled: 0,
            complaints: ComplaintCounts {
                received_by_type: counts(&[("aspirasi", 1), ("pengaduan", 5)]),
                received_by_category: counts(&[("jalan_rusak", 3), ("layanan_kesehatan", 3)]),
                received_by_kecamatan: counts(&[("32.03.01", 2), ("32.03.02", 1)]),
                received_by_channel: counts(&[("instagram_dm", 4), ("whatsapp", 2)]),
                answered_within_deadline: 5,
                resolved: 3,
                overdue: 1,
                open_backlog: 12,
                median_first_response_minutes: Some(95),
                median_resolution_minutes: Some(2880),
            },
            official_accounts: OfficialAccountCounts::default(),
        }
    }
}

#[cfg(feature = "openapi")]
mod openapi_examples {
    use super::*;

    pub fn day() -> serde_json::Value {
        serde_json::to_value(DailySummary::example("2026-07-12", 1)).unwrap_or_default()
    }

    pub fn batch() -> serde_json::Value {
        serde_json::to_value(SummaryBatch {
            schema_version: SCHEMA_VERSION,
            days: vec![DailySummary::example("2026-07-12", 1)],
        })
        .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A busy agency: every kecamatan, channel and type, and a dozen long category names.
    fn busiest_day() -> DailySummary {
        let mut day = DailySummary::example("2026-07-12", 4_000_000);
        let c = &mut day.complaints;
        for n in 1..=32 {
            c.received_by_kecamatan
                .insert(format!("32.03.{n:02}"), 99_999);
        }
        for name in [
            "instagram_komentar",
            "instagram_dm",
            "facebook_komentar",
            "facebook_messenger",
            "whatsapp",
            "telepon",
            "datang_langsung",
            "sp4n_lapor",
        ] {
            c.received_by_channel.insert(name.to_owned(), 99_999);
        }
        for name in ["pengaduan", "aspirasi", "permintaan_informasi"] {
            c.received_by_type.insert(name.to_owned(), 99_999);
        }
        for n in 0..12 {
            c.received_by_category
                .insert(format!("kategori_layanan_publik_{n:02}"), 99_999);
        }
        day
    }

    #[test]
    fn a_busy_day_fits_in_4_kb_on_the_wire() {
        let bytes = serde_json::to_vec(&busiest_day()).expect("serialises");
        assert!(bytes.len() <= 4096, "{} bytes", bytes.len());
    }

    #[test]
    fn summary_round_trips_and_refuses_unknown_fields() {
        let day = DailySummary::example("2026-07-12", 1);
        let mut json = serde_json::to_value(&day).expect("serialises");
        let back: DailySummary = serde_json::from_value(json.clone()).expect("parses");
        assert_eq!(back, day);
        json["agency_id"] = serde_json::json!(7);
        assert!(serde_json::from_value::<DailySummary>(json).is_err());
    }

    #[test]
    fn negative_counts_do_not_parse() {
        let mut json = serde_json::to_value(DailySummary::example("2026-07-12", 1)).expect("ok");
        json["drafts_created"] = serde_json::json!(-1);
        assert!(serde_json::from_value::<DailySummary>(json).is_err());
    }

    #[test]
    fn outcomes_are_snake_case() {
        let text = serde_json::to_string(&DayOutcome::IgnoredOlder).expect("serialises");
        assert_eq!(text, "\"ignored_older\"");
    }
}
