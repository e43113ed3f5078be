//! What the window keeps between commands: the open store (or why it could not open).

use medsos_core::calendar::ReminderKind;
use medsos_core::store::PendingCheck;
#[cfg(debug_assertions)]
use medsos_core::FixedClock;
use medsos_core::{Clock, ErrorPayload, Store, StoreOpenError, SystemClock};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Debug builds only: an RFC 3339 instant the app's clock starts at and stays at, so the
/// end-to-end tests can make a reminder fall due (see `commands::calendar::debug_clock_set`).
/// Not compiled into release builds: neither the name nor the code that reads it.
#[cfg(debug_assertions)]
pub const TEST_NOW_ENV: &str = "MEDSOS_TEST_NOW";

/// The store as it becomes available: `None` while it is still being opened.
type Slot = Option<Result<Store, StoreOpenError>>;

/// Shared with the thread that opens the store, so the window can start meanwhile.
struct StoreSlot {
    store: Mutex<Slot>,
    ready: Condvar,
    /// The store's quick check, left for after the window's first screen; writes wait for
    /// it (see `medsos_core::store::PendingCheck`). `None` once it has passed, or when the
    /// store was checked as it opened.
    check: Mutex<Option<PendingCheck>>,
}

/// How long after the store opens the quick check starts on its own, when the window has
/// not asked for it (started hidden in the tray, say).
/// Short, because a command-line import beside the window waits for the check too (up to
/// SQLite's 5 s busy timeout).
const CHECK_FALLBACK: std::time::Duration = std::time::Duration::from_secs(3);

pub struct AppState {
    slot: Arc<StoreSlot>,
    pub clock: Arc<dyn Clock>,
    /// The same clock as `clock` when a debug build was started with `MEDSOS_TEST_NOW`.
    #[cfg(debug_assertions)]
    pub test_clock: Option<FixedClock>,
    /// Reminders already raised as desktop notifications in this run, so each pops up once.
    pub notified: Mutex<HashSet<(i64, ReminderKind)>>,
    /// Complaints whose "terlambat" notification was raised in this run.
    pub notified_overdue: Mutex<HashSet<(i64, String)>>,
    /// The spreadsheet picked for import, kept between the mapping, preview and commit
    /// steps so its bytes cross IPC never.
    pub import: Mutex<Option<(String, medsos_core::complaints::io::Table)>>,
    pub store_path: PathBuf,
    /// Held by a backup while it runs and by a restore while it swaps the store, so a backup
    /// never reads a store being replaced.
    pub backup_lock: Mutex<()>,
}

#[cfg(debug_assertions)]
fn test_clock() -> Option<FixedClock> {
    let text = std::env::var(TEST_NOW_ENV).ok()?;
    match medsos_rules::wib::parse_rfc3339(text.trim()) {
        Some(at) => Some(FixedClock::new(at)),
        None => {
            eprintln!("{TEST_NOW_ENV} diabaikan ({text}): bukan waktu RFC 3339");
            None
        }
    }
}

impl AppState {
    /// Starts opening the store on its own thread and returns at once, so the WebView loads
    /// meanwhile. Commands wait for the store in [`Self::lock`]. The store opens without its
    /// quick check (seconds for an encrypted store of years): the window asks for it after
    /// its first screen ([`Self::run_check`]), or this thread runs it after
    /// [`CHECK_FALLBACK`]; writes wait for it either way.
    pub fn open(data_dir: PathBuf) -> AppState {
        let store_path = data_dir.join(medsos_core::store::STORE_FILE_NAME);
        #[cfg(debug_assertions)]
        let test_clock = test_clock();
        #[cfg(debug_assertions)]
        let clock: Arc<dyn Clock> = match &test_clock {
            Some(fixed) => Arc::new(fixed.clone()),
            None => Arc::new(SystemClock),
        };
        // A release build always runs on the system clock.
        #[cfg(not(debug_assertions))]
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let slot = Arc::new(StoreSlot {
            store: Mutex::new(None),
            ready: Condvar::new(),
            check: Mutex::new(None),
        });
        let opener = Arc::clone(&slot);
        let path = store_path.clone();
        let spawned = std::thread::Builder::new()
            .name("buka-data".into())
            .spawn(move || {
                let (opened, check) = open_guarded_later(&path);
                crate::startup::mark("store-open");
                *lock_check(&opener) = check;
                fill(&opener, opened);
                std::thread::sleep(CHECK_FALLBACK);
                // A failure is kept in the slot; the window shows it at its next call.
                let _ = run_check(&opener);
            });
        if spawned.is_err() {
            // No thread to be had: open and check here, slower but the same result.
            fill(&slot, open_guarded(&store_path));
        }
        AppState {
            slot,
            clock,
            #[cfg(debug_assertions)]
            test_clock,
            notified: Mutex::new(HashSet::new()),
            notified_overdue: Mutex::new(HashSet::new()),
            import: Mutex::new(None),
            store_path,
            backup_lock: Mutex::new(()),
        }
    }

    /// Tries the store again, after the admin moved a bad file away or freed a lock.
    pub fn reopen(&self) {
        let mut guard = self.lock();
        if !matches!(*guard, Some(Ok(_))) {
            *guard = Some(open_guarded(&self.store_path));
        }
    }

    /// Closes the store, runs `f` on its path (a restore's swap), and opens what is there
    /// after, whether `f` succeeded or not.
    pub fn replace_store<T>(
        &self,
        f: impl FnOnce(&std::path::Path) -> Result<T, ErrorPayload>,
    ) -> Result<T, ErrorPayload> {
        let mut guard = self.lock();
        // The check's own connection must be closed before the file is touched: it is run
        // (or waited for) first, which the store being replaced is owed anyway, and the
        // lock a failed one keeps is let go. Taken under the store's lock, so a store still
        // opening has put its check in place by now.
        let taken = lock_check(&self.slot).take();
        if let Some(check) = taken {
            let _ = check.run();
            check.release();
        }
        // Dropping the store closes its connection before the file is touched.
        drop(guard.take());
        let result = f(&self.store_path);
        *guard = Some(open_guarded(&self.store_path));
        result
    }

    /// Runs the store's deferred quick check, or waits for the run under way, and answers
    /// its outcome. A store that fails it is put away: the window then shows why, as it
    /// does for a store that could not be opened.
    pub fn run_check(&self) -> Result<(), ErrorPayload> {
        run_check(&self.slot)
    }

    /// Waits until the store is open and its quick check has settled (at most a minute), so
    /// that a background thread's first write does not run the check ahead of the window's
    /// first screen, holding the store while it runs.
    pub fn wait_checked(&self) {
        drop(self.lock());
        for _ in 0..600 {
            if self.store_checked() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    /// Whether the store's quick check has settled (passed, failed, or was never deferred).
    /// While it is pending, a write waits for it: up to seconds on a large store.
    pub fn store_checked(&self) -> bool {
        !lock_check(&self.slot)
            .as_ref()
            .is_some_and(PendingCheck::is_pending)
    }

    /// Runs `f` with the open store, or answers with why there is none.
    #[track_caller]
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, ErrorPayload>,
    ) -> Result<T, ErrorPayload> {
        let _timed = crate::startup::StoreUse::begin(std::panic::Location::caller());
        let mut guard = self.lock();
        let _timed = _timed.map(crate::startup::StoreUse::locked);
        let result = match guard.as_mut() {
            Some(Ok(store)) => f(store),
            Some(Err(open_error)) => return Err(open_error.payload()),
            None => return Err(still_opening()),
        };
        // A write that met a failed check was refused; the store is put away now.
        if result.is_err() {
            if let Some(damaged) = failed_check(&self.slot) {
                let payload = damaged.payload();
                *guard = Some(Err(damaged));
                return Err(payload);
            }
        }
        result
    }

    /// Why the store is unavailable, if it is.
    pub fn open_error(&self) -> Option<ErrorPayload> {
        match &*self.lock() {
            Some(Ok(_)) => None,
            Some(Err(open_error)) => Some(open_error.payload()),
            None => Some(still_opening()),
        }
    }

    /// Waits until the store has been opened (or failed to open), then holds it.
    fn lock(&self) -> MutexGuard<'_, Slot> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions),
        // so the store is still safe to use.
        let mut guard = self.slot.store.lock().unwrap_or_else(|e| e.into_inner());
        while guard.is_none() {
            guard = self
                .slot
                .ready
                .wait(guard)
                .unwrap_or_else(|e| e.into_inner());
        }
        guard
    }
}

fn fill(slot: &StoreSlot, result: Result<Store, StoreOpenError>) {
    *slot.store.lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
    slot.ready.notify_all();
}

fn lock_check(slot: &StoreSlot) -> MutexGuard<'_, Option<PendingCheck>> {
    slot.check.lock().unwrap_or_else(|e| e.into_inner())
}

/// See [`AppState::run_check`].
fn run_check(slot: &StoreSlot) -> Result<(), ErrorPayload> {
    let Some(check) = lock_check(slot).clone() else {
        // Settled already, by a write that met it, say: a failure put the store away.
        return match &*slot.store.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(Err(error)) => Err(error.payload()),
            _ => Ok(()),
        };
    };
    let outcome = check.run();
    crate::startup::mark("store-checked");
    match outcome {
        Ok(()) => {
            lock_check(slot).take();
            Ok(())
        }
        Err(damaged) => {
            let payload = damaged.payload();
            let mut store = slot.store.lock().unwrap_or_else(|e| e.into_inner());
            let mut current = lock_check(slot);
            if current.as_ref().is_some_and(|c| c.is_same(&check)) {
                // The store checked is still the one open: put away, and with it (the last
                // handle) the lock the failed check kept.
                current.take();
                *store = Some(Err(damaged));
                return Err(payload);
            }
            // Settled meanwhile: put away by a write that met the failure, or replaced by
            // a restore (whose store was checked as it opened). Say what is there now.
            match &*store {
                Some(Err(error)) => Err(error.payload()),
                _ => Ok(()),
            }
        }
    }
}

/// The failure of the store's check, when it has failed.
fn failed_check(slot: &StoreSlot) -> Option<StoreOpenError> {
    let check = lock_check(slot).clone()?;
    let Some(Err(damaged)) = check.outcome() else {
        return None;
    };
    lock_check(slot).take();
    Some(damaged)
}

/// Opens the store ([`open_store_file`]); a panic inside becomes an error the window can
/// show, never a slot left empty for commands to wait on forever.
fn open_guarded(path: &std::path::Path) -> Result<Store, StoreOpenError> {
    guarded(path, || open_store_file(path))
}

/// [`open_guarded`] for the window: the quick check left for later.
fn open_guarded_later(
    path: &std::path::Path,
) -> (Result<Store, StoreOpenError>, Option<PendingCheck>) {
    let opened = guarded(path, || {
        finish_interrupted(path)?;
        Store::open_protected_later(path)
    });
    match opened {
        Ok((store, check)) => (Ok(store), check.is_pending().then_some(check)),
        Err(error) => (Err(error), None),
    }
}

/// Runs `open`, a panic inside becoming an error about `path`.
fn guarded<T>(
    path: &std::path::Path,
    open: impl FnOnce() -> Result<T, StoreOpenError>,
) -> Result<T, StoreOpenError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(open)).unwrap_or_else(|_| {
        Err(StoreOpenError::Other {
            path: path.to_path_buf(),
            detail: "kesalahan tak terduga saat membuka data".into(),
        })
    })
}

/// Completes a restore a crash cut short, before the store is opened.
fn finish_interrupted(path: &std::path::Path) -> Result<(), StoreOpenError> {
    medsos_core::backup::finish_interrupted(path)
        .map(|_| ())
        .map_err(|error| StoreOpenError::Other {
            path: path.to_path_buf(),
            detail: error.to_string(),
        })
}

/// How the app opens its store with its quick check, for a second connection (the backup
/// thread) and after a restore: a restore a crash cut short is finished first, then the
/// store is opened encrypted under the key the OS credential store keeps for it (a plain
/// store, from an earlier version or a restore, is encrypted in place first).
pub fn open_store_file(path: &std::path::Path) -> Result<Store, StoreOpenError> {
    finish_interrupted(path)?;
    Store::open_protected(path)
}

/// Unreachable after `lock` returns; kept so no path panics.
fn still_opening() -> ErrorPayload {
    ErrorPayload {
        code: "store.opening".into(),
        message: "Data masih dibuka. Coba lagi sebentar.".into(),
    }
}
