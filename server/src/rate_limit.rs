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

/// Dashboard login attempts, per user name and per client address. An attempt counts as a
/// failure from the moment it starts (so a burst of simultaneous guesses is counted, not
/// raced) and is taken back when the password proves right. After [`MAX_FAILURES_PER_NAME`]
/// failures for one name (or [`MAX_FAILURES_PER_ADDRESS`] from one address) within
/// [`LOCKOUT`], logins for it are refused until the lockout has passed since the last failure,
/// even with the right password. Every failure is answered only after `failure_delay`, and
/// at most [`CONCURRENT_CHECKS`] password checks (about 19 MB of memory each) run at once.
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Failures>>,
    pub failure_delay: std::time::Duration,
    pub checks: tokio::sync::Semaphore,
}

pub const MAX_FAILURES_PER_NAME: u32 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;
pub const LOCKOUT: std::time::Duration = std::time::Duration::from_secs(15 * 60);
pub const CONCURRENT_CHECKS: usize = 2;
/// Names longer than any valid one are counted under one key, so the table stays small.
const MAX_NAME_KEY: usize = 40;

struct Failures {
    count: u32,
    last: Instant,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle {
            failures: Mutex::new(HashMap::new()),
            failure_delay: std::time::Duration::from_secs(1),
            checks: tokio::sync::Semaphore::new(CONCURRENT_CHECKS),
        }
    }
}

impl LoginThrottle {
    fn name_key(name: &str) -> String {
        let name = name.trim().to_lowercase();
        if name.len() > MAX_NAME_KEY {
            "u:(terlalu panjang)".to_owned()
        } else {
            format!("u:{name}")
        }
    }

    fn keys(name: &str, address: Option<std::net::IpAddr>) -> [(String, u32); 2] {
        [
            (Self::name_key(name), MAX_FAILURES_PER_NAME),
            (
                format!("a:{}", address.map(|a| a.to_string()).unwrap_or_default()),
                MAX_FAILURES_PER_ADDRESS,
            ),
        ]
    }

    /// Starts an attempt: refuses it with the minutes left when the name or address is
    /// locked, otherwise counts it as a failure until [`LoginThrottle::succeeded`] says not.
    pub fn begin(&self, name: &str, address: Option<std::net::IpAddr>) -> Result<(), u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        failures.retain(|_, f| now.saturating_duration_since(f.last) < LOCKOUT);
        let keys = Self::keys(name, address);
        let locked = keys
            .iter()
            .filter_map(|(key, max)| {
                let f = failures.get(key)?;
                (f.count >= *max).then(|| {
                    let left = LOCKOUT.saturating_sub(now.saturating_duration_since(f.last));
                    left.as_secs().div_ceil(60).max(1)
                })
            })
            .max();
        if let Some(minutes) = locked {
            return Err(minutes);
        }
        for (key, _) in keys {
            let entry = failures.entry(key).or_insert(Failures {
                count: 0,
                last: now,
            });
            entry.count += 1;
            entry.last = now;
        }
        Ok(())
    }

    /// The attempt begun for `name` had the right password: the name's failures are cleared
    /// and the address's count gives back this attempt.
    pub fn succeeded(&self, name: &str, address: Option<std::net::IpAddr>) {
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        let [(name_key, _), (address_key, _)] = Self::keys(name, address);
        failures.remove(&name_key);
        if let Some(f) = failures.get_mut(&address_key) {
            f.count = f.count.saturating_sub(1);
        }
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

    #[test]
    fn five_failed_logins_lock_the_name_not_other_names() {
        let throttle = LoginThrottle::default();
        let address = Some(std::net::IpAddr::from([10, 0, 0, 7]));
        for _ in 0..MAX_FAILURES_PER_NAME {
            assert_eq!(throttle.begin("Rina", address), Ok(()));
        }
        assert_eq!(throttle.begin("rina", address), Err(15));
        assert_eq!(throttle.begin("budi", address), Ok(()));
        throttle.succeeded("budi", address);
        assert_eq!(throttle.begin("budi", address), Ok(()));
    }

    #[test]
    fn a_right_password_gives_its_attempt_back() {
        let throttle = LoginThrottle::default();
        let address = Some(std::net::IpAddr::from([10, 0, 0, 8]));
        for _ in 0..MAX_FAILURES_PER_ADDRESS * 2 {
            assert_eq!(throttle.begin("rina", address), Ok(()));
            throttle.succeeded("rina", address);
        }
    }
}
