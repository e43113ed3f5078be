//! `medsos-hub serve`: runs the HTTP server until SIGTERM or Ctrl-C, then lets requests in
//! flight finish before exiting.

use crate::clock::SystemClock;
use crate::connections::{self, Limits};
use crate::error::Error;
use crate::meta::graph::Graph;
use crate::meta::secret::SecretKey;
use crate::meta::MetaSettings;
use crate::proxy::{ProxyRange, TrustedProxies};
use crate::release::files::ReleaseFiles;
use crate::state::AppState;
use crate::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::net::TcpListener;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

/// How `serve` runs, from its flags.
#[derive(Debug, Clone)]
pub struct Options {
    /// `HOST:PORT`; port 0 picks a free one.
    pub listen: String,
    /// Requests a minute each device token may send.
    pub rate_limit: u32,
    /// Drops `Secure` (and with it the `__Host-` prefix) from the dashboard's cookies, for a
    /// hub reached over plain HTTP on a LAN (browsers only keep Secure cookies over HTTPS and
    /// localhost).
    pub insecure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<ProxyRange>,
    pub limits: Limits,
    /// Where Meta is and the key file that seals its tokens.
    pub meta: super::meta::Options,
    /// The hub's address as the internet reaches it (`--public-url`).
    pub public_url: Option<String>,
    /// How often due publications are looked for.
    pub publish_interval: std::time::Duration,
}

/// Which store `serve` runs on.
#[derive(Debug, Clone)]
pub enum Database {
    /// `--db PATH`: the embedded SQLite file (created when absent); release artifacts are kept
    /// in `releases/` beside it.
    Sqlite(PathBuf),
    /// `--database-url postgres://...`: PostgreSQL, migrated at start; release artifacts are
    /// kept in `releases/` beside the secret key file (`--secret-key-file`, required then).
    Postgres { url: String },
}

/// Opens the store, binds `options.listen` and serves. The bound address is printed on
/// stdout as `Medsos Hub mendengarkan di http://ADDR` so scripts and tests can find it.
pub fn run(db: &Path, options: Options) -> Result<(), Error> {
    run_on(&Database::Sqlite(db.to_path_buf()), options)
}

/// As [`run`], on either store. A PostgreSQL server that cannot be reached, refuses the
/// credentials or lacks the database fails here, before anything listens.
pub fn run_on(database: &Database, options: Options) -> Result<(), Error> {
    let Options {
        listen,
        rate_limit,
        insecure_cookies,
        trusted_proxies,
        limits,
        meta,
        public_url,
        publish_interval,
    } = options;
    let listen = listen.as_str();
    let (store, releases_beside, shown) = match database {
        Database::Sqlite(db) => (Store::open(db)?, db.clone(), db.display().to_string()),
        Database::Postgres { url } => (
            Store::connect(url)?,
            meta.key_file.clone(),
            "PostgreSQL".to_owned(),
        ),
    };
    let mut state = AppState::new(store, Arc::new(SystemClock))
        .with_rate_limit(rate_limit)
        .with_release_files(ReleaseFiles::beside(&releases_beside));
    if insecure_cookies {
        tracing::warn!("dashboard session cookies sent without Secure (--insecure-cookies)");
        state = state.with_insecure_cookies();
    }
    if !trusted_proxies.is_empty() {
        let ranges: Vec<String> = trusted_proxies.iter().map(ToString::to_string).collect();
        tracing::info!(proxies = %ranges.join(", "), "X-Forwarded-For read from trusted proxies");
        state = state.with_trusted_proxies(TrustedProxies::new(trusted_proxies));
    }
    let key = SecretKey::load_or_create(&meta.key_file)?;
    if public_url.is_none() {
        tracing::info!("no --public-url: publications are accepted but wait until it is set");
    }
    state = state.with_meta(MetaSettings {
        graph: Graph::new(&meta.graph_url),
        public_url,
        key: Some(key),
        publish_interval,
        ..MetaSettings::default()
    });
    let runtime = tokio::runtime::Runtime::new().map_err(Error::Runtime)?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(listen)
            .await
            .map_err(|source| Error::Listen {
                addr: listen.to_owned(),
                source,
            })?;
        let bound = listener.local_addr().map_err(|source| Error::Listen {
            addr: listen.to_owned(),
            source,
        })?;
        tracing::info!(%bound, db = %shown, "serving");
        let mut stdout = std::io::stdout().lock();
        // The line is a convenience; a closed stdout must not stop the server.
        let _ = writeln!(stdout, "Medsos Hub mendengarkan di http://{bound}");
        let _ = stdout.flush();
        drop(stdout);
        tracing::info!(?limits, "connection limits");
        crate::meta::worker::spawn(state.clone());
        connections::serve(listener, crate::app(state), limits, shutdown_signal()).await;
        tracing::info!("stopped");
        Ok(())
    })
}

/// Resolves on Ctrl-C everywhere and on SIGTERM (what systemd and Docker send) on Unix.
/// Windows has no SIGTERM; a service manager there stops the process with Ctrl-C events.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };

    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested; finishing requests in flight");
}
