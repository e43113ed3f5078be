//! How often a client may try: the request budget of each enrolled PC (a token bucket per
//! device, refilled continuously), and growing waits after failed logins and enrolments.
//!
//! Failed logins are counted in the store, shared by every hub process on one database. The
//! request budget of each PC and the enrolment waits are kept in the process: with N hub
//! processes behind a load balancer, a device token gets at most N times its budget (each
//! process refills its own bucket), and a client guessing enrolment codes at most N times
//! its free attempts before each wait. See [`RateLimiter`] for why.
//!
//! A PC syncing normally sends a handful of requests a day, so the default of 60 a minute
//! (with a burst of as many) only ever stops a runaway loop or a stolen token.

use crate::client::ClientKey;
use crate::error::Error;
use crate::store::throttle::Failures as Counted;
use crate::store::HubStore;
use crate::token_bucket::Bucket;
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// Requests per minute per device token unless `serve --rate-limit` says otherwise.
pub const DEFAULT_PER_MINUTE: u32 = 60;

/// Each device token's budget, kept in this process.
///
/// With N hub processes behind a load balancer, each refills its own bucket, so a token gets
/// at most N times its budget (N bursts of `per_minute`, then N times `per_minute` a minute).
/// Kept per process on purpose: the budget only stops a runaway loop or a stolen token, which
/// N times the budget (N is two or three) still does, while a shared bucket would make every
/// API request, reads included, one more write on the one database all the processes share.
/// Measured on the 2-core test machine with PostgreSQL 15: the bucket as one `INSERT ... ON
/// CONFLICT ... RETURNING` takes 0.39 ms on average with 8 clients, about 20,700 a second at
/// most, all of it taken from the database that ingest and the dashboard need.
pub struct RateLimiter {
    /// Bucket size and refill per minute.
    per_minute: f64,
    buckets: Mutex<HashMap<i64, Bucket>>,
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
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        buckets
            .entry(device_id)
            .or_insert_with(|| Bucket::full(self.per_minute, now))
            .take(self.per_minute, now)
            .map_err(|retry_after_secs| Error::RateLimited { retry_after_secs })
    }
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::per_minute(DEFAULT_PER_MINUTE)
    }
}

/// How long failures under a key are remembered after the last one; also how long a key that
/// reached its lock stays locked.
pub const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);
/// The most keys one table remembers, so a flood of made-up names or addresses cannot grow
/// memory without bound; past it the key failed longest ago is dropped.
const MAX_KEYS: usize = 10_000;
/// Tables are swept for forgotten keys at most this often, not on every attempt.
const PRUNE_EVERY: Duration = Duration::from_secs(1);

/// How failures under one key slow down the next attempt under it: a few are free, then each
/// one doubles the wait before the next attempt, up to a cap, and enough of them lock the key
/// until [`FORGET_AFTER`] has passed since the last.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    /// Failures that make the next attempt wait not at all.
    pub free: u32,
    /// The wait after the first failure beyond the free ones; doubled by each further one.
    pub first_wait: Duration,
    pub max_wait: Duration,
    /// From this many failures on, the key is locked.
    pub lock_after: Option<u32>,
}

impl Backoff {
    /// How long after the last of `failures` failures the next attempt must wait.
    pub fn wait(&self, failures: u32) -> Duration {
        if self.lock_after.is_some_and(|lock| failures >= lock) {
            return FORGET_AFTER;
        }
        if failures < self.free {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free).min(20);
        self.first_wait
            .saturating_mul(1 << doublings)
            .min(self.max_wait)
    }
}

/// Failures counted per key (a name, a client, or both), each with when the last one was.
struct FailureTable<K> {
    backoff: Backoff,
    entries: HashMap<K, Failures>,
    pruned: Option<OffsetDateTime>,
}

struct Failures {
    count: u32,
    last: OffsetDateTime,
}

impl<K: Eq + Hash + Clone> FailureTable<K> {
    fn new(backoff: Backoff) -> Self {
        FailureTable {
            backoff,
            entries: HashMap::new(),
            pruned: None,
        }
    }

    fn failures(&self, key: &K, now: OffsetDateTime) -> u32 {
        self.entries
            .get(key)
            .filter(|f| since(f.last, now) < FORGET_AFTER)
            .map_or(0, |f| f.count)
    }

    /// How long `key` must still wait before its next attempt, if at all.
    fn wait_left(&self, key: &K, now: OffsetDateTime) -> Option<Duration> {
        let f = self.entries.get(key)?;
        let left = self
            .backoff
            .wait(f.count)
            .saturating_sub(since(f.last, now));
        (!left.is_zero()).then_some(left)
    }

    /// Counts one more failure for `key`, as of `now`.
    fn add(&mut self, key: K, now: OffsetDateTime) {
        if !self.entries.contains_key(&key) && self.entries.len() >= MAX_KEYS {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, f)| f.last)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
        let fresh = self.failures(&key, now) == 0;
        let f = self.entries.entry(key).or_insert(Failures {
            count: 0,
            last: now,
        });
        if fresh {
            f.count = 0;
        }
        f.count = f.count.saturating_add(1);
        f.last = now;
    }

    /// The failure counted for `key` was answered at `now`: the wait runs from then.
    fn touch(&mut self, key: &K, now: OffsetDateTime) {
        if let Some(f) = self.entries.get_mut(key) {
            f.last = f.last.max(now);
        }
    }

    /// Takes back one counted failure that turned out not to be one.
    fn give_back(&mut self, key: &K) {
        if let Some(f) = self.entries.get_mut(key) {
            f.count = f.count.saturating_sub(1);
            if f.count == 0 {
                self.entries.remove(key);
            }
        }
    }

    fn prune(&mut self, now: OffsetDateTime) {
        if self.pruned.is_some_and(|at| since(at, now) < PRUNE_EVERY) {
            return;
        }
        self.pruned = Some(now);
        self.entries
            .retain(|_, f| since(f.last, now) < FORGET_AFTER);
    }
}

/// Per (name, client): three wrong passwords are free, then 2 s, 4 s ... up to a minute
/// between attempts, and after ten the client is locked out of that name.
pub const PAIR_BACKOFF: Backoff = Backoff {
    free: 3,
    first_wait: Duration::from_secs(2),
    max_wait: Duration::from_secs(60),
    lock_after: Some(10),
};
/// Per client, over all names: a client trying many names is slowed, then locked out.
pub const CLIENT_BACKOFF: Backoff = Backoff {
    free: 10,
    first_wait: Duration::from_secs(2),
    max_wait: Duration::from_secs(60),
    lock_after: Some(30),
};
/// Per name, over all clients: guesses spread over many addresses slow down the name, but
/// only for clients that have failed themselves; the name is never locked.
pub const NAME_BACKOFF: Backoff = Backoff {
    free: 10,
    first_wait: Duration::from_secs(1),
    max_wait: Duration::from_secs(30),
    lock_after: None,
};
/// How many password checks (about 19 MB of memory each) run at once.
pub const CONCURRENT_CHECKS: usize = 2;
/// Names longer than any valid one are counted under one key, so the table stays small.
const MAX_NAME_KEY: usize = 40;

/// Dashboard login attempts. Guessing is slowed per (name, client) and per client with
/// growing waits ([`PAIR_BACKOFF`], [`CLIENT_BACKOFF`]) until the guessing client is locked
/// out, and per name ([`NAME_BACKOFF`]) for clients that have failed; a client with no
/// failures of its own is never refused, so guessing cannot lock an officer out.
///
/// The failures are counted in the store ([`HubStore::count_login_failure`]), not in the
/// process: every hub process on one database (several behind a load balancer) counts the
/// same ones, so wrong passwords spread over the processes are slowed as if sent to one.
/// An attempt counts as a failure from the moment it starts (so a burst of simultaneous
/// guesses is counted, not raced: the store lets attempts on a shared key take turns) and is
/// taken back when the password proves right. Every failure is answered only after
/// `failure_delay`, and at most [`CONCURRENT_CHECKS`] password checks run at once per
/// process. Time is the hub's clock, so tests can stop it.
pub struct LoginThrottle {
    failure_delay: Duration,
    pub checks: tokio::sync::Semaphore,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle::with_failure_delay(Duration::from_secs(1))
    }
}

impl LoginThrottle {
    /// Failures answered after `failure_delay` instead of the default second.
    pub fn with_failure_delay(failure_delay: Duration) -> Self {
        LoginThrottle {
            failure_delay,
            checks: tokio::sync::Semaphore::new(CONCURRENT_CHECKS),
        }
    }

    pub fn failure_delay(&self) -> Duration {
        self.failure_delay
    }
}

/// The keys one login attempt is counted under in the store: the (name, client) pair, the
/// client, and the name, in that order.
#[derive(Debug, Clone)]
pub struct LoginAttempt {
    keys: [String; 3],
}

impl LoginAttempt {
    /// The attempt at `name` from `address`: the name without case or surrounding spaces
    /// (one key for every name longer than a valid one), the client as [`ClientKey`] counts it.
    pub fn new(name: &str, address: Option<IpAddr>) -> Self {
        let name = name.trim().to_lowercase();
        let name = if name.len() > MAX_NAME_KEY {
            "(terlalu panjang)".to_owned()
        } else {
            name
        };
        let client = ClientKey::of(address);
        LoginAttempt {
            keys: [
                format!("p {client} {name}"),
                format!("c {client}"),
                format!("n {name}"),
            ],
        }
    }

    /// Starts the attempt at `now`: refuses it with the time left when this client must still
    /// wait, otherwise counts it as a failure until [`LoginAttempt::succeeded`] says not.
    pub fn begin(
        &self,
        store: &dyn HubStore,
        now: OffsetDateTime,
    ) -> Result<Result<(), Duration>, Error> {
        let mut refused = None;
        let mut admit = |found: &[Option<Counted>]| {
            refused = wait_left(found, now);
            refused.is_none()
        };
        store.count_login_failure(&self.keys, now, now - FORGET_AFTER, &mut admit)?;
        Ok(refused.map_or(Ok(()), Err))
    }

    /// The attempt had a wrong password, answered at `now`: the waits run from then.
    pub fn failed(&self, store: &dyn HubStore, now: OffsetDateTime) -> Result<(), Error> {
        store.touch_login_failures(&self.keys, now)
    }

    /// The attempt had the right password: this client's failures on the name are cleared,
    /// and the client's and the name's counts give back this attempt.
    pub fn succeeded(&self, store: &dyn HubStore) -> Result<(), Error> {
        let [pair, client, name] = self.keys.clone();
        store.give_back_login_failures(&[pair], &[client, name])
    }
}

/// How long the attempt whose keys have `found` failures (pair, client, name) must still wait
/// at `now`, if at all.
fn wait_left(found: &[Option<Counted>], now: OffsetDateTime) -> Option<Duration> {
    let [pair, client, name] = [0, 1, 2].map(|i| found.get(i).copied().flatten());
    let guessing = pair.is_some() || client.is_some();
    let left = |backoff: Backoff, failures: Option<Counted>| {
        let f = failures?;
        let left = backoff.wait(f.count).saturating_sub(since(f.last, now));
        (!left.is_zero()).then_some(left)
    };
    [
        left(PAIR_BACKOFF, pair),
        left(CLIENT_BACKOFF, client),
        left(NAME_BACKOFF, name).filter(|_| guessing),
    ]
    .into_iter()
    .flatten()
    .max()
}

/// Per client: five wrong enrolment codes are free, then 2 s, 4 s ... up to a minute between
/// attempts, and after twenty the client is locked out for [`FORGET_AFTER`].
pub const ENROLMENT_BACKOFF: Backoff = Backoff {
    free: 5,
    first_wait: Duration::from_secs(2),
    max_wait: Duration::from_secs(60),
    lock_after: Some(20),
};

/// Enrolment attempts per client address. Codes are long enough that guessing one is
/// hopeless; this keeps a client from trying anyway, and keeps other clients' right codes
/// working. Counted as [`LoginThrottle`] counts logins.
pub struct EnrolmentThrottle {
    clients: Mutex<FailureTable<ClientKey>>,
}

impl Default for EnrolmentThrottle {
    fn default() -> Self {
        EnrolmentThrottle {
            clients: Mutex::new(FailureTable::new(ENROLMENT_BACKOFF)),
        }
    }
}

impl EnrolmentThrottle {
    fn lock(&self) -> std::sync::MutexGuard<'_, FailureTable<ClientKey>> {
        self.clients.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts an attempt at `now`, counted as a failure until given back; refused while the
    /// client must wait.
    pub fn begin(&self, address: Option<IpAddr>, now: OffsetDateTime) -> Result<(), Error> {
        let client = ClientKey::of(address);
        let mut clients = self.lock();
        clients.prune(now);
        if let Some(left) = clients.wait_left(&client, now) {
            return Err(Error::RateLimited {
                retry_after_secs: seconds(left),
            });
        }
        clients.add(client, now);
        Ok(())
    }

    /// The code was wrong, answered at `now`: the wait runs from then.
    pub fn failed(&self, address: Option<IpAddr>, now: OffsetDateTime) {
        self.lock().touch(&ClientKey::of(address), now);
    }

    /// The attempt was no guess (the code was right, or the hub failed): it does not count.
    pub fn give_back(&self, address: Option<IpAddr>) {
        self.lock().give_back(&ClientKey::of(address));
    }
}

/// The time from `then` to `now`; none when the clock went back.
fn since(then: OffsetDateTime, now: OffsetDateTime) -> Duration {
    Duration::try_from(now - then).unwrap_or(Duration::ZERO)
}

/// Whole seconds, rounded up, at least one: what `Retry-After` says.
pub fn seconds(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;
    use time::macros::datetime;

    const START: OffsetDateTime = datetime!(2026-11-26 02:00 UTC);

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

    fn client(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 9, 9, last]))
    }

    /// The login throttle over a store of its own, called as the login page calls it.
    struct Logins(SqliteStore);

    impl Logins {
        fn new() -> Self {
            let conn = crate::store::sqlite::open(std::path::Path::new(":memory:")).expect("db");
            Logins(SqliteStore::from_connection(conn))
        }

        fn begin(
            &self,
            name: &str,
            address: Option<IpAddr>,
            at: OffsetDateTime,
        ) -> Result<(), Duration> {
            LoginAttempt::new(name, address)
                .begin(&self.0, at)
                .expect("store")
        }

        fn failed(&self, name: &str, address: Option<IpAddr>, at: OffsetDateTime) {
            LoginAttempt::new(name, address)
                .failed(&self.0, at)
                .expect("store");
        }

        fn succeeded(&self, name: &str, address: Option<IpAddr>) {
            LoginAttempt::new(name, address)
                .succeeded(&self.0)
                .expect("store");
        }
    }

    /// One wrong password from `address` at `at`, which must be let through.
    fn fail(throttle: &Logins, name: &str, address: Option<IpAddr>, at: OffsetDateTime) {
        assert_eq!(
            throttle.begin(name, address, at),
            Ok(()),
            "{name} at {at:?}"
        );
        throttle.failed(name, address, at);
    }

    #[test]
    fn the_wait_after_each_wrong_password_doubles_then_locks_the_guessing_client() {
        let throttle = Logins::new();
        let guesser = client(66);
        let mut now = START;
        let mut waits = Vec::new();
        for _ in 0..PAIR_BACKOFF.lock_after.unwrap_or(0) {
            match throttle.begin("rina", guesser, now) {
                Ok(()) => waits.push(0),
                Err(left) => {
                    waits.push(left.as_secs());
                    let early = now + left - Duration::from_millis(1);
                    assert!(throttle.begin("rina", guesser, early).is_err());
                    now += left;
                    assert_eq!(throttle.begin("rina", guesser, now), Ok(()));
                }
            }
            throttle.failed("rina", guesser, now);
        }
        assert_eq!(waits, [0, 0, 0, 2, 4, 8, 16, 32, 60, 60]);
        // Locked out of the name, even with the right password, until it has rested.
        assert_eq!(throttle.begin("rina", guesser, now), Err(FORGET_AFTER));
        // Rina from a client that is not guessing gets in; so does another officer's name
        // from the guessing client, once its own short wait is over.
        assert_eq!(throttle.begin("rina", client(7), now), Ok(()));
        throttle.succeeded("rina", client(7));
        let later = now + CLIENT_BACKOFF.first_wait;
        assert_eq!(throttle.begin("budi", guesser, later), Ok(()));
        throttle.succeeded("budi", guesser);
        assert!(throttle
            .begin("rina", guesser, now + FORGET_AFTER - Duration::from_secs(1))
            .is_err());
        assert_eq!(throttle.begin("rina", guesser, now + FORGET_AFTER), Ok(()));
    }

    #[test]
    fn guesses_from_many_clients_slow_the_name_only_for_clients_that_failed() {
        let throttle = Logins::new();
        let now = START;
        for last in 0..NAME_BACKOFF.free + 5 {
            fail(&throttle, "rina", client(last as u8), now);
        }
        // A client with a failure of its own waits for the name...
        let waited = throttle.begin("rina", client(0), now).expect_err("slowed");
        assert_eq!(waited, NAME_BACKOFF.wait(NAME_BACKOFF.free + 5));
        // ... a client that has not guessed does not.
        assert_eq!(throttle.begin("rina", client(200), now), Ok(()));
        throttle.succeeded("rina", client(200));
    }

    #[test]
    fn a_client_guessing_many_names_is_locked_out_of_all_of_them() {
        let throttle = Logins::new();
        let guesser = client(66);
        let mut now = START;
        let mut i = 0;
        while i < CLIENT_BACKOFF.lock_after.unwrap_or(0) {
            match throttle.begin(&format!("nama{i}"), guesser, now) {
                Ok(()) => {
                    throttle.failed(&format!("nama{i}"), guesser, now);
                    i += 1;
                }
                Err(left) => now += left,
            }
        }
        assert_eq!(throttle.begin("rina", guesser, now), Err(FORGET_AFTER));
        assert_eq!(throttle.begin("rina", client(7), now), Ok(()));
    }

    #[test]
    fn a_right_password_gives_its_attempt_back() {
        let throttle = Logins::new();
        let address = Some(IpAddr::from([10, 0, 0, 8]));
        for _ in 0..CLIENT_BACKOFF.lock_after.unwrap_or(0) * 2 {
            assert_eq!(throttle.begin("rina", address, START), Ok(()));
            throttle.succeeded("rina", address);
        }
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_bit_prefix() {
        let throttle = EnrolmentThrottle::default();
        let now = START;
        for host in 0..ENROLMENT_BACKOFF.free {
            let address = Some(IpAddr::from([0x2001, 0xdb8, 0, 1, 0, 0, 0, host as u16]));
            assert!(throttle.begin(address, now).is_ok());
        }
        let next = Some(IpAddr::from([0x2001, 0xdb8, 0, 1, 9, 9, 9, 9]));
        assert!(matches!(
            throttle.begin(next, now),
            Err(Error::RateLimited {
                retry_after_secs: 2
            })
        ));
        let other = Some(IpAddr::from([0x2001, 0xdb8, 0, 2, 0, 0, 0, 1]));
        assert!(throttle.begin(other, now).is_ok());
    }

    #[test]
    fn the_enrolment_table_stays_bounded() {
        let throttle = EnrolmentThrottle::default();
        let now = START;
        for i in 0..MAX_KEYS + 50 {
            let octets = (i as u32 + 1).to_be_bytes();
            let _ = throttle.begin(Some(IpAddr::from(octets)), now);
        }
        assert!(throttle.lock().entries.len() <= MAX_KEYS);
    }
}
