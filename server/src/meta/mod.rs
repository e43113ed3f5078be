//! Terhubung ke Meta: the hub talks to Meta's Graph API for the agencies (see
//! `shared/META-GRAPH.md`). One system-user token of Diskominfo's Business portfolio reaches
//! every agency's Page and Instagram account; the hub publishes PCs' slots at their time,
//! reads figures and comments, and keeps every token sealed at rest and away from PCs and logs.

pub mod comments;
pub mod connect;
pub mod graph;
pub mod insights;
pub mod publish;
pub mod secret;
pub mod worker;

use graph::Graph;
use secret::SecretKey;
use std::time::Duration;

/// How the hub reaches Meta and how Meta reaches the hub.
#[derive(Clone, Debug)]
pub struct MetaSettings {
    pub graph: Graph,
    /// The hub's address as the internet reaches it (`--public-url`); media links for Meta
    /// are made under it. `None`: nothing can be published through the hub.
    pub public_url: Option<String>,
    /// Seals tokens and signs media links; `None` in tests that do not use Meta.
    pub key: Option<SecretKey>,
    /// How often the publisher looks for due publications (`--publish-interval`).
    pub publish_interval: Duration,
    /// How long to wait between two reads of an Instagram container's status.
    pub status_poll: Duration,
}

impl Default for MetaSettings {
    fn default() -> Self {
        MetaSettings {
            graph: Graph::new(graph::DEFAULT_GRAPH_URL),
            public_url: None,
            key: None,
            publish_interval: Duration::from_secs(30),
            status_poll: Duration::from_secs(2),
        }
    }
}

/// Marks the connection broken when Meta refused the token itself (190); answers whether it
/// did. Every Meta job calls this on a failed call, so the banner, `meta status` and the PCs
/// learn it from whichever job met it first.
pub(crate) async fn note_token_failure(
    state: &crate::state::AppState,
    error: &graph::GraphError,
    now: time::OffsetDateTime,
) -> Result<bool, crate::error::Error> {
    if error.failure != graph::Failure::TokenInvalid {
        return Ok(false);
    }
    let reason = error.explain();
    state
        .store
        .run(move |db| db.meta().mark_meta_broken(&reason, now))
        .await?;
    Ok(true)
}
