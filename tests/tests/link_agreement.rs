//! One verdict per post address. Every row of `medsos_rules::links::agreement_table` goes
//! through the three places that judge a post's link, with real parts:
//!
//! 1. the desktop workflow: core's `calendar::publish` on a real store, for a draft made from
//!    a Diskominfo brief;
//! 2. the brief fulfilment that publishing records on the PC, which the sync then sends;
//! 3. the real hub on loopback, receiving fulfilments over HTTP, both as the PC sends them
//!    (after a real `sync_all`) and as pasted (straight to `POST /api/v1/brief-fulfilments`).
//!
//! All three must give the table's answer: a link the PC accepts is never refused by the hub.

mod support;

use medsos_core::calendar::{publish, PublishInput};
use medsos_core::drafts::Platform;
use medsos_core::sync::briefs::{create_draft_from_brief, pending_fulfilment_count};
use medsos_core::sync::{enrol_and_save, load_credentials, sync_all};
use medsos_core::FixedClock;
use medsos_rules::links::{agreement_table, post_link};
use std::collections::BTreeSet;
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};
use support::*;
use time::macros::datetime;

const BRIEF_TITLE: &str = "Bulan imunisasi anak: ajak warga ke posyandu";
/// The day the posts went out (WIB), inside the brief's days.
const DAY: &str = "2026-11-26";

fn wait_for_hub(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the hub did not start on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn add_brief(db: &Path) -> i64 {
    let said = hub_admin(
        &[
            "brief",
            "add",
            "--title",
            BRIEF_TITLE,
            "--body",
            "Unggah kegiatan bulan imunisasi anak.",
            "--programme",
            "#CianjurSehat",
            "--from",
            "2026-11-23",
            "--to",
            "2026-12-06",
        ],
        db,
        None,
    );
    said.split('#')
        .nth(1)
        .and_then(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("brief id in {said:?}"))
}

/// The hub's answer to one fulfilment posted as is: its status and error code, if any.
fn hub_verdict(port: u16, token: &str, brief: i64, platform: &str, url: &str) -> (u16, String) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let response = reqwest::Client::new()
            .post(format!("http://127.0.0.1:{port}/api/v1/brief-fulfilments"))
            .bearer_auth(token)
            .json(&serde_json::json!({"fulfilments": [
                {"brief_id": brief, "platform": platform, "url": url, "day": DAY}
            ]}))
            .send()
            .await
            .expect("the hub answers");
        let status = response.status().as_u16();
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        (status, body["code"].as_str().unwrap_or_default().to_owned())
    })
}

#[test]
fn the_pc_its_brief_fulfilments_and_the_hub_agree_on_every_post_link() {
    let hub_dir = tempfile::tempdir().expect("temp dir");
    let db = hub_dir.path().join("hub.sqlite3");
    let code = hub_add_agency(&db, "Dinas Kesehatan Kabupaten Cianjur", "DINKES");
    let brief = add_brief(&db);
    let port = free_port();
    let _hub = serve_hub(&db, port);
    wait_for_hub(port);

    // The PC: a real store, enrolled with the hub, and a sync that brings the brief.
    let data = tempfile::tempdir().expect("data dir");
    let mut store = medsos_core::Store::open(data.path().join("medsos-pd.sqlite3")).expect("store");
    // 10:00 WIB on Thursday 26 November 2026.
    let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
    enrol_and_save(
        store.conn(),
        &clock,
        data.path(),
        &format!("http://127.0.0.1:{port}"),
        &code,
        "PC uji tautan",
        None,
    )
    .expect("enrolled");
    sync_all(store.conn_mut(), &clock, data.path(), 1).expect("first sync brings the brief");
    let token = load_credentials(data.path())
        .expect("credentials")
        .expect("saved")
        .token;

    let mut kept = BTreeSet::new();
    for (input, verdict) in agreement_table() {
        // 1. The desktop workflow: a draft answering the brief, approved, marked terbit on the
        //    table's platform (Instagram for links the table refuses).
        let platform = verdict.clone().unwrap_or(Platform::Instagram);
        let draft = create_draft_from_brief(store.conn(), &clock, brief).expect("draft");
        store
            .conn()
            .execute(
                "UPDATE drafts SET status = 'disetujui' WHERE id = ?1",
                [draft.id],
            )
            .expect("approved");
        let before = pending_fulfilment_count(store.conn()).expect("count");
        let published = publish(
            store.conn_mut(),
            &clock,
            draft.id,
            &PublishInput {
                slot_id: None,
                platform: Some(platform),
                url: input.to_owned(),
                actor: "Siti".to_owned(),
            },
        );
        // 2. The fulfilment publishing recorded (or did not).
        let after = pending_fulfilment_count(store.conn()).expect("count");
        match &verdict {
            Ok(_) => {
                let slot = published.unwrap_or_else(|e| panic!("PC refused {input:?}: {e}"));
                let form = post_link(input).expect("accepted").url;
                assert_eq!(slot.post_url.as_deref(), Some(form.as_str()), "{input:?}");
                assert_eq!(after, before + 1, "a fulfilment for {input:?}");
                kept.insert(form);
            }
            Err(problem) => {
                let err = published.expect_err(input);
                assert_eq!(err.code(), "invalid.published_url", "{input:?}");
                assert_eq!(err.to_string(), problem.message(), "{input:?}");
                assert_eq!(after, before, "no fulfilment for {input:?}");
            }
        }
        // 3a. The hub, given the link as pasted.
        let (status, code) = hub_verdict(port, &token, brief, platform.as_str(), input);
        match &verdict {
            Ok(_) => assert_eq!(status, 200, "hub refused {input:?}: {code}"),
            Err(_) => {
                assert_eq!(
                    (status, code.as_str()),
                    (422, "fulfilment.invalid_url"),
                    "{input:?}"
                );
            }
        }
    }

    // A link on the other platform: refused by the PC and by the hub alike.
    let draft = create_draft_from_brief(store.conn(), &clock, brief).expect("draft");
    store
        .conn()
        .execute(
            "UPDATE drafts SET status = 'disetujui' WHERE id = ?1",
            [draft.id],
        )
        .expect("approved");
    let facebook_post = "https://www.facebook.com/dinkes.cianjur/posts/123";
    let err = publish(
        store.conn_mut(),
        &clock,
        draft.id,
        &PublishInput {
            slot_id: None,
            platform: Some(Platform::Instagram),
            url: facebook_post.to_owned(),
            actor: "Siti".to_owned(),
        },
    )
    .expect_err("a Facebook link for Instagram");
    assert!(err.to_string().contains("bukan alamat Instagram"), "{err}");
    let (status, code) = hub_verdict(port, &token, brief, "instagram", facebook_post);
    assert_eq!((status, code.as_str()), (422, "fulfilment.invalid_url"));

    // 3b. The hub, given what the PC recorded, through a real sync: every fulfilment lands,
    //     in the form the PC kept.
    sync_all(store.conn_mut(), &clock, data.path(), 1).expect("sync sends the fulfilments");
    assert_eq!(pending_fulfilment_count(store.conn()).expect("count"), 0);
    let hub =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("hub db");
    let stored: BTreeSet<String> = hub
        .prepare("SELECT url FROM brief_fulfilments WHERE brief_id = ?1")
        .expect("fulfilments")
        .query_map([brief], |r| r.get(0))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("urls");
    assert_eq!(stored, kept);
}
