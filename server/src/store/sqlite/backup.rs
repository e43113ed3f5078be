//! `medsos-hub backup --db PATH --out FILE`: a consistent copy of the hub's store, taken
//! while the hub may be serving.
//!
//! SQLite's `VACUUM INTO` reads the whole database inside one read transaction (WAL lets the
//! server keep writing meanwhile), so the copy is one moment of the store, never half of an
//! upload. It is written to a temporary file beside FILE, checked (`PRAGMA integrity_check`
//! and the table counts read from the copy), flushed to the disk, and only then given its
//! name, without ever replacing a file already there.

use crate::error::Error;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long the copy waits for the serving hub's writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// What a finished backup holds, read back from the copy itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub out: PathBuf,
    pub bytes: u64,
    pub agencies: i64,
    pub devices: i64,
    pub summaries: i64,
    pub elapsed: Duration,
}

/// Takes the backup and answers with the lines to print.
pub fn run(db: &Path, out: &Path) -> Result<String, Error> {
    let report = backup(db, out)?;
    Ok(format!(
        "Cadangan hub tersimpan di {}.\n\
         Ukuran: {} ({} bita). Isi: {} PD, {} PC, {} ringkasan harian.\n\
         Pemeriksaan integritas (integrity_check): ok. Waktu: {} detik.\n",
        report.out.display(),
        human_size(report.bytes),
        report.bytes,
        report.agencies,
        report.devices,
        report.summaries,
        format!("{:.2}", report.elapsed.as_secs_f64()).replace('.', ",")
    ))
}

/// Copies the store at `db` to `out` (see the module's description). Nothing is left behind
/// on failure: the temporary file is removed, and `out` is only ever created whole.
pub fn backup(db: &Path, out: &Path) -> Result<BackupReport, Error> {
    let started = Instant::now();
    let fail = |message: String| Error::Backup(message);
    if !db.is_file() {
        return Err(fail(format!(
            "basis data hub {} tidak ditemukan. Periksa jalur --db (berkas yang dipakai `medsos-hub serve --db`).",
            db.display()
        )));
    }
    if out.symlink_metadata().is_ok() {
        return Err(fail(format!(
            "{} sudah ada dan tidak akan ditimpa. Pilih nama berkas lain untuk --out.",
            out.display()
        )));
    }
    let name = out
        .file_name()
        .ok_or_else(|| fail(format!("{} bukan nama berkas.", out.display())))?;
    let folder = match out.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => parent.to_path_buf(),
        None => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(fail(format!(
            "folder tujuan {} tidak ada (atau bukan folder). Buat foldernya atau pilih tujuan lain.",
            folder.display()
        )));
    }
    let temp = folder.join(format!(
        ".{}.{}.sementara",
        name.to_string_lossy(),
        std::process::id()
    ));
    // Created here, empty, so an unwritable or full destination is named before any copying
    // (VACUUM INTO accepts an empty file).
    File::options()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|e| fail(destination_error(&folder, &e)))?;
    let outcome = copy_and_check(db, &temp, &folder).and_then(|counts| {
        place(&temp, out).map_err(|e| {
            fail(match e.kind() {
                ErrorKind::AlreadyExists => format!(
                    "{} muncul selama pencadangan dan tidak ditimpa. Pilih nama berkas lain.",
                    out.display()
                ),
                _ => destination_error(&folder, &e),
            })
        })?;
        Ok(counts)
    });
    let (agencies, devices, summaries) = match outcome {
        Ok(counts) => counts,
        Err(error) => {
            let _ = std::fs::remove_file(&temp);
            return Err(error);
        }
    };
    let bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    Ok(BackupReport {
        out: out.to_path_buf(),
        bytes,
        agencies,
        devices,
        summaries,
        elapsed: started.elapsed(),
    })
}

/// `VACUUM INTO` the temporary file, then opens the copy, checks it and counts its rows,
/// and flushes it to the disk.
fn copy_and_check(db: &Path, temp: &Path, folder: &Path) -> Result<(i64, i64, i64), Error> {
    let fail = |message: String| Error::Backup(message);
    let source = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| {
        fail(format!(
            "basis data hub {} tidak dapat dibuka: {e}",
            db.display()
        ))
    })?;
    source
        .busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| fail(e.to_string()))?;
    let is_hub: bool = source
        .query_row(
            "SELECT COUNT(*) = 3 FROM sqlite_schema WHERE type = 'table'
               AND name IN ('agencies', 'devices', 'summaries')",
            [],
            |row| row.get(0),
        )
        .map_err(|e| {
            fail(format!(
                "{} bukan basis data SQLite yang dapat dibaca: {e}",
                db.display()
            ))
        })?;
    if !is_hub {
        return Err(fail(format!(
            "{} bukan basis data Medsos Hub (tabel agencies, devices dan summaries tidak ada).",
            db.display()
        )));
    }
    let temp_text = temp.to_str().ok_or_else(|| {
        fail(format!(
            "jalur {} mengandung karakter yang tidak dapat dipakai SQLite.",
            temp.display()
        ))
    })?;
    source
        .execute("VACUUM INTO ?1", [temp_text])
        .map_err(|e| fail(sqlite_write_error(folder, &e)))?;
    drop(source);

    let copy = Connection::open_with_flags(
        temp,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| fail(format!("salinan tidak dapat dibuka untuk diperiksa: {e}")))?;
    let verdict: Vec<String> = copy
        .prepare("PRAGMA integrity_check")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| fail(format!("salinan tidak dapat diperiksa: {e}")))?;
    if verdict != ["ok"] {
        return Err(fail(format!(
            "salinan gagal pemeriksaan integritas ({}); tidak disimpan. Periksa basis data hub dengan `sqlite3 {} 'PRAGMA integrity_check'`.",
            verdict.join("; "),
            db.display()
        )));
    }
    let count = |table: &str| -> Result<i64, Error> {
        copy.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .map_err(|e| fail(format!("salinan tidak dapat dihitung ({table}): {e}")))
    };
    let counts = (count("agencies")?, count("devices")?, count("summaries")?);
    drop(copy);
    OpenOptions::new()
        .write(true)
        .open(temp)
        .and_then(|file| file.sync_all())
        .map_err(|e| fail(destination_error(folder, &e)))?;
    Ok(counts)
}

/// Gives `temp` the name `out` without replacing anything already called `out`: a hard link
/// (atomic, refused when `out` exists) and the temporary name removed; where the file system
/// has no hard links (FAT on a USB drive), a rename after checking that `out` is still free.
/// Then the folder is flushed so the new name survives a power cut.
fn place(temp: &Path, out: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(temp, out) {
        Ok(()) => std::fs::remove_file(temp)?,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(e),
        Err(_) => {
            if out.symlink_metadata().is_ok() {
                return Err(ErrorKind::AlreadyExists.into());
            }
            std::fs::rename(temp, out)?;
        }
    }
    #[cfg(unix)]
    if let Some(folder) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        File::open(folder)?.sync_all()?;
    }
    Ok(())
}

/// An Indonesian sentence for a destination that cannot take the file.
fn destination_error(folder: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => full(folder),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => format!(
            "folder tujuan {} tidak dapat ditulisi (izin ditolak atau hanya-baca). Pilih folder lain.",
            folder.display()
        ),
        ErrorKind::NotFound => format!(
            "folder tujuan {} tidak ada lagi (diska dicabut?). Pasang kembali atau pilih tujuan lain.",
            folder.display()
        ),
        _ => format!(
            "cadangan tidak dapat ditulis ke {}: {e}",
            folder.display()
        ),
    }
}

/// As [`destination_error`], for what SQLite reports while it writes the copy.
fn sqlite_write_error(folder: &Path, e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => full(folder),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
            format!(
                "folder tujuan {} tidak dapat ditulisi. Pilih folder lain.",
                folder.display()
            )
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "basis data hub sedang sibuk terlalu lama; coba lagi sebentar lagi.".to_owned()
        }
        _ => format!("salinan tidak dapat dibuat di {}: {e}", folder.display()),
    }
}

fn full(folder: &Path) -> String {
    format!(
        "diska tujuan {} penuh; tidak ada cadangan yang disimpan. Kosongkan ruang atau pilih diska lain.",
        folder.display()
    )
}

/// Bytes as people read them: "12,3 MB" (decimal comma, as Indonesian writes it).
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bita");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_indonesian_writes_them() {
        assert_eq!(human_size(999), "999 bita");
        assert_eq!(human_size(12_300_000), "12,3 MB");
        assert_eq!(human_size(1_500), "1,5 KB");
    }

    #[test]
    fn a_full_disk_is_named_as_such() {
        let folder = Path::new("/media/usb");
        let io = std::io::Error::from(ErrorKind::StorageFull);
        assert!(destination_error(folder, &io).contains("penuh"));
        let sqlite = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        assert!(sqlite_write_error(folder, &sqlite).contains("penuh"));
    }
}
