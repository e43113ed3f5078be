//! Akun Resmi through the real window and the real hub on loopback: the admin records the
//! agency's Instagram and Facebook accounts (bad input refused beside its field), syncs,
//! checks another agency's official handle and a look-alike against the registry, reports
//! an account impersonating the agency with a screenshot, syncs again, and Diskominfo sees
//! the report on the hub's dashboard.

mod support;

use fantoccini::{Client, Locator};
use std::path::Path;
use std::time::{Duration, Instant};
use support::*;

/// A screenshot after the window has painted the last change (WebKit's capture can lag a
/// frame behind the DOM).
async fn shot(client: &Client, name: &str) {
    tokio::time::sleep(Duration::from_millis(400)).await;
    screenshot(client, name).await;
}

/// 10:00 WIB on Thursday 26 November 2026.
const TEST_NOW: &str = "2026-11-26T03:00:00Z";
const PASSWORD: &str = "kata-sandi-yang-panjang-2026";

/// A small PNG standing in for a screenshot of the fake profile.
fn screenshot_file(path: &Path) {
    let img = image::RgbImage::from_fn(360, 640, |x, y| {
        image::Rgb([(x % 256) as u8, 40, (y % 256) as u8])
    });
    img.save(path).expect("write png");
}

async fn click_css(client: &Client, selector: &str) {
    let element = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector} did not appear: {e}"));
    let _ = client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(&element).expect("element as JSON")],
        )
        .await;
    element
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {selector}: {e}"));
}

async fn select(client: &Client, testid: &str, value: &str) {
    find(client, testid)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("select {value} in {testid}: {e}"));
}

/// The text of the first element matching `selector`, once `pred` holds (20 s).
async fn wait_css_text(client: &Client, selector: &str, pred: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = match client.find(Locator::Css(selector)).await {
            Ok(e) => e
                .prop("textContent")
                .await
                .ok()
                .flatten()
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            Err(_) => String::new(),
        };
        if pred(&text) {
            return text;
        }
        assert!(Instant::now() < deadline, "{selector} still says {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn attr(client: &Client, testid: &str, name: &str) -> String {
    find(client, testid)
        .await
        .attr(name)
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

async fn wait_attr(client: &Client, testid: &str, name: &str, want: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let value = attr(client, testid, name).await;
        if value == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "[data-testid={testid}] {name}={value:?}, want {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn check(client: &Client, text: &str) -> String {
    fill(client, "[data-testid=cek-input]", text).await;
    click(client, "cek-go").await;
    // The screen clears the previous answer when the check starts.
    tokio::time::sleep(Duration::from_millis(100)).await;
    find(client, "cek-result").await;
    attr(client, "cek-result", "data-kind").await
}

#[tokio::test(flavor = "multi_thread")]
async fn official_accounts_are_registered_checked_and_an_impostor_reaches_the_hub() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let code = hub_add_agency(&db, "Dinas Kesehatan Kabupaten Cianjur", "DINKES");
    hub_admin(
        &[
            "agency",
            "add",
            "--name",
            "Dinas Pendidikan Kabupaten Cianjur",
            "--code",
            "DISDIK",
        ],
        &db,
        None,
    );
    hub_admin(
        &[
            "account",
            "add",
            "--agency",
            "DISDIK",
            "--platform",
            "instagram",
            "--handle",
            "disdikcianjur",
            "--verified",
        ],
        &db,
        None,
    );
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

    let work = tempfile::tempdir().expect("work dir");
    let picture = work.path().join("tangkapan-akun-palsu.png");
    screenshot_file(&picture);
    let data = tempfile::tempdir().expect("data dir");
    let driver = Driver::start_with(
        data.path(),
        &[
            ("MEDSOS_TEST_NOW", Path::new(TEST_NOW)),
            ("MEDSOS_TEST_PICK_FILES", &picture),
        ],
    )
    .await;
    let client = driver.launch().await;
    complete_first_run(&client).await;

    // Enrol with Diskominfo's code.
    click(&client, "nav-pengaturan").await;
    fill(
        &client,
        "[data-testid=enrol-url]",
        &format!("http://127.0.0.1:{port}"),
    )
    .await;
    fill(&client, "[data-testid=enrol-code]", &code).await;
    click(&client, "enrol-submit").await;
    wait_for_text(&client, "hub-settings", |t| t.contains("127.0.0.1")).await;

    // Akun Resmi: nothing yet; both required accounts are missing.
    click(&client, "nav-akun").await;
    wait_attr(&client, "req-instagram", "data-has", "false").await;
    wait_attr(&client, "req-facebook", "data-has", "false").await;
    let age = wait_for_text(&client, "reg-age", |t| !t.is_empty()).await;
    assert!(age.contains("belum pernah diunduh"), "{age}");

    // Bad input is refused beside its field, nothing saved.
    click(&client, "acc-add").await;
    fill(&client, "[data-testid=acc-handle]", "dinkes cianjur").await;
    click(&client, "acc-save").await;
    let e = wait_for_text(&client, "acc-handle-error", |t| !t.is_empty()).await;
    assert!(e.contains("spasi"), "{e}");
    // Cyrillic "а" in place of the Latin one.
    fill(&client, "[data-testid=acc-handle]", "dinkesciаnjur").await;
    click(&client, "acc-save").await;
    wait_for_text(&client, "acc-handle-error", |t| t.contains("Sirilik")).await;
    fill(&client, "[data-testid=acc-handle]", "dinkescianjur").await;
    fill(
        &client,
        "[data-testid=acc-url]",
        "https://www.instagram.com/p/C9xYz12AbCd/",
    )
    .await;
    click(&client, "acc-save").await;
    let e = wait_for_text(&client, "acc-url-error", |t| !t.is_empty()).await;
    assert!(e.contains("bukan profil"), "{e}");
    shot(&client, "60-akun-salah-isi").await;
    assert!(client
        .find_all(Locator::Css("[data-testid=acc-row]"))
        .await
        .expect("rows")
        .is_empty());

    // The Instagram account, pasted as the phone shows it.
    fill(
        &client,
        "[data-testid=acc-url]",
        "https://m.instagram.com/DinkesCianjur/?igsh=abc123",
    )
    .await;
    click(&client, "acc-save").await;
    wait_css_text(
        &client,
        "[data-testid=acc-row][data-handle=dinkescianjur]",
        |t| t.contains("@dinkescianjur"),
    )
    .await;
    wait_attr(&client, "req-instagram", "data-has", "true").await;

    // A duplicate is refused.
    click(&client, "acc-add").await;
    select(&client, "acc-platform", "instagram").await;
    fill(&client, "[data-testid=acc-handle]", "@DinkesCianjur").await;
    click(&client, "acc-save").await;
    wait_for_text(&client, "acc-handle-error", |t| {
        t.contains("sudah tercatat")
    })
    .await;

    // The Facebook page, from its address only.
    select(&client, "acc-platform", "facebook").await;
    // Emptied as the admin would (WebDriver's clear fires no input event in WebKit).
    fill(&client, "[data-testid=acc-handle]", "x").await;
    find(&client, "acc-handle")
        .await
        .send_keys("\u{E003}")
        .await
        .expect("backspace");
    fill(
        &client,
        "[data-testid=acc-url]",
        "https://web.facebook.com/dinkes.kab.cianjur?ref=bookmarks",
    )
    .await;
    click(&client, "acc-save").await;
    wait_css_text(
        &client,
        "[data-testid=acc-row][data-handle=\"dinkes.kab.cianjur\"]",
        |t| t.contains("facebook.com/dinkes.kab.cianjur"),
    )
    .await;
    wait_attr(&client, "req-facebook", "data-has", "true").await;

    // Meta verification: profile done, then requested; the account now waits for Meta.
    let ig = "[data-testid=acc-row][data-handle=dinkescianjur]";
    click_css(&client, &format!("{ig} [data-testid=step-profil]")).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    click_css(&client, &format!("{ig} [data-testid=step-ajukan]")).await;
    wait_css_text(&client, &format!("{ig} [data-testid=acc-badge]"), |t| {
        t.contains("Menunggu keputusan")
    })
    .await;
    shot(&client, "61-akun-resmi").await;

    // Sync: the accounts go to the hub and the registry comes back.
    sync_now(&client).await;
    let history = wait_for_text(&client, "sync-history", |t| t.contains("akun resmi")).await;
    assert!(history.contains("Daftar 2 akun resmi dikirim"), "{history}");
    // The sync brought back what Diskominfo sees: the agency's score and rank among the two
    // agencies, and the weekly targets Beranda now plans against.
    let kinerja = wait_for_text(&client, "kinerja", |t| {
        t.contains("Kinerja menurut Diskominfo")
    })
    .await;
    assert!(kinerja.contains("dari 2 PD"), "{kinerja}");
    assert!(kinerja.contains("Kedisiplinan lapor"), "{kinerja}");
    shot(&client, "66-laporan-kinerja").await;
    click(&client, "nav-beranda").await;
    wait_for_text(&client, "week-target-source", |t| {
        t.contains("dari Diskominfo")
    })
    .await;

    click(&client, "nav-akun").await;
    let age = wait_for_text(&client, "reg-age", |t| t.contains("diperbarui")).await;
    assert!(!age.contains("belum pernah"), "{age}");
    // What the PC sent is a claim: it waits for Diskominfo and is not in the registry yet,
    // even though the PC marked nothing and could have marked it verified.
    let ig_status = "[data-testid=acc-row][data-handle=dinkescianjur] [data-testid=acc-hub-status]";
    let fb_row = "[data-testid=acc-row][data-handle=\"dinkes.kab.cianjur\"]";
    wait_css_text(&client, ig_status, |t| {
        t.contains("menunggu pemeriksaan Diskominfo")
    })
    .await;
    wait_css_text(
        &client,
        &format!("{fb_row} [data-testid=acc-hub-status]"),
        |t| t.contains("menunggu pemeriksaan Diskominfo"),
    )
    .await;
    let before: serde_json::Value =
        reqwest::get(format!("http://localhost:{port}/api/v1/registry"))
            .await
            .expect("GET /api/v1/registry")
            .json()
            .await
            .expect("registry JSON");
    let dinkes_listed = before["agencies"]
        .as_array()
        .expect("agencies")
        .iter()
        .find(|a| a["code"] == "DINKES")
        .map(|a| a["accounts"].as_array().map_or(0, Vec::len));
    assert_eq!(dinkes_listed, Some(0), "a claim is not listed: {before}");
    // Diskominfo decides: the Instagram account is official (badge checked), the Facebook
    // page is refused with a reason the admin reads after the next sync.
    let approved = hub_admin(
        &[
            "account",
            "approve",
            "--platform",
            "instagram",
            "--handle",
            "dinkescianjur",
            "--verified",
        ],
        &db,
        None,
    );
    assert!(approved.contains("Dinas Kesehatan"), "{approved}");
    hub_admin(
        &[
            "account",
            "reject",
            "--platform",
            "facebook",
            "--handle",
            "dinkes.kab.cianjur",
            "--reason",
            "Halaman ini bukan milik Dinkes; kirim alamat halaman resmi.",
        ],
        &db,
        None,
    );
    assert!(client
        .find_all(Locator::Css("[data-testid=acc-conflict]"))
        .await
        .expect("conflicts")
        .is_empty());

    // Cek akun: the other agency's official account, then look-alikes.
    assert_eq!(
        check(&client, "https://www.instagram.com/DisdikCianjur/").await,
        "official"
    );
    let said = wait_for_text(&client, "cek-result", |t| t.contains("Dinas Pendidikan")).await;
    assert!(said.contains("DISDIK"), "{said}");
    shot(&client, "62-cek-resmi").await;
    assert_eq!(check(&client, "disdik.cianjur").await, "lookalike");
    wait_for_text(&client, "cek-result", |t| {
        t.contains("@disdikcianjur") && t.contains("terbaca sama")
    })
    .await;
    assert_eq!(check(&client, "@dinkescianjur").await, "own");
    assert_eq!(check(&client, "bpbdcianjur").await, "not_found");
    assert_eq!(check(&client, "dlnkescianjur").await, "lookalike");
    wait_for_text(&client, "cek-result", |t| {
        t.contains("mirip akun resmi Anda sendiri, @dinkescianjur")
    })
    .await;
    shot(&client, "63-cek-mirip").await;

    // Report it, straight from the answer.
    click(&client, "cek-report").await;
    fill(
        &client,
        "[data-testid=rep-desc]",
        "Meminta transfer biaya pendaftaran vaksinasi lewat DM.",
    )
    .await;
    click(&client, "rep-save").await;
    wait_for_text(&client, "akun-info", |t| t.contains("@dlnkescianjur")).await;
    let row = "[data-testid=rep-row][data-handle=dlnkescianjur]";
    wait_css_text(&client, row, |t| {
        t.contains("Masih aktif") && t.contains("meniru @dinkescianjur")
    })
    .await;
    click_css(&client, &format!("{row} [data-testid=rep-attach]")).await;
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(&format!("{row} .shots img")))
        .await
        .expect("the screenshot is attached");
    let pick = client
        .find(Locator::Css(&format!(
            "{row} [data-testid=rep-status-pick]"
        )))
        .await
        .expect("status picker");
    let _ = client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(&pick).expect("element as JSON")],
        )
        .await;
    pick.select_by_value("dilaporkan")
        .await
        .expect("pick status");
    click_css(&client, &format!("{row} [data-testid=rep-status-save]")).await;
    wait_css_text(&client, &format!("{row} [data-testid=rep-status]"), |t| {
        t.contains("Dilaporkan")
    })
    .await;
    shot(&client, "64-laporan-akun-palsu").await;

    sync_now(&client).await;
    wait_for_text(&client, "sync-history", |t| {
        t.contains("laporan akun palsu")
    })
    .await;
    click(&client, "nav-akun").await;
    wait_css_text(&client, row, |t| t.contains("terkirim ke hub")).await;
    // Diskominfo's decisions came back with the sync.
    wait_css_text(&client, ig_status, |t| t.contains("resmi")).await;
    wait_css_text(
        &client,
        &format!("{fb_row} [data-testid=acc-hub-status]"),
        |t| t.contains("ditolak"),
    )
    .await;
    wait_css_text(
        &client,
        &format!("{fb_row} [data-testid=acc-hub-reason]"),
        |t| t.contains("Halaman ini bukan milik Dinkes"),
    )
    .await;
    shot(&client, "65-akun-setelah-sinkron").await;

    // Diskominfo's officer logs in and sees the report.
    let base = format!("http://localhost:{port}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    let form = http
        .get(format!("{base}/masuk"))
        .send()
        .await
        .expect("GET /masuk");
    let login_cookie = cookie(&form, "__Host-medsos_masuk").expect("login cookie");
    let page = form.text().await.expect("login page");
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("csrf field")
        .to_string();
    let body = format!("username=rina.kominfo&password={}&csrf={}", PASSWORD, csrf);
    let logged_in = http
        .post(format!("{base}/masuk"))
        .header("Cookie", format!("__Host-medsos_masuk={login_cookie}"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("POST /masuk");
    let session = cookie(&logged_in, "__Host-medsos_sesi")
        .unwrap_or_else(|| panic!("no session cookie; status {}", logged_in.status()));
    let reports = http
        .get(format!("{base}/laporan-akun"))
        .header("Cookie", format!("__Host-medsos_sesi={session}"))
        .send()
        .await
        .expect("GET /laporan-akun");
    assert!(reports.status().is_success(), "{}", reports.status());
    let html = reports.text().await.expect("page");
    // The reported row of the reports table, not the status filter above it (whose options
    // name every status).
    let body = html
        .split("<table class=\"reports\">")
        .nth(1)
        .and_then(|t| t.split("<tbody>").nth(1))
        .and_then(|t| t.split("</tbody>").next())
        .unwrap_or_else(|| panic!("no reports table: {html}"));
    let reported = body
        .split("<tr>")
        .find(|tr| tr.contains("@dlnkescianjur"))
        .unwrap_or_else(|| panic!("no row for @dlnkescianjur: {body}"));
    assert!(reported.contains("Dinas Kesehatan"), "{reported}");
    assert!(
        reported.contains("https://www.instagram.com/dlnkescianjur/"),
        "{reported}"
    );
    assert!(reported.contains("@dinkescianjur"), "meniru: {reported}");
    assert!(
        reported.contains("<span class=\"badge\">dilaporkan ke platform</span>"),
        "{reported}"
    );

    // PC → hub → registry: the agency's accounts are public now, and a look-alike of them
    // is flagged for anyone who checks.
    let registry: serde_json::Value = reqwest::get(format!("{base}/api/v1/registry"))
        .await
        .expect("GET /api/v1/registry")
        .json()
        .await
        .expect("registry JSON");
    let dinkes = registry["agencies"]
        .as_array()
        .expect("agencies")
        .iter()
        .find(|a| a["code"] == "DINKES")
        .unwrap_or_else(|| panic!("DINKES not in the registry: {registry}"));
    assert!(
        dinkes["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .any(|a| a["platform"] == "instagram"
                && a["handle"] == "dinkescianjur"
                && a["verified"] == true),
        "{registry}"
    );
    assert!(
        !dinkes["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .any(|a| a["platform"] == "facebook"),
        "a refused claim is never listed: {registry}"
    );
    let public = reqwest::get(format!("{base}/registri?cek=dlnkescianjur"))
        .await
        .expect("GET /registri");
    assert!(public.status().is_success(), "{}", public.status());
    let public = public.text().await.expect("registri page");
    assert!(public.contains("Waspada"), "{public}");
    assert!(public.contains("@dinkescianjur"), "{public}");
}

fn cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.split(';')
                .next()
                .and_then(|pair| pair.trim().strip_prefix(&format!("{name}=")))
                .map(str::to_string)
        })
}
