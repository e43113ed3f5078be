//! The request budget of each enrolled PC: a token bucket per device, refilled continuously.
//!
//! A PC syncing normally sends a handful of requests a day, so the default of 60 a minute
//! (with a burst of as many) only ever stops a runaway loop or a stolen token.

use crate::error::Error;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

/// Requests per minute per device token unless `serve --rate-limit` says otherwise.
pub const DEFAULT_PER_MINUTE: u32 = 60;

pub struct RateLimiter {
    /// Bucket size and refill per minute.
    per_minute: f64,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    /// `per_minute` requests a minute, in bursts of up to as many; at least 1.
    pub fn per_minute(per_minute: u32) -> Self {
        RateLimiter {
            per_minute: f64::from(per_minute.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from the device's bucket, or says how many seconds until there is one.
    pub fn check(&self, device_id: i64) -> Result<(), Error> {
        self.check_at(device_id, Instant::now())
    }

    fn check_at(&self, device_id: i64, now: Instant) -> Result<(), Error> {
        let per_second = self.per_minute / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let bucket = buckets.entry(device_id).or_insert(Bucket {
            tokens: self.per_minute,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(self.per_minute);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let wait = ((1.0 - bucket.tokens) / per_second).ceil();
        // Bounded by 60 s / per_minute, so the cast cannot overflow.
        let retry_after_secs = (wait as u64).max(1);
        Err(Error::RateLimited { retry_after_secs })
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::per_minute(DEFAULT_PER_MINUTE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_allowed_then_refused_until_a_token_refills() {
        let limiter = RateLimiter::per_minute(60);
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limiter.check_at(1, start).is_ok());
        }
        match limiter.check_at(1, start) {
            Err(Error::RateLimited { retry_after_secs }) => assert_eq!(retry_after_secs, 1),
            other => panic!("{other:?}"),
        }
        assert!(limiter.check_at(2, start).is_ok(), "buckets are per device");
        assert!(limiter
            .check_at(1, start + Duration::from_millis(1000))
            .is_ok());
        assert!(limiter
            .check_at(1, start + Duration::from_millis(1000))
            .is_err());
    }
}
