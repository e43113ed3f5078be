//! What the hub publishes for the PCs to apply at each sync: the holidays of a year, the
//! registry of official accounts, and Diskominfo's content briefs.

use crate::{HolidayKind, Platform};
use serde::{Deserialize, Serialize};

/// `GET /api/v1/holidays/{year}`: the national holidays and cuti bersama of one year, used to
/// count working days in complaint deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"year": 2026, "holidays": [
    {"day": "2026-01-01", "kind": "libur_nasional", "name": "Tahun Baru 2026 Masehi"},
    {"day": "2026-02-16", "kind": "cuti_bersama", "name": "Cuti bersama Tahun Baru Imlek"}
]})))]
pub struct HolidayList {
    pub year: i32,
    /// In date order.
    pub holidays: Vec<Holiday>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Holiday {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub kind: HolidayKind,
    /// As the SKB 3 Menteri names it, e.g. "Tahun Baru 2026 Masehi".
    pub name: String,
}

/// `GET /api/v1/registry`: every agency on the hub (not revoked) with its official accounts,
/// so citizens and PDs can tell an official account from an impostor. When another agency
/// later claims a handle already listed, the first claim stays and the later one is left out
/// until Diskominfo decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"agencies": [
    {"code": "DINKES", "name": "Dinas Kesehatan", "accounts": [
        {"platform": "instagram", "handle": "dinkescianjur", "url": "https://www.instagram.com/dinkescianjur/", "verified": true}
    ]}
]})))]
pub struct Registry {
    /// By agency code.
    pub agencies: Vec<RegistryAgency>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistryAgency {
    pub code: String,
    pub name: String,
    /// May be empty when Diskominfo has not recorded any yet.
    pub accounts: Vec<OfficialAccount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficialAccount {
    pub platform: Platform,
    /// Without the leading `@`.
    pub handle: String,
    pub url: String,
    /// Whether the platform has verified the account (blue badge), as Diskominfo recorded it.
    pub verified: bool,
}

/// `GET /api/v1/briefs`: Diskominfo's content briefs that are running, coming, or ended within
/// the last 60 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"briefs": [
    {"id": 3, "title": "Hari Jadi Cianjur ke-349", "body": "Unggah ucapan Hari Jadi dengan twibbon resmi.", "programme": "#CianjurManjur", "from_day": "2026-07-10", "to_day": "2026-07-12"}
]})))]
pub struct BriefList {
    /// By first day, then id.
    pub briefs: Vec<Brief>,
}

/// A content brief (arahan konten): what Diskominfo asks every PD to post, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Brief {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// The programme or hashtag it belongs to, e.g. `#CianjurManjur`; may be empty.
    pub programme: String,
    /// First day, `YYYY-MM-DD` (WIB).
    pub from_day: String,
    /// Last day, `YYYY-MM-DD` (WIB), inclusive.
    pub to_day: String,
    /// Files Diskominfo attached (twibbon, poster, script), fetched with
    /// `GET /api/v1/briefs/{brief_id}/attachments/{id}`. Absent from hubs before the
    /// dashboard, hence the default.
    #[serde(default)]
    pub attachments: Vec<BriefAttachment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefAttachment {
    pub id: i64,
    /// As uploaded, e.g. `twibbon-hari-jadi.png`.
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
}

/// `POST /api/v1/brief-fulfilments`: posts an agency published in answer to briefs. Sent at
/// sync; idempotent on (brief, agency, url), so a resend changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"fulfilments": [
    {"brief_id": 3, "platform": "instagram", "url": "https://www.instagram.com/p/C9xYz12AbCd/", "day": "2026-07-12"}
]})))]
pub struct FulfilmentBatch {
    /// At most [`MAX_FULFILMENTS_PER_BATCH`].
    pub fulfilments: Vec<BriefFulfilment>,
}

/// At most this many fulfilments in one [`FulfilmentBatch`].
pub const MAX_FULFILMENTS_PER_BATCH: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefFulfilment {
    pub brief_id: i64,
    pub platform: Platform,
    /// The published post, `https://` on the platform's own host.
    pub url: String,
    /// The day it was published, `YYYY-MM-DD` (WIB).
    pub day: String,
}

/// The hub's answer to a [`FulfilmentBatch`]: how many were new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FulfilmentBatchResult {
    /// Recorded for the first time.
    pub recorded: u32,
    /// Already held (a resend).
    pub unchanged: u32,
}

/// `POST /api/v1/accounts`: the agency's official accounts as its admin keeps them in Medsos
/// PD. The whole list each time: it replaces what the hub held from this agency's PCs. The
/// hub refuses none for being claimed by another agency; it records the claim and flags the
/// conflict for Diskominfo, and says so in the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"accounts": [
    {"platform": "instagram", "handle": "dinkescianjur", "url": "https://www.instagram.com/dinkescianjur/",
     "display_name": "Dinas Kesehatan Kab. Cianjur", "verified": false, "verification_requested_on": "2026-11-02"}
]})))]
pub struct AccountList {
    /// At most [`MAX_ACCOUNTS_PER_AGENCY`].
    pub accounts: Vec<AgencyAccount>,
}

/// At most this many official accounts per agency.
pub const MAX_ACCOUNTS_PER_AGENCY: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyAccount {
    pub platform: Platform,
    /// In normal form (see `handle::normalize`): lower case, without `@`.
    pub handle: String,
    /// The profile, `https://` on the platform's host.
    pub url: String,
    /// The name the profile shows, e.g. "Dinas Kesehatan Kab. Cianjur"; at most 100 characters.
    pub display_name: String,
    /// The platform shows the verified badge.
    pub verified: bool,
    /// When verification was requested from Meta (`YYYY-MM-DD`), if it was.
    pub verification_requested_on: Option<String>,
}

/// The hub's answer to an [`AccountList`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountListResult {
    /// Accounts now held for this agency.
    pub accepted: u32,
    /// Accounts another agency also claims. The earlier claim (or Diskominfo's own record)
    /// stays official, the later one is left out of the registry, until Diskominfo decides.
    pub conflicts: Vec<AccountConflict>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountConflict {
    pub platform: Platform,
    pub handle: String,
    /// The other agency's code and name.
    pub other_agency_code: String,
    pub other_agency_name: String,
}

/// `POST /api/v1/impersonation-reports`: accounts an agency suspects of impersonating it,
/// as recorded on its PC. Upserted by (agency, `id`); a report with an older `updated_at`
/// than the one held changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reports": [
    {"id": "0f8b6c1e-6a57-4d3e-9a7e-2b9f4f1d2c3a", "platform": "instagram", "handle": "dinkes.cianjur",
     "url": "https://www.instagram.com/dinkes.cianjur/", "imitates": "dinkescianjur",
     "description": "Meminta transfer biaya pendaftaran vaksinasi lewat DM.",
     "status": "dilaporkan", "first_seen_on": "2026-11-20", "updated_at": "2026-11-21T03:15:00Z"}
]})))]
pub struct ImpersonationReportBatch {
    /// At most [`MAX_REPORTS_PER_BATCH`].
    pub reports: Vec<ImpersonationReport>,
}

/// At most this many reports in one [`ImpersonationReportBatch`].
pub const MAX_REPORTS_PER_BATCH: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImpersonationReport {
    /// Made on the PC (a UUID), so a resend updates rather than duplicates.
    pub id: String,
    pub platform: Platform,
    /// In normal form; a handle with look-alike letters is sent as it reads (its skeleton).
    pub handle: String,
    /// The suspect profile's address, `https://` on the platform's host.
    pub url: String,
    /// The official handle it imitates, if the admin named one.
    pub imitates: Option<String>,
    /// What it did (asked for money, posted hoaxes...), 1 to 2,000 characters.
    pub description: String,
    pub status: ReportStatus,
    /// The day it was first seen, `YYYY-MM-DD`.
    pub first_seen_on: String,
    /// When the PC last changed the report, UTC `YYYY-MM-DDTHH:MM:SSZ`.
    pub updated_at: String,
}

/// Where a report of an impersonating account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReportStatus {
    /// Seen and still active; not yet reported to the platform.
    MasihAktif,
    /// Reported to the platform, waiting for it to act.
    Dilaporkan,
    /// The platform took it down (or it is gone).
    Ditutup,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::MasihAktif => "masih_aktif",
            ReportStatus::Dilaporkan => "dilaporkan",
            ReportStatus::Ditutup => "ditutup",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            ReportStatus::MasihAktif,
            ReportStatus::Dilaporkan,
            ReportStatus::Ditutup,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// The hub's answer to an [`ImpersonationReportBatch`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportBatchResult {
    pub recorded: u32,
    pub updated: u32,
    pub unchanged: u32,
}

/// `GET /api/v1/accounts`: where each of the token's agency's account claims stands with
/// Diskominfo. What a PC sends is a claim; only Diskominfo lists an account as official.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"accounts": [
    {"platform": "instagram", "handle": "dinkescianjur", "status": "resmi", "verified": true,
     "reason": null, "decided_at": "2026-11-03T02:00:00Z"},
    {"platform": "facebook", "handle": "dinkes.cianjur.info", "status": "ditolak", "verified": false,
     "reason": "Halaman ini dikelola pihak lain, bukan Dinas Kesehatan.", "decided_at": "2026-11-04T03:30:00Z"},
    {"platform": "facebook", "handle": "dinkescianjur", "status": "menunggu", "verified": false,
     "reason": null, "decided_at": null}
]})))]
pub struct AccountStates {
    /// Instagram first, then by handle.
    pub accounts: Vec<AccountState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountState {
    pub platform: Platform,
    /// In normal form.
    pub handle: String,
    pub status: ListingStatus,
    /// Diskominfo confirmed the platform's verified badge (only for `resmi`).
    pub verified: bool,
    /// Why Diskominfo refused or took down the listing.
    pub reason: Option<String>,
    /// When Diskominfo decided, UTC `YYYY-MM-DDTHH:MM:SSZ`.
    pub decided_at: Option<String>,
}

/// Where an agency's claim to an account stands with Diskominfo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ListingStatus {
    /// Sent, not yet decided: not in the registry.
    Menunggu,
    /// Listed in the registry as the agency's official account.
    Resmi,
    /// Refused, with a reason.
    Ditolak,
    /// Listed once, taken down later, with a reason.
    Dihapus,
}

impl ListingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ListingStatus::Menunggu => "menunggu",
            ListingStatus::Resmi => "resmi",
            ListingStatus::Ditolak => "ditolak",
            ListingStatus::Dihapus => "dihapus",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            ListingStatus::Menunggu,
            ListingStatus::Resmi,
            ListingStatus::Ditolak,
            ListingStatus::Dihapus,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// `GET /api/v1/kinerja`: the token's agency's kinerja as Diskominfo's dashboard computes it,
/// with the weekly targets and score weights Diskominfo set, so the admin sees what
/// Diskominfo sees and plans against the same targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "agency_code": "DINKES", "agency_name": "Dinas Kesehatan",
    "from_day": "2026-11-01", "to_day": "2026-11-30", "computed_at": "2026-11-20T09:00:00Z",
    "score": 82.5, "rank": 4, "ranked_agencies": 32,
    "indicators": [
        {"key": "posting", "label": "Unggahan", "value": 0.9, "weight": 30,
         "formula": "unggahan terbit ÷ target mingguan (IG + FB) untuk hari periode yang sudah berjalan, paling tinggi 100%"},
        {"key": "response", "label": "Respons aduan", "value": null, "weight": 20,
         "formula": "aduan dijawab dalam tenggat ÷ aduan diterima, paling tinggi 100%; tidak berlaku bila tidak ada aduan"}
    ],
    "trend": [{"week_start": "2026-10-26", "score": 78.0}, {"week_start": "2026-11-02", "score": 85.5}],
    "targets": {"instagram_per_week": 3, "facebook_per_week": 3},
    "weights": {"posting": 30, "on_time": 15, "response": 20, "resolution": 15, "reporting": 10, "accounts": 10}
})))]
pub struct Kinerja {
    pub agency_code: String,
    pub agency_name: String,
    /// The period scored (the current month up to today), `YYYY-MM-DD` (WIB).
    pub from_day: String,
    pub to_day: String,
    /// UTC `YYYY-MM-DDTHH:MM:SSZ`.
    pub computed_at: String,
    /// 0 to 100.
    pub score: f64,
    /// 1 for the best; `None` when the agency is not ranked.
    pub rank: Option<u32>,
    /// How many agencies are ranked.
    pub ranked_agencies: u32,
    /// Each indicator in the order of the dashboard, with its formula.
    pub indicators: Vec<KinerjaIndicator>,
    /// The score of each of the last 8 calendar weeks (Monday to Sunday), oldest first; the
    /// last is the current week up to today.
    pub trend: Vec<WeeklyScore>,
    pub targets: WeeklyTargets,
    pub weights: ScoreWeights,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KinerjaIndicator {
    /// `posting`, `on_time`, `response`, `resolution`, `reporting` or `accounts`.
    pub key: String,
    /// As the dashboard names it, e.g. "Unggahan".
    pub label: String,
    /// 0 to 1; `None` where it does not apply (no complaints, say).
    pub value: Option<f64>,
    pub weight: u32,
    /// How it is computed, in words.
    pub formula: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyScore {
    /// The Monday, `YYYY-MM-DD`.
    pub week_start: String,
    pub score: f64,
}

/// Posts a week Diskominfo asks of every agency, per platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyTargets {
    pub instagram_per_week: u32,
    pub facebook_per_week: u32,
}

/// The weight of each indicator in the score (only their ratio matters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreWeights {
    pub posting: u32,
    pub on_time: u32,
    pub response: u32,
    pub resolution: u32,
    pub reporting: u32,
    pub accounts: u32,
    /// Interaksi from Meta's figures; 0 unless Diskominfo weighs it (absent from older hubs).
    #[serde(default)]
    pub interaction: u32,
}
