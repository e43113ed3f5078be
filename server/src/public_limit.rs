//! What the public registry (`/registri`, `GET /api/v1/registry`) takes from one client: a
//! short input and a bounded rate. Both endpoints need no login, so anyone can call them as
//! often and with as much text as they like; these bounds are checked before any other work.
//!
//! Clients are told apart by address ([`crate::client::ClientAddress`]), counted by
//! [`ClientKey`]: an IPv6 client usually holds a whole /64, so its budget is per /64, not per
//! address.

use crate::client::ClientKey;
use crate::error::Error;
use crate::token_bucket::Bucket;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

/// A pasted handle or profile address is checked up to this many characters. The longest
/// handle is 50 (Facebook); a profile address with its sharing parameters (`?igsh=…`,
/// `&mibextid=…`) stays well under 200.
pub const MAX_CHECKED_CHARS: usize = 200;

/// A query string of a public endpoint at most this many bytes, before it is even decoded:
/// [`MAX_CHECKED_CHARS`] of four-byte characters, each percent-encoded, with room to spare.
pub const MAX_QUERY_BYTES: usize = 4 * 3 * MAX_CHECKED_CHARS + 64;

/// Requests a minute per client to the public registry. A person checking accounts sends a
/// few; every PC fetches the registry once a sync, and the PCs of many agencies may share one
/// office address, so the budget leaves room for a burst of all of them.
pub const DEFAULT_PUBLIC_PER_MINUTE: u32 = 120;

/// More clients than this held at once, and the ones whose buckets are full again are
/// forgotten, so the table stays small whatever the number of addresses seen.
const MAX_CLIENTS: usize = 10_000;

/// Why a public request is refused before any work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The query string or the pasted text is longer than the bounds above.
    TooLong,
    /// Over the client's budget; a request may come again after this many seconds.
    RateLimited { retry_after_secs: u64 },
}

/// A budget of requests per client to the public endpoints: a token bucket per client,
/// refilled continuously, with a burst of a whole minute's budget.
pub struct PublicLimiter {
    /// Bucket size and refill per minute; `None`: unlimited (benchmarks only).
    per_minute: Option<f64>,
    buckets: Mutex<HashMap<ClientKey, Bucket>>,
}

impl PublicLimiter {
    /// `per_minute` requests a minute per client, in bursts of up to as many; at least 1.
    pub fn per_minute(per_minute: u32) -> Self {
        PublicLimiter {
            per_minute: Some(f64::from(per_minute.max(1))),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// No budget at all: for a benchmark that measures the work behind the limit.
    pub fn unlimited() -> Self {
        PublicLimiter {
            per_minute: None,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from the client's bucket, or says how long until there is one.
    pub fn check(&self, address: Option<IpAddr>) -> Result<(), Refusal> {
        self.check_at(ClientKey::of(address), Instant::now())
    }

    fn check_at(&self, client: ClientKey, now: Instant) -> Result<(), Refusal> {
        let Some(per_minute) = self.per_minute else {
            return Ok(());
        };
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&client) {
            buckets.retain(|_, b| !b.is_full_at(per_minute, now));
        }
        buckets
            .entry(client)
            .or_insert_with(|| Bucket::full(per_minute, now))
            .take(per_minute, now)
            .map_err(|retry_after_secs| Refusal::RateLimited { retry_after_secs })
    }
}

impl Default for PublicLimiter {
    fn default() -> Self {
        PublicLimiter::per_minute(DEFAULT_PUBLIC_PER_MINUTE)
    }
}

/// Refuses a query string over [`MAX_QUERY_BYTES`], before it is decoded.
pub fn check_query(query: Option<&str>) -> Result<(), Refusal> {
    if query.map_or(0, str::len) > MAX_QUERY_BYTES {
        return Err(Refusal::TooLong);
    }
    Ok(())
}

/// Refuses a pasted text over [`MAX_CHECKED_CHARS`] characters, before it is matched.
pub fn check_text(text: &str) -> Result<(), Refusal> {
    if text.chars().nth(MAX_CHECKED_CHARS).is_some() {
        return Err(Refusal::TooLong);
    }
    Ok(())
}

/// What a person who pasted too much is told.
pub fn too_long_message() -> String {
    format!(
        "Teks yang diperiksa terlalu panjang: nama akun atau alamat profil paling banyak \
         {MAX_CHECKED_CHARS} karakter."
    )
}

/// The API's answer: 422 `registry.input_too_long`, or 429 with `Retry-After`.
impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::TooLong => Error::Rejected {
                code: "registry.input_too_long",
                message: too_long_message(),
            },
            Refusal::RateLimited { retry_after_secs } => {
                Error::ClientRateLimited { retry_after_secs }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_client_gets_a_burst_then_waits_and_others_are_not_held_up() {
        let limiter = PublicLimiter::per_minute(120);
        let start = Instant::now();
        let one = ClientKey::of(Some(IpAddr::from([203, 0, 113, 7])));
        for _ in 0..120 {
            assert_eq!(limiter.check_at(one, start), Ok(()));
        }
        assert_eq!(
            limiter.check_at(one, start),
            Err(Refusal::RateLimited {
                retry_after_secs: 1
            })
        );
        let other = ClientKey::of(Some(IpAddr::from([203, 0, 113, 8])));
        assert_eq!(limiter.check_at(other, start), Ok(()));
        assert_eq!(
            limiter.check_at(one, start + Duration::from_millis(500)),
            Ok(())
        );
    }

    #[test]
    fn the_table_forgets_clients_whose_buckets_are_full() {
        let limiter = PublicLimiter::per_minute(60);
        let start = Instant::now();
        for n in 0..MAX_CLIENTS as u32 {
            let key = ClientKey::of(Some(IpAddr::from(n.to_be_bytes())));
            assert!(limiter.check_at(key, start).is_ok());
        }
        let later = start + Duration::from_secs(2);
        assert!(limiter.check_at(ClientKey::of(None), later).is_ok());
        let held = limiter.buckets.lock().expect("lock").len();
        assert_eq!(held, 1, "only the new client is left");
    }

    #[test]
    fn inputs_over_the_bounds_are_refused() {
        assert_eq!(check_text(&"a".repeat(MAX_CHECKED_CHARS)), Ok(()));
        assert_eq!(
            check_text(&"а".repeat(MAX_CHECKED_CHARS + 1)),
            Err(Refusal::TooLong)
        );
        assert_eq!(check_query(None), Ok(()));
        assert_eq!(
            check_query(Some(&"x".repeat(MAX_QUERY_BYTES + 1))),
            Err(Refusal::TooLong)
        );
    }
}
