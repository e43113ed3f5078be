//! A token bucket: a budget of requests refilled continuously, with a burst of a whole
//! minute's budget. The API's limit per enrolled PC (`rate_limit`) and the public registry's
//! limit per client (`public_limit`) keep one per key.

use std::time::Instant;

/// One key's bucket; `per_minute` is both its size and its refill a minute.
pub struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl Bucket {
    /// A full bucket as of `now`.
    pub fn full(per_minute: f64, now: Instant) -> Self {
        Bucket {
            tokens: per_minute,
            updated: now,
        }
    }

    /// The tokens held at `now`: those left at the last take, refilled since, at most a
    /// bucketful.
    fn tokens_at(&self, per_minute: f64, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        (self.tokens + elapsed * (per_minute / 60.0)).min(per_minute)
    }

    /// Whether the bucket is full again at `now`: a table may forget it, since a new one for
    /// the same key would be the same.
    pub fn is_full_at(&self, per_minute: f64, now: Instant) -> bool {
        self.tokens_at(per_minute, now) >= per_minute
    }

    /// Takes one token at `now`, or says in whole seconds (at least one) when there will be
    /// one.
    pub fn take(&mut self, per_minute: f64, now: Instant) -> Result<(), u64> {
        self.tokens = self.tokens_at(per_minute, now);
        self.updated = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Ok(());
        }
        // At most 60 s / per_minute, so the cast cannot overflow.
        let wait = ((1.0 - self.tokens) / (per_minute / 60.0)).ceil() as u64;
        Err(wait.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_bucket_gives_a_burst_then_refills_continuously() {
        let start = Instant::now();
        let mut bucket = Bucket::full(60.0, start);
        assert!(bucket.is_full_at(60.0, start));
        for _ in 0..60 {
            assert_eq!(bucket.take(60.0, start), Ok(()));
        }
        assert_eq!(bucket.take(60.0, start), Err(1));
        assert!(!bucket.is_full_at(60.0, start + Duration::from_secs(59)));
        assert_eq!(
            bucket.take(60.0, start + Duration::from_millis(1000)),
            Ok(())
        );
        assert!(bucket.is_full_at(60.0, start + Duration::from_secs(61)));
    }

    #[test]
    fn the_wait_is_rounded_up_to_whole_seconds() {
        let start = Instant::now();
        let mut bucket = Bucket::full(6.0, start);
        for _ in 0..6 {
            assert_eq!(bucket.take(6.0, start), Ok(()));
        }
        // One token every 10 s.
        assert_eq!(bucket.take(6.0, start), Err(10));
        assert_eq!(
            bucket.take(6.0, start + Duration::from_millis(500)),
            Err(10)
        );
        assert_eq!(bucket.take(6.0, start + Duration::from_secs(10)), Ok(()));
    }
}
