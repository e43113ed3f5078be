//! Guessing enrolment codes: one client's wrong codes slow that client down, never another.
//! On a real store (SQLite, or PostgreSQL: see `common::TestDb`).

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{exchange, StoppedAt, TestDb};
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::rate_limit::ENROLMENT_BACKOFF;
use medsos_hub::{app, AppState};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;
use time::macros::datetime;
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2026-07-13 02:00 UTC);

/// An enrolment sent over a TCP connection from `client`.
fn enrol_from(client: [u8; 4], code: &str) -> Request<Body> {
    Request::post("/api/v1/enrolments")
        .header(header::CONTENT_TYPE, "application/json")
        .extension(ConnectInfo(SocketAddr::from((client, 50_000))))
        .body(Body::from(
            json!({"code": code, "device_name": "PC Admin"}).to_string(),
        ))
        .expect("request")
}

fn enrolled_devices(db: &TestDb) -> i64 {
    db.select_text("SELECT COUNT(*) FROM devices")[0][0]
        .parse()
        .expect("count")
}

#[tokio::test]
async fn wrong_codes_from_one_client_slow_it_down_and_a_right_code_from_another_still_enrols() {
    let db = TestDb::at("hub.sqlite3");
    let agency = db
        .with(|s| {
            s.add_agency(
                &AgencyCode::parse("DINKES").expect("code"),
                &AgencyName::parse("Dinas Kesehatan").expect("name"),
                NOW,
            )
        })
        .expect("agency");
    let code = agency.enrolment.code.to_string();
    let app: Router = app(AppState::new(db.store(), Arc::new(StoppedAt(NOW))));
    let guesser = [10, 9, 9, 66];

    for i in 0..ENROLMENT_BACKOFF.free {
        let (status, _, body) =
            exchange(&app, enrol_from(guesser, &format!("ABCD-EFGH-{i:04}"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body.contains("enrolment.invalid_code"), "{body}");
    }
    let (status, headers, body) = exchange(&app, enrol_from(guesser, "ABCD-EFGH-9999")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body.contains("request.rate_limited"), "{body}");
    assert_eq!(
        headers
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
        Some("2")
    );
    // Refused before the code is looked at: even the right one, and it stays unused.
    let (status, _, body) = exchange(&app, enrol_from(guesser, &code)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(enrolled_devices(&db), 0);

    let (status, _, body) = exchange(&app, enrol_from([10, 1, 1, 7], &code)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(enrolled_devices(&db), 1);
}
