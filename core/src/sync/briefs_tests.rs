use super::*;
use crate::calendar;
use crate::drafts::Platform as DraftPlatform;
use crate::sync::canned_hub::canned_hub;
use crate::sync::client::HubClient;
use crate::sync::run::{self, send_fulfilments};
use crate::test_support::store;
use crate::FixedClock;
use medsos_protocol::{Brief, BriefAttachment};
use std::time::Duration;
use time::macros::datetime;

/// 08:00 WIB on Thursday 26 November 2026.
fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-11-26 01:00 UTC))
}

fn hub_brief(id: i64, programme: &str) -> Brief {
    Brief {
        id,
        title: format!("Arahan {id}"),
        body: "Unggah kegiatan posyandu.".into(),
        programme: programme.into(),
        from_day: "2026-11-23".into(),
        to_day: "2026-12-06".into(),
        attachments: vec![BriefAttachment {
            id: 10 + id,
            file_name: "twibbon hari jadi.png".into(),
            content_type: "image/png".into(),
            size_bytes: 2048,
        }],
    }
}

fn with_briefs(conn: &Connection, clock: &FixedClock, briefs: Vec<Brief>) {
    store_briefs(conn, clock, &BriefList { briefs }).unwrap();
}

/// A draft put straight into disetujui (approval is the drafts module's business).
fn approve(conn: &Connection, id: i64) {
    conn.execute("UPDATE drafts SET status = 'disetujui' WHERE id = ?1", [id])
        .unwrap();
}

fn fulfilment_rows(conn: &Connection) -> Vec<(i64, String, String, String)> {
    conn.prepare("SELECT brief_id, platform, url, day FROM brief_fulfilments ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn briefs_keep_their_attachments_and_a_linked_brief_survives_the_hub_dropping_it() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    with_briefs(
        conn,
        &clock,
        vec![
            hub_brief(1, "Cianjur Manjur"),
            hub_brief(2, "#CianjurSehat"),
        ],
    );
    let listed = briefs_for(conn, "2026-11-26").unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].hashtag, "#CianjurManjur");
    assert_eq!(listed[1].hashtag, "#CianjurSehat");
    assert_eq!(listed[0].attachments[0].file_name, "twibbon hari jadi.png");
    assert_eq!(listed[0].attachments[0].size_bytes, 2048);
    assert!(!listed[0].fulfilled);
    assert_eq!(
        briefs_between(conn, "2026-12-01", "2026-12-31")
            .unwrap()
            .len(),
        2
    );
    assert!(briefs_between(conn, "2027-01-01", "2027-01-31")
        .unwrap()
        .is_empty());

    let draft = create_draft_from_brief(conn, &clock, 1).unwrap();
    assert_eq!(draft.brief_id, Some(1));
    assert_eq!(draft.title, "Arahan 1");
    assert_eq!(draft.hashtags, "#CianjurManjur");
    assert!(draft.instagram_caption().contains("#CianjurManjur"));
    assert_eq!(
        brief_title_for_draft(conn, draft.id).unwrap().as_deref(),
        Some("Arahan 1")
    );

    // The hub stops listing both: brief 2 goes, brief 1 stays for its draft, unlisted.
    with_briefs(conn, &clock, vec![]);
    assert!(briefs_for(conn, "2026-11-26").unwrap().is_empty());
    assert_eq!(
        brief_title_for_draft(conn, draft.id).unwrap().as_deref(),
        Some("Arahan 1")
    );
    assert!(brief(conn, 2).is_err());
    assert_eq!(brief(conn, 1).unwrap().attachments.len(), 1);
}

#[test]
fn safe_file_names_stay_in_their_folder() {
    assert_eq!(
        safe_file_name("twibbon hari jadi.png", 3),
        "twibbon-hari-jadi.png"
    );
    assert_eq!(safe_file_name("../../etc/passwd", 3), "passwd");
    assert_eq!(safe_file_name("..\\..\\boot.ini", 3), "boot.ini");
    assert_eq!(safe_file_name(".hidden", 3), "hidden");
    assert_eq!(safe_file_name("..", 4), "lampiran-4");
    assert_eq!(safe_file_name("", 5), "lampiran-5");
    assert_eq!(safe_file_name(&"a".repeat(300), 5).len(), 100);
}

#[test]
fn publishing_a_linked_draft_records_one_fulfilment_per_url_and_an_unlinked_one_none() {
    let (_dir, mut store) = store();
    let clock = clock();
    with_briefs(store.conn(), &clock, vec![hub_brief(7, "Cianjur Manjur")]);

    // Unlinked: published, nothing recorded.
    let plain = crate::drafts::create(
        store.conn(),
        &clock,
        &DraftInput {
            title: "Biasa".into(),
            body: "Isi".into(),
            ..DraftInput::default()
        },
    )
    .unwrap();
    approve(store.conn(), plain.id);
    let slot = calendar::schedule(
        store.conn_mut(),
        &clock,
        plain.id,
        DraftPlatform::Instagram,
        "2026-11-26T09:00",
        "Siti",
    )
    .unwrap()
    .slot;
    calendar::mark_published(
        store.conn_mut(),
        &clock,
        slot.id,
        "https://www.instagram.com/p/Biasa1/",
        "Siti",
    )
    .unwrap();
    assert!(fulfilment_rows(store.conn()).is_empty());

    // Linked: two Instagram slots with the same URL and one Facebook slot.
    let linked = create_draft_from_brief(store.conn(), &clock, 7).unwrap();
    approve(store.conn(), linked.id);
    let mut slots = Vec::new();
    for (platform, at) in [
        (DraftPlatform::Instagram, "2026-11-27T09:00"),
        (DraftPlatform::Instagram, "2026-11-27T10:00"),
        (DraftPlatform::Facebook, "2026-11-28T07:30"),
    ] {
        slots.push(
            calendar::schedule(store.conn_mut(), &clock, linked.id, platform, at, "Siti")
                .unwrap()
                .slot
                .id,
        );
    }
    let ig = "https://www.instagram.com/p/C9xYz12AbCd/";
    calendar::mark_published(store.conn_mut(), &clock, slots[0], ig, "Siti").unwrap();
    calendar::mark_published(store.conn_mut(), &clock, slots[1], ig, "Siti").unwrap();
    calendar::mark_published(
        store.conn_mut(),
        &clock,
        slots[2],
        "https://www.facebook.com/dinkes/posts/1",
        "Siti",
    )
    .unwrap();
    assert_eq!(
        fulfilment_rows(store.conn()),
        vec![
            (7, "instagram".into(), ig.into(), "2026-11-27".into()),
            (
                7,
                "facebook".into(),
                "https://www.facebook.com/dinkes/posts/1".into(),
                "2026-11-28".into()
            ),
        ]
    );
    assert!(briefs_for(store.conn(), "2026-11-26").unwrap()[0].fulfilled);

    // The days' summaries count them, and the days are pending for the hub.
    let conn = store.conn();
    assert_eq!(
        crate::sync::build(conn, &clock, "2026-11-27", 1)
            .unwrap()
            .briefs_fulfilled,
        1
    );
    assert_eq!(
        crate::sync::build(conn, &clock, "2026-11-28", 1)
            .unwrap()
            .briefs_fulfilled,
        1
    );
    assert_eq!(
        crate::sync::build(conn, &clock, "2026-11-26", 1)
            .unwrap()
            .briefs_fulfilled,
        0
    );
    let pending: i64 = conn
        .query_row(
            "SELECT count(*) FROM sync_days WHERE pending = 1 AND day IN ('2026-11-27', '2026-11-28')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pending, 2);
}

#[test]
fn a_refused_draft_step_takes_the_fulfilment_back_with_the_slot() {
    let (_dir, mut store) = store();
    let clock = clock();
    with_briefs(store.conn(), &clock, vec![hub_brief(7, "")]);
    let linked = create_draft_from_brief(store.conn(), &clock, 7).unwrap();
    approve(store.conn(), linked.id);
    let slot = calendar::schedule(
        store.conn_mut(),
        &clock,
        linked.id,
        DraftPlatform::Instagram,
        "2026-11-27T09:00",
        "Siti",
    )
    .unwrap()
    .slot;
    // An empty actor name is refused by the workflow step.
    let refused = calendar::mark_published(
        store.conn_mut(),
        &clock,
        slot.id,
        "https://www.instagram.com/p/X1/",
        "",
    );
    assert!(refused.is_err());
    assert!(fulfilment_rows(store.conn()).is_empty());
    assert_eq!(
        calendar::get(store.conn(), slot.id).unwrap().status,
        calendar::SlotStatus::Terjadwal
    );
}

fn insert_fulfilments(conn: &Connection, n: usize) {
    for i in 0..n {
        conn.execute(
            "INSERT INTO brief_fulfilments (brief_id, platform, url, day, created_at)
             VALUES (1, 'instagram', ?1, '2026-11-26', '2026-11-26T01:00:00Z')",
            [format!("https://www.instagram.com/p/P{i}/")],
        )
        .unwrap();
    }
}

#[test]
fn the_outbox_hands_out_at_most_200_oldest_first_and_forgets_what_was_sent() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    insert_fulfilments(conn, 450);
    assert_eq!(pending_fulfilment_count(conn).unwrap(), 450);
    let mut sizes = Vec::new();
    loop {
        let batch = pending_fulfilments(conn, 1_000).unwrap();
        if batch.is_empty() {
            break;
        }
        sizes.push(batch.len());
        mark_fulfilments_sent(conn, &clock, &batch).unwrap();
    }
    assert_eq!(sizes, vec![200, 200, 50]);
    assert_eq!(pending_fulfilment_count(conn).unwrap(), 0);
    let sent: i64 = conn
        .query_row(
            "SELECT count(*) FROM brief_fulfilments WHERE sent_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sent, 450);
}

/// A hub that only takes fulfilments; answers how many each request carried.
fn fake_hub(answers: Vec<(u16, String)>) -> (String, std::thread::JoinHandle<Vec<usize>>) {
    let (url, hub) = canned_hub(answers);
    let sizes = std::thread::spawn(move || {
        hub.join()
            .unwrap()
            .into_iter()
            .map(|(line, body)| {
                assert!(
                    line.starts_with("POST /api/v1/brief-fulfilments "),
                    "{line}"
                );
                let batch: medsos_protocol::FulfilmentBatch =
                    serde_json::from_slice(&body).unwrap();
                batch.fulfilments.len()
            })
            .collect()
    });
    (url, sizes)
}

fn ok(n: usize) -> (u16, String) {
    (200, format!(r#"{{"recorded":{n},"unchanged":0}}"#))
}

fn client(url: &str) -> HubClient {
    HubClient::new(url, None)
        .unwrap()
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

#[test]
fn fulfilments_go_in_batches_and_are_marked_sent() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    insert_fulfilments(conn, 250);
    let (url, hub) = fake_hub(vec![ok(200), ok(50)]);
    let out = send_fulfilments(conn, &clock, &client(&url), "t", 3);
    assert_eq!(out.error, None);
    assert_eq!(out.sent, 250);
    assert_eq!(hub.join().unwrap(), vec![200, 50]);
    assert_eq!(pending_fulfilment_count(conn).unwrap(), 0);
    let history = run::history(conn, 10).unwrap();
    assert_eq!(history.len(), 2);
    assert!(history.iter().all(|h| h.kind == "kirim"), "{history:?}");
}

#[test]
fn an_older_hub_without_the_endpoint_is_logged_and_the_fulfilments_wait() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    insert_fulfilments(conn, 3);
    let (url, hub) = fake_hub(vec![(
        404,
        r#"{"code":"not_found","message":"Alamat /api/v1/brief-fulfilments tidak ada."}"#.into(),
    )]);
    let out = send_fulfilments(conn, &clock, &client(&url), "t", 3);
    assert_eq!(hub.join().unwrap(), vec![3]);
    let error = out.error.unwrap();
    assert!(error.contains("versi hub lama"), "{error}");
    assert_eq!(pending_fulfilment_count(conn).unwrap(), 3);
    let history = run::history(conn, 10).unwrap();
    assert_eq!(history[0].kind, "gagal");
    assert!(history[0].detail.contains("versi hub lama"));
}

#[test]
fn a_refused_fulfilment_is_set_aside_and_the_rest_still_go() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = clock();
    insert_fulfilments(conn, 3);
    let refused = (
        422,
        r#"{"code":"fulfilment.unknown_brief","message":"Arahan 1 tidak dikenal."}"#.to_string(),
    );
    // The batch is refused; one by one, the second is refused and the others go.
    let (url, hub) = fake_hub(vec![refused.clone(), ok(1), refused, ok(1)]);
    let out = send_fulfilments(conn, &clock, &client(&url), "t", 3);
    assert_eq!(hub.join().unwrap(), vec![3, 1, 1, 1]);
    assert_eq!(out.sent, 2);
    assert_eq!(out.rejected, 1);
    assert!(out.error.unwrap().contains("Arahan 1 tidak dikenal."));
    assert_eq!(pending_fulfilment_count(conn).unwrap(), 0);
    let rejected: String = conn
        .query_row(
            "SELECT url FROM brief_fulfilments WHERE rejected IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rejected, "https://www.instagram.com/p/P1/");
}

#[test]
fn an_older_hub_does_not_stop_the_summaries_or_the_briefs() {
    let (_dir, mut store) = store();
    let clock = clock();
    insert_fulfilments(store.conn(), 1);
    let summary_ok = r#"{"results":[{"day":"2026-11-26","revision":1,"outcome":"stored"}]}"#;
    let (url, hub) = canned_hub(vec![
        (200, summary_ok.into()),
        (
            404,
            r#"{"code":"not_found","message":"Alamat tidak ada."}"#.into(),
        ),
        (
            200,
            serde_json::to_string(&BriefList {
                briefs: vec![hub_brief(4, "")],
            })
            .unwrap(),
        ),
        (404, r#"{"code":"not_found","message":"Tidak ada."}"#.into()),
        (404, r#"{"code":"not_found","message":"Tidak ada."}"#.into()),
        (200, r#"{"agencies":[]}"#.into()),
        // Neither knows where accounts stand nor the kinerja: not a failure either.
        (404, r#"{"code":"not_found","message":"Tidak ada."}"#.into()),
        (
            405,
            r#"{"code":"method_not_allowed","message":"Tidak."}"#.into(),
        ),
        // Nor Meta: the manual path stays, and that is not a failure.
        (404, r#"{"code":"not_found","message":"Tidak ada."}"#.into()),
    ]);
    let report = crate::sync::sync_with(store.conn_mut(), &clock, &client(&url), "t", 2).unwrap();
    let paths: Vec<String> = hub
        .join()
        .unwrap()
        .into_iter()
        .map(|(line, _)| line)
        .collect();
    assert!(paths[0].starts_with("POST /api/v1/summaries "), "{paths:?}");
    assert!(
        paths[1].starts_with("POST /api/v1/brief-fulfilments "),
        "{paths:?}"
    );
    assert!(paths[2].starts_with("GET /api/v1/briefs "), "{paths:?}");
    assert!(paths[5].starts_with("GET /api/v1/registry "), "{paths:?}");
    assert!(paths[6].starts_with("GET /api/v1/accounts "), "{paths:?}");
    assert!(paths[7].starts_with("GET /api/v1/kinerja "), "{paths:?}");
    assert_eq!(report.acknowledged, 1);
    assert_eq!(report.pending_days, 0);
    assert_eq!(report.fulfilments_sent, 0);
    assert!(report.error.unwrap().contains("versi hub lama"));
    let conn = store.conn();
    assert_eq!(pending_fulfilment_count(conn).unwrap(), 1);
    assert_eq!(briefs_for(conn, "2026-11-26").unwrap()[0].id, 4);
    let kinds: Vec<String> = run::history(conn, 10)
        .unwrap()
        .into_iter()
        .map(|h| h.kind)
        .collect();
    assert_eq!(kinds, vec!["gagal".to_string(), "kirim".to_string()]);
}

/// The store's id goes with every enrolment, the same each time, so the hub can tell this
/// store enrolled again (after `agency rotate`) from a new PC.
#[test]
fn enrolment_names_the_store_with_the_same_installation_id_every_time() {
    let (dir, store) = store();
    let clock = clock();
    let enrolled = r#"{"agency_id":7,"token":"mpd_0123456789abcdef0123456789abcdef"}"#;
    let (url, hub) = canned_hub(vec![(201, enrolled.into()), (201, enrolled.into())]);
    for _ in 0..2 {
        run::enrol_and_save(
            store.conn(),
            &clock,
            dir.path(),
            &url,
            "K7QF-2M9D-XW4T",
            "PC Kantor",
            None,
        )
        .unwrap();
    }
    let seen = hub.join().unwrap();
    let ids: Vec<String> = seen
        .iter()
        .map(|(_, body)| {
            let request: medsos_protocol::EnrolmentRequest = serde_json::from_slice(body).unwrap();
            request.installation_id.expect("installation id sent")
        })
        .collect();
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[0], run::installation_id(store.conn()).unwrap());
    let parts: Vec<usize> = ids[0].split('-').map(str::len).collect();
    assert_eq!(parts, [8, 4, 4, 4, 12], "{}", ids[0]);
}
