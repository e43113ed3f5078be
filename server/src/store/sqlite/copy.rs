//! The SQLite side of `store copy` (see `store::copy`): the hub's file read in one read
//! transaction, so every table is read at the same instant even while a hub keeps serving
//! from the file (WAL lets the reader and the writer work at once).

use crate::error::Error;
use crate::store::copy::{RowSink, Value};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The source hub, opened and held at one snapshot until dropped.
pub struct Snapshot {
    conn: Connection,
    path: PathBuf,
}

impl Snapshot {
    /// Opens the hub's file as the hub does ([`super::open`]: migrated to the latest schema,
    /// a file from a newer hub refused) and starts the read transaction. A path that is not
    /// a file is refused: the copy never makes an empty hub.
    pub fn open(path: &Path) -> Result<Self, Error> {
        if !path.is_file() {
            return Err(Error::StoreOpen {
                path: path.to_path_buf(),
                detail: "berkas tidak ditemukan. Periksa --from: sebutkan berkas SQLite hub \
                         yang sudah ada, mis. sqlite:/var/lib/medsos-hub/hub.sqlite3."
                    .to_owned(),
            });
        }
        let conn = super::open(path)?;
        let fail = |e: rusqlite::Error| Error::StoreOpen {
            path: path.to_path_buf(),
            detail: format!("tidak dapat mulai membaca: {e}"),
        };
        // A deferred transaction takes its snapshot at its first read, made here at once.
        conn.execute_batch("BEGIN DEFERRED").map_err(fail)?;
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
            row.get::<_, i64>(0)
        })
        .map_err(fail)?;
        Ok(Snapshot {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The hub's tables by name: not views, not SQLite's own `sqlite_*` tables.
    pub fn tables(&self) -> Result<Vec<String>, Error> {
        let mut statement = self.conn.prepare(
            "SELECT name FROM sqlite_schema
             WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY name",
        )?;
        let names = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(names)
    }

    /// The columns of `table` by name, in their order.
    pub fn columns(&self, table: &str) -> Result<Vec<String>, Error> {
        let mut statement = self
            .conn
            .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
        let names = statement
            .query_map([table], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(names)
    }

    /// How many rows `table` holds in the snapshot.
    pub fn count(&self, table: &str) -> Result<u64, Error> {
        let count: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM {}", ident(table)),
            [],
            |row| row.get(0),
        )?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Hands every row of `table` to `sink`, `columns` in that order; stops at the first
    /// error, the sink's or the read's. Returns the rows read.
    pub fn each_row(
        &self,
        table: &str,
        columns: &[String],
        sink: RowSink<'_>,
    ) -> Result<u64, Error> {
        let list: Vec<String> = columns.iter().map(|c| ident(c)).collect();
        let mut statement =
            self.conn
                .prepare(&format!("SELECT {} FROM {}", list.join(", "), ident(table)))?;
        let mut rows = statement.query([])?;
        let mut read = 0u64;
        while let Some(row) = rows.next()? {
            read += 1;
            let mut values = Vec::with_capacity(columns.len());
            for (i, column) in columns.iter().enumerate() {
                values.push(match row.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::Integer(n),
                    ValueRef::Real(x) => Value::Real(x),
                    ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
                        Ok(text) => Value::Text(text.to_owned()),
                        Err(_) => {
                            return Err(Error::StoreCopy(format!(
                                "tabel {table}, baris ke-{read}, kolom {column} di {}: teksnya \
                                 bukan UTF-8 yang sah.",
                                self.path.display()
                            )))
                        }
                    },
                    ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
                });
            }
            sink(values)?;
        }
        Ok(read)
    }
}

/// `name` as an SQL identifier, quoted.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
