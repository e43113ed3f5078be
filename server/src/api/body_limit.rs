//! The largest body a route reads, set in one place per route so that the refusal of a body
//! over it names that route's own limit, not the API's default.

use axum::extract::{DefaultBodyLimit, Request};
use axum::routing::MethodRouter;
use axum::{Extension, Router};
use std::convert::Infallible;

/// The largest request body read: 60 days of at most 4 KB each, with room to spare.
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

/// The largest batch of impersonation reports read: 100 reports of 2,000 characters each may
/// well pass 256 KB, and the PC cannot split a report.
pub const REPORTS_BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// A route's body limit in bytes, as the extractors find it in the request's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimit(pub usize);

impl BodyLimit {
    /// The limit the request's route set; the API's default when it set none.
    pub fn of(request: &Request) -> Self {
        request
            .extensions()
            .get::<BodyLimit>()
            .copied()
            .unwrap_or(BodyLimit(BODY_LIMIT_BYTES))
    }

    /// In whole KB, as the messages say it.
    pub fn kb(self) -> usize {
        self.0 / 1024
    }
}

/// `route` reading bodies of at most `bytes`. Layered inside the router's default, so it
/// wins for this route; the extension carries the same number to the refusal.
pub fn route<S>(route: MethodRouter<S>, bytes: usize) -> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    route
        .layer::<_, Infallible>(DefaultBodyLimit::max(bytes))
        .layer(Extension(BodyLimit(bytes)))
}

/// Every route of `router` reading bodies of at most `bytes`, unless it sets its own.
pub fn router<S>(router: Router<S>, bytes: usize) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
        .layer(DefaultBodyLimit::max(bytes))
        .layer(Extension(BodyLimit(bytes)))
}
