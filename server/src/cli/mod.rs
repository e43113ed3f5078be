//! The admin commands behind `medsos-hub`, one module per command group. `main.rs` parses the
//! arguments and prints; these functions do the work and return what to print, so every
//! failure reaches the operator as one Indonesian sentence on stderr.

pub mod accounts;
pub mod agency;
/// `medsos-hub backup`: the copy is SQLite's own (`VACUUM INTO` on the store's file), so it lives
/// with the SQLite store behind the storage seam.
pub use crate::store::sqlite::backup;
pub mod meta;
pub mod publications;
pub mod region;
pub mod releases;
pub mod serve;
pub mod store_copy;
pub mod summaries;
pub mod users;

use crate::error::Error;
use crate::store::{HubStore, PgStore, SqliteStore};
use std::path::{Path, PathBuf};

/// Where an admin command finds the hub's store: `--db PATH` or `--database-url URL`. Taken
/// so far by `agency` and `user`; the other command groups still take `--db` only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Sqlite(PathBuf),
    Postgres(String),
}

impl From<&Path> for Target {
    fn from(path: &Path) -> Self {
        Target::Sqlite(path.to_path_buf())
    }
}

impl From<&PathBuf> for Target {
    fn from(path: &PathBuf) -> Self {
        Target::Sqlite(path.clone())
    }
}

/// The store at `target`, created (SQLite) or migrated (both) when needed: for the commands
/// that make the first rows (`agency add`, `user add`).
fn open_target(target: &Target) -> Result<Box<dyn HubStore>, Error> {
    match target {
        Target::Sqlite(db) => Ok(Box::new(SqliteStore::from_connection(
            crate::store::sqlite::open(db)?,
        ))),
        Target::Postgres(url) => Ok(Box::new(PgStore::connect_with(url, 1)?)),
    }
}

/// As [`open_target`], but a SQLite file must exist already (see [`open_existing`]).
fn open_target_existing(target: &Target) -> Result<Box<dyn HubStore>, Error> {
    match target {
        Target::Sqlite(db) => Ok(Box::new(open_existing(db)?)),
        Target::Postgres(_) => open_target(target),
    }
}

/// Opens a store that must already exist: a mistyped path should fail, not become a new,
/// empty store.
fn open_existing(db: &Path) -> Result<SqliteStore, Error> {
    if !db.is_file() {
        return Err(Error::StoreOpen {
            path: db.to_path_buf(),
            detail: "berkas tidak ditemukan; PD pertama didaftarkan dengan `medsos-hub agency add`"
                .to_owned(),
        });
    }
    Ok(SqliteStore::from_connection(crate::store::sqlite::open(
        db,
    )?))
}

/// Who ran a command, as the audit log names them: "baris perintah (root)", the
/// operating-system account (the dashboard's entries name the officer who signed in).
fn cli_actor() -> String {
    let account = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "?".to_owned());
    format!("baris perintah ({})", account.trim())
}

/// Records a change made from the command line in the audit log, as the dashboard records
/// its own: same action codes, never a secret. The change is made already; should the entry
/// fail, the output says so (the change stays) and the command still succeeds.
fn audited(store: &dyn HubStore, said: String, action: &str, target: &str, detail: &str) -> String {
    let entry = crate::store::audit::NewEntry {
        officer: &cli_actor(),
        action,
        target,
        detail,
    };
    match store.record_audit(&entry, crate::clock::Clock::now(&crate::clock::SystemClock)) {
        Ok(()) => said,
        Err(error) => {
            format!("{said}Catatan: perubahan ini belum tercatat di log audit ({error}).\n")
        }
    }
}

/// Lines up `rows` under `header` in columns two spaces apart, the last column unpadded.
fn table<const N: usize>(header: &[String; N], rows: &[[String; N]]) -> String {
    use std::fmt::Write;
    let mut widths = [0usize; N];
    for row in std::iter::once(header).chain(rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == N {
                line.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                let _ = write!(line, "{cell}{}  ", " ".repeat(pad));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}
