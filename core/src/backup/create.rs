//! Writing one backup: a consistent snapshot of the store (`VACUUM INTO`, which reads one
//! transaction's view while the admin keeps typing), the files of `media/`, a tar of both
//! encrypted into a temporary file in the destination, renamed into place once complete, then
//! read back and checked before it counts as good.

use super::format::{self, BackupCounts, BackupReason, EncryptWriter, Header, FORMAT};
use super::{io_problem, problem, BackupProblem, LastBackup};
use crate::clock::{to_stored, Clock};
use crate::error::Result;
use crate::store::STORE_FILE_NAME;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use ts_rs::TS;

/// What a backup run wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupReport {
    pub file: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub created_at: String,
    pub counts: BackupCounts,
    /// Older backups removed by the 14-daily, 12-monthly rule.
    pub pruned: Vec<String>,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// Makes a backup of the store `conn` is open on into `dest` (or the chosen folder), checks
/// it, prunes old ones and records the result in the store's settings; a failure is recorded
/// too, for Pengaturan, and nothing already in the store changes.
pub fn create(
    conn: &Connection,
    store_path: &Path,
    clock: &dyn Clock,
    reason: BackupReason,
    dest: Option<&Path>,
) -> Result<BackupReport> {
    let result = create_inner(conn, store_path, clock, reason, dest);
    match &result {
        Ok(report) => super::record_good(
            conn,
            &LastBackup {
                at: report.created_at.clone(),
                folder: Path::new(&report.file)
                    .parent()
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                file: report.file.clone(),
                bytes: report.bytes,
                reason,
            },
        )?,
        Err(error) => {
            // Recording the failure is best effort: the store may be the thing that is busy.
            let _ = super::record_failure(conn, clock, error);
        }
    }
    result
}

fn create_inner(
    conn: &Connection,
    store_path: &Path,
    clock: &dyn Clock,
    reason: BackupReason,
    dest: Option<&Path>,
) -> Result<BackupReport> {
    let started = Instant::now();
    let phrase = super::phrase_key(conn)?.ok_or_else(|| {
        problem(
            BackupProblem::Phrase,
            "Belum ada frasa pemulihan: buat dulu di Pengaturan → Cadangan, lalu catat 12 \
             katanya. Tanpa frasa, cadangan tidak dapat dibuat.",
        )
    })?;
    let key = phrase.key_bytes()?;
    let folder = match dest {
        Some(d) => d.to_path_buf(),
        None => super::dir(conn, store_path)?,
    };
    if folder == super::default_dir(store_path) {
        crate::private_files::create_private_dir(&folder)
            .map_err(|e| io_problem(&folder, &e, true))?;
    } else if !folder.is_dir() {
        return Err(io_problem(
            &folder,
            &std::io::Error::from(std::io::ErrorKind::NotFound),
            true,
        ));
    }
    let data_dir = store_path.parent().unwrap_or_else(|| Path::new(""));
    let installation = crate::sync::run::installation_id(conn)?;

    // The snapshot lives in a private folder beside the store only while it is archived.
    let work = tempfile::Builder::new()
        .prefix(WORK_PREFIX)
        .tempdir_in(data_dir)
        .map_err(|e| io_problem(data_dir, &e, true))?;
    let snapshot = work.path().join(STORE_FILE_NAME);
    plain_snapshot(conn, &snapshot).map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => io_problem(
            data_dir,
            &std::io::Error::from(std::io::ErrorKind::StorageFull),
            true,
        ),
        _ => crate::Error::from(e),
    })?;
    let (schema_version, counts_db, agency) = seal_snapshot(&snapshot)?;
    let media_dir = crate::media::media_dir(store_path);
    let media = media_files(&media_dir).map_err(|e| io_problem(&media_dir, &e, false))?;

    let now = clock.now();
    let header = Header {
        format: FORMAT,
        created_at: to_stored(now),
        reason,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version,
        agency_name: agency.as_ref().map(|a| a.0.clone()),
        agency_code: agency.as_ref().map(|a| a.1.clone()),
        installation_id: installation.clone(),
        phrase: phrase.public(),
        nonce: format::new_nonce()?,
        counts: BackupCounts {
            files: media.len() as i64,
            ..counts_db
        },
        store_bytes: std::fs::metadata(&snapshot).map(|m| m.len()).unwrap_or(0),
        media_bytes: media.iter().map(|m| m.2).sum(),
    };

    let name = file_name(&installation, now, &folder);
    let target = folder.join(&name);
    let partial = tempfile::Builder::new()
        .prefix(PARTIAL_PREFIX)
        .suffix(".sebagian")
        .tempfile_in(&folder)
        .map_err(|e| io_problem(&folder, &e, true))?;
    write_archive(
        partial.as_file(),
        &key,
        &header,
        &snapshot,
        &media_dir,
        &media,
    )
    .map_err(|e| io_problem(&folder, &e, true))?;
    drop(work);
    partial
        .as_file()
        .sync_all()
        .map_err(|e| io_problem(&folder, &e, true))?;
    partial
        .persist_noclobber(&target)
        .map_err(|e| io_problem(&folder, &e.error, true))?;
    sync_dir(&folder);

    if let Err(error) = super::restore::verify(&target, &key, data_dir) {
        let _ = std::fs::remove_file(&target);
        return Err(problem(
            BackupProblem::Damaged,
            format!(
                "Cadangan yang baru ditulis ke {} gagal diperiksa ({error}); berkasnya dihapus. \
                 Periksa disk tujuan, lalu coba lagi.",
                folder.display()
            ),
        ));
    }
    let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
    let pruned = super::retention::prune(&folder, &installation, &target)
        .map(|kept| kept.removed)
        .unwrap_or_default();
    Ok(BackupReport {
        file: target.to_string_lossy().into_owned(),
        bytes,
        created_at: header.created_at.clone(),
        counts: header.counts.clone(),
        pruned: pruned
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect(),
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

/// A consistent, plain copy of the store `conn` is open on (encrypted under this PC's key or
/// not): SQLCipher's export into an unkeyed attached file, in one read transaction, with the
/// schema version. The archive around it is encrypted under the phrase instead, so any PC
/// with the phrase can open it; the copy lives only in a private folder beside the store
/// while it is archived (and a killed backup's folder is removed at the next start).
fn plain_snapshot(conn: &Connection, snapshot: &Path) -> rusqlite::Result<()> {
    // Made empty and private first, so the copy is never readable by others.
    if let Ok(file) = File::create(snapshot) {
        drop(file);
        let _ = crate::private_files::restrict_file(snapshot);
    }
    conn.execute(
        "ATTACH DATABASE ?1 AS cadangan KEY ''",
        [snapshot.to_string_lossy()],
    )?;
    let exported = (|| {
        conn.execute_batch("BEGIN")?;
        let copied = (|| {
            conn.query_row("SELECT sqlcipher_export('cadangan')", [], |_| Ok(()))?;
            let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            conn.execute_batch(&format!("PRAGMA cadangan.user_version = {version}"))
        })();
        match copied {
            Ok(()) => conn.execute_batch("COMMIT"),
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    })();
    let detached = conn.execute_batch("DETACH DATABASE cadangan");
    exported.and(detached)
}

/// The names a backup's temporary files carry, so leftovers of a crash can be found.
pub(crate) const WORK_PREFIX: &str = ".cadangan-kerja-";
pub(crate) const PARTIAL_PREFIX: &str = ".medsos-pd-cadangan-";

/// `medsos-pd-<first 8 of the installation id>-<YYYYMMDD-HHMMSS WIB>.cadangan`.
fn file_name(installation: &str, now: time::OffsetDateTime, folder: &Path) -> String {
    let wib = now.to_offset(crate::clock::WIB);
    let stamp = format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        wib.year(),
        wib.month() as u8,
        wib.day(),
        wib.hour(),
        wib.minute(),
        wib.second()
    );
    let short: String = installation.chars().filter(|c| *c != '-').take(8).collect();
    let base = format!("medsos-pd-{short}-{stamp}");
    let mut name = format!("{base}.{}", format::EXTENSION);
    let mut n = 2;
    while folder.join(&name).exists() {
        name = format!("{base}-{n}.{}", format::EXTENSION);
        n += 1;
    }
    name
}

/// Takes what must not travel out of the snapshot, makes it one self-contained file, and
/// reads what the header records: schema version, counts, agency (name, code).
#[allow(clippy::type_complexity)]
fn seal_snapshot(snapshot: &Path) -> Result<(i64, BackupCounts, Option<(String, String)>)> {
    let conn = Connection::open_with_flags(snapshot, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    conn.execute(
        "DELETE FROM settings WHERE key IN (?1, ?2)",
        [super::PHRASE_KEY, super::RESTORED_KEY],
    )?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    let schema: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let counts = count_rows(&conn)?;
    let agency = conn
        .query_row("SELECT name, code FROM agency_profile LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .ok();
    Ok((schema, counts, agency))
}

/// The counts a backup promises and a restore checks.
pub(crate) fn count_rows(conn: &Connection) -> Result<BackupCounts> {
    let count = |table: &str| -> Result<i64> {
        let exists: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
            [table],
            |r| r.get(0),
        )?;
        if !exists {
            return Ok(0);
        }
        Ok(conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)
    };
    Ok(BackupCounts {
        drafts: count("drafts")?,
        complaints: count("complaints")?,
        slots: count("slots")?,
        media: count("media")?,
        accounts: count("official_accounts")?,
        files: 0,
    })
}

/// Every file under `media/`: (path, name in the archive, size). A missing folder is none.
fn media_files(media_dir: &Path) -> std::io::Result<Vec<(PathBuf, String, u64)>> {
    let mut found = Vec::new();
    if !media_dir.is_dir() {
        return Ok(found);
    }
    let mut stack = vec![media_dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            let path = entry.path();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                let rel = path
                    .strip_prefix(media_dir)
                    .expect("under media")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                found.push((path, format!("media/{rel}"), size));
            }
        }
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(found)
}

fn write_archive(
    file: &File,
    key: &[u8; 32],
    header: &Header,
    snapshot: &Path,
    media_dir: &Path,
    media: &[(PathBuf, String, u64)],
) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let aad = format::write_header(&mut out, header)?;
    let sealed = EncryptWriter::new(out, key, header, aad)?;
    let mut tar = tar::Builder::new(sealed);
    tar.mode(tar::HeaderMode::Deterministic);
    // Plain entries only: the reader accepts nothing else, and a store file with holes
    // (SQLite's free pages) would otherwise become a GNU sparse entry.
    tar.sparse(false);
    tar.append_path_with_name(snapshot, STORE_FILE_NAME)?;
    for (path, name, _) in media {
        // Complaint screenshots are sealed under this PC's store key; the archive carries
        // them plain (it is itself encrypted under the phrase), so a new PC can read them
        // and seals them again under its own key.
        let appended = crate::media::read_media_file(media_dir, path).and_then(|bytes| {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o600);
            header.set_entry_type(tar::EntryType::Regular);
            tar.append_data(&mut header, name, bytes.as_slice())
        });
        match appended {
            Ok(()) => {}
            // Removed since the snapshot was taken: the snapshot no longer needs it either,
            // or it was a preview that is rebuilt on demand.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    let sealed = tar.into_inner()?;
    let mut out = sealed.finish()?;
    out.flush()
}

/// Makes the rename itself durable (Linux; Windows has no directory handle to sync).
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
