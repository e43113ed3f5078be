//! The hub's own timers for Meta, running beside the server:
//! - every `--publish-interval` seconds: publications due, then queued replies;
//! - every 10 minutes: new comments on recent posts;
//! - once a day (and at start): followers and post figures.
//!
//! A failed round is logged and the next one runs as usual.

use crate::state::AppState;
use std::time::Duration;

/// How often comments are read.
pub const COMMENTS_EVERY: Duration = Duration::from_secs(10 * 60);
/// How often insights are read.
pub const INSIGHTS_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Starts the loops on the current runtime. They stop with the runtime.
pub fn spawn(state: AppState) {
    let every = state.meta.publish_interval;
    let publisher = state.clone();
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            match super::publish::run_due(&publisher).await {
                Ok(0) => {}
                Ok(published) => tracing::info!(published, "publications published on Meta"),
                Err(error) => tracing::error!(%error, "publishing round failed"),
            }
            match super::comments::send_replies(&publisher).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "comment replies posted on Meta"),
                Err(error) => tracing::error!(%error, "reply round failed"),
            }
        }
    });
    let reader = state.clone();
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(COMMENTS_EVERY);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if !connected(&reader).await {
                continue;
            }
            match super::comments::pull(&reader).await {
                Ok((new, problems)) => {
                    if new > 0 {
                        tracing::info!(new, "comments read from Meta");
                    }
                    for problem in problems {
                        tracing::warn!(%problem, "comments not read");
                    }
                }
                Err(error) => tracing::error!(%error, "comment round failed"),
            }
        }
    });
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(INSIGHTS_EVERY);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if !connected(&state).await {
                continue;
            }
            match super::insights::pull(&state).await {
                Ok(report) => tracing::info!(
                    accounts = report.accounts,
                    posts = report.posts,
                    problems = report.problems.len(),
                    "insights read from Meta"
                ),
                Err(error) => tracing::error!(%error, "insights round failed"),
            }
        }
    });
}

/// Whether a working Meta connection exists (no point polling otherwise).
async fn connected(state: &AppState) -> bool {
    state.meta.key.is_some()
        && matches!(
            state.store.run(|db| db.meta().meta_connection()).await,
            Ok(Some(c)) if c.broken_reason.is_none()
        )
}
