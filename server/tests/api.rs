//! The router in-process, on a real SQLite file in a temp folder.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::clock::Clock;
use medsos_hub::store::{self, agencies, Store};
use medsos_hub::{app, AppState};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use tower::ServiceExt;

/// When the test agencies are registered: 12 July 2026, Hari Jadi Cianjur, 09:00 WIB.
const ISSUED: OffsetDateTime = datetime!(2026-07-12 02:00 UTC);

/// A clock stopped at one instant.
struct StoppedAt(OffsetDateTime);

impl Clock for StoppedAt {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

struct Hub {
    dir: TempDir,
}

impl Hub {
    fn new() -> Self {
        Hub {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("hub").join("medsos-hub.sqlite3")
    }

    /// The router as the server builds it, with the clock stopped at `now`.
    fn app_at(&self, now: OffsetDateTime) -> Router {
        let store = Store::open(&self.db()).expect("store opens");
        app(AppState::new(store, Arc::new(StoppedAt(now))))
    }

    /// Registers an agency the way `agency add` does; returns its id and enrolment code.
    fn add_agency(&self, code: &str) -> (i64, String) {
        let mut conn = store::open(&self.db()).expect("store opens");
        let code = AgencyCode::parse(code).expect("valid code");
        let name = AgencyName::parse("Dinas Kesehatan").expect("valid name");
        let agency = agencies::add(&mut conn, &code, &name, ISSUED).expect("agency added");
        (agency.id, agency.enrolment.code.to_string())
    }
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(request).await.expect("router answers");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body reads")
        .to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "status {status}: body is not JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, body)
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).expect("request")
}

fn post_json(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .expect("request")
}

fn enrol(code: &str, device_name: &str) -> Request<Body> {
    post_json(
        "/api/v1/enrolments",
        json!({"code": code, "device_name": device_name}).to_string(),
    )
}

fn assert_api_error(body: &Value, code: &str) {
    assert_eq!(body["code"], code, "{body}");
    let message = body["message"].as_str().expect("message is text");
    assert!(!message.is_empty(), "{body}");
}

#[tokio::test]
async fn healthz_answers_ok_with_the_hub_version() {
    let hub = Hub::new();
    let (status, body) = send(&hub.app_at(ISSUED), get("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")})
    );
}

#[tokio::test]
async fn openapi_document_is_openapi_3_and_lists_the_endpoints() {
    let hub = Hub::new();
    let (status, doc) = send(&hub.app_at(ISSUED), get("/api/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    let version = doc["openapi"].as_str().expect("openapi version");
    assert!(version.starts_with("3."), "{version}");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.contains_key("/healthz"), "{:?}", paths.keys());
    assert!(paths["/api/v1/enrolments"].get("post").is_some());
}

/// Walks the whole document, so endpoints added later are held to the same rule.
#[tokio::test]
async fn every_request_body_in_the_openapi_document_has_an_example() {
    let hub = Hub::new();
    let (_, doc) = send(&hub.app_at(ISSUED), get("/api/openapi.json")).await;

    let mut bodies = Vec::new();
    collect_request_bodies(&doc, &doc, "#", &mut bodies);
    assert!(!bodies.is_empty(), "the enrolment body at least");
    for (location, body) in bodies {
        let content = body["content"].as_object().expect("requestBody.content");
        assert!(!content.is_empty(), "{location}: no content");
        for (media_type, media) in content {
            let has_example = media.get("example").is_some_and(|e| !e.is_null())
                || media
                    .get("examples")
                    .and_then(Value::as_object)
                    .is_some_and(|examples| !examples.is_empty());
            assert!(
                has_example,
                "{location} {media_type}: no example in {media}"
            );
        }
    }
}

fn collect_request_bodies<'a>(
    doc: &'a Value,
    node: &'a Value,
    location: &str,
    found: &mut Vec<(String, &'a Value)>,
) {
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{location}/{key}");
                if key == "requestBody" {
                    found.push((here.clone(), resolve(doc, child)));
                } else {
                    collect_request_bodies(doc, child, &here, found);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_request_bodies(doc, child, &format!("{location}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// Follows a `$ref` such as `#/components/requestBodies/X` within the document.
fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("local $ref");
            doc.pointer(pointer).expect("$ref resolves")
        }
        None => node,
    }
}

#[tokio::test]
async fn enrolment_code_works_once_and_is_refused_the_second_time() {
    let hub = Hub::new();
    let (agency_id, code) = hub.add_agency("DINKES");
    let app = hub.app_at(ISSUED + Duration::hours(1));

    let (status, body) = send(&app, enrol(&code, "PC Admin Dinkes")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["agency_id"], agency_id);
    let token = body["token"].as_str().expect("token");
    let digits = token.strip_prefix("mpd_").expect("mpd_ prefix");
    assert_eq!(digits.len(), 32, "{token}");
    assert!(digits.chars().all(|c| c.is_ascii_hexdigit()), "{token}");

    let (status, body) = send(&app, enrol(&code, "PC Kedua")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_api_error(&body, "enrolment.invalid_code");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("Kode pendaftaran")),
        "{body}"
    );
}

#[tokio::test]
async fn enrolment_accepts_the_code_typed_in_lowercase_without_dashes() {
    let hub = Hub::new();
    let (_, code) = hub.add_agency("DINKES");
    let typed = code.replace('-', " ").to_lowercase();
    let (status, body) = send(&hub.app_at(ISSUED), enrol(&typed, "PC Admin")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn enrolment_code_expires_seven_days_after_it_was_issued() {
    let hub = Hub::new();
    let (_, code) = hub.add_agency("DINKES");

    let just_after = ISSUED + Duration::days(7);
    let (status, body) = send(&hub.app_at(just_after), enrol(&code, "PC Admin")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_api_error(&body, "enrolment.invalid_code");

    let just_before = ISSUED + Duration::days(7) - Duration::seconds(1);
    let (status, body) = send(&hub.app_at(just_before), enrol(&code, "PC Admin")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn unknown_enrolment_code_is_refused() {
    let hub = Hub::new();
    hub.add_agency("DINKES");
    let app = hub.app_at(ISSUED);
    for code in ["K7QF-2M9D-XW4T", "bukan kode", ""] {
        let (status, body) = send(&app, enrol(code, "PC Admin")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{code}: {body}");
        assert_api_error(&body, "enrolment.invalid_code");
    }
}

#[tokio::test]
async fn invalid_device_name_is_refused_without_using_up_the_code() {
    let hub = Hub::new();
    let (_, code) = hub.add_agency("DINKES");
    let app = hub.app_at(ISSUED);

    for device_name in ["   ", &"x".repeat(101)] {
        let (status, body) = send(&app, enrol(&code, device_name)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_api_error(&body, "enrolment.invalid_device_name");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("Nama perangkat")),
            "{body}"
        );
    }

    let (status, body) = send(&app, enrol(&code, "PC Admin")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn malformed_json_is_answered_as_api_error_json() {
    let hub = Hub::new();
    let app = hub.app_at(ISSUED);

    let (status, body) = send(&app, post_json("/api/v1/enrolments", "{\"code\": ")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_api_error(&body, "request.malformed_json");

    let (status, body) = send(
        &app,
        post_json("/api/v1/enrolments", r#"{"code": "K7QF-2M9D-XW4T"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_api_error(&body, "request.invalid_body");

    let not_json = Request::post("/api/v1/enrolments")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("K7QF-2M9D-XW4T"))
        .expect("request");
    let (status, body) = send(&app, not_json).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_api_error(&body, "request.not_json");
}

#[tokio::test]
async fn unknown_paths_and_methods_are_answered_as_api_error_json() {
    let hub = Hub::new();
    let app = hub.app_at(ISSUED);

    let (status, body) = send(&app, get("/api/v1/tidak-ada")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_api_error(&body, "not_found");

    let (status, body) = send(&app, get("/api/v1/enrolments")).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_api_error(&body, "method_not_allowed");
}

#[tokio::test]
async fn enrolment_codes_and_tokens_are_not_stored_in_plain_text() {
    let hub = Hub::new();
    let (_, code) = hub.add_agency("DINKES");
    let app = hub.app_at(ISSUED);
    let (status, body) = send(&app, enrol(&code, "PC Admin Dinkes")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let token = body["token"].as_str().expect("token").to_owned();
    drop(app);

    // The main file and its -wal and -shm companions: a secret may sit in any of them.
    let files = store_files(&hub.db());
    assert!(!files.is_empty());
    let bare_code = code.replace('-', "");
    let token_digits = token.trim_start_matches("mpd_");
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            code.as_str(),
            bare_code.as_str(),
            token.as_str(),
            token_digits,
        ] {
            assert!(
                !text.contains(secret),
                "{} holds a secret in plain text",
                path.display()
            );
        }
        assert!(
            !text.contains(&bare_code.to_lowercase()),
            "{}",
            path.display()
        );
    }
}

fn store_files(db: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = db.parent().expect("db has a folder");
    std::fs::read_dir(folder)
        .expect("folder lists")
        .map(|entry| entry.expect("entry").path())
        .map(|path| {
            let bytes = std::fs::read(&path).expect("file reads");
            (path, bytes)
        })
        .collect()
}
