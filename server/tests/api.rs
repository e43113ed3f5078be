//! The router in-process, on a real store (SQLite, or PostgreSQL: see `common::TestDb`).

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::TestDb;
use http_body_util::BodyExt;
use medsos_hub::account::Handle;
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::brief::NewBrief;
use medsos_hub::clock::Clock;
use medsos_hub::store::summaries::StoredSummary;
use medsos_hub::{app, AppState};
use medsos_protocol::{DailySummary, Platform, SummaryBatch, SCHEMA_VERSION};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
    db: TestDb,
}

impl Hub {
    fn new() -> Self {
        Hub { db: TestDb::new() }
    }

    /// On SQLite whatever the run's engine, for a test that reads SQLite's own files.
    fn on_sqlite() -> Self {
        Hub {
            db: TestDb::sqlite_at("hub/medsos-hub.sqlite3"),
        }
    }

    /// The router as the server builds it, with the clock stopped at `now`.
    fn app_at(&self, now: OffsetDateTime) -> Router {
        app(AppState::new(self.db.store(), Arc::new(StoppedAt(now))))
    }

    /// As [`Hub::app_at`], with `per_minute` requests a minute per token.
    fn app_limited(&self, now: OffsetDateTime, per_minute: u32) -> Router {
        app(AppState::new(self.db.store(), Arc::new(StoppedAt(now))).with_rate_limit(per_minute))
    }

    /// Registers an agency and enrols a PC for it; returns the agency id and the token.
    async fn enrolled(&self, code: &str) -> (i64, String) {
        let (agency_id, enrolment) = self.add_agency(code);
        let (status, body) = send(&self.app_at(ISSUED), enrol(&enrolment, "PC Admin")).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        (agency_id, body["token"].as_str().expect("token").to_owned())
    }

    /// Every stored summary (each agency has one PC here), by agency then day, to compare the
    /// store before and after a request.
    fn summaries(&self) -> Vec<StoredSummary> {
        let mut all = self
            .db
            .with(|s| s.summaries_between("0000-01-01", "9999-12-31"))
            .expect("summaries");
        all.sort_by(|a, b| (&a.agency_code, &a.day).cmp(&(&b.agency_code, &b.day)));
        all
    }

    /// Registers an agency the way `agency add` does; returns its id and enrolment code.
    fn add_agency(&self, code: &str) -> (i64, String) {
        let code = AgencyCode::parse(code).expect("valid code");
        let name = AgencyName::parse("Dinas Kesehatan").expect("valid name");
        let agency = self
            .db
            .with(|s| s.add_agency(&code, &name, ISSUED))
            .expect("agency added");
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
    assert!(paths["/api/v1/summaries"].get("post").is_some());
    assert!(paths["/api/v1/holidays/{year}"].get("get").is_some());
    assert!(paths["/api/v1/registry"].get("get").is_some());
    assert!(paths["/api/v1/briefs"].get("get").is_some());
    // Where the agency's claims stand, and its kinerja (both GET, with the token).
    assert!(paths["/api/v1/accounts"].get("get").is_some());
    assert!(paths["/api/v1/accounts"].get("post").is_some());
    assert!(paths["/api/v1/kinerja"].get("get").is_some());
    let enrolment = doc["components"]["schemas"]["EnrolmentRequest"].to_string();
    assert!(enrolment.contains("installation_id"), "{enrolment}");
    assert!(doc["components"]["securitySchemes"]["agency_token"].is_object());
    let day = doc["components"]["schemas"]["DailySummary"].to_string();
    assert!(
        day.contains("in answer to Diskominfo's content briefs"),
        "{day}"
    );
}

/// Every JSON response the document describes shows what it looks like.
#[tokio::test]
async fn every_json_response_in_the_openapi_document_has_an_example() {
    let hub = Hub::new();
    let (_, doc) = send(&hub.app_at(ISSUED), get("/api/openapi.json")).await;
    let paths = doc["paths"].as_object().expect("paths");
    let mut checked = 0;
    for (path, item) in paths {
        if path == "/api/openapi.json" {
            continue;
        }
        for (method, operation) in item.as_object().expect("path item") {
            let responses = operation["responses"].as_object().expect("responses");
            for (status, response) in responses {
                let response = resolve(&doc, response);
                let Some(content) = response.get("content").and_then(Value::as_object) else {
                    continue;
                };
                for (media_type, media) in content {
                    checked += 1;
                    assert!(
                        media.get("example").is_some_and(|e| !e.is_null()),
                        "{method} {path} {status} {media_type}: no example"
                    );
                }
            }
        }
    }
    assert!(checked >= 20, "{checked}");
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
    // SQLite only: it reads the database's own files (on PostgreSQL they are the server's).
    let hub = Hub::on_sqlite();
    let (_, code) = hub.add_agency("DINKES");
    let app = hub.app_at(ISSUED);
    let (status, body) = send(&app, enrol(&code, "PC Admin Dinkes")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let token = body["token"].as_str().expect("token").to_owned();
    drop(app);

    // The main file and its -wal and -shm companions: a secret may sit in any of them.
    let files = store_files(hub.db.sqlite_path().expect("SQLite"));
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

// ---- Sinkron: POST /api/v1/summaries ---------------------------------------------------

/// When the summaries are sent: 13 July 2026, 20:00 WIB.
const SENT: OffsetDateTime = datetime!(2026-07-13 13:00 UTC);

fn batch_of(days: &[(&str, u32)]) -> String {
    let days = days
        .iter()
        .map(|(day, revision)| DailySummary::example(day, *revision))
        .collect();
    serde_json::to_string(&SummaryBatch {
        schema_version: SCHEMA_VERSION,
        days,
    })
    .expect("serialises")
}

fn post_summaries(token: Option<&str>, body: impl Into<Body>) -> Request<Body> {
    let mut request =
        Request::post("/api/v1/summaries").header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(body.into()).expect("request")
}

fn outcomes(body: &Value) -> Vec<(String, u64, String)> {
    body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["day"].as_str().expect("day").to_owned(),
                r["revision"].as_u64().expect("revision"),
                r["outcome"].as_str().expect("outcome").to_owned(),
            )
        })
        .collect()
}

fn outcome(day: &str, revision: u64, outcome: &str) -> (String, u64, String) {
    (day.to_owned(), revision, outcome.to_owned())
}

#[tokio::test]
async fn replay_changes_nothing_higher_revision_replaces_lower_is_ignored() {
    let hub = Hub::new();
    let (_, token) = hub.enrolled("DINKES").await;
    let app = hub.app_at(SENT);

    let first = batch_of(&[("2026-07-11", 1), ("2026-07-12", 1)]);
    let (status, body) = send(&app, post_summaries(Some(&token), first.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        outcomes(&body),
        [
            outcome("2026-07-11", 1, "stored"),
            outcome("2026-07-12", 1, "stored")
        ]
    );
    let stored = hub.summaries();
    assert_eq!(stored.len(), 2);

    // The replay comes an hour later: had anything been written, received_at would differ.
    let later = hub.app_at(SENT + Duration::hours(1));
    let (status, body) = send(&later, post_summaries(Some(&token), first.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        outcomes(&body),
        [
            outcome("2026-07-11", 1, "unchanged"),
            outcome("2026-07-12", 1, "unchanged")
        ]
    );
    assert_eq!(hub.summaries(), stored, "a replay writes nothing");

    let mut corrected = DailySummary::example("2026-07-12", 2);
    corrected.drafts_created = 9;
    let body_text = serde_json::to_string(&SummaryBatch {
        schema_version: SCHEMA_VERSION,
        days: vec![corrected.clone()],
    })
    .expect("serialises");
    let (status, body) = send(&later, post_summaries(Some(&token), body_text)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(outcomes(&body), [outcome("2026-07-12", 2, "replaced")]);
    let after_correction = hub.summaries();
    assert_eq!(after_correction[0], stored[0], "the other day is untouched");
    assert_eq!(after_correction[1].revision, 2);
    assert_eq!(after_correction[1].summary, corrected);

    let (status, body) = send(&later, post_summaries(Some(&token), first)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        outcomes(&body),
        [
            outcome("2026-07-11", 1, "unchanged"),
            outcome("2026-07-12", 2, "ignored_older")
        ]
    );
    assert_eq!(
        hub.summaries(),
        after_correction,
        "an older revision writes nothing"
    );
}

#[tokio::test]
async fn one_agency_token_never_writes_another_agency_data() {
    let hub = Hub::new();
    let (_, dinkes_token) = hub.enrolled("DINKES").await;
    let (disdik, disdik_token) = hub.enrolled("DISDIK").await;
    let app = hub.app_at(SENT);

    let (status, _) = send(
        &app,
        post_summaries(Some(&disdik_token), batch_of(&[("2026-07-12", 1)])),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let before = hub.summaries();
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].agency_code, "DISDIK");

    // Naming the other agency in the body is refused outright, not obeyed.
    let mut smuggled: Value = serde_json::from_str(&batch_of(&[("2026-07-12", 5)])).expect("json");
    smuggled["agency_id"] = json!(disdik);
    let (status, body) = send(
        &app,
        post_summaries(Some(&dinkes_token), smuggled.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_api_error(&body, "request.invalid_body");
    smuggled["agency_id"] = Value::Null;
    smuggled
        .as_object_mut()
        .expect("object")
        .remove("agency_id");
    smuggled["days"][0]["agency_id"] = json!(disdik);
    let (status, _) = send(
        &app,
        post_summaries(Some(&dinkes_token), smuggled.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(hub.summaries(), before);

    // The same day with a higher revision lands under the sender's own agency only.
    let (status, body) = send(
        &app,
        post_summaries(Some(&dinkes_token), batch_of(&[("2026-07-12", 5)])),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(outcomes(&body), [outcome("2026-07-12", 5, "stored")]);
    let after = hub.summaries();
    assert_eq!(after.len(), 2);
    assert_eq!(
        after.iter().find(|r| r.agency_code == "DISDIK"),
        before.first()
    );
    assert!(after
        .iter()
        .any(|r| r.agency_code == "DINKES" && r.revision == 5));
}

#[tokio::test]
async fn missing_unknown_and_revoked_tokens_get_401_and_change_nothing() {
    let hub = Hub::new();
    let (_, token) = hub.enrolled("DINKES").await;
    let app = hub.app_at(SENT);
    let body = batch_of(&[("2026-07-12", 1)]);

    let (status, answer) = send(&app, post_summaries(None, body.clone())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_api_error(&answer, "auth.missing_token");

    let basic = Request::post("/api/v1/summaries")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Basic {token}"))
        .body(Body::from(body.clone()))
        .expect("request");
    let (status, answer) = send(&app, basic).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_api_error(&answer, "auth.missing_token");

    for wrong in [
        "mpd_00000000000000000000000000000000",
        "bukan-token",
        &token.to_uppercase(),
    ] {
        let (status, answer) = send(&app, post_summaries(Some(wrong), body.clone())).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{wrong}");
        assert_api_error(&answer, "auth.invalid_token");
    }
    assert!(hub.summaries().is_empty());

    let code = AgencyCode::parse("DINKES").expect("code");
    assert_eq!(
        hub.db
            .with(|s| s.revoke_agency(&code, SENT))
            .expect("revokes"),
        1
    );
    let response = app
        .clone()
        .oneshot(post_summaries(Some(&token), body))
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
    assert!(hub.summaries().is_empty());
}

#[tokio::test]
async fn rotate_revokes_the_old_token_and_the_new_code_enrols() {
    let hub = Hub::new();
    let (_, old_token) = hub.enrolled("DINKES").await;
    let code = AgencyCode::parse("DINKES").expect("code");
    let (revoked, issued) = hub
        .db
        .with(|s| s.rotate_agency(&code, ISSUED))
        .expect("rotates");
    assert_eq!(revoked, 1);
    let app = hub.app_at(SENT);
    let (status, _) = send(
        &app,
        post_summaries(Some(&old_token), batch_of(&[("2026-07-12", 1)])),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = send(&app, enrol(&issued.code.to_string(), "PC Baru")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let new_token = body["token"].as_str().expect("token");
    let (status, body) = send(
        &app,
        post_summaries(Some(new_token), batch_of(&[("2026-07-12", 1)])),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn oversized_malformed_and_implausible_batches_are_4xx_and_store_nothing() {
    let hub = Hub::new();
    let (_, token) = hub.enrolled("DINKES").await;
    let app = hub.app_at(SENT);
    let good = batch_of(&[("2026-07-12", 1)]);
    let mut value: Value = serde_json::from_str(&good).expect("json");
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut v = value.clone();
        edit(&mut v);
        v.to_string()
    };

    let oversized = format!("{}{}", " ".repeat(300 * 1024), good);
    let (status, body) = send(&app, post_summaries(Some(&token), oversized)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_api_error(&body, "request.too_large");

    let sixty_one: Vec<DailySummary> = (0..61)
        .map(|n| DailySummary::example(&format!("2026-{:02}-{:02}", 5 + n / 28, 1 + n % 28), 1))
        .collect();
    let sixty_one = serde_json::to_string(&SummaryBatch {
        schema_version: 1,
        days: sixty_one,
    })
    .expect("json");

    let cases: Vec<(String, StatusCode, &str)> = vec![
        (
            "{\"schema_version\": 1, \"days\": [".to_owned(),
            StatusCode::BAD_REQUEST,
            "request.malformed_json",
        ),
        (
            with(&|v| v["days"][0]["drafts_created"] = json!(-1)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.invalid_body",
        ),
        (
            with(&|v| v["days"][0]["drafts_created"] = json!(5_000_000)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "summary.count_out_of_range",
        ),
        (
            with(&|v| {
                v["days"][0]["complaints"]["received_by_kecamatan"]["32.03.01"] = json!(2_000_000)
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "summary.count_out_of_range",
        ),
        (
            with(&|v| v["days"][0]["day"] = json!("2026-02-30")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "summary.invalid_day",
        ),
        (
            with(&|v| v["days"][0]["day"] = json!("2027-01-01")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "summary.day_out_of_range",
        ),
        (
            with(&|v| v["schema_version"] = json!(2)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "summary.unsupported_schema_version",
        ),
        (
            with(&|v| v["days"] = json!([])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "summary.no_days",
        ),
        (
            with(&|v| {
                v["days"][0]
                    .as_object_mut()
                    .map(|o| o.remove("posts"))
                    .map(drop)
                    .unwrap_or(())
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.invalid_body",
        ),
        // A good day beside a bad one: the whole batch is refused, the good day too.
        (
            with(&|v| {
                let mut bad = v["days"][0].clone();
                bad["day"] = json!("2026-07-11");
                bad["revision"] = json!(0);
                v["days"].as_array_mut().expect("days").push(bad);
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "summary.invalid_revision",
        ),
        // A revision at the top of u32 would leave no room for a later correction.
        (
            with(&|v| v["days"][0]["revision"] = json!(4_294_967_295u32)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "summary.invalid_revision",
        ),
        (
            sixty_one,
            StatusCode::UNPROCESSABLE_ENTITY,
            "summary.too_many_days",
        ),
        (
            "[]".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "request.invalid_body",
        ),
    ];
    for (body_text, expected, code) in cases {
        let (status, body) = send(&app, post_summaries(Some(&token), body_text.clone())).await;
        assert_eq!(status, expected, "{code}: {body}");
        assert_api_error(&body, code);
        assert!(hub.summaries().is_empty(), "{code} stored something");
    }

    let not_json = Request::post("/api/v1/summaries")
        .header(header::CONTENT_TYPE, "text/plain")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(good.clone()))
        .expect("request");
    let (status, body) = send(&app, not_json).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_api_error(&body, "request.not_json");
    assert!(hub.summaries().is_empty());

    value["days"][0]["day"] = json!("2026-07-14");
    let (status, body) = send(&app, post_summaries(Some(&token), value.to_string())).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "tomorrow is accepted for a clock running ahead: {body}"
    );
}

#[tokio::test]
async fn a_token_over_its_budget_gets_429_with_retry_after_and_stores_nothing() {
    let hub = Hub::new();
    let (_, token) = hub.enrolled("DINKES").await;
    let (_, other) = hub.enrolled("DISDIK").await;
    let app = hub.app_limited(SENT, 3);
    for day in ["2026-07-01", "2026-07-02", "2026-07-03"] {
        let (status, body) = send(&app, post_summaries(Some(&token), batch_of(&[(day, 1)]))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let before = hub.summaries();
    let response = app
        .clone()
        .oneshot(post_summaries(Some(&token), batch_of(&[("2026-07-04", 1)])))
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=20).contains(&retry_after), "{retry_after}");
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body: Value = serde_json::from_slice(&bytes).expect("json");
    assert_api_error(&body, "request.rate_limited");
    assert_eq!(hub.summaries(), before);

    let (status, _) = send(
        &app,
        post_summaries(Some(&other), batch_of(&[("2026-07-04", 1)])),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "another token has its own budget");
}

// ---- Publications -------------------------------------------------------------------------

#[tokio::test]
async fn holidays_of_2026_are_seeded_and_other_years_are_404_or_422() {
    let hub = Hub::new();
    let app = hub.app_at(ISSUED);
    let (status, body) = send(&app, get("/api/v1/holidays/2026")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["year"], 2026);
    let holidays = body["holidays"].as_array().expect("list");
    assert_eq!(holidays.len(), 25);
    assert_eq!(
        holidays[0],
        json!({"day": "2026-01-01", "kind": "libur_nasional", "name": "Tahun Baru 2026 Masehi"})
    );
    assert!(holidays.iter().any(|h| h["kind"] == "cuti_bersama"));

    let (status, body) = send(&app, get("/api/v1/holidays/2031")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_api_error(&body, "holidays.not_available");
    for year in ["26", "dua-ribu", "1999", "02026"] {
        let (status, body) = send(&app, get(&format!("/api/v1/holidays/{year}"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{year}");
        assert_api_error(&body, "holidays.invalid_year");
    }
}

#[tokio::test]
async fn registry_is_public_and_lists_every_agency_with_its_accounts() {
    let hub = Hub::new();
    hub.add_agency("DINKES");
    hub.add_agency("DISDIK");
    let code = AgencyCode::parse("DINKES").expect("code");
    let handle = Handle::parse("@dinkescianjur").expect("handle");
    let again = hub.db.with(|s| {
        s.add_account(&code, Platform::Instagram, &handle, true, ISSUED)
            .expect("added");
        s.add_account(&code, Platform::Instagram, &handle, false, ISSUED)
    });
    assert!(matches!(again, Err(medsos_hub::Error::AccountTaken { .. })));

    let (status, body) = send(&hub.app_at(ISSUED), get("/api/v1/registry")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"agencies": [
            {"code": "DINKES", "name": "Dinas Kesehatan", "accounts": [
                {"platform": "instagram", "handle": "dinkescianjur",
                 "url": "https://www.instagram.com/dinkescianjur/", "verified": true}
            ]},
            {"code": "DISDIK", "name": "Dinas Kesehatan", "accounts": []}
        ]})
    );
}

#[tokio::test]
async fn briefs_need_a_token_and_leave_out_those_long_ended() {
    let hub = Hub::new();
    let (_, token) = hub.enrolled("DINKES").await;
    for (title, from, to) in [
        ("Hari Jadi Cianjur", "2026-07-10", "2026-07-12"),
        ("Mudik aman", "2026-03-10", "2026-03-25"),
    ] {
        let brief = NewBrief::parse(title, "Unggah konten bersama.", "#CianjurManjur", from, to)
            .expect("valid");
        hub.db
            .with(|s| s.create_brief(&brief, &[], &[], ISSUED))
            .expect("added");
    }
    let app = hub.app_at(SENT);
    let (status, body) = send(&app, get("/api/v1/briefs")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_api_error(&body, "auth.missing_token");

    let request = Request::get("/api/v1/briefs")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let (status, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let briefs = body["briefs"].as_array().expect("list");
    assert_eq!(briefs.len(), 1, "{body}");
    assert_eq!(briefs[0]["title"], "Hari Jadi Cianjur");
    assert_eq!(briefs[0]["programme"], "#CianjurManjur");
}
