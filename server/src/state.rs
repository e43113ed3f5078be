//! What the handlers share. Each handler extracts only the part it needs (`State<Store>`,
//! `State<SharedClock>`) through `FromRef`, not the whole state.

use crate::clock::Clock;
use crate::public_limit::PublicLimiter;
use crate::rate_limit::{LoginThrottle, RateLimiter};
use crate::registry_index::RegistryIndex;
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
    pub web: Arc<WebConfig>,
    /// The public registry held in memory (`/registri`, `GET /api/v1/registry`).
    pub registry: Arc<RegistryIndex>,
    /// The budget of each client of the public registry.
    pub public_limiter: Arc<PublicLimiter>,
}

/// How the dashboard's pages treat logins and cookies.
pub struct WebConfig {
    /// Session cookies carry `Secure`: the browser sends them only over HTTPS (and to
    /// localhost). Off only when an operator runs the hub over plain HTTP on a LAN.
    pub secure_cookies: bool,
    pub login: LoginThrottle,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: true,
            login: LoginThrottle::default(),
        }
    }
}

impl AppState {
    /// With the default budget of requests per device token.
    pub fn new(store: Store, clock: SharedClock) -> Self {
        AppState {
            store,
            clock,
            limiter: Arc::new(RateLimiter::default()),
            web: Arc::new(WebConfig::default()),
            registry: Arc::new(RegistryIndex::default()),
            public_limiter: Arc::new(PublicLimiter::default()),
        }
    }

    /// With `per_minute` requests a minute per device token instead of the default.
    pub fn with_rate_limit(mut self, per_minute: u32) -> Self {
        self.limiter = Arc::new(RateLimiter::per_minute(per_minute));
        self
    }
}

impl AppState {
    /// With session cookies that travel over plain HTTP too (`--insecure-cookies`).
    pub fn with_insecure_cookies(mut self) -> Self {
        self.web = Arc::new(WebConfig {
            secure_cookies: false,
            login: LoginThrottle::default(),
        });
        self
    }
}

impl AppState {
    /// With `per_minute` requests a minute per client to the public registry instead of the
    /// default; `None` lifts the budget (a benchmark measuring the work behind it).
    pub fn with_public_rate_limit(mut self, per_minute: Option<u32>) -> Self {
        self.public_limiter =
            Arc::new(per_minute.map_or_else(PublicLimiter::unlimited, PublicLimiter::per_minute));
        self
    }
}
