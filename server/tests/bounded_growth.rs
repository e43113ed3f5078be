//! Bounded growth: a body over its route's limit is told that route's limit, and an agency's
//! impersonation reports and brief fulfilments stop at a cap no real agency reaches. Each
//! refusal leaves the store as it was. In-process on a real store (SQLite, or PostgreSQL: see
//! `common::TestDb`).

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{enrol, exchange, post_json, StoppedAt, TestDb};
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::brief::NewBrief;
use medsos_hub::store::briefs::MAX_FULFILMENTS_PER_AGENCY;
use medsos_hub::store::impersonation_reports::MAX_REPORTS_PER_AGENCY;
use medsos_hub::{app, AppState};
use serde_json::{json, Value};
use std::sync::Arc;
use time::macros::datetime;
use time::OffsetDateTime;

/// Sunday 12 July 2026 (Hari Jadi Cianjur), 12:00 WIB.
const NOW: OffsetDateTime = datetime!(2026-07-12 05:00 UTC);

struct Hub {
    app: Router,
    db: TestDb,
}

impl Hub {
    fn new() -> Self {
        let db = TestDb::at("hub.sqlite3");
        let app = app(AppState::new(db.store(), Arc::new(StoppedAt(NOW))));
        Hub { app, db }
    }

    /// Registers an agency and enrols a PC for it; returns the agency id and the token.
    async fn enrolled(&self, code: &str) -> (i64, String) {
        let agency = self
            .db
            .with(|s| {
                s.add_agency(
                    &AgencyCode::parse(code).expect("code"),
                    &AgencyName::parse("Dinas Kesehatan").expect("name"),
                    NOW,
                )
            })
            .expect("agency added");
        let token = enrol(&self.app, &agency.enrolment.code.to_string()).await;
        (agency.id, token)
    }

    async fn post(&self, path: &str, token: &str, body: &Value) -> (StatusCode, Value) {
        let (status, _, text) = exchange(&self.app, post_json(path, Some(token), body)).await;
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("status {status}: not JSON ({e}): {text}"));
        (status, json)
    }

    /// POSTs `bytes` of JSON as it is, with the token.
    async fn post_raw(&self, path: &str, token: &str, bytes: String) -> (StatusCode, Value) {
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(bytes))
            .expect("request");
        let (status, _, text) = exchange(&self.app, request).await;
        (status, serde_json::from_str(&text).expect("json"))
    }

    fn count(&self, table: &str, agency_id: i64) -> i64 {
        self.db.select_text(&format!(
            "SELECT COUNT(*) FROM {table} WHERE agency_id = {agency_id}"
        ))[0][0]
            .parse()
            .expect("counts")
    }
}

fn report(id: &str, updated_at: &str) -> Value {
    json!({
        "id": id, "platform": "instagram", "handle": format!("dinkes{id}"),
        "url": format!("https://www.instagram.com/dinkes{id}/"),
        "imitates": "dinkescianjur",
        "description": "Meminta transfer biaya pendaftaran lewat DM.",
        "status": "masih_aktif", "first_seen_on": "2026-07-10", "updated_at": updated_at
    })
}

fn post_url(n: u32) -> Value {
    json!(format!("https://www.instagram.com/p/HariJadi{n}/"))
}

#[tokio::test]
async fn a_body_over_the_limit_is_told_the_limit_of_its_own_route() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES").await;

    let padding = " ".repeat(300 * 1024);
    let (status, body) = hub
        .post_raw(
            "/api/v1/summaries",
            &token,
            format!("{padding}{{\"schema_version\": 1, \"days\": []}}"),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "request.too_large");
    assert_eq!(
        body["message"],
        "Isi permintaan terlalu besar: batas rute ini 256 KB."
    );

    // 300 KB passes the reports route, which takes up to 1 MB: it is read, and refused for
    // what it holds, not for its size.
    let (status, body) = hub
        .post_raw(
            "/api/v1/impersonation-reports",
            &token,
            format!("{padding}{{\"reports\": []}}"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "report.none");

    let padding = " ".repeat(1100 * 1024);
    let batch = json!({ "reports": [report("r1", "2026-07-11T01:00:00Z")] });
    let (status, body) = hub
        .post_raw(
            "/api/v1/impersonation-reports",
            &token,
            format!("{padding}{batch}"),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "request.too_large");
    assert_eq!(
        body["message"],
        "Isi permintaan terlalu besar: batas rute ini 1024 KB."
    );
    assert_eq!(hub.count("impersonation_reports", dinkes), 0);
}

#[tokio::test]
async fn reports_past_the_agency_cap_are_refused_and_nothing_is_stored() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES").await;
    let (other, other_token) = hub.enrolled("DISDIK").await;
    // All but one of the cap, written straight into the database (SQL both engines read).
    let fill = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {})
         INSERT INTO impersonation_reports
             (agency_id, report_id, platform, handle, url, imitates, description, status,
              first_seen_on, updated_at, received_at)
         SELECT {dinkes}, 'lama' || i, 'instagram', 'palsu' || i,
                'https://www.instagram.com/palsu' || i || '/', NULL, 'Lama.', 'ditutup',
                '2026-07-01', '2026-07-01T00:00:00Z', '2026-07-01T00:00:00Z'
         FROM n",
        MAX_REPORTS_PER_AGENCY - 1
    );
    hub.db.execute_raw(&fill, &fill);
    let path = "/api/v1/impersonation-reports";
    let at = "2026-07-11T01:00:00Z";

    let two_new = json!({ "reports": [report("a1", at), report("a2", at)] });
    let (status, body) = hub.post(path, &token, &two_new).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "agency.reports_cap_reached");
    let message = body["message"].as_str().expect("message");
    assert!(message.contains("5000 laporan"), "{message}");
    assert_eq!(
        hub.count("impersonation_reports", dinkes),
        MAX_REPORTS_PER_AGENCY - 1,
        "the refused batch left nothing"
    );

    let (status, body) = hub
        .post(path, &token, &json!({ "reports": [report("a1", at)] }))
        .await;
    assert_eq!(status, StatusCode::OK, "up to the cap: {body}");
    assert_eq!(
        hub.count("impersonation_reports", dinkes),
        MAX_REPORTS_PER_AGENCY
    );

    // At the cap, a report held may still change; a new one may not.
    let later = "2026-07-12T01:00:00Z";
    let (status, body) = hub
        .post(path, &token, &json!({ "reports": [report("a1", later)] }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["updated"], 1);
    let (status, body) = hub
        .post(path, &token, &json!({ "reports": [report("a3", later)] }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "agency.reports_cap_reached");
    assert_eq!(
        hub.count("impersonation_reports", dinkes),
        MAX_REPORTS_PER_AGENCY
    );

    // The cap is the agency's own: another agency still reports.
    let (status, body) = hub
        .post(
            path,
            &other_token,
            &json!({ "reports": [report("b1", at)] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(hub.count("impersonation_reports", other), 1);
}

#[tokio::test]
async fn fulfilments_past_the_agency_cap_are_refused_and_nothing_is_stored() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES").await;
    let (other, other_token) = hub.enrolled("DISDIK").await;
    let brief = NewBrief::parse(
        "Hari Jadi Cianjur",
        "Unggah ucapan.",
        "#CianjurManjur",
        "2026-07-10",
        "2026-07-12",
    )
    .expect("brief");
    let brief = hub
        .db
        .with(|s| s.create_brief(&brief, &[], &[], NOW))
        .expect("brief added");
    let fill = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {})
         INSERT INTO brief_fulfilments (brief_id, agency_id, platform, url, day, reported_at)
         SELECT {brief}, {dinkes}, 'instagram', 'https://www.instagram.com/p/lama' || i || '/',
                '2026-07-10', '2026-07-10T00:00:00Z'
         FROM n",
        MAX_FULFILMENTS_PER_AGENCY - 1
    );
    hub.db.execute_raw(&fill, &fill);
    let path = "/api/v1/brief-fulfilments";
    let item = |n: u32| json!({"brief_id": brief, "platform": "instagram", "url": post_url(n), "day": "2026-07-12"});

    let (status, body) = hub
        .post(path, &token, &json!({ "fulfilments": [item(1), item(2)] }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "agency.fulfilments_cap_reached");
    let message = body["message"].as_str().expect("message");
    assert!(message.contains("20000 unggahan"), "{message}");
    assert_eq!(
        hub.count("brief_fulfilments", dinkes),
        MAX_FULFILMENTS_PER_AGENCY - 1,
        "the refused batch left nothing"
    );

    let one = json!({ "fulfilments": [item(1)] });
    let (status, body) = hub.post(path, &token, &one).await;
    assert_eq!(status, StatusCode::OK, "up to the cap: {body}");
    assert_eq!(
        hub.count("brief_fulfilments", dinkes),
        MAX_FULFILMENTS_PER_AGENCY
    );

    // At the cap, a resend still answers as before; a new post is refused.
    let (status, body) = hub.post(path, &token, &one).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"recorded": 0, "unchanged": 1}));
    let (status, body) = hub
        .post(path, &token, &json!({ "fulfilments": [item(3)] }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "agency.fulfilments_cap_reached");
    assert_eq!(
        hub.count("brief_fulfilments", dinkes),
        MAX_FULFILMENTS_PER_AGENCY
    );

    let (status, body) = hub
        .post(path, &other_token, &json!({ "fulfilments": [item(1)] }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(hub.count("brief_fulfilments", other), 1);
}
