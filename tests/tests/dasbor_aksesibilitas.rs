//! The hub's pages checked by an accessibility engine: axe-core in headless Chromium on every
//! page an officer opens (and the public ones), 0 serious or critical violations, each page
//! at 1,366 × 768 (the office laptop) with its main columns fitting without sideways
//! scrolling. Screenshots go to target/e2e-screenshots/a11y-hub-*.png.

mod support;

use fantoccini::Client;
use serde_json::json;
use support::chromium::{submit_login, Chromium};
use support::*;
use time::{OffsetDateTime, UtcOffset};

const PASSWORD: &str = "sandi-petugas-uji-2026";

fn day_json(day: &str, k: u32) -> serde_json::Value {
    json!({
        "day": day, "revision": 1,
        "posts": {"instagram": {"published": 1 + k % 3, "scheduled": 1, "missed": k % 2},
                  "facebook": {"published": 1, "scheduled": 0, "missed": 0}},
        "drafts_created": 2, "briefs_fulfilled": 0,
        "complaints": {"received_by_type": {"pengaduan": 3}, "received_by_category": {"jalan_rusak": 3},
                       "received_by_kecamatan": {"32.03.01": 2, "32.03.02": 1}, "received_by_channel": {"whatsapp": 3},
                       "answered_within_deadline": 2, "resolved": 2, "overdue": k % 2, "open_backlog": 4,
                       "median_first_response_minutes": 45, "median_resolution_minutes": 600},
        "official_accounts": {"verified": 0, "pending": 0, "unverified": 0}
    })
}

/// Whether the page, or one of its tables, scrolls sideways at the window's width.
async fn scrolls_sideways(client: &Client) -> bool {
    client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth + 1
                 || [...document.querySelectorAll('.table-wrap')]
                        .some((w) => w.scrollWidth > w.clientWidth + 1);",
            vec![],
        )
        .await
        .expect("measure")
        .as_bool()
        .unwrap_or(true)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_hub_page_passes_axe_and_fits_an_office_laptop() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub/hub.sqlite3");
    let mut codes = Vec::new();
    for (code, name) in [
        ("DINKES", "Dinas Kesehatan"),
        ("DISDIK", "Dinas Pendidikan"),
        ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ] {
        let printed = hub_admin(
            &["agency", "add", "--name", name, "--code", code],
            &db,
            None,
        );
        codes.push(enrolment_code(&printed));
    }
    hub_admin(
        &[
            "user",
            "add",
            "--username",
            "rina.kominfo",
            "--name",
            "Rina Kominfo",
        ],
        &db,
        Some(PASSWORD),
    );
    let port = free_port();
    let _hub = serve_hub(&db, port);
    let api = format!("http://127.0.0.1:{port}");
    let base = format!("http://localhost:{port}");

    let wib = UtcOffset::from_hms(7, 0, 0).expect("WIB");
    let today = OffsetDateTime::now_utc().to_offset(wib).date();
    let http = reqwest::Client::new();
    for (k, code) in codes.iter().enumerate() {
        let response = http
            .post(format!("{api}/api/v1/enrolments"))
            .json(&json!({"code": code, "device_name": "PC Admin"}))
            .send()
            .await
            .expect("enrolment answers");
        assert_eq!(response.status(), 201);
        let token = response.json::<serde_json::Value>().await.expect("json")["token"]
            .as_str()
            .expect("token")
            .to_owned();
        let days: Vec<_> = (1..=40)
            .map(|n| {
                day_json(
                    &(today - time::Duration::days(n)).to_string(),
                    k as u32 + n as u32,
                )
            })
            .collect();
        let response = http
            .post(format!("{api}/api/v1/summaries"))
            .bearer_auth(&token)
            .json(&json!({"schema_version": 1, "days": days}))
            .send()
            .await
            .expect("summaries answer");
        let status = response.status();
        assert!(
            status.is_success(),
            "{status} {}",
            response.text().await.unwrap_or_default()
        );
    }

    let chromium = Chromium::start().await;
    let client = chromium.session().await;
    client.set_window_size(1366, 768).await.expect("resize");
    let mut problems: Vec<String> = Vec::new();

    // Public pages and the login form.
    for (path, name) in [("/registri", "registri"), ("/masuk", "masuk")] {
        client.goto(&format!("{base}{path}")).await.expect("open");
        for line in axe_serious(&client).await {
            problems.push(format!("{path}: {line}"));
        }
        screenshot(&client, &format!("a11y-hub-{name}")).await;
    }
    submit_login(&client, "rina.kominfo", PASSWORD).await;

    for (path, name, must_fit) in [
        ("/dasbor", "dasbor", true),
        ("/dasbor?periode=tahun", "dasbor-tahun", true),
        ("/pd/DINKES", "pd", true),
        ("/kabupaten", "kabupaten", false),
        ("/laporan", "laporan", false),
        ("/arahan", "arahan", false),
        ("/libur", "libur", false),
        ("/pengaturan", "pengaturan", false),
        ("/akun", "akun", false),
        ("/laporan-akun", "laporan-akun", false),
        ("/meta", "meta", false),
        ("/rilis", "rilis", false),
        ("/admin/pd", "admin-pd", false),
        ("/admin/petugas", "admin-petugas", false),
        ("/admin/audit", "admin-audit", false),
    ] {
        client.goto(&format!("{base}{path}")).await.expect("open");
        let url = client.current_url().await.expect("url");
        assert!(
            !url.path().starts_with("/masuk"),
            "{path} sent to the login form"
        );
        for line in axe_serious(&client).await {
            problems.push(format!("{path}: {line}"));
        }
        if must_fit && scrolls_sideways(&client).await {
            problems.push(format!("{path}: scrolls sideways at 1366 px"));
        }
        screenshot(&client, &format!("a11y-hub-{name}")).await;
    }
    client.close().await.expect("close the browser");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
