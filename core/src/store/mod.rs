//! The agency's local SQLite store: one file per agency PC.
//!
//! Opening is careful by design: a file that is not ours, is damaged, or was written by a
//! newer app is reported and left exactly as it was, never "repaired" by overwriting.
//!
//! Core opens a transaction one way: `savepoint()` (tests may still open a rusqlite
//! transaction, to stand for a caller that already holds one). A savepoint works on a shared
//! `&Connection`, which is what functions take; on its own it is a transaction like
//! rusqlite's, and under a caller that already holds one (an import of a whole file, a
//! test) it nests instead of failing the way a second `BEGIN` does, so one function serves
//! both. Its `finish` also closes the transaction when the commit itself is refused, and
//! dropping it unfinished rolls back, as rusqlite's transaction does.

mod check;
mod encrypt;
mod migrations;
mod open_error;
mod savepoint;

pub use check::PendingCheck;
pub use encrypt::{encrypt_plain_store, file_kind, FileKind, ENCRYPTING_SUFFIX};
pub use migrations::{migrations, LATEST_VERSION};
pub use open_error::StoreOpenError;
pub(crate) use savepoint::savepoint;

use crate::keystore::{self, KeystoreError, StoreKey};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file name of the store inside the data folder.
pub const STORE_FILE_NAME: &str = "medsos-pd.sqlite3";

/// How long a write waits for another connection (a second window, a command-line import)
/// before it gives up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite's page cache of an encrypted store, in KiB (as a negative `cache_size`).
const ENCRYPTED_CACHE_KIB: i64 = -32_768;

/// An open, migrated store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// `medsos-pd.sqlite3` + `-wal`: the files SQLite keeps beside the store.
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

impl Store {
    /// Creates the plain (unencrypted) store at `path` when absent, or opens and migrates
    /// the one there. For tests and tools; the app and its command line use
    /// [`Store::open_protected`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreOpenError> {
        Store::open_inner(path.as_ref(), None, false).map(|(store, _)| store)
    }

    /// [`Store::open`] with the quick check left for later, as
    /// [`Store::open_encrypted_later`] does.
    pub fn open_later(path: impl AsRef<Path>) -> Result<(Store, PendingCheck), StoreOpenError> {
        let (store, checked) = Store::open_inner(path.as_ref(), None, true)?;
        let check = PendingCheck::after_open(&store, checked, None)?;
        Ok((store, check))
    }

    /// Creates the store at `path` encrypted with `key` when absent, or opens and migrates
    /// the encrypted one there. A plain store, or one under another key, is refused
    /// ([`StoreOpenError::WrongKey`]) and left as it is.
    pub fn open_encrypted(path: impl AsRef<Path>, key: &StoreKey) -> Result<Store, StoreOpenError> {
        let (store, _) = Store::open_inner(path.as_ref(), Some(key), false)?;
        crate::media::register_key(&crate::media::media_dir(&store.path), key.media_key());
        Ok(store)
    }

    /// [`Store::open_encrypted`] with the quick check left for later: the store is open
    /// for reading at once, and its writes are held by the returned [`PendingCheck`] until
    /// [`PendingCheck::run`] has passed. Reading every page of a store of years is seconds
    /// with SQLCipher's decryption; the window shows its first screen meanwhile.
    ///
    /// A store that needs a migration is checked now, before the migration writes to it,
    /// and the returned check has nothing left to do.
    pub fn open_encrypted_later(
        path: impl AsRef<Path>,
        key: &StoreKey,
    ) -> Result<(Store, PendingCheck), StoreOpenError> {
        let (store, checked) = Store::open_inner(path.as_ref(), Some(key), true)?;
        crate::media::register_key(&crate::media::media_dir(&store.path), key.media_key());
        let check = PendingCheck::after_open(&store, checked, Some(key))?;
        Ok((store, check))
    }

    /// The agency store as the app and its command line open it: encrypted, under the key
    /// the OS credential store keeps for this file.
    ///
    /// - No file yet: a new key is made and kept (or the kept one reused), the store is
    ///   created encrypted.
    /// - A plain store from an earlier version: a key is made and kept, the store is
    ///   encrypted in place ([`encrypt_plain_store`]: nothing is lost, a crash leaves
    ///   either the old or the new file), then opened.
    /// - An encrypted store with no key kept for it (copied from another user or PC, or
    ///   the credential store was reset): [`StoreOpenError::KeyMissing`]. Nothing is
    ///   created over it; it is restored from a backup.
    pub fn open_protected(path: impl AsRef<Path>) -> Result<Store, StoreOpenError> {
        let path = path.as_ref();
        let key = Store::protected_key(path)?;
        let store = Store::open_encrypted(path, &key)?;
        check::seal_screenshots(store.conn(), path);
        Ok(store)
    }

    /// The key of the store at `path` as [`Store::open_protected`] finds or makes it (a
    /// plain store is encrypted in place on the way).
    fn protected_key(path: &Path) -> Result<StoreKey, StoreOpenError> {
        let path = path.to_path_buf();
        // The folder first: the key's entry is named by the canonical path, which needs it.
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::private_files::create_private_dir(parent).map_err(|source| {
                StoreOpenError::Io {
                    path: parent.to_path_buf(),
                    source,
                }
            })?;
        }
        let kind = file_kind(&path).map_err(|source| StoreOpenError::Io {
            path: path.clone(),
            source,
        })?;
        if kind == FileKind::NotADatabase {
            return Err(StoreOpenError::NotADatabase { path });
        }
        let kept = keystore::load_store_key(&path).map_err(|e| keystore_error(&path, e))?;
        let key = match (kind, kept) {
            (FileKind::Encrypted, None) => return Err(StoreOpenError::KeyMissing { path }),
            (_, Some(key)) => key,
            (FileKind::Absent | FileKind::Plain | FileKind::NotADatabase, None) => {
                let key = StoreKey::generate();
                keystore::save_store_key(&path, &key).map_err(|e| keystore_error(&path, e))?;
                key
            }
        };
        if kind == FileKind::Plain {
            encrypt_plain_store(&path, &key)?;
        }
        Ok(key)
    }

    /// [`Store::open_protected`] with the quick check left for later, as
    /// [`Store::open_encrypted_later`] does: what the window opens, so that its first
    /// screen does not wait for every page of the file to be read. The one-time sealing of
    /// screenshots kept by an earlier version is a write, so it runs after the check.
    pub fn open_protected_later(
        path: impl AsRef<Path>,
    ) -> Result<(Store, PendingCheck), StoreOpenError> {
        let path = path.as_ref();
        let key = Store::protected_key(path)?;
        let (store, mut check) = Store::open_encrypted_later(path, &key)?;
        if check.is_pending() {
            check.seal_screenshots_after();
        } else {
            check::seal_screenshots(store.conn(), path);
        }
        Ok((store, check))
    }

    /// Opens, checks and migrates; with `defer_check` the quick check is skipped unless a
    /// migration is due. Answers whether the check ran.
    fn open_inner(
        path: &Path,
        key: Option<&StoreKey>,
        defer_check: bool,
    ) -> Result<(Store, bool), StoreOpenError> {
        let path = path.to_path_buf();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::private_files::create_private_dir(parent).map_err(|source| {
                StoreOpenError::Io {
                    path: parent.to_path_buf(),
                    source,
                }
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&path, flags)
            .map_err(|e| StoreOpenError::classify(&path, e))?;
        // The key must be the very first statement: SQLCipher reads nothing before it.
        if let Some(key) = key {
            conn.execute_batch(&key.sqlcipher_key_pragma())
                .map_err(|e| StoreOpenError::classify(&path, e))?;
        }
        let classify = |e: rusqlite::Error| match (key, e.sqlite_error_code()) {
            (Some(_), Some(rusqlite::ErrorCode::NotADatabase)) => {
                StoreOpenError::WrongKey { path: path.clone() }
            }
            _ => StoreOpenError::classify(&path, e),
        };
        // Before anything is written: SQLite gives the -wal and -shm files the mode of the
        // store itself, so they are the user's alone too.
        for file in [path.clone(), sidecar(&path, "-wal"), sidecar(&path, "-shm")] {
            crate::private_files::restrict_file(&file).map_err(|source| StoreOpenError::Io {
                path: file.clone(),
                source,
            })?;
        }
        // Photos and screenshots kept by an earlier version: the folder closes them all.
        let media = crate::media::media_dir(&path);
        if media.is_dir() {
            crate::private_files::create_private_dir(&media).map_err(|source| {
                StoreOpenError::Io {
                    path: media.clone(),
                    source,
                }
            })?;
        }
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| StoreOpenError::classify(&path, e))?;

        // Everything below until the migration only reads, so a foreign or newer file is
        // rejected before a single byte of it changes.
        let found: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(classify)?;
        if found > LATEST_VERSION as i64 {
            return Err(StoreOpenError::TooNew {
                path,
                found,
                supported: LATEST_VERSION,
            });
        }
        // A migration writes, so a store about to be migrated is checked first either way.
        let check_now = !defer_check || (found > 0 && found < LATEST_VERSION as i64);
        if check_now {
            check_integrity(&conn).map_err(|detail| StoreOpenError::Damaged {
                path: path.clone(),
                detail,
            })?;
        }
        if found > 0 {
            ensure_is_ours(&conn).map_err(|detail| StoreOpenError::NotOurs {
                path: path.clone(),
                detail,
            })?;
        } else if has_foreign_tables(&conn).map_err(|e| StoreOpenError::classify(&path, e))? {
            return Err(StoreOpenError::NotOurs {
                path,
                detail: "berisi tabel yang bukan milik Medsos PD".into(),
            });
        }

        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| StoreOpenError::classify(&path, e))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| StoreOpenError::classify(&path, e))?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(|e| StoreOpenError::classify(&path, e))?;
        if key.is_some() {
            // SQLCipher decrypts and authenticates a page each time it comes into SQLite's
            // own cache, so the cache is what keeps a search's index pages from being
            // decrypted again on the next keystroke: 32 MiB instead of SQLite's 2 MiB.
            conn.pragma_update(None, "cache_size", ENCRYPTED_CACHE_KIB)
                .map_err(|e| StoreOpenError::classify(&path, e))?;
        }
        if found > 0 && found < LATEST_VERSION as i64 {
            crate::backup::before_migration(&conn, &path, found);
        }
        migrations()
            .to_latest(&mut conn)
            .map_err(|e| StoreOpenError::Migration {
                path: path.clone(),
                detail: e.to_string(),
            })?;
        Ok((Store { conn, path }, check_now))
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version the file is at (always [`LATEST_VERSION`] once open).
    pub fn schema_version(&self) -> rusqlite::Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
    }
}

fn keystore_error(path: &Path, error: KeystoreError) -> StoreOpenError {
    StoreOpenError::KeystoreUnavailable {
        path: path.to_path_buf(),
        detail: error.to_string(),
    }
}

/// Runs SQLite's quick check; its cost grows with the file, tens of ms for a busy agency.
fn check_integrity(conn: &Connection) -> Result<(), String> {
    let mut stmt = conn
        .prepare("PRAGMA quick_check(5)")
        .map_err(|e| e.to_string())?;
    let problems: Vec<String> = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(|e| e.to_string())?
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    if problems.len() == 1 && problems[0] == "ok" {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// A file with a schema version must carry our tables; a stranger's database that happens
/// to set `user_version` is not migrated on top of.
fn ensure_is_ours(conn: &Connection) -> Result<(), String> {
    let has_profile: bool = conn
        .query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'agency_profile')",
            [],
            |row| row.get(0),
        )
        .map_err(|e| e.to_string())?;
    if has_profile {
        Ok(())
    } else {
        Err("tidak memiliki tabel profil instansi".into())
    }
}

/// A version-0 file is new only if it has no tables at all.
fn has_foreign_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'table')",
        [],
        |row| row.get(0),
    )
}

#[cfg(test)]
mod check_tests;
#[cfg(test)]
mod encrypt_tests;
#[cfg(test)]
mod tests;
