//! Program Pemkab: the regency programmes a draft promotes ("Cianjur Manjur": Mandiri, Maju,
//! Religius, ...), an editable list each with its hashtag.

use crate::drafts::normalise_hashtags;
use crate::error::{Error, Result};
use crate::text::{check_length, clean_line};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Programme {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub hashtag: String,
    pub active: bool,
}

pub fn list(conn: &Connection) -> Result<Vec<Programme>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, hashtag, active FROM programmes ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Programme {
            id: r.get(0)?,
            name: r.get(1)?,
            hashtag: r.get(2)?,
            active: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a programme; names are unique regardless of case.
pub fn add(conn: &Connection, name: &str, hashtag: &str) -> Result<Programme> {
    let name = clean_line(name);
    if name.is_empty() {
        return Err(Error::invalid(
            "programme_name",
            "Nama program wajib diisi.",
        ));
    }
    check_length("programme_name", "Nama program", &name, 120)?;
    let hashtag = normalise_hashtags(hashtag);
    let taken: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM programmes WHERE lower(name) = lower(?1))",
        [&name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::invalid(
            "programme_name",
            format!("Program \"{name}\" sudah ada."),
        ));
    }
    conn.execute(
        "INSERT INTO programmes (name, hashtag) VALUES (?1, ?2)",
        params![name, hashtag],
    )?;
    let id = conn.last_insert_rowid();
    list(conn)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(Error::NotFound { what: "Program" })
}
