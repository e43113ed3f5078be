//! Briefs addressed to chosen agencies, their attachments, the posts agencies report in
//! answer, and the dashboard pages for briefs and holidays: the router in-process, on a real
//! store (SQLite, or PostgreSQL: see `common::TestDb`).

mod common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use common::{exchange_bytes, hidden_csrf, login, StoppedAt, TestDb};
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::brief::NewBrief;
use medsos_hub::store::briefs::NewAttachment;
use medsos_hub::{app, AppState};
use serde_json::{json, Value};
use std::sync::Arc;
use time::macros::datetime;
use time::OffsetDateTime;

/// When everything happens: 12 July 2026, 09:00 WIB.
const NOW: OffsetDateTime = datetime!(2026-07-12 02:00 UTC);

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR twibbon";
const PDF: &[u8] = b"%PDF-1.7\n naskah";

struct Hub {
    app: Router,
    db: TestDb,
}

impl Hub {
    fn new() -> Self {
        let db = TestDb::at("hub.sqlite3");
        let app = app(AppState::new(db.store(), Arc::new(StoppedAt(NOW))).with_insecure_cookies());
        Hub { app, db }
    }

    /// Registers an agency and enrols a PC for it; returns the agency id and the token.
    async fn enrolled(&self, code: &str, name: &str) -> (i64, String) {
        let agency = self
            .db
            .with(|s| {
                s.add_agency(
                    &AgencyCode::parse(code).expect("code"),
                    &AgencyName::parse(name).expect("name"),
                    NOW,
                )
            })
            .expect("agency added");
        let request = post_json(
            "/api/v1/enrolments",
            None,
            json!({"code": agency.enrolment.code.to_string(), "device_name": "PC Admin"}),
        );
        let (status, body) = self.json(request).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        (agency.id, body["token"].as_str().expect("token").to_owned())
    }

    /// A brief from `from` to `to` for `targets` (none: every agency) with `files`.
    fn brief(
        &self,
        title: &str,
        from: &str,
        to: &str,
        targets: &[i64],
        files: &[(&str, &[u8])],
    ) -> i64 {
        let brief = NewBrief::parse(title, "Unggah konten bersama.", "#CianjurManjur", from, to)
            .expect("valid brief");
        let files: Vec<NewAttachment> = files
            .iter()
            .map(|(name, bytes)| NewAttachment {
                file_name: (*name).to_owned(),
                content_type: if bytes.starts_with(b"%PDF") {
                    "application/pdf".to_owned()
                } else {
                    "image/png".to_owned()
                },
                bytes: bytes.to_vec(),
            })
            .collect();
        self.db
            .with(|s| s.create_brief(&brief, targets, &files, NOW))
            .expect("brief added")
    }

    async fn send(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
        exchange_bytes(&self.app, request).await
    }

    async fn json(&self, request: Request<Body>) -> (StatusCode, Value) {
        let (status, _, bytes) = self.send(request).await;
        let body = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            panic!(
                "status {status}: not JSON ({e}): {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        (status, body)
    }

    async fn html(&self, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
        let (status, headers, bytes) = self.send(request).await;
        (
            status,
            headers,
            String::from_utf8(bytes).expect("utf-8 page"),
        )
    }

    async fn fulfil(&self, token: &str, items: Value) -> (StatusCode, Value) {
        self.json(post_json(
            "/api/v1/brief-fulfilments",
            Some(token),
            json!({ "fulfilments": items }),
        ))
        .await
    }

    fn fulfilment_rows(&self) -> Vec<(i64, i64, String, String, String)> {
        self.db
            .select_text(
                "SELECT brief_id, agency_id, platform, url, day FROM brief_fulfilments
                 ORDER BY brief_id, agency_id, url",
            )
            .into_iter()
            .map(|r| {
                (
                    r[0].parse().expect("brief id"),
                    r[1].parse().expect("agency id"),
                    r[2].clone(),
                    r[3].clone(),
                    r[4].clone(),
                )
            })
            .collect()
    }

    /// Logs an officer in as the browser does; returns the session cookie and CSRF token.
    async fn login(&self) -> Session {
        self.db
            .with(|s| s.add_user("petugas", "Petugas Diskominfo", "sandi-rahasia-123", NOW))
            .expect("user added");
        let session = login(&self.app, "petugas", "sandi-rahasia-123").await;
        let cookie = format!("medsos_sesi={session}");
        let (status, _, page) = self.html(get("/arahan", Some(&cookie))).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        Session {
            cookie,
            csrf: hidden_csrf(&page),
        }
    }
}

struct Session {
    cookie: String,
    csrf: String,
}

fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).expect("request")
}

fn get_with_token(path: &str, token: &str) -> Request<Body> {
    Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request")
}

fn post_json(path: &str, token: Option<&str>, body: Value) -> Request<Body> {
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::from(body.to_string())).expect("request")
}

/// A part of a multipart form: (name, file name when a file, bytes).
type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

const BOUNDARY: &str = "----medsos-test-boundary-7c1f";

fn multipart(path: &str, cookie: &str, parts: &[Part<'_>]) -> Request<Body> {
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file_name {
            Some(file_name) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("request")
}

fn assert_api_error(body: &Value, code: &str) {
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

fn titles(body: &Value) -> Vec<String> {
    body["briefs"]
        .as_array()
        .expect("briefs")
        .iter()
        .map(|b| b["title"].as_str().expect("title").to_owned())
        .collect()
}

// ---- API: GET /api/v1/briefs and attachments --------------------------------------------

#[tokio::test]
async fn each_agency_receives_only_briefs_for_it_with_their_attachments() {
    let hub = Hub::new();
    let (dinkes, dinkes_token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (disdik, disdik_token) = hub.enrolled("DISDIK", "Dinas Pendidikan").await;
    let (_, dishub_token) = hub.enrolled("DISHUB", "Dinas Perhubungan").await;
    hub.brief("Untuk semua PD", "2026-07-10", "2026-07-12", &[], &[]);
    let for_dinkes = hub.brief(
        "Hanya Dinkes",
        "2026-07-11",
        "2026-07-20",
        &[dinkes],
        &[("twibbon.png", PNG), ("naskah.pdf", PDF)],
    );
    hub.brief(
        "Dinkes dan Disdik",
        "2026-07-12",
        "2026-07-14",
        &[dinkes, disdik],
        &[],
    );

    let (status, body) = hub
        .json(get_with_token("/api/v1/briefs", &dinkes_token))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        titles(&body),
        ["Untuk semua PD", "Hanya Dinkes", "Dinkes dan Disdik"]
    );
    let attachments = &body["briefs"][1]["attachments"];
    assert_eq!(attachments.as_array().map(Vec::len), Some(2), "{body}");
    assert_eq!(attachments[0]["file_name"], "twibbon.png");
    assert_eq!(attachments[0]["content_type"], "image/png");
    assert_eq!(attachments[0]["size_bytes"], PNG.len());
    assert_eq!(attachments[1]["content_type"], "application/pdf");
    assert_eq!(body["briefs"][0]["attachments"], json!([]));

    let (_, body) = hub
        .json(get_with_token("/api/v1/briefs", &disdik_token))
        .await;
    assert_eq!(titles(&body), ["Untuk semua PD", "Dinkes dan Disdik"]);
    let (_, body) = hub
        .json(get_with_token("/api/v1/briefs", &dishub_token))
        .await;
    assert_eq!(titles(&body), ["Untuk semua PD"]);

    // Download: the bytes, their type, a safe name, never sniffed; only for Dinkes.
    let id = attachments[0]["id"].as_i64().expect("id");
    let path = format!("/api/v1/briefs/{for_dinkes}/attachments/{id}");
    let (status, headers, bytes) = hub.send(get_with_token(&path, &dinkes_token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, PNG);
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let disposition = headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''twibbon.png"),
        "{disposition}"
    );

    for token in [&disdik_token, &dishub_token] {
        let (status, body) = hub.json(get_with_token(&path, token)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        assert_api_error(&body, "not_found");
    }
    // The attachment under another brief's id, an unknown one, and a path that is no id.
    for other in [
        format!("/api/v1/briefs/1/attachments/{id}"),
        format!("/api/v1/briefs/{for_dinkes}/attachments/999"),
        format!("/api/v1/briefs/{for_dinkes}/attachments/x"),
    ] {
        let (status, body) = hub.json(get_with_token(&other, &dinkes_token)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{other}: {body}");
    }
    let (status, body) = hub.json(get(&path, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_api_error(&body, "auth.missing_token");
}

#[tokio::test]
async fn an_odd_file_name_reaches_the_header_percent_encoded() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let brief = hub.brief(
        "Hari Jadi",
        "2026-07-10",
        "2026-07-12",
        &[dinkes],
        &[("poster \"hari jadi\" é.png", PNG)],
    );
    let (_, body) = hub.json(get_with_token("/api/v1/briefs", &token)).await;
    let id = body["briefs"][0]["attachments"][0]["id"]
        .as_i64()
        .expect("id");
    let (status, headers, _) = hub
        .send(get_with_token(
            &format!("/api/v1/briefs/{brief}/attachments/{id}"),
            &token,
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let disposition = headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii");
    assert!(
        disposition.ends_with("filename*=UTF-8''poster%20%22hari%20jadi%22%20%C3%A9.png"),
        "{disposition}"
    );
}

// ---- API: POST /api/v1/brief-fulfilments ------------------------------------------------

#[tokio::test]
async fn fulfilments_are_recorded_once_and_a_resend_changes_nothing() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let brief = hub.brief("Hari Jadi", "2026-07-10", "2026-07-12", &[], &[]);
    let items = json!([
        {"brief_id": brief, "platform": "instagram", "url": "https://www.instagram.com/p/C9xYz12AbCd/", "day": "2026-07-12"},
        {"brief_id": brief, "platform": "facebook", "url": "https://fb.watch/abc/", "day": "2026-07-10"},
        {"brief_id": brief, "platform": "facebook", "url": "https://m.facebook.com/story.php?id=1", "day": "2026-07-13"}
    ]);
    let (status, body) = hub.fulfil(&token, items.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"recorded": 3, "unchanged": 0}));
    let stored = hub.fulfilment_rows();
    assert_eq!(stored.len(), 3);
    assert!(stored.iter().all(|row| row.0 == brief && row.1 == dinkes));

    let (status, body) = hub.fulfil(&token, items).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"recorded": 0, "unchanged": 3}));
    assert_eq!(hub.fulfilment_rows(), stored);

    let (status, body) = hub
        .fulfil(
            &token,
            json!([
                {"brief_id": brief, "platform": "instagram", "url": "https://www.instagram.com/p/C9xYz12AbCd/", "day": "2026-07-12"},
                {"brief_id": brief, "platform": "instagram", "url": "https://instagram.com/reel/xyz/", "day": "2026-07-11"}
            ]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"recorded": 1, "unchanged": 1}));
    assert_eq!(hub.fulfilment_rows().len(), 4);
}

#[tokio::test]
async fn a_batch_with_one_bad_post_is_refused_whole() {
    let hub = Hub::new();
    let (dinkes, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (disdik, _) = hub.enrolled("DISDIK", "Dinas Pendidikan").await;
    let open = hub.brief("Untuk semua", "2026-07-10", "2026-07-12", &[], &[]);
    let for_disdik = hub.brief("Hanya Disdik", "2026-07-10", "2026-07-12", &[disdik], &[]);
    let mine = hub.brief("Hanya Dinkes", "2026-07-10", "2026-07-12", &[dinkes], &[]);
    let good = json!({"brief_id": open, "platform": "instagram", "url": "https://www.instagram.com/p/good/", "day": "2026-07-11"});
    let post = |brief: i64, platform: &str, url: &str, day: &str| json!({"brief_id": brief, "platform": platform, "url": url, "day": day});
    let long = format!("https://www.instagram.com/p/{}/", "a".repeat(480));
    let cases = [
        (
            post(
                open,
                "instagram",
                "https://www.facebook.com/x",
                "2026-07-11",
            ),
            "fulfilment.invalid_url",
        ),
        (
            post(open, "facebook", "https://instagram.com/p/x", "2026-07-11"),
            "fulfilment.invalid_url",
        ),
        (
            post(
                open,
                "instagram",
                "http://www.instagram.com/p/x/",
                "2026-07-11",
            ),
            "fulfilment.invalid_url",
        ),
        (
            post(
                open,
                "facebook",
                "https://facebook.com.evil.example/x",
                "2026-07-11",
            ),
            "fulfilment.invalid_url",
        ),
        (
            post(open, "instagram", &long, "2026-07-11"),
            "fulfilment.invalid_url",
        ),
        (
            post(
                999,
                "instagram",
                "https://www.instagram.com/p/x/",
                "2026-07-11",
            ),
            "fulfilment.unknown_brief",
        ),
        (
            post(
                for_disdik,
                "instagram",
                "https://www.instagram.com/p/x/",
                "2026-07-11",
            ),
            "fulfilment.unknown_brief",
        ),
        (
            post(
                open,
                "instagram",
                "https://www.instagram.com/p/x/",
                "2026-07-09",
            ),
            "fulfilment.day_out_of_range",
        ),
        (
            post(
                open,
                "instagram",
                "https://www.instagram.com/p/x/",
                "2026-07-14",
            ),
            "fulfilment.day_out_of_range",
        ),
        (
            post(
                open,
                "instagram",
                "https://www.instagram.com/p/x/",
                "11-07-2026",
            ),
            "fulfilment.invalid_day",
        ),
        (
            post(
                open,
                "tiktok",
                "https://www.tiktok.com/@x/video/1",
                "2026-07-11",
            ),
            "request.invalid_body",
        ),
    ];
    for (bad, code) in cases {
        let (status, body) = hub.fulfil(&token, json!([good, bad])).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}: {body}");
        assert_api_error(&body, code);
        if code != "request.invalid_body" {
            assert!(
                body["message"].as_str().is_some_and(|m| m.contains("ke-2")),
                "{body}"
            );
        }
        assert!(hub.fulfilment_rows().is_empty(), "{code}: nothing stored");
    }

    let (status, body) = hub.fulfil(&token, json!([])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_api_error(&body, "fulfilment.none");

    let many: Vec<Value> = (0..=medsos_protocol::MAX_FULFILMENTS_PER_BATCH)
        .map(|i| {
            post(
                mine,
                "instagram",
                &format!("https://www.instagram.com/p/{i}/"),
                "2026-07-11",
            )
        })
        .collect();
    let (status, body) = hub.fulfil(&token, json!(many)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_api_error(&body, "fulfilment.too_many");
    assert!(hub.fulfilment_rows().is_empty());

    let (status, body) = hub
        .json(post_json(
            "/api/v1/brief-fulfilments",
            None,
            json!({"fulfilments": [good]}),
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_api_error(&body, "auth.missing_token");

    let (status, body) = hub.fulfil(&token, json!(many[..200])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["recorded"], 200);
}

#[tokio::test]
async fn the_openapi_document_describes_the_brief_endpoints() {
    let hub = Hub::new();
    let (status, doc) = hub.json(get("/api/openapi.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    let paths = &doc["paths"];
    assert!(paths["/api/v1/briefs/{brief_id}/attachments/{id}"]["get"].is_object());
    let post = &paths["/api/v1/brief-fulfilments"]["post"];
    assert!(post.is_object(), "{doc}");
    let text = post.to_string();
    for code in [
        "fulfilment.invalid_url",
        "fulfilment.unknown_brief",
        "fulfilment.too_many",
    ] {
        assert!(text.contains(code), "{code}");
    }
    assert!(doc["components"]["schemas"]["FulfilmentBatch"].is_object());
    assert!(doc["components"]["schemas"]["BriefAttachment"].is_object());
}

// ---- Dashboard: /arahan ------------------------------------------------------------------

fn brief_count(hub: &Hub) -> i64 {
    hub.db.select_text("SELECT COUNT(*) FROM briefs")[0][0]
        .parse()
        .expect("count")
}

/// The text parts of a valid brief form, after the CSRF token.
fn brief_fields<'a>(title: &'a str, body: &'a str) -> Vec<Part<'a>> {
    vec![
        ("judul", None, title.as_bytes()),
        ("dari", None, b"2026-07-10"),
        ("sampai", None, b"2026-07-14"),
        ("program", None, b"#CianjurManjur"),
        ("isi", None, body.as_bytes()),
    ]
}

#[tokio::test]
async fn dashboard_pages_need_a_session() {
    let hub = Hub::new();
    hub.brief(
        "Hari Jadi",
        "2026-07-10",
        "2026-07-12",
        &[],
        &[("a.png", PNG)],
    );
    for path in [
        "/arahan",
        "/arahan/1",
        "/arahan/1/lampiran/1",
        "/libur",
        "/libur?tahun=2026",
    ] {
        let (status, headers, _) = hub.send(get(path, None)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        let location = headers[header::LOCATION].to_str().expect("ascii");
        assert!(location.starts_with("/masuk?lanjut="), "{path}: {location}");
    }
    let (status, _, _) = hub
        .send(get("/arahan", Some("medsos_sesi=bukan-sesi")))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = hub
        .send(multipart(
            "/arahan",
            "medsos_sesi=bukan-sesi",
            &brief_fields("Judul", "Isi"),
        ))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(brief_count(&hub), 1);
}

#[tokio::test]
async fn forms_without_the_session_csrf_token_are_refused() {
    let hub = Hub::new();
    let session = hub.login().await;
    let fields = brief_fields("Hari Jadi Cianjur", "Unggah ucapan.");

    let (status, _, _) = hub
        .send(multipart("/arahan", &session.cookie, &fields))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut wrong = vec![("csrf", None, b"bukan-token".as_slice())];
    wrong.extend(fields.iter().cloned());
    let (status, _, _) = hub
        .send(multipart("/arahan", &session.cookie, &wrong))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A file before the token is not read at all.
    let mut file_first = vec![("lampiran", Some("a.png"), PNG)];
    file_first.push(("csrf", None, session.csrf.as_bytes()));
    file_first.extend(fields.iter().cloned());
    let (status, _, _) = hub
        .send(multipart("/arahan", &session.cookie, &file_first))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(brief_count(&hub), 0);

    let csv = b"tanggal,jenis,keterangan\n2027-01-01,libur_nasional,Tahun Baru\n";
    let (status, _, _) = hub
        .send(multipart(
            "/libur",
            &session.cookie,
            &[("berkas", Some("libur.csv"), csv)],
        ))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(hub
        .db
        .with(|s| s.holidays_of_year(2027))
        .expect("reads")
        .is_empty());

    // From another site, even with the token.
    let mut good = vec![("csrf", None, session.csrf.as_bytes())];
    good.extend(fields.iter().cloned());
    let mut request = multipart("/arahan", &session.cookie, &good);
    request
        .headers_mut()
        .insert(header::HOST, "hub.cianjurkab.go.id".parse().expect("h"));
    request
        .headers_mut()
        .insert(header::ORIGIN, "https://evil.example".parse().expect("h"));
    let (status, _, _) = hub.send(request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(brief_count(&hub), 0);

    let (status, headers, _) = hub.send(multipart("/arahan", &session.cookie, &good)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/arahan/1");
    assert_eq!(brief_count(&hub), 1);
}

#[tokio::test]
async fn a_brief_published_from_the_form_reaches_only_its_agencies_with_its_files() {
    let hub = Hub::new();
    let (dinkes, dinkes_token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (_, disdik_token) = hub.enrolled("DISDIK", "Dinas Pendidikan").await;
    let session = hub.login().await;
    let (_, _, page) = hub.html(get("/arahan", Some(&session.cookie))).await;
    assert!(
        page.contains("Dinas Pendidikan"),
        "the agencies to choose from"
    );
    assert!(page.contains("enctype=\"multipart/form-data\""));

    let dinkes_id = dinkes.to_string();
    let mut parts = vec![("csrf", None, session.csrf.as_bytes())];
    parts.extend(brief_fields("Hari Jadi Cianjur", "Unggah ucapan."));
    parts.extend([
        ("sasaran", None, b"pilih".as_slice()),
        ("pd", None, dinkes_id.as_bytes()),
        ("lampiran", Some("C:\\Berkas\\twibbon.png"), PNG),
        ("lampiran", Some("naskah"), PDF),
        ("lampiran", Some(""), b"".as_slice()),
    ]);
    let (status, headers, page) = hub
        .send(multipart("/arahan", &session.cookie, &parts))
        .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "{}",
        String::from_utf8_lossy(&page)
    );
    let location = headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();

    let (_, body) = hub
        .json(get_with_token("/api/v1/briefs", &disdik_token))
        .await;
    assert_eq!(body["briefs"], json!([]));
    let (_, body) = hub
        .json(get_with_token("/api/v1/briefs", &dinkes_token))
        .await;
    let brief = &body["briefs"][0];
    assert_eq!(brief["title"], "Hari Jadi Cianjur");
    assert_eq!(brief["programme"], "#CianjurManjur");
    let files: Vec<(String, String)> = brief["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .map(|a| {
            (
                a["file_name"].as_str().expect("name").to_owned(),
                a["content_type"].as_str().expect("type").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            ("twibbon.png".to_owned(), "image/png".to_owned()),
            ("naskah.pdf".to_owned(), "application/pdf".to_owned())
        ]
    );

    let (status, _, page) = hub.html(get(&location, Some(&session.cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("0 dari 1 PD"), "{page}");
    let attachment_id = brief["attachments"][0]["id"].as_i64().expect("id");
    let link = format!("{location}/lampiran/{attachment_id}");
    assert!(page.contains(&format!("href=\"{link}\"")), "{page}");
    let (status, headers, bytes) = hub.send(get(&link, Some(&session.cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, PNG);
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let (status, _, _) = hub
        .send(get(
            &format!("{location}/lampiran/999"),
            Some(&session.cookie),
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_refused_form_keeps_what_was_typed_and_saves_nothing() {
    let hub = Hub::new();
    hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let session = hub.login().await;
    let title = "Gerakan Cianjur Sehat";
    let body = "Ajak warga ke posyandu.\nBaris kedua.";
    let big = [PNG, &vec![0u8; 5 * 1024 * 1024]].concat();
    let exe = b"MZ\x90\0 bukan gambar".as_slice();
    let cases: Vec<(Vec<Part<'_>>, &str)> = vec![
        (
            vec![("dari", None, b"2026-07-20".as_slice())],
            "Tanggal mulai tidak boleh setelah",
        ),
        (
            vec![("judul", None, b"HJ".as_slice())],
            "Judul arahan harus 3 sampai 200",
        ),
        (
            vec![("sasaran", None, b"pilih".as_slice())],
            "Pilih sedikitnya satu PD",
        ),
        (
            vec![("sasaran", None, b"pilih".as_slice()), ("pd", None, b"999")],
            "tidak ada atau sudah dicabut",
        ),
        (
            vec![("lampiran", Some("poster.png"), exe)],
            "bukan PNG, JPEG, WebP, PDF, atau MP4",
        ),
        (
            vec![("lampiran", Some("besar.png"), &big)],
            "lebih besar dari 5 MB",
        ),
        (
            (0..6).map(|_| ("lampiran", Some("a.png"), PNG)).collect(),
            "Paling banyak 5 lampiran",
        ),
    ];
    for (extra, expected) in cases {
        let mut parts = vec![("csrf", None, session.csrf.as_bytes())];
        parts.extend(brief_fields(title, body));
        // A later value of the same field wins, as the form reads them in order.
        parts.extend(extra);
        let (status, _, page) = hub
            .html(multipart("/arahan", &session.cookie, &parts))
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{expected}: {page}"
        );
        assert!(page.contains(expected), "{expected}: {page}");
        assert!(
            page.contains("Ajak warga ke posyandu.\nBaris kedua.</textarea>"),
            "{page}"
        );
        assert!(page.contains("value=\"#CianjurManjur\""), "{page}");
        assert_eq!(brief_count(&hub), 0, "{expected}");
    }
    let count = hub.db.select_text("SELECT COUNT(*) FROM brief_attachments");
    assert_eq!(count[0][0], "0");
}

#[tokio::test]
async fn hostile_brief_text_is_shown_escaped() {
    let hub = Hub::new();
    hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let session = hub.login().await;
    let title = "<img src=x onerror=alert(1)>";
    let body = "Baris satu\n<script>alert('isi')</script>\n\"kutip\" & <b>tebal</b>";
    let mut parts = vec![("csrf", None, session.csrf.as_bytes())];
    parts.extend(brief_fields(title, body));
    let (status, headers, _) = hub
        .send(multipart("/arahan", &session.cookie, &parts))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();

    for path in ["/arahan", location.as_str()] {
        let (status, headers, page) = hub.html(get(path, Some(&session.cookie))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
        assert!(!page.contains("<img"), "{path}: {page}");
        assert!(!page.contains("<script"), "{path}: {page}");
        assert!(!page.contains("<b>"), "{path}: {page}");
        assert!(
            page.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{path}: {page}"
        );
    }
    let (_, _, page) = hub.html(get(&location, Some(&session.cookie))).await;
    assert!(
        page.contains("Baris satu\n&lt;script&gt;alert('isi')&lt;/script&gt;\n&quot;kutip&quot; &amp; &lt;b&gt;tebal&lt;/b&gt;"),
        "{page}"
    );
}

#[tokio::test]
async fn coverage_counts_targeted_agencies_that_answered_and_not_the_revoked() {
    let hub = Hub::new();
    let (dinkes, dinkes_token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (disdik, disdik_token) = hub.enrolled("DISDIK", "Dinas Pendidikan").await;
    let (_, dishub_token) = hub.enrolled("DISHUB", "Dinas Perhubungan").await;
    hub.enrolled("BAPPEDA", "Badan Perencanaan").await;
    let all = hub.brief("Untuk semua PD", "2026-07-10", "2026-07-12", &[], &[]);
    let two = hub.brief(
        "Dinkes dan Disdik",
        "2026-07-10",
        "2026-07-12",
        &[dinkes, disdik],
        &[],
    );
    let post = |brief: i64, url: &str| json!([{"brief_id": brief, "platform": "instagram", "url": url, "day": "2026-07-11"}]);
    for (token, brief, url) in [
        (&dinkes_token, all, "https://www.instagram.com/p/a/"),
        (&dinkes_token, all, "https://www.instagram.com/p/b/"),
        (&disdik_token, all, "https://www.instagram.com/p/c/"),
        (&dishub_token, all, "https://www.instagram.com/p/d/"),
        (&disdik_token, two, "https://www.instagram.com/p/e/"),
    ] {
        let (status, body) = hub.fulfil(token, post(brief, url)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // A post recorded before its agency was revoked no longer counts, nor does the agency.
    hub.db
        .with(|s| s.revoke_agency(&AgencyCode::parse("DISHUB").expect("code"), NOW))
        .expect("revoked");
    // Stored by an older hub without checks: shown as text, never as a link.
    let old = format!(
        "INSERT INTO brief_fulfilments (brief_id, agency_id, platform, url, day, reported_at)
         VALUES ({all}, {disdik}, 'facebook', 'javascript:alert(1)', '2026-07-11', '2026-07-11T00:00:00Z')"
    );
    hub.db.execute_raw(&old, &old);

    let session = hub.login().await;
    let (_, _, page) = hub.html(get("/arahan", Some(&session.cookie))).await;
    assert!(page.contains("2 dari 3 PD"), "{page}");
    assert!(page.contains("1 dari 2 PD"), "{page}");
    assert!(page.contains("Semua PD"), "{page}");
    assert!(page.contains("2 PD: "), "{page}");

    let (_, _, page) = hub
        .html(get(&format!("/arahan/{all}"), Some(&session.cookie)))
        .await;
    assert!(page.contains("2 dari 3 PD"), "{page}");
    assert!(
        page.contains("href=\"https://www.instagram.com/p/a/\" rel=\"noopener noreferrer\""),
        "{page}"
    );
    assert!(!page.contains("href=\"javascript:"), "{page}");
    assert!(page.contains("javascript:alert(1)"), "{page}");
    assert!(page.contains("Badan Perencanaan"), "{page}");
    assert!(
        !page.contains("Dinas Perhubungan"),
        "revoked agencies are left out: {page}"
    );
    assert_eq!(page.matches("badge ok\">sudah").count(), 2, "{page}");
    assert_eq!(page.matches("badge warn\">belum").count(), 1, "{page}");

    let (status, _, _) = hub.html(get("/arahan/999", Some(&session.cookie))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = hub.html(get("/arahan/abc", Some(&session.cookie))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

// ---- Dashboard: /libur -------------------------------------------------------------------

fn holiday_rows(hub: &Hub) -> Vec<(String, String, String)> {
    hub.db
        .select_text("SELECT day, kind, name FROM holidays ORDER BY day")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect()
}

#[tokio::test]
async fn holiday_upload_with_a_bad_line_is_refused_whole() {
    let hub = Hub::new();
    let session = hub.login().await;
    let before = holiday_rows(&hub);
    assert_eq!(before.len(), 25, "the seeded 2026 list");
    let (status, _, page) = hub.html(get("/libur", Some(&session.cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Tahun Baru 2026 Masehi"), "{page}");
    assert!(
        page.contains("Kamis"),
        "1 January 2026 is a Thursday: {page}"
    );

    let csv = "tanggal,jenis,keterangan\n2026-01-01,libur_nasional,Tahun Baru\n2026-02-30,libur_nasional,Tidak ada\n2026-03-01,libur,Salah jenis\n";
    let parts = [
        ("csrf", None, session.csrf.as_bytes()),
        ("berkas", Some("libur.csv"), csv.as_bytes()),
    ];
    let (status, _, page) = hub.html(multipart("/libur", &session.cookie, &parts)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("baris 3"), "{page}");
    assert!(page.contains("baris 4"), "{page}");
    assert!(page.contains("tidak ada yang diganti"), "{page}");
    assert_eq!(holiday_rows(&hub), before);
}

#[tokio::test]
async fn a_good_holiday_upload_replaces_the_years_in_it() {
    let hub = Hub::new();
    let session = hub.login().await;
    let csv = "\u{feff}tanggal,jenis,keterangan\r\n2026-01-01,libur_nasional,Tahun Baru 2026 Masehi\r\n2026-12-25,libur_nasional,\"Kelahiran Yesus Kristus, Natal\"\r\n2027-01-01,libur_nasional,Tahun Baru 2027 Masehi\r\n";
    let parts = [
        ("csrf", None, session.csrf.as_bytes()),
        ("berkas", Some("libur.csv"), csv.as_bytes()),
    ];
    let (status, headers, _) = hub.send(multipart("/libur", &session.cookie, &parts)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[header::LOCATION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert_eq!(
        holiday_rows(&hub),
        [
            (
                "2026-01-01".to_owned(),
                "libur_nasional".to_owned(),
                "Tahun Baru 2026 Masehi".to_owned()
            ),
            (
                "2026-12-25".to_owned(),
                "libur_nasional".to_owned(),
                "Kelahiran Yesus Kristus, Natal".to_owned()
            ),
            (
                "2027-01-01".to_owned(),
                "libur_nasional".to_owned(),
                "Tahun Baru 2027 Masehi".to_owned()
            ),
        ]
    );
    let (status, _, page) = hub.html(get(&location, Some(&session.cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Diterima PD pada sinkron berikutnya"),
        "{page}"
    );
    assert!(page.contains("2026, 2027"), "{page}");

    // What the PCs fetch at sync.
    let (_, token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (status, body) = hub
        .json(get_with_token("/api/v1/holidays/2026", &token))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["holidays"].as_array().map(Vec::len), Some(2), "{body}");
}

// ---- CLI: brief add with chosen agencies -------------------------------------------------

#[tokio::test]
async fn the_cli_can_address_a_brief_to_chosen_agencies() {
    let hub = Hub::new();
    let (_, dinkes_token) = hub.enrolled("DINKES", "Dinas Kesehatan").await;
    let (_, disdik_token) = hub.enrolled("DISDIK", "Dinas Pendidikan").await;
    let add = |agencies: &[&str]| {
        let agencies: Vec<String> = agencies.iter().map(|a| (*a).to_owned()).collect();
        common::blocking(|| {
            medsos_hub::cli::publications::add_brief_for(
                hub.db.target(),
                "Hari Jadi Cianjur",
                "Unggah ucapan.",
                "",
                "2026-07-10",
                "2026-07-12",
                &agencies,
            )
        })
    };
    let refused = add(&["dinkes", "TIDAKADA"]).expect_err("unknown agency");
    assert!(refused.to_string().contains("TIDAKADA"), "{refused}");
    assert_eq!(brief_count(&hub), 0);
    let said = add(&["dinkes"]).expect("recorded");
    assert!(said.contains("PD DINKES"), "{said}");
    let said = add(&[]).expect("recorded");
    assert!(said.contains("semua PD"), "{said}");

    let (_, body) = hub
        .json(get_with_token("/api/v1/briefs", &dinkes_token))
        .await;
    assert_eq!(body["briefs"].as_array().map(Vec::len), Some(2));
    let (_, body) = hub
        .json(get_with_token("/api/v1/briefs", &disdik_token))
        .await;
    assert_eq!(body["briefs"].as_array().map(Vec::len), Some(1));
}
