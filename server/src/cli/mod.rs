//! The admin commands behind `medsos-hub`, one module per command group. `main.rs` parses the
//! arguments and prints; these functions do the work and return what to print, so every
//! failure reaches the operator as one Indonesian sentence on stderr.

pub mod agency;
pub mod publications;
pub mod serve;
pub mod summaries;
pub mod users;

use crate::error::Error;
use rusqlite::Connection;
use std::path::Path;

/// Opens a store that must already exist: a mistyped path should fail, not become a new,
/// empty store.
fn open_existing(db: &Path) -> Result<Connection, Error> {
    if !db.is_file() {
        return Err(Error::StoreOpen {
            path: db.to_path_buf(),
            detail: "berkas tidak ditemukan; PD pertama didaftarkan dengan `medsos-hub agency add`"
                .to_owned(),
        });
    }
    crate::store::open(db)
}
