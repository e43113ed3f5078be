//! What the hub publishes for the PCs to apply at each sync: the holidays of a year, the
//! registry of official accounts, and Diskominfo's content briefs.

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HolidayKind {
    LiburNasional,
    CutiBersama,
}

impl HolidayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HolidayKind::LiburNasional => "libur_nasional",
            HolidayKind::CutiBersama => "cuti_bersama",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [HolidayKind::LiburNasional, HolidayKind::CutiBersama]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// `GET /api/v1/registry`: every agency registered on the hub with its official accounts, so
/// citizens and PDs can tell an official account from an impostor.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Platform {
    Instagram,
    Facebook,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Instagram => "instagram",
            Platform::Facebook => "facebook",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Platform::Instagram, Platform::Facebook]
            .into_iter()
            .find(|p| p.as_str() == text)
    }
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
