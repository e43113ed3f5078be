//! Backups of the agency's store and `media/`: made every day the app is open and before
//! every migration or update, verified after writing, pruned to 14 daily and 12 monthly, and
//! encrypted under a recovery phrase the admin writes down once. A restore puts a backup in
//! place of the current store without ever overwriting it: the current store is set aside,
//! the backup is opened and checked first, and the store file is swapped by one rename.
//!
//! What a backup never holds: the hub credentials (a file beside the store, and the OS
//! credential store) and the phrase's key itself.

mod create;
mod format;
mod phrase;
mod restore;
mod retention;

#[cfg(test)]
mod tests;

pub use create::{create, BackupReport};
pub use format::{BackupCounts, BackupReason, Header, EXTENSION};
pub use phrase::{PhraseKey, RecoveryPhrase};
pub use restore::{
    finish_interrupted, inspect, prepare, restore, swap, PreparedRestore, RestoreReport,
};
pub use retention::{prune, Kept};

use crate::clock::{from_stored, to_stored, Clock};
use crate::error::{Error, Result};
use crate::settings::{get_value, set_value};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// Why a backup step was refused; `backup.<as_str>` is the error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupProblem {
    /// No recovery phrase set yet, or a typed phrase that is malformed.
    Phrase,
    /// The phrase typed is not the one the backup was made with.
    WrongPhrase,
    /// Changed, cut short, or fails its checks.
    Damaged,
    /// Not a Medsos PD backup.
    Foreign,
    /// Made by a newer app (format or schema).
    TooNew,
    /// Made by another agency.
    OtherAgency,
    /// The destination disk is full.
    DiskFull,
    /// The chosen folder is gone (a USB drive unplugged, a share offline) or is not a folder.
    FolderMissing,
    /// Any other read or write failure.
    Io,
}

impl BackupProblem {
    pub fn as_str(self) -> &'static str {
        match self {
            BackupProblem::Phrase => "phrase",
            BackupProblem::WrongPhrase => "wrong_phrase",
            BackupProblem::Damaged => "damaged",
            BackupProblem::Foreign => "foreign",
            BackupProblem::TooNew => "too_new",
            BackupProblem::OtherAgency => "other_agency",
            BackupProblem::DiskFull => "disk_full",
            BackupProblem::FolderMissing => "folder_missing",
            BackupProblem::Io => "io",
        }
    }
}

pub(crate) fn problem(problem: BackupProblem, message: impl Into<String>) -> Error {
    Error::Backup {
        problem,
        message: message.into(),
    }
}

/// An I/O failure while writing to or reading from `place`, named the way an admin sees it.
pub(crate) fn io_problem(place: &Path, e: &std::io::Error, writing: bool) -> Error {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => problem(
            BackupProblem::DiskFull,
            format!(
                "Disk tujuan cadangan penuh ({}). Kosongkan ruang atau pilih folder lain; \
                 data di PC ini tidak berubah.",
                place.display()
            ),
        ),
        ErrorKind::NotFound if writing => problem(
            BackupProblem::FolderMissing,
            format!(
                "Folder cadangan {} tidak ada lagi (flashdisk dicabut atau folder jaringan \
                 terputus?). Pasang kembali atau pilih folder lain; data di PC ini tidak berubah.",
                place.display()
            ),
        ),
        _ => problem(
            BackupProblem::Io,
            format!(
                "Gagal {} {}: {e}",
                if writing { "menulis ke" } else { "membaca" },
                place.display()
            ),
        ),
    }
}

/// Settings keys. The phrase's key is removed from every backup's copy of the store.
pub(crate) const DIR_KEY: &str = "backup.dir";
pub(crate) const PHRASE_KEY: &str = "backup.phrase";
pub(crate) const LAST_GOOD_KEY: &str = "backup.last_good";
const LAST_FAILURE_KEY: &str = "backup.last_failure";
pub(crate) const RESTORED_KEY: &str = "backup.restored";
/// Beranda warns when the last good backup is older than this.
pub const STALE_AFTER_DAYS: i64 = 3;

/// The folder backups go to when the admin has not chosen one: beside the store.
pub fn default_dir(store_path: &Path) -> PathBuf {
    store_path
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join("cadangan")
}

/// The chosen folder, or the default.
pub fn dir(conn: &Connection, store_path: &Path) -> Result<PathBuf> {
    Ok(get_value(conn, DIR_KEY)?
        .map(PathBuf::from)
        .unwrap_or_else(|| default_dir(store_path)))
}

/// Chooses the folder (`None`: back to the default). The folder must exist and take a file:
/// a drive letter or mount point that is not there now is refused rather than created.
pub fn set_dir(conn: &Connection, folder: Option<&Path>) -> Result<()> {
    match folder {
        None => {
            conn.execute("DELETE FROM settings WHERE key = ?1", [DIR_KEY])?;
            Ok(())
        }
        Some(folder) => {
            if !folder.is_absolute() {
                return Err(Error::invalid(
                    "backup_dir",
                    "Folder cadangan harus berupa alamat lengkap, misalnya E:\\Cadangan.",
                ));
            }
            if !folder.is_dir() {
                return Err(problem(
                    BackupProblem::FolderMissing,
                    format!(
                        "Folder {} tidak ditemukan. Pasang flashdisk atau folder jaringannya, \
                         lalu pilih lagi.",
                        folder.display()
                    ),
                ));
            }
            let probe = tempfile::Builder::new()
                .prefix(".medsos-pd-uji-")
                .tempfile_in(folder)
                .map_err(|e| io_problem(folder, &e, true))?;
            drop(probe);
            set_value(conn, DIR_KEY, &folder.to_string_lossy())
        }
    }
}

/// The phrase currently set, with its key (`None` before the admin made one).
pub fn phrase_key(conn: &Connection) -> Result<Option<PhraseKey>> {
    Ok(get_value(conn, PHRASE_KEY)?.and_then(|json| serde_json::from_str(&json).ok()))
}

/// Sets a new phrase and hands it back once, to be written down. Backups already made keep
/// the phrase they were made with; the next backup uses the new one.
pub fn new_phrase(conn: &Connection, clock: &dyn Clock) -> Result<RecoveryPhrase> {
    let phrase = RecoveryPhrase::generate()?;
    set_phrase(conn, clock, &phrase)?;
    Ok(phrase)
}

/// Keeps the key of `phrase` (typed at a restore, or just generated).
pub fn set_phrase(conn: &Connection, clock: &dyn Clock, phrase: &RecoveryPhrase) -> Result<()> {
    let key = PhraseKey::new(phrase, to_stored(clock.now()))?;
    set_value(
        conn,
        PHRASE_KEY,
        &serde_json::to_string(&key).expect("serialises"),
    )
}

/// The last backup that was written and verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LastBackup {
    /// UTC, stored form.
    pub at: String,
    pub file: String,
    pub folder: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub reason: BackupReason,
}

/// The last attempt that failed, if it came after the last good one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupFailure {
    pub at: String,
    pub code: String,
    pub message: String,
}

/// What the store was restored from; the admin is asked to enrol the PC again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RestoredFrom {
    pub at: String,
    pub file: String,
    pub backup_created_at: String,
    pub agency: String,
}

/// What Pengaturan and Beranda show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupStatus {
    pub folder: String,
    pub folder_is_default: bool,
    pub phrase_set: bool,
    /// When the current phrase was set (UTC), and its public id.
    pub phrase_set_at: Option<String>,
    pub phrase_id: Option<String>,
    pub last_good: Option<LastBackup>,
    pub last_failure: Option<BackupFailure>,
    /// No good backup in the last [`STALE_AFTER_DAYS`] days (or none at all).
    pub stale: bool,
    #[ts(type = "number | null")]
    pub days_since_last: Option<i64>,
    pub restored: Option<RestoredFrom>,
}

pub fn status(conn: &Connection, store_path: &Path, clock: &dyn Clock) -> Result<BackupStatus> {
    let folder = dir(conn, store_path)?;
    let phrase = phrase_key(conn)?;
    let last_good: Option<LastBackup> = json_setting(conn, LAST_GOOD_KEY)?;
    let last_failure: Option<BackupFailure> = json_setting(conn, LAST_FAILURE_KEY)?;
    let days_since_last = last_good
        .as_ref()
        .and_then(|l| from_stored(&l.at))
        .map(|at| (clock.now() - at).whole_days());
    Ok(BackupStatus {
        folder_is_default: get_value(conn, DIR_KEY)?.is_none(),
        folder: folder.to_string_lossy().into_owned(),
        phrase_set: phrase.is_some(),
        phrase_set_at: phrase.as_ref().map(|p| p.set_at.clone()),
        phrase_id: phrase.map(|p| p.id),
        stale: days_since_last.is_none_or(|d| d >= STALE_AFTER_DAYS),
        days_since_last,
        last_failure: last_failure.filter(|f| last_good.as_ref().is_none_or(|g| f.at > g.at)),
        last_good,
        restored: json_setting(conn, RESTORED_KEY)?,
    })
}

/// Whether today (WIB) still needs its daily backup: a phrase is set and no good backup was
/// made today.
pub fn due(conn: &Connection, clock: &dyn Clock) -> Result<bool> {
    if phrase_key(conn)?.is_none() {
        return Ok(false);
    }
    let last: Option<LastBackup> = json_setting(conn, LAST_GOOD_KEY)?;
    let today = medsos_rules::wib::today(clock.now());
    Ok(last
        .and_then(|l| from_stored(&l.at))
        .is_none_or(|at| medsos_rules::wib::today(at) < today))
}

pub(crate) fn record_good(conn: &Connection, last: &LastBackup) -> Result<()> {
    set_value(
        conn,
        LAST_GOOD_KEY,
        &serde_json::to_string(last).expect("serialises"),
    )
}

pub(crate) fn record_failure(conn: &Connection, clock: &dyn Clock, error: &Error) -> Result<()> {
    let failure = BackupFailure {
        at: to_stored(clock.now()),
        code: error.code(),
        message: error.to_string(),
    };
    set_value(
        conn,
        LAST_FAILURE_KEY,
        &serde_json::to_string(&failure).expect("serialises"),
    )
}

/// The backup taken before a migration changes the store's schema, when a phrase is set:
/// to the chosen folder, or beside the store when that folder is not there. A failure does
/// not stop the migration (it runs in one transaction and rolls back on its own failure);
/// it is recorded for Pengaturan and said on standard error.
pub(crate) fn before_migration(conn: &Connection, store_path: &Path, from_version: i64) {
    if !matches!(phrase_key(conn), Ok(Some(_))) {
        return;
    }
    let clock = crate::SystemClock;
    let reason = BackupReason::SebelumMigrasi;
    let result = create(conn, store_path, &clock, reason, None).or_else(|first| {
        let fallback = default_dir(store_path);
        if dir(conn, store_path).ok().as_deref() == Some(fallback.as_path()) {
            return Err(first);
        }
        create(conn, store_path, &clock, reason, Some(&fallback))
    });
    if let Err(error) = result {
        eprintln!("Cadangan sebelum migrasi dari skema {from_version} gagal: {error}");
    }
}

/// Checks a backup file as the app checks one it has just written (decrypted to the end,
/// its store `integrity_check`ed, its counts compared), with the key of the phrase now set in
/// `conn`'s store. A backup made under an earlier phrase cannot be checked this way and says so.
pub fn check_file(conn: &Connection, store_path: &Path, file: &Path) -> Result<()> {
    let header = inspect(file)?;
    let current = phrase_key(conn)?.ok_or_else(|| {
        problem(
            BackupProblem::Phrase,
            "Belum ada frasa pemulihan di penyimpanan ini.",
        )
    })?;
    if current.id != header.phrase.id {
        return Err(problem(
            BackupProblem::WrongPhrase,
            format!(
                "Cadangan ini memakai frasa lain (kode {}); hanya cadangan dengan frasa yang \
                 sekarang dapat diperiksa tanpa mengetik frasanya.",
                header.phrase.id
            ),
        ));
    }
    let scratch = store_path.parent().unwrap_or_else(|| Path::new(""));
    restore::verify(file, &current.key_bytes()?, scratch)
}

/// Forgets the restore note once the PC is enrolled again.
pub fn clear_restored(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [RESTORED_KEY])?;
    Ok(())
}

fn json_setting<T: serde::de::DeserializeOwned>(conn: &Connection, key: &str) -> Result<Option<T>> {
    Ok(get_value(conn, key)?.and_then(|json| serde_json::from_str(&json).ok()))
}

/// One backup file found in a folder, as `medsos-pd backup list` and Pengaturan show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupEntry {
    pub file: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub created_at: Option<String>,
    pub reason: Option<BackupReason>,
    pub agency: Option<String>,
    pub app_version: Option<String>,
    #[ts(type = "number | null")]
    pub schema_version: Option<i64>,
    pub phrase_id: Option<String>,
    pub phrase_set_at: Option<String>,
    pub counts: Option<BackupCounts>,
    /// Why the file cannot be used, when its header already says so.
    pub problem: Option<String>,
}

/// Every backup in `folder`, newest first; files whose header is unreadable are listed with
/// the reason rather than hidden.
pub fn list(folder: &Path) -> Result<Vec<BackupEntry>> {
    let entries = std::fs::read_dir(folder).map_err(|e| io_problem(folder, &e, true))?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_problem(folder, &e, false))?;
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some(EXTENSION) {
            continue;
        }
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        let file = path.to_string_lossy().into_owned();
        found.push(match inspect(&path) {
            Ok(h) => BackupEntry {
                file,
                bytes,
                created_at: Some(h.created_at.clone()),
                reason: Some(h.reason),
                agency: Some(h.agency_label()),
                app_version: Some(h.app_version.clone()),
                schema_version: Some(h.schema_version),
                phrase_id: Some(h.phrase.id.clone()),
                phrase_set_at: Some(h.phrase.set_at.clone()),
                counts: Some(h.counts.clone()),
                problem: None,
            },
            Err(e) => BackupEntry {
                file,
                bytes,
                created_at: None,
                reason: None,
                agency: None,
                app_version: None,
                schema_version: None,
                phrase_id: None,
                phrase_set_at: None,
                counts: None,
                problem: Some(e.to_string()),
            },
        });
    }
    found.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.file.cmp(&a.file)));
    Ok(found)
}
