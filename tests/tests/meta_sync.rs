//! Terhubung ke Meta across the real parts, without the window: the real hub binary on
//! loopback (connected with `medsos-hub meta connect`, publishing with its own timer), the
//! Graph API stand-in (which fetches the photos from the hub's public URL), and a real PC
//! store that syncs with the hub through core's `sync_all`.

mod support;

use medsos_core::calendar;
use medsos_core::drafts::{self, Platform};
use medsos_core::sync::{enrol_and_save, sync_all};
use medsos_core::SystemClock;
use medsos_graph_standin::StandIn;
use std::time::{Duration, Instant};
use support::meta::{approved_draft_with_photos, world, ConnectedHub};

fn wait_until(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_slot_handed_over_at_sync_is_published_by_the_hub_and_comes_back_terbit() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let standin = runtime.block_on(StandIn::start(world()));

    // The hub: Dinas Kesehatan, its approved accounts, connected to Meta with the system token.
    let hub = ConnectedHub::start(&standin.base_url(), None);
    let port = hub.port;
    let code = hub.code.clone();

    // The PC: enrolled, a draft with two photos, approved and scheduled a minute ahead on
    // Instagram (a carousel) and Facebook.
    let data = tempfile::tempdir().expect("data dir");
    let store_path = data.path().join("medsos-pd.sqlite3");
    let mut store = medsos_core::Store::open(&store_path).expect("store");
    let clock = SystemClock;
    enrol_and_save(
        store.conn(),
        &clock,
        data.path(),
        &hub.url(),
        &code,
        "PC uji Meta",
        None,
    )
    .expect("enrolled");
    let draft_id = approved_draft_with_photos(&store, &store_path);
    // Before the first sync the PC does not know the hub is connected: nothing to hand over.
    assert!(
        !medsos_core::meta::state(store.conn())
            .expect("state")
            .instagram
    );
    sync_all(store.conn_mut(), &clock, data.path(), 1).expect("first sync");
    let state = medsos_core::meta::state(store.conn()).expect("state");
    assert!(state.instagram && state.facebook, "{state:?}");

    let at = time::OffsetDateTime::now_utc() + time::Duration::minutes(1);
    let at_wib = medsos_core::calendar::wib::format_minute(at);
    let mut slots = Vec::new();
    for platform in [Platform::Instagram, Platform::Facebook] {
        let outcome = calendar::schedule(
            store.conn_mut(),
            &clock,
            draft_id,
            platform,
            &at_wib,
            "Rina",
        )
        .expect("scheduled");
        slots.push(outcome.slot.id);
    }
    let report = sync_all(store.conn_mut(), &clock, data.path(), 1).expect("sync hands over");
    assert_eq!(report.meta_handed_over, 2, "{report:?}");
    assert!(report.error.is_none(), "{report:?}");
    let handovers = medsos_core::meta::handovers(store.conn(), &clock).expect("handovers");
    assert!(
        handovers.iter().all(|h| h.state == "menunggu"),
        "{handovers:?}"
    );

    // The PC may now be off: the hub publishes at the slot's time on its own.
    wait_until("the hub to publish both", Duration::from_secs(120), || {
        standin.with(|w| w.ig_posts.len() == 1 && w.fb_posts.len() == 1)
    });
    standin.with(|w| {
        assert_eq!(w.ig_posts[0].media_type, "CAROUSEL_ALBUM");
        assert!(w.ig_posts[0].caption.contains("#CianjurSehat"));
        assert!(w.fetched_images.iter().all(|(url, status, _)| {
            url.starts_with(&format!("http://127.0.0.1:{port}/m/")) && *status == 200
        }));
    });

    // Next sync: the slots are terbit with their permalinks, no URL pasted.
    let report = sync_all(store.conn_mut(), &clock, data.path(), 1).expect("sync brings states");
    assert_eq!(report.meta_published, 2, "{report:?}");
    for slot in slots {
        let slot = calendar::get(store.conn(), slot).expect("slot");
        assert_eq!(slot.status, calendar::SlotStatus::Terbit, "{slot:?}");
        let url = slot.post_url.expect("permalink");
        assert!(
            url.starts_with("https://www.instagram.com/p/")
                || url.starts_with("https://www.facebook.com/"),
            "{url}"
        );
    }
    assert_eq!(
        drafts::get(store.conn(), draft_id).expect("draft").status,
        drafts::Status::Terbit
    );

    // A citizen comments on the Instagram post: it reaches Komentar masuk at the next sync,
    // becomes a complaint in one click, and a reply goes back through the hub.
    let media_id = standin.with(|w| w.ig_posts[0].id.clone());
    let commented = time::OffsetDateTime::now_utc() - time::Duration::seconds(5);
    let comment = standin.with(|w| {
        w.add_comment(
            &media_id,
            "Jadwal posyandu di Cibeber kapan?",
            "warga_cibeber",
            commented,
        )
    });
    hub.pull();
    let report = sync_all(store.conn_mut(), &clock, data.path(), 1).expect("sync brings comments");
    assert_eq!(report.comments_received, 1, "{report:?}");
    let inbox = medsos_core::meta::inbox(store.conn(), 50).expect("inbox");
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].id, comment);
    assert_eq!(inbox[0].author.as_deref(), Some("warga_cibeber"));
    let complaint = medsos_core::meta::make_complaint(store.conn(), &clock, &comment, "Rina")
        .expect("complaint");
    let made = medsos_core::complaints::get(store.conn(), &clock, complaint, "Rina").expect("get");
    assert_eq!(made.body, "Jadwal posyandu di Cibeber kapan?");
    assert_eq!(made.citizen_name, "@warga_cibeber");
    medsos_core::meta::reply(
        store.conn(),
        &clock,
        &comment,
        "Sabtu pukul 08.00 di balai desa.",
        "Rina",
    )
    .expect("reply");
    let replies = medsos_core::complaints::replies(store.conn(), complaint).expect("replies");
    assert_eq!(replies.len(), 1, "the reply is in the complaint's log");
    sync_all(store.conn_mut(), &clock, data.path(), 1).expect("sync sends the reply");
    wait_until("the hub to post the reply", Duration::from_secs(30), || {
        standin.with(|w| w.replies.iter().any(|r| r.comment_id == comment))
    });
    standin.with(|w| {
        let reply = w
            .replies
            .iter()
            .find(|r| r.comment_id == comment)
            .expect("reply");
        assert_eq!(reply.message, "Sabtu pukul 08.00 di balai desa.");
    });
}
