//! Akun resmi: the agencies' official accounts synced from their PCs, conflicts between
//! agencies and Diskominfo's decision on them, impersonation reports, the public registry
//! (`/registri`, `/api/v1/registry`) and the dashboard pages. In-process on a real store
//! (SQLite, or PostgreSQL: see `common::TestDb`); the migrations from earlier releases are
//! SQLite's own.

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use common::{encode, enrol, exchange, get, hidden_csrf, login, post_json, StoppedAt, TestDb};
use medsos_hub::account::Handle;
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::clock::today_wib;
use medsos_hub::dashboard::{self, settings, Period};
use medsos_hub::store::sqlite::{self as store, accounts, users};
use medsos_hub::store::Store;
use medsos_hub::{app, AppState};
use medsos_protocol::Platform;
use serde_json::{json, Value};
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

/// "dinkescianjur" with a Cyrillic "а".
const CYRILLIC: &str = "dinkesci\u{430}njur";

/// id, agency id, platform, handle, url, display name, verified, source.
type AccountRow = (i64, i64, String, String, String, String, bool, String);

/// platform, handle, agency id, state, reason, verified (Diskominfo's), decided by.
type Listed = (String, String, i64, String, Option<String>, bool, String);

/// id, agency id, handle, url, source, updated at, status, verified.
type MigratedClaim = (i64, i64, String, String, String, String, String, bool);

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

    fn add_agency(&self, code: &str, name: &str) -> (i64, String) {
        let code = AgencyCode::parse(code).expect("valid code");
        let name = AgencyName::parse(name).expect("valid name");
        let agency = self
            .db
            .with(|s| s.add_agency(&code, &name, NOW))
            .expect("agency added");
        (agency.id, agency.enrolment.code.to_string())
    }

    /// Registers the agency and enrols a PC through the API; returns its id and the token.
    async fn enrolled(&self, code: &str, name: &str) -> (i64, String) {
        let (id, enrolment) = self.add_agency(code, name);
        (id, enrol(&self.app, &enrolment).await)
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, String) {
        let (status, _, body) = self.exchange(request).await;
        (status, body)
    }

    async fn exchange(&self, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
        exchange(&self.app, request).await
    }

    /// POSTs JSON with the token; answers status and the JSON body.
    async fn api(&self, path: &str, token: &str, body: &Value) -> (StatusCode, Value) {
        let (status, text) = self.send(post_json(path, Some(token), body)).await;
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("status {status}: not JSON ({e}): {text}"));
        (status, json)
    }

    async fn sync_accounts(&self, token: &str, accounts: Vec<Value>) -> (StatusCode, Value) {
        self.api("/api/v1/accounts", token, &json!({ "accounts": accounts }))
            .await
    }

    async fn send_reports(&self, token: &str, reports: Vec<Value>) -> (StatusCode, Value) {
        self.api(
            "/api/v1/impersonation-reports",
            token,
            &json!({ "reports": reports }),
        )
        .await
    }

    async fn registry(&self) -> (HeaderMap, Value) {
        let (status, headers, body) = self.exchange(get("/api/v1/registry", None)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        (headers, serde_json::from_str(&body).expect("json"))
    }

    /// Every account row, to compare before and after a refused request.
    fn account_rows(&self) -> Vec<AccountRow> {
        self.db
            .select_text(
                "SELECT id, agency_id, platform, handle, url, display_name, verified, source
                 FROM agency_accounts ORDER BY id",
            )
            .into_iter()
            .map(|r| {
                (
                    number(&r[0]),
                    number(&r[1]),
                    r[2].clone(),
                    r[3].clone(),
                    r[4].clone(),
                    r[5].clone(),
                    flag(&r[6]),
                    r[7].clone(),
                )
            })
            .collect()
    }

    fn report_rows(&self) -> Vec<(i64, String, String, String, String)> {
        self.db
            .select_text(
                "SELECT agency_id, report_id, status, description, updated_at
                 FROM impersonation_reports ORDER BY agency_id, report_id",
            )
            .into_iter()
            .map(|r| {
                (
                    number(&r[0]),
                    r[1].clone(),
                    r[2].clone(),
                    r[3].clone(),
                    r[4].clone(),
                )
            })
            .collect()
    }

    /// Logs in through GET and POST /masuk; returns the session cookie's value.
    async fn login(&self) -> String {
        login(&self.app, USER, PASSWORD).await
    }

    async fn page(&self, session: Option<&str>, path: &str) -> (StatusCode, String) {
        self.send(get(path, session)).await
    }

    async fn post_form(&self, session: Option<&str>, path: &str, form: &str) -> StatusCode {
        let mut request =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(session) = session {
            request = request.header(header::COOKIE, common::session_cookie(session));
        }
        let (status, _) = self
            .send(request.body(Body::from(form.to_owned())).expect("request"))
            .await;
        status
    }

    /// Like [`Hub::post_form`], with the answer's body.
    async fn post_form_body(
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
        self.send(request.body(Body::from(form.to_owned())).expect("request"))
            .await
    }

    /// Every listing with its decision, to compare before and after a refused request.
    fn listings(&self) -> Vec<Listed> {
        self.db
            .select_text(
                "SELECT platform, handle, agency_id, state, reason, verified, decided_by
                 FROM account_listings ORDER BY platform, handle, agency_id",
            )
            .into_iter()
            .map(|r| {
                (
                    r[0].clone(),
                    r[1].clone(),
                    number(&r[2]),
                    r[3].clone(),
                    (r[4] != "NULL").then(|| r[4].clone()),
                    flag(&r[5]),
                    r[6].clone(),
                )
            })
            .collect()
    }

    /// How many decisions the history keeps.
    fn events(&self) -> i64 {
        number(
            &self
                .db
                .select_text("SELECT COUNT(*) FROM account_listing_events")[0][0],
        )
    }

    /// Diskominfo approves the agency's claim, as an officer would.
    fn approve(&self, platform: Platform, handle: &str, agency: i64, verified: bool) {
        self.db
            .with(|s| {
                s.approve_account(platform, handle, Some(agency), verified, "Petugas Uji", NOW)
            })
            .expect("approved");
    }

    /// (verified platforms, official accounts) of the agency in this month's overview.
    fn overview_accounts(&self, code: &str) -> (i64, i64) {
        let overview = self
            .db
            .with(|db| {
                let settings = settings::load(db)?;
                dashboard::overview(db, Period::month_of(today_wib(NOW)), settings, NOW)
            })
            .expect("overview");
        let row = overview
            .rows
            .iter()
            .find(|r| r.code == code)
            .expect("agency row");
        (row.accounts_verified, row.accounts_total)
    }
}

/// The account commands at a test's database, run off the test's runtime (see
/// `common::blocking`).
mod account_cli {
    use crate::common::blocking;
    use medsos_hub::cli::accounts;
    use medsos_hub::cli::Target;
    use medsos_hub::Error;

    pub fn add(
        db: &Target,
        agency: &str,
        platform: &str,
        handle: &str,
        verified: bool,
    ) -> Result<String, Error> {
        blocking(|| accounts::add(db.clone(), agency, platform, handle, verified))
    }

    pub fn approve(
        db: &Target,
        platform: &str,
        handle: &str,
        agency: Option<&str>,
        verified: bool,
    ) -> Result<String, Error> {
        blocking(|| accounts::approve(db.clone(), platform, handle, agency, verified))
    }

    pub fn reject(
        db: &Target,
        platform: &str,
        handle: &str,
        agency: Option<&str>,
        reason: Option<&str>,
    ) -> Result<String, Error> {
        blocking(|| accounts::reject(db.clone(), platform, handle, agency, reason))
    }

    pub fn list(db: &Target) -> Result<String, Error> {
        blocking(|| accounts::list(db.clone()))
    }

    pub fn remove(
        db: &Target,
        platform: &str,
        handle: &str,
        reason: Option<&str>,
    ) -> Result<String, Error> {
        blocking(|| accounts::remove(db.clone(), platform, handle, reason))
    }
}

/// A whole number as [`TestDb::select_text`] gives it.
fn number(text: &str) -> i64 {
    text.parse()
        .unwrap_or_else(|e| panic!("{text} is not a number: {e}"))
}

/// A flag as [`TestDb::select_text`] gives it: 1/0 on SQLite, t/f on PostgreSQL.
fn flag(text: &str) -> bool {
    match text {
        "1" | "t" => true,
        "0" | "f" => false,
        other => panic!("{other} is not a flag"),
    }
}

fn ig(handle: &str, name: &str) -> Value {
    json!({
        "platform": "instagram", "handle": handle,
        "url": format!("https://www.instagram.com/{handle}/"),
        "display_name": name, "verified": true, "verification_requested_on": "2026-11-02"
    })
}

fn fb(handle: &str, name: &str) -> Value {
    json!({
        "platform": "facebook", "handle": handle,
        "url": format!("https://web.facebook.com/{handle}"),
        "display_name": name, "verified": false, "verification_requested_on": null
    })
}

fn report(id: &str, handle: &str, status: &str, updated_at: &str) -> Value {
    json!({
        "id": id, "platform": "instagram", "handle": handle,
        "url": format!("https://www.instagram.com/{handle}/"),
        "imitates": "dinkescianjur",
        "description": "Meminta transfer biaya pendaftaran vaksinasi lewat DM.",
        "status": status, "first_seen_on": "2026-11-20", "updated_at": updated_at
    })
}

fn assert_refused(status: StatusCode, body: &Value, code: &str, prefix: &str) {
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], code, "{body}");
    let message = body["message"].as_str().expect("message");
    assert!(message.starts_with(prefix), "{message}");
}

/// The accounts the registry JSON lists for an agency, as (platform, handle).
fn registry_accounts(registry: &Value, code: &str) -> Vec<(String, String)> {
    registry["agencies"]
        .as_array()
        .expect("agencies")
        .iter()
        .find(|a| a["code"] == code)
        .unwrap_or_else(|| panic!("{code} in {registry}"))["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| {
            (
                a["platform"].as_str().expect("platform").to_owned(),
                a["handle"].as_str().expect("handle").to_owned(),
            )
        })
        .collect()
}

/// The `<section id="...">` of a page, up to its end.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!(r#"<section id="{id}""#))
        .unwrap_or_else(|| panic!("section {id} in {page}"));
    let end = page[start..].find("</section>").expect("end of section") + start;
    &page[start..end]
}

#[tokio::test]
async fn bad_accounts_are_refused_by_position_and_nothing_changes() {
    let hub = Hub::new();
    let (_, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let good = ig("dinkescianjur", "Dinas Kesehatan Kab. Cianjur");
    let (status, body) = hub
        .sync_accounts(&token, vec![good.clone(), fb("dinkes.cianjur", "Dinkes")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"accepted": 2, "conflicts": []}));
    let before = hub.account_rows();
    assert_eq!(before.len(), 2);

    let mut spaces = ig("dinkes cianjur", "Dinkes");
    spaces["url"] = json!("https://www.instagram.com/dinkescianjur/");
    let mut homoglyph = ig(CYRILLIC, "Dinkes");
    homoglyph["url"] = json!("https://www.instagram.com/dinkescianjur/");
    let mut malformed = ig("dinkes_cianjur", "Dinkes");
    malformed["url"] = json!("htps:/www.instagram.com/dinkes_cianjur/");
    let mut other_host = ig("dinkes_cianjur", "Dinkes");
    other_host["url"] = json!("https://instagram.com.evil.example/dinkes_cianjur/");
    let mut mismatch = ig("dinkes_cianjur", "Dinkes");
    mismatch["url"] = json!("https://www.instagram.com/dinkescianjur/");
    let mut not_normal = ig("DinkesCianjur2", "Dinkes");
    not_normal["url"] = json!("https://www.instagram.com/dinkescianjur2/");
    let mut no_name = ig("dinkes_cianjur", "Dinkes");
    no_name["display_name"] = json!("  ");
    let mut future = ig("dinkes_cianjur", "Dinkes");
    future["verification_requested_on"] = json!("2026-11-28");
    let cases = [
        (spaces, "account.invalid_handle", "spasi"),
        (homoglyph, "account.homoglyph_handle", "Sirilik"),
        (malformed, "account.invalid_url", "https://"),
        (other_host, "account.invalid_url", "instagram.com"),
        (mismatch, "account.url_mismatch", "@dinkescianjur"),
        (not_normal, "account.handle_not_normal", "dinkescianjur2"),
        (no_name, "account.invalid_display_name", "nama tampilan"),
        (future, "account.invalid_day", "hari ini"),
        (good.clone(), "account.duplicate", "akun ke-1"),
    ];
    for (bad, code, says) in cases {
        let (status, body) = hub.sync_accounts(&token, vec![good.clone(), bad]).await;
        assert_refused(status, &body, code, "Akun ke-2: ");
        assert!(
            body["message"].as_str().expect("m").contains(says),
            "{body}"
        );
        assert_eq!(hub.account_rows(), before, "{code}");
    }
    // The homoglyph message is the protocol's own.
    let (_, body) = hub
        .sync_accounts(
            &token,
            vec![{
                let mut h = ig(CYRILLIC, "Dinkes");
                h["url"] = json!("https://www.instagram.com/dinkescianjur/");
                h
            }],
        )
        .await;
    let expected = medsos_rules::handle::HandleProblem::Homoglyph {
        skeleton: String::new(),
    }
    .message();
    assert_eq!(body["message"], format!("Akun ke-1: {expected}"));

    let many: Vec<Value> = (0..21).map(|n| ig(&format!("akun{n:02}"), "PD")).collect();
    let (status, body) = hub.sync_accounts(&token, many).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "account.too_many", "{body}");
    let mut unknown_field = good.clone();
    unknown_field["official"] = json!(true);
    let (status, body) = hub.sync_accounts(&token, vec![unknown_field]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "request.invalid_body", "{body}");
    assert_eq!(hub.account_rows(), before);

    let (status, _) = hub
        .send(post_json(
            "/api/v1/accounts",
            None,
            &json!({"accounts": [good.clone()]}),
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(hub.account_rows(), before);
}

#[tokio::test]
async fn a_sync_replaces_the_agencys_list_but_not_diskominfos_records() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    {
        let code = AgencyCode::parse("DINKES").expect("code");
        let handle = Handle::parse("@DinkesCianjur").expect("handle");
        hub.db
            .with(|s| s.add_account(&code, Platform::Instagram, &handle, true, NOW))
            .expect("added");
    }
    let (status, body) = hub
        .sync_accounts(
            &token,
            vec![
                fb("dinkes.cianjur", "Dinkes"),
                fb("dinkescianjur.lama", "Dinkes lama"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let handles = |hub: &Hub| -> Vec<(String, String, String)> {
        hub.account_rows()
            .into_iter()
            .filter(|r| r.1 == dinkes)
            .map(|r| (r.2, r.3, r.7))
            .collect()
    };
    assert_eq!(
        handles(&hub),
        vec![
            (
                "instagram".into(),
                "dinkescianjur".into(),
                "diskominfo".into()
            ),
            ("facebook".into(), "dinkes.cianjur".into(), "pd".into()),
            ("facebook".into(), "dinkescianjur.lama".into(), "pd".into()),
        ]
    );
    let kept_id = hub.account_rows()[1].0;

    // The next list drops the old page, keeps the other, adds one, and names the account
    // Diskominfo recorded: that record stays Diskominfo's, verified as Diskominfo said.
    let mut recorded = ig("dinkescianjur", "Dinas Kesehatan Kab. Cianjur");
    recorded["verified"] = json!(false);
    let (status, body) = hub
        .sync_accounts(
            &token,
            vec![
                fb("dinkes.cianjur", "Dinkes Cianjur"),
                recorded,
                ig("dinkes.info", "Info Dinkes"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["accepted"], 3);
    let rows = hub.account_rows();
    // Changed with the listing rules: the PC's own row of the account Diskominfo recorded
    // is kept too, so what the agency states about the badge is shown beside Diskominfo's
    // confirmation; it is still one claim, and Diskominfo's record is unchanged.
    assert_eq!(
        handles(&hub),
        vec![
            (
                "instagram".into(),
                "dinkescianjur".into(),
                "diskominfo".into()
            ),
            ("facebook".into(), "dinkes.cianjur".into(), "pd".into()),
            ("instagram".into(), "dinkescianjur".into(), "pd".into()),
            ("instagram".into(), "dinkes.info".into(), "pd".into()),
        ]
    );
    let claims = hub.db.with(|s| s.agency_claims(dinkes)).expect("claims");
    assert_eq!(claims.len(), 3, "{claims:?}");
    let recorded = &claims[1];
    assert_eq!(
        (recorded.handle.as_str(), recorded.source.as_str()),
        ("dinkescianjur", "diskominfo")
    );
    assert_eq!(recorded.stated_verified, Some(false), "the PC's word");
    assert!(recorded.verified, "Diskominfo's confirmation");
    assert_eq!(recorded.status, medsos_protocol::ListingStatus::Resmi);
    assert_eq!(rows[1].0, kept_id, "an account kept keeps its row");
    assert_eq!(rows[1].5, "Dinkes Cianjur");
    assert!(rows[0].6, "Diskominfo's verified stays");
    assert_eq!(rows[0].5, "Dinas Kesehatan Kab. Cianjur");

    // An empty list removes what the PCs sent, never Diskominfo's records.
    let (status, body) = hub.sync_accounts(&token, vec![]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        handles(&hub),
        vec![(
            "instagram".into(),
            "dinkescianjur".into(),
            "diskominfo".into()
        )]
    );
}

/// Changed with the listing rules: a claim is never official on its own any more (the claim
/// that came first used to be). Both agencies' claims wait for Diskominfo, who lists one on
/// /akun; the other agency's waiting claim is then refused with a reason naming the owner,
/// and a decision is changed by taking the listing down (with a reason) and approving again.
#[tokio::test]
async fn two_agencies_claiming_one_account_both_wait_until_diskominfo_lists_one() {
    let hub = Hub::new();
    let (dinkes, dinkes_token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (rsud, rsud_token) = hub.enrolled("RSUD", "RSUD Sayang").await;
    let (status, body) = hub
        .sync_accounts(
            &dinkes_token,
            vec![
                ig("dinkescianjur", "Dinas Kesehatan"),
                fb("dinkes.cianjur", "Dinkes"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["conflicts"], json!([]));
    // Changed: a claim counts for nothing in the overview until it is listed.
    assert_eq!(hub.overview_accounts("DINKES"), (0, 0));

    let (status, body) = hub
        .sync_accounts(&rsud_token, vec![ig("dinkescianjur", "RSUD Sayang")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"accepted": 1, "conflicts": [{"platform": "instagram", "handle": "dinkescianjur",
            "other_agency_code": "DINKES", "other_agency_name": "Dinas Kesehatan"}]})
    );
    // Both ways: DINKES hears of RSUD at its next sync.
    let (_, body) = hub
        .sync_accounts(
            &dinkes_token,
            vec![
                ig("dinkescianjur", "Dinas Kesehatan"),
                fb("dinkes.cianjur", "Dinkes"),
            ],
        )
        .await;
    assert_eq!(
        body["conflicts"],
        json!([{"platform": "instagram", "handle": "dinkescianjur",
            "other_agency_code": "RSUD", "other_agency_name": "RSUD Sayang"}])
    );

    // Changed: neither claim is published, not even the first one.
    let (headers, registry) = hub.registry().await;
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=300");
    assert!(registry_accounts(&registry, "DINKES").is_empty());
    assert!(registry_accounts(&registry, "RSUD").is_empty());
    let (status, page) = hub.page(None, "/registri").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("dinkescianjur"), "{page}");
    let (_, page) = hub
        .page(
            None,
            "/registri?cek=https%3A%2F%2Fwww.instagram.com%2Fdinkescianjur%2F",
        )
        .await;
    assert!(page.contains("Tidak terdaftar"), "{page}");
    assert!(!page.contains("Resmi — akun"), "{page}");

    // Diskominfo decides on /akun; the form needs the session's CSRF token.
    let session = hub.login().await;
    let (_, overview) = hub.page(Some(&session), "/dasbor").await;
    assert!(
        overview.contains(
            r##"<a href="/akun#menunggu"><strong>3</strong></a> akun menunggu pemeriksaan Diskominfo"##
        ),
        "{overview}"
    );
    let (status, akun) = hub.page(Some(&session), "/akun").await;
    assert_eq!(status, StatusCode::OK);
    let queue = section(&akun, "menunggu");
    assert!(queue.contains("Menunggu pemeriksaan (3)"), "{queue}");
    assert!(
        queue.contains("juga diklaim: RSUD Sayang")
            && queue.contains("juga diklaim: Dinas Kesehatan"),
        "{queue}"
    );
    let csrf = hidden_csrf(&akun);
    let form = |csrf: &str, pd: i64| {
        format!(
            "csrf={}&platform=instagram&handle=dinkescianjur&pd={pd}",
            encode(csrf)
        )
    };
    for forged in ["", "0123456789abcdef"] {
        let status = hub
            .post_form(Some(&session), "/akun/setujui", &form(forged, dinkes))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        hub.post_form(None, "/akun/setujui", &form(&csrf, dinkes))
            .await,
        StatusCode::SEE_OTHER,
        "without a session: to the login form"
    );
    assert!(hub.listings().is_empty());
    // An agency that does not claim the handle cannot be given it.
    let (disdik, _) = hub.add_agency("DISDIK", "Dinas Pendidikan");
    let (status, page) = hub
        .post_form_body(Some(&session), "/akun/setujui", &form(&csrf, disdik))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("PD itu tidak mengklaim akun"), "{page}");
    assert!(hub.listings().is_empty());
    // Diskominfo may give it to the later claimant: the first claim is then refused, with a
    // reason naming the owner.
    assert_eq!(
        hub.post_form(Some(&session), "/akun/setujui", &form(&csrf, rsud))
            .await,
        StatusCode::SEE_OTHER
    );
    let (_, registry) = hub.registry().await;
    assert!(registry_accounts(&registry, "DINKES").is_empty());
    assert_eq!(
        registry_accounts(&registry, "RSUD"),
        vec![("instagram".to_owned(), "dinkescianjur".to_owned())]
    );
    assert_eq!(hub.overview_accounts("RSUD"), (0, 1));
    let refused = "Diskominfo menetapkan akun ini milik RSUD Sayang.";
    assert_eq!(
        hub.listings(),
        vec![
            (
                "instagram".into(),
                "dinkescianjur".into(),
                dinkes,
                "rejected".into(),
                Some(refused.into()),
                false,
                "Petugas Dasbor".into()
            ),
            (
                "instagram".into(),
                "dinkescianjur".into(),
                rsud,
                "approved".into(),
                None,
                false,
                "Petugas Dasbor".into()
            ),
        ]
    );
    // Approving DINKES now is refused: the account is listed elsewhere; nothing changes.
    let before = (hub.listings(), hub.events());
    let (status, page) = hub
        .post_form_body(Some(&session), "/akun/setujui", &form(&csrf, dinkes))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("terdaftar resmi milik RSUD Sayang (RSUD)"),
        "{page}"
    );
    assert_eq!((hub.listings(), hub.events()), before);
    // RSUD's PC keeps sending it; DINKES's PC may not any more (409, nothing changed).
    let (status, body) = hub
        .sync_accounts(&rsud_token, vec![ig("dinkescianjur", "RSUD Sayang")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["conflicts"],
        json!([]),
        "a refused claim waits for nothing"
    );
    let rows = hub.account_rows();
    let (status, body) = hub
        .sync_accounts(
            &dinkes_token,
            vec![
                fb("dinkes.cianjur", "Dinkes"),
                ig("dinkescianjur", "Dinas Kesehatan"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "account.listed_elsewhere");
    assert!(
        body["message"].as_str().expect("message").starts_with(
            "Akun ke-2: Akun instagram @dinkescianjur terdaftar resmi milik RSUD Sayang (RSUD)"
        ),
        "{body}"
    );
    assert_eq!(hub.account_rows(), rows);

    // To change its mind Diskominfo takes RSUD's listing down, with a reason, and approves
    // DINKES's claim.
    let take_down = format!(
        "csrf={}&platform=instagram&handle=dinkescianjur&pd={rsud}&alasan={}",
        encode(&csrf),
        encode("Salah pilih: akun ini milik Dinas Kesehatan.")
    );
    assert_eq!(
        hub.post_form(Some(&session), "/akun/hapus", &take_down)
            .await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        hub.post_form(
            Some(&session),
            "/akun/setujui",
            &format!("{}&terverifikasi=1", form(&csrf, dinkes))
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let (_, registry) = hub.registry().await;
    assert_eq!(
        registry_accounts(&registry, "DINKES"),
        vec![("instagram".to_owned(), "dinkescianjur".to_owned())]
    );
    assert!(registry_accounts(&registry, "RSUD").is_empty());
    assert_eq!(hub.overview_accounts("DINKES"), (1, 1));
    // Changed with the plain-handle check: official on Instagram only, so the answer names
    // the platform and says Facebook has no such account (its Facebook page still waits).
    let (_, page) = hub.page(None, "/registri?cek=dinkescianjur").await;
    assert!(
        page.contains("Resmi di Instagram saja — akun Dinas Kesehatan (DINKES)"),
        "{page}"
    );
    assert!(page.contains("Tidak terdaftar di Facebook"), "{page}");
    assert!(!page.contains(r#"class="verdict ok""#), "{page}");
    // The refused and removed claims stay recorded, with the reasons, who and when.
    assert!(hub.account_rows().iter().any(|r| r.1 == rsud));
    let (_, akun) = hub.page(Some(&session), "/akun").await;
    let refused_part = section(&akun, "ditolak");
    assert!(
        refused_part.contains("Ditolak atau dihapus (1)"),
        "{refused_part}"
    );
    assert!(
        refused_part.contains("RSUD Sayang")
            && refused_part.contains("dihapus")
            && refused_part.contains("Salah pilih: akun ini milik Dinas Kesehatan.")
            && refused_part.contains("Petugas Dasbor")
            && refused_part.contains("2026-11-26 21:00 WIB"),
        "{refused_part}"
    );
    let history = section(&akun, "riwayat");
    for done in [
        "disetujui (terverifikasi)",
        "ditolak",
        "dihapus dari registri",
        refused,
    ] {
        assert!(history.contains(done), "{done}: {history}");
    }
    let (_, overview) = hub.page(Some(&session), "/dasbor").await;
    assert!(
        overview.contains(r##"<strong>1</strong></a> akun menunggu pemeriksaan"##),
        "DINKES's Facebook page still waits: {overview}"
    );
}

#[tokio::test]
async fn the_command_line_records_a_handle_another_agency_claims_and_flags_it() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    hub.add_agency("RSUD", "RSUD Sayang");
    hub.sync_accounts(&token, vec![ig("dinkescianjur", "Dinkes")])
        .await;
    let out = account_cli::add(
        &hub.db.target(),
        "RSUD",
        "instagram",
        "https://www.instagram.com/DinkesCianjur/",
        false,
    )
    .expect("recorded");
    assert!(out.contains("PERHATIAN"), "{out}");
    assert!(out.contains("Dinas Kesehatan (DINKES)"), "{out}");
    let again = account_cli::add(
        &hub.db.target(),
        "RSUD",
        "instagram",
        "dinkescianjur",
        false,
    );
    assert!(matches!(again, Err(medsos_hub::Error::AccountTaken { .. })));
    // Changed with the listing rules: Diskominfo's record is listed at once, and DINKES's
    // waiting claim is refused with a reason naming the owner (it used to stay disputed).
    assert!(
        out.contains("tercatat dan terdaftar untuk PD RSUD"),
        "{out}"
    );
    let (_, registry) = hub.registry().await;
    assert!(registry_accounts(&registry, "DINKES").is_empty());
    assert_eq!(
        registry_accounts(&registry, "RSUD"),
        vec![("instagram".to_owned(), "dinkescianjur".to_owned())]
    );
    assert_eq!(hub.overview_accounts("RSUD"), (0, 1));
    let refused = hub
        .listings()
        .into_iter()
        .find(|l| l.2 == dinkes)
        .expect("DINKES's claim decided");
    assert_eq!(refused.3, "rejected");
    assert_eq!(
        refused.4.as_deref(),
        Some("Diskominfo menetapkan akun ini milik RSUD Sayang.")
    );
    assert_eq!(refused.6, medsos_hub::store::accounts::CLI_ACTOR);
}

/// The review's case: an account Diskominfo recorded cannot be pulled out of the registry by
/// another agency's PC, nor by a later Diskominfo record for another agency. Changed with the
/// listing rules: both are now refused outright (409 `account.listed_elsewhere`, nothing
/// changed) instead of being kept as disputed claims; and a listing of a revoked agency is no
/// longer published but still holds the account until Diskominfo takes it down.
#[tokio::test]
async fn a_recorded_account_stays_official_when_another_agency_claims_it() {
    let hub = Hub::new();
    let (dinkes, dinkes_token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (rsud, rsud_token) = hub.enrolled("RSUD", "RSUD Sayang").await;
    hub.add_agency("DISDIK", "Dinas Pendidikan");
    let added = account_cli::add(
        &hub.db.target(),
        "DINKES",
        "instagram",
        "dinkescianjur",
        true,
    )
    .expect("recorded");
    assert!(!added.contains("PERHATIAN"), "{added}");
    // A PC of DINKES sending the recorded account is still one claim.
    let (_, body) = hub
        .sync_accounts(&dinkes_token, vec![ig("dinkescianjur", "Dinkes")])
        .await;
    assert_eq!(body["conflicts"], json!([]));
    let rows = hub.account_rows();
    let (status, body) = hub
        .sync_accounts(
            &rsud_token,
            vec![fb("rsudsayang", "RSUD"), ig("dinkescianjur", "RSUD Sayang")],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "account.listed_elsewhere", "{body}");
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .contains("terdaftar resmi milik Dinas Kesehatan (DINKES)"),
        "{body}"
    );
    assert_eq!(hub.account_rows(), rows, "the whole list refused");
    let later = account_cli::add(
        &hub.db.target(),
        "DISDIK",
        "instagram",
        "dinkescianjur",
        false,
    )
    .expect_err("listed for DINKES");
    assert_eq!(later.code(), "account.listed_elsewhere");
    assert_eq!(later.status(), StatusCode::CONFLICT);
    assert_eq!(hub.account_rows(), rows);
    let official = |registry: &Value| -> Vec<String> {
        registry["agencies"]
            .as_array()
            .expect("agencies")
            .iter()
            .filter(|a| !a["accounts"].as_array().expect("accounts").is_empty())
            .map(|a| a["code"].as_str().expect("code").to_owned())
            .collect()
    };
    let (_, registry) = hub.registry().await;
    assert_eq!(official(&registry), vec!["DINKES"]);
    assert_eq!(registry["agencies"][0]["accounts"][0]["verified"], true);
    let statuses = |hub: &Hub| -> Vec<(String, String)> {
        hub.db
            .select_text(
                "SELECT a.code, x.status FROM account_claims x JOIN agencies a ON a.id = x.agency_id
                 ORDER BY a.code",
            )
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect()
    };
    assert_eq!(
        statuses(&hub),
        vec![("DINKES".to_owned(), "resmi".to_owned())]
    );
    let session = hub.login().await;
    let (_, akun) = hub.page(Some(&session), "/akun").await;
    assert!(
        section(&akun, "menunggu").contains("Tidak ada klaim akun yang menunggu."),
        "{akun}"
    );
    assert!(section(&akun, "resmi").contains("@dinkescianjur"), "{akun}");
    // DINKES revoked: no longer published, but it still holds the account until Diskominfo
    // takes the listing down.
    hub.db
        .with(|s| s.revoke_agency(&AgencyCode::parse("DINKES").expect("code"), NOW))
        .expect("revoked");
    let (_, registry) = hub.registry().await;
    assert!(official(&registry).is_empty());
    let (status, _) = hub
        .sync_accounts(&rsud_token, vec![ig("dinkescianjur", "RSUD Sayang")])
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    hub.db
        .with(|s| {
            s.remove_account(
                Platform::Instagram,
                "dinkescianjur",
                "PD dicabut; akun diserahkan ke RSUD.",
                "Petugas Uji",
                NOW,
            )
        })
        .expect("removed");
    let (status, body) = hub
        .sync_accounts(&rsud_token, vec![ig("dinkescianjur", "RSUD Sayang")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(hub.account_rows().iter().any(|r| r.1 == rsud));
    assert!(hub
        .listings()
        .iter()
        .any(|l| l.2 == dinkes && l.3 == "removed"));
    let (_, registry) = hub.registry().await;
    assert!(official(&registry).is_empty(), "RSUD's claim waits");
}

/// Each PC of an agency sends its own list; the agency's claims are the union, and a PC's
/// list only replaces what that PC sent. A revoked PC's accounts stay. Changed with the
/// listing rules: the registry shows an account only once Diskominfo approved it, with the
/// name copied at approval and Diskominfo's badge; what the PCs send last is what the
/// officer sees on /akun (and `stated_verified` is what any of its PCs says).
#[tokio::test]
async fn several_pcs_of_one_agency_each_keep_what_they_sent() {
    let hub = Hub::new();
    let (dinkes, pc_a) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let pc_b = {
        let issued = hub
            .db
            .with(|s| s.issue_additional_code(&AgencyCode::parse("DINKES").expect("code"), NOW))
            .expect("code");
        let request = post_json(
            "/api/v1/enrolments",
            None,
            &json!({"code": issued.code.to_string(), "device_name": "PC Humas"}),
        );
        let (status, body) = hub.send(request).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let body: Value = serde_json::from_str(&body).expect("json");
        body["token"].as_str().expect("token").to_owned()
    };
    let (status, body) = hub
        .sync_accounts(&pc_a, vec![ig("dinkescianjur", "Dinkes A")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = hub
        .sync_accounts(&pc_b, vec![fb("dinkes.cianjur", "Dinkes B")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["conflicts"],
        json!([]),
        "an agency never conflicts with itself"
    );
    let claimed = |hub: &Hub| -> Vec<(Platform, String, String, Option<bool>)> {
        hub.db
            .with(|s| s.agency_claims(dinkes))
            .expect("claims")
            .into_iter()
            .map(|c| (c.platform, c.handle, c.display_name, c.stated_verified))
            .collect()
    };
    assert_eq!(
        claimed(&hub),
        vec![
            (
                Platform::Instagram,
                "dinkescianjur".into(),
                "Dinkes A".into(),
                Some(true)
            ),
            (
                Platform::Facebook,
                "dinkes.cianjur".into(),
                "Dinkes B".into(),
                Some(false)
            ),
        ]
    );

    // The same account from both PCs is one claim, with the fields changed last.
    let mut renamed = ig("dinkescianjur", "Dinas Kesehatan Kab. Cianjur");
    renamed["verified"] = json!(false);
    hub.sync_accounts(&pc_b, vec![fb("dinkes.cianjur", "Dinkes B"), renamed])
        .await;
    assert_eq!(hub.account_rows().len(), 3, "one row per PC and account");
    let session = hub.login().await;
    let (_, akun) = hub.page(Some(&session), "/akun").await;
    let queue = section(&akun, "menunggu");
    assert!(!queue.contains("juga diklaim"), "{queue}");
    assert_eq!(queue.matches(">@dinkescianjur</a>").count(), 1, "{queue}");
    assert!(queue.contains("Dinas Kesehatan Kab. Cianjur") && !queue.contains("Dinkes A"));
    // A resends its list unchanged: nothing changed in its row, so B's fields still show.
    hub.sync_accounts(&pc_a, vec![ig("dinkescianjur", "Dinkes A")])
        .await;
    assert_eq!(claimed(&hub)[0].2, "Dinas Kesehatan Kab. Cianjur");
    // The agency states the badge when any of its PCs does.
    assert_eq!(claimed(&hub)[0].3, Some(true));

    // Listed, the registry shows the name as it was at approval and Diskominfo's badge.
    hub.approve(Platform::Instagram, "dinkescianjur", dinkes, false);
    hub.approve(Platform::Facebook, "dinkes.cianjur", dinkes, false);
    let (_, registry) = hub.registry().await;
    assert_eq!(
        registry_accounts(&registry, "DINKES"),
        vec![
            ("facebook".to_owned(), "dinkes.cianjur".to_owned()),
            ("instagram".to_owned(), "dinkescianjur".to_owned())
        ]
    );
    assert_eq!(
        registry["agencies"][0]["accounts"][1]["verified"], false,
        "the PCs' own word is not published"
    );
    let (_, page) = hub.page(None, "/registri").await;
    assert!(page.contains("Dinas Kesehatan Kab. Cianjur"), "{page}");

    // A resends its list without its account: only A's row goes.
    let (status, body) = hub.sync_accounts(&pc_a, vec![]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rows = hub.account_rows();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r.5 != "Dinkes A"), "{rows:?}");
    let (_, registry) = hub.registry().await;
    assert_eq!(
        registry_accounts(&registry, "DINKES"),
        vec![
            ("facebook".to_owned(), "dinkes.cianjur".to_owned()),
            ("instagram".to_owned(), "dinkescianjur".to_owned())
        ]
    );
    hub.sync_accounts(&pc_a, vec![ig("dinkes.info", "Info Dinkes")])
        .await;
    hub.approve(Platform::Instagram, "dinkes.info", dinkes, false);

    // PCs replaced: the revoked PCs' accounts stay the agency's, and its listings stay
    // published (rotating revokes the PCs, not the agency).
    hub.db
        .with(|s| s.rotate_agency(&AgencyCode::parse("DINKES").expect("code"), NOW))
        .expect("rotated");
    let (_, registry) = hub.registry().await;
    assert_eq!(
        registry_accounts(&registry, "DINKES"),
        vec![
            ("facebook".to_owned(), "dinkes.cianjur".to_owned()),
            ("instagram".to_owned(), "dinkes.info".to_owned()),
            ("instagram".to_owned(), "dinkescianjur".to_owned())
        ]
    );
    assert_eq!(claimed(&hub).len(), 3);
}

#[tokio::test]
async fn reports_are_upserted_by_id_and_checked() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let first = report(
        "r-1",
        "dinkes.cianjur",
        "masih_aktif",
        "2026-11-21T03:15:00Z",
    );
    let (status, body) = hub.send_reports(&token, vec![first.clone()]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"recorded": 1, "updated": 0, "unchanged": 0}));
    let (_, body) = hub.send_reports(&token, vec![first.clone()]).await;
    assert_eq!(body, json!({"recorded": 0, "updated": 0, "unchanged": 1}));

    let later = report(
        "r-1",
        "dinkes.cianjur",
        "dilaporkan",
        "2026-11-22T01:00:00Z",
    );
    let older = report("r-1", "dinkes.cianjur", "ditutup", "2026-11-20T01:00:00Z");
    // Sent as it reads: the skeleton of a handle with look-alike letters.
    let skeleton = report(
        "r-2",
        "dinkesclanjur",
        "masih_aktif",
        "2026-11-21T03:15:00Z",
    );
    let (status, body) = hub.send_reports(&token, vec![later, skeleton]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"recorded": 1, "updated": 1, "unchanged": 0}));
    let (_, body) = hub.send_reports(&token, vec![older]).await;
    assert_eq!(body, json!({"recorded": 0, "updated": 0, "unchanged": 1}));
    let before = hub.report_rows();
    assert_eq!(
        before
            .iter()
            .map(|r| (r.0, r.1.as_str(), r.2.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (dinkes, "r-1", "dilaporkan"),
            (dinkes, "r-2", "masih_aktif")
        ]
    );

    let good = report(
        "r-3",
        "dinkes_cianjur",
        "masih_aktif",
        "2026-11-21T03:15:00Z",
    );
    let with = |field: &str, value: Value| {
        let mut r = good.clone();
        r[field] = value;
        r
    };
    let cases = [
        (with("id", json!("r 3")), "report.invalid_id"),
        (with("id", json!("x".repeat(65))), "report.invalid_id"),
        (with("handle", json!(CYRILLIC)), "report.invalid_handle"),
        (
            with("handle", json!("Dinkes Cianjur")),
            "report.invalid_handle",
        ),
        (
            with("url", json!("http://www.instagram.com/dinkes_cianjur/")),
            "report.invalid_url",
        ),
        (
            with("url", json!("https://evil.example/dinkes_cianjur")),
            "report.invalid_url",
        ),
        (
            with("imitates", json!("@DinkesCianjur")),
            "report.invalid_imitates",
        ),
        (with("description", json!("")), "report.invalid_description"),
        (
            with("description", json!("x".repeat(2001))),
            "report.invalid_description",
        ),
        (
            with("first_seen_on", json!("2026-11-28")),
            "report.invalid_day",
        ),
        (
            with("first_seen_on", json!("20-11-2026")),
            "report.invalid_day",
        ),
        (
            with("updated_at", json!("2026-11-21T03:15:00.5Z")),
            "report.invalid_updated_at",
        ),
        (
            with("updated_at", json!("2026-11-21 03:15:00")),
            "report.invalid_updated_at",
        ),
        (
            with("updated_at", json!("2027-01-01T00:00:00Z")),
            "report.invalid_updated_at",
        ),
        (
            report("r-1", "dinkes.cianjur", "ditutup", "2026-11-23T00:00:00Z"),
            "report.duplicate_id",
        ),
    ];
    for (bad, code) in cases {
        let fresh = report("r-1", "dinkes.cianjur", "ditutup", "2026-11-23T00:00:00Z");
        let (status, body) = hub.send_reports(&token, vec![fresh, bad]).await;
        assert_refused(status, &body, code, "Laporan ke-2: ");
        assert_eq!(hub.report_rows(), before, "{code}: nothing stored");
    }
    let (status, body) = hub
        .send_reports(&token, vec![with("status", json!("hilang"))])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "request.invalid_body");
    let many: Vec<Value> = (0..101)
        .map(|n| {
            report(
                &format!("m-{n}"),
                "dinkes_cianjur",
                "masih_aktif",
                "2026-11-21T03:15:00Z",
            )
        })
        .collect();
    let (_, body) = hub.send_reports(&token, many).await;
    assert_eq!(body["code"], "report.too_many");
    let (_, body) = hub.send_reports(&token, vec![]).await;
    assert_eq!(body["code"], "report.none");
    assert_eq!(hub.report_rows(), before);

    // A full batch of the longest descriptions is over 256 KB and still read.
    let full: Vec<Value> = (0..100)
        .map(|n| {
            let mut r = report(
                &format!("f-{n}"),
                "dinkes_cianjur",
                "masih_aktif",
                "2026-11-21T03:15:00Z",
            );
            r["description"] = json!("é".repeat(2000));
            r
        })
        .collect();
    let (status, body) = hub.send_reports(&token, full).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["recorded"], 100);
}

#[tokio::test]
async fn the_public_registry_needs_no_login_escapes_and_checks_pasted_handles() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (uji_id, uji) = hub.enrolled("UJI", HOSTILE).await;
    let (damkar, _) = hub.add_agency("DAMKAR", "Dinas Pemadam Kebakaran");
    hub.sync_accounts(
        &token,
        vec![ig("dinkescianjur", "Dinas Kesehatan Kab. Cianjur")],
    )
    .await;
    let (status, body) = hub
        .sync_accounts(&uji, vec![ig("uji.cianjur", HOSTILE)])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Changed with the listing rules: published only once Diskominfo approves, and the
    // "terverifikasi" badge is Diskominfo's confirmation.
    hub.approve(Platform::Instagram, "dinkescianjur", dinkes, true);
    hub.approve(Platform::Instagram, "uji.cianjur", uji_id, false);
    hub.db
        .with(|s| s.revoke_agency(&AgencyCode::parse("DAMKAR").expect("code"), NOW))
        .expect("revoked");
    assert!(damkar > 0);

    let (status, headers, page) = hub.exchange(get("/registri", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=300");
    assert!(page.contains("Daftar Akun Resmi Perangkat Daerah Kabupaten Cianjur"));
    assert!(page.contains(r#"href="/static/dasbor.css""#));
    assert!(
        page.contains(
            r#"<a href="https://www.instagram.com/dinkescianjur/" rel="noopener noreferrer""#
        ),
        "{page}"
    );
    assert!(page.contains("terverifikasi"));
    assert!(!page.contains("<script"), "raw script in the page");
    assert!(!page.contains(HOSTILE));
    assert!(page.contains(HOSTILE_ESCAPED));
    assert!(!page.contains("Keluar") && !page.contains(r#"name="csrf""#));
    assert!(
        !page.contains("Dinas Pemadam Kebakaran"),
        "revoked agencies are left out"
    );
    let (_, registry) = hub.registry().await;
    assert!(!registry.to_string().contains("DAMKAR"));

    let verdict = |page: &str| {
        let start = page.find(r#"class="verdict"#).expect("verdict");
        let end = page[start..].find("</div>").expect("end") + start;
        page[start..end].to_owned()
    };
    let (_, page) = hub
        .page(
            None,
            &format!(
                "/registri?cek={}",
                encode("https://www.instagram.com/DinkesCianjur/?igsh=abc")
            ),
        )
        .await;
    let answer = verdict(&page);
    assert!(
        answer.contains("Resmi — akun Dinas Kesehatan (DINKES)"),
        "{answer}"
    );
    assert!(!answer.contains("Waspada"), "{answer}");

    // A plain handle names no platform: DINKES is official on Instagram only, so an
    // impostor using that name on Facebook must not read as simply official.
    let (_, page) = hub.page(None, "/registri?cek=%40DinkesCianjur").await;
    let answer = verdict(&page);
    assert!(
        answer.contains("Resmi di Instagram saja — akun Dinas Kesehatan (DINKES)"),
        "{answer}"
    );
    assert!(
        answer.contains(
            "Tidak terdaftar di Facebook</strong> — @dinkescianjur di Facebook bukan akun resmi"
        ),
        "{answer}"
    );
    assert!(!answer.contains("Resmi — akun"), "{answer}");
    assert!(page.contains(r#"class="verdict warn""#), "{answer}");
    let (_, page) = hub
        .page(
            None,
            &format!(
                "/registri?cek={}",
                encode("https://www.facebook.com/dinkescianjur")
            ),
        )
        .await;
    let answer = verdict(&page);
    assert!(answer.contains("Tidak terdaftar"), "{answer}");
    assert!(!answer.contains("Resmi"), "{answer}");

    let (_, page) = hub.page(None, "/registri?cek=%40dinkes.cianjur").await;
    let answer = verdict(&page);
    assert!(
        answer.contains("Waspada: mirip akun resmi @dinkescianjur milik Dinas Kesehatan (DINKES)"),
        "{answer}"
    );
    assert!(!answer.contains("Resmi — akun"), "{answer}");

    let (_, page) = hub
        .page(None, &format!("/registri?cek={}", encode(CYRILLIC)))
        .await;
    let answer = verdict(&page);
    assert!(answer.contains("hanya mirip huruf latin"), "{answer}");
    assert!(
        answer.contains("Waspada: mirip akun resmi @dinkescianjur"),
        "{answer}"
    );

    let (_, page) = hub.page(None, "/registri?cek=disdikcianjur").await;
    assert!(verdict(&page).contains("Tidak terdaftar"), "{page}");

    let (_, page) = hub
        .page(
            None,
            &format!("/registri?cek={}", encode("<script>x</script>")),
        )
        .await;
    assert!(!page.contains("<script>x"), "pasted text is escaped");
    assert!(verdict(&page).contains("Tidak dapat diperiksa"));
}

#[tokio::test]
async fn the_dashboard_lists_accounts_and_reports_only_for_officers() {
    let hub = Hub::new();
    let (dinkes_id, dinkes) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (_, uji) = hub.enrolled("UJI", HOSTILE).await;
    hub.add_agency("DISHUB", "Dinas Perhubungan");
    hub.sync_accounts(
        &dinkes,
        vec![
            ig("dinkescianjur", "Dinkes"),
            fb("dinkes.cianjur", "Dinkes"),
        ],
    )
    .await;
    hub.sync_accounts(&uji, vec![fb("uji.cianjur", HOSTILE)])
        .await;
    let (status, body) = hub
        .send_reports(
            &dinkes,
            vec![
                report(
                    "a-1",
                    "dinkes.cianjur",
                    "masih_aktif",
                    "2026-11-21T03:15:00Z",
                ),
                {
                    let mut r =
                        report("a-2", "dinkescianjur.id", "ditutup", "2026-11-22T03:15:00Z");
                    r["description"] = json!(HOSTILE);
                    r["first_seen_on"] = json!("2026-11-01");
                    r
                },
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = hub
        .send_reports(
            &uji,
            vec![report(
                "b-1",
                "uji.cianjur.resmi",
                "dilaporkan",
                "2026-11-25T03:15:00Z",
            )],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    for path in ["/akun", "/laporan-akun", "/laporan-akun?status=masih_aktif"] {
        let (status, headers, _) = hub.exchange(get(path, None)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        let location = headers[header::LOCATION].to_str().expect("location");
        assert!(location.starts_with("/masuk?lanjut="), "{path}: {location}");
    }

    let session = hub.login().await;
    let (status, akun) = hub.page(Some(&session), "/akun").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        akun.contains(r#"href="/akun" aria-current="page""#),
        "nav entry"
    );
    assert!(akun.contains("PC PD") && akun.contains("2026-11-02"));
    assert!(akun.contains(HOSTILE_ESCAPED) && !akun.contains(HOSTILE));
    // Changed with the listing rules: an agency has an official account once Diskominfo
    // listed it, so DINKES's claims are approved before the missing list is read.
    hub.approve(Platform::Instagram, "dinkescianjur", dinkes_id, false);
    hub.approve(Platform::Facebook, "dinkes.cianjur", dinkes_id, false);
    let (_, akun) = hub.page(Some(&session), "/akun").await;
    // UJI has no Instagram, DISHUB neither account; DINKES has both.
    let missing_start = akun.find("tanpa-akun").expect("section");
    let missing = &akun
        [missing_start..akun[missing_start..].find("</section>").expect("end") + missing_start];
    assert!(missing.contains("Dinas Perhubungan"), "{missing}");
    assert!(missing.contains(HOSTILE_ESCAPED), "{missing}");
    assert!(!missing.contains("Dinas Kesehatan"), "{missing}");

    let (_, overview) = hub.page(Some(&session), "/dasbor").await;
    assert!(
        overview.contains(r#"<a href="/laporan-akun?status=masih_aktif"><strong>1</strong></a> akun palsu masih aktif"#),
        "{overview}"
    );
    let (status, list) = hub.page(Some(&session), "/laporan-akun").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains(r#"<li class="warn"><strong>1</strong>laporan masih aktif"#),
        "{list}"
    );
    let newest = list.find("uji.cianjur.resmi").expect("b-1");
    let middle = list.find("@dinkes.cianjur").expect("a-1");
    let oldest = list.find("dinkescianjur.id").expect("a-2");
    assert!(newest < middle && middle < oldest, "newest first");
    assert!(list.contains(
        r#"<a href="https://www.instagram.com/dinkes.cianjur/" rel="noopener noreferrer nofollow""#
    ));
    assert!(!list.contains(HOSTILE) && list.contains(HOSTILE_ESCAPED));
    let (_, active) = hub
        .page(Some(&session), "/laporan-akun?status=masih_aktif")
        .await;
    assert!(active.contains("@dinkes.cianjur") && !active.contains("dinkescianjur.id"));
    let (_, by_agency) = hub.page(Some(&session), "/laporan-akun?pd=UJI").await;
    assert!(by_agency.contains("uji.cianjur.resmi") && !by_agency.contains("@dinkes.cianjur"));

    let (status, agency) = hub.page(Some(&session), "/pd/DINKES").await;
    assert_eq!(status, StatusCode::OK);
    assert!(agency.contains("Laporan akun palsu"));
    assert!(agency.contains("@dinkes.cianjur") && agency.contains("dinkescianjur.id"));
    assert!(!agency.contains("uji.cianjur.resmi"));
    let (_, dishub) = hub.page(Some(&session), "/pd/DISHUB").await;
    assert!(dishub.contains("Tidak ada laporan akun palsu."));
}

/// A store made by the previous release keeps its accounts, ids included, and loses the
/// rule that one handle belongs to one agency. Changed with the claim rules (the later claim
/// alone is disputed) and to cover handles the previous release kept as typed: they are
/// lower-cased, their address rebuilt, and one agency's rows that only differed in case are
/// merged into the lowest id. SQLite only: it builds a SQLite file of an earlier release.
#[test]
fn migration_keeps_the_accounts_and_their_ids_and_lowers_their_handles() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hub.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).expect("opens");
        let old = rusqlite_migration::Migrations::new(vec![
            rusqlite_migration::M::up(include_str!("../migrations/001_agencies_and_enrolment.sql")),
            rusqlite_migration::M::up(include_str!(
                "../migrations/002_summaries_and_publications.sql"
            )),
            rusqlite_migration::M::up(include_str!("../migrations/003_dashboard.sql")),
        ]);
        old.to_latest(&mut conn).expect("release 3");
        conn.execute_batch(
            "INSERT INTO agencies (id, code, name, created_at) VALUES
                 (1, 'DINKES', 'Dinas Kesehatan', '2026-11-01T00:00:00Z'),
                 (2, 'RSUD', 'RSUD Sayang', '2026-11-01T00:00:00Z');
             INSERT INTO agency_accounts (id, agency_id, platform, handle, url, verified, created_at)
             VALUES (41, 1, 'instagram', 'DinkesCianjur', 'https://www.instagram.com/DinkesCianjur/', 1,
                     '2026-11-02T00:00:00Z'),
                    (42, 1, 'instagram', 'dinkescianjur', 'https://www.instagram.com/dinkescianjur/', 0,
                     '2026-11-02T01:00:00Z'),
                    (43, 1, 'facebook', 'Dinkes.Cianjur', 'https://www.facebook.com/Dinkes.Cianjur', 0,
                     '2026-11-02T02:00:00Z'),
                    (44, 2, 'instagram', 'DINKESCIANJUR', 'https://www.instagram.com/DINKESCIANJUR/', 0,
                     '2026-11-03T00:00:00Z');",
        )
        .expect("old rows");
    }
    let mut conn = store::open(&path).expect("migrates");
    let rows: Vec<MigratedClaim> = conn
        .prepare(
            "SELECT id, agency_id, handle, url, source, updated_at, status, verified
             FROM account_claims ORDER BY id",
        )
        .expect("prepares")
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("rows");
    let row = |id: i64, agency: i64, handle: &str, url: &str, at: &str, status: &str, v: bool| {
        (
            id,
            agency,
            handle.to_owned(),
            url.to_owned(),
            "diskominfo".to_owned(),
            at.to_owned(),
            status.to_owned(),
            v,
        )
    };
    assert_eq!(
        rows,
        vec![
            row(
                41,
                1,
                "dinkescianjur",
                "https://www.instagram.com/dinkescianjur/",
                "2026-11-02T00:00:00.000Z",
                "resmi",
                true
            ),
            row(
                43,
                1,
                "dinkes.cianjur",
                "https://www.facebook.com/dinkes.cianjur",
                "2026-11-02T02:00:00.000Z",
                "resmi",
                false
            ),
            // Another agency's row that only differed in case: a later claim, disputed under
            // schema 4; changed with the listing rules (005): a disputed claim waits.
            row(
                44,
                2,
                "dinkescianjur",
                "https://www.instagram.com/dinkescianjur/",
                "2026-11-03T00:00:00.000Z",
                "menunggu",
                false
            ),
        ]
    );
    let kept: i64 = conn
        .query_row("SELECT COUNT(*) FROM agency_accounts", [], |r| r.get(0))
        .expect("count");
    assert_eq!(kept, 3, "42 merged into 41");
    // Migrated to the latest schema, what was official stays listed, decided by the
    // migration and marked for Diskominfo to look at again; the history says so.
    let listings: Vec<(i64, String, String, String, bool, String, bool)> = conn
        .prepare(
            "SELECT agency_id, platform, handle, state, verified, decided_by, needs_review
             FROM account_listings ORDER BY agency_id, platform, handle",
        )
        .expect("prepares")
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .expect("queries")
        .collect::<Result<_, _>>()
        .expect("rows");
    let listed = |platform: &str, handle: &str, verified: bool| {
        (
            1,
            platform.to_owned(),
            handle.to_owned(),
            "approved".to_owned(),
            verified,
            "migrasi".to_owned(),
            true,
        )
    };
    assert_eq!(
        listings,
        vec![
            listed("facebook", "dinkes.cianjur", false),
            listed("instagram", "dinkescianjur", true),
        ]
    );
    let history = accounts::history(&conn, 10).expect("history");
    assert_eq!(history.len(), 2);
    assert!(history.iter().all(|e| e.action == "migrate"), "{history:?}");
    // Both listings and RSUD's waiting claim are in the review queue.
    assert_eq!(accounts::count_awaiting_review(&conn).expect("count"), 3);
    let claims = accounts::claims(&conn).expect("claims");
    assert!(claims.iter().all(|c| c.awaits_review()), "{claims:?}");
    // Checked as pasted, in any case: the one official account, no duplicates.
    let registry = accounts::public_registry(&conn).expect("registry");
    let answer = medsos_hub::account::check(&registry, "https://www.instagram.com/DinkesCianjur/");
    assert_eq!(answer.official.len(), 1, "{answer:?}");
    assert_eq!(answer.official[0].agency_code, "DINKES");
    assert!(answer.lookalikes.is_empty(), "{answer:?}");
    let code = AgencyCode::parse("DINKES").expect("code");
    let again = accounts::add(
        &mut conn,
        &code,
        Platform::Instagram,
        &Handle::parse("@DinkesCianjur").expect("handle"),
        false,
        NOW,
    );
    assert!(matches!(again, Err(medsos_hub::Error::AccountTaken { .. })));
}

#[tokio::test]
async fn both_endpoints_are_in_the_openapi_document_with_their_error_codes() {
    let hub = Hub::new();
    let (status, doc) = hub.send(get("/api/openapi.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&doc).expect("json");
    let accounts = &doc["paths"]["/api/v1/accounts"]["post"];
    let reports = &doc["paths"]["/api/v1/impersonation-reports"]["post"];
    assert_eq!(accounts["security"][0]["agency_token"], json!([]));
    assert_eq!(reports["security"][0]["agency_token"], json!([]));
    let example = |op: &Value, status: &str| {
        op["responses"][status]["content"]["application/json"]["example"].clone()
    };
    assert_eq!(example(accounts, "422")["code"], "account.homoglyph_handle");
    assert!(example(accounts, "422")["message"]
        .as_str()
        .expect("message")
        .starts_with("Akun ke-1: "));
    assert_eq!(example(reports, "422")["code"], "report.invalid_url");
    assert_eq!(
        example(reports, "200"),
        json!({"recorded": 1, "updated": 0, "unchanged": 0})
    );
    for (op, code) in [
        (accounts, "account.url_mismatch"),
        (reports, "report.invalid_updated_at"),
    ] {
        let described = op["responses"]["422"]["description"]
            .as_str()
            .expect("text");
        assert!(described.contains(code), "{described}");
    }
    let request = &accounts["requestBody"]["content"]["application/json"]["example"];
    assert_eq!(request["accounts"][0]["handle"], "dinkescianjur");
}

/// A store of schema 4 (claims, first-come officialness, Diskominfo's decisions on disputes)
/// migrated to the listing rules: what was official stays listed for review ("periksa
/// ulang"), a claim disputed then waits, a claim Diskominfo refused stays refused; where a
/// revoked agency and an active one were both official, the active one keeps the listing.
/// SQLite only: it builds a SQLite file of an earlier release.
#[tokio::test]
async fn migration_from_schema_4_keeps_official_accounts_listed_for_review() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hub").join("medsos-hub.sqlite3");
    std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
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
        conn.execute_batch(
            "INSERT INTO agencies (id, code, name, created_at, revoked_at) VALUES
                 (1, 'DINKES', 'Dinas Kesehatan', '2026-11-01T00:00:00Z', NULL),
                 (2, 'RSUD', 'RSUD Sayang', '2026-11-01T00:00:00Z', NULL),
                 (3, 'DISDIK', 'Dinas Pendidikan', '2026-11-01T00:00:00Z', NULL),
                 (4, 'LAMA', 'Dinas Lama', '2026-10-01T00:00:00Z', '2026-10-20T00:00:00Z');
             INSERT INTO agency_accounts
                 (id, agency_id, platform, handle, url, verified, source, created_at, updated_at)
             VALUES
                 -- DINKES first, RSUD later: DINKES official, RSUD disputed.
                 (1, 1, 'instagram', 'dinkescianjur', 'https://www.instagram.com/dinkescianjur/', 1,
                  'diskominfo', '2026-11-02T00:00:00Z', '2026-11-02T00:00:00Z'),
                 (2, 2, 'instagram', 'dinkescianjur', 'https://www.instagram.com/dinkescianjur/', 0,
                  'diskominfo', '2026-11-03T00:00:00Z', '2026-11-03T00:00:00Z'),
                 -- Decided for DISDIK against DINKES.
                 (3, 1, 'facebook', 'disdik.cianjur', 'https://www.facebook.com/disdik.cianjur', 0,
                  'diskominfo', '2026-11-02T00:00:00Z', '2026-11-02T00:00:00Z'),
                 (4, 3, 'facebook', 'disdik.cianjur', 'https://www.facebook.com/disdik.cianjur', 1,
                  'diskominfo', '2026-11-04T00:00:00Z', '2026-11-04T00:00:00Z'),
                 -- A revoked agency claimed first; the active one is official.
                 (5, 4, 'instagram', 'humascianjur', 'https://www.instagram.com/humascianjur/', 0,
                  'diskominfo', '2026-10-02T00:00:00Z', '2026-10-02T00:00:00Z'),
                 (6, 3, 'instagram', 'humascianjur', 'https://www.instagram.com/humascianjur/', 0,
                  'diskominfo', '2026-11-05T00:00:00Z', '2026-11-05T00:00:00Z');
             INSERT INTO account_decisions (platform, handle, agency_id, decided_at)
             VALUES ('facebook', 'disdik.cianjur', 3, '2026-11-06T00:00:00Z');",
        )
        .expect("old rows");
    }
    let statuses = {
        let conn = store::open(&path).expect("migrates");
        let mut statement = conn
            .prepare(
                "SELECT a.code, x.platform, x.handle, x.status, x.needs_review, x.reason
                 FROM account_claims x JOIN agencies a ON a.id = x.agency_id
                 ORDER BY x.handle, a.code",
            )
            .expect("prepares");
        statement
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, bool>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .expect("queries")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows")
    };
    let claim = |code: &str, handle: &str, status: &str, review: bool, reason: Option<&str>| {
        (
            code.to_owned(),
            handle.to_owned(),
            status.to_owned(),
            review,
            reason.map(str::to_owned),
        )
    };
    assert_eq!(
        statuses,
        vec![
            claim("DINKES", "dinkescianjur", "resmi", true, None),
            claim("RSUD", "dinkescianjur", "menunggu", false, None),
            claim(
                "DINKES",
                "disdik.cianjur",
                "ditolak",
                false,
                Some("Diskominfo menetapkan akun ini milik PD lain.")
            ),
            claim("DISDIK", "disdik.cianjur", "resmi", true, None),
            claim("DISDIK", "humascianjur", "resmi", true, None),
            claim("LAMA", "humascianjur", "menunggu", false, None),
        ]
    );

    // The registry publishes what stays listed; the badge migrated is the one Diskominfo
    // recorded.
    let store = Store::open(&path).expect("store opens");
    let app = app(AppState::new(store, Arc::new(StoppedAt(NOW))));
    users::add(
        &store::open(&path).expect("opens"),
        USER,
        "Petugas Dasbor",
        PASSWORD,
        NOW,
    )
    .expect("user");
    let (_, _, body) = exchange(&app, get("/api/v1/registry", None)).await;
    let registry: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        registry_accounts(&registry, "DINKES"),
        vec![("instagram".to_owned(), "dinkescianjur".to_owned())]
    );
    assert_eq!(
        registry_accounts(&registry, "DISDIK"),
        vec![
            ("facebook".to_owned(), "disdik.cianjur".to_owned()),
            ("instagram".to_owned(), "humascianjur".to_owned())
        ]
    );
    // The officer sees the carried-over listings in the queue, to look at again, and the
    // refusal with its reason.
    let session = login(&app, USER, PASSWORD).await;
    let (_, _, akun) = exchange(&app, get("/akun", Some(&session))).await;
    let queue = section(&akun, "menunggu");
    assert!(queue.contains("Menunggu pemeriksaan (4)"), "{queue}");
    assert_eq!(queue.matches("periksa ulang").count(), 3, "{queue}");
    assert!(
        section(&akun, "ditolak").contains("milik PD lain"),
        "{akun}"
    );
    // Approving a carried-over listing confirms it: it leaves the queue, still listed.
    // RSUD's claim waits beside it, so the agency must be named.
    let mut conn = store::open(&path).expect("opens");
    let unnamed = accounts::approve(
        &mut conn,
        Platform::Instagram,
        "dinkescianjur",
        None,
        true,
        "Petugas Uji",
        NOW,
    )
    .expect_err("two agencies");
    assert_eq!(unnamed.code(), "account.agency_required");
    assert!(
        unnamed.to_string().contains("RSUD Sayang (RSUD)"),
        "{unnamed}"
    );
    assert_eq!(accounts::count_awaiting_review(&conn).expect("count"), 4);
    let approved = accounts::approve(
        &mut conn,
        Platform::Instagram,
        "dinkescianjur",
        Some(1),
        true,
        "Petugas Uji",
        NOW,
    )
    .expect("confirmed");
    assert_eq!(approved.agency_code, "DINKES");
    assert!(approved.refused.iter().any(|(code, _)| code == "RSUD"));
    let again = accounts::approve(
        &mut conn,
        Platform::Instagram,
        "dinkescianjur",
        None,
        true,
        "Petugas Uji",
        NOW,
    )
    .expect_err("listed already");
    assert_eq!(again.code(), "account.already_listed");
    assert_eq!(accounts::count_awaiting_review(&conn).expect("count"), 2);
}

impl Hub {
    /// `GET /api/v1/accounts` with the token.
    async fn states(&self, token: Option<&str>) -> (StatusCode, Value) {
        let mut request = Request::get("/api/v1/accounts");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let (status, body) = self
            .send(request.body(Body::empty()).expect("request"))
            .await;
        (status, serde_json::from_str(&body).expect("json"))
    }

    /// The verdict of `/registri?cek=`.
    async fn check(&self, text: &str) -> String {
        let (_, page) = self
            .page(None, &format!("/registri?cek={}", encode(text)))
            .await;
        let start = page.find(r#"class="verdict"#).expect("verdict");
        let end = page[start..].find("</div>").expect("end") + start;
        page[start..end].to_owned()
    }
}

/// The issue's case: a PC saying its account is verified does not make it official, nor
/// its badge; Diskominfo's approval does, and only Diskominfo's confirmation shows the badge.
#[tokio::test]
async fn a_pc_claim_is_not_official_until_diskominfo_approves_it() {
    let hub = Hub::new();
    let (dinsos, token) = hub.enrolled("DINSOS", "Dinas Sosial").await;
    let (status, body) = hub
        .sync_accounts(&token, vec![ig("bansos.cianjur.cair", "Bansos Cianjur")])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let verdict = hub.check("bansos.cianjur.cair").await;
    assert!(verdict.contains("Tidak terdaftar"), "{verdict}");
    assert!(!verdict.contains("Resmi"), "{verdict}");
    let (_, registry) = hub.registry().await;
    assert!(registry_accounts(&registry, "DINSOS").is_empty());
    let (_, page) = hub.page(None, "/registri").await;
    assert!(!page.contains("bansos.cianjur.cair"), "{page}");
    assert_eq!(hub.overview_accounts("DINSOS"), (0, 0));
    let (status, states) = hub.states(Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        states,
        json!({"accounts": [{"platform": "instagram", "handle": "bansos.cianjur.cair",
            "status": "menunggu", "verified": false, "reason": null, "decided_at": null}]})
    );
    // The officer sees what the agency states, beside the decision to make.
    let session = hub.login().await;
    let (_, akun) = hub.page(Some(&session), "/akun").await;
    let queue = section(&akun, "menunggu");
    assert!(
        queue.contains("Pernyataan PD") && queue.contains("PD: terverifikasi"),
        "{queue}"
    );
    assert!(queue.contains("@bansos.cianjur.cair"), "{queue}");

    // Approved without confirming the badge: official, not "terverifikasi".
    let csrf = hidden_csrf(&akun);
    let form = format!(
        "csrf={}&platform=instagram&handle=bansos.cianjur.cair&pd={dinsos}",
        encode(&csrf)
    );
    let (status, _) = hub
        .post_form_body(Some(&session), "/akun/setujui", &form)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let verdict = hub
        .check("https://www.instagram.com/bansos.cianjur.cair/")
        .await;
    assert!(
        verdict.contains("Resmi — akun Dinas Sosial (DINSOS)"),
        "{verdict}"
    );
    let (_, registry) = hub.registry().await;
    assert_eq!(
        registry["agencies"][0]["accounts"],
        json!([{"platform": "instagram", "handle": "bansos.cianjur.cair",
            "url": "https://www.instagram.com/bansos.cianjur.cair/", "verified": false}])
    );
    let (_, page) = hub.page(None, "/registri").await;
    assert!(page.contains("belum terverifikasi"), "{page}");
    assert_eq!(hub.overview_accounts("DINSOS"), (0, 1));
    let (_, states) = hub.states(Some(&token)).await;
    assert_eq!(states["accounts"][0]["status"], "resmi");
    assert_eq!(states["accounts"][0]["verified"], false);
    assert_eq!(states["accounts"][0]["decided_at"], "2026-11-26T14:00:00Z");

    // Diskominfo confirms the badge on /akun: now it shows, and counts in the overview.
    let verify = |value: &str| {
        format!(
            "csrf={}&platform=instagram&handle=bansos.cianjur.cair&pd={dinsos}&terverifikasi={value}",
            encode(&csrf)
        )
    };
    let (status, _) = hub
        .post_form_body(Some(&session), "/akun/verifikasi", &verify("1"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, registry) = hub.registry().await;
    assert_eq!(registry["agencies"][0]["accounts"][0]["verified"], true);
    let (_, page) = hub.page(None, "/registri").await;
    assert!(
        page.contains(
            r#"title="Lencana terverifikasi platform sudah diperiksa Diskominfo">terverifikasi"#
        ),
        "{page}"
    );
    assert_eq!(hub.overview_accounts("DINSOS"), (1, 1));
    let (_, states) = hub.states(Some(&token)).await;
    assert_eq!(states["accounts"][0]["verified"], true);
    // And withdraws it.
    hub.post_form_body(Some(&session), "/akun/verifikasi", &verify("0"))
        .await;
    assert_eq!(hub.overview_accounts("DINSOS"), (0, 1));
    let (_, akun) = hub.page(Some(&session), "/akun").await;
    let history = section(&akun, "riwayat");
    assert!(
        history.contains("ditandai terverifikasi")
            && history.contains("tanda terverifikasi dibatalkan"),
        "{history}"
    );
    // Confirming the badge of an account not listed: refused.
    let (status, page) = hub
        .post_form_body(
            Some(&session),
            "/akun/verifikasi",
            &format!(
                "csrf={}&platform=facebook&handle=bansos.cianjur.cair&pd={dinsos}&terverifikasi=1",
                encode(&csrf)
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("tidak ada di daftar akun resmi"), "{page}");
}

/// Refusing and taking down need a reason; the agency's PC reads it, the officer sees who
/// decided and when. Every form needs the session's CSRF token.
#[tokio::test]
async fn the_dashboard_refuses_and_takes_down_only_with_a_reason() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    hub.sync_accounts(
        &token,
        vec![
            ig("dinkescianjur", "Dinkes"),
            fb("dinkes.cianjur.info", "Info Dinkes"),
        ],
    )
    .await;
    let session = hub.login().await;
    let (_, akun) = hub.page(Some(&session), "/akun").await;
    let csrf = hidden_csrf(&akun);
    let form = |path_csrf: &str, platform: &str, handle: &str, reason: Option<&str>| {
        let mut form = format!(
            "csrf={}&platform={platform}&handle={handle}&pd={dinkes}",
            encode(path_csrf)
        );
        if let Some(reason) = reason {
            form.push_str(&format!("&alasan={}", encode(reason)));
        }
        form
    };
    for path in [
        "/akun/setujui",
        "/akun/tolak",
        "/akun/hapus",
        "/akun/verifikasi",
    ] {
        let (status, _) = hub
            .post_form_body(
                Some(&session),
                path,
                &form("0123456789abcdef", "instagram", "dinkescianjur", Some("x")),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let before = (hub.listings(), hub.events());
    for reason in [None, Some("   ")] {
        let (status, page) = hub
            .post_form_body(
                Some(&session),
                "/akun/tolak",
                &form(&csrf, "facebook", "dinkes.cianjur.info", reason),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("Tuliskan alasannya"), "{page}");
    }
    assert_eq!((hub.listings(), hub.events()), before);

    let why = "Halaman ini dikelola pihak lain, bukan Dinas Kesehatan.";
    let (status, _) = hub
        .post_form_body(
            Some(&session),
            "/akun/tolak",
            &form(&csrf, "facebook", "dinkes.cianjur.info", Some(why)),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, akun) = hub.page(Some(&session), "/akun?selesai=tolak").await;
    assert!(akun.contains("Klaim ditolak"), "{akun}");
    let refused = section(&akun, "ditolak");
    assert!(
        refused.contains("@dinkes.cianjur.info")
            && refused.contains(why)
            && refused.contains("Petugas Dasbor")
            && refused.contains("2026-11-26 21:00 WIB"),
        "{refused}"
    );
    assert!(!section(&akun, "menunggu").contains("dinkes.cianjur.info"));
    let (_, states) = hub.states(Some(&token)).await;
    assert_eq!(
        states["accounts"][1],
        json!({"platform": "facebook", "handle": "dinkes.cianjur.info", "status": "ditolak",
            "verified": false, "reason": why, "decided_at": "2026-11-26T14:00:00Z"})
    );
    // Refused already: said so, nothing changed.
    let before = (hub.listings(), hub.events());
    let (status, page) = hub
        .post_form_body(
            Some(&session),
            "/akun/tolak",
            &form(&csrf, "facebook", "dinkes.cianjur.info", Some(why)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("sudah ditolak"), "{page}");
    assert_eq!((hub.listings(), hub.events()), before);

    // Listed, then taken down: a reason is needed, and it leaves the registry at once.
    hub.post_form_body(
        Some(&session),
        "/akun/setujui",
        &form(&csrf, "instagram", "dinkescianjur", None),
    )
    .await;
    let (_, registry) = hub.registry().await;
    assert_eq!(registry_accounts(&registry, "DINKES").len(), 1);
    let before = (hub.listings(), hub.events());
    let (status, page) = hub
        .post_form_body(
            Some(&session),
            "/akun/hapus",
            &form(&csrf, "instagram", "dinkescianjur", None),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Tuliskan alasannya"), "{page}");
    assert_eq!((hub.listings(), hub.events()), before);
    let gone = "Akun sudah tidak dikelola PD.";
    let (status, _) = hub
        .post_form_body(
            Some(&session),
            "/akun/hapus",
            &form(&csrf, "instagram", "dinkescianjur", Some(gone)),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, registry) = hub.registry().await;
    assert!(registry_accounts(&registry, "DINKES").is_empty());
    assert!(hub.check("dinkescianjur").await.contains("Tidak terdaftar"));
    let (_, states) = hub.states(Some(&token)).await;
    assert_eq!(states["accounts"][0]["status"], "dihapus");
    assert_eq!(states["accounts"][0]["reason"], gone);
    let (_, akun) = hub.page(Some(&session), "/akun").await;
    assert!(section(&akun, "ditolak").contains(gone), "{akun}");
    // Taking down what is not listed: said so.
    let (status, page) = hub
        .post_form_body(
            Some(&session),
            "/akun/hapus",
            &form(&csrf, "instagram", "dinkescianjur", Some(gone)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("tidak ada di daftar akun resmi"), "{page}");
}

/// Each mistake Diskominfo's operator can make is answered by a clear Indonesian message
/// with its code, and changes nothing.
#[tokio::test]
async fn bad_decisions_are_refused_with_a_clear_message_and_change_nothing() {
    use account_cli as cli;
    let hub = Hub::new();
    let (_, dinkes) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (_, rsud) = hub.enrolled("RSUD", "RSUD Sayang").await;
    hub.sync_accounts(
        &dinkes,
        vec![
            ig("dinkescianjur", "Dinkes"),
            fb("dinkes.cianjur", "Dinkes"),
        ],
    )
    .await;
    hub.sync_accounts(&rsud, vec![ig("dinkescianjur", "RSUD")])
        .await;
    let db = hub.db.target();
    let out = cli::approve(&db, "facebook", "dinkes.cianjur", None, true).expect("approved");
    assert!(
        out.contains("disetujui sebagai akun resmi Dinas Kesehatan (DINKES), terverifikasi"),
        "{out}"
    );
    let before = (hub.listings(), hub.events(), hub.account_rows());
    type Attempt = Box<dyn Fn() -> Result<String, medsos_hub::Error>>;
    let attempt = |f: Attempt| f;
    let cases: Vec<(Attempt, &str, StatusCode, &str)> = vec![
        (
            attempt(Box::new({
                let db = db.clone();
                move || cli::approve(&db, "instagram", "tidakada.cianjur", None, false)
            })),
            "account.not_claimed",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Tidak ada PD yang mengklaim akun instagram @tidakada.cianjur",
        ),
        (
            attempt(Box::new({
                let db = db.clone();
                move || cli::approve(&db, "facebook", "dinkes.cianjur", None, false)
            })),
            "account.already_listed",
            StatusCode::CONFLICT,
            "sudah resmi milik Dinas Kesehatan (DINKES)",
        ),
        (
            attempt(Box::new({
                let db = db.clone();
                move || cli::approve(&db, "facebook", "dinkes.cianjur", Some("DINKES"), false)
            })),
            "account.already_listed",
            StatusCode::CONFLICT,
            "sudah resmi milik Dinas Kesehatan (DINKES)",
        ),
        (
            attempt(Box::new({
                let db = db.clone();
                move || cli::approve(&db, "instagram", "dinkescianjur", None, false)
            })),
            "account.agency_required",
            StatusCode::UNPROCESSABLE_ENTITY,
            "diklaim oleh Dinas Kesehatan (DINKES), RSUD Sayang (RSUD): sebutkan PD-nya",
        ),
        (
            attempt(Box::new({
                let db = db.clone();
                move || cli::reject(&db, "instagram", "dinkescianjur", Some("RSUD"), None)
            })),
            "account.reason_required",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Tuliskan alasannya",
        ),
        (
            attempt(Box::new({
                let db = db.clone();
                move || cli::remove(&db, "instagram", "dinkescianjur", Some("Salah"))
            })),
            "account.not_listed",
            StatusCode::UNPROCESSABLE_ENTITY,
            "tidak ada di daftar akun resmi",
        ),
        (
            attempt(Box::new({
                let db = db.clone();
                move || cli::remove(&db, "facebook", "dinkes.cianjur", Some(" "))
            })),
            "account.reason_required",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Tuliskan alasannya",
        ),
        (
            attempt(Box::new({
                let db = db.clone();
                move || {
                    cli::reject(
                        &db,
                        "facebook",
                        "dinkes.cianjur",
                        None,
                        Some("Bukan akun PD"),
                    )
                }
            })),
            "account.already_listed",
            StatusCode::CONFLICT,
            "hapus daftarnya",
        ),
        (
            attempt(Box::new({
                let db = db.clone();
                move || cli::approve(&db, "instagram", "dinkescianjur", Some("DISDIK"), false)
            })),
            "agency.unknown",
            StatusCode::NOT_FOUND,
            "DISDIK",
        ),
    ];
    for (run, code, status, says) in cases {
        let error = run().expect_err(code);
        assert_eq!(error.code(), code, "{error}");
        assert_eq!(error.status(), status, "{code}");
        assert!(error.to_string().contains(says), "{code}: {error}");
        assert_eq!(
            (hub.listings(), hub.events(), hub.account_rows()),
            before,
            "{code}: nothing changed"
        );
    }

    // Approving one agency's claim refuses the other's waiting claim, naming the owner.
    let out =
        cli::approve(&db, "instagram", "@DinkesCianjur", Some("rsud"), false).expect("approved");
    assert!(out.contains("akun resmi RSUD Sayang (RSUD)"), "{out}");
    assert!(
        out.contains("Klaim Dinas Kesehatan (DINKES) atas akun yang sama ditolak: akun ini milik RSUD Sayang."),
        "{out}"
    );
    // Now the account is listed elsewhere.
    let before = (hub.listings(), hub.events(), hub.account_rows());
    let error = cli::approve(&db, "instagram", "dinkescianjur", Some("DINKES"), false)
        .expect_err("listed elsewhere");
    assert_eq!(error.code(), "account.listed_elsewhere");
    assert_eq!(error.status(), StatusCode::CONFLICT);
    assert!(
        error
            .to_string()
            .contains("terdaftar resmi milik RSUD Sayang (RSUD)"),
        "{error}"
    );
    let error = cli::reject(
        &db,
        "instagram",
        "dinkescianjur",
        Some("DINKES"),
        Some("lagi"),
    )
    .expect_err("refused already");
    assert_eq!(error.code(), "account.already_rejected");
    assert_eq!((hub.listings(), hub.events(), hub.account_rows()), before);

    let table = cli::list(&db).expect("list");
    let line = |agency: &str, handle: &str| {
        table
            .lines()
            .find(|l| l.contains(&format!("@{handle} ")) && l.contains(&format!("  {agency}  ")))
            .unwrap_or_else(|| panic!("{agency} {handle} in {table}"))
            .to_owned()
    };
    assert!(
        table.lines().next().expect("header").contains("KATA PD"),
        "{table}"
    );
    assert!(line("RSUD", "dinkescianjur").contains("resmi"), "{table}");
    assert!(
        line("DINKES", "dinkescianjur").contains("ditolak")
            && line("DINKES", "dinkescianjur")
                .contains("Diskominfo menetapkan akun ini milik RSUD Sayang."),
        "{table}"
    );
    assert!(
        line("DINKES", "dinkes.cianjur").contains(medsos_hub::store::accounts::CLI_ACTOR),
        "{table}"
    );
}

/// A claim only a revoked PC still makes is nobody's to review; an agency revoked is not
/// published, and a PC of another agency that claims the same account waits as before.
#[tokio::test]
async fn a_claim_only_a_revoked_pc_makes_leaves_the_review_queue() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (_, rsud) = hub.enrolled("RSUD", "RSUD Sayang").await;
    hub.sync_accounts(
        &token,
        vec![
            ig("dinkescianjur", "Dinkes"),
            fb("dinkes.cianjur", "Dinkes"),
        ],
    )
    .await;
    hub.sync_accounts(&rsud, vec![fb("rsudsayang", "RSUD")])
        .await;
    hub.approve(Platform::Facebook, "dinkes.cianjur", dinkes, true);
    assert_eq!(
        hub.db
            .with(|s| s.accounts_awaiting_review())
            .expect("count"),
        2
    );

    // DINKES's only PC cut off: its waiting claim leaves the queue; its listing stays.
    let pc = hub.db.with(|s| s.devices(dinkes)).expect("devices")[0].id;
    hub.db.with(|s| s.revoke_device(pc, NOW)).expect("revoked");
    let claims = hub.db.with(|s| s.account_claims()).expect("claims");
    let claim = claims
        .iter()
        .find(|c| c.handle == "dinkescianjur")
        .expect("claim kept");
    assert!(!claim.live && !claim.awaits_review(), "{claim:?}");
    assert_eq!(claim.status, medsos_protocol::ListingStatus::Menunggu);
    assert_eq!(
        hub.db
            .with(|s| s.accounts_awaiting_review())
            .expect("count"),
        1
    );
    let session = hub.login().await;
    let (_, akun) = hub.page(Some(&session), "/akun").await;
    let queue = section(&akun, "menunggu");
    assert!(
        queue.contains("Menunggu pemeriksaan (1)") && !queue.contains("dinkescianjur"),
        "{queue}"
    );
    let (_, overview) = hub.page(Some(&session), "/dasbor").await;
    assert!(
        overview.contains(r##"<strong>1</strong></a> akun menunggu pemeriksaan"##),
        "{overview}"
    );
    let (_, registry) = hub.registry().await;
    assert_eq!(registry_accounts(&registry, "DINKES").len(), 1);
    // The agency revoked: its listing is not published, nor checked as official.
    hub.db
        .with(|s| s.revoke_agency(&AgencyCode::parse("DINKES").expect("code"), NOW))
        .expect("revoked");
    let (_, registry) = hub.registry().await;
    assert!(!registry.to_string().contains("DINKES"), "{registry}");
    assert!(hub
        .check("https://www.facebook.com/dinkes.cianjur")
        .await
        .contains("Tidak terdaftar"));
    // Rotated back: published again, with the listing as it was.
    hub.db
        .with(|s| s.rotate_agency(&AgencyCode::parse("DINKES").expect("code"), NOW))
        .expect("rotated");
    let (_, registry) = hub.registry().await;
    assert_eq!(
        registry_accounts(&registry, "DINKES"),
        vec![("facebook".to_owned(), "dinkes.cianjur".to_owned())]
    );
    assert_eq!(registry["agencies"][0]["accounts"][0]["verified"], true);
}

/// `GET /api/v1/accounts`: the token's agency's own claims only; an account listed for it
/// that no PC sends any more is still there as `resmi`.
#[tokio::test]
async fn a_pc_reads_where_its_agencys_claims_stand() {
    let hub = Hub::new();
    let (_, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (_, rsud) = hub.enrolled("RSUD", "RSUD Sayang").await;
    let (status, body) = hub.states(None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "auth.missing_token");
    let (status, body) = hub.states(Some("bukan-token")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (_, states) = hub.states(Some(&token)).await;
    assert_eq!(states, json!({"accounts": []}));

    account_cli::add(
        &hub.db.target(),
        "DINKES",
        "facebook",
        "dinkes.cianjur",
        true,
    )
    .expect("recorded");
    hub.sync_accounts(&token, vec![ig("dinkescianjur", "Dinkes")])
        .await;
    hub.sync_accounts(&rsud, vec![ig("rsudsayang", "RSUD")])
        .await;
    let (status, states) = hub.states(Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    let listed: Vec<(String, String, String, bool)> = states["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| {
            (
                a["platform"].as_str().expect("p").to_owned(),
                a["handle"].as_str().expect("h").to_owned(),
                a["status"].as_str().expect("s").to_owned(),
                a["verified"].as_bool().expect("v"),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            (
                "instagram".into(),
                "dinkescianjur".into(),
                "menunggu".into(),
                false
            ),
            (
                "facebook".into(),
                "dinkes.cianjur".into(),
                "resmi".into(),
                true
            ),
        ],
        "Instagram first, RSUD's claim not shown"
    );
    // The PC drops its Instagram claim: it goes; Diskominfo's listing stays.
    hub.sync_accounts(&token, vec![]).await;
    let (_, states) = hub.states(Some(&token)).await;
    assert_eq!(states["accounts"].as_array().expect("accounts").len(), 1);
    assert_eq!(states["accounts"][0]["status"], "resmi");
}
