//! Reading a backup back: inspecting its header, checking a freshly written one, and putting
//! one in place of the current store.
//!
//! A restore is staged first (decrypted, unpacked, opened, checked, and prepared for this PC)
//! in a private folder beside the store, without touching the current store. Only then is the
//! current store set aside (a hard link and its WAL files moved, so it stays whole) and the
//! staged file renamed over the store's name: one atomic rename is the moment the restore
//! happens. A journal names the folders involved, so a crash mid-swap is finished on the next
//! start instead of leaving a PC without a store.

use super::create::{count_rows, sync_dir};
use super::format::{self, BackupCounts, DecryptReader, Header, ReadFault};
use super::phrase::{PhraseKey, RecoveryPhrase};
use super::{io_problem, problem, BackupProblem, RestoredFrom};
use crate::clock::{from_stored, to_stored, Clock};
use crate::error::{Error, Result};
use crate::store::{LATEST_VERSION, STORE_FILE_NAME};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// Reads only the header: whose backup it is, when, and which phrase opens it.
pub fn inspect(file: &Path) -> Result<Header> {
    let f = File::open(file).map_err(|e| not_readable(file, &e))?;
    let (header, _) = format::read_header(&mut BufReader::new(f))?;
    Ok(header)
}

fn not_readable(file: &Path, e: &std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::NotFound => problem(
            BackupProblem::FolderMissing,
            format!(
                "Berkas cadangan {} tidak ditemukan (flashdisk dicabut?).",
                file.display()
            ),
        ),
        _ => io_problem(file, e, false),
    }
}

fn fault_message(fault: Option<ReadFault>) -> Error {
    match fault {
        Some(ReadFault::Truncated) => problem(
            BackupProblem::Damaged,
            "Berkas cadangan terpotong: penyalinannya tidak selesai. Pakai cadangan lain.",
        ),
        _ => problem(
            BackupProblem::Damaged,
            "Berkas cadangan rusak: isinya berubah sejak dibuat. Pakai cadangan lain.",
        ),
    }
}

/// What is inside an opened backup, read as it streams by.
struct Unpacked {
    files: i64,
}

/// Decrypts the archive and hands each entry to `each` (the store file, or a media file).
fn unpack(
    file: &Path,
    key: &[u8; 32],
    mut each: impl FnMut(
        &mut tar::Entry<'_, &mut DecryptReader<BufReader<File>>>,
        &str,
    ) -> std::io::Result<()>,
) -> Result<(Header, Unpacked)> {
    let f = File::open(file).map_err(|e| not_readable(file, &e))?;
    let mut input = BufReader::with_capacity(1 << 20, f);
    let (header, aad) = format::read_header(&mut input)?;
    let mut reader = DecryptReader::new(input, key, &header, aad)
        .map_err(|_| problem(BackupProblem::Damaged, "Kepala berkas cadangan rusak."))?;
    let mut files = 0;
    let mut saw_store = false;
    let result: std::io::Result<()> = (|| {
        let mut archive = tar::Archive::new(&mut reader);
        for entry in archive.entries()? {
            let mut entry = entry?;
            let name = entry.path()?.to_string_lossy().replace('\\', "/");
            let allowed = name == STORE_FILE_NAME
                || (name.starts_with("media/")
                    && !name.split('/').any(|part| part == ".." || part.is_empty()));
            if !allowed || !entry.header().entry_type().is_file() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("isi tak dikenal: {name}"),
                ));
            }
            if name == STORE_FILE_NAME {
                saw_store = true;
            } else {
                files += 1;
            }
            each(&mut entry, &name)?;
        }
        Ok(())
    })();
    let result = result.and_then(|()| reader.drain());
    match result {
        Ok(()) => {}
        Err(_) if reader.fault.is_some() => return Err(fault_message(reader.fault)),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            return Err(problem(
                BackupProblem::Damaged,
                format!("Isi berkas cadangan tidak sah ({e})."),
            ))
        }
        Err(e) => return Err(io_problem(file, &e, true)),
    }
    if !saw_store {
        return Err(problem(
            BackupProblem::Damaged,
            "Berkas cadangan tidak berisi basis data.",
        ));
    }
    Ok((header, Unpacked { files }))
}

/// Checks a backup just written: it decrypts to the end, its store passes
/// `integrity_check`, and it holds exactly the counts its header promises.
pub(crate) fn verify(file: &Path, key: &[u8; 32], scratch: &Path) -> Result<()> {
    let work = tempfile::Builder::new()
        .prefix(super::create::WORK_PREFIX)
        .tempdir_in(scratch)
        .map_err(|e| io_problem(scratch, &e, true))?;
    let db = work.path().join(STORE_FILE_NAME);
    let (header, unpacked) = unpack(file, key, |entry, name| {
        if name == STORE_FILE_NAME {
            entry.unpack(&db).map(drop)
        } else {
            std::io::copy(entry, &mut std::io::sink()).map(drop)
        }
    })?;
    check_store(&db, &header, unpacked.files)
}

fn check_store(db: &Path, header: &Header, files: i64) -> Result<()> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
        problem(
            BackupProblem::Damaged,
            format!("Basis data cadangan tidak terbuka: {e}"),
        )
    })?;
    let check: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(|e| {
            problem(
                BackupProblem::Damaged,
                format!("Basis data cadangan rusak: {e}"),
            )
        })?;
    if check != "ok" {
        return Err(problem(
            BackupProblem::Damaged,
            format!("Basis data cadangan rusak: {check}"),
        ));
    }
    let found = BackupCounts {
        files,
        ..count_rows(&conn)?
    };
    if found != header.counts {
        return Err(problem(
            BackupProblem::Damaged,
            format!(
                "Isi cadangan tidak sesuai catatannya: tercatat {} draf, {} aduan, {} berkas; \
                 ditemukan {} draf, {} aduan, {} berkas.",
                header.counts.drafts,
                header.counts.complaints,
                header.counts.files,
                found.drafts,
                found.complaints,
                found.files
            ),
        ));
    }
    Ok(())
}

/// A restore staged and checked, waiting for [`swap`].
#[derive(Debug)]
pub struct PreparedRestore {
    pub header: Header,
    pub file: PathBuf,
    staging: PathBuf,
    /// Days the next sync sends again.
    pub pending_days: i64,
}

/// The outcome of a restore, for the window and the command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RestoreReport {
    pub file: String,
    pub backup_created_at: String,
    pub agency: String,
    pub counts: BackupCounts,
    /// Where the store that was replaced now lies, whole (empty when there was none).
    pub set_aside: String,
    #[ts(type = "number")]
    pub pending_days: i64,
}

/// Checks `file` against the phrase and this PC and stages it beside the store, touching
/// nothing of the current store. `current_agency` is the (name, code) of the store now in
/// use, if it has a profile: a backup of another agency is refused.
pub fn prepare(
    file: &Path,
    phrase: &RecoveryPhrase,
    store_path: &Path,
    current_agency: Option<(String, String)>,
    clock: &dyn Clock,
) -> Result<PreparedRestore> {
    let header = inspect(file)?;
    if header.schema_version > LATEST_VERSION as i64 {
        return Err(problem(
            BackupProblem::TooNew,
            format!(
                "Cadangan ini dibuat oleh Medsos PD {} yang lebih baru (skema {}; aplikasi ini \
                 sampai skema {LATEST_VERSION}). Perbarui aplikasi ini dulu, lalu pulihkan.",
                header.app_version, header.schema_version
            ),
        ));
    }
    if let Some((name, code)) = &current_agency {
        let same = match &header.agency_code {
            Some(theirs) => theirs.eq_ignore_ascii_case(code),
            None => true,
        };
        if !same {
            return Err(problem(
                BackupProblem::OtherAgency,
                format!(
                    "Cadangan ini milik {}, bukan {name} ({code}). Data instansi lain tidak \
                     dipulihkan ke PC ini.",
                    header.agency_label()
                ),
            ));
        }
    }
    let key = PhraseKey::unlock(phrase, &header.phrase)?.ok_or_else(|| {
        problem(
            BackupProblem::WrongPhrase,
            format!(
                "Frasa pemulihan salah untuk cadangan ini. Cadangan ini memakai frasa yang dibuat \
                 {} (kode frasa {}).",
                from_stored(&header.phrase.set_at)
                    .map(crate::calendar::wib::format_minute)
                    .unwrap_or_else(|| header.phrase.set_at.clone()),
                header.phrase.id
            ),
        )
    })?;

    let data_dir = store_path.parent().unwrap_or_else(|| Path::new(""));
    crate::private_files::create_private_dir(data_dir)
        .map_err(|e| io_problem(data_dir, &e, true))?;
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(data_dir)
        .map_err(|e| io_problem(data_dir, &e, true))?;
    let db = staging.path().join(STORE_FILE_NAME);
    let media_root = staging.path().to_path_buf();
    // Always there, so the swap moves the current media aside even when the backup had none.
    std::fs::create_dir_all(media_root.join("media"))
        .map_err(|e| io_problem(data_dir, &e, true))?;
    let (_, unpacked) = unpack(file, &key, |entry, name| {
        if name == STORE_FILE_NAME {
            entry.unpack(&db).map(drop)
        } else {
            entry.unpack_in(&media_root).map(drop)
        }
    })
    .map_err(|e| match e {
        Error::Backup {
            problem: BackupProblem::Io,
            ..
        } => io_problem(data_dir, &std::io::Error::other(e.to_string()), true),
        other => other,
    })?;
    check_store(&db, &header, unpacked.files)?;
    let pending_days = adopt(&db, file, &header, phrase, &key, clock)?;
    let staging = staging.keep();
    Ok(PreparedRestore {
        header,
        file: file.to_path_buf(),
        staging,
        pending_days,
    })
}

/// Prepares the staged store for this PC: the phrase that opened it stays the backup phrase,
/// the restore is noted (the window asks to enrol again), and every day the hub may hold is
/// sent again with a revision above anything the old PC can have sent since the backup.
fn adopt(
    db: &Path,
    file: &Path,
    header: &Header,
    _phrase: &RecoveryPhrase,
    key: &[u8; 32],
    clock: &dyn Clock,
) -> Result<i64> {
    use base64::Engine as _;
    let mut conn = Connection::open(db)?;
    let tx = conn.transaction()?;
    let phrase_key = PhraseKey {
        key: base64::engine::general_purpose::STANDARD.encode(key),
        ..header.phrase.clone()
    };
    let restored = RestoredFrom {
        at: to_stored(clock.now()),
        file: file.to_string_lossy().into_owned(),
        backup_created_at: header.created_at.clone(),
        agency: header.agency_label(),
    };
    // The data now equals that backup: it is the last good one until the next is made.
    let last_good = super::LastBackup {
        at: header.created_at.clone(),
        file: file.to_string_lossy().into_owned(),
        folder: file
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default(),
        bytes: std::fs::metadata(file).map(|m| m.len()).unwrap_or(0),
        reason: header.reason,
    };
    for (k, v) in [
        (
            super::LAST_GOOD_KEY,
            serde_json::to_string(&last_good).expect("serialises"),
        ),
        (
            super::PHRASE_KEY,
            serde_json::to_string(&phrase_key).expect("serialises"),
        ),
        (
            super::RESTORED_KEY,
            serde_json::to_string(&restored).expect("serialises"),
        ),
    ] {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [k, &v],
        )?;
    }
    let has_outbox: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE name = 'sync_days')",
        [],
        |r| r.get(0),
    )?;
    let mut pending = 0;
    if has_outbox {
        // Every day since the backup: the old PC may have sent figures the restored store
        // no longer has.
        if let Some(made) = from_stored(&header.created_at) {
            let mut day = medsos_rules::wib::today(made);
            let today = medsos_rules::wib::today(clock.now());
            let mut n = 0;
            while day <= today && n < MAX_DAYS_SINCE {
                tx.execute(
                    "INSERT INTO sync_days (day) VALUES (?1) ON CONFLICT (day) DO NOTHING",
                    [crate::calendar::wib::format_day(day)],
                )?;
                day = day.next_day().unwrap_or(today);
                n += 1;
            }
        }
        pending = tx.execute(
            "UPDATE sync_days SET pending = 1, change_seq = change_seq + 1,
                 revision = MIN(MAX(revision, COALESCE(sent_revision, 0),
                                    COALESCE(attempted_revision, 0)) + ?1, ?2)",
            [REVISION_JUMP, medsos_protocol::MAX_REVISION as i64],
        )? as i64;
    }
    tx.commit()?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(pending)
}

/// How far a restored day's revision jumps: more than any PC corrects one day between two
/// backups, and 1,000 restores still fit under the hub's cap of 1,000,000.
const REVISION_JUMP: i64 = 1000;
const MAX_DAYS_SINCE: i64 = 800;
const STAGING_PREFIX: &str = ".pulih-";
const JOURNAL: &str = "pulih-berjalan.json";
#[cfg(test)]
pub(crate) const JOURNAL_NAME: &str = JOURNAL;

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    staging: PathBuf,
    aside: PathBuf,
}

/// Puts a staged restore in place. The current store must be closed (every connection to it
/// dropped); it is set aside whole in `sebelum-pulih-<time>/` beside it.
pub fn swap(
    prepared: PreparedRestore,
    store_path: &Path,
    clock: &dyn Clock,
) -> Result<RestoreReport> {
    let data_dir = store_path.parent().unwrap_or_else(|| Path::new(""));
    let wib = clock.now().to_offset(crate::clock::WIB);
    let aside = data_dir.join(format!(
        "sebelum-pulih-{:04}{:02}{:02}-{:02}{:02}{:02}",
        wib.year(),
        wib.month() as u8,
        wib.day(),
        wib.hour(),
        wib.minute(),
        wib.second()
    ));
    let journal = Journal {
        staging: prepared.staging.clone(),
        aside: aside.clone(),
    };
    write_journal(data_dir, &journal)?;
    finish(store_path, &journal).map_err(|e| io_problem(data_dir, &e, true))?;
    Ok(RestoreReport {
        file: prepared.file.to_string_lossy().into_owned(),
        backup_created_at: prepared.header.created_at.clone(),
        agency: prepared.header.agency_label(),
        counts: prepared.header.counts.clone(),
        set_aside: if aside.exists() {
            aside.to_string_lossy().into_owned()
        } else {
            String::new()
        },
        pending_days: prepared.pending_days,
    })
}

fn write_journal(data_dir: &Path, journal: &Journal) -> Result<()> {
    let text = serde_json::to_vec(journal).expect("serialises");
    write_durably(&data_dir.join(JOURNAL), &text).map_err(|e| io_problem(data_dir, &e, true))
}

/// A swap that stops right after its journal is written, as a crash would.
#[cfg(test)]
pub(crate) fn write_journal_only(
    prepared: &PreparedRestore,
    store_path: &Path,
    _clock: &dyn Clock,
) -> Result<()> {
    let data_dir = store_path.parent().unwrap_or_else(|| Path::new(""));
    write_journal(
        data_dir,
        &Journal {
            staging: prepared.staging.clone(),
            aside: data_dir.join("sebelum-pulih-uji"),
        },
    )
}

/// Stages and swaps in one go, for the command line: the store must not be open elsewhere.
pub fn restore(
    file: &Path,
    phrase: &RecoveryPhrase,
    store_path: &Path,
    current_agency: Option<(String, String)>,
    clock: &dyn Clock,
) -> Result<RestoreReport> {
    let prepared = prepare(file, phrase, store_path, current_agency, clock)?;
    swap(prepared, store_path, clock)
}

/// Finishes a swap a crash interrupted, and removes what a killed backup or restore left
/// in the data folder. Call before opening the store.
pub fn finish_interrupted(store_path: &Path) -> Result<bool> {
    let data_dir = store_path.parent().unwrap_or_else(|| Path::new(""));
    let journal_path = data_dir.join(JOURNAL);
    let mut finished = false;
    if let Ok(text) = std::fs::read(&journal_path) {
        if let Ok(journal) = serde_json::from_slice::<Journal>(&text) {
            finish(store_path, &journal).map_err(|e| io_problem(data_dir, &e, true))?;
            finished = true;
        } else {
            let _ = std::fs::remove_file(&journal_path);
        }
    }
    // A backup or a staged restore that was killed: their folders hold plain copies, so they
    // do not stay. Only old ones, so a backup running in another process is left alone.
    if let Ok(entries) = std::fs::read_dir(data_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let leftover =
                name.starts_with(super::create::WORK_PREFIX) || name.starts_with(STAGING_PREFIX);
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > LEFTOVER_AGE_SECS);
            if leftover && old {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    Ok(finished)
}

pub(crate) const LEFTOVER_AGE_SECS: u64 = 6 * 3600;

/// Each step checks whether it already happened, so running this again after a crash at any
/// point ends in the same place.
fn finish(store_path: &Path, journal: &Journal) -> std::io::Result<()> {
    let data_dir = store_path.parent().unwrap_or_else(|| Path::new(""));
    let staged_db = journal.staging.join(STORE_FILE_NAME);
    let staged_media = journal.staging.join("media");
    let media = crate::media::media_dir(store_path);
    // Only when there is something to set aside (a new PC may have no store yet).
    if (staged_db.exists() && store_path.exists()) || (staged_media.exists() && media.exists()) {
        crate::private_files::create_private_dir(&journal.aside)?;
    }
    let aside_db = journal.aside.join(STORE_FILE_NAME);
    if staged_db.exists() {
        if store_path.exists()
            && !aside_db.exists()
            && std::fs::hard_link(store_path, &aside_db).is_err()
        {
            std::fs::copy(store_path, &aside_db)?;
        }
        // The WAL belongs to the store set aside; beside the restored file it would be replayed
        // into the wrong database.
        for suffix in ["-wal", "-shm"] {
            let side = sidecar(store_path, suffix);
            if side.exists() {
                std::fs::rename(&side, sidecar(&aside_db, suffix))?;
            }
        }
        std::fs::rename(&staged_db, store_path)?;
        sync_dir(data_dir);
    }
    if staged_media.exists() {
        if media.exists() {
            let mut aside_media = journal.aside.join("media");
            let mut n = 2;
            while aside_media.exists() {
                aside_media = journal.aside.join(format!("media-{n}"));
                n += 1;
            }
            std::fs::rename(&media, &aside_media)?;
        }
        std::fs::rename(&staged_media, &media)?;
    }
    let _ = std::fs::remove_file(data_dir.join(JOURNAL));
    let _ = std::fs::remove_dir_all(&journal.staging);
    sync_dir(data_dir);
    Ok(())
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn write_durably(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or_else(|| Path::new(""));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}
