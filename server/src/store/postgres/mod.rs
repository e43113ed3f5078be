//! The hub's PostgreSQL store: for a province or the nation, several stateless hub
//! processes on one database the operator already runs and replicates. Like [`super::sqlite`],
//! it is the only part of the hub that knows its driver or holds its SQL.
//!
//! # Client library: `postgres` (blocking) behind an `r2d2` pool
//!
//! [`HubStore`](super::HubStore) is a blocking trait whose calls run on tokio's blocking pool
//! (see the `store` module doc). The `postgres` crate is the blocking face of
//! `tokio-postgres` (same protocol code, its own small runtime per connection), so each method
//! is plain code over a pooled connection, the admin CLI calls the same methods with no runtime,
//! and nothing calls `Handle::block_on` from a blocking thread as sqlx or tokio-postgres would
//! need. `r2d2` + `r2d2_postgres` give the pool: its size, not the blocking pool's 512 threads,
//! bounds the queries in flight, and a broken connection is dropped and replaced. The majors are
//! pinned in the workspace `Cargo.toml` (r2d2_postgres 0.18 is built against postgres 0.19).
//!
//! # Schema
//!
//! Its own numbered migrations (`server/migrations/postgres/`), each applied in one transaction
//! together with its row in `medsos_schema_version`, under a transaction-scoped advisory lock so
//! that two hub processes starting at once migrate once: an interrupted migration rolls back
//! whole and is applied again at the next start. Instants and days stay the same fixed-width
//! text as in SQLite (see `001_schema.sql` for why).
//!
//! # Layout
//!
//! Every method of [`HubStore`](super::HubStore), [`MetaStore`](super::MetaStore),
//! [`MetaInsightStore`](super::meta::MetaInsightStore) and [`ReleaseStore`](super::ReleaseStore)
//! is implemented, translated from the SQLite store query by query: each area is an
//! `impl PgStore` block of inherent methods in its module, and `hub_store.rs` hands the trait's
//! calls to them. Connections are plain TCP (`NoTls`): reach the database over loopback or a
//! private network (see `docs/postgresql.md`).

mod accounts;
mod agencies;
mod audit;
mod briefs;
pub mod copy;
mod dashboard;
mod devices;
mod enrolments;
mod holidays;
mod hub_store;
mod impersonation_reports;
mod meta;
pub mod migrations;
mod regions;
mod releases;
mod summaries;
mod throttle;
mod users;

pub use migrations::LATEST_VERSION;

use crate::error::Error;
use postgres::error::SqlState;
use postgres::{Client, NoTls, Statement};
use r2d2_postgres::PostgresConnectionManager;
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// PostgreSQL's errors are the store's own failure to the rest of the hub: the text is kept
/// for the log, the driver stays here.
/// A lost connection or a server shutting down or starting is [`Error::StoreUnavailable`]
/// (503, the pool reconnects by itself); any other failure is [`Error::Store`].
impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        match e.as_db_error() {
            Some(db) => {
                let text = format!("{}: {}", db.code().code(), db.message());
                let code = db.code().code();
                // Class 08: connection exception; 57P01-57P03: admin shutdown, crash
                // shutdown, cannot connect now (starting up).
                if code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03") {
                    Error::StoreUnavailable(text)
                } else {
                    Error::Store(text)
                }
            }
            None if e.is_closed() || is_connection_failure(&e) => {
                Error::StoreUnavailable(e.to_string())
            }
            None => Error::Store(e.to_string()),
        }
    }
}

/// The error (or one it was caused by) is the network's: the server gone, refused or reset.
fn is_connection_failure(e: &postgres::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(cause) = source {
        if cause.is::<std::io::Error>() {
            return true;
        }
        source = cause.source();
    }
    false
}

/// No connection came free within the pool's timeout: the database down, or every
/// connection busy for that long. Either way the client should come back shortly.
impl From<r2d2::Error> for Error {
    fn from(e: r2d2::Error) -> Self {
        Error::StoreUnavailable(format!(
            "tidak ada koneksi basis data dalam batas waktu: {e}"
        ))
    }
}

/// How long a first connection may take before the hub gives up with a message.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request waits for a free pooled connection before it is answered 503.
const POOL_TIMEOUT: Duration = Duration::from_secs(5);

/// Connections per hub process unless told otherwise.
pub const DEFAULT_POOL_SIZE: u32 = 16;

type Pool = r2d2::Pool<Manager>;
pub(crate) type Conn = r2d2::PooledConnection<Manager>;

/// One pooled connection and the statements prepared on it. A query given as text is parsed
/// and planned by the server on every call, a round trip of its own before the one that runs
/// it; the hot paths (a PC's token, a summary batch) instead prepare their statements once per
/// connection with [`Connection::statement`] and only bind and run them afterwards. The
/// connection derefs to the plain client for everything else.
pub(crate) struct Connection {
    client: Client,
    statements: HashMap<&'static str, Statement>,
    /// When the connection last came back to the pool whole (see [`Manager::is_valid`]).
    returned: Instant,
}

impl Connection {
    /// `sql` prepared on this connection: the first call prepares it, later ones reuse it.
    /// The schema changes only by migration, before the pool opens, so a prepared statement
    /// stays valid for the connection's life.
    pub(crate) fn statement(&mut self, sql: &'static str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        self.statements.insert(sql, statement.clone());
        Ok(statement)
    }
}

impl Deref for Connection {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl DerefMut for Connection {
    fn deref_mut(&mut self) -> &mut Client {
        &mut self.client
    }
}

/// r2d2's PostgreSQL manager, handing out [`Connection`]s with their statement cache.
pub(crate) struct Manager(PostgresConnectionManager<NoTls>);

/// A connection that came back from a request this recently is handed out again without a
/// round trip to test it. An idle connection is tested first, so after PostgreSQL restarts
/// the first request finds a live one; under load, when connections go round within
/// milliseconds, the test would be a quarter of an upload's round trips. A restart inside
/// this window fails the requests on the dead connections with 503 (the pool then drops them),
/// as any request in flight during a restart does.
const TRUSTED_AFTER_USE: Duration = Duration::from_secs(1);

impl r2d2::ManageConnection for Manager {
    type Connection = Connection;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Connection, postgres::Error> {
        Ok(Connection {
            client: self.0.connect()?,
            statements: HashMap::new(),
            returned: Instant::now(),
        })
    }

    /// Called at each check-out.
    fn is_valid(&self, conn: &mut Connection) -> Result<(), postgres::Error> {
        if conn.returned.elapsed() < TRUSTED_AFTER_USE {
            return Ok(());
        }
        self.0.is_valid(&mut conn.client)
    }

    /// Called as the connection comes back to the pool.
    fn has_broken(&self, conn: &mut Connection) -> bool {
        let broken = self.0.has_broken(&mut conn.client);
        if !broken {
            conn.returned = Instant::now();
        }
        broken
    }
}

/// The PostgreSQL store as the server shares it between requests: a pool of connections.
pub struct PgStore {
    /// Always `Some` until dropped (see the `Drop` impl).
    pool: Option<Pool>,
}

/// The blocking client closes each connection through its own small runtime, which must not
/// be started on a thread of tokio's runtime: the server's last handle on the store may be
/// dropped there (a background task ending at shutdown), and that panicked inside a panic,
/// aborting the process. There, the pool is closed on a thread of its own.
impl Drop for PgStore {
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                let _ = std::thread::spawn(move || drop(pool)).join();
            }
        }
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://user:password@host:port/database`), migrates the
    /// schema to [`LATEST_VERSION`] and keeps a pool of [`DEFAULT_POOL_SIZE`] connections.
    ///
    /// A URL that cannot be read, a server that cannot be reached, wrong credentials, a missing
    /// database or a schema from a newer hub give [`Error::StoreConnect`] with the reason in
    /// Indonesian and the URL without its password.
    pub fn connect(url: &str) -> Result<Self, Error> {
        Self::connect_with(url, DEFAULT_POOL_SIZE)
    }

    /// As [`PgStore::connect`], with `pool_size` connections at most.
    pub fn connect_with(url: &str, pool_size: u32) -> Result<Self, Error> {
        let mut config = postgres::Config::from_str(url).map_err(|e| Error::StoreConnect {
            target: "(alamat tidak terbaca)".to_owned(),
            detail: format!(
                "alamat basis data tidak sah; bentuknya postgres://pengguna:katasandi@host:port/nama ({e})"
            ),
        })?;
        let target = describe_target(&config);
        let fail = |detail: String| Error::StoreConnect {
            target: target.clone(),
            detail,
        };
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("medsos-hub");
        }
        // One plain connection first: its error says exactly what went wrong, where the pool
        // would only time out; it then migrates the schema.
        let mut client = config
            .connect(NoTls)
            .map_err(|e| fail(connect_failure(&e)))?;
        migrations::migrate(&mut client).map_err(|e| match e {
            Error::StoreConnect { detail, .. } => fail(detail),
            other => fail(format!("skema tidak dapat dimutakhirkan: {other}")),
        })?;
        drop(client);
        let manager = Manager(PostgresConnectionManager::new(config, NoTls));
        let pool = r2d2::Pool::builder()
            .max_size(pool_size.max(1))
            .min_idle(Some(1))
            .connection_timeout(POOL_TIMEOUT)
            .build(manager)
            .map_err(|e| fail(format!("kumpulan koneksi tidak dapat dibuat: {e}")))?;
        Ok(PgStore { pool: Some(pool) })
    }

    /// A pooled connection.
    pub(crate) fn conn(&self) -> Result<Conn, Error> {
        let pool = self
            .pool
            .as_ref()
            .ok_or_else(|| Error::Store("kumpulan koneksi sudah ditutup".to_owned()))?;
        Ok(pool.get()?)
    }

    /// Answers when the store can run a query (`/healthz`).
    pub fn ping(&self) -> Result<(), Error> {
        self.conn()?.simple_query("SELECT 1")?;
        Ok(())
    }
}

/// `user@host:port/database`, never the password.
fn describe_target(config: &postgres::Config) -> String {
    use postgres::config::Host;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        #[cfg(unix)]
        Some(Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("?");
    let database = config.get_dbname().unwrap_or(user);
    format!("{user}@{host}:{port}/{database}")
}

/// Why a first connection failed, in a sentence an operator acts on.
fn connect_failure(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        return if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            format!(
                "nama pengguna atau kata sandi ditolak server ({}). Periksa --database-url.",
                db.message()
            )
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            format!(
                "basis data itu tidak ada di server ({}). Buat dulu, misalnya dengan createdb.",
                db.message()
            )
        } else if *code == SqlState::TOO_MANY_CONNECTIONS {
            format!(
                "server menolak koneksi baru: terlalu banyak koneksi ({}).",
                db.message()
            )
        } else {
            format!("server menolak koneksi: {} ({})", db.message(), code.code())
        };
    }
    let text = e.to_string();
    if text.contains("password missing") {
        return "server meminta kata sandi, tetapi alamat basis data tidak memuatnya. Periksa --database-url.".to_owned();
    }
    format!("server tidak dapat dihubungi ({text}). Periksa alamat, port, dan bahwa PostgreSQL berjalan.")
}

/// A constraint of `name`'s kind was violated (a unique key taken, say).
pub(crate) fn violates(e: &postgres::Error, state: &SqlState) -> bool {
    e.code() == Some(state)
}

/// An i64 column that holds a non-negative count the hub speaks as u32 (revisions, schema
/// versions): a value out of range is a damaged row, reported rather than wrapped.
pub(crate) fn to_u32(value: i64, what: &str) -> Result<u32, Error> {
    u32::try_from(value).map_err(|_| Error::Store(format!("{what} tersimpan tidak sah: {value}")))
}
