//! The hub's storage seam: what the handlers, the dashboard and the admin CLI may ask of the
//! store ([`HubStore`]), in the hub's own types and errors, and the handle the server shares
//! ([`Store`]). SQLite ([`sqlite`], the default) and PostgreSQL ([`postgres`], see
//! `docs/postgresql.md`) implement it, each the only place that knows its database driver or
//! holds its SQL; no handler knows which one it runs on.
//!
//! # Blocking, run on the blocking pool
//!
//! [`HubStore`] is a blocking trait (`Send + Sync`, methods of `&self`) and [`Store::run`]
//! moves each unit of work onto tokio's blocking pool. Chosen over an async trait because:
//! - SQLite, the default for one regency, blocks; an async trait would only wrap every method
//!   in its own `spawn_blocking`, a thread hop per query instead of one per request.
//! - The dashboard's heavy work is the computing over the rows (scores, periods), which must
//!   run off the async runtime anyway; with one blocking closure the query and the computing
//!   share one hop. The overview's sums come from [`HubStore::overview_totals`]: SQLite
//!   streams `day_facts` rows into them without collecting a year of rows first, PostgreSQL
//!   sums in the database.
//! - The admin CLI calls the same methods plainly, with no runtime.
//! - PostgreSQL fits the same shape: [`PgStore`] holds a connection pool (r2d2 over the
//!   blocking `postgres` crate; see its module doc for why not sqlx or tokio-postgres) and each
//!   method takes a pooled connection. Hub processes stay stateless; the
//!   pool's size, not the blocking pool's 512 threads, bounds the queries in flight.
//!
//! Each method is one unit of the hub's work and is atomic on its own (one transaction where
//! it writes several rows), so no caller needs a transaction handle.
//!
//! The domain types the methods speak live here by area (`store::accounts::Claim`, ...), with
//! the rules that need no database (password hashing, the holidays CSV); [`sqlite`] maps rows
//! to them.

pub mod accounts;
pub mod agencies;
pub mod audit;
pub mod briefs;
pub mod copy;
pub mod dashboard;
pub mod devices;
pub mod enrolments;
pub mod holidays;
mod hub_store;
pub mod impersonation_reports;
pub mod meta;
pub mod postgres;
pub mod regions;
pub mod releases;
pub mod sqlite;
pub mod summaries;
pub mod throttle;
pub mod users;

pub use self::postgres::PgStore;
pub use hub_store::HubStore;
pub use meta::MetaStore;
pub use releases::ReleaseStore;
pub use sqlite::migrations::LATEST_VERSION;
pub use sqlite::SqliteStore;

use crate::error::Error;
use std::path::Path;
use std::sync::Arc;

/// The store as the server shares it between requests: any [`HubStore`] behind an `Arc`.
#[derive(Clone)]
pub struct Store(Arc<dyn HubStore>);

impl Store {
    pub fn new(store: impl HubStore + 'static) -> Self {
        Store(Arc::new(store))
    }

    /// The default store: SQLite at `path` (see [`SqliteStore::open`]).
    pub fn open(path: &Path) -> Result<Self, Error> {
        Ok(Store::new(SqliteStore::open(path)?))
    }

    /// A store already opened behind the trait (the admin commands' `--db` or
    /// `--database-url`).
    pub fn from_boxed(store: Box<dyn HubStore>) -> Self {
        Store(Arc::from(store))
    }

    /// The store on PostgreSQL at `url` (see [`PgStore::connect`]): connected, migrated,
    /// pooled; a server that cannot be used is [`Error::StoreConnect`].
    pub fn connect(url: &str) -> Result<Self, Error> {
        Ok(Store::new(PgStore::connect(url)?))
    }

    /// Runs `work` against the store on tokio's blocking pool (see the module doc).
    pub async fn run<T, F>(&self, work: F) -> Result<T, Error>
    where
        F: FnOnce(&dyn HubStore) -> Result<T, Error> + Send + 'static,
        T: Send + 'static,
    {
        let store = Arc::clone(&self.0);
        tokio::task::spawn_blocking(move || work(store.as_ref())).await?
    }
}
