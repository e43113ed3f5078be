//! The dashboard's doors: login, throttling, sessions, CSRF, and escaping, through the
//! router in-process on a real store (SQLite, or PostgreSQL: see `common::TestDb`).

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::TestDb;
use http_body_util::BodyExt;
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::clock::Clock;
use medsos_hub::proxy::TrustedProxies;
use medsos_hub::rate_limit::PAIR_BACKOFF;
use medsos_hub::{app, AppState};
use medsos_protocol::{DailySummary, SummaryBatch, SCHEMA_VERSION};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use tower::ServiceExt;

const START: OffsetDateTime = datetime!(2026-11-26 02:00 UTC);
const PASSWORD: &str = "kata-sandi-kominfo-1";

/// A clock the test moves by hand.
#[derive(Clone)]
struct HandClock(Arc<Mutex<OffsetDateTime>>);

impl Clock for HandClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().expect("clock")
    }
}

struct Hub {
    clock: HandClock,
    app: Router,
    db: TestDb,
}

impl Hub {
    fn new() -> Hub {
        Hub::with(|state| state)
    }

    /// A hub over a state that `configure` adjusts.
    fn with(configure: impl FnOnce(AppState) -> AppState) -> Hub {
        let db = TestDb::at("hub.sqlite3");
        db.with(|s| s.add_user("rina", "Rina Kominfo", PASSWORD, START))
            .expect("user");
        let clock = HandClock(Arc::new(Mutex::new(START)));
        let app = app(configure(AppState::new(
            db.store(),
            Arc::new(clock.clone()),
        )));
        Hub { clock, app, db }
    }

    fn add_agency(&self, code: &str, name: &str) -> String {
        let agency = self
            .db
            .with(|s| {
                s.add_agency(
                    &AgencyCode::parse(code).expect("code"),
                    &AgencyName::parse(name).expect("name"),
                    START,
                )
            })
            .expect("agency");
        agency.enrolment.code.to_string()
    }

    async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.app.clone().oneshot(request).await.expect("answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&self, path: &str, session: Option<&str>) -> Answer {
        let mut request = Request::get(path);
        if let Some(session) = session {
            request = request.header(header::COOKIE, format!("__Host-medsos_sesi={session}"));
        }
        self.send(request.body(Body::empty()).expect("request"))
            .await
    }

    async fn post_form(&self, path: &str, cookie: &str, form: &str) -> Answer {
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, cookie)
                .body(Body::from(form.to_owned()))
                .expect("request"),
        )
        .await
    }

    /// The login form's double-submit token, as a cookie and a hidden field.
    async fn login_form(&self) -> String {
        let form = self.get("/masuk", None).await;
        assert_eq!(form.status, StatusCode::OK);
        let cookie = form.cookie("__Host-medsos_masuk").expect("login cookie");
        assert_eq!(hidden(&form.body, "csrf").as_deref(), Some(cookie.as_str()));
        cookie
    }

    async fn login(&self, username: &str, password: &str) -> Answer {
        self.login_from(None, username, password).await
    }

    /// Logs in over a TCP connection from `peer` when given (as served), else as in-process.
    async fn login_from(&self, peer: Option<[u8; 4]>, username: &str, password: &str) -> Answer {
        let token = self.login_form().await;
        let mut request = Request::post("/masuk")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("__Host-medsos_masuk={token}"));
        if let Some(peer) = peer {
            request = request.extension(ConnectInfo(SocketAddr::from((peer, 40_000))));
        }
        self.send(
            request
                .body(Body::from(format!(
                    "username={username}&password={password}&csrf={token}&lanjut=%2Fdasbor"
                )))
                .expect("request"),
        )
        .await
    }

    async fn session(&self) -> String {
        let answer = self.login("rina", PASSWORD).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        answer.cookie("__Host-medsos_sesi").expect("session cookie")
    }
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookie(name)?
            .split(';')
            .next()
            .and_then(|pair| pair.split_once('='))
            .map(|(_, value)| value.to_owned())
    }

    fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }

    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

fn hidden(body: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker)? + marker.len();
    Some(body[start..].split('"').next()?.to_owned())
}

#[tokio::test]
async fn no_page_or_export_opens_without_a_session() {
    let hub = Hub::new();
    for path in [
        "/dasbor",
        "/dasbor?periode=tahun",
        "/dasbor/ekspor.xlsx",
        "/dasbor/ekspor.csv",
        "/pd/DINKES",
        "/kabupaten",
        "/laporan",
        "/arahan",
        "/libur",
        "/pengaturan",
    ] {
        let answer = hub.get(path, None).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
        assert!(answer.location().starts_with("/masuk?lanjut="), "{path}");
        let forged = hub.get(path, Some("bukan-sesi")).await;
        assert_eq!(forged.status, StatusCode::SEE_OTHER, "{path}");
    }
}

#[tokio::test]
async fn an_officer_logs_in_with_a_secure_cookie_and_out_with_the_csrf_token() {
    let hub = Hub::new();
    let answer = hub.login("Rina", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.location(), "/dasbor");
    let set = answer.set_cookie("__Host-medsos_sesi").expect("set-cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Max-Age=28800"] {
        assert!(set.contains(attribute), "{set}");
    }
    let session = answer.cookie("__Host-medsos_sesi").expect("session");

    let page = hub.get("/dasbor", Some(&session)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Rina Kominfo"));
    for (name, value) in [
        ("content-security-policy", "script-src 'self'"),
        ("x-frame-options", "DENY"),
        ("cache-control", "no-store"),
    ] {
        let got = page
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(got.contains(value), "{name}: {got}");
    }
    let csrf = hidden(&page.body, "csrf").expect("csrf field");

    // Logging out without the token (a forged form) does nothing.
    let forged = hub
        .post_form(
            "/keluar",
            &format!("__Host-medsos_sesi={session}"),
            "csrf=salah",
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        hub.get("/dasbor", Some(&session)).await.status,
        StatusCode::OK
    );

    let out = hub
        .post_form(
            "/keluar",
            &format!("__Host-medsos_sesi={session}"),
            &format!("csrf={csrf}"),
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        hub.get("/dasbor", Some(&session)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_post_from_another_site_is_refused_even_with_the_token() {
    let hub = Hub::new();
    let session = hub.session().await;
    let page = hub.get("/dasbor", Some(&session)).await;
    let csrf = hidden(&page.body, "csrf").expect("csrf");
    let answer = hub
        .send(
            Request::post("/keluar")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("__Host-medsos_sesi={session}"))
                .header(header::HOST, "hub.cianjurkab.go.id")
                .header(header::ORIGIN, "https://jahat.example")
                .body(Body::from(format!("csrf={csrf}")))
                .expect("request"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(
        hub.get("/dasbor", Some(&session)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_login_form_without_its_own_token_is_refused() {
    let hub = Hub::new();
    let token = hub.login_form().await;
    let without_cookie = hub
        .post_form(
            "/masuk",
            "",
            &format!("username=rina&password={PASSWORD}&csrf={token}"),
        )
        .await;
    assert_eq!(without_cookie.status, StatusCode::FORBIDDEN);
    let other_token = hub
        .post_form(
            "/masuk",
            &format!("__Host-medsos_masuk={token}"),
            &format!("username=rina&password={PASSWORD}&csrf=lain"),
        )
        .await;
    assert_eq!(other_token.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn wrong_passwords_are_slowed_down_for_the_guessing_client_only() {
    let hub = Hub::new();
    let guesser = Some([10, 9, 9, 66]);
    let started = Instant::now();
    let wrong = hub.login_from(guesser, "rina", "bukan-kata-sandinya").await;
    // A lower bound only: a failure is never answered sooner than the delay.
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Nama pengguna atau kata sandi salah."));
    assert!(wrong.cookie("__Host-medsos_sesi").is_none());
    // An unknown name gets the same answer as a wrong password.
    let unknown = hub
        .login_from(guesser, "siapa", "bukan-kata-sandinya")
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(unknown
        .body
        .contains("Nama pengguna atau kata sandi salah."));

    for _ in 1..PAIR_BACKOFF.free {
        hub.login_from(guesser, "rina", "bukan-kata-sandinya").await;
    }
    // The guessing client now waits, even with the right password...
    let slowed = hub.login_from(guesser, "rina", PASSWORD).await;
    assert_eq!(
        slowed.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        slowed.body
    );
    assert!(slowed.body.contains("Coba lagi dalam"), "{}", slowed.body);
    assert!(slowed.headers.contains_key(header::RETRY_AFTER));
    assert!(slowed.cookie("__Host-medsos_sesi").is_none());
    // ... and rina, at her own desk, gets in.
    let rina = hub.login_from(Some([10, 1, 1, 7]), "rina", PASSWORD).await;
    assert_eq!(rina.status, StatusCode::SEE_OTHER, "{}", rina.body);
    assert!(rina.cookie("__Host-medsos_sesi").is_some());
}

#[tokio::test]
async fn twelve_guesses_through_a_trusted_proxy_do_not_lock_rina_out() {
    let proxy = "127.0.0.1".parse().expect("range");
    let hub = Hub::with(|state| {
        state
            .with_trusted_proxies(TrustedProxies::new(vec![proxy]))
            .with_login_failure_delay(std::time::Duration::ZERO)
    });
    // Through the proxy on 127.0.0.1, which keeps the Host the browser asked for.
    let through_proxy = |client: &str, username: &str, password: &str, token: &str| {
        Request::post("/masuk")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("__Host-medsos_masuk={token}"))
            .header(header::HOST, "medsos.cianjurkab.go.id")
            .header(header::ORIGIN, "https://medsos.cianjurkab.go.id")
            .header("x-forwarded-for", client)
            .extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40_000))))
            .body(Body::from(format!(
                "username={username}&password={password}&csrf={token}&lanjut=%2Fdasbor"
            )))
            .expect("request")
    };
    let token = hub.login_form().await;
    let mut statuses = Vec::new();
    for i in 0..12 {
        let guess = format!("tebakan-ke-{i}");
        let answer = hub
            .send(through_proxy("10.9.9.66", "rina", &guess, &token))
            .await;
        statuses.push(answer.status);
    }
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::TOO_MANY_REQUESTS));
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let guesser = hub
        .send(through_proxy("10.9.9.66", "rina", PASSWORD, &token))
        .await;
    assert_eq!(guesser.status, StatusCode::TOO_MANY_REQUESTS);

    let rina = hub
        .send(through_proxy("10.1.1.7", "rina", PASSWORD, &token))
        .await;
    assert_eq!(rina.status, StatusCode::SEE_OTHER, "{}", rina.body);
    let session = rina.cookie("__Host-medsos_sesi").expect("session");
    assert_eq!(
        hub.get("/dasbor", Some(&session)).await.status,
        StatusCode::OK
    );

    // A client that is not a trusted proxy cannot pose as rina's desk.
    let spoofed = Request::post("/masuk")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("__Host-medsos_masuk={token}"))
        .header("x-forwarded-for", "10.1.1.7")
        .extension(ConnectInfo(SocketAddr::from(([10, 9, 9, 66], 40_000))));
    let spoofed = hub
        .send(
            spoofed
                .body(Body::from(format!(
                    "username=rina&password={PASSWORD}&csrf={token}"
                )))
                .expect("request"),
        )
        .await;
    assert_eq!(spoofed.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn with_insecure_cookies_the_names_go_without_the_host_prefix() {
    let hub = Hub::with(AppState::with_insecure_cookies);
    let form = hub.get("/masuk", None).await;
    let set = form.set_cookie("medsos_masuk").expect("login cookie");
    assert!(!set.contains("Secure"), "{set}");
    assert!(form.set_cookie("__Host-medsos_masuk").is_none());
}

#[tokio::test]
async fn a_session_ends_after_a_working_day_and_when_the_officer_is_disabled() {
    let hub = Hub::new();
    let session = hub.session().await;
    *hub.clock.0.lock().expect("clock") = START + Duration::hours(8);
    assert_eq!(
        hub.get("/dasbor", Some(&session)).await.status,
        StatusCode::SEE_OTHER
    );
    *hub.clock.0.lock().expect("clock") = START;
    let session = hub.session().await;
    hub.db
        .with(|s| s.disable_user("rina", START))
        .expect("disable");
    assert_eq!(
        hub.get("/dasbor", Some(&session)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        hub.login("rina", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}

fn batch(days: &[&str]) -> String {
    serde_json::to_string(&SummaryBatch {
        schema_version: SCHEMA_VERSION,
        days: days
            .iter()
            .map(|day| DailySummary::example(day, 1))
            .collect(),
    })
    .expect("json")
}

async fn enrol(hub: &Hub, code: &str) -> String {
    let answer = hub
        .send(
            Request::post("/api/v1/enrolments")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(format!(
                    r#"{{"code":"{code}","device_name":"PC Admin"}}"#
                )))
                .expect("request"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let value: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    value["token"].as_str().expect("token").to_owned()
}

async fn upload(hub: &Hub, token: &str, days: &[&str]) -> StatusCode {
    hub.send(
        Request::post("/api/v1/summaries")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(batch(days)))
            .expect("request"),
    )
    .await
    .status
}

#[tokio::test]
async fn hostile_names_are_shown_as_text_and_a_revoked_agency_stays_as_history() {
    let hub = Hub::new();
    let hostile = r#"Dinas <script>alert("x")</script> & <img src=x onerror=alert(1)>"#;
    let code = hub.add_agency("UJI", hostile);
    let token = enrol(&hub, &code).await;
    assert_eq!(
        upload(&hub, &token, &["2026-11-24", "2026-11-25"]).await,
        StatusCode::OK
    );
    let other = hub.add_agency("DINKES", "Dinas Kesehatan");
    let other_token = enrol(&hub, &other).await;
    assert_eq!(
        upload(&hub, &other_token, &["2026-11-25"]).await,
        StatusCode::OK
    );

    let session = hub.session().await;
    let page = hub.get("/dasbor", Some(&session)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("<script>alert"), "raw script in page");
    assert!(!page.body.contains("<img src=x"), "raw img in page");
    assert!(page
        .body
        .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x"));
    // DailySummary::example publishes 3 posts a day (2 IG + 1 FB).
    assert!(
        page.body.contains(">4 / 11<"),
        "two days of Instagram posts against a month's target"
    );

    hub.db
        .with(|s| s.revoke_agency(&AgencyCode::parse("UJI").expect("code"), START))
        .expect("revoke");
    assert_eq!(
        upload(&hub, &token, &["2026-11-26"]).await,
        StatusCode::UNAUTHORIZED,
        "a revoked agency can no longer sync"
    );
    let page = hub.get("/dasbor", Some(&session)).await;
    assert!(page.body.contains("dicabut"));
    assert!(page.body.contains(">4 / 11<"), "its history is still shown");
}

#[tokio::test]
async fn a_burst_of_simultaneous_guesses_gets_only_the_free_password_checks() {
    let hub = Arc::new(Hub::new());
    let token = hub.login_form().await;
    let mut guesses = Vec::new();
    for i in 0..12 {
        let hub = Arc::clone(&hub);
        let token = token.clone();
        guesses.push(tokio::spawn(async move {
            hub.post_form(
                "/masuk",
                &format!("__Host-medsos_masuk={token}"),
                &format!("username=rina&password=tebakan-ke-{i}&csrf={token}"),
            )
            .await
            .status
        }));
    }
    let mut checked = 0;
    for guess in guesses {
        match guess.await.expect("task") {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(
        checked, PAIR_BACKOFF.free,
        "only the free guesses reach the password check"
    );
}
