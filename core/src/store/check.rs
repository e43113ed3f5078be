//! The quick check of a store, run after the window's first screen instead of before it.
//!
//! `PRAGMA quick_check` reads every page of the file; with SQLCipher each page is also
//! decrypted and its HMAC checked, which is seconds for a store of years. The window opens
//! the store without it ([`super::Store::open_protected_later`]) and runs it once the first
//! screen is painted. Until it has passed, writes are held:
//!
//! - a second connection holds the store's write lock (`BEGIN IMMEDIATE`), so reads go on
//!   (WAL) and no write can slip past;
//! - a write on the store's own connection meets that lock in its busy handler, which runs
//!   the check there and then if nobody has started it, or waits for the one running, and
//!   goes ahead the moment it has passed;
//! - a transaction that reads before it writes never reaches the busy handler (SQLite
//!   refuses such an upgrade at once rather than risk a deadlock), so a savepoint opened
//!   while a check of its store is unsettled runs or waits for that check first
//!   ([`settle_for`], called by `savepoint()`);
//! - a check that fails keeps the lock for as long as the store or the check is held, and
//!   the write is refused, so nothing is written to a damaged file.

use super::{check_integrity, StoreOpenError, BUSY_TIMEOUT};
use crate::keystore::StoreKey;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::Duration;

/// The deferred quick check of an open store, holding its writes until it passes.
/// Cloning gives another handle on the same check.
#[derive(Debug, Clone)]
pub struct PendingCheck {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    path: PathBuf,
    /// `path` resolved, to match a connection's file name against.
    canonical: PathBuf,
    state: Mutex<State>,
    settled: Condvar,
}

#[derive(Debug)]
enum State {
    /// Not started: the connection holding the write lock (when it could be taken).
    Waiting {
        conn: Connection,
        holding: bool,
        seal: bool,
    },
    Running,
    Passed,
    /// The lock stays held by `conn` until the last handle goes, or until it is let go
    /// ([`PendingCheck::release`]) when the store is replaced.
    Failed {
        conn: Option<Connection>,
        detail: String,
    },
}

/// Every check not yet settled in this process, for the busy handler (which SQLite calls
/// with no context of ours).
static UNSETTLED: Mutex<Vec<Weak<Shared>>> = Mutex::new(Vec::new());

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl PendingCheck {
    /// Nothing left to check: the store was checked while it was opened.
    fn done(path: &Path) -> PendingCheck {
        PendingCheck {
            shared: Arc::new(Shared {
                path: path.to_path_buf(),
                canonical: canonical(path),
                state: Mutex::new(State::Passed),
                settled: Condvar::new(),
            }),
        }
    }

    /// The check of a store just opened: nothing left when it was `checked` on the way in
    /// (a migration was due), otherwise held until it runs.
    pub(crate) fn after_open(
        store: &super::Store,
        checked: bool,
        key: Option<&StoreKey>,
    ) -> Result<PendingCheck, StoreOpenError> {
        if checked {
            Ok(PendingCheck::done(store.path()))
        } else {
            PendingCheck::hold(store, key)
        }
    }

    /// A second connection on `store`'s file that takes its write lock at once, and the
    /// store's own connection set to wait for the check when a write meets that lock.
    /// Should the lock be taken already (a command-line import running beside the window),
    /// the check still runs later, without holding writes. Without a second connection at
    /// all (file handles exhausted) the store is checked now, on its own connection.
    fn hold(store: &super::Store, key: Option<&StoreKey>) -> Result<PendingCheck, StoreOpenError> {
        let path = store.path().to_path_buf();
        let Ok(conn) = second_connection(&path, key) else {
            check_integrity(store.conn()).map_err(|detail| StoreOpenError::Damaged {
                path: path.clone(),
                detail,
            })?;
            return Ok(PendingCheck::done(&path));
        };
        let holding = conn.execute_batch("BEGIN IMMEDIATE").is_ok();
        let shared = Arc::new(Shared {
            canonical: canonical(&path),
            path,
            state: Mutex::new(State::Waiting {
                conn,
                holding,
                seal: false,
            }),
            settled: Condvar::new(),
        });
        {
            let mut unsettled = lock(&UNSETTLED);
            unsettled.retain(|w| w.strong_count() > 0);
            unsettled.push(Arc::downgrade(&shared));
        }
        store
            .conn()
            .busy_handler(Some(wait_for_check))
            .map_err(|e| StoreOpenError::classify(store.path(), e))?;
        Ok(PendingCheck { shared })
    }

    /// Whether the check has yet to run (or is running).
    pub fn is_pending(&self) -> bool {
        matches!(
            *lock(&self.shared.state),
            State::Waiting { .. } | State::Running
        )
    }

    /// Whether writes are held by this check (until it passes, or for good when it failed).
    pub fn holds_writes(&self) -> bool {
        match &*lock(&self.shared.state) {
            State::Waiting { holding, .. } => *holding,
            State::Running | State::Failed { .. } => true,
            State::Passed => false,
        }
    }

    /// The outcome, once the check has run.
    pub fn outcome(&self) -> Option<Result<(), StoreOpenError>> {
        match &*lock(&self.shared.state) {
            State::Passed => Some(Ok(())),
            State::Failed { detail, .. } => Some(Err(self.damaged(detail))),
            State::Waiting { .. } | State::Running => None,
        }
    }

    /// Whether `other` is a handle on this same check.
    pub fn is_same(&self, other: &PendingCheck) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared)
    }

    /// Lets go of the write lock a failed check keeps, for a store about to be replaced
    /// (a restore): the file is no longer written to by anyone, and the lock must not stay
    /// open on it while it is swapped.
    pub fn release(&self) {
        if let State::Failed { conn, .. } = &mut *lock(&self.shared.state) {
            conn.take();
        }
    }

    pub(crate) fn seal_screenshots_after(&mut self) {
        if let State::Waiting { seal, .. } = &mut *lock(&self.shared.state) {
            *seal = true;
        }
    }

    /// Runs the quick check, or waits for the run another thread started, and answers its
    /// outcome. When it passes the write lock is let go (the screenshots an earlier version
    /// kept plain are sealed first). When it fails, [`StoreOpenError::Damaged`] is answered
    /// and writes stay held while any handle on the check (or the store) is kept.
    pub fn run(&self) -> Result<(), StoreOpenError> {
        let mut state = lock(&self.shared.state);
        loop {
            match std::mem::replace(&mut *state, State::Running) {
                State::Waiting {
                    conn,
                    holding,
                    seal,
                } => {
                    drop(state);
                    let path = self.shared.path.clone();
                    // A panic inside must not leave the check running for ever (every
                    // later write and `run` would wait on it): it counts as a failure.
                    let settled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        settle(&path, conn, holding, seal)
                    }))
                    .unwrap_or_else(|_| State::Failed {
                        conn: None,
                        detail: "pemeriksaan data berhenti tak terduga".into(),
                    });
                    let mut state = lock(&self.shared.state);
                    *state = settled;
                    self.shared.settled.notify_all();
                    return match &*state {
                        State::Failed { detail, .. } => Err(self.damaged(detail)),
                        _ => Ok(()),
                    };
                }
                State::Running => {
                    state = self
                        .shared
                        .settled
                        .wait(state)
                        .unwrap_or_else(|e| e.into_inner());
                }
                settled => {
                    *state = settled;
                    return match &*state {
                        State::Failed { detail, .. } => Err(self.damaged(detail)),
                        _ => Ok(()),
                    };
                }
            }
        }
    }

    fn damaged(&self, detail: &str) -> StoreOpenError {
        StoreOpenError::Damaged {
            path: self.shared.path.clone(),
            detail: detail.to_string(),
        }
    }
}

/// The check itself, on the connection that holds the lock.
fn settle(path: &Path, conn: Connection, holding: bool, seal: bool) -> State {
    if let Err(detail) = check_integrity(&conn) {
        return State::Failed {
            conn: Some(conn),
            detail,
        };
    }
    if seal {
        seal_screenshots(&conn, path);
    }
    if holding && conn.execute_batch("COMMIT").is_err() {
        // Only the sealing wrote; a failed commit leaves the screenshots for next time.
        let _ = conn.execute_batch("ROLLBACK");
    }
    State::Passed
}

/// The busy handler of a store opened with its check deferred. A write that meets a lock
/// while a check is unsettled runs it (or waits for the run under way) and is then tried
/// again. Any other lock, including the one a failed check keeps, is waited for as
/// `busy_timeout` would, up to [`BUSY_TIMEOUT`], and the write then refused.
///
/// SQLite calls the handler with no context of ours, so it settles every unsettled check in
/// the process: the app has one store, and settling another store's check early is only
/// that check done sooner.
fn wait_for_check(attempt: i32) -> bool {
    let checks = live_checks();
    let pending: Vec<&PendingCheck> = checks.iter().filter(|c| c.is_pending()).collect();
    if !pending.is_empty() {
        for check in pending {
            // A failure leaves its lock held, and the retry meets it below.
            let _ = check.run();
        }
        return true;
    }
    // A failed check never lets go: refused at once, not after the whole timeout.
    if checks.iter().any(|c| matches!(c.outcome(), Some(Err(_)))) {
        return false;
    }
    const STEP: Duration = Duration::from_millis(20);
    std::thread::sleep(STEP);
    (attempt as u128 + 1) * STEP.as_millis() < BUSY_TIMEOUT.as_millis()
}

/// Every check of this process still held by someone.
fn live_checks() -> Vec<PendingCheck> {
    let mut unsettled = lock(&UNSETTLED);
    unsettled.retain(|w| w.strong_count() > 0);
    unsettled
        .iter()
        .filter_map(Weak::upgrade)
        .map(|shared| PendingCheck { shared })
        .collect()
}

/// Runs (or waits for) the unsettled check of the store `conn` is open on, if it has one:
/// called before a transaction opens on it, since a transaction that reads first and then
/// writes is refused the write lock without the busy handler being asked.
pub(crate) fn settle_for(conn: &Connection) {
    if lock(&UNSETTLED).is_empty() {
        return;
    }
    let Some(file) = conn.path().filter(|p| !p.is_empty()) else {
        return;
    };
    let file = canonical(Path::new(file));
    for check in live_checks() {
        if check.shared.canonical == file && check.is_pending() {
            let _ = check.run();
        }
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A connection of its own on the store at `path`, keyed like the first one.
fn second_connection(path: &Path, key: Option<&StoreKey>) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    if let Some(key) = key {
        conn.execute_batch(&key.sqlcipher_key_pragma())?;
    }
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // As the store's own connection: the sealing after the check writes on this one.
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(conn)
}

/// Seals complaint screenshots an earlier version kept plain. Not a reason to keep the admin
/// out: a screenshot that cannot be sealed now (a file held by another program) is sealed
/// the next time the store is opened.
pub(crate) fn seal_screenshots(conn: &Connection, store_path: &Path) {
    if let Err(e) =
        crate::media::seal_complaint_screenshots(conn, &crate::media::media_dir(store_path))
    {
        eprintln!("Tangkapan layar aduan belum semuanya dienkripsi ({e}); dicoba lagi saat data dibuka berikutnya.");
    }
}

/// Tests that open stores with a deferred check run one at a time: the busy handler settles
/// every unsettled check in the process, so a parallel test would settle another's check
/// under its assertions.
#[cfg(test)]
pub(crate) fn serial() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    lock(&SERIAL)
}
