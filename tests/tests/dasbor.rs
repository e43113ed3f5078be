//! The kinerja dashboard as a Diskominfo officer uses it, in headless Chromium against the
//! real hub binary: 32 agencies registered with `agency add`, enrolled and sending a year of
//! summaries over HTTP like their PCs do, an officer added with `user add`; then login, the
//! period, the ranking, a hostile agency name, the XLSX download and an agency's page.

mod support;

use calamine::{Data, Reader, Xlsx};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Duration;
use support::chromium::{submit_login, Chromium};
use support::*;
use time::{Date, OffsetDateTime, UtcOffset};

const HOSTILE: &str = "Dinas <img src=x onerror=alert(1)> Uji";
const FORMULA: &str = "=SUM(1,1) Badan Uji Rumus";
const PASSWORD: &str = "sandi-petugas-uji-2026";

/// The 32 agencies, best first: agency k publishes, answers and resolves a share 1 − k/40 of
/// what is asked and misses more schedules, so the expected ranking is this order.
const AGENCIES: [(&str, &str); 32] = [
    ("DINKES", "Dinas Kesehatan"),
    ("DISDIK", "Dinas Pendidikan"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DINSOS", "Dinas Sosial"),
    ("DISHUB", "Dinas Perhubungan"),
    ("UJI", HOSTILE),
    ("DLH", "Dinas Lingkungan Hidup"),
    (
        "DISTAN",
        "Dinas Pertanian, Perkebunan, Pangan dan Hortikultura",
    ),
    ("DISPARPORA", "Dinas Pariwisata, Pemuda dan Olahraga"),
    (
        "DISKOPERINDAG",
        "Dinas Koperasi, UKM, Perdagangan dan Perindustrian",
    ),
    ("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi"),
    ("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman"),
    ("DPMPTSP", "Dinas Penanaman Modal dan PTSP"),
    ("DISKANNAK", "Dinas Perikanan dan Peternakan"),
    ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    (
        "DPPKB",
        "Dinas Pengendalian Penduduk dan Keluarga Berencana",
    ),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM"),
    ("BAPENDA", "Badan Pendapatan Daerah"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("UJIRUMUS", FORMULA),
    ("INSPEKTORAT", "Inspektorat Daerah"),
    ("SETDA", "Sekretariat Daerah"),
    ("SETWAN", "Sekretariat DPRD"),
    ("RSUD", "RSUD Sayang Cianjur"),
    ("KEC.CIANJUR", "Kecamatan Cianjur"),
    ("KEC.CIPANAS", "Kecamatan Cipanas"),
];

/// What one agency sent, summed as the dashboard should sum it.
#[derive(Debug, Default)]
struct Sent {
    days: Vec<Value>,
    ig: i64,
    fb: i64,
    missed: i64,
    received: i64,
    answered: i64,
    resolved: i64,
    last_overdue: i64,
    median_response: Option<i64>,
}

/// Posts spread evenly: how many of `per_day` fall on day `d`.
fn spread(d: i64, per_day: f64) -> i64 {
    ((d + 1) as f64 * per_day).floor() as i64 - (d as f64 * per_day).floor() as i64
}

fn plan(k: usize, first: Date) -> Sent {
    let q = 1.0 - 0.025 * k as f64;
    let mut sent = Sent::default();
    let mut complaint = 0i64;
    for d in 0..365i64 {
        let day = first + time::Duration::days(d);
        let ig = spread(d, 3.0 * q / 7.0);
        let fb = spread(d, 2.8 * q / 7.0);
        let ig_missed = spread(d, 0.004 * k as f64);
        let fb_missed = spread(d + 3, 0.004 * k as f64);
        let received = i64::from(d % 2 == 0);
        let (answered, resolved) = if received == 1 {
            let a = spread(complaint, q);
            let r = spread(complaint, 0.9 * q);
            complaint += 1;
            (a, r)
        } else {
            (0, 0)
        };
        let overdue = (k % 5) as i64;
        let response = (answered > 0).then_some(10 + 5 * k as i64);
        sent.ig += ig;
        sent.fb += fb;
        sent.missed += ig_missed + fb_missed;
        sent.received += received;
        sent.answered += answered;
        sent.resolved += resolved;
        sent.last_overdue = overdue;
        if response.is_some() {
            sent.median_response = response;
        }
        let by = |name: &str| {
            if received > 0 {
                json!({ name: received })
            } else {
                json!({})
            }
        };
        sent.days.push(json!({
            "day": day.to_string(),
            "revision": 1,
            "posts": {
                "instagram": {"published": ig, "scheduled": 0, "missed": ig_missed},
                "facebook": {"published": fb, "scheduled": 0, "missed": fb_missed},
            },
            "drafts_created": 1,
            "briefs_fulfilled": 0,
            "complaints": {
                "received_by_type": by("pengaduan"),
                "received_by_category": by("Infrastruktur"),
                "received_by_kecamatan": by("32.03.01"),
                "received_by_channel": by("whatsapp"),
                "answered_within_deadline": answered,
                "resolved": resolved,
                "overdue": overdue,
                "open_backlog": overdue + 1,
                "median_first_response_minutes": response,
                "median_resolution_minutes": null,
            },
            "official_accounts": {"verified": 0, "pending": 0, "unverified": 0},
        }));
    }
    sent
}

/// The documented score with the default weights (30, 15, 20, 15, 10, 10), reporting every
/// day of the period and no official account registered.
fn expected_score(sent: &Sent) -> f64 {
    let target = (3 * 365 + 3) / 7;
    let ratio = |a: i64, b: i64| (a as f64 / b as f64).clamp(0.0, 1.0);
    let published = sent.ig + sent.fb;
    let sum = 30.0 * ratio(published, 2 * target)
        + 15.0 * ratio(published, published + sent.missed)
        + 20.0 * ratio(sent.answered, sent.received)
        + 15.0 * ratio(sent.resolved, sent.received)
        + 10.0
        + 0.0;
    (sum * 10.0).round() / 10.0
}

async fn texts(client: &Client, script: &str) -> Vec<Vec<String>> {
    let value = client.execute(script, vec![]).await.expect("script runs");
    serde_json::from_value(value).expect("rows of text")
}

/// Waits (up to 20 s) until the browser's address is `path_and_query` on the hub.
async fn wait_for_address(client: &Client, path_and_query: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let url = client.current_url().await.expect("url");
        // Without a query in what is awaited, only the path is compared.
        let shown = match url.query() {
            Some(query) if path_and_query.contains('?') => format!("{}?{query}", url.path()),
            _ => url.path().to_owned(),
        };
        if shown == path_and_query {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the browser is at {shown}, not {path_and_query}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Screenshot of the whole page, not only the window: the window grows to the page first.
async fn full_screenshot(client: &Client, name: &str) {
    let height = client
        .execute(
            "return Math.ceil(document.documentElement.scrollHeight);",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_u64())
        .unwrap_or(900)
        .clamp(900, 6000) as u32;
    client.set_window_size(1400, height).await.expect("resize");
    screenshot(client, name).await;
    client.set_window_size(1400, 900).await.expect("resize");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_officer_ranks_agencies_downloads_the_xlsx_and_opens_an_agency() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub/hub.sqlite3");

    // 32 agencies, each with its one-time enrolment code.
    let mut codes = Vec::new();
    for (code, name) in AGENCIES {
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
    // localhost, not 127.0.0.1: the session cookie is Secure, kept over HTTP only there.
    let base = format!("http://localhost:{port}");

    // Every agency enrols and sends the 365 days up to today (WIB) in batches of 60.
    let wib = UtcOffset::from_hms(7, 0, 0).expect("WIB");
    let today = OffsetDateTime::now_utc().to_offset(wib).date();
    let first = today - time::Duration::days(364);
    let http = reqwest::Client::new();
    let mut sent: HashMap<&str, Sent> = HashMap::new();
    for (k, ((code, _), enrolment)) in AGENCIES.iter().zip(&codes).enumerate() {
        let response = http
            .post(format!("{api}/api/v1/enrolments"))
            .json(&json!({"code": enrolment, "device_name": format!("PC Admin {code}")}))
            .send()
            .await
            .expect("enrolment answers");
        assert_eq!(response.status(), 201, "enrolment of {code}");
        let token = response.json::<Value>().await.expect("json")["token"]
            .as_str()
            .expect("token")
            .to_owned();
        let plan = plan(k, first);
        for batch in plan.days.chunks(60) {
            let response = http
                .post(format!("{api}/api/v1/summaries"))
                .bearer_auth(&token)
                .json(&json!({"schema_version": 1, "days": batch}))
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
        sent.insert(code, plan);
    }

    // The export needs a session like the pages do.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let refused = no_redirects
        .get(format!("{api}/dasbor/ekspor.xlsx"))
        .send()
        .await
        .expect("answers");
    assert!(refused.status().is_redirection(), "{}", refused.status());
    let location = refused.headers()["location"].to_str().expect("location");
    assert!(location.starts_with("/masuk"), "{location}");

    let chromium = Chromium::start().await;
    let client = chromium.session().await;

    // Not logged in: the dashboard sends the officer to the login form.
    client
        .goto(&format!("{base}/dasbor"))
        .await
        .expect("open /dasbor");
    let url = client.current_url().await.expect("url");
    assert_eq!(url.path(), "/masuk", "{url}");

    // A wrong password is refused with a message.
    submit_login(&client, "rina.kominfo", "bukan-sandinya-123").await;
    let error = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("p.error"))
        .await
        .expect("an error message")
        .text()
        .await
        .expect("text");
    assert_eq!(error, "Nama pengguna atau kata sandi salah.");
    screenshot(&client, "dasbor-masuk-gagal").await;

    // The right one opens the dashboard the officer asked for.
    submit_login(&client, "rina.kominfo", PASSWORD).await;
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("table.overview"))
        .await
        .expect("the overview after login");
    assert_eq!(client.current_url().await.expect("url").path(), "/dasbor");

    // "Tahun ini" from the period chooser.
    client
        .find(Locator::Css("form.period select[name=periode]"))
        .await
        .expect("period select")
        .select_by_value("tahun")
        .await
        .expect("choose tahun");
    client
        .find(Locator::Css("form.period button[type=submit]"))
        .await
        .expect("Tampilkan")
        .click()
        .await
        .expect("submit period");
    // The submit reloads the page: wait for the new page's label, not the old one (which
    // goes stale under a WebDriver call mid-navigation).
    let year_start = format!("1 Januari {}", today.year());
    wait_until(
        &client,
        "the period label of the chosen year",
        "const p = document.querySelector('p.period-label'); \
         return !!p && p.textContent.trim().startsWith(arguments[0]);",
        vec![json!(year_start)],
    )
    .await;
    assert!(client
        .current_url()
        .await
        .expect("url")
        .query()
        .unwrap_or("")
        .contains("periode=tahun"));

    // A custom year: exactly the 365 days sent.
    client
        .execute(
            "const f = document.querySelector('form.period');
             f.periode.value = 'kustom'; f.dari.value = arguments[0]; f.sampai.value = arguments[1];",
            vec![json!(first.to_string()), json!(today.to_string())],
        )
        .await
        .expect("fill the custom period");
    client
        .find(Locator::Css("form.period button[type=submit]"))
        .await
        .expect("Tampilkan")
        .click()
        .await
        .expect("submit period");
    wait_for_address(
        &client,
        &format!("/dasbor?periode=kustom&dari={first}&sampai={today}"),
    )
    .await;

    let rows = texts(
        &client,
        "return [...document.querySelectorAll('table.overview tbody tr')].map(tr => [
            tr.cells[0].textContent.trim(),
            tr.querySelector('td.name a').textContent,
            tr.querySelector('td.score').textContent.trim()]);",
    )
    .await;
    assert_eq!(rows.len(), 32, "{rows:?}");
    for (k, (row, (code, name))) in rows.iter().zip(AGENCIES).enumerate() {
        assert_eq!(row[0], (k + 1).to_string(), "rank of {code}: {rows:?}");
        assert_eq!(row[1], name, "row {k}");
        let score = format!("{:.1}", expected_score(&sent[code])).replace('.', ",");
        assert_eq!(row[2], score, "score of {code}");
    }

    // The hostile name is text on the page, never an element.
    let hostile = client
        .find(Locator::LinkText(HOSTILE))
        .await
        .expect("the hostile agency's link");
    assert!(hostile.text().await.expect("text").contains("<img"));
    let injected = client
        .execute(
            "return document.querySelectorAll('img[onerror], img[src=\"x\"]').length;",
            vec![],
        )
        .await
        .expect("count images");
    assert_eq!(injected, json!(0));
    full_screenshot(&client, "dasbor-ikhtisar").await;

    // The XLSX as the officer downloads it.
    let download = client
        .find(Locator::LinkText("Unduh XLSX"))
        .await
        .expect("Unduh XLSX");
    let href = download
        .attr("href")
        .await
        .expect("href")
        .unwrap_or_default();
    assert!(href.contains("periode=kustom"), "{href}");
    download.click().await.expect("download");
    let file = chromium
        .downloaded(&format!("kinerja-pd-{first}-{today}.xlsx"))
        .await;
    let mut book: Xlsx<_> = calamine::open_workbook(&file).expect("the XLSX opens");
    let sheet = book
        .worksheet_range("Kinerja PD")
        .expect("sheet Kinerja PD");
    let all: Vec<&[Data]> = sheet.rows().collect();
    let header_at = all
        .iter()
        .position(|r| r.first().is_some_and(|c| *c == "Peringkat"))
        .expect("a header row");
    let column: HashMap<String, usize> = all[header_at]
        .iter()
        .enumerate()
        .map(|(i, c)| (c.to_string(), i))
        .collect();
    let data: Vec<&[Data]> = all[header_at + 1..]
        .iter()
        .copied()
        .filter(|r| r.iter().any(|c| !matches!(c, Data::Empty)))
        .collect();
    assert_eq!(data.len(), 32);
    let number = |row: &[Data], name: &str| -> f64 {
        let i = *column
            .get(name)
            .unwrap_or_else(|| panic!("no column {name}: {column:?}"));
        match &row[i] {
            Data::Float(v) => *v,
            Data::Int(v) => *v as f64,
            other => panic!("{name} is {other:?}, not a number"),
        }
    };
    let text = |row: &[Data], name: &str| row[column[name]].to_string();
    for (k, (code, _)) in AGENCIES.iter().enumerate() {
        let row = data[k];
        assert_eq!(text(row, "Kode PD"), *code, "row {k}");
        assert_eq!(number(row, "Peringkat"), (k + 1) as f64);
    }
    for code in ["DINKES", "UJI", "KEC.CIPANAS"] {
        let s = &sent[code];
        let row = data
            .iter()
            .find(|r| text(r, "Kode PD") == code)
            .expect("the agency's row");
        assert_eq!(number(row, "IG terbit"), s.ig as f64, "{code}");
        assert_eq!(number(row, "FB terbit"), s.fb as f64, "{code}");
        assert_eq!(number(row, "IG target"), 156.0, "{code}");
        assert_eq!(number(row, "Aduan diterima"), s.received as f64, "{code}");
        assert_eq!(
            number(row, "Dijawab tepat waktu"),
            s.answered as f64,
            "{code}"
        );
        assert_eq!(number(row, "Aduan selesai"), s.resolved as f64, "{code}");
        assert_eq!(
            number(row, "Lewat tenggat"),
            s.last_overdue as f64,
            "{code}"
        );
        assert_eq!(
            number(row, "Median respons pertama (menit)"),
            s.median_response.expect("answered some") as f64,
            "{code}"
        );
        assert_eq!(number(row, "Hari melapor"), 365.0, "{code}");
        assert_eq!(number(row, "Skor (0–100)"), expected_score(s), "{code}");
        assert_eq!(number(row, "Kedisiplinan lapor (%)"), 100.0, "{code}");
        assert_eq!(text(row, "Status"), "aktif");
    }
    let hostile_row = data
        .iter()
        .find(|r| text(r, "Kode PD") == "UJI")
        .expect("UJI");
    assert_eq!(text(hostile_row, "Nama PD"), HOSTILE);
    let formula_row = data
        .iter()
        .find(|r| text(r, "Kode PD") == "UJIRUMUS")
        .expect("UJIRUMUS");
    assert_eq!(text(formula_row, "Nama PD"), format!("'{FORMULA}"));
    assert!(book.sheet_names().contains(&"Bobot".to_owned()));

    // The CSV with the same session: a BOM for Excel and one line per agency.
    let session = client
        .get_named_cookie("__Host-medsos_sesi")
        .await
        .expect("session cookie");
    let csv = http
        .get(format!(
            "{api}/dasbor/ekspor.csv?periode=kustom&dari={first}&sampai={today}"
        ))
        .header("Cookie", format!("__Host-medsos_sesi={}", session.value()))
        .send()
        .await
        .expect("csv answers");
    assert_eq!(csv.status(), 200);
    let disposition = csv.headers()["content-disposition"]
        .to_str()
        .expect("header")
        .to_owned();
    assert!(
        disposition.contains(&format!("kinerja-pd-{first}-{today}.csv")),
        "{disposition}"
    );
    let bytes = csv.bytes().await.expect("csv body");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let body = String::from_utf8_lossy(&bytes);
    assert_eq!(
        body.lines()
            .filter(|l| AGENCIES.iter().any(|(c, _)| l.contains(&format!(",{c},"))))
            .count(),
        32
    );

    // Drilling into an agency: its own page with its name and charts.
    let link = client
        .find(Locator::LinkText(HOSTILE))
        .await
        .expect("the hostile agency's link");
    link.click().await.expect("open the agency");
    wait_for_address(&client, "/pd/UJI").await;
    full_screenshot(&client, "dasbor-pd").await;
    let url = client.current_url().await.expect("url");
    assert_eq!(url.path(), "/pd/UJI", "{url}");
    let h1 = client
        .find(Locator::Css("h1"))
        .await
        .expect("a heading")
        .text()
        .await
        .expect("text");
    assert!(h1.contains(HOSTILE), "{h1}");
    let charts = client
        .find_all(Locator::Css("figure.chart"))
        .await
        .expect("charts");
    assert!(!charts.is_empty(), "no figure.chart on the agency page");
    let injected = client
        .execute(
            "return document.querySelectorAll('img[onerror], img[src=\"x\"]').length;",
            vec![],
        )
        .await
        .expect("count images");
    assert_eq!(injected, json!(0));
    // The period chosen on the overview comes along.
    let period = client
        .execute(
            "return document.querySelector('select[name=periode]').value;",
            vec![],
        )
        .await
        .expect("period");
    assert_eq!(period, json!("kustom"), "{url}");

    // The other sections open for the officer; each is looked at in its screenshot.
    for (path, name, heading) in [
        ("/kabupaten", "dasbor-kabupaten", "Aduan"),
        ("/laporan", "dasbor-laporan", "Laporan"),
        ("/arahan", "dasbor-arahan", "Arahan"),
        ("/libur", "dasbor-libur", "libur"),
        ("/pengaturan", "dasbor-pengaturan", "skor"),
    ] {
        client
            .goto(&format!("{base}{path}"))
            .await
            .expect("open section");
        wait_for_address(&client, path).await;
        let h1 = client
            .find(Locator::Css("h1"))
            .await
            .expect("a heading")
            .text()
            .await
            .expect("text");
        assert!(h1.contains(heading), "{path}: {h1}");
        full_screenshot(&client, name).await;
    }

    client.close().await.expect("close the browser");
}
