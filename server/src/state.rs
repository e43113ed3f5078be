//! What the handlers share. Each handler extracts only the part it needs (`State<Store>`,
//! `State<SharedClock>`) through `FromRef`, not the whole state.

use crate::clock::Clock;
use crate::rate_limit::RateLimiter;
use crate::store::Store;
use axum::extract::FromRef;
use std::sync::Arc;

/// The clock handlers read `now` from; a test passes one fixed at the instant it needs.
pub type SharedClock = Arc<dyn Clock>;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub store: Store,
    pub clock: SharedClock,
    pub limiter: Arc<RateLimiter>,
}

impl AppState {
    /// With the default budget of requests per device token.
    pub fn new(store: Store, clock: SharedClock) -> Self {
        AppState {
            store,
            clock,
            limiter: Arc::new(RateLimiter::default()),
        }
    }

    /// With `per_minute` requests a minute per device token instead of the default.
    pub fn with_rate_limit(mut self, per_minute: u32) -> Self {
        self.limiter = Arc::new(RateLimiter::per_minute(per_minute));
        self
    }
}
