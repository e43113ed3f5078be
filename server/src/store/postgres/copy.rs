//! The PostgreSQL side of `store copy` (see `store::copy`): one transaction that empties the
//! hub's tables, fills them with `COPY … FROM STDIN (FORMAT binary)` (the fastest way in,
//! no SQL text per row), counts them, moves the identity sequences past the ids copied and
//! advances the registry's generation; committed only when the caller's work succeeds.

use super::{describe_target, PgStore};
use crate::error::Error;
use crate::store::copy::{RowSink, Value};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::error::SqlState;
use postgres::types::{ToSql, Type};
use postgres::Transaction;
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// How long emptying a table may wait for a hub still using it before the copy gives up.
const LOCK_TIMEOUT: &str = "30s";

/// The target's URL as `user@host:port/database`, never the password.
pub fn describe_url(url: &str) -> String {
    postgres::Config::from_str(url)
        .map(|config| describe_target(&config))
        .unwrap_or_else(|_| "(alamat tidak terbaca)".to_owned())
}

impl PgStore {
    /// Runs `work` in one transaction on one connection and commits when it succeeds; any
    /// error rolls everything back.
    pub(crate) fn load<T>(
        &self,
        work: impl FnOnce(&mut Load<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let mut load = Load { tx };
        load.tx
            .batch_execute(&format!("SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))?;
        let out = work(&mut load).map_err(|e| {
            let detail = match e {
                Error::StoreCopy(detail) => detail,
                other => other.to_string(),
            };
            Error::StoreCopy(format!(
                "{detail} Semua perubahan dibatalkan: basis data tujuan tetap seperti sebelum \
                 perintah ini."
            ))
        })?;
        load.tx.commit().map_err(|e| {
            Error::StoreCopy(format!(
                "PostgreSQL tidak menyimpan salinan (COMMIT gagal: {}). Bila koneksi terputus \
                 saat itu, belum pasti apakah salinan tersimpan: jalankan perintah ini lagi.",
                Error::from(e)
            ))
        })?;
        Ok(out)
    }
}

/// The copy's transaction on the target.
pub struct Load<'a> {
    tx: Transaction<'a>,
}

/// The column types the copy knows how to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int8,
    Int4,
    Int2,
    Bool,
    Text,
    Bytea,
    Float8,
    Float4,
}

impl Kind {
    fn of(udt_name: &str) -> Option<Kind> {
        Some(match udt_name {
            "int8" => Kind::Int8,
            "int4" => Kind::Int4,
            "int2" => Kind::Int2,
            "bool" => Kind::Bool,
            "text" => Kind::Text,
            "varchar" => Kind::Text,
            "bytea" => Kind::Bytea,
            "float8" => Kind::Float8,
            "float4" => Kind::Float4,
            _ => return None,
        })
    }

    fn pg_type(self, udt_name: &str) -> Type {
        match self {
            Kind::Int8 => Type::INT8,
            Kind::Int4 => Type::INT4,
            Kind::Int2 => Type::INT2,
            Kind::Bool => Type::BOOL,
            Kind::Text if udt_name == "varchar" => Type::VARCHAR,
            Kind::Text => Type::TEXT,
            Kind::Bytea => Type::BYTEA,
            Kind::Float8 => Type::FLOAT8,
            Kind::Float4 => Type::FLOAT4,
        }
    }
}

/// One column of a target table, as `information_schema.columns` describes it.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    udt_name: String,
    kind: Option<Kind>,
}

impl Column {
    /// Why this column cannot be written, if it cannot.
    pub fn unsupported(&self, table: &str) -> Option<String> {
        self.kind.is_none().then(|| {
            format!(
                "kolom {table}.{} bertipe PostgreSQL {} yang belum dapat disalin",
                self.name, self.udt_name
            )
        })
    }

    /// `value` as this column takes it.
    fn cell(&self, value: Value) -> Result<Cell, String> {
        let kind = self
            .kind
            .ok_or_else(|| "tipe kolom tidak dikenal".to_owned())?;
        let wrong = |value: &Value| {
            format!(
                "{} tidak dapat disimpan di kolom bertipe {}",
                value.describe(),
                self.udt_name
            )
        };
        Ok(match (kind, value) {
            (Kind::Int8, Value::Null) => Cell::Int8(None),
            (Kind::Int4, Value::Null) => Cell::Int4(None),
            (Kind::Int2, Value::Null) => Cell::Int2(None),
            (Kind::Bool, Value::Null) => Cell::Bool(None),
            (Kind::Text, Value::Null) => Cell::Text(None),
            (Kind::Bytea, Value::Null) => Cell::Bytea(None),
            (Kind::Float8, Value::Null) => Cell::Float8(None),
            (Kind::Float4, Value::Null) => Cell::Float4(None),
            (Kind::Int8, Value::Integer(n)) => Cell::Int8(Some(n)),
            (Kind::Int4, Value::Integer(n)) => Cell::Int4(Some(
                i32::try_from(n).map_err(|_| wrong(&Value::Integer(n)))?,
            )),
            (Kind::Int2, Value::Integer(n)) => Cell::Int2(Some(
                i16::try_from(n).map_err(|_| wrong(&Value::Integer(n)))?,
            )),
            // SQLite keeps flags as 0/1.
            (Kind::Bool, Value::Integer(0)) => Cell::Bool(Some(false)),
            (Kind::Bool, Value::Integer(1)) => Cell::Bool(Some(true)),
            (Kind::Text, Value::Text(text)) => {
                if text.contains('\0') {
                    return Err(format!(
                        "{} memuat karakter NUL, yang tidak diterima teks PostgreSQL",
                        Value::Text(text).describe()
                    ));
                }
                Cell::Text(Some(text))
            }
            (Kind::Bytea, Value::Blob(bytes)) => Cell::Bytea(Some(bytes)),
            (Kind::Float8, Value::Real(x)) => Cell::Float8(Some(x)),
            #[allow(clippy::cast_precision_loss)]
            (Kind::Float8, Value::Integer(n)) => Cell::Float8(Some(n as f64)),
            #[allow(clippy::cast_possible_truncation)]
            (Kind::Float4, Value::Real(x)) => Cell::Float4(Some(x as f32)),
            #[allow(clippy::cast_precision_loss)]
            (Kind::Float4, Value::Integer(n)) => Cell::Float4(Some(n as f32)),
            (_, other) => return Err(wrong(&other)),
        })
    }
}

/// A value typed for the binary COPY.
enum Cell {
    Int8(Option<i64>),
    Int4(Option<i32>),
    Int2(Option<i16>),
    Bool(Option<bool>),
    Text(Option<String>),
    Bytea(Option<Vec<u8>>),
    Float8(Option<f64>),
    Float4(Option<f32>),
}

impl Cell {
    /// The value in a few words, for a message naming its row.
    fn describe(&self) -> String {
        match self {
            Cell::Int8(v) => shown(v.as_ref()),
            Cell::Int4(v) => shown(v.as_ref()),
            Cell::Int2(v) => shown(v.as_ref()),
            Cell::Bool(v) => shown(v.as_ref()),
            Cell::Text(v) => v
                .clone()
                .map_or_else(|| "NULL".to_owned(), |t| Value::Text(t).describe()),
            Cell::Bytea(v) => v
                .clone()
                .map_or_else(|| "NULL".to_owned(), |b| Value::Blob(b).describe()),
            Cell::Float8(v) => shown(v.as_ref()),
            Cell::Float4(v) => shown(v.as_ref()),
        }
    }

    fn as_sql(&self) -> &(dyn ToSql + Sync) {
        match self {
            Cell::Int8(v) => v,
            Cell::Int4(v) => v,
            Cell::Int2(v) => v,
            Cell::Bool(v) => v,
            Cell::Text(v) => v,
            Cell::Bytea(v) => v,
            Cell::Float8(v) => v,
            Cell::Float4(v) => v,
        }
    }
}

/// A number or flag as text; NULL when absent.
fn shown(value: Option<&impl std::fmt::Display>) -> String {
    value.map_or_else(|| "NULL".to_owned(), ToString::to_string)
}

/// PostgreSQL's refusal in full (message, detail, where: the row it refused), or the lost
/// connection.
fn refused(table: &str, e: postgres::Error) -> Error {
    match e.as_db_error() {
        Some(db) if db.code() == &SqlState::LOCK_NOT_AVAILABLE => Error::StoreCopy(format!(
            "tabel {table} sedang dipakai proses lain lebih dari {LOCK_TIMEOUT}. Hentikan hub \
             yang memakai basis data tujuan, lalu ulangi."
        )),
        Some(db) => {
            let mut text = format!(
                "PostgreSQL menolak isi tabel {table}: {} ({})",
                db.message(),
                db.code().code()
            );
            if let Some(detail) = db.detail() {
                text.push_str(&format!("; {detail}"));
            }
            if let Some(place) = db.where_() {
                text.push_str(&format!("; {place}"));
            }
            Error::StoreCopy(format!("{text}."))
        }
        None => Error::StoreCopy(format!(
            "koneksi ke PostgreSQL gagal saat mengisi tabel {table}: {e}."
        )),
    }
}

impl Load<'_> {
    /// The hub's tables in the current schema, by name (views excluded).
    pub fn tables(&mut self) -> Result<Vec<String>, Error> {
        let rows = self.tx.query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
             ORDER BY table_name",
            &[],
        )?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    /// The columns of `table` that take values, in their order (generated ones are
    /// computed by PostgreSQL).
    pub fn columns(&mut self, table: &str) -> Result<Vec<Column>, Error> {
        let rows = self.tx.query(
            "SELECT column_name::text, udt_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name::text = $1
               AND is_generated = 'NEVER'
             ORDER BY ordinal_position",
            &[&table],
        )?;
        Ok(rows
            .iter()
            .map(|row| {
                let udt_name: String = row.get(1);
                Column {
                    name: row.get(0),
                    kind: Kind::of(&udt_name),
                    udt_name,
                }
            })
            .collect())
    }

    /// `tables` with every table after the tables its foreign keys point to, so each row's
    /// references are already there when it is written (ties by name).
    pub fn insertion_order(&mut self, tables: &[String]) -> Result<Vec<String>, Error> {
        let rows = self.tx.query(
            "SELECT child.relname::text, parent.relname::text
             FROM pg_constraint k
             JOIN pg_class child ON child.oid = k.conrelid
             JOIN pg_class parent ON parent.oid = k.confrelid
             JOIN pg_namespace n ON n.oid = child.relnamespace
             WHERE k.contype = 'f' AND n.nspname = current_schema()",
            &[],
        )?;
        let wanted: BTreeSet<&str> = tables.iter().map(String::as_str).collect();
        let mut needs: BTreeMap<String, BTreeSet<String>> = tables
            .iter()
            .map(|t| (t.clone(), BTreeSet::new()))
            .collect();
        for row in &rows {
            let (child, parent): (String, String) = (row.get(0), row.get(1));
            if child != parent
                && wanted.contains(child.as_str())
                && wanted.contains(parent.as_str())
            {
                needs.entry(child).or_default().insert(parent);
            }
        }
        let mut order = Vec::with_capacity(tables.len());
        while !needs.is_empty() {
            let ready: Vec<String> = needs
                .iter()
                .filter(|(_, parents)| parents.is_empty())
                .map(|(t, _)| t.clone())
                .collect();
            if ready.is_empty() {
                let stuck: Vec<&str> = needs.keys().map(String::as_str).collect();
                return Err(Error::StoreCopy(format!(
                    "kunci asing tabel {} saling merujuk; urutan penyalinan tidak dapat \
                     ditentukan.",
                    stuck.join(", ")
                )));
            }
            for table in &ready {
                needs.remove(table);
            }
            for parents in needs.values_mut() {
                for table in &ready {
                    parents.remove(table);
                }
            }
            order.extend(ready);
        }
        Ok(order)
    }

    /// Empties `tables` and restarts their identities. Not CASCADE: a table outside the hub
    /// referring to one of them makes this fail rather than be emptied unasked.
    pub fn empty(&mut self, tables: &[String]) -> Result<(), Error> {
        if tables.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = tables.iter().map(|t| ident(t)).collect();
        self.tx
            .batch_execute(&format!("TRUNCATE {} RESTART IDENTITY", list.join(", ")))
            .map_err(|e| refused(&list.join(", "), e))
    }

    /// Writes into `table` every row `feed` hands to its sink, `columns` in that order, and
    /// returns the rows PostgreSQL took.
    pub fn fill(
        &mut self,
        table: &str,
        columns: &[Column],
        feed: &mut dyn FnMut(RowSink<'_>) -> Result<u64, Error>,
    ) -> Result<u64, Error> {
        let list: Vec<String> = columns.iter().map(|c| ident(&c.name)).collect();
        let sql = format!(
            "COPY {} ({}) FROM STDIN (FORMAT binary)",
            ident(table),
            list.join(", ")
        );
        let types: Vec<Type> = columns
            .iter()
            .map(|c| c.kind.map_or(Type::TEXT, |k| k.pg_type(&c.udt_name)))
            .collect();
        let writer = self.tx.copy_in(&sql).map_err(|e| refused(table, e))?;
        let mut writer = BinaryCopyInWriter::new(writer, &types);
        let mut row_number = 0u64;
        let mut cells: Vec<Cell> = Vec::with_capacity(columns.len());
        let mut sink = |values: Vec<Value>| -> Result<(), Error> {
            row_number += 1;
            cells.clear();
            for (column, value) in columns.iter().zip(values) {
                match column.cell(value) {
                    Ok(cell) => cells.push(cell),
                    Err(why) => {
                        // The row is named by its first column (an id, mostly), already
                        // converted unless it is the one refused.
                        let first = match (columns.first(), cells.first()) {
                            (Some(c), Some(cell)) => format!(" ({} {})", c.name, cell.describe()),
                            _ => String::new(),
                        };
                        return Err(Error::StoreCopy(format!(
                            "tabel {table}, baris ke-{row_number}{first}, kolom {}: {why}.",
                            column.name
                        )));
                    }
                }
            }
            let refs: Vec<&(dyn ToSql + Sync)> = cells.iter().map(Cell::as_sql).collect();
            writer.write(&refs).map_err(|e| refused(table, e))
        };
        feed(&mut sink)?;
        writer.finish().map_err(|e| refused(table, e))
    }

    /// How many rows `table` holds in this transaction.
    pub fn count(&mut self, table: &str) -> Result<u64, Error> {
        let count: i64 = self
            .tx
            .query_one(&format!("SELECT count(*) FROM {}", ident(table)), &[])?
            .get(0);
        Ok(u64::try_from(count).unwrap_or_default())
    }

    /// Sets each identity (or serial) sequence of `tables` to follow its column's highest
    /// value, so the next row the hub adds takes a fresh id.
    pub fn move_identities_past_ids(&mut self, tables: &[String]) -> Result<(), Error> {
        let rows = self.tx.query(
            "SELECT table_name::text, column_name::text, sequence FROM (
                 SELECT table_name, column_name,
                        pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence
                 FROM information_schema.columns
                 WHERE table_schema = current_schema()
             ) s WHERE sequence IS NOT NULL",
            &[],
        )?;
        for row in &rows {
            let (table, column, sequence): (String, String, String) =
                (row.get(0), row.get(1), row.get(2));
            if !tables.contains(&table) {
                continue;
            }
            self.tx.execute(
                &format!(
                    "SELECT setval($1::text::regclass, COALESCE((SELECT MAX({}) FROM {}), 0) + 1, false)",
                    ident(&column),
                    ident(&table)
                ),
                &[&sequence],
            )?;
        }
        Ok(())
    }

    /// The public registry's generation (None without the table).
    pub fn registry_generation(&mut self) -> Result<Option<i64>, Error> {
        let exists: bool = self
            .tx
            .query_one("SELECT to_regclass('registry_generation') IS NOT NULL", &[])?
            .get(0);
        if !exists {
            return Ok(None);
        }
        Ok(self
            .tx
            .query_one("SELECT MAX(generation) FROM registry_generation", &[])?
            .get(0))
    }

    /// Moves the registry's generation above both what the target had `before` the copy and
    /// what was copied, so a hub serving from the target sees a new generation and rebuilds
    /// its registry from the rows copied.
    pub fn advance_registry_generation(
        &mut self,
        before: Option<i64>,
    ) -> Result<Option<i64>, Error> {
        if self.registry_generation()?.is_none() {
            return Ok(None);
        }
        let row = self.tx.query_opt(
            "UPDATE registry_generation SET generation = GREATEST(generation, $1) + 1
             RETURNING generation",
            &[&before.unwrap_or(0)],
        )?;
        Ok(row.map(|r| r.get(0)))
    }
}

/// `name` as an SQL identifier, quoted.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
