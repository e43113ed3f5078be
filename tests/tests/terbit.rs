//! One way to publish, through the real window and the real hub on loopback: a draft made
//! from Diskominfo's brief is approved and scheduled for yesterday afternoon (the admin
//! posted a day late, so the end-of-day sweep has already called the slot missed); its time
//! is changed in the Kalender panel; the admin opens it again from Beranda's recent drafts
//! and marks it terbit in Konten. After a sync the hub counts one published post and none
//! missed for that day, and the brief as fulfilled. Pengaturan's programme list is edited on
//! the way.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};
use support::*;

/// 10:00 WIB on Thursday 26 November 2026.
const TEST_NOW: &str = "2026-11-26T03:00:00Z";
const DAY: &str = "2026-11-25";
const TITLE: &str = "Bulan imunisasi anak: ajak warga ke posyandu";
const POST_URL: &str = "https://www.instagram.com/p/DImunisasi25/";

/// Reads the hub's SQLite file without writing to it.
fn hub_db(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("open the hub database read-only");
    conn.busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    conn
}

/// The day's summary as the hub exports it, when it has one.
fn hub_summary(db: &Path, day: &str) -> Option<serde_json::Value> {
    let exported = hub_admin(
        &[
            "summaries",
            "export",
            "--from",
            day,
            "--to",
            day,
            "--format",
            "json",
        ],
        db,
        None,
    );
    let rows: serde_json::Value = serde_json::from_str(&exported).expect("summaries as JSON");
    rows.as_array()?
        .iter()
        .find(|r| r["day"] == day)
        .map(|r| r["summary"].clone())
}

/// Polls `f` for up to 20 s until it answers something.
async fn eventually<T>(mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(found) = f() {
            return Some(found);
        }
        if Instant::now() > deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn publishing_from_konten_is_counted_published_not_missed_and_fulfils_the_brief() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let code = hub_add_agency(&db, "Dinas Kesehatan Kabupaten Cianjur", "DINKES");
    let said = hub_admin(
        &[
            "brief",
            "add",
            "--title",
            TITLE,
            "--body",
            "Unggah kegiatan bulan imunisasi anak di wilayah masing-masing.",
            "--programme",
            "#CianjurSehat",
            "--from",
            "2026-11-23",
            "--to",
            "2026-12-06",
        ],
        &db,
        None,
    );
    let brief_id: i64 = said
        .split('#')
        .nth(1)
        .and_then(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .ok()
        })
        .unwrap_or(1);
    let port = free_port();
    let _hub = serve_hub(&db, port);

    let data = tempfile::tempdir().expect("data dir");
    let driver = Driver::start_with(data.path(), &[("MEDSOS_TEST_NOW", Path::new(TEST_NOW))]).await;
    let client = driver.launch().await;
    complete_first_run(&client).await;

    // Enrolled, and a sync brings the brief.
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

    // The programme list: Berakhlak Mulia is there; one is added, a bad one refused, one
    // removed (and listed apart, ready to come back).
    let programmes = wait_for_text(&client, "programmes", |t| t.contains("Cianjur Maju")).await;
    assert!(
        programmes.contains("Cianjur Berakhlak Mulia"),
        "{programmes}"
    );
    fill(&client, "[data-testid=programme-new-name]", "  ").await;
    click(&client, "programme-add").await;
    let refused = wait_for_text(&client, "programme-error", |t| !t.is_empty()).await;
    assert!(refused.contains("Nama program wajib diisi"), "{refused}");
    fill(&client, "[data-testid=programme-new-name]", "Cianjur Sehat").await;
    fill(
        &client,
        "[data-testid=programme-new-hashtag]",
        "#CianjurSehat",
    )
    .await;
    click(&client, "programme-add").await;
    wait_for_text(&client, "programmes", |t| t.contains("#CianjurSehat")).await;
    let religius = client
        .find(fantoccini::Locator::XPath(
            "//li[starts-with(@data-testid, 'programme-')][contains(., 'Cianjur Religius')]",
        ))
        .await
        .expect("Cianjur Religius listed")
        .attr("data-testid")
        .await
        .ok()
        .flatten()
        .expect("its test id");
    click(
        &client,
        &religius.replace("programme-", "programme-remove-"),
    )
    .await;
    wait_for_text(&client, "programmes", |t| {
        t.contains("Dihapus dari daftar Cianjur Religius")
    })
    .await;
    screenshot(&client, "70-pengaturan-program").await;

    sync_now(&client).await;

    // A draft answering the brief, approved and scheduled on Instagram yesterday.
    click(&client, "nav-kalender").await;
    click(&client, &format!("brief-item-{brief_id}")).await;
    click(&client, "brief-make-draft").await;
    wait_for_text(&client, "draft-brief", |t| t.contains(TITLE)).await;
    fill(&client, "[data-testid=draft-source]", "Dinas Kesehatan").await;
    wait_for_text(&client, "save-status", |t| t == "Tersimpan").await;
    click(&client, "to-menunggu_persetujuan").await;
    wait_for_text(&client, "draft-status", |t| t == "Menunggu persetujuan").await;
    tick_whole_checklist(&client).await;
    click(&client, "to-disetujui").await;
    wait_for_text(&client, "draft-status", |t| t == "Disetujui").await;
    // With no slot yet, publishing would ask for the platform and record a slot for now.
    wait_for_text(&client, "publish-target", |t| {
        t.contains("belum punya jadwal")
    })
    .await;
    find(&client, "publish-platform").await;
    schedule(&client, "instagram", &format!("{DAY}T14:00")).await;
    wait_for_text(&client, "draft-status", |t| t == "Terjadwal").await;

    // Its time changes in the Kalender panel; the day stays.
    click(&client, "nav-kalender").await;
    let slot = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(fantoccini::Locator::Css("[data-testid^=slot-item-]"))
        .await
        .expect("the slot beside the calendar");
    slot.click().await.expect("select the slot");
    wait_for_text(&client, "slot-status", |t| t == "Terlewat").await;
    set_value(&client, "slot-move-time", "25:00").await;
    click(&client, "slot-set-time").await;
    let refused = wait_for_text(&client, "kalender-error", |t| !t.is_empty()).await;
    assert!(refused.contains("tidak valid"), "{refused}");
    set_value(&client, "slot-move-time", "15:30").await;
    click(&client, "slot-set-time").await;
    wait_for_text(&client, "kalender-info", |t| {
        t.contains(&format!("{DAY} 15:30"))
    })
    .await;
    screenshot(&client, "71-kalender-ubah-jam").await;

    // Beranda's recent draft opens that very draft.
    click(&client, "nav-beranda").await;
    let recent = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(fantoccini::Locator::Css("[data-testid^=recent-draft-]"))
        .await
        .expect("the draft among the recent ones");
    recent.click().await.expect("open the recent draft");
    find(&client, "draft-editor").await;
    let title = find(&client, "draft-title")
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    assert_eq!(title, TITLE);

    // Marked terbit from Konten: the one open slot is the one marked; a Facebook URL is
    // refused for an Instagram slot.
    let target = wait_for_text(&client, "publish-target", |t| t.contains("Instagram")).await;
    assert!(target.contains(&format!("{DAY} 15:30")), "{target}");
    fill(
        &client,
        "[data-testid=published-url]",
        "https://www.facebook.com/dinkescianjur/posts/1",
    )
    .await;
    click(&client, "to-terbit").await;
    let refused = wait_for_text(&client, "action-error", |t| !t.is_empty()).await;
    assert!(refused.contains("bukan alamat Instagram"), "{refused}");
    screenshot(&client, "72-konten-tandai-terbit").await;
    fill(&client, "[data-testid=published-url]", POST_URL).await;
    click(&client, "to-terbit").await;
    wait_for_text(&client, "draft-status", |t| t == "Terbit").await;
    let slots = wait_for_text(&client, "draft-slots", |t| t.contains("Terbit")).await;
    assert!(slots.contains(POST_URL), "{slots}");
    // WebKit paints a moment after the DOM settles.
    tokio::time::sleep(Duration::from_millis(500)).await;
    screenshot(&client, "73-konten-terbit").await;

    // The calendar agrees.
    click(&client, "nav-kalender").await;
    let slot = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(fantoccini::Locator::Css("[data-testid^=slot-item-]"))
        .await
        .expect("the slot beside the calendar");
    slot.click().await.expect("select the slot");
    wait_for_text(&client, "slot-status", |t| t == "Terbit").await;

    // Sync: the hub counts one published post, none missed, and the brief fulfilled.
    sync_now(&client).await;
    let summary =
        eventually(|| hub_summary(&db, DAY).filter(|s| s["posts"]["instagram"]["published"] == 1))
            .await
            .unwrap_or_else(|| {
                panic!(
                    "no summary of {DAY} with the post: {:?}",
                    hub_summary(&db, DAY)
                )
            });
    assert_eq!(summary["posts"]["instagram"]["missed"], 0, "{summary}");
    assert_eq!(summary["posts"]["instagram"]["scheduled"], 0, "{summary}");
    assert_eq!(summary["posts"]["facebook"]["published"], 0, "{summary}");
    assert_eq!(summary["briefs_fulfilled"], 1, "{summary}");
    let fulfilments = eventually(|| {
        let rows: Vec<(i64, String, String)> = hub_db(&db)
            .prepare("SELECT brief_id, url, day FROM brief_fulfilments")
            .expect("brief_fulfilments table")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        (!rows.is_empty()).then_some(rows)
    })
    .await
    .expect("the hub records the fulfilment");
    assert_eq!(
        fulfilments,
        vec![(brief_id, POST_URL.to_string(), DAY.to_string())]
    );
    client.close().await.expect("close");
}
