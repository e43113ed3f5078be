//! A province's officer on the real hub binary in headless Chromium: three regencies and cities
//! of Jawa Barat and one of Jawa Tengah, set up with `region add`, `agency add --region` and
//! `user add --scope 32`; their agencies enrol and report over HTTP. The officer sees Jawa
//! Barat's regions ranked, opens one and sees its agencies ranked, and never sees Jawa Tengah.

mod support;

use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::time::Duration;
use support::chromium::{submit_login, Chromium};
use support::*;
use time::{OffsetDateTime, UtcOffset};

const PASSWORD: &str = "sandi-petugas-jabar-2026";

/// (region, agency code, agency name, instagram posts a day): Bandung's agencies post most,
/// then Cianjur's, then Bogor's, so the regions rank Bandung, Cianjur, Bogor.
const AGENCIES: [(&str, &str, &str, u32); 7] = [
    ("32.73", "KOMINFO-BDG", "Diskominfo Kota Bandung", 2),
    ("32.73", "DINKES-BDG", "Dinas Kesehatan Kota Bandung", 2),
    ("32.03", "DINKES", "Dinas Kesehatan", 1),
    ("32.03", "DISHUB", "Dinas Perhubungan", 0),
    ("32.01", "DISKOMINFO-BGR", "Diskominfo Kabupaten Bogor", 0),
    ("32.01", "DINSOS-BGR", "Dinas Sosial Kabupaten Bogor", 0),
    ("33.72", "KOMINFO-SKA", "Diskominfo Kota Surakarta", 3),
];

async fn texts(client: &Client, script: &str) -> Vec<Vec<String>> {
    let value = client.execute(script, vec![]).await.expect("script runs");
    serde_json::from_value(value).expect("rows of text")
}

const ROWS: &str = "return [...document.querySelectorAll('table.overview tbody tr')]\
    .map(r => [...r.querySelectorAll('td')].slice(0, 2).map(c => c.innerText.trim()));";

#[tokio::test(flavor = "multi_thread")]
async fn a_provincial_officer_ranks_the_regions_then_a_regions_agencies() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub/hub.sqlite3");
    for (code, name) in [
        ("32.73", "Kota Bandung"),
        ("32.01", "Kabupaten Bogor"),
        ("33", "Provinsi Jawa Tengah"),
        ("33.72", "Kota Surakarta"),
    ] {
        hub_admin(
            &["region", "add", "--code", code, "--name", name],
            &db,
            None,
        );
    }
    let mut codes = Vec::new();
    for (region, code, name, _) in AGENCIES {
        let printed = hub_admin(
            &[
                "agency", "add", "--name", name, "--code", code, "--region", region,
            ],
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
            "dadan.jabar",
            "--name",
            "Dadan Jabar",
            "--scope",
            "32",
        ],
        &db,
        Some(PASSWORD),
    );

    let port = free_port();
    let _hub = serve_hub(&db, port);
    let api = format!("http://127.0.0.1:{port}");
    let base = format!("http://localhost:{port}");

    // Each agency reports the last 14 days.
    let wib = UtcOffset::from_hms(7, 0, 0).expect("WIB");
    let today = OffsetDateTime::now_utc().to_offset(wib).date();
    let http = reqwest::Client::new();
    for ((_, code, _, posts), enrolment) in AGENCIES.iter().zip(&codes) {
        let response = http
            .post(format!("{api}/api/v1/enrolments"))
            .json(&json!({"code": enrolment, "device_name": format!("PC {code}")}))
            .send()
            .await
            .expect("enrolment answers");
        assert_eq!(response.status(), 201, "enrolment of {code}");
        let token = response.json::<Value>().await.expect("json")["token"]
            .as_str()
            .expect("token")
            .to_owned();
        let days: Vec<Value> = (0..14)
            .map(|back| {
                let day = today - time::Duration::days(back);
                json!({
                    "day": day.to_string(),
                    "revision": 1,
                    "posts": {
                        "instagram": {"published": posts, "scheduled": 0, "missed": 0},
                        "facebook": {"published": 0, "scheduled": 0, "missed": 0},
                    },
                    "drafts_created": 1,
                    "briefs_fulfilled": 0,
                    "complaints": {
                        "received_by_type": {},
                        "received_by_category": {},
                        "received_by_kecamatan": {},
                        "received_by_channel": {},
                        "answered_within_deadline": 0,
                        "resolved": 0,
                        "overdue": 0,
                        "open_backlog": 0,
                        "median_first_response_minutes": null,
                        "median_resolution_minutes": null,
                    },
                    "official_accounts": {"verified": 0, "pending": 0, "unverified": 0},
                })
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
            "{code}: {status} {}",
            response.text().await.unwrap_or_default()
        );
    }

    let chromium = Chromium::start().await;
    let client = chromium.session().await;
    client
        .goto(&format!("{base}/dasbor"))
        .await
        .expect("open /dasbor");
    submit_login(&client, "dadan.jabar", PASSWORD).await;
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("table.overview.regions"))
        .await
        .expect("the regions' ranking");
    let rows = texts(&client, ROWS).await;
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r[1].split(" 32.").next().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        ["Kota Bandung", "Kabupaten Cianjur", "Kabupaten Bogor"],
        "{rows:?}"
    );
    assert_eq!(rows[0][0], "1", "{rows:?}");
    let page = client.source().await.expect("page");
    assert!(
        !page.contains("Surakarta"),
        "Jawa Tengah is not the officer's"
    );
    client.set_window_size(1366, 768).await.expect("resize");
    screenshot(&client, "dasbor-provinsi").await;

    // Cianjur opens its agencies, ranked among themselves.
    client
        .find(Locator::LinkText("Kabupaten Cianjur"))
        .await
        .expect("Cianjur's link")
        .click()
        .await
        .expect("opens Cianjur");
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("table.overview:not(.regions)"))
        .await
        .expect("Cianjur's agencies");
    let rows = texts(&client, ROWS).await;
    let agencies: Vec<String> = rows.iter().map(|r| r[1].clone()).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(agencies[0].starts_with("Dinas Kesehatan"), "{rows:?}");
    assert!(agencies[1].starts_with("Dinas Perhubungan"), "{rows:?}");
    assert_eq!(rows[0][0], "1", "{rows:?}");
    let heading = client
        .find(Locator::Css("h1"))
        .await
        .expect("heading")
        .text()
        .await
        .expect("text");
    assert!(heading.contains("Kabupaten Cianjur"), "{heading}");
    screenshot(&client, "dasbor-provinsi-cianjur").await;

    // Another province's city is not there for this officer.
    client
        .goto(&format!("{base}/dasbor?wilayah=33.72"))
        .await
        .expect("open");
    let page = client.source().await.expect("page");
    assert!(page.contains("Tidak ditemukan"), "{page}");
    client.close().await.expect("session closes");
}
