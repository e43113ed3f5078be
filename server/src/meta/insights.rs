//! Insights as ground truth (META-GRAPH §6, §7): each connected account's followers and, for
//! its posts of the last 30 days, the metrics that still exist. Posts made outside the app (on
//! a phone) are read too; the PC matches them to its slots by permalink.
//!
//! Instagram media: `views, reach, likes, comments, shares, saved` (impressions and plays were
//! removed in 2025). Facebook posts: `post_media_view` (views) and
//! `post_total_media_view_unique` (reach), reactions, comments and shares from the post's own
//! fields (`post_impressions*` went in 2025-11, the unique reach family in 2026-06).

use super::graph::{Failure, Graph, GraphError, Page};
use super::secret::SecretKey;
use crate::error::Error;
use crate::state::AppState;
use crate::store::meta::{Account, MetaPost};
use medsos_protocol::Platform;
use serde::Deserialize;
use serde_json::Value;
use time::OffsetDateTime;

/// Posts of the last this many days are read.
pub const DAYS: i64 = 30;
/// Posts read per account at most (a busy agency posts a few a day).
const MAX_POSTS: usize = 200;
/// Accounts read at once.
const PARALLEL: usize = 8;

/// What one pull did, for the CLI and the log.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PullReport {
    pub accounts: usize,
    pub posts: usize,
    pub comments_new: usize,
    pub replies_sent: usize,
    /// Accounts that could not be read, with the reason.
    pub problems: Vec<String>,
}

#[derive(Deserialize)]
struct Followers {
    followers_count: Option<i64>,
}

#[derive(Deserialize)]
struct IgMedia {
    id: String,
    permalink: Option<String>,
    timestamp: Option<String>,
    like_count: Option<i64>,
    comments_count: Option<i64>,
}

#[derive(Deserialize)]
struct FbPost {
    id: String,
    permalink_url: Option<String>,
    created_time: Option<String>,
    shares: Option<Count>,
    comments: Option<Summarised>,
    reactions: Option<Summarised>,
}

#[derive(Deserialize)]
struct Count {
    count: Option<i64>,
}

#[derive(Deserialize)]
struct Summarised {
    summary: Option<Total>,
}

#[derive(Deserialize)]
struct Total {
    total_count: Option<i64>,
}

#[derive(Deserialize)]
struct Metric {
    name: String,
    #[serde(default)]
    values: Vec<Value>,
    total_value: Option<Value>,
}

/// A metric's number: `values[0].value` (lifetime) or `total_value.value`.
fn metric_value(metric: &Metric) -> Option<i64> {
    metric
        .values
        .last()
        .and_then(|v| v.get("value"))
        .or_else(|| metric.total_value.as_ref().and_then(|v| v.get("value")))
        .and_then(|v| {
            v.as_i64().or_else(|| {
                // Reactions by type come as an object of counts.
                v.as_object()
                    .map(|o| o.values().filter_map(Value::as_i64).sum())
            })
        })
}

async fn metrics(
    graph: &Graph,
    id: &str,
    names: &str,
    token: &str,
) -> Result<Vec<(String, i64)>, GraphError> {
    let answer: Page<Metric> = graph
        .get(
            &format!("{id}/insights"),
            &[("metric", names.to_owned())],
            token,
        )
        .await?;
    Ok(answer
        .data
        .iter()
        .filter_map(|m| metric_value(m).map(|v| (m.name.clone(), v)))
        .collect())
}

fn find(found: &[(String, i64)], name: &str) -> Option<i64> {
    found.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
}

/// Reads one account's followers and recent posts with their figures.
async fn pull_account(
    graph: &Graph,
    account: &Account,
    agency_id: i64,
    token: &str,
    now: OffsetDateTime,
) -> Result<(Option<i64>, Vec<MetaPost>), GraphError> {
    let since = now - time::Duration::days(DAYS);
    let followers: Followers = graph
        .get(
            &account.meta_id,
            &[("fields", "followers_count".to_owned())],
            token,
        )
        .await?;
    let mut posts = Vec::new();
    match account.platform {
        Platform::Instagram => {
            // Newest first: stop reading pages once past the window.
            let mut page: Page<IgMedia> = graph
                .get(
                    &format!("{}/media", account.meta_id),
                    &[
                        (
                            "fields",
                            "id,permalink,timestamp,like_count,comments_count".to_owned(),
                        ),
                        ("limit", "50".to_owned()),
                    ],
                    token,
                )
                .await?;
            let mut media = Vec::new();
            loop {
                let mut older = false;
                for item in page.data.drain(..) {
                    match item.timestamp.as_deref().and_then(super::graph::parse_time) {
                        Some(at) if at >= since => media.push((item, at)),
                        _ => older = true,
                    }
                }
                let next = page.paging.take().and_then(|p| p.next);
                match next {
                    Some(next) if !older && media.len() < MAX_POSTS => {
                        page = graph.get_next(&next, token).await?;
                    }
                    _ => break,
                }
            }
            for (item, at) in media {
                let found = match metrics(
                    graph,
                    &item.id,
                    "views,reach,likes,comments,shares,saved",
                    token,
                )
                .await
                {
                    Ok(found) => found,
                    // Missing data (too new, or an album child) is not a failed pull.
                    Err(e) if e.failure == Failure::Refused => Vec::new(),
                    Err(e) => return Err(e),
                };
                posts.push(MetaPost {
                    platform: Platform::Instagram,
                    meta_id: item.id,
                    agency_id,
                    account_meta_id: account.meta_id.clone(),
                    permalink: item.permalink,
                    published_at: at,
                    views: find(&found, "views"),
                    reach: find(&found, "reach"),
                    likes: find(&found, "likes").or(item.like_count),
                    comments: find(&found, "comments").or(item.comments_count),
                    shares: find(&found, "shares"),
                    saved: find(&found, "saved"),
                });
            }
        }
        Platform::Facebook => {
            let feed: Vec<FbPost> = graph
                .get_all(
                    &format!("{}/feed", account.meta_id),
                    &[
                        (
                            "fields",
                            "id,permalink_url,created_time,shares,comments.summary(true).limit(0),reactions.summary(true).limit(0)"
                                .to_owned(),
                        ),
                        ("since", since.unix_timestamp().to_string()),
                        ("limit", "50".to_owned()),
                    ],
                    token,
                    MAX_POSTS,
                )
                .await?;
            for post in feed {
                let Some(at) = post
                    .created_time
                    .as_deref()
                    .and_then(super::graph::parse_time)
                else {
                    continue;
                };
                if at < since {
                    continue;
                }
                let found = match metrics(
                    graph,
                    &post.id,
                    "post_media_view,post_total_media_view_unique",
                    token,
                )
                .await
                {
                    Ok(found) => found,
                    Err(e) if e.failure == Failure::Refused => Vec::new(),
                    Err(e) => return Err(e),
                };
                posts.push(MetaPost {
                    platform: Platform::Facebook,
                    meta_id: post.id,
                    agency_id,
                    account_meta_id: account.meta_id.clone(),
                    permalink: post.permalink_url,
                    published_at: at,
                    views: find(&found, "post_media_view"),
                    reach: find(&found, "post_total_media_view_unique"),
                    likes: post
                        .reactions
                        .and_then(|r| r.summary)
                        .and_then(|s| s.total_count),
                    comments: post
                        .comments
                        .and_then(|c| c.summary)
                        .and_then(|s| s.total_count),
                    shares: Some(post.shares.and_then(|s| s.count).unwrap_or(0)),
                    saved: None,
                });
            }
        }
    }
    Ok((followers.followers_count, posts))
}

/// Reads every agency-assigned account (up to [`PARALLEL`] at once) and stores what it found.
pub async fn pull(state: &AppState) -> Result<PullReport, Error> {
    let key =
        state.meta.key.clone().ok_or_else(|| {
            Error::MetaNotConnected("Kunci rahasia hub tidak tersedia.".to_owned())
        })?;
    let targets = targets(state, &key).await?;
    let now = state.clock.now();
    let mut report = PullReport::default();
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(PARALLEL));
    let mut tasks = tokio::task::JoinSet::new();
    for (account, agency_id, token) in targets {
        let permit = semaphore
            .clone()
            .acquire_owned()
            .await
            .expect("never closed");
        let graph = state.meta.graph.clone();
        tasks.spawn(async move {
            let _permit = permit;
            let result = pull_account(&graph, &account, agency_id, &token, now).await;
            (account, result)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        let Ok((account, result)) = joined else {
            continue;
        };
        report.accounts += 1;
        match result {
            Ok((followers, posts)) => {
                report.posts += posts.len();
                let day = crate::clock::today_wib(now);
                state
                    .store
                    .run(move |db| {
                        let meta = db.meta();
                        if let Some(followers) = followers {
                            meta.set_meta_followers(
                                account.platform,
                                &account.meta_id,
                                followers,
                                day,
                            )?;
                        }
                        for post in &posts {
                            meta.upsert_meta_post(post, now)?;
                        }
                        Ok(())
                    })
                    .await?;
            }
            Err(error) => {
                super::note_token_failure(state, &error, now).await?;
                report.problems.push(format!(
                    "{} {}: {}",
                    account.platform.label(),
                    account.name,
                    error.explain()
                ));
            }
        }
    }
    Ok(report)
}

/// Every working, agency-assigned account with its Page token opened.
pub(super) async fn targets(
    state: &AppState,
    key: &SecretKey,
) -> Result<Vec<(Account, i64, String)>, Error> {
    let accounts = state
        .store
        .run(|db| {
            let meta = db.meta();
            if meta.meta_connection()?.is_none() {
                return Err(Error::MetaNotConnected(
                    "Medsos Hub belum tersambung ke Meta. Sambungkan dengan `medsos-hub meta connect`."
                        .to_owned(),
                ));
            }
            let mut found = Vec::new();
            for account in meta.meta_accounts()? {
                let Some(agency) = account.agency.as_ref().map(|a| a.id) else {
                    continue;
                };
                if account.gone {
                    continue;
                }
                if let Some(sealed) = meta.meta_account_token(account.platform, &account.meta_id)? {
                    found.push((account, agency, sealed));
                }
            }
            Ok(found)
        })
        .await?;
    accounts
        .into_iter()
        .map(|(account, agency, sealed)| Ok((account, agency, key.open(&sealed)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_values_are_read_in_both_shapes() {
        let lifetime: Metric = serde_json::from_str(
            r#"{"name":"reach","period":"lifetime","values":[{"value":4951}]}"#,
        )
        .expect("parses");
        assert_eq!(metric_value(&lifetime), Some(4951));
        let total: Metric = serde_json::from_str(
            r#"{"name":"views","period":"day","total_value":{"value":14616}}"#,
        )
        .expect("parses");
        assert_eq!(metric_value(&total), Some(14616));
        let by_type: Metric = serde_json::from_str(
            r#"{"name":"post_reactions_by_type_total","values":[{"value":{"like":10,"love":3}}]}"#,
        )
        .expect("parses");
        assert_eq!(metric_value(&by_type), Some(13));
        let empty: Metric =
            serde_json::from_str(r#"{"name":"reach","values":[]}"#).expect("parses");
        assert_eq!(metric_value(&empty), None);
    }
}
