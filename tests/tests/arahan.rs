//! Arahan konten through the real window and the real hub on loopback: Diskominfo's brief
//! (with a twibbon attached) reaches the PC at sync and shows on the Kalender over its days;
//! the admin downloads the attachment, drafts from the brief (linked, hashtag included),
//! schedules and publishes it on Instagram, syncs, and the hub records the fulfilment.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};
use support::*;

/// 10:00 WIB on Thursday 26 November 2026.
const TEST_NOW: &str = "2026-11-26T03:00:00Z";
const TITLE: &str = "Gerakan Cianjur Sehat: ajak warga ke posyandu";
const POST_URL: &str = "https://www.instagram.com/p/C9xYz12AbCd/";

/// The hub's recorded fulfilments, read from its SQLite file without writing to it.
fn hub_fulfilments(db: &Path) -> Vec<(i64, String, String, String)> {
    let conn = rusqlite::Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("open the hub database read-only");
    conn.busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    let mut stmt = conn
        .prepare("SELECT brief_id, platform, url, day FROM brief_fulfilments ORDER BY url")
        .expect("brief_fulfilments table");
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    rows
}

#[tokio::test(flavor = "multi_thread")]
async fn a_brief_is_drafted_from_the_kalender_published_and_reported_to_the_hub() {
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
            "Unggah kegiatan posyandu di wilayah masing-masing.\nSertakan twibbon terlampir.",
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
    // A twibbon attached to the brief, as the dashboard would store it.
    let twibbon: Vec<u8> = (0..4096u32).map(|i| (i % 251) as u8).collect();
    let attachment_id: i64 = {
        let conn = rusqlite::Connection::open(&db).expect("hub db");
        conn.execute(
            "INSERT INTO brief_attachments (brief_id, file_name, content_type, bytes)
             VALUES (?1, 'twibbon hari jadi.png', 'image/png', ?2)",
            rusqlite::params![brief_id, twibbon],
        )
        .expect("attach a file to the brief");
        conn.last_insert_rowid()
    };

    let port = free_port();
    let _hub = serve_hub(&db, port);

    let data = tempfile::tempdir().expect("data dir");
    let driver = Driver::start_with(data.path(), &[("MEDSOS_TEST_NOW", Path::new(TEST_NOW))]).await;
    let client = driver.launch().await;
    complete_first_run(&client).await;

    // Enrolled with Diskominfo's code, then a sync brings the brief.
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
    sync_now(&client).await;

    // The Kalender shows the brief over its days, and beside the calendar.
    click(&client, "nav-kalender").await;
    find(&client, "calendar").await;
    wait_for_text(&client, "calendar", |t| {
        t.contains("November 2026") && t.contains("Gerakan Cianjur Sehat")
    })
    .await;
    find(&client, &format!("brief-event-{brief_id}")).await;
    let listed = wait_for_text(&client, &format!("brief-item-{brief_id}"), |t| {
        t.contains(TITLE)
    })
    .await;
    assert!(listed.contains("#CianjurSehat"), "{listed}");

    // Clicking the brief on the calendar shows it: body as text, the attachment to download.
    click(&client, &format!("brief-event-{brief_id}")).await;
    find(&client, "brief-panel").await;
    let body = wait_for_text(&client, "brief-panel-body", |t| t.contains("posyandu")).await;
    assert!(body.contains("twibbon terlampir"), "{body}");
    screenshot(&client, "50-kalender-arahan").await;
    click(&client, &format!("brief-attachment-{attachment_id}")).await;
    let info = wait_for_text(&client, "kalender-info", |t| t.contains("twibbon")).await;
    let saved = data
        .path()
        .join("briefs")
        .join(brief_id.to_string())
        .join("twibbon-hari-jadi.png");
    assert!(
        info.contains(&saved.display().to_string()),
        "{info} names {}",
        saved.display()
    );
    assert_eq!(std::fs::read(&saved).expect("attachment saved"), twibbon);

    // A draft answering the brief: linked, with the brief's hashtag.
    click(&client, "brief-make-draft").await;
    let link = wait_for_text(&client, "draft-brief", |t| t.contains(TITLE)).await;
    assert!(link.starts_with("Menjawab arahan:"), "{link}");
    let hashtags = find(&client, "draft-hashtags")
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    assert!(hashtags.contains("#CianjurSehat"), "{hashtags}");
    screenshot(&client, "51-konten-menjawab-arahan").await;

    // Approved and scheduled on Instagram this afternoon.
    fill(&client, "[data-testid=draft-source]", "Dinas Kesehatan").await;
    wait_for_text(&client, "save-status", |t| t == "Tersimpan").await;
    click(&client, "to-menunggu_persetujuan").await;
    wait_for_text(&client, "draft-status", |t| t == "Menunggu persetujuan").await;
    tick_whole_checklist(&client).await;
    click(&client, "to-disetujui").await;
    wait_for_text(&client, "draft-status", |t| t == "Disetujui").await;
    schedule(&client, "instagram", "2026-11-26T14:00").await;
    wait_for_text(&client, "draft-status", |t| t == "Terjadwal").await;

    // Published: marked on the Kalender with the Instagram URL.
    click(&client, "nav-kalender").await;
    let slot = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(fantoccini::Locator::Css("[data-testid^=slot-item-]"))
        .await
        .expect("the scheduled slot beside the calendar");
    slot.click().await.expect("select the slot");
    fill(&client, "[data-testid=slot-url]", POST_URL).await;
    click(&client, "slot-publish").await;
    wait_for_text(&client, "slot-status", |t| t == "Terbit").await;

    // Sync: the hub records the fulfilment.
    click(&client, "nav-laporan").await;
    click(&client, "sync-now").await;
    wait_for_text(&client, "sync-history", |t| t.contains("menjawab arahan")).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let recorded = loop {
        let rows = hub_fulfilments(&db);
        if !rows.is_empty() || Instant::now() > deadline {
            break rows;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(
        recorded,
        vec![(
            brief_id,
            "instagram".to_string(),
            POST_URL.to_string(),
            "2026-11-26".to_string()
        )]
    );
    screenshot(&client, "52-laporan-arahan-terkirim").await;

    // Beranda says the brief is fulfilled; the day's summary on the hub counts it.
    click(&client, "nav-beranda").await;
    wait_for_text(&client, &format!("brief-fulfilled-{brief_id}"), |t| {
        t == "sudah dipenuhi"
    })
    .await;
    screenshot(&client, "53-beranda-arahan-dipenuhi").await;
    let exported = hub_admin(
        &[
            "summaries",
            "export",
            "--from",
            "2026-11-26",
            "--to",
            "2026-11-26",
            "--format",
            "json",
        ],
        &db,
        None,
    );
    let rows: serde_json::Value = serde_json::from_str(&exported).expect("summaries as JSON");
    assert_eq!(rows[0]["summary"]["briefs_fulfilled"], 1, "{exported}");
    client.close().await.expect("close");
}
