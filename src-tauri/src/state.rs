//! What the window keeps between commands: the open store (or why it could not open).

use medsos_core::calendar::ReminderKind;
use medsos_core::{Clock, ErrorPayload, FixedClock, Store, StoreOpenError, SystemClock};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Debug builds only: an RFC 3339 instant the app's clock starts at and stays at, so the
/// end-to-end tests can make a reminder fall due (see `commands::calendar::debug_clock_set`).
pub const TEST_NOW_ENV: &str = "MEDSOS_TEST_NOW";

pub struct AppState {
    store: Mutex<Result<Store, StoreOpenError>>,
    pub clock: Arc<dyn Clock>,
    /// The same clock as `clock` when a debug build was started with `MEDSOS_TEST_NOW`.
    pub test_clock: Option<FixedClock>,
    /// Reminders already raised as desktop notifications in this run, so each pops up once.
    pub notified: Mutex<HashSet<(i64, ReminderKind)>>,
    pub store_path: PathBuf,
}

fn test_clock() -> Option<FixedClock> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let text = std::env::var(TEST_NOW_ENV).ok()?;
    match OffsetDateTime::parse(text.trim(), &Rfc3339) {
        Ok(at) => Some(FixedClock::new(at)),
        Err(error) => {
            eprintln!("{TEST_NOW_ENV} diabaikan ({text}): {error}");
            None
        }
    }
}

impl AppState {
    pub fn open(data_dir: PathBuf) -> AppState {
        let store_path = data_dir.join(medsos_core::store::STORE_FILE_NAME);
        let test_clock = test_clock();
        let clock: Arc<dyn Clock> = match &test_clock {
            Some(fixed) => Arc::new(fixed.clone()),
            None => Arc::new(SystemClock),
        };
        AppState {
            store: Mutex::new(Store::open(&store_path)),
            clock,
            test_clock,
            notified: Mutex::new(HashSet::new()),
            store_path,
        }
    }

    /// Tries the store again, after the admin moved a bad file away or freed a lock.
    pub fn reopen(&self) {
        let mut guard = self.lock();
        if guard.is_err() {
            *guard = Store::open(&self.store_path);
        }
    }

    /// Runs `f` with the open store, or answers with why there is none.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, ErrorPayload>,
    ) -> Result<T, ErrorPayload> {
        let mut guard = self.lock();
        match guard.as_mut() {
            Ok(store) => f(store),
            Err(open_error) => Err(open_error.payload()),
        }
    }

    /// Why the store is unavailable, if it is.
    pub fn open_error(&self) -> Option<ErrorPayload> {
        self.lock().as_ref().err().map(StoreOpenError::payload)
    }

    fn lock(&self) -> MutexGuard<'_, Result<Store, StoreOpenError>> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions),
        // so the store is still safe to use.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}
