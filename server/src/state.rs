//! What the handlers share. Each handler extracts only the part it needs (`State<Store>`,
//! `State<SharedClock>`) through `FromRef`, not the whole state.

use crate::clock::Clock;
use crate::meta::MetaSettings;
use crate::proxy::TrustedProxies;
use crate::public_limit::PublicLimiter;
use crate::rate_limit::{EnrolmentThrottle, LoginThrottle, RateLimiter};
use crate::registry_index::RegistryIndex;
use crate::release::files::ReleaseFiles;
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
    /// Whose `X-Forwarded-For` names the client (`serve --trusted-proxy`).
    pub proxies: Arc<TrustedProxies>,
    /// Wrong enrolment codes per client.
    pub enrolments: Arc<EnrolmentThrottle>,
    /// How the hub reaches Meta and Meta reaches the hub.
    pub meta: Arc<MetaSettings>,
    /// The folder of the releases' artifacts (`releases/` beside the database).
    pub releases: Arc<ReleaseFiles>,
    /// Overviews being computed, shared by the requests asking the same at once.
    pub overviews: Arc<crate::web::inflight::InFlight<crate::web::overview::PageData>>,
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
            proxies: Arc::new(TrustedProxies::default()),
            enrolments: Arc::new(EnrolmentThrottle::default()),
            meta: Arc::new(MetaSettings::default()),
            releases: Arc::new(ReleaseFiles::default()),
            overviews: Arc::default(),
        }
    }

    /// With a Meta connection's settings (`serve`; tests against a Graph stand-in).
    pub fn with_meta(mut self, meta: MetaSettings) -> Self {
        self.meta = Arc::new(meta);
        self
    }

    /// With the releases' artifacts read from `files` (`serve`: beside the database).
    pub fn with_release_files(mut self, files: ReleaseFiles) -> Self {
        self.releases = Arc::new(files);
        self
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
            login: LoginThrottle::with_failure_delay(self.web.login.failure_delay()),
        });
        self
    }

    /// With failed logins answered after `delay` instead of a second (tests).
    pub fn with_login_failure_delay(mut self, delay: std::time::Duration) -> Self {
        self.web = Arc::new(WebConfig {
            secure_cookies: self.web.secure_cookies,
            login: LoginThrottle::with_failure_delay(delay),
        });
        self
    }

    /// With the client address read from `X-Forwarded-For` when the peer is one of `proxies`.
    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> Self {
        self.proxies = Arc::new(proxies);
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
