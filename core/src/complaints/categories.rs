//! Kategori aduan: an editable list with sensible defaults. A category in use can be
//! renamed (complaints refer to it by id) but not deleted, so no complaint loses its
//! category and the monthly report keeps adding up.

use crate::error::{Error, Result};
use crate::text::{check_length, clean_line};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const MAX_NAME_CHARS: usize = 80;

/// The category complaints fall back to when an import leaves it empty.
pub const FALLBACK: &str = "Lainnya";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Category {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// How many complaints use it; a category in use cannot be deleted.
    pub in_use: u32,
}

/// All categories in the agency's order ("Lainnya" last).
pub fn list(conn: &Connection) -> Result<Vec<Category>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.name,
                (SELECT count(*) FROM complaints c WHERE c.category_id = k.id)
         FROM complaint_categories k ORDER BY k.position, k.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Category {
            id: r.get(0)?,
            name: r.get(1)?,
            in_use: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Category> {
    conn.query_row(
        "SELECT k.id, k.name, (SELECT count(*) FROM complaints c WHERE c.category_id = k.id)
         FROM complaint_categories k WHERE k.id = ?1",
        [id],
        |r| {
            Ok(Category {
                id: r.get(0)?,
                name: r.get(1)?,
                in_use: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Kategori" })
}

/// Finds a category by name, ignoring case and extra spaces (for import and the CLI).
pub fn find_by_name(conn: &Connection, name: &str) -> Result<Option<Category>> {
    let name = clean_line(name);
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM complaint_categories WHERE name = ?1 COLLATE NOCASE",
            [&name],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| get(conn, id)).transpose()
}

fn checked_name(conn: &Connection, name: &str, except: Option<i64>) -> Result<String> {
    let name = clean_line(name);
    if name.is_empty() {
        return Err(Error::invalid(
            "category_name",
            "Nama kategori wajib diisi.",
        ));
    }
    check_length("category_name", "Nama kategori", &name, MAX_NAME_CHARS)?;
    let taken: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM complaint_categories
                       WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2)",
        params![name, except],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::invalid(
            "category_name",
            format!("Kategori \"{name}\" sudah ada."),
        ));
    }
    Ok(name)
}

/// Adds a category before "Lainnya".
pub fn create(conn: &Connection, name: &str) -> Result<Category> {
    let name = checked_name(conn, name, None)?;
    conn.execute(
        "INSERT INTO complaint_categories (name, position)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM complaint_categories WHERE position < 99))",
        [&name],
    )?;
    get(conn, conn.last_insert_rowid())
}

/// Renames a category; its complaints follow, and search finds them by the new name.
pub fn rename(conn: &Connection, id: i64, name: &str) -> Result<Category> {
    get(conn, id)?;
    let name = checked_name(conn, name, Some(id))?;
    conn.execute(
        "UPDATE complaint_categories SET name = ?2 WHERE id = ?1",
        params![id, name],
    )?;
    get(conn, id)
}

/// Deletes a category no complaint uses.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let category = get(conn, id)?;
    if category.in_use > 0 {
        return Err(Error::invalid(
            "category",
            format!(
                "Kategori \"{}\" dipakai oleh {} aduan dan tidak dapat dihapus. Ganti namanya saja, atau pindahkan aduannya dulu.",
                category.name, category.in_use
            ),
        ));
    }
    conn.execute("DELETE FROM complaint_categories WHERE id = ?1", [id])?;
    conn.execute(
        "DELETE FROM settings WHERE key = ?1",
        [format!("aduan.tenggat.kategori.{id}")],
    )?;
    Ok(())
}
