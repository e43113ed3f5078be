//! `medsos-hub store copy`: a hub's SQLite file copied whole into a PostgreSQL database, for a
//! hub moving to PostgreSQL. The two sides stay behind the storage seam: the SQLite store
//! reads ([`super::sqlite::copy`]), the PostgreSQL store writes ([`super::postgres::copy`]),
//! and this module only plans and checks, in the engine-neutral [`Value`].
//!
//! - Driven by the schemas themselves, not by a list per table: every table of PostgreSQL's
//!   schema is filled from the same-named SQLite table, column by column by name, each value
//!   converted to the PostgreSQL column's type. A table or column on one side only stops the
//!   copy before anything is written, naming it, so a column added later to both schemas is
//!   copied without a change here, and one added to a single side is never silently dropped.
//! - Ids are kept, so every reference between rows stays valid; identity sequences are then
//!   moved past the highest id so the hub's next rows do not collide.
//! - One read transaction on SQLite (a consistent snapshot while a hub keeps serving from the
//!   file) and one transaction on PostgreSQL: the target's tables are emptied, filled and
//!   their counts checked against the source's before the commit. A failure anywhere rolls
//!   back and leaves the target as it was; running the copy again gives the same result.
//! - The public registry's generation ends above what the target had, so a hub already
//!   serving from the target rebuilds its registry.

use super::postgres::copy::{Column, Load};
use super::sqlite::copy::Snapshot;
use super::PgStore;
use crate::error::Error;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One cell as read from SQLite: its storage classes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    /// The value in a few words, for a message naming a row the copy could not take.
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "NULL".to_owned(),
            Value::Integer(n) => format!("bilangan {n}"),
            Value::Real(x) => format!("bilangan pecahan {x}"),
            Value::Text(text) => {
                let short: String = text.chars().take(40).collect();
                if short.len() < text.len() {
                    format!("teks \"{short}…\"")
                } else {
                    format!("teks \"{short}\"")
                }
            }
            Value::Blob(bytes) => format!("data biner {} bita", bytes.len()),
        }
    }
}

/// Where a source hands its rows, one by one, values in the order asked for.
pub type RowSink<'s> = &'s mut dyn FnMut(Vec<Value>) -> Result<(), Error>;

/// Tables an engine keeps for itself, not the hub's data: never copied, never compared.
/// PostgreSQL records its applied migrations in `medsos_schema_version`; SQLite keeps its
/// version in `PRAGMA user_version` (no table), and its own `sqlite_*` tables are left out by
/// [`Snapshot::tables`]. The target's version stays its own: `PgStore::connect` brought it
/// to the latest before the copy.
pub const ENGINE_TABLES: &[&str] = &["medsos_schema_version"];

/// PostgreSQL's own summaries of copied tables, kept by its triggers (`overview_months`: the
/// overview's monthly rollup of `day_facts`, see `005_overview_indexes.sql`): not copied and
/// not compared, but emptied with the rest, so the triggers fill them again from the rows the
/// copy writes.
pub const DERIVED_TABLES: &[&str] = &["overview_months"];

/// One table's rows on each side after the copy (equal, or the copy would have failed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: String,
    pub sqlite: u64,
    pub postgres: u64,
}

/// What a finished copy did.
#[derive(Debug, Clone)]
pub struct Copied {
    /// The target as `user@host:port/database` (no password).
    pub target: String,
    /// Every table copied, by name.
    pub tables: Vec<TableCount>,
    /// The registry's generation on the target now.
    pub registry_generation: Option<i64>,
}

/// Copies the hub at `source` (an existing SQLite file, opened and migrated as the hub opens
/// it) into the PostgreSQL database at `target_url` (connected and migrated with
/// [`PgStore::connect`]), replacing everything the target held. See the module doc.
pub fn sqlite_to_postgres(source: &Path, target_url: &str) -> Result<Copied, Error> {
    let snapshot = Snapshot::open(source)?;
    let store = PgStore::connect_with(target_url, 1)?;
    let target = super::postgres::copy::describe_url(target_url);
    let (tables, registry_generation) = store.load(|load| copy_into(&snapshot, load))?;
    Ok(Copied {
        target,
        tables,
        registry_generation,
    })
}

/// Everything between the target's `BEGIN` and `COMMIT`.
fn copy_into(
    snapshot: &Snapshot,
    load: &mut Load<'_>,
) -> Result<(Vec<TableCount>, Option<i64>), Error> {
    let plan = plan(snapshot, load)?;
    let before = load.registry_generation()?;
    let names: Vec<String> = plan.keys().cloned().collect();
    let derived: Vec<String> = load
        .tables()?
        .into_iter()
        .filter(|t| DERIVED_TABLES.contains(&t.as_str()))
        .collect();
    load.empty(&[names.clone(), derived].concat())?;
    for table in load.insertion_order(&names)? {
        let Some(columns) = plan.get(&table) else {
            continue;
        };
        let wanted: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        load.fill(&table, columns, &mut |sink| {
            snapshot.each_row(&table, &wanted, sink)
        })?;
    }
    // Counted once everything is in: a trigger of one table writing to another shows here.
    let mut counts = Vec::with_capacity(names.len());
    let mut differ = Vec::new();
    for table in &names {
        let count = TableCount {
            table: table.clone(),
            sqlite: snapshot.count(table)?,
            postgres: load.count(table)?,
        };
        if count.sqlite != count.postgres {
            differ.push(format!(
                "{} (SQLite {}, PostgreSQL {})",
                count.table, count.sqlite, count.postgres
            ));
        }
        counts.push(count);
    }
    if !differ.is_empty() {
        return Err(Error::StoreCopy(format!(
            "jumlah baris tidak sama setelah disalin: {}.",
            differ.join(", ")
        )));
    }
    load.move_identities_past_ids(&names)?;
    let generation = load.advance_registry_generation(before)?;
    Ok((counts, generation))
}

/// The tables to copy with the target's columns, once both schemas are found to match; every
/// difference is named at once.
fn plan(snapshot: &Snapshot, load: &mut Load<'_>) -> Result<BTreeMap<String, Vec<Column>>, Error> {
    let on_sqlite: BTreeSet<String> = snapshot.tables()?.into_iter().collect();
    let on_postgres: BTreeSet<String> = load
        .tables()?
        .into_iter()
        .filter(|t| !ENGINE_TABLES.contains(&t.as_str()) && !DERIVED_TABLES.contains(&t.as_str()))
        .collect();
    let mut problems = Vec::new();
    let only_sqlite: Vec<&str> = on_sqlite
        .difference(&on_postgres)
        .map(String::as_str)
        .collect();
    if !only_sqlite.is_empty() {
        problems.push(format!(
            "tabel hanya ada di SQLite: {}",
            only_sqlite.join(", ")
        ));
    }
    let only_postgres: Vec<&str> = on_postgres
        .difference(&on_sqlite)
        .map(String::as_str)
        .collect();
    if !only_postgres.is_empty() {
        problems.push(format!(
            "tabel hanya ada di PostgreSQL: {}",
            only_postgres.join(", ")
        ));
    }
    let mut plan = BTreeMap::new();
    for table in on_sqlite.intersection(&on_postgres) {
        let columns = load.columns(table)?;
        let source: BTreeSet<String> = snapshot.columns(table)?.into_iter().collect();
        let target: BTreeSet<String> = columns.iter().map(|c| c.name.clone()).collect();
        for name in source.difference(&target) {
            problems.push(format!("kolom {table}.{name} hanya ada di SQLite"));
        }
        for name in target.difference(&source) {
            problems.push(format!("kolom {table}.{name} hanya ada di PostgreSQL"));
        }
        for column in &columns {
            if let Some(problem) = column.unsupported(table) {
                problems.push(problem);
            }
        }
        plan.insert(table.clone(), columns);
    }
    if !problems.is_empty() {
        return Err(Error::StoreCopy(format!(
            "skema kedua basis data tidak sepadan ({}). Pastikan SQLite dan PostgreSQL \
             dimutakhirkan oleh Medsos Hub versi yang sama.",
            problems.join("; ")
        )));
    }
    Ok(plan)
}
