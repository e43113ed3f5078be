//! Failed dashboard logins counted in the store, so every hub process on one database counts
//! the same failures: a guesser spreading wrong passwords over several processes (behind a
//! load balancer) is slowed as if there were one. The rules (how many failures are free, how
//! long the waits grow) are `rate_limit`'s; the store only keeps the counts, and lets one
//! attempt at a time read and change the counts of its keys.
//!
//! A key is a short string naming what is counted (a name, a client, or both); counts whose
//! last failure is older than the caller's `forget_before` read as none and are deleted as
//! they are met, so the table holds only the last quarter of an hour's failures. Its size is
//! bounded by the clients guessing in that quarter: each client is locked out after a few
//! dozen failures.

use time::OffsetDateTime;

/// The failures counted under one key: how many, and when the last one was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    pub last: OffsetDateTime,
}

/// What [`crate::store::HubStore::count_login_failure`] lets the caller decide: given the
/// failures counted so far under each key, in the order the keys were given (none when
/// forgotten), whether the attempt goes
/// ahead (and is counted as one more failure under every key) or is refused (nothing changes).
pub type Admit<'a> = &'a mut dyn FnMut(&[Option<Failures>]) -> bool;

/// An instant as the throttle's tables keep it: nanoseconds since 1970 (exact, so a stopped
/// clock reads back the same instant).
pub fn to_nanos(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos()).unwrap_or(i64::MAX)
}

/// The instant kept as [`to_nanos`].
pub fn from_nanos(nanos: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(nanos))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// A stored row as the caller sees it: none once forgotten or when nothing is counted.
pub fn live(count: i64, last: i64, forget_before: OffsetDateTime) -> Option<Failures> {
    let last = from_nanos(last);
    (count > 0 && last > forget_before).then(|| Failures {
        count: u32::try_from(count).unwrap_or(u32::MAX),
        last,
    })
}

/// The keys sorted and without repeats: the order the engines lock them in.
pub fn sorted(keys: &[String]) -> Vec<String> {
    let mut keys = keys.to_vec();
    keys.sort();
    keys.dedup();
    keys
}
