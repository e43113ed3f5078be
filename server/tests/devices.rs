//! Several PCs per agency: each PC's summaries are kept apart and added up into the
//! agency's figures everywhere the dashboard shows them; additional enrolment codes, the
//! list of an agency's PCs, cutting one PC off (command line and dashboard), enrolling a PC
//! again with its installation id, and the migration of summaries stored before.
//! In-process on a real store (SQLite, or PostgreSQL: see `common::TestDb`); the migration
//! of summaries stored before is SQLite's own.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{encode, exchange, get, hidden_csrf, login, post_json, StoppedAt, TestDb};
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::cli::summaries::Format;
use medsos_hub::clock::today_wib;
use medsos_hub::dashboard::{self, settings, Period};
use medsos_hub::store::sqlite::{self as store, devices};
use medsos_hub::{app, AppState};
use medsos_protocol::{DailySummary, SummaryBatch, SCHEMA_VERSION};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use time::macros::datetime;
use time::OffsetDateTime;

/// Thursday 26 November 2026, 21:00 WIB.
const NOW: OffsetDateTime = datetime!(2026-11-26 14:00 UTC);

const USER: &str = "petugas";
const PASSWORD: &str = "kata-sandi-rahasia-123";

const INSTALLATION: &str = "5f0c2a9e-1b7d-4c3a-8e6f-0a9b8c7d6e5f";

struct Hub {
    app: Router,
    db: TestDb,
}

impl Hub {
    fn new() -> Hub {
        let db = TestDb::new();
        let app = app(AppState::new(db.store(), Arc::new(StoppedAt(NOW))));
        db.with(|s| s.add_user(USER, "Petugas Dasbor", PASSWORD, NOW))
            .expect("user");
        Hub { app, db }
    }

    /// Registers the agency; answers its id and first one-time code.
    fn add_agency(&self, code: &str, name: &str) -> (i64, String) {
        let code = AgencyCode::parse(code).expect("valid code");
        let name = AgencyName::parse(name).expect("valid name");
        let agency = self
            .db
            .with(|s| s.add_agency(&code, &name, NOW))
            .expect("agency added");
        (agency.id, agency.enrolment.code.to_string())
    }

    /// One more code for another PC of the agency; no PC is revoked.
    fn additional_code(&self, code: &str) -> String {
        let code = AgencyCode::parse(code).expect("code");
        self.db
            .with(|s| s.issue_additional_code(&code, NOW))
            .expect("code issued")
            .code
            .to_string()
    }

    fn rotate(&self, code: &str) -> String {
        let code = AgencyCode::parse(code).expect("code");
        self.db
            .with(|s| s.rotate_agency(&code, NOW))
            .expect("rotated")
            .1
            .code
            .to_string()
    }

    /// Enrols a PC through the API; answers the status and body.
    async fn try_enrol(
        &self,
        code: &str,
        name: &str,
        installation: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut body = json!({"code": code, "device_name": name});
        if let Some(id) = installation {
            body["installation_id"] = json!(id);
        }
        let (status, _, text) =
            exchange(&self.app, post_json("/api/v1/enrolments", None, &body)).await;
        (status, serde_json::from_str(&text).expect("json"))
    }

    async fn enrol(&self, code: &str, name: &str, installation: Option<&str>) -> String {
        let (status, body) = self.try_enrol(code, name, installation).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["token"].as_str().expect("token").to_owned()
    }

    /// Sends the days; answers the status and the (day, outcome) of each.
    async fn send(&self, token: &str, days: Vec<DailySummary>) -> (StatusCode, Vec<String>) {
        let batch = SummaryBatch {
            schema_version: SCHEMA_VERSION,
            days,
        };
        let request = Request::post("/api/v1/summaries")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(serde_json::to_string(&batch).expect("json")))
            .expect("request");
        let (status, _, text) = exchange(&self.app, request).await;
        let body: Value = serde_json::from_str(&text).expect("json");
        let outcomes = body["results"]
            .as_array()
            .map(|results| {
                results
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {}",
                            r["day"].as_str().unwrap_or(""),
                            r["outcome"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        (status, outcomes)
    }

    async fn page(&self, session: &str, path: &str) -> (StatusCode, String) {
        let (status, _, body) = exchange(&self.app, get(path, Some(session))).await;
        (status, body)
    }

    async fn post_form(
        &self,
        session: Option<&str>,
        path: &str,
        form: &str,
    ) -> (StatusCode, String) {
        let mut request =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(session) = session {
            request = request.header(header::COOKIE, common::session_cookie(session));
        }
        let (status, headers, body) = exchange(
            &self.app,
            request.body(Body::from(form.to_owned())).expect("request"),
        )
        .await;
        let location = headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (status, if location.is_empty() { body } else { location })
    }

    /// The agency's row of this month's overview.
    fn row(&self, code: &str) -> dashboard::AgencyRow {
        self.db
            .with(|db| {
                let settings = settings::load(db)?;
                dashboard::overview(db, Period::month_of(today_wib(NOW)), settings, NOW)
            })
            .expect("overview")
            .rows
            .into_iter()
            .find(|r| r.code == code)
            .expect("agency row")
    }

    /// (device id, day, revision) of every stored summary.
    fn stored(&self) -> Vec<(i64, String, u32)> {
        self.db
            .select_text("SELECT device_id, day, revision FROM summaries ORDER BY day, device_id")
            .into_iter()
            .map(|r| {
                (
                    r[0].parse().expect("device id"),
                    r[1].clone(),
                    r[2].parse().expect("revision"),
                )
            })
            .collect()
    }

    fn devices(&self, agency: i64) -> Vec<medsos_hub::store::devices::DeviceInfo> {
        self.db.with(|s| s.devices(agency)).expect("devices")
    }
}

fn counts(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

fn with_ig(day: &str, revision: u32, published: u32) -> DailySummary {
    let mut summary = DailySummary::example(day, revision);
    summary.posts.instagram.published = published;
    summary
}

/// What the office PC sends for 2 November.
fn office_day() -> DailySummary {
    DailySummary::example("2026-11-02", 1)
}

/// What the field laptop sends for 2 November.
fn laptop_day() -> DailySummary {
    let mut day = DailySummary::example("2026-11-02", 1);
    day.posts.instagram.published = 5;
    day.posts.facebook.published = 3;
    day.drafts_created = 1;
    day.complaints.received_by_type = counts(&[("pengaduan", 5)]);
    day.complaints.received_by_category = counts(&[("jalan_rusak", 5)]);
    day.complaints.received_by_kecamatan = counts(&[("32.03.01", 1), ("32.03.05", 4)]);
    day.complaints.received_by_channel = counts(&[("whatsapp", 5)]);
    day.complaints.answered_within_deadline = 4;
    day.complaints.resolved = 2;
    day.complaints.overdue = 0;
    day.complaints.open_backlog = 3;
    day
}

/// The two added up, written out by hand: counts add up, the medians are the same.
fn both_days() -> DailySummary {
    let mut day = DailySummary::example("2026-11-02", 1);
    day.posts.instagram.published = 2 + 5;
    day.posts.instagram.scheduled = 1 + 1;
    day.posts.facebook.published = 1 + 3;
    day.posts.facebook.missed = 1 + 1;
    day.drafts_created = 4 + 1;
    day.complaints.received_by_type = counts(&[("aspirasi", 1), ("pengaduan", 5 + 5)]);
    day.complaints.received_by_category =
        counts(&[("jalan_rusak", 3 + 5), ("layanan_kesehatan", 3)]);
    day.complaints.received_by_kecamatan =
        counts(&[("32.03.01", 2 + 1), ("32.03.02", 1), ("32.03.05", 4)]);
    day.complaints.received_by_channel = counts(&[("instagram_dm", 4), ("whatsapp", 2 + 5)]);
    day.complaints.answered_within_deadline = 5 + 4;
    day.complaints.resolved = 3 + 2;
    day.complaints.overdue = 1;
    day.complaints.open_backlog = 12 + 3;
    day
}

/// A page with what only tells the two hubs apart taken out: the form tokens, and the list
/// of the agency's PCs.
fn comparable(page: &str) -> String {
    let mut text = page.to_owned();
    let marker = r#"name="csrf" value=""#;
    while let Some(start) = text.find(marker) {
        let value = start + marker.len();
        let end = text[value..].find('"').expect("end") + value;
        text.replace_range(start..=end, "");
    }
    if let Some(start) = text.find(r#"<section id="pc">"#) {
        let end = text[start..].find("</section>").expect("end") + start;
        text.replace_range(start..end, "");
    }
    text
}

/// The hub's answer to every page that shows the agency's figures, and both exports.
async fn everything(hub: &Hub) -> Vec<(String, String)> {
    let session = login(&hub.app, USER, PASSWORD).await;
    let mut shown = Vec::new();
    for path in [
        "/dasbor",
        "/dasbor?periode=minggu",
        "/pd/DINKES",
        "/kabupaten?bulan=2026-11",
        "/laporan?bulan=2026-11",
        "/dasbor/ekspor.csv",
    ] {
        let (status, body) = hub.page(&session, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        shown.push((path.to_owned(), comparable(&body)));
    }
    for format in [Format::Csv, Format::Json] {
        let export = common::blocking(|| {
            medsos_hub::cli::summaries::export(hub.db.target(), "2026-11-01", "2026-11-30", format)
        })
        .expect("export");
        shown.push((format!("summaries export {format:?}"), export));
    }
    shown
}

/// An agency with an office PC and a field laptop reads everywhere as one PC that sent the
/// sum of their summaries would.
#[tokio::test]
async fn two_pcs_of_one_agency_show_the_sum_of_their_summaries_everywhere() {
    let two = Hub::new();
    let (_, code) = two.add_agency("DINKES", "Dinas Kesehatan");
    let office = two.enrol(&code, "PC Admin", None).await;
    let laptop = two
        .enrol(&two.additional_code("DINKES"), "Laptop Lapangan", None)
        .await;
    let other_day = DailySummary::example("2026-11-03", 1);
    let (status, _) = two
        .send(&office, vec![office_day(), other_day.clone()])
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, outcomes) = two.send(&laptop, vec![laptop_day()]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        outcomes,
        ["2026-11-02 stored"],
        "its own day, not a replacement"
    );

    let one = Hub::new();
    let (_, code) = one.add_agency("DINKES", "Dinas Kesehatan");
    let only = one.enrol(&code, "PC Admin", None).await;
    one.send(&only, vec![both_days(), other_day]).await;

    let row = two.row("DINKES");
    assert_eq!(row.ig_published, 2 + 5 + 2);
    assert_eq!(row, one.row("DINKES"));
    let (summed, expected) = (everything(&two).await, everything(&one).await);
    for ((path, got), (_, want)) in summed.iter().zip(&expected) {
        assert!(
            got == want,
            "{path} differs:\n{got}\n---- expected ----\n{want}"
        );
    }
    assert_eq!(two.stored().len(), 3, "each PC's summary kept apart");
}

/// One PC's correction replaces only what that PC sent; its replay and older revisions
/// change nothing; a PC cut off still counts for what it sent.
#[tokio::test]
async fn one_pcs_correction_never_erases_another_pcs_numbers() {
    let hub = Hub::new();
    let (dinkes, code) = hub.add_agency("DINKES", "Dinas Kesehatan");
    let a = hub.enrol(&code, "PC Admin", None).await;
    let b = hub
        .enrol(&hub.additional_code("DINKES"), "Laptop Lapangan", None)
        .await;
    hub.send(&a, vec![with_ig("2026-11-02", 1, 2)]).await;
    hub.send(&b, vec![with_ig("2026-11-02", 1, 5)]).await;
    assert_eq!(hub.row("DINKES").ig_published, 7);

    let (_, outcomes) = hub.send(&a, vec![with_ig("2026-11-02", 2, 3)]).await;
    assert_eq!(outcomes, ["2026-11-02 replaced"]);
    assert_eq!(hub.row("DINKES").ig_published, 3 + 5, "B's 5 stay");
    let (_, outcomes) = hub.send(&b, vec![with_ig("2026-11-02", 1, 5)]).await;
    assert_eq!(outcomes, ["2026-11-02 unchanged"]);
    let (_, outcomes) = hub.send(&a, vec![with_ig("2026-11-02", 1, 2)]).await;
    assert_eq!(outcomes, ["2026-11-02 ignored_older"]);
    assert_eq!(hub.row("DINKES").ig_published, 8);
    let ids: Vec<i64> = hub.devices(dinkes).iter().map(|d| d.id).collect();
    assert_eq!(
        hub.stored(),
        vec![
            (ids[0], "2026-11-02".to_owned(), 2),
            (ids[1], "2026-11-02".to_owned(), 1)
        ]
    );
    // B cut off: its token stops working, what it sent still counts.
    hub.db
        .with(|s| s.revoke_device(ids[1], NOW))
        .expect("revoked");
    let (status, _) = hub.send(&b, vec![with_ig("2026-11-03", 1, 1)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(hub.row("DINKES").ig_published, 8);
    let (status, _) = hub.send(&a, vec![with_ig("2026-11-03", 1, 1)]).await;
    assert_eq!(status, StatusCode::OK, "the other PC goes on");
    assert_eq!(hub.row("DINKES").ig_published, 9);
}

/// `agency code`, `agency devices`, `agency revoke-device` and `agency rotate`, as their
/// command-line functions, against PCs enrolled through the API.
#[tokio::test]
async fn an_additional_code_enrols_another_pc_and_one_pc_is_cut_off_alone() {
    let hub = Hub::new();
    let (dinkes, code) = hub.add_agency("DINKES", "Dinas Kesehatan");
    let (_, disdik_code) = hub.add_agency("DISDIK", "Dinas Pendidikan");
    let a = hub.enrol(&code, "PC Admin", None).await;
    hub.enrol(&disdik_code, "PC Disdik", None).await;
    let printed = common::blocking(|| medsos_hub::cli::agency::code(hub.db.target(), "dinkes"))
        .expect("code");
    assert!(
        printed.contains("PC yang sudah terdaftar tetap aktif"),
        "{printed}"
    );
    let b = hub
        .enrol(&hub.additional_code("DINKES"), "Laptop Lapangan", None)
        .await;
    for token in [&a, &b] {
        let (status, _) = hub.send(token, vec![with_ig("2026-11-02", 1, 1)]).await;
        assert_eq!(status, StatusCode::OK, "both PCs work");
    }
    let listed = hub.devices(dinkes);
    assert_eq!(listed.len(), 2);
    assert!(listed
        .iter()
        .all(|d| d.revoked_at.is_none() && d.last_sync_at == Some(NOW)));
    let (a_id, b_id) = (listed[0].id, listed[1].id);

    let table = common::blocking(|| medsos_hub::cli::agency::devices(hub.db.target(), "DINKES"))
        .expect("devices");
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(
        lines[0].contains("ID") && lines[0].contains("SINKRON TERAKHIR"),
        "{table}"
    );
    assert!(
        lines[1].starts_with(&a_id.to_string()) && lines[1].contains("PC Admin"),
        "{table}"
    );
    assert!(
        lines[2].contains("Laptop Lapangan") && lines[2].contains("aktif"),
        "{table}"
    );
    assert!(lines[2].contains("2026-11-26 21:00 WIB"), "{table}");
    assert!(!table.contains("PC Disdik"), "{table}");

    let out = common::blocking(|| {
        medsos_hub::cli::agency::revoke_device(hub.db.target(), &b_id.to_string())
    })
    .expect("revoked");
    assert!(
        out.contains("Laptop Lapangan") && out.contains("PC lain PD ini tetap aktif"),
        "{out}"
    );
    let (status, _) = hub.send(&b, vec![with_ig("2026-11-03", 1, 1)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = hub.send(&a, vec![with_ig("2026-11-03", 1, 1)]).await;
    assert_eq!(status, StatusCode::OK);
    let table = common::blocking(|| medsos_hub::cli::agency::devices(hub.db.target(), "DINKES"))
        .expect("devices");
    assert!(
        table.lines().nth(2).expect("B").contains("dicabut"),
        "{table}"
    );

    // Bad input: a clear message, nothing changed.
    let before = hub.devices(dinkes);
    let again = common::blocking(|| {
        medsos_hub::cli::agency::revoke_device(hub.db.target(), &b_id.to_string())
    })
    .expect_err("twice");
    assert_eq!(again.code(), "device.already_revoked");
    assert!(again.to_string().contains("sudah dicabut"), "{again}");
    let unknown =
        common::blocking(|| medsos_hub::cli::agency::revoke_device(hub.db.target(), "999"))
            .expect_err("unknown");
    assert_eq!(unknown.code(), "device.unknown");
    assert!(unknown.to_string().contains("agency devices"), "{unknown}");
    let typo = common::blocking(|| medsos_hub::cli::agency::revoke_device(hub.db.target(), "PC-2"))
        .expect_err("not a number");
    assert_eq!(typo.code(), "device.invalid_id");
    assert_eq!(hub.devices(dinkes), before);

    // `rotate` keeps its meaning: every PC revoked, one new code.
    let fresh = hub.rotate("DINKES");
    let (status, _) = hub.send(&a, vec![with_ig("2026-11-04", 1, 1)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(hub.devices(dinkes).iter().all(|d| d.revoked_at.is_some()));
    let c = hub.enrol(&fresh, "PC Baru", None).await;
    let (status, _) = hub.send(&c, vec![with_ig("2026-11-04", 1, 1)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(hub.row("DINKES").ig_published, 1 + 1 + 1 + 1);
    // A revoked agency gets no additional code: `rotate` brings it back.
    hub.db
        .with(|s| s.revoke_agency(&AgencyCode::parse("DISDIK").expect("code"), NOW))
        .expect("revoked");
    let refused = common::blocking(|| medsos_hub::cli::agency::code(hub.db.target(), "DISDIK"))
        .expect_err("revoked");
    assert_eq!(refused.code(), "agency.revoked");
    assert!(refused.to_string().contains("agency rotate"), "{refused}");
}

#[tokio::test]
async fn the_agency_page_lists_its_pcs_and_an_officer_cuts_one_off() {
    let hub = Hub::new();
    let (dinkes, code) = hub.add_agency("DINKES", "Dinas Kesehatan");
    let (_, disdik_code) = hub.add_agency("DISDIK", "Dinas Pendidikan");
    let a = hub.enrol(&code, "PC Admin", None).await;
    let b = hub
        .enrol(&hub.additional_code("DINKES"), "Laptop Lapangan", None)
        .await;
    hub.enrol(&disdik_code, "PC Disdik", None).await;
    hub.send(&b, vec![with_ig("2026-11-02", 1, 1)]).await;
    let ids: Vec<i64> = hub.devices(dinkes).iter().map(|d| d.id).collect();
    let disdik_pc = ids.iter().max().expect("ids") + 1;

    let session = login(&hub.app, USER, PASSWORD).await;
    let (status, page) = hub.page(&session, "/pd/DINKES").await;
    assert_eq!(status, StatusCode::OK);
    let start = page.find(r#"<section id="pc">"#).expect("PC section");
    let section = &page[start..page[start..].find("</section>").expect("end") + start];
    assert!(section.contains("Sinkron terakhir"), "{section}");
    assert!(
        section.contains(&format!("<td>{}</td><td>PC Admin</td>", ids[0])),
        "{section}"
    );
    assert!(
        section.contains(&format!("<td>{}</td><td>Laptop Lapangan</td>", ids[1])),
        "{section}"
    );
    assert!(
        section.contains("<td>2026-11-26 21:00 WIB</td>"),
        "B's last sync: {section}"
    );
    assert!(
        section.contains(&format!(r#"action="/pd/DINKES/pc/{}/cabut""#, ids[1])),
        "{section}"
    );
    assert!(!section.contains("PC Disdik"));
    let csrf = hidden_csrf(&page);

    let cut = |device: i64| format!("/pd/DINKES/pc/{device}/cabut");
    let form = |csrf: &str| format!("csrf={}", encode(csrf));
    for forged in ["", "0123456789abcdef"] {
        let (status, _) = hub
            .post_form(Some(&session), &cut(ids[1]), &form(forged))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, location) = hub.post_form(None, &cut(ids[1]), &form(&csrf)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/masuk"), "{location}");
    // Another agency's PC, or none: refused, nothing changed.
    for other in [disdik_pc, 999] {
        let (status, body) = hub
            .post_form(Some(&session), &cut(other), &form(&csrf))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("PC itu bukan milik PD ini"), "{body}");
    }
    assert!(hub.devices(dinkes).iter().all(|d| d.revoked_at.is_none()));
    let (status, _) = hub.send(&b, vec![with_ig("2026-11-03", 1, 1)]).await;
    assert_eq!(status, StatusCode::OK);

    let (status, location) = hub
        .post_form(Some(&session), &cut(ids[1]), &form(&csrf))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/pd/DINKES#pc");
    let (status, _) = hub.send(&b, vec![with_ig("2026-11-04", 1, 1)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = hub.send(&a, vec![with_ig("2026-11-04", 1, 1)]).await;
    assert_eq!(status, StatusCode::OK, "the office PC goes on");
    let (_, page) = hub.page(&session, "/pd/DINKES").await;
    assert!(page.contains("dicabut"), "{page}");
    assert!(!page.contains(&format!(r#"action="/pd/DINKES/pc/{}/cabut""#, ids[1])));
    // Cut off twice: a clear message.
    let (status, body) = hub
        .post_form(Some(&session), &cut(ids[1]), &form(&csrf))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("sudah dicabut"), "{body}");
    assert_eq!(hub.row("DINKES").ig_published, 3);
}

/// A PC enrolled again with the same store (after `rotate`, or with an additional code)
/// carries on its earlier summaries: the days it sends again replace them, never double.
#[tokio::test]
async fn a_pc_enrolled_again_with_its_installation_id_carries_on_its_summaries() {
    let hub = Hub::new();
    let (dinkes, code) = hub.add_agency("DINKES", "Dinas Kesehatan");
    let first = hub.enrol(&code, "PC Admin", Some(INSTALLATION)).await;
    let days = vec![with_ig("2026-11-02", 1, 2), with_ig("2026-11-03", 1, 4)];
    hub.send(&first, days.clone()).await;
    assert_eq!(hub.row("DINKES").ig_published, 6);

    // PCs replaced with `rotate`; the same store enrols again and sends everything again.
    let fresh = hub.rotate("DINKES");
    let again = hub.enrol(&fresh, "PC Admin", Some(INSTALLATION)).await;
    let (_, outcomes) = hub.send(&again, days.clone()).await;
    assert_eq!(outcomes, ["2026-11-02 unchanged", "2026-11-03 unchanged"]);
    assert_eq!(hub.row("DINKES").ig_published, 6, "not counted twice");
    let listed = hub.devices(dinkes);
    let current = listed
        .iter()
        .find(|d| d.revoked_at.is_none())
        .expect("active PC");
    assert_eq!(current.last_sync_at, Some(NOW));
    assert!(
        hub.stored().iter().all(|s| s.0 == current.id),
        "{:?}",
        hub.stored()
    );

    // With an additional code, the same store is one PC too: the earlier enrolment is
    // revoked. Another store of the agency is another PC, counted beside it.
    let third = hub
        .enrol(
            &hub.additional_code("DINKES"),
            "PC Admin",
            Some(INSTALLATION),
        )
        .await;
    let (status, _) = hub.send(&again, days.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "one store, one PC");
    let (_, outcomes) = hub.send(&third, vec![with_ig("2026-11-03", 2, 5)]).await;
    assert_eq!(outcomes, ["2026-11-03 replaced"]);
    assert_eq!(hub.row("DINKES").ig_published, 2 + 5);
    let laptop = hub
        .enrol(
            &hub.additional_code("DINKES"),
            "Laptop",
            Some("laptop-lapangan-01"),
        )
        .await;
    hub.send(&laptop, vec![with_ig("2026-11-03", 1, 1)]).await;
    assert_eq!(hub.row("DINKES").ig_published, 2 + 5 + 1);
    assert_eq!(hub.stored().len(), 3);

    // The same store id under another agency carries nothing over.
    let (disdik, disdik_code) = hub.add_agency("DISDIK", "Dinas Pendidikan");
    hub.enrol(&disdik_code, "PC Admin", Some(INSTALLATION))
        .await;
    assert_eq!(hub.row("DINKES").ig_published, 8);
    assert!(hub.devices(disdik).iter().all(|d| d.revoked_at.is_none()));
    let (status, _) = hub.send(&third, vec![with_ig("2026-11-04", 1, 1)]).await;
    assert_eq!(status, StatusCode::OK, "DINKES's PC untouched");

    // A malformed id is refused and the code is not used up.
    let code = hub.additional_code("DINKES");
    for bad in ["short", "spasi di dalam id", &"x".repeat(65)] {
        let (status, body) = hub.try_enrol(&code, "PC", Some(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["code"], "enrolment.invalid_installation_id");
    }
    hub.enrol(&code, "PC", None).await;
}

/// Summaries stored before several PCs were told apart stay, each assigned to the agency's
/// PC enrolled last before it arrived (else its last PC); each PC's last sync is set.
/// SQLite only: it builds a SQLite file of an earlier release, with SQLite's own migrations.
#[test]
fn migration_keeps_every_stored_summary_and_assigns_it_to_a_pc() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hub.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).expect("opens");
        let old = rusqlite_migration::Migrations::new(
            [
                include_str!("../migrations/001_agencies_and_enrolment.sql"),
                include_str!("../migrations/002_summaries_and_publications.sql"),
                include_str!("../migrations/003_dashboard.sql"),
                include_str!("../migrations/004_accounts_and_reports.sql"),
            ]
            .into_iter()
            .map(rusqlite_migration::M::up)
            .collect(),
        );
        old.to_latest(&mut conn).expect("release 4");
        let summary =
            |day: &str| serde_json::to_string(&DailySummary::example(day, 1)).expect("json");
        conn.execute_batch(
            "INSERT INTO agencies (id, code, name, created_at) VALUES
                 (1, 'DINKES', 'Dinas Kesehatan', '2026-10-01T00:00:00Z'),
                 (2, 'DISDIK', 'Dinas Pendidikan', '2026-10-01T00:00:00Z');
             INSERT INTO enrolment_codes (id, agency_id, code_hash, created_at, expires_at, used_at)
             VALUES (1, 1, 'h1', '2026-10-01T00:00:00Z', '2026-10-08T00:00:00Z', '2026-10-02T00:00:00Z'),
                    (2, 1, 'h2', '2026-11-01T00:00:00Z', '2026-11-08T00:00:00Z', '2026-11-05T00:00:00Z');
             INSERT INTO devices (id, agency_id, enrolment_code_id, name, token_hash, enrolled_at, revoked_at)
             VALUES (10, 1, 1, 'PC lama', 't1', '2026-10-02T00:00:00Z', '2026-11-05T00:00:00Z'),
                    (11, 1, 2, 'PC baru', 't2', '2026-11-05T00:00:00Z', NULL);",
        )
        .expect("agencies and PCs");
        let mut insert = conn
            .prepare(
                "INSERT INTO summaries (agency_id, day, schema_version, revision, summary, received_at)
                 VALUES (?1, ?2, 1, 1, ?3, ?4)",
            )
            .expect("prepares");
        for (agency, day, received) in [
            (1, "2026-09-30", "2026-10-01T12:00:00Z"),
            (1, "2026-10-20", "2026-10-20T12:00:00Z"),
            (1, "2026-11-10", "2026-11-10T12:00:00Z"),
            (2, "2026-11-10", "2026-11-10T13:00:00Z"),
        ] {
            insert
                .execute(rusqlite::params![agency, day, summary(day), received])
                .expect("summary");
        }
    }
    let conn = store::open(&path).expect("migrates");
    let kept: Vec<(i64, i64, String)> = conn
        .prepare("SELECT agency_id, device_id, day FROM summaries ORDER BY agency_id, day")
        .expect("prepares")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        kept,
        vec![
            // Before any PC was enrolled: the agency's last PC.
            (1, 11, "2026-09-30".to_owned()),
            (1, 10, "2026-10-20".to_owned()),
            (1, 11, "2026-11-10".to_owned()),
            // No PC at all.
            (2, 0, "2026-11-10".to_owned()),
        ]
    );
    let listed = devices::list(&conn, 1).expect("devices");
    let last_sync = |id: i64| {
        listed
            .iter()
            .find(|d| d.id == id)
            .and_then(|d| d.last_sync_at)
            .map(medsos_hub::clock::to_stored)
    };
    assert_eq!(last_sync(10).as_deref(), Some("2026-10-20T12:00:00.000Z"));
    assert_eq!(last_sync(11).as_deref(), Some("2026-11-10T12:00:00.000Z"));
    let exported = store::summaries::between(&conn, "2026-09-01", "2026-11-30").expect("export");
    assert_eq!(exported.len(), 4);
    assert!(exported.iter().all(|s| s.devices == 1));
    assert!(Path::new(&path).exists());
}
