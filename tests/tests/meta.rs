//! Terhubung ke Meta through the real window: the hub binary connected to the Graph API
//! stand-in, the app driven through WebDriver, the dashboard in Chromium.
//!
//! The admin schedules an approved draft with two photos on Instagram (a carousel) and
//! Facebook; at the next sync the slots go to the hub, which publishes them at their time
//! (the stand-in fetches the photos from the hub's public URL); the next sync shows the
//! slots terbit with their permalinks. Insights pulled by the hub show on the dashboard. A
//! citizen's comment reaches Komentar masuk, becomes a complaint, and the admin's reply
//! arrives at the stand-in.

mod support;

use fantoccini::Locator;

use medsos_core::profile::{self, ProfileInput};
use medsos_core::sync::enrol_and_save;
use medsos_core::SystemClock;
use medsos_graph_standin::StandIn;
use std::time::{Duration, Instant};
use support::chromium::{submit_login, Chromium};
use support::meta::{approved_draft_with_photos, world, ConnectedHub};
use support::*;

const PASSWORD: &str = "sandi-petugas-uji-2026";

async fn eventually(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_is_published_by_the_hub_and_a_comment_becomes_a_complaint_with_a_reply() {
    let standin = StandIn::start(world()).await;

    // The hub: Dinas Kesehatan, its approved accounts, connected to Meta with the system token.
    let hub = ConnectedHub::start(
        &standin.base_url(),
        Some(("rina.kominfo", "Rina Kominfo", PASSWORD)),
    );
    let port = hub.port;
    let code = hub.code.clone();

    // The PC's store before the window opens: the profile, enrolled, and an approved draft
    // with two photos (as an admin leaves it after writing and approval).
    let data = tempfile::tempdir().expect("data dir");
    let store_path = data.path().join("medsos-pd.sqlite3");
    let data_path = data.path().to_path_buf();
    let hub_url = format!("http://127.0.0.1:{port}");
    // core's hub client blocks: off the async runtime.
    tokio::task::spawn_blocking(move || {
        let data = data_path;
        let store = medsos_core::Store::open(&store_path).expect("store");
        let clock = SystemClock;
        profile::save(
            store.conn(),
            &clock,
            &ProfileInput {
                name: "Dinas Kesehatan Kabupaten Cianjur".to_owned(),
                code: "DINKES".to_owned(),
                address: String::new(),
                admin_name: "Siti Nurhaliza".to_owned(),
            },
        )
        .expect("profile");
        enrol_and_save(
            store.conn(),
            &clock,
            &data,
            &hub_url,
            &code,
            "PC Humas",
            None,
        )
        .expect("enrolled");
        approved_draft_with_photos(&store, &store_path)
    })
    .await
    .expect("store prepared");

    let driver = Driver::start(data.path()).await;
    let client = driver.launch().await;
    beranda_loaded(&client).await;
    // The first sync learns that both accounts are connected to Meta through the hub.
    sync_now(&client).await;

    // Schedule both platforms at the coming minute, in the draft editor.
    let at = time::OffsetDateTime::now_utc() + time::Duration::seconds(70);
    let at_wib = medsos_core::calendar::wib::format_minute(at);
    click(&client, "nav-konten").await;
    click(&client, "draft-row").await;
    wait_for_text(&client, "draft-status", |t| t == "Disetujui").await;
    for platform in ["instagram", "facebook"] {
        schedule(&client, platform, &at_wib).await;
        wait_for_text(&client, "draft-status", |t| t == "Terjadwal").await;
    }
    screenshot(&client, "meta-10-terjadwal").await;
    // Handed over at the next sync (scheduling already tried while online).
    sync_now(&client).await;

    // The PC may be off now: the hub publishes at the slot's time.
    eventually("the hub to publish both", Duration::from_secs(150), || {
        standin.with(|w| w.ig_posts.len() == 1 && w.fb_posts.len() == 1)
    })
    .await;
    let (ig_permalink, fb_permalink, media_id) = standin.with(|w| {
        assert_eq!(w.ig_posts[0].media_type, "CAROUSEL_ALBUM");
        assert_eq!(w.ig_posts[0].children.len(), 2);
        assert_eq!(w.fb_posts[0].photo_ids.len(), 2);
        assert!(
            w.fetched_images.iter().all(|(url, status, _)| url
                .starts_with(&format!("http://127.0.0.1:{port}/m/"))
                && *status == 200),
            "{:?}",
            w.fetched_images
        );
        (
            w.ig_posts[0].permalink.clone(),
            w.fb_posts[0].permalink_url.clone(),
            w.ig_posts[0].id.clone(),
        )
    });

    // The next sync: both slots terbit with their permalinks, nothing pasted.
    sync_now(&client).await;
    click(&client, "nav-kalender").await;
    let items = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid^=slot-item-]"))
        .await
        .expect("a slot in the list");
    items.click().await.expect("open slot");
    wait_for_text(&client, "slot-status", |t| t == "Terbit").await;
    let panel = find(&client, "slot-panel")
        .await
        .text()
        .await
        .expect("panel");
    // The permalink Meta gave, as the hub recorded it: nobody pasted it.
    assert!(
        panel.contains(&ig_permalink) || panel.contains(&fb_permalink),
        "{panel}"
    );
    wait_for_text(&client, "slot-handover", |t| t.contains("Diterbitkan hub")).await;
    screenshot(&client, "meta-20-terbit").await;
    click(&client, "nav-konten").await;
    click(&client, "draft-row").await;
    wait_for_text(&client, "draft-status", |t| t == "Terbit").await;

    // Insights: the hub pulls the figures; the dashboard shows the reach.
    standin.with(|w| {
        let post = w
            .ig_posts
            .iter_mut()
            .find(|p| p.id == media_id)
            .expect("post");
        post.metrics.reach = 4951;
        post.metrics.views = 14616;
        post.metrics.likes = 42;
    });
    let pulled = hub.pull();
    assert!(pulled.contains("2 akun"), "{pulled}");
    let chromium = Chromium::start().await;
    let browser = chromium.session().await;
    browser
        .goto(&format!("http://localhost:{port}/dasbor"))
        .await
        .expect("open /dasbor");
    submit_login(&browser, "rina.kominfo", PASSWORD).await;
    let table = browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("table.overview"))
        .await
        .expect("the overview")
        .text()
        .await
        .expect("text");
    assert!(table.contains("4.951"), "reach on the dashboard: {table}");
    screenshot(&browser, "meta-30-dasbor").await;
    // Diskominfo's view of the connection: the accounts, whose they are, and the counts.
    browser
        .goto(&format!("http://localhost:{port}/meta"))
        .await
        .expect("open /meta");
    let meta_page = browser
        .find(Locator::Css("main"))
        .await
        .expect("the page")
        .text()
        .await
        .expect("text");
    assert!(meta_page.contains("@dinkes.cianjur"), "{meta_page}");
    screenshot(&browser, "meta-35-meta").await;
    browser.close().await.expect("close chromium");

    // A citizen comments; the hub reads it; the next sync brings it to Komentar masuk.
    let comment = standin.with(|w| {
        w.add_comment(
            &media_id,
            "Jadwal posyandu di Desa Cibeber kapan ya?",
            "warga_cibeber",
            time::OffsetDateTime::now_utc() - time::Duration::seconds(30),
        )
    });
    hub.pull();
    sync_now(&client).await;
    click(&client, "nav-aduan").await;
    wait_for_text(&client, "aduan-komentar-count", |t| t == "1").await;
    click(&client, "aduan-komentar").await;
    wait_for_text(&client, &format!("komentar-text-{comment}"), |t| {
        t.contains("Desa Cibeber")
    })
    .await;
    screenshot(&client, "meta-40-komentar").await;
    click(&client, &format!("komentar-aduan-{comment}")).await;
    // The complaint opens with the comment's words, channel and author.
    let detail = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=complaint-detail]"))
        .await
        .expect("the complaint")
        .text()
        .await
        .expect("text");
    assert!(detail.contains("Desa Cibeber"), "{detail}");

    // The reply goes through the hub to Meta, and into the complaint's reply log.
    click(&client, "aduan-komentar").await;
    click(&client, &format!("komentar-balas-{comment}")).await;
    fill(
        &client,
        &format!("[data-testid=komentar-balasan-{comment}]"),
        "Sabtu pukul 08.00 di balai Desa Cibeber. Terima kasih.",
    )
    .await;
    click(&client, &format!("komentar-kirim-{comment}")).await;
    wait_for_text(&client, "komentar-info", |t| t.contains("diantre")).await;
    sync_now(&client).await;
    eventually("the reply at Meta", Duration::from_secs(30), || {
        standin.with(|w| w.replies.iter().any(|r| r.comment_id == comment))
    })
    .await;
    standin.with(|w| {
        let reply = w
            .replies
            .iter()
            .find(|r| r.comment_id == comment)
            .expect("reply");
        assert_eq!(
            reply.message,
            "Sabtu pukul 08.00 di balai Desa Cibeber. Terima kasih."
        );
    });
    client.close().await.expect("close");
}
