//! Terhubung ke Meta: what a PC hands the hub to publish at a slot's time, and what it reads
//! back.

use serde::{Deserialize, Serialize};

use crate::Platform;

/// `POST /api/v1/publications`: one scheduled slot of a connected account, published by the
/// hub at `scheduled_at` even when the PC is off. Idempotent on `id` (chosen by the PC); sent
/// again with the same id, it changes the publication while it still waits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "slot-0b8f6a2e-5a51-4f7e-9a0c-3f1d2e4b5c6d",
    "platform": "instagram",
    "scheduled_at": "2026-12-07T02:00:00Z",
    "caption": "Posyandu serentak di 32 kecamatan, Sabtu ini. #CianjurSehat",
    "alt_text": "Kader posyandu menimbang balita di Kecamatan Karangtengah",
    "media": ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
              "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"]
})))]
pub struct PublicationRequest {
    /// 1 to 64 characters: letters, digits, `-` and `_`.
    pub id: String,
    pub platform: Platform,
    /// RFC 3339; not more than 5 minutes in the past ("terbitkan sekarang" sends now).
    pub scheduled_at: String,
    pub caption: String,
    #[serde(default)]
    pub alt_text: String,
    /// SHA-256 (hex) of photos uploaded with `PUT /api/v1/media/{sha256}`, in order: 1 to 10
    /// (2 or more make an Instagram carousel or a Facebook multi-photo post).
    pub media: Vec<String>,
    /// The account it is for (handle, with or without @), when the PC names one: it must be
    /// the agency's own connected account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// A publication's state as the hub knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "slot-0b8f6a2e-5a51-4f7e-9a0c-3f1d2e4b5c6d",
    "platform": "instagram",
    "scheduled_at": "2026-12-07T02:00:00Z",
    "state": "diterbitkan",
    "permalink": "https://www.instagram.com/p/DO-LrdB-n4q/",
    "meta_id": "17900000000001007",
    "published_at": "2026-12-07T02:00:41Z",
    "failure": null,
    "waiting_reason": null,
    "updated_at": "2026-12-07T02:00:41Z"
})))]
pub struct PublicationStatus {
    pub id: String,
    pub platform: Platform,
    pub scheduled_at: String,
    /// `menunggu`, `diterbitkan`, `gagal` or `ditarik`.
    pub state: String,
    pub permalink: Option<String>,
    /// Meta's id of the post.
    pub meta_id: Option<String>,
    pub published_at: Option<String>,
    /// Why it failed, in Indonesian (state `gagal`).
    pub failure: Option<String>,
    /// Why it still waits (a broken connection, throttling, the daily quota), in Indonesian.
    pub waiting_reason: Option<String>,
    pub updated_at: String,
}

/// `GET /api/v1/publications`: the agency's publications (changed since `?since=` when given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "publications": [{
        "id": "slot-0b8f6a2e-5a51-4f7e-9a0c-3f1d2e4b5c6d", "platform": "instagram",
        "scheduled_at": "2026-12-07T02:00:00Z", "state": "menunggu", "permalink": null,
        "meta_id": null, "published_at": null, "failure": null,
        "waiting_reason": null, "updated_at": "2026-12-06T09:12:03Z"
    }],
    "connected": {"instagram": true, "facebook": true},
    "connection_problem": null
})))]
pub struct PublicationList {
    pub publications: Vec<PublicationStatus>,
    /// Whether the agency has a connected account on each platform; without one the PC keeps
    /// the manual path.
    pub connected: ConnectedPlatforms,
    /// Set when the hub's Meta connection is broken: why, in Indonesian.
    pub connection_problem: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectedPlatforms {
    pub instagram: bool,
    pub facebook: bool,
}

/// `PUT /api/v1/media/{sha256}`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "width": 1080, "height": 1350, "bytes": 284133, "created": true
})))]
pub struct MediaUploaded {
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    /// `false` when the hub already had it (the upload is idempotent).
    pub created: bool,
}

/// The largest photo the hub takes: Instagram's limit for images.
pub const MAX_MEDIA_BYTES: usize = medsos_rules::limits::INSTAGRAM.image.max_bytes as usize;
/// Photos in one publication at most (an Instagram carousel's limit).
pub const MAX_MEDIA_PER_PUBLICATION: usize = medsos_rules::limits::INSTAGRAM.carousel_items;
