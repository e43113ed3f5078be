//! One computation of an overview for everyone asking the same question at once: requests for
//! the same scope and period that arrive while it is being computed wait for it and share its
//! answer, instead of each summing the period again. Nothing is kept once it is answered: a
//! request that comes after a computation finished starts a fresh one, so a write made
//! through another hub process, or from the command line, shows on the next load as before;
//! a request that joins a computation under way gets figures read at most that computation's
//! time before it arrived.
//!
//! Two hundred officers opening the same region's overview at once cost one sum of the
//! period each time the last one finishes, not two hundred.

use crate::error::Error;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::OnceCell;

/// What identifies one overview: the scope as stored, the period's kind and days.
pub type Key = (String, &'static str, time::Date, time::Date);

type Answer<T> = Result<Arc<T>, Arc<Error>>;

/// The overviews being computed, by question.
pub struct InFlight<T> {
    running: Mutex<HashMap<Key, Arc<OnceCell<Answer<T>>>>>,
}

impl<T> Default for InFlight<T> {
    fn default() -> Self {
        InFlight {
            running: Mutex::default(),
        }
    }
}

impl<T> InFlight<T> {
    /// The answer of the computation under way for `key`, or of `compute` started now.
    pub async fn overview<F, Fut>(&self, key: Key, compute: F) -> Result<Arc<T>, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let cell = {
            let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(running.entry(key.clone()).or_default())
        };
        let answer = cell
            .get_or_init(|| async {
                let answer = compute().await.map(Arc::new).map_err(Arc::new);
                // Answered: the next request asks again.
                let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
                if running.get(&key).is_some_and(|c| Arc::ptr_eq(c, &cell)) {
                    running.remove(&key);
                }
                answer
            })
            .await
            .clone();
        answer.map_err(|e| match &*e {
            // Unavailable stays unavailable (503) for everyone who waited.
            Error::StoreUnavailable(detail) => Error::StoreUnavailable(detail.clone()),
            other => Error::Store(other.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::{DashboardSettings, Overview, Period};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use time::macros::date;

    fn overview() -> Overview {
        Overview {
            period: Period::month_of(date!(2026 - 11 - 26)),
            today: date!(2026 - 11 - 26),
            settings: DashboardSettings::default(),
            rows: Vec::new(),
            bucket_days: 1,
        }
    }

    fn key() -> Key {
        (
            "all".to_owned(),
            "bulan",
            date!(2026 - 11 - 01),
            date!(2026 - 11 - 30),
        )
    }

    #[tokio::test]
    async fn requests_at_once_share_one_computation_and_a_later_one_computes_again() {
        let flight = InFlight::<Overview>::default();
        let runs = AtomicUsize::new(0);
        let (release, wait) = tokio::sync::watch::channel(false);
        let compute = || {
            let mut wait = wait.clone();
            let runs = &runs;
            async move {
                runs.fetch_add(1, Ordering::SeqCst);
                // Held until every request has joined.
                let _ = wait.wait_for(|go| *go).await;
                Ok(overview())
            }
        };
        let answers = async {
            tokio::join!(
                flight.overview(key(), compute),
                flight.overview(key(), compute),
                flight.overview(key(), compute),
            )
        };
        let go = async {
            tokio::task::yield_now().await;
            release.send(true).expect("sent");
        };
        let ((a, b, c), ()) = tokio::join!(answers, go);
        assert!(a.is_ok() && b.is_ok() && c.is_ok());
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "one computation for three requests"
        );
        flight
            .overview(key(), compute)
            .await
            .expect("answered again");
        assert_eq!(
            runs.load(Ordering::SeqCst),
            2,
            "nothing is kept once answered"
        );
    }

    #[tokio::test]
    async fn an_unavailable_store_is_unavailable_for_everyone_waiting() {
        let flight = InFlight::<Overview>::default();
        let failed = flight
            .overview(key(), || async {
                Err::<Overview, _>(Error::StoreUnavailable("mati".to_owned()))
            })
            .await
            .expect_err("unavailable");
        assert!(matches!(failed, Error::StoreUnavailable(_)));
        assert!(flight.running.lock().expect("lock").is_empty());
    }
}
