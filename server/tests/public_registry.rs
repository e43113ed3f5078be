//! The public registry stays cheap: `/registri?cek=` and `GET /api/v1/registry` refuse an
//! input over their bound before any work, answer from memory until a listing changes (by
//! this server or by the command line on the same file), and give each client a budget.
//! In-process on a real store (SQLite, or PostgreSQL: see `common::TestDb`); the command line
//! is the real binary.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use common::{encode, exchange, StoppedAt, TestDb};
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::public_limit::{MAX_CHECKED_CHARS, MAX_QUERY_BYTES};
use medsos_hub::store::Store;
use medsos_hub::{app, AppState};
use medsos_protocol::Platform;
use serde_json::Value;
use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;
use time::macros::datetime;
use time::OffsetDateTime;

/// Thursday 26 November 2026, 21:00 WIB.
const NOW: OffsetDateTime = datetime!(2026-11-26 14:00 UTC);

struct Hub {
    store: Store,
    app: Router,
    db: TestDb,
}

impl Hub {
    fn new() -> Self {
        Self::with(|state| state)
    }

    fn with(configure: impl FnOnce(AppState) -> AppState) -> Self {
        let db = TestDb::at("hub.sqlite3");
        let store = db.store();
        let app = app(configure(AppState::new(
            store.clone(),
            Arc::new(StoppedAt(NOW)),
        )));
        db.with(|s| {
            s.add_agency(
                &AgencyCode::parse("DINKES").expect("code"),
                &AgencyName::parse("Dinas Kesehatan").expect("name"),
                NOW,
            )
        })
        .expect("agency added");
        Hub { store, app, db }
    }

    /// GET `path` from the client at `from` (unknown when `None`).
    async fn get_from(&self, path: &str, from: Option<[u8; 4]>) -> (StatusCode, HeaderMap, String) {
        let mut request = Request::get(path).body(Body::empty()).expect("request");
        if let Some(ip) = from {
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::from((ip, 40_000))));
        }
        exchange(&self.app, request).await
    }

    async fn get(&self, path: &str) -> (StatusCode, HeaderMap, String) {
        self.get_from(path, None).await
    }

    /// The handles the registry JSON lists for DINKES, with `verified`.
    async fn listed(&self) -> Vec<(String, bool)> {
        let (status, _, body) = self.get("/api/v1/registry").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let registry: Value = serde_json::from_str(&body).expect("json");
        registry["agencies"][0]["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .map(|a| {
                (
                    a["handle"].as_str().expect("handle").to_owned(),
                    a["verified"].as_bool().expect("verified"),
                )
            })
            .collect()
    }

    /// The verdict's text of `/registri?cek=`.
    async fn verdict(&self, text: &str) -> String {
        let (status, _, page) = self.get(&format!("/registri?cek={}", encode(text))).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let start = page.find("Hasil pemeriksaan").expect("a verdict");
        page[start..]
            .split("</div>")
            .next()
            .unwrap_or_default()
            .to_owned()
    }
}

/// The real `medsos-hub` binary on the hub's database.
fn command_line(args: &[&str], db: &TestDb) {
    let output = Command::new(env!("CARGO_BIN_EXE_medsos-hub"))
        .args(args)
        .args(db.cli_args())
        .env("RUST_LOG", "warn")
        .output()
        .expect("medsos-hub runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn an_input_over_the_bound_is_refused_before_any_work() {
    let hub = Hub::new();
    // Any work on the store now fails: a refusal that comes back as 422, not 500, did none.
    hub.db.execute_raw(
        "DROP TABLE registry_generation",
        "DROP TABLE registry_generation",
    );

    let long = "dinkes\u{430}".repeat(MAX_CHECKED_CHARS / 7 + 1);
    assert!(long.chars().count() > MAX_CHECKED_CHARS);
    let (status, _, page) = hub.get(&format!("/registri?cek={}", encode(&long))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("Teks yang diperiksa terlalu panjang"),
        "{page}"
    );
    assert!(page.contains("paling banyak 200 karakter"), "{page}");

    let (status, _, body) = hub
        .get(&format!(
            "/api/v1/registry?x={}",
            "a".repeat(MAX_QUERY_BYTES)
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let body: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(body["code"], "registry.input_too_long");

    // Within the bounds, the same requests reach the store (and fail, as it is broken).
    let (status, _, _) = hub.get("/registri?cek=dinkescianjur").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let (status, _, _) = hub.get("/api/v1/registry").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn the_registry_follows_listings_changed_after_startup_by_any_connection() {
    let hub = Hub::new();
    assert_eq!(hub.listed().await, vec![]);
    assert!(hub
        .verdict("dinkescianjur")
        .await
        .contains("Tidak terdaftar"));

    // The command line, another process on the same file, while the server runs.
    command_line(
        &[
            "account",
            "add",
            "--agency",
            "DINKES",
            "--platform",
            "instagram",
            "--handle",
            "dinkescianjur",
        ],
        &hub.db,
    );
    assert_eq!(
        hub.listed().await,
        vec![("dinkescianjur".to_owned(), false)]
    );
    let verdict = hub.verdict("@dinkescianjur").await;
    assert!(verdict.contains("Resmi"), "{verdict}");
    let verdict = hub.verdict("dinkescianjurr").await;
    assert!(verdict.contains("Waspada"), "{verdict}");

    // The server's own connection, as the dashboard writes.
    hub.store
        .run(|db| {
            db.set_account_verified(Platform::Instagram, "dinkescianjur", true, "petugas", NOW)
        })
        .await
        .expect("verified");
    assert_eq!(hub.listed().await, vec![("dinkescianjur".to_owned(), true)]);

    command_line(
        &[
            "account",
            "remove",
            "--platform",
            "instagram",
            "--handle",
            "dinkescianjur",
            "--reason",
            "Akun tidak lagi dipakai.",
        ],
        &hub.db,
    );
    assert_eq!(hub.listed().await, vec![]);
    assert!(hub
        .verdict("dinkescianjur")
        .await
        .contains("Tidak terdaftar"));

    command_line(&["agency", "revoke", "--code", "DINKES"], &hub.db);
    let (_, _, body) = hub.get("/api/v1/registry").await;
    assert_eq!(body, r#"{"agencies":[]}"#);
}

#[tokio::test]
async fn the_registry_is_served_from_memory_until_a_listing_changes() {
    let hub = Hub::new();
    hub.db
        .with(|s| {
            s.add_account(
                &AgencyCode::parse("DINKES").expect("code"),
                Platform::Instagram,
                &medsos_hub::account::Handle::parse("dinkescianjur").expect("handle"),
                false,
                NOW,
            )
        })
        .expect("listed");
    assert_eq!(
        hub.listed().await,
        vec![("dinkescianjur".to_owned(), false)]
    );

    // A change that bypasses the generation (no trigger) is not read: the list is the one
    // held in memory, not read again on every request.
    hub.db.execute_raw(
        "DROP TRIGGER registry_listing_changed;
         UPDATE account_listings SET display_name = 'Diubah diam-diam', verified = 1;",
        "DROP TRIGGER registry_listing_changed ON account_listings;
         UPDATE account_listings SET display_name = 'Diubah diam-diam', verified = TRUE;",
    );
    assert_eq!(
        hub.listed().await,
        vec![("dinkescianjur".to_owned(), false)]
    );
    let (_, _, page) = hub.get("/registri").await;
    assert!(!page.contains("Diubah diam-diam"), "{page}");

    let bump = "UPDATE registry_generation SET generation = generation + 1";
    hub.db.execute_raw(bump, bump);
    assert_eq!(hub.listed().await, vec![("dinkescianjur".to_owned(), true)]);
    let (_, _, page) = hub.get("/registri").await;
    assert!(page.contains("Diubah diam-diam"), "{page}");
}

#[tokio::test]
async fn a_client_over_its_budget_is_told_when_to_come_back() {
    let hub = Hub::with(|state| state.with_public_rate_limit(Some(3)));
    let client = Some([203, 0, 113, 7]);
    for path in [
        "/api/v1/registry",
        "/registri",
        "/registri?cek=dinkescianjur",
    ] {
        let (status, _, body) = hub.get_from(path, client).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
    }

    let (status, headers, body) = hub.get_from("/api/v1/registry", client).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(headers.contains_key(header::RETRY_AFTER));
    let body: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(body["code"], "request.rate_limited");
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .starts_with("Terlalu banyak permintaan dari alamat ini"),
        "{body}"
    );

    let (status, headers, page) = hub.get_from("/registri?cek=dinkescianjur", client).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{page}");
    assert!(headers.contains_key(header::RETRY_AFTER));
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .expect("type")
            .starts_with("text/html"),
        "a page for a person"
    );
    assert!(page.contains("Silakan coba lagi dalam"), "{page}");

    // Another client is not held up.
    let (status, _, body) = hub
        .get_from("/api/v1/registry", Some([203, 0, 113, 8]))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
