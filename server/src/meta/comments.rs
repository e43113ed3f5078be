//! Comments into the inbox (META-GRAPH §8): new comments on each agency's recent posts are read
//! by polling (webhooks need a public HTTPS callback and Advanced Access), offered to the
//! agency's PC, and dropped to ids, times and counts once the PC has them. Replies the PC asks
//! for are posted by the hub under the comment.

use super::graph::{Failure, Graph, GraphError};
use crate::error::Error;
use crate::state::AppState;
use crate::store::meta::{NewComment, WatchedPost};
use medsos_protocol::Platform;
use serde::Deserialize;
use time::OffsetDateTime;

/// Comments are read on posts published within this many days.
pub const WATCH_DAYS: i64 = 30;
/// Comments read per post and round at most.
const MAX_PER_POST: usize = 500;
/// Tries of a reply before it is given up as failed.
const MAX_REPLY_ATTEMPTS: i64 = 6;

#[derive(Deserialize)]
struct IgComment {
    id: String,
    text: Option<String>,
    timestamp: Option<String>,
    username: Option<String>,
}

#[derive(Deserialize)]
struct FbComment {
    id: String,
    message: Option<String>,
    created_time: Option<String>,
    from: Option<FbFrom>,
}

#[derive(Deserialize)]
struct FbFrom {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct Made {
    id: String,
}

/// Reads the comments of one post not seen before (all pages; order is not relied on).
async fn read_post(
    graph: &Graph,
    post: &WatchedPost,
    token: &str,
) -> Result<Vec<NewComment>, GraphError> {
    let seen = post.comments_seen_until;
    let keep = |at: OffsetDateTime| seen.is_none_or(|s| at > s - time::Duration::minutes(5));
    let mut found = Vec::new();
    match post.platform {
        Platform::Instagram => {
            let items: Vec<IgComment> = graph
                .get_all(
                    &format!("{}/comments", post.meta_id),
                    &[
                        ("fields", "id,text,timestamp,username,from".to_owned()),
                        ("limit", "50".to_owned()),
                    ],
                    token,
                    MAX_PER_POST,
                )
                .await?;
            for item in items {
                let Some(at) = item.timestamp.as_deref().and_then(super::graph::parse_time) else {
                    continue;
                };
                let own = item.username.as_deref().map(str::to_lowercase) == post.account_handle;
                if own || !keep(at) {
                    continue;
                }
                found.push(NewComment {
                    comment_id: item.id,
                    platform: Platform::Instagram,
                    agency_id: post.agency_id,
                    post_meta_id: post.meta_id.clone(),
                    permalink: post.permalink.clone(),
                    author: item.username,
                    text: item.text.unwrap_or_default(),
                    commented_at: at,
                });
            }
        }
        Platform::Facebook => {
            let items: Vec<FbComment> = graph
                .get_all(
                    &format!("{}/comments", post.meta_id),
                    &[
                        ("fields", "id,message,created_time,from".to_owned()),
                        ("filter", "toplevel".to_owned()),
                        ("order", "reverse_chronological".to_owned()),
                        ("limit", "50".to_owned()),
                    ],
                    token,
                    MAX_PER_POST,
                )
                .await?;
            for item in items {
                let Some(at) = item
                    .created_time
                    .as_deref()
                    .and_then(super::graph::parse_time)
                else {
                    continue;
                };
                // The Page's own comments are not citizens'; `from` may be absent (§8).
                let own = item
                    .from
                    .as_ref()
                    .and_then(|f| f.id.as_deref())
                    .is_some_and(|id| id == post.account_meta_id);
                if own || !keep(at) {
                    continue;
                }
                found.push(NewComment {
                    comment_id: item.id,
                    platform: Platform::Facebook,
                    agency_id: post.agency_id,
                    post_meta_id: post.meta_id.clone(),
                    permalink: post.permalink.clone(),
                    author: item.from.and_then(|f| f.name),
                    text: item.message.unwrap_or_default(),
                    commented_at: at,
                });
            }
        }
    }
    Ok(found)
}

/// Reads new comments on every watched post; returns how many were new.
pub async fn pull(state: &AppState) -> Result<(usize, Vec<String>), Error> {
    let key =
        state.meta.key.clone().ok_or_else(|| {
            Error::MetaNotConnected("Kunci rahasia hub tidak tersedia.".to_owned())
        })?;
    let now = state.clock.now();
    let targets = super::insights::targets(state, &key).await?;
    let since = now - time::Duration::days(WATCH_DAYS);
    let posts = state
        .store
        .run(move |db| db.meta().watched_posts(since))
        .await?;
    let mut new = 0;
    let mut problems = Vec::new();
    for post in posts {
        let Some((_, _, token)) = targets
            .iter()
            .find(|(a, _, _)| a.platform == post.platform && a.meta_id == post.account_meta_id)
        else {
            continue;
        };
        match read_post(&state.meta.graph, &post, token).await {
            Ok(found) => {
                let newest = found.iter().map(|c| c.commented_at).max();
                let platform = post.platform;
                let meta_id = post.meta_id.clone();
                new += state
                    .store
                    .run(move |db| {
                        let added = db.meta().insert_meta_comments(&found, now)?;
                        if let Some(newest) = newest {
                            db.meta().set_comments_seen(platform, &meta_id, newest)?;
                        }
                        Ok(added)
                    })
                    .await?;
            }
            Err(error) => {
                if super::note_token_failure(state, &error, now).await? {
                    problems.push(error.explain());
                    break;
                }
                problems.push(format!("{}: {}", post.meta_id, error.explain()));
            }
        }
    }
    Ok((new, problems))
}

/// Posts every queued reply under its comment; returns how many were sent.
pub async fn send_replies(state: &AppState) -> Result<usize, Error> {
    let Some(key) = state.meta.key.clone() else {
        return Ok(0);
    };
    let replies = state.store.run(|db| db.meta().pending_replies(100)).await?;
    if replies.is_empty() {
        return Ok(0);
    }
    let targets = super::insights::targets(state, &key).await?;
    let mut sent = 0;
    for reply in replies {
        let now = state.clock.now();
        let Some((_, _, token)) = targets
            .iter()
            .find(|(a, agency, _)| *agency == reply.agency_id && a.platform == reply.platform)
        else {
            let id = reply.id.clone();
            state
                .store
                .run(move |db| {
                    db.meta().fail_reply(
                        &id,
                        "Akun PD ini tidak lagi terhubung ke Meta; balas manual di aplikasinya.",
                        true,
                        now,
                    )
                })
                .await?;
            continue;
        };
        // Instagram: POST /{comment}/replies; Facebook: POST /{comment}/comments (§8).
        let path = match reply.platform {
            Platform::Instagram => format!("{}/replies", reply.comment_id),
            Platform::Facebook => format!("{}/comments", reply.comment_id),
        };
        let result: Result<Made, GraphError> = state
            .meta
            .graph
            .post(&path, &[("message", reply.message.clone())], token)
            .await;
        let id = reply.id.clone();
        match result {
            Ok(made) => {
                sent += 1;
                state
                    .store
                    .run(move |db| db.meta().finish_reply(&id, &made.id, now))
                    .await?;
            }
            Err(error) => {
                let give_up = !matches!(
                    error.failure,
                    Failure::Transient | Failure::Throttled { .. } | Failure::TokenInvalid
                ) || reply.attempts + 1 >= MAX_REPLY_ATTEMPTS;
                let reason = error.explain();
                super::note_token_failure(state, &error, now).await?;
                state
                    .store
                    .run(move |db| db.meta().fail_reply(&id, &reason, give_up, now))
                    .await?;
            }
        }
    }
    Ok(sent)
}
