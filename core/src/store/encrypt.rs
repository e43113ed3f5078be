//! Telling a plain store from an encrypted one, and encrypting a plain store in place.
//!
//! The plain store stays the truth until the very last step: the encrypted copy is written
//! beside it (`medsos-pd.sqlite3.enkripsi-tmp`), checked, flushed to disk and only then
//! renamed over it. A crash before the rename leaves the plain store as it was (the
//! leftover copy is thrown away at the next start and the work is done again); a crash after
//! it leaves the encrypted store, whose key was kept in the credential store before the
//! copy began.

use super::{
    check_integrity, ensure_is_ours, has_foreign_tables, sidecar, StoreOpenError, BUSY_TIMEOUT,
    LATEST_VERSION,
};
use crate::keystore::StoreKey;
use rusqlite::{Connection, OpenFlags};
use std::io::{self, Read};
use std::path::Path;

/// The encrypted copy being written, beside the store, until it is renamed over it.
pub const ENCRYPTING_SUFFIX: &str = ".enkripsi-tmp";

/// What the file at a store's path is, read from its first bytes only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// No file, or an empty one: a new store.
    Absent,
    /// SQLite's own header: a store from before encryption (or a stranger's database).
    Plain,
    /// No SQLite header, and whole pages: SQLCipher leaves nothing readable at all.
    Encrypted,
    /// Neither: a text file, a truncated copy.
    NotADatabase,
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// SQLite's smallest page; an encrypted file is a whole number of pages.
const MIN_PAGE: u64 = 512;

pub fn file_kind(path: &Path) -> io::Result<FileKind> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(FileKind::Absent),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(FileKind::Absent);
    }
    let mut head = [0u8; 16];
    let read = file.read(&mut head)?;
    Ok(if read == 16 && &head == SQLITE_HEADER {
        FileKind::Plain
    } else if len % MIN_PAGE == 0 {
        FileKind::Encrypted
    } else {
        FileKind::NotADatabase
    })
}

/// Encrypts the plain store at `path` in place under `key`: every table copied by
/// SQLCipher's `sqlcipher_export` with the schema version, the row count of every table
/// compared, the copy opened with the key and checked, flushed, and renamed over the
/// plain file. The plain file (and its `-wal`, `-shm`) is gone afterwards; on any error it
/// is left exactly as it was and the copy is removed.
pub fn encrypt_plain_store(path: &Path, key: &StoreKey) -> Result<(), StoreOpenError> {
    let temp = sidecar(path, ENCRYPTING_SUFFIX);
    let result = write_encrypted_copy(path, &temp, key).and_then(|()| swap(path, &temp));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn failed(path: &Path, detail: impl std::fmt::Display) -> StoreOpenError {
    StoreOpenError::Encryption {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    }
}

fn write_encrypted_copy(path: &Path, temp: &Path, key: &StoreKey) -> Result<(), StoreOpenError> {
    let io = |e: io::Error| failed(path, e);
    // A copy left by an interrupted attempt: the plain store is still the truth.
    match std::fs::remove_file(temp) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io(e)),
        _ => {}
    }
    // Made empty and private first, so SQLite never writes personal data into a file
    // others may read (SQLite would create it with the umask's mode).
    std::fs::File::create(temp).map_err(io)?;
    crate::private_files::restrict_file(temp).map_err(io)?;

    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreOpenError::classify(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| StoreOpenError::classify(path, e))?;
    // The same checks as opening: a stranger's, damaged or newer file is not touched.
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| StoreOpenError::classify(path, e))?;
    if version > LATEST_VERSION as i64 {
        return Err(StoreOpenError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: LATEST_VERSION,
        });
    }
    check_integrity(&conn).map_err(|detail| StoreOpenError::Damaged {
        path: path.to_path_buf(),
        detail,
    })?;
    if version > 0 {
        ensure_is_ours(&conn).map_err(|detail| StoreOpenError::NotOurs {
            path: path.to_path_buf(),
            detail,
        })?;
    } else if has_foreign_tables(&conn).map_err(|e| StoreOpenError::classify(path, e))? {
        return Err(StoreOpenError::NotOurs {
            path: path.to_path_buf(),
            detail: "berisi tabel yang bukan milik Medsos PD".into(),
        });
    }

    let sql = |e: rusqlite::Error| failed(path, e);
    conn.execute(
        "ATTACH DATABASE ?1 AS encrypted KEY ?2",
        rusqlite::params![temp.to_string_lossy(), key.sqlcipher_attach_key()],
    )
    .map_err(sql)?;
    conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
        .map_err(sql)?;
    conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))
        .map_err(sql)?;
    let virtual_counts = compare_counts(&conn).map_err(|detail| failed(path, detail))?;
    conn.execute_batch("DETACH DATABASE encrypted")
        .map_err(sql)?;
    // Everything in the -wal into the plain file, so closing leaves no -wal behind.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(sql)?;
    conn.close().map_err(|(_, e)| sql(e))?;

    std::fs::OpenOptions::new()
        .write(true)
        .open(temp)
        .and_then(|f| f.sync_all())
        .map_err(io)?;
    verify_copy(temp, key, version, &virtual_counts).map_err(|detail| failed(path, detail))
}

fn table_names(conn: &Connection, virtual_tables: bool) -> Result<Vec<String>, String> {
    let sql = if virtual_tables {
        "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND rootpage = 0 ORDER BY name"
    } else {
        "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY name"
    };
    conn.prepare(sql)
        .and_then(|mut stmt| {
            stmt.query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()
        })
        .map_err(|e| e.to_string())
}

fn count_rows(conn: &Connection, schema: &str, table: &str) -> Result<i64, String> {
    let quoted = table.replace('"', "\"\"");
    conn.query_row(
        &format!("SELECT count(*) FROM {schema}.\"{quoted}\""),
        [],
        |row| row.get(0),
    )
    .map_err(|e| format!("tabel {table} ({schema}): {e}"))
}

/// Every stored table of the plain store has as many rows in the encrypted copy, and
/// answers the row counts of the virtual tables (the search index), which the attached
/// copy only knows once reopened. Their contents are in their shadow tables, compared here.
fn compare_counts(conn: &Connection) -> Result<Vec<(String, i64)>, String> {
    for table in table_names(conn, false)? {
        let (plain, encrypted) = (
            count_rows(conn, "main", &table)?,
            count_rows(conn, "encrypted", &table)?,
        );
        if plain != encrypted {
            return Err(format!(
                "jumlah baris tabel {table} berbeda ({plain} di berkas lama, {encrypted} di salinan terenkripsi)"
            ));
        }
    }
    table_names(conn, true)?
        .into_iter()
        .map(|table| count_rows(conn, "main", &table).map(|n| (table, n)))
        .collect()
}

/// The copy opens with the key alone, passes the quick check and has the schema version.
fn verify_copy(
    temp: &Path,
    key: &StoreKey,
    version: i64,
    virtual_counts: &[(String, i64)],
) -> Result<(), String> {
    let conn = Connection::open_with_flags(
        temp,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| e.to_string())?;
    conn.execute_batch(&key.sqlcipher_key_pragma())
        .map_err(|e| e.to_string())?;
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| format!("salinan terenkripsi tidak terbaca: {e}"))?;
    if found != version {
        return Err(format!("versi skema salinan {found}, seharusnya {version}"));
    }
    check_integrity(&conn).map_err(|e| format!("salinan terenkripsi rusak: {e}"))?;
    for (table, plain) in virtual_counts {
        let encrypted = count_rows(&conn, "main", table)?;
        if encrypted != *plain {
            return Err(format!(
                "jumlah baris tabel {table} berbeda ({plain} di berkas lama, {encrypted} di salinan terenkripsi)"
            ));
        }
    }
    Ok(())
}

/// The plain store's sidecars go (they are empty after the checkpoint and close), then the
/// copy is renamed over the store and the rename made durable.
fn swap(path: &Path, temp: &Path) -> Result<(), StoreOpenError> {
    let io = |e: io::Error| failed(path, e);
    for suffix in ["-wal", "-shm"] {
        match std::fs::remove_file(sidecar(path, suffix)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        }
    }
    std::fs::rename(temp, path).map_err(io)?;
    sync_folder(path).map_err(io)
}

#[cfg(unix)]
fn sync_folder(path: &Path) -> io::Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    std::fs::File::open(folder)?.sync_all()
}

/// Windows makes a rename durable with the file system's own journal; a folder cannot be
/// opened for flushing there.
#[cfg(not(unix))]
fn sync_folder(_path: &Path) -> io::Result<()> {
    Ok(())
}
