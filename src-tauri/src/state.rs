//! What the window keeps between commands: the open store (or why it could not open).

use medsos_core::{Clock, ErrorPayload, Store, StoreOpenError, SystemClock};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

pub struct AppState {
    store: Mutex<Result<Store, StoreOpenError>>,
    pub clock: Arc<dyn Clock>,
    pub store_path: PathBuf,
}

impl AppState {
    pub fn open(data_dir: PathBuf) -> AppState {
        let store_path = data_dir.join(medsos_core::store::STORE_FILE_NAME);
        AppState {
            store: Mutex::new(Store::open(&store_path)),
            clock: Arc::new(SystemClock),
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
