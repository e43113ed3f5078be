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

/// A comment on one of the agency's posts, offered to its PC (`GET /api/v1/comments`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncomingComment {
    /// Meta's comment id; a reply names it.
    pub id: String,
    pub platform: Platform,
    /// Meta's id of the post commented on.
    pub post_id: String,
    /// The post's address, for the complaint's link.
    pub permalink: Option<String>,
    /// The commenter's Instagram username or Facebook name, when Meta gives it.
    pub author: Option<String>,
    pub text: String,
    /// When the citizen commented (RFC 3339): first-response time counts from here.
    pub commented_at: String,
}

/// `GET /api/v1/comments`: comments not yet acknowledged, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"comments": [{
    "id": "18000000000001001", "platform": "instagram", "post_id": "17900000000001007",
    "permalink": "https://www.instagram.com/p/DO-LrdB-n4q/", "author": "warga_cibeber",
    "text": "Jalan di Cibeber rusak parah", "commented_at": "2026-11-30T03:00:00Z"
}]})))]
pub struct CommentList {
    pub comments: Vec<IncomingComment>,
}

/// `POST /api/v1/comments/ack`: the PC has stored these comments; the hub drops their text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"ids": ["18000000000001001"]})))]
pub struct CommentAck {
    /// At most [`MAX_COMMENTS_PER_ACK`].
    pub ids: Vec<String>,
}

/// At most this many ids in one [`CommentAck`].
pub const MAX_COMMENTS_PER_ACK: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"acknowledged": 1})))]
pub struct CommentAckResult {
    /// How many were acknowledged now (a repeat counts 0).
    pub acknowledged: usize,
}

/// `POST /api/v1/comment-replies`: a reply the hub posts under a comment as the agency's
/// account. Idempotent on `id` (chosen by the PC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "reply-5f1e0c7a", "comment_id": "18000000000001001",
    "message": "Terima kasih, laporan Anda sudah kami teruskan ke UPT Jalan Cibeber."
})))]
pub struct ReplyRequest {
    pub id: String,
    pub comment_id: String,
    /// 1 to 2,000 characters.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": "reply-5f1e0c7a", "comment_id": "18000000000001001", "state": "menunggu",
    "meta_id": null, "failure": null
})))]
pub struct ReplyStatus {
    pub id: String,
    pub comment_id: String,
    /// `menunggu`, `terkirim` or `gagal`.
    pub state: String,
    pub meta_id: Option<String>,
    pub failure: Option<String>,
}

/// `GET /api/v1/comment-replies`: the agency's replies and their states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"replies": [{
    "id": "reply-5f1e0c7a", "comment_id": "18000000000001001", "state": "terkirim",
    "meta_id": "18000000000001016", "failure": null
}]})))]
pub struct ReplyList {
    pub replies: Vec<ReplyStatus>,
}

/// A post of the agency as Meta reports it, with its figures (`None`: Meta gave none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostFigures {
    pub platform: Platform,
    pub meta_id: String,
    pub permalink: Option<String>,
    pub published_at: String,
    pub views: Option<i64>,
    pub reach: Option<i64>,
    /// Instagram likes, or Facebook reactions.
    pub likes: Option<i64>,
    pub comments: Option<i64>,
    pub shares: Option<i64>,
    pub saved: Option<i64>,
}

/// `GET /api/v1/meta-posts`: the agency's posts of the last 90 days with their figures, and its
/// best hours to post by its own reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "posts": [{"platform": "instagram", "meta_id": "17900000000001007",
               "permalink": "https://www.instagram.com/p/DO-LrdB-n4q/",
               "published_at": "2026-12-06T00:56:43Z", "views": 14616, "reach": 4951,
               "likes": 42, "comments": 3, "shares": 5, "saved": 2}],
    "best_hours": [{"platform": "instagram", "hour": 19, "average_reach": 5210, "posts": 6}]
})))]
pub struct MetaPostList {
    pub posts: Vec<PostFigures>,
    /// Up to three WIB hours per platform, best average reach first (90 days, own posts).
    pub best_hours: Vec<BestHour>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BestHour {
    pub platform: Platform,
    /// 0-23, WIB.
    pub hour: u8,
    pub average_reach: i64,
    pub posts: i64,
}
