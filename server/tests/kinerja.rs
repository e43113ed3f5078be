//! `GET /api/v1/kinerja`: the agency's own kinerja, as the dashboard's overview computes it,
//! with the targets and weights Diskominfo set. In-process on a real store (SQLite, or
//! PostgreSQL: see `common::TestDb`).

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{enrol, exchange, post_json, StoppedAt, TestDb};
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::clock::today_wib;
use medsos_hub::dashboard::{self, settings, DashboardSettings, Period, Weights, INDICATORS};
use medsos_hub::{app, AppState};
use medsos_protocol::{DailySummary, Kinerja, Platform, SummaryBatch, SCHEMA_VERSION};
use serde_json::Value;
use std::sync::Arc;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// Thursday 26 November 2026, 21:00 WIB.
const NOW: OffsetDateTime = datetime!(2026-11-26 14:00 UTC);

struct Hub {
    app: Router,
    db: TestDb,
}

impl Hub {
    fn new() -> Hub {
        let db = TestDb::new();
        let app = app(AppState::new(db.store(), Arc::new(StoppedAt(NOW))));
        Hub { app, db }
    }

    async fn enrolled(&self, code: &str, name: &str) -> (i64, String) {
        let code = AgencyCode::parse(code).expect("code");
        let name = AgencyName::parse(name).expect("name");
        let agency = self
            .db
            .with(|s| s.add_agency(&code, &name, NOW))
            .expect("agency");
        let token = enrol(&self.app, &agency.enrolment.code.to_string()).await;
        (agency.id, token)
    }

    async fn send(&self, token: &str, days: Vec<DailySummary>) {
        let batch = SummaryBatch {
            schema_version: SCHEMA_VERSION,
            days,
        };
        let request = Request::post("/api/v1/summaries")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(serde_json::to_string(&batch).expect("json")))
            .expect("request");
        let (status, _, body) = exchange(&self.app, request).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    async fn kinerja(&self, token: Option<&str>) -> (StatusCode, Value) {
        let mut request = Request::get("/api/v1/kinerja");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let (status, _, body) =
            exchange(&self.app, request.body(Body::empty()).expect("request")).await;
        (status, serde_json::from_str(&body).expect("json"))
    }

    async fn own(&self, token: &str) -> Kinerja {
        let (status, body) = self.kinerja(Some(token)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body).expect("Kinerja")
    }

    /// The agency's row of the overview over `period`, with the ranked agencies.
    fn row(&self, code: &str, period: Period) -> (dashboard::AgencyRow, usize) {
        let overview = self
            .db
            .with(|db| {
                let settings = settings::load(db)?;
                dashboard::overview(db, period, settings, NOW)
            })
            .expect("overview");
        let ranked = overview.rows.iter().filter(|r| r.rank.is_some()).count();
        let row = overview
            .rows
            .into_iter()
            .find(|r| r.code == code)
            .expect("row");
        (row, ranked)
    }
}

/// Equal as read back from JSON (serde_json's float parsing may be one unit in the last
/// place off).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

fn close_opt(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => close(a, b),
        (a, b) => a == b,
    }
}

fn day(day: &str, ig: u32, fb: u32) -> DailySummary {
    let mut summary = DailySummary::example(day, 1);
    summary.posts.instagram.published = ig;
    summary.posts.facebook.published = fb;
    summary
}

/// Checks that `kinerja` says what the overview says of the agency this month and each of
/// the last 8 weeks.
fn assert_same_as_overview(hub: &Hub, kinerja: &Kinerja, code: &str) {
    let today = today_wib(NOW);
    let month = Period::month_of(today);
    let (row, ranked) = hub.row(code, month);
    let settings = hub.db.with(settings::load).expect("settings");
    assert_eq!(kinerja.agency_code, code);
    assert_eq!(kinerja.agency_name, row.name);
    assert_eq!(
        (kinerja.from_day.as_str(), kinerja.to_day.as_str()),
        ("2026-11-01", "2026-11-30")
    );
    assert_eq!(kinerja.computed_at, "2026-11-26T14:00:00Z");
    assert!(
        close(kinerja.score, row.score),
        "{} {}",
        kinerja.score,
        row.score
    );
    assert_eq!(kinerja.rank, row.rank.map(|r| r as u32));
    assert_eq!(kinerja.ranked_agencies as usize, ranked);
    assert_eq!(kinerja.indicators.len(), 7);
    let keys: Vec<&str> = kinerja.indicators.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "posting",
            "on_time",
            "response",
            "resolution",
            "reporting",
            "accounts",
            "interaction"
        ]
    );
    for (((given, indicator), value), weight) in kinerja
        .indicators
        .iter()
        .zip(INDICATORS)
        .zip(row.indicators)
        .zip(settings.weights.as_array())
    {
        assert_eq!(given.label, indicator.label());
        assert_eq!(given.formula, indicator.explanation());
        assert!(
            close_opt(given.value, value),
            "{}: {:?} {value:?}",
            given.key,
            given.value
        );
        assert_eq!(given.weight, weight, "{}", given.key);
    }
    assert_eq!(kinerja.trend.len(), 8);
    for (back, week) in (0..8).rev().zip(&kinerja.trend) {
        let period = Period::week_of(today - Duration::weeks(back));
        assert_eq!(week.week_start, period.from_text());
        let score = hub.row(code, period).0.score;
        assert!(
            close(week.score, score),
            "{}: {} {score}",
            week.week_start,
            week.score
        );
    }
    assert_eq!(
        kinerja.trend[7].week_start, "2026-11-23",
        "the current week last"
    );
    assert_eq!(
        (
            kinerja.targets.instagram_per_week,
            kinerja.targets.facebook_per_week
        ),
        (
            settings.weekly_target_instagram,
            settings.weekly_target_facebook
        )
    );
    let w = kinerja.weights;
    assert_eq!(
        [
            w.posting,
            w.on_time,
            w.response,
            w.resolution,
            w.reporting,
            w.accounts,
            w.interaction
        ],
        settings.weights.as_array()
    );
}

#[tokio::test]
async fn kinerja_is_the_agencys_own_line_of_this_months_overview() {
    let hub = Hub::new();
    let (dinkes, dinkes_token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (_, uji_token) = hub.enrolled("UJI", "Dinas Uji").await;
    let (_, disdik_token) = hub.enrolled("DISDIK", "Dinas Pendidikan").await;
    hub.send(
        &dinkes_token,
        vec![
            day("2026-10-12", 1, 1),
            day("2026-11-02", 4, 3),
            day("2026-11-10", 2, 2),
            day("2026-11-24", 3, 0),
        ],
    )
    .await;
    hub.send(&uji_token, vec![day("2026-11-03", 1, 0)]).await;
    hub.db.with(|s| {
        let code = AgencyCode::parse("DINKES").expect("code");
        let handle = medsos_hub::account::Handle::parse("dinkescianjur").expect("handle");
        s.add_account(&code, Platform::Instagram, &handle, true, NOW)
            .expect("listed");
        s.revoke_agency(&AgencyCode::parse("DISDIK").expect("code"), NOW)
            .expect("revoked");
    });
    let kinerja = hub.own(&dinkes_token).await;
    assert_same_as_overview(&hub, &kinerja, "DINKES");
    assert_eq!(
        kinerja.ranked_agencies, 2,
        "the revoked agency is not ranked"
    );
    assert_eq!(kinerja.rank, Some(1));
    assert_eq!(
        kinerja.indicators[5].value,
        Some(0.5),
        "Instagram listed and confirmed"
    );
    assert!(
        kinerja.trend.iter().any(|w| w.score > 0.0),
        "{:?}",
        kinerja.trend
    );
    // Each agency reads its own, whatever it asks.
    let uji = hub.own(&uji_token).await;
    assert_same_as_overview(&hub, &uji, "UJI");
    assert_eq!(uji.rank, Some(2));
    assert!(dinkes > 0);
    // A revoked agency's PC has no token any more.
    let (status, _) = hub.kinerja(Some(&disdik_token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_targets_and_weights_diskominfo_sets_change_the_kinerja() {
    let hub = Hub::new();
    let (_, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    hub.send(
        &token,
        vec![day("2026-11-02", 4, 1), day("2026-11-16", 2, 1)],
    )
    .await;
    let before = hub.own(&token).await;
    assert_eq!(
        (
            before.targets.instagram_per_week,
            before.targets.facebook_per_week
        ),
        (3, 3)
    );
    let changed = DashboardSettings {
        weights: Weights {
            posting: 60,
            on_time: 10,
            response: 10,
            resolution: 10,
            reporting: 5,
            accounts: 5,
            interaction: 0,
        },
        weekly_target_instagram: 7,
        weekly_target_facebook: 1,
    };
    hub.db.with(|s| settings::save(s, &changed)).expect("saved");
    let after = hub.own(&token).await;
    assert_same_as_overview(&hub, &after, "DINKES");
    assert_eq!(
        (
            after.targets.instagram_per_week,
            after.targets.facebook_per_week
        ),
        (7, 1)
    );
    assert_eq!(after.weights.posting, 60);
    assert_eq!(after.indicators[0].weight, 60);
    assert_ne!(
        after.indicators[0].value, before.indicators[0].value,
        "new targets"
    );
    assert_ne!(after.score, before.score);
}

#[tokio::test]
async fn kinerja_needs_the_agencys_token_and_is_in_the_openapi_document() {
    let hub = Hub::new();
    hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (status, body) = hub.kinerja(None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "auth.missing_token");
    let (status, body) = hub.kinerja(Some("bukan-token-yang-benar")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "auth.invalid_token");
    // Only GET.
    let (status, _, _) = exchange(
        &hub.app,
        post_json("/api/v1/kinerja", None, &serde_json::json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);

    let (_, _, doc) = exchange(&hub.app, common::get("/api/openapi.json", None)).await;
    let doc: Value = serde_json::from_str(&doc).expect("json");
    for path in ["/api/v1/kinerja", "/api/v1/accounts"] {
        let op = &doc["paths"][path]["get"];
        assert!(op.is_object(), "GET {path} in the document");
        assert_eq!(
            op["security"][0]["agency_token"],
            serde_json::json!([]),
            "{path}"
        );
        let example = &op["responses"]["200"]["content"]["application/json"]["example"];
        assert!(example.is_object(), "GET {path}: 200 example");
        assert_eq!(
            op["responses"]["401"]["content"]["application/json"]["example"]["code"],
            "auth.invalid_token"
        );
    }
    let example = &doc["paths"]["/api/v1/kinerja"]["get"]["responses"]["200"]["content"]
        ["application/json"]["example"];
    let parsed: Kinerja =
        serde_json::from_value(example.clone()).expect("the example is a Kinerja");
    assert_eq!(parsed.agency_code, "DINKES");
    let example = &doc["paths"]["/api/v1/accounts"]["get"]["responses"]["200"]["content"]
        ["application/json"]["example"];
    let parsed: medsos_protocol::AccountStates =
        serde_json::from_value(example.clone()).expect("the example is AccountStates");
    assert_eq!(parsed.accounts.len(), 3);
}
