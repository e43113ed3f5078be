//! Terhubung ke Meta, what reaches the PC: comments on its posts (offered, then acknowledged
//! and dropped by the hub), replies it asks the hub to post, and its posts' figures.

use super::auth::Agency;
use super::examples;
use super::json::ApiJson;
use crate::clock::{to_wire, WIB};
use crate::error::Error;
use crate::state::SharedClock;
use crate::store::meta::Reply;
use crate::store::Store;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use medsos_protocol::{
    ApiError, BestHour, CommentAck, CommentAckResult, CommentList, IncomingComment, MetaPostList,
    Platform, PostFigures, ReplyList, ReplyRequest, ReplyStatus, MAX_COMMENTS_PER_ACK,
};
use std::collections::BTreeMap;

/// Comments offered in one answer at most; the rest come after the PC acknowledges these.
const COMMENTS_PER_ANSWER: usize = 200;
const MAX_REPLY_CHARS: usize = 2_000;
/// Days of the agency's own posts behind its best hours.
const BEST_HOURS_DAYS: i64 = 90;

#[utoipa::path(
    get,
    path = "/api/v1/comments",
    tag = "meta-inbox",
    summary = "New comments on the agency's posts",
    description = "Comments the hub read from Meta on the token's agency's recent posts, not yet \
        acknowledged, oldest first, at most 200 at a time. Only the agency's own. After \
        `POST /api/v1/comments/ack` the hub keeps only ids, times and counts.",
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "The comments.", body = CommentList),
        (status = 401, description = "No token or an unknown one.", body = ApiError, example = examples::invalid_token),
    )
)]
pub async fn comments(
    State(store): State<Store>,
    Agency(agency): Agency,
) -> Result<Json<CommentList>, Error> {
    let agency_id = agency.agency_id;
    let found = store
        .run(move |db| db.meta().pending_comments(agency_id, COMMENTS_PER_ANSWER))
        .await?;
    Ok(Json(CommentList {
        comments: found
            .into_iter()
            .map(|c| IncomingComment {
                id: c.comment_id,
                platform: c.platform,
                post_id: c.post_meta_id,
                permalink: c.permalink,
                author: c.author,
                text: c.text,
                commented_at: to_wire(c.commented_at),
            })
            .collect(),
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/comments/ack",
    tag = "meta-inbox",
    summary = "Acknowledge comments stored on the PC",
    description = "The hub drops the text and author of these comments (the agency's own only; \
        others are ignored) and keeps ids, times and counts. Idempotent. At most 500 ids.",
    request_body = CommentAck,
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "How many were acknowledged now.", body = CommentAckResult),
        (status = 401, description = "No token or an unknown one.", body = ApiError, example = examples::invalid_token),
        (status = 422, description = "More than 500 ids (`comment.too_many`).", body = ApiError,
            example = json!({"code": "comment.too_many", "message": "Paling banyak 500 komentar sekali kirim."})),
    )
)]
pub async fn ack(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
    ApiJson(body): ApiJson<CommentAck>,
) -> Result<Json<CommentAckResult>, Error> {
    if body.ids.len() > MAX_COMMENTS_PER_ACK {
        return Err(Error::Rejected {
            code: "comment.too_many",
            message: format!("Paling banyak {MAX_COMMENTS_PER_ACK} komentar sekali kirim."),
        });
    }
    let now = clock.now();
    let agency_id = agency.agency_id;
    let acknowledged = store
        .run(move |db| db.meta().ack_comments(agency_id, &body.ids, now))
        .await?;
    Ok(Json(CommentAckResult { acknowledged }))
}

fn reply_status(reply: &Reply) -> ReplyStatus {
    ReplyStatus {
        id: reply.id.clone(),
        comment_id: reply.comment_id.clone(),
        state: reply.state.clone(),
        meta_id: reply.meta_id.clone(),
        failure: reply.failure.clone(),
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/comment-replies",
    tag = "meta-inbox",
    summary = "Reply to a comment",
    description = "Queues a reply the hub posts under the comment as the agency's account \
        (Instagram: a reply to the comment; Facebook: a comment under it) within its next \
        `--publish-interval`. The comment must be one the hub offered to this agency. \
        Idempotent on `id`.",
    request_body = ReplyRequest,
    security(("agency_token" = [])),
    responses(
        (status = 201, description = "Queued.", body = ReplyStatus),
        (status = 200, description = "Already queued.", body = ReplyStatus),
        (status = 401, description = "No token or an unknown one.", body = ApiError, example = examples::invalid_token),
        (status = 409, description = "The id is used for another reply (`reply.id_taken`).", body = ApiError,
            example = json!({"code": "reply.id_taken", "message": "Id balasan reply-1 sudah dipakai untuk balasan lain. Buat id baru."})),
        (status = 422, description = "Empty or over 2,000 characters (`reply.invalid_message`), a bad id \
            (`reply.invalid_id`), or a comment this agency was not offered (`reply.unknown_comment`).", body = ApiError,
            example = json!({"code": "reply.unknown_comment", "message": "Komentar 180 tidak dikenal untuk PD ini."})),
    )
)]
pub async fn reply(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
    ApiJson(request): ApiJson<ReplyRequest>,
) -> Result<Response, Error> {
    let id_ok = (1..=64).contains(&request.id.len())
        && request
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !id_ok {
        return Err(Error::Rejected {
            code: "reply.invalid_id",
            message: "Id balasan harus 1 sampai 64 huruf, angka, - atau _.".to_owned(),
        });
    }
    let chars = request.message.trim().chars().count();
    if chars == 0 || chars > MAX_REPLY_CHARS {
        return Err(Error::Rejected {
            code: "reply.invalid_message",
            message: format!("Balasan harus 1 sampai {MAX_REPLY_CHARS} karakter."),
        });
    }
    let now = clock.now();
    let agency_id = agency.agency_id;
    let (created, stored) = store
        .run(move |db| {
            let meta = db.meta();
            if meta
                .comment_platform(agency_id, &request.comment_id)?
                .is_none()
            {
                return Err(Error::Rejected {
                    code: "reply.unknown_comment",
                    message: format!(
                        "Komentar {} tidak dikenal untuk PD ini.",
                        request.comment_id.chars().take(64).collect::<String>()
                    ),
                });
            }
            let created = meta.queue_reply(
                agency_id,
                &request.id,
                &request.comment_id,
                request.message.trim(),
                now,
            )?;
            let stored = meta
                .agency_replies(agency_id)?
                .into_iter()
                .find(|r| r.id == request.id)
                .ok_or_else(|| Error::Store("reply vanished".to_owned()))?;
            Ok((created, stored))
        })
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(reply_status(&stored))).into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/comment-replies",
    tag = "meta-inbox",
    summary = "The agency's replies and their states",
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "Every reply the agency queued.", body = ReplyList),
        (status = 401, description = "No token or an unknown one.", body = ApiError, example = examples::invalid_token),
    )
)]
pub async fn replies(
    State(store): State<Store>,
    Agency(agency): Agency,
) -> Result<Json<ReplyList>, Error> {
    let agency_id = agency.agency_id;
    let found = store
        .run(move |db| db.meta().agency_replies(agency_id))
        .await?;
    Ok(Json(ReplyList {
        replies: found.iter().map(reply_status).collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/meta-posts",
    tag = "meta-inbox",
    summary = "The agency's posts with Meta's figures, and its best hours",
    description = "Posts of the agency's connected accounts in the last 90 days as Meta reports \
        them (made through the hub or on a phone), newest first, with views, reach, likes or \
        reactions, comments, shares and saves where Meta gives them. `best_hours`: up to three \
        WIB hours per platform by the average reach of the agency's own posts.",
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "The posts and best hours.", body = MetaPostList),
        (status = 401, description = "No token or an unknown one.", body = ApiError, example = examples::invalid_token),
    )
)]
pub async fn posts(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
) -> Result<Json<MetaPostList>, Error> {
    let since = clock.now() - time::Duration::days(BEST_HOURS_DAYS);
    let agency_id = agency.agency_id;
    let found = store
        .run(move |db| db.meta().agency_meta_posts(agency_id, since))
        .await?;
    let mut by_hour: BTreeMap<(&'static str, u8), (i64, i64)> = BTreeMap::new();
    for post in &found {
        if let Some(reach) = post.reach {
            let hour = post.published_at.to_offset(WIB).hour();
            let entry = by_hour.entry((post.platform.as_str(), hour)).or_default();
            entry.0 += reach;
            entry.1 += 1;
        }
    }
    let mut best_hours = Vec::new();
    for platform in Platform::ALL {
        let mut hours: Vec<BestHour> = by_hour
            .iter()
            .filter(|((p, _), _)| *p == platform.as_str())
            .map(|((_, hour), (sum, n))| BestHour {
                platform,
                hour: *hour,
                average_reach: sum / n,
                posts: *n,
            })
            .collect();
        hours.sort_by(|a, b| {
            b.average_reach
                .cmp(&a.average_reach)
                .then(a.hour.cmp(&b.hour))
        });
        hours.truncate(3);
        best_hours.extend(hours);
    }
    Ok(Json(MetaPostList {
        posts: found
            .into_iter()
            .map(|p| PostFigures {
                platform: p.platform,
                meta_id: p.meta_id,
                permalink: p.permalink,
                published_at: to_wire(p.published_at),
                views: p.views,
                reach: p.reach,
                likes: p.likes,
                comments: p.comments,
                shares: p.shares,
                saved: p.saved,
            })
            .collect(),
        best_hours,
    }))
}
