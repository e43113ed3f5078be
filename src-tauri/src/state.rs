//! What the window keeps between commands: the open store (or why it could not open).

use medsos_core::calendar::ReminderKind;
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
}

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
    /// Starts opening the store on its own thread and returns at once: opening runs an
    /// integrity check that grows with the file (about 150 ms for a busy agency), and the
    /// WebView can load in that time. Commands wait for the store in [`Self::lock`].
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
        });
        let opener = Arc::clone(&slot);
        let path = store_path.clone();
        let spawned = std::thread::Builder::new()
            .name("buka-data".into())
            .spawn(move || fill(&opener, open_guarded(&path)));
        if spawned.is_err() {
            // No thread to be had: open here, slower but the same result.
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
        // Dropping the store closes its connection before the file is touched.
        drop(guard.take());
        let result = f(&self.store_path);
        *guard = Some(open_guarded(&self.store_path));
        result
    }

    /// Runs `f` with the open store, or answers with why there is none.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, ErrorPayload>,
    ) -> Result<T, ErrorPayload> {
        let mut guard = self.lock();
        match guard.as_mut() {
            Some(Ok(store)) => f(store),
            Some(Err(open_error)) => Err(open_error.payload()),
            None => Err(still_opening()),
        }
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

/// Opens the store ([`open_store_file`]); a panic inside becomes an error the window can
/// show, never a slot left empty for commands to wait on forever.
fn open_guarded(path: &std::path::Path) -> Result<Store, StoreOpenError> {
    std::panic::catch_unwind(|| open_store_file(path)).unwrap_or_else(|_| {
        Err(StoreOpenError::Other {
            path: path.to_path_buf(),
            detail: "kesalahan tak terduga saat membuka data".into(),
        })
    })
}

/// How the app opens its store, for the window and for a second connection (the backup
/// thread): a restore a crash cut short is finished first, then the store is opened
/// encrypted under the key the OS credential store keeps for it (a plain store, from an
/// earlier version or a restore, is encrypted in place first).
pub fn open_store_file(path: &std::path::Path) -> Result<Store, StoreOpenError> {
    if let Err(error) = medsos_core::backup::finish_interrupted(path) {
        return Err(StoreOpenError::Other {
            path: path.to_path_buf(),
            detail: error.to_string(),
        });
    }
    Store::open_protected(path)
}

/// Unreachable after `lock` returns; kept so no path panics.
fn still_opening() -> ErrorPayload {
    ErrorPayload {
        code: "store.opening".into(),
        message: "Data masih dibuka. Coba lagi sebentar.".into(),
    }
}
