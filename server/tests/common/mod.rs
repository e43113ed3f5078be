//! What the hub's router tests share: the store they run on ([`TestDb`]: SQLite, or
//! PostgreSQL when `MEDSOS_TEST_DATABASE_URL` names a server), a stopped clock, requests, and
//! the officer's way in through the real login form. Each test file uses a part of it.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use medsos_hub::clock::Clock;
use medsos_hub::store::{HubStore, PgStore, SqliteStore, Store};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use time::OffsetDateTime;
use tower::ServiceExt;

/// The variable naming a PostgreSQL server (`postgres://user:password@host:port/database`,
/// a user allowed to create databases) for the hub's tests to run on instead of SQLite.
/// `cargo xtask test` sets it for its PostgreSQL pass, with a throwaway cluster.
pub const DATABASE_URL_VAR: &str = "MEDSOS_TEST_DATABASE_URL";

/// Connections at most in each PostgreSQL store a test opens for its router.
const STORE_POOL: u32 = 4;

/// Which engine a [`TestDb`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// One test's own empty hub database, on the engine chosen for the run: with
/// [`DATABASE_URL_VAR`] set, a database created for this test in that PostgreSQL server and
/// dropped with the `TestDb`; otherwise a SQLite file in a temp folder removed with it.
///
/// [`TestDb::store`] opens the store the router is given; [`TestDb::with`] runs a piece of
/// setup or checking through the same [`HubStore`] calls the hub makes, on a thread of its own
/// (the blocking PostgreSQL client must not run on the test's async runtime).
pub struct TestDb {
    place: Place,
    /// A temp folder of the test's own (SQLite's file is in it), on either engine.
    dir: tempfile::TempDir,
}

enum Place {
    Sqlite {
        path: PathBuf,
    },
    Postgres {
        /// The server URL as given (its database is where this one is created from).
        admin: String,
        name: String,
        url: String,
        /// The handle [`TestDb::with`] uses, opened once; taken when the database is dropped.
        direct: Option<PgStore>,
    },
}

impl TestDb {
    /// A fresh database, SQLite at `hub/medsos-hub.sqlite3` in a temp folder unless
    /// [`DATABASE_URL_VAR`] names a PostgreSQL server.
    pub fn new() -> Self {
        Self::at("hub/medsos-hub.sqlite3")
    }

    /// As [`TestDb::new`]; SQLite's file at `relative` in the temp folder.
    pub fn at(relative: &str) -> Self {
        match std::env::var(DATABASE_URL_VAR) {
            Ok(admin) if !admin.trim().is_empty() => Self::postgres(admin.trim().to_owned()),
            _ => Self::sqlite_at(relative),
        }
    }

    /// A SQLite database whatever the environment says, for the tests that must read or
    /// write SQLite's own file.
    pub fn sqlite_at(relative: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(relative);
        TestDb {
            place: Place::Sqlite { path },
            dir,
        }
    }

    fn postgres(admin: String) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "medsos_uji_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let url = with_database(&admin, &name);
        let direct = blocking(|| {
            admin_client(&admin)
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
            PgStore::connect_with(&url, 2)
                .unwrap_or_else(|e| panic!("PostgreSQL test database {name}: {e}"))
        });
        TestDb {
            place: Place::Postgres {
                admin,
                name,
                url,
                direct: Some(direct),
            },
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The engine this database is on.
    pub fn engine(&self) -> Engine {
        match self.place {
            Place::Sqlite { .. } => Engine::Sqlite,
            Place::Postgres { .. } => Engine::Postgres,
        }
    }

    /// A new handle on the database, as the server opens it, for the router.
    pub fn store(&self) -> Store {
        match &self.place {
            Place::Sqlite { path, .. } => Store::open(path).expect("store opens"),
            // A small pool: tests run side by side on one throwaway server.
            Place::Postgres { url, .. } => blocking(|| {
                Store::new(PgStore::connect_with(url, STORE_POOL).expect("store connects"))
            }),
        }
    }

    /// Runs `work` against the database through the hub's store calls, off the async runtime.
    pub fn with<T: Send>(&self, work: impl FnOnce(&dyn HubStore) -> T + Send) -> T {
        match &self.place {
            Place::Sqlite { path, .. } => blocking(|| {
                let store = SqliteStore::open(path).expect("store opens");
                work(&store)
            }),
            Place::Postgres { direct, .. } => {
                let direct = direct.as_ref().expect("database open");
                blocking(|| work(direct))
            }
        }
    }

    /// Where the admin commands (`medsos_hub::cli`) find this database: `--db` or
    /// `--database-url`. Call them through [`blocking`] from an async test.
    pub fn target(&self) -> medsos_hub::cli::Target {
        match &self.place {
            Place::Sqlite { path } => medsos_hub::cli::Target::Sqlite(path.clone()),
            Place::Postgres { url, .. } => medsos_hub::cli::Target::Postgres(url.clone()),
        }
    }

    /// The arguments naming this database to the `medsos-hub` binary's admin commands.
    pub fn cli_args(&self) -> [String; 2] {
        match &self.place {
            Place::Sqlite { path } => ["--db".to_owned(), path.display().to_string()],
            Place::Postgres { url, .. } => ["--database-url".to_owned(), url.clone()],
        }
    }

    /// Runs SQL of the engine's own dialect behind the store's back (`sqlite` or `postgres`,
    /// whichever the database is on): for the tests that break or change the database as no
    /// hub would, to see what the hub then does.
    pub fn execute_raw(&self, sqlite: &str, postgres: &str) {
        match &self.place {
            Place::Sqlite { path } => medsos_hub::store::sqlite::open(path)
                .expect("store opens")
                .execute_batch(sqlite)
                .unwrap_or_else(|e| panic!("{sqlite}: {e}")),
            Place::Postgres { url, .. } => blocking(|| {
                postgres::Client::connect(url, postgres::NoTls)
                    .expect("connects")
                    .batch_execute(postgres)
                    .unwrap_or_else(|e| panic!("{postgres}: {e}"))
            }),
        }
    }

    /// The rows `sql` (plain SQL both engines read alike) selects, each value as text (`NULL`
    /// as "NULL"): for the checks of what is stored that no store call reads back as such.
    pub fn select_text(&self, sql: &str) -> Vec<Vec<String>> {
        match &self.place {
            Place::Sqlite { path } => {
                let conn = medsos_hub::store::sqlite::open(path).expect("store opens");
                let mut statement = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
                let columns = statement.column_count();
                statement
                    .query_map([], |row| {
                        (0..columns)
                            .map(|i| {
                                Ok(match row.get_ref(i)? {
                                    rusqlite::types::ValueRef::Null => "NULL".to_owned(),
                                    rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                                    rusqlite::types::ValueRef::Real(x) => x.to_string(),
                                    rusqlite::types::ValueRef::Text(t)
                                    | rusqlite::types::ValueRef::Blob(t) => {
                                        String::from_utf8_lossy(t).into_owned()
                                    }
                                })
                            })
                            .collect()
                    })
                    .expect("queries")
                    .collect::<Result<_, _>>()
                    .expect("rows")
            }
            Place::Postgres { url, .. } => blocking(|| {
                let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connects");
                client
                    .simple_query(sql)
                    .unwrap_or_else(|e| panic!("{sql}: {e}"))
                    .into_iter()
                    .filter_map(|message| match message {
                        postgres::SimpleQueryMessage::Row(row) => Some(
                            (0..row.len())
                                .map(|i| row.get(i).unwrap_or("NULL").to_owned())
                                .collect(),
                        ),
                        _ => None,
                    })
                    .collect()
            }),
        }
    }

    /// SQLite's file, for the tests that check it directly; `None` on PostgreSQL.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match &self.place {
            Place::Sqlite { path, .. } => Some(path),
            Place::Postgres { .. } => None,
        }
    }

    /// The test's temp folder, on either engine (for the hub's files beside its database).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Default for TestDb {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Place::Postgres {
            admin,
            name,
            direct,
            ..
        } = &mut self.place
        {
            // The test's own handle first, then the database, forcing out the router's
            // connections still open; a failure only leaves an empty database in a throwaway
            // cluster, and must not hide the test's own outcome.
            let direct = direct.take();
            let admin = admin.clone();
            let name = name.clone();
            blocking(move || {
                drop(direct);
                if let Ok(mut client) = postgres::Client::connect(&admin, postgres::NoTls) {
                    let _ = client
                        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                }
            });
        }
    }
}

/// Runs `work` on a thread of its own and waits for it: the blocking PostgreSQL client starts a
/// runtime of its own, which must not happen on a thread driving the test's runtime.
pub fn blocking<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| match scope.spawn(work).join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

fn admin_client(admin: &str) -> postgres::Client {
    postgres::Client::connect(admin, postgres::NoTls)
        .unwrap_or_else(|e| panic!("{DATABASE_URL_VAR} names no reachable PostgreSQL server: {e}"))
}

/// `url` with its database replaced by `name` (the rest, query included, as given).
fn with_database(url: &str, name: &str) -> String {
    let scheme_end = url.find("://").map(|i| i + 3).unwrap_or(0);
    let (head, tail) = url.split_at(scheme_end);
    let (authority, rest) = match tail.find('/') {
        Some(i) => (&tail[..i], &tail[i..]),
        None => match tail.find('?') {
            Some(i) => (&tail[..i], &tail[i..]),
            None => (tail, ""),
        },
    };
    let query = rest.find('?').map(|i| &rest[i..]).unwrap_or("");
    format!("{head}{authority}/{name}{query}")
}

/// A clock stopped at one instant.
pub struct StoppedAt(pub OffsetDateTime);

impl Clock for StoppedAt {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// Sends `request` through the router; answers status, headers and the body's bytes.
pub async fn exchange_bytes(
    app: &Router,
    request: Request<Body>,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(request).await.expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body reads")
        .to_bytes()
        .to_vec();
    (status, headers, bytes)
}

/// As [`exchange_bytes`], with the body as text.
pub async fn exchange(app: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let (status, headers, bytes) = exchange_bytes(app, request).await;
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// A `Cookie` header carrying the session `session`, under the name a hub serving Secure
/// cookies reads (`__Host-medsos_sesi`) and the one a hub with insecure cookies reads, so one
/// helper serves both kinds of hub.
pub fn session_cookie(session: &str) -> String {
    format!("__Host-medsos_sesi={session}; medsos_sesi={session}")
}

/// A GET, as the officer with this session cookie value when given.
pub fn get(path: &str, session: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path);
    if let Some(session) = session {
        request = request.header(header::COOKIE, session_cookie(session));
    }
    request.body(Body::empty()).expect("request")
}

/// A JSON POST, with the device token when given.
pub fn post_json(path: &str, token: Option<&str>, body: &Value) -> Request<Body> {
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::from(body.to_string())).expect("request")
}

/// The value a `Set-Cookie` header gives the cookie `name`, unless it deletes it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            let (pair, _) = v.split_once(';').unwrap_or((v, ""));
            let (key, value) = pair.split_once('=')?;
            (key == name && !value.is_empty()).then(|| value.to_owned())
        })
}

/// The value of the first hidden `csrf` field of a page.
pub fn hidden_csrf(body: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = body
        .find(marker)
        .unwrap_or_else(|| panic!("no csrf field in {body}"))
        + marker.len();
    let end = body[start..].find('"').expect("end of value");
    body[start..start + end].to_owned()
}

/// Percent-encodes `text` for a form or query value.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Logs `username` in through GET and POST /masuk as a browser does; returns the session
/// cookie's value.
pub async fn login(app: &Router, username: &str, password: &str) -> String {
    let (status, headers, body) = exchange(app, get("/masuk", None)).await;
    assert_eq!(status, StatusCode::OK);
    // `__Host-` names on a hub serving Secure cookies, plain ones with insecure cookies.
    let prefix = if cookie(&headers, "__Host-medsos_masuk").is_some() {
        "__Host-"
    } else {
        ""
    };
    let login_cookie = cookie(&headers, &format!("{prefix}medsos_masuk")).expect("login cookie");
    let csrf = hidden_csrf(&body);
    let form = format!(
        "username={}&password={}&csrf={}&lanjut=%2Fdasbor",
        encode(username),
        encode(password),
        encode(&csrf)
    );
    let request = Request::post("/masuk")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(
            header::COOKIE,
            format!("{prefix}medsos_masuk={login_cookie}"),
        )
        .body(Body::from(form))
        .expect("request");
    let (status, headers, body) = exchange(app, request).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    cookie(&headers, &format!("{prefix}medsos_sesi")).expect("session cookie")
}

/// Enrols a PC with the agency's one-time code through the API; returns its token.
pub async fn enrol(app: &Router, code: &str) -> String {
    let request = post_json(
        "/api/v1/enrolments",
        None,
        &json!({"code": code, "device_name": "PC Admin"}),
    );
    let (status, _, body) = exchange(app, request).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let body: Value = serde_json::from_str(&body).expect("json");
    body["token"].as_str().expect("token").to_owned()
}
