//! The dashboard's agency, regency, report and settings pages, in-process on a real store
//! (SQLite, or PostgreSQL: see `common::TestDb`): data arrives through the real enrolment and summary API, the officer logs in through
//! the real login form.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{encode, enrol, exchange, get, hidden_csrf, login, StoppedAt, TestDb};
use medsos_hub::account::Handle;
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::clock::today_wib;
use medsos_hub::dashboard::{self, settings, Period, Weights};
use medsos_hub::web::format;
use medsos_hub::{app, AppState};
use medsos_protocol::{DailySummary, Platform, SummaryBatch, SCHEMA_VERSION};
use std::collections::BTreeMap;
use std::sync::Arc;
use time::macros::datetime;
use time::OffsetDateTime;

/// Thursday 26 November 2026, 21:00 WIB.
const NOW: OffsetDateTime = datetime!(2026-11-26 14:00 UTC);

const HOSTILE: &str = r#"Dinas <script>alert(1)</script> "Uji" & Co"#;
const HOSTILE_ESCAPED: &str =
    "Dinas &lt;script&gt;alert(1)&lt;/script&gt; &quot;Uji&quot; &amp; Co";

const USER: &str = "petugas";
const PASSWORD: &str = "kata-sandi-rahasia-123";

struct Hub {
    app: Router,
    db: TestDb,
}

impl Hub {
    /// A hub with four agencies: DINKES (enrolled, summaries for October and November, one
    /// verified Instagram account), UJI (the hostile name, enrolled, one day), DISHUB (never
    /// synced) and DAMKAR (revoked); and one officer.
    async fn new() -> Hub {
        let db = TestDb::new();
        let app = app(AppState::new(db.store(), Arc::new(StoppedAt(NOW))));
        let hub = Hub { app, db };

        let dinkes = hub.enrolled("DINKES", "Dinas Kesehatan").await;
        let uji = hub.enrolled("UJI", HOSTILE).await;
        hub.add_agency("DISHUB", "Dinas Perhubungan");
        hub.add_agency("DAMKAR", "Dinas Pemadam Kebakaran");
        hub.db.with(|s| {
            let damkar = AgencyCode::parse("DAMKAR").expect("code");
            s.revoke_agency(&damkar, NOW).expect("revoked");
            let dinkes_code = AgencyCode::parse("DINKES").expect("code");
            s.add_account(
                &dinkes_code,
                Platform::Instagram,
                &Handle::parse("dinkescianjur").expect("handle"),
                true,
                NOW,
            )
            .expect("account");
            s.add_account(
                &dinkes_code,
                Platform::Facebook,
                &Handle::parse("dinkes.cianjur").expect("handle"),
                false,
                NOW,
            )
            .expect("account");
            s.add_user(USER, "Petugas Dasbor", PASSWORD, NOW)
                .expect("user");
        });

        let mut oct = DailySummary::example("2026-10-15", 1);
        oct.posts.instagram.published = 1;
        let mut nov2 = DailySummary::example("2026-11-02", 1);
        nov2.posts.instagram.published = 7;
        nov2.posts.facebook.published = 5;
        nov2.complaints.received_by_kecamatan =
            counts(&[("32.03.01", 2), ("32.03.02", 1), ("99.99", 1)]);
        let mut nov3 = DailySummary::example("2026-11-03", 1);
        nov3.complaints.overdue = 4;
        nov3.complaints.received_by_category = counts(&[("jalan_rusak", 6)]);
        hub.send_summaries(&dinkes, vec![oct, nov2, nov3]).await;

        let mut uji_day = DailySummary::example("2026-11-04", 1);
        uji_day.complaints.received_by_kecamatan = counts(&[("32.03.32", 6)]);
        hub.send_summaries(&uji, vec![uji_day]).await;
        hub
    }

    fn add_agency(&self, code: &str, name: &str) -> String {
        let code = AgencyCode::parse(code).expect("valid code");
        let name = AgencyName::parse(name).expect("valid name");
        let agency = self
            .db
            .with(|s| s.add_agency(&code, &name, NOW))
            .expect("agency added");
        agency.enrolment.code.to_string()
    }

    /// Registers the agency and enrols a PC through the API; returns the device token.
    async fn enrolled(&self, code: &str, name: &str) -> String {
        let enrolment = self.add_agency(code, name);
        enrol(&self.app, &enrolment).await
    }

    async fn send_summaries(&self, token: &str, days: Vec<DailySummary>) {
        let batch = SummaryBatch {
            schema_version: SCHEMA_VERSION,
            days,
        };
        let request = Request::post("/api/v1/summaries")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(serde_json::to_string(&batch).expect("json")))
            .expect("request");
        let (status, body) = self.send(request).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, String) {
        let (status, _, body) = self.exchange(request).await;
        (status, body)
    }

    async fn exchange(
        &self,
        request: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        exchange(&self.app, request).await
    }

    /// Logs in through GET and POST /masuk; returns the session cookie's value.
    async fn login(&self) -> String {
        login(&self.app, USER, PASSWORD).await
    }

    /// GETs a page as the officer with this session; answers status and body.
    async fn page(&self, session: &str, path: &str) -> (StatusCode, String) {
        self.send(get(path, Some(session))).await
    }

    /// POSTs the settings form as the officer.
    async fn post_settings(
        &self,
        session: Option<&str>,
        form: &str,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let mut request = Request::post("/pengaturan")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(session) = session {
            request = request.header(header::COOKIE, common::session_cookie(session));
        }
        self.exchange(request.body(Body::from(form.to_owned())).expect("request"))
            .await
    }

    fn saved_settings(&self) -> Vec<(String, String)> {
        let mut saved = self.db.with(|s| s.dashboard_settings()).expect("settings");
        saved.sort();
        saved
    }

    /// The overview over this month as the dashboard computes it.
    fn overview(&self) -> dashboard::Overview {
        self.db
            .with(|db| {
                let settings = settings::load(db)?;
                dashboard::overview(db, Period::month_of(today_wib(NOW)), settings, NOW)
            })
            .expect("overview")
    }
}

fn counts(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

/// A settings form with these weights and targets, and `csrf`.
fn settings_form(csrf: &str, weights: [&str; 6], ig: &str, fb: &str) -> String {
    let names = [
        "bobot_unggahan",
        "bobot_tepat_jadwal",
        "bobot_respons",
        "bobot_penyelesaian",
        "bobot_lapor",
        "bobot_akun",
    ];
    let mut form = format!("csrf={}", encode(csrf));
    for (name, value) in names.iter().zip(weights) {
        form.push_str(&format!("&{name}={}", encode(value)));
    }
    form.push_str(&format!(
        "&target_instagram={}&target_facebook={}",
        encode(ig),
        encode(fb)
    ));
    form
}

fn assert_no_raw_script(body: &str) {
    assert!(!body.contains("<script"), "raw script tag in page");
    assert!(!body.contains(HOSTILE), "raw hostile name in page");
}

#[tokio::test]
async fn every_page_without_a_session_goes_to_the_login_form() {
    let hub = Hub::new().await;
    for path in [
        "/pd/DINKES",
        "/pd/NOPE",
        "/kabupaten",
        "/kabupaten?bulan=2026-10",
        "/laporan",
        "/laporan?bulan=2026-11",
        "/pengaturan",
    ] {
        let (status, headers, _) = hub.exchange(get(path, None)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        let location = headers[header::LOCATION].to_str().expect("location");
        assert!(location.starts_with("/masuk?lanjut="), "{path}: {location}");
    }
    // A made-up session is no session.
    let (status, _) = hub.page("0123456789abcdef", "/kabupaten").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // A POST without a session saves nothing either.
    let form = settings_form("x", ["1", "1", "1", "1", "1", "1"], "3", "3");
    let (status, _, _) = hub.post_settings(None, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(hub.saved_settings().is_empty());
}

#[tokio::test]
async fn the_agency_page_shows_its_figures_accounts_pcs_and_the_overview_score() {
    let hub = Hub::new().await;
    let session = hub.login().await;
    let (status, body) = hub.page(&session, "/pd/DINKES").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Dinas Kesehatan"));
    assert!(body.contains("DINKES"));

    // Score, rank and indicators are the overview's.
    let overview = hub.overview();
    let row = overview
        .rows
        .iter()
        .find(|r| r.code == "DINKES")
        .expect("row");
    let ranked = overview.rows.iter().filter(|r| !r.revoked).count();
    assert_eq!(ranked, 3);
    assert_eq!(row.ig_published, 7 + 2);
    assert!(
        body.contains(&format!("<strong>{}</strong>", format::score(row.score))),
        "score {}",
        row.score
    );
    assert!(body.contains(&format!(
        "peringkat {} dari {ranked} PD",
        row.rank.expect("ranked")
    )));
    for value in row.indicators {
        assert!(body.contains(&format!(">{}<", format::percent(value))));
    }
    // IG published / target for the month so far (3 a week over the 26 days to today: 11).
    assert!(body.contains("IG 9 / 11"), "ig tile");

    // The daily table: 2 November with 7 IG and 5 FB; 1 November without a summary.
    assert!(body.contains("2 November 2026"));
    assert!(
        body.contains(r#"<td>2 November 2026</td><td class="num">7</td><td class="num">5</td>"#)
    );
    assert!(body.contains("tidak ada ringkasan"));
    // Days after today are not in the table.
    assert!(!body.contains("<td>27 November 2026</td>"));

    // Charts: one figure per series group, with the legend's sums.
    assert!(body.contains("Instagram (9)"), "instagram legend");
    assert!(body.contains("Facebook (6)"), "facebook legend");
    assert!(body.contains("Lewat tenggat (terakhir 4)"));
    assert!(body.contains("Median respons (terakhir 95 mnt)"));

    // Accounts, linked without leaking the dashboard's address; verification shown.
    assert!(body.contains(r#"href="https://www.instagram.com/dinkescianjur/""#));
    assert!(body.contains(r#"rel="noopener noreferrer""#));
    assert!(body.contains("@dinkes.cianjur"));
    // Changed with the listing rules: the column is Diskominfo's confirmation of the badge.
    assert!(body.contains("Terverifikasi (Diskominfo)"));
    assert!(body.contains(r#"<span class="badge">belum</span>"#));
    assert!(body.contains(r#"<span class="badge ok">resmi</span>"#));
    // The PC and the last sync.
    assert!(body.contains("PC Admin"));
    assert!(body.contains("aktif"));
    assert!(body.contains("2026-11-26 21:00 WIB"));

    // A code is case-insensitive; the period chooser works here too.
    let (status, week) = hub.page(&session, "/pd/dinkes?periode=minggu").await;
    assert_eq!(status, StatusCode::OK);
    assert!(week.contains("23 November 2026 – 29 November 2026"));
    let (status, bad) = hub
        .page(
            &session,
            "/pd/DINKES?periode=kustom&dari=2026-13-01&sampai=x",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(bad.contains("Ditampilkan bulan ini."));
}

#[tokio::test]
async fn unknown_and_revoked_agencies() {
    let hub = Hub::new().await;
    let session = hub.login().await;
    for path in ["/pd/NOPE", "/pd/%3Cscript%3E", "/pd/A%20B"] {
        let (status, body) = hub.page(&session, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(body.contains("Tidak ditemukan"));
        assert_no_raw_script(&body);
    }
    let (status, body) = hub.page(&session, "/pd/DAMKAR").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("dicabut"));
    assert!(body.contains("Belum ada PC yang terdaftar."));
    // Changed with the listing rules: the agency page lists claims, not only listings.
    assert!(body.contains("PD ini belum mengirim atau dicatatkan akun apa pun."));
    let (status, body) = hub.page(&session, "/pd/DISHUB").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("belum pernah sinkron"));
}

#[tokio::test]
async fn a_hostile_agency_name_is_only_ever_shown_escaped() {
    let hub = Hub::new().await;
    let session = hub.login().await;
    for path in [
        "/pd/UJI",
        "/laporan",
        "/laporan?bulan=2026-11",
        "/dasbor",
        "/kabupaten",
    ] {
        let (status, body) = hub.page(&session, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_no_raw_script(&body);
        if path != "/kabupaten" {
            assert!(body.contains(HOSTILE_ESCAPED), "{path}");
        }
    }
    let (_, body) = hub.page(&session, "/pd/UJI").await;
    // In the title as well as the heading.
    assert!(body.contains(&format!("<title>{HOSTILE_ESCAPED} (UJI)")));
}

#[tokio::test]
async fn the_regency_view_lists_every_kecamatan_and_compares_months() {
    let hub = Hub::new().await;
    let session = hub.login().await;
    let (status, body) = hub.page(&session, "/kabupaten?bulan=2026-11").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let csv = include_str!("../../core/data/kecamatan-cianjur.csv");
    let names: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(',').map(|(_, n)| n.trim()))
        .collect();
    assert_eq!(names.len(), 32);
    for name in &names {
        assert!(body.contains(&format!("<td>{name} <small>")), "{name}");
        assert!(
            body.contains(&format!(">{name}</text>")),
            "{name} in the chart"
        );
    }
    // Codes not in the list get a row of their own.
    assert!(body.contains("Kode kecamatan tidak dikenal"));
    assert!(body.contains("99.99"));
    // Cianjur: 2 in October, 2 + 2 in November.
    assert!(body.contains(
        r#"<td class="num">2</td><td class="num current">4</td><td class="num up">+2 (+100%)</td>"#
    ));
    // Pasirkuda: 6 new in November, from the hostile agency.
    assert!(body.contains(r#"<td class="num current">6</td><td class="num up">+6 (baru)</td>"#));
    // Six months ending at the chosen one.
    assert!(body.contains("Jun 2026"));
    assert!(body.contains("Nov 2026"));
    assert!(!body.contains("Mei 2026</th>"));
    // Complaints received: 6 a day over three November days (DINKES 2, UJI 1) and 6 in October.
    assert!(body.contains("<strong>18</strong>aduan diterima"));
    assert!(body.contains("+12 (+200%) dibanding bulan sebelumnya"));
    // Types and channels by their names.
    assert!(body.contains("Permintaan informasi") || body.contains("Pengaduan"));
    assert!(body.contains("DM Instagram"));
    assert!(body.contains("WhatsApp"));
    // Categories read as words.
    assert!(body.contains("jalan rusak"));
    assert!(body.contains("layanan kesehatan"));

    // No month given: this month. A bad one: this month with a message.
    let (status, default) = hub.page(&session, "/kabupaten").await;
    assert_eq!(status, StatusCode::OK);
    assert!(default.contains(r#"value="2026-11""#));
    let (status, bad) = hub.page(&session, "/kabupaten?bulan=2026-13").await;
    assert_eq!(status, StatusCode::OK);
    assert!(bad.contains("Bulan harus berbentuk YYYY-MM"));
    assert!(bad.contains(r#"value="2026-11""#));
    let (status, bad) = hub
        .page(
            &session,
            "/kabupaten?bulan=%3Cscript%3Ealert(1)%3C/script%3E",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_no_raw_script(&bad);
    // An empty month is all zeros, still with every kecamatan.
    let (status, empty) = hub.page(&session, "/kabupaten?bulan=2026-01").await;
    assert_eq!(status, StatusCode::OK);
    assert!(empty.contains("Pasirkuda"));
    assert!(!empty.contains("Kode kecamatan tidak dikenal"));
}

#[tokio::test]
async fn the_monthly_report_is_made_for_printing() {
    let hub = Hub::new().await;
    let session = hub.login().await;
    let (status, body) = hub.page(&session, "/laporan?bulan=2026-11").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body
        .contains("Pemerintah Kabupaten Cianjur — Dinas Komunikasi, Informatika dan Persandian"));
    assert!(body.contains("Laporan Kinerja Media Sosial Perangkat Daerah"));
    assert!(body.contains("November 2026"));
    assert!(body.contains("Dicetak 2026-11-26 21:00 WIB"));
    assert!(body.contains("Tekan Ctrl+P untuk mencetak atau menyimpan sebagai PDF"));
    assert!(body.contains(r#"class="print-only"#));
    assert!(!body.contains("<script"));

    // Ranked as the overview ranks the month, with the same scores.
    let overview = hub.overview();
    for row in &overview.rows {
        assert!(body.contains(&format!("<strong>{}</strong>", format::score(row.score))));
    }
    assert!(body.contains("10 PD dengan skor tertinggi"));
    assert!(body.contains("5 PD dengan skor terendah"));
    // DISHUB never synced: silent.
    let silent = body.split("PD yang diam").nth(1).expect("silent section");
    let silent = silent.split("<h2>").next().expect("section");
    assert!(silent.contains("Dinas Perhubungan"));
    assert!(silent.contains("belum pernah sinkron"));
    assert!(!silent.contains("Dinas Kesehatan"));
    // Totals: 9 + 6 published by DINKES, 3 by UJI.
    assert!(body.contains("<strong>18</strong>unggahan terbit"));
    // Kecamatan with the most complaints first.
    let top = body
        .split("10 kecamatan dengan aduan terbanyak")
        .nth(1)
        .expect("top");
    let pasirkuda = top.find("Pasirkuda").expect("Pasirkuda");
    let cianjur = top.find("<td>Cianjur</td>").expect("Cianjur");
    assert!(pasirkuda < cianjur);

    // October: the month before, complete.
    let (status, october) = hub.page(&session, "/laporan?bulan=2026-10").await;
    assert_eq!(status, StatusCode::OK);
    assert!(october.contains("Oktober 2026"));
    assert!(!october.contains("Bulan ini belum selesai"));
    let (status, bad) = hub.page(&session, "/laporan?bulan=oktober").await;
    assert_eq!(status, StatusCode::OK);
    assert!(bad.contains("Bulan harus berbentuk YYYY-MM"));
}

#[tokio::test]
async fn settings_are_checked_saved_and_change_the_score() {
    let hub = Hub::new().await;
    let session = hub.login().await;
    let (status, body) = hub.page(&session, "/pengaturan").await;
    assert_eq!(status, StatusCode::OK);
    for indicator in dashboard::INDICATORS {
        assert!(body.contains(indicator.explanation()), "{indicator:?}");
    }
    assert!(body.contains(
        r#"name="bobot_unggahan" type="number" min="0" max="100" step="1" required value="30""#
    ));
    let csrf = hidden_csrf(&body);
    let accounts_only = ["0", "0", "0", "0", "0", "100"];

    // Without or with a wrong CSRF token: refused, nothing saved.
    for token in ["", "not-the-token"] {
        let form = settings_form(token, accounts_only, "3", "3");
        let (status, _, _) = hub.post_settings(Some(&session), &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{token:?}");
    }
    let no_csrf = "bobot_unggahan=1&bobot_tepat_jadwal=1&bobot_respons=1&bobot_penyelesaian=1&bobot_lapor=1&bobot_akun=1&target_instagram=3&target_facebook=3";
    let (status, _, _) = hub.post_settings(Some(&session), no_csrf).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // From another site, even with the token.
    let request = Request::post("/pengaturan")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, common::session_cookie(&session))
        .header(header::HOST, "hub.example")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from(settings_form(&csrf, accounts_only, "3", "3")))
        .expect("request");
    let (status, _) = hub.send(request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(hub.saved_settings().is_empty());

    // Invalid input: the form again with what was typed and why, nothing saved.
    let cases: [([&str; 6], &str, &str, &str); 5] = [
        (
            ["abc", "0", "0", "0", "0", "100"],
            "3",
            "3",
            "Bobot Unggahan harus bilangan bulat 0 sampai 100",
        ),
        (
            ["0", "101", "0", "0", "0", "100"],
            "3",
            "3",
            "Bobot Tepat jadwal harus bilangan bulat 0 sampai 100",
        ),
        (
            ["0", "0", "-5", "0", "0", "100"],
            "3",
            "3",
            "Bobot Respons aduan harus",
        ),
        (
            ["0"; 6],
            "3",
            "3",
            "Paling sedikit satu bobot harus lebih dari 0.",
        ),
        (
            accounts_only,
            "51",
            "2.5",
            "Target mingguan Instagram harus bilangan bulat 0 sampai 50",
        ),
    ];
    for (weights, ig, fb, message) in cases {
        let form = settings_form(&csrf, weights, ig, fb);
        let (status, _, body) = hub.post_settings(Some(&session), &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(body.contains(message), "{message}: {body}");
        assert!(body.contains("Pengaturan belum disimpan"));
        for typed in weights {
            assert!(body.contains(&format!(r#"value="{typed}""#)), "{typed}");
        }
        assert!(body.contains(&format!(r#"name="target_instagram" type="number" min="0" max="50" step="1" required value="{ig}""#)));
        assert!(hub.saved_settings().is_empty(), "{message}");
    }
    // A hostile value is shown back escaped.
    let form = settings_form(&csrf, ["<script>", "0", "0", "0", "0", "1"], "3", "3");
    let (status, _, body) = hub.post_settings(Some(&session), &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!body.contains("<script>"));
    assert!(body.contains("&lt;script&gt;"));

    // Before: the default weights.
    let before = hub.overview();
    let dinkes = |o: &dashboard::Overview| {
        o.rows
            .iter()
            .find(|r| r.code == "DINKES")
            .expect("row")
            .score
    };
    assert_ne!(dinkes(&before), 50.0);

    // Valid: saved, back to the form with a notice.
    let form = settings_form(&csrf, [" 0", "0", "0", "0", "0", "100 "], "4", "0");
    let (status, headers, _) = hub.post_settings(Some(&session), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/pengaturan?tersimpan=1");
    let (status, body) = hub.page(&session, "/pengaturan?tersimpan=1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Pengaturan tersimpan"));
    assert!(body.contains(
        r#"name="bobot_akun" type="number" min="0" max="100" step="1" required value="100""#
    ));
    let saved = hub.db.with(settings::load).expect("settings");
    assert_eq!(saved.weights, Weights::from_array([0, 0, 0, 0, 0, 100, 0]));
    assert_eq!(saved.weekly_target_instagram, 4);
    assert_eq!(saved.weekly_target_facebook, 0);

    // Only verified accounts count now: DINKES has one of two, UJI none.
    let after = hub.overview();
    assert_eq!(dinkes(&after), 50.0);
    let (_, overview_page) = hub.page(&session, "/dasbor").await;
    assert!(overview_page.contains(r#"<td class="num score"><strong>50,0</strong></td>"#));
    assert!(overview_page.contains(r#"<td class="num score"><strong>0,0</strong></td>"#));
    let (_, agency_page) = hub.page(&session, "/pd/DINKES").await;
    assert!(agency_page.contains("<strong>50,0</strong>"));
    // The new target shows: 4 a week over the 26 days of November so far is 15.
    assert!(agency_page.contains("IG 9 / 15"));
}
