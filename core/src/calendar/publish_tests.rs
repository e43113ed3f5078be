use super::*;
use crate::drafts::{self, DraftInput, Platform, Status};
use crate::sync::briefs::{create_draft_from_brief, store_briefs};
use crate::test_support::store;
use crate::FixedClock;
use medsos_protocol::{Brief, BriefList};
use rusqlite::Connection;
use time::macros::datetime;

const IG: &str = "https://www.instagram.com/p/C9xYz12AbCd/";
const FB: &str = "https://www.facebook.com/dinkes.cianjur/posts/123";

/// 08:00 WIB on Thursday 26 November 2026.
fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-11-26 01:00 UTC))
}

/// An approved draft for Instagram and Facebook (approval is the drafts module's business).
fn approved(conn: &Connection) -> i64 {
    let draft = drafts::create(
        conn,
        &clock(),
        &DraftInput {
            title: "Posyandu Cugenang".into(),
            body: "Isi".into(),
            ..DraftInput::default()
        },
    )
    .unwrap();
    conn.execute(
        "UPDATE drafts SET status = 'disetujui' WHERE id = ?1",
        [draft.id],
    )
    .unwrap();
    draft.id
}

fn slot_on(conn: &mut Connection, draft: i64, platform: Platform, at: &str) -> Slot {
    schedule(conn, &clock(), draft, platform, at, "Siti")
        .unwrap()
        .slot
}

fn input(slot_id: Option<i64>, platform: Option<Platform>, url: &str) -> PublishInput {
    PublishInput {
        slot_id,
        platform,
        url: url.into(),
        actor: "Siti".into(),
    }
}

fn slot_rows(conn: &Connection) -> Vec<(String, String, Option<String>)> {
    conn.prepare("SELECT platform, status, post_url FROM slots ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn fulfilments(conn: &Connection) -> Vec<(i64, String, String)> {
    conn.prepare("SELECT brief_id, url, day FROM brief_fulfilments ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn steps(conn: &Connection, draft: i64) -> Vec<(Status, Status)> {
    drafts::transitions(conn, draft)
        .unwrap()
        .into_iter()
        .map(|t| (t.from, t.to))
        .collect()
}

/// The day's Instagram (published, missed) once the day is over and the sweep has run.
fn instagram_day_counts(conn: &Connection, day: &str) -> (u32, u32) {
    let next_morning = FixedClock::new(datetime!(2026-11-28 01:00 UTC));
    mark_missed(conn, &next_morning).unwrap();
    let posts = crate::sync::build(conn, &next_morning, day, 1)
        .unwrap()
        .posts
        .instagram;
    (posts.published, posts.missed)
}

#[test]
fn publishing_a_draft_with_one_open_slot_marks_that_slot_and_the_day_counts_it_published() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn());
    let slot = slot_on(
        store.conn_mut(),
        id,
        Platform::Instagram,
        "2026-11-26T09:00",
    );

    let done = publish(store.conn_mut(), &clock, id, &input(None, None, IG)).unwrap();

    assert_eq!(done.id, slot.id);
    assert_eq!(done.status, SlotStatus::Terbit);
    assert_eq!(done.post_url.as_deref(), Some(IG));
    let draft = drafts::get(store.conn(), id).unwrap();
    assert_eq!(
        (draft.status, draft.published_url.as_deref()),
        (Status::Terbit, Some(IG))
    );
    assert_eq!(
        steps(store.conn(), id),
        vec![
            (Status::Disetujui, Status::Terjadwal),
            (Status::Terjadwal, Status::Terbit)
        ]
    );
    assert_eq!(instagram_day_counts(store.conn(), "2026-11-26"), (1, 0));
}

#[test]
fn several_open_slots_ask_which_and_the_chosen_one_is_marked() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn());
    let first = slot_on(
        store.conn_mut(),
        id,
        Platform::Instagram,
        "2026-11-26T09:00",
    );
    let second = slot_on(
        store.conn_mut(),
        id,
        Platform::Instagram,
        "2026-11-26T19:00",
    );

    let err = publish(store.conn_mut(), &clock, id, &input(None, None, IG)).unwrap_err();
    assert_eq!(err.code(), "invalid.slot");
    assert!(err.to_string().contains("Pilih jadwal"), "{err}");
    assert!(slot_rows(store.conn()).iter().all(|s| s.1 == "terjadwal"));
    assert_eq!(
        drafts::get(store.conn(), id).unwrap().status,
        Status::Terjadwal
    );

    let done = publish(
        store.conn_mut(),
        &clock,
        id,
        &input(Some(second.id), None, IG),
    )
    .unwrap();
    assert_eq!((done.id, done.status), (second.id, SlotStatus::Terbit));
    assert_eq!(
        get(store.conn(), first.id).unwrap().status,
        SlotStatus::Terjadwal
    );
    assert_eq!(
        drafts::get(store.conn(), id).unwrap().status,
        Status::Terbit
    );
}

#[test]
fn a_platform_narrows_the_open_slots_to_the_one_on_that_platform() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn());
    slot_on(
        store.conn_mut(),
        id,
        Platform::Instagram,
        "2026-11-26T09:00",
    );
    let fb = slot_on(store.conn_mut(), id, Platform::Facebook, "2026-11-26T10:00");

    let done = publish(
        store.conn_mut(),
        &clock,
        id,
        &input(None, Some(Platform::Facebook), FB),
    )
    .unwrap();
    assert_eq!((done.id, done.status), (fb.id, SlotStatus::Terbit));
}

#[test]
fn a_draft_without_a_slot_asks_for_the_platform_then_records_a_slot_for_now() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn());

    let err = publish(store.conn_mut(), &clock, id, &input(None, None, IG)).unwrap_err();
    assert_eq!(err.code(), "invalid.platform");
    assert!(slot_rows(store.conn()).is_empty());

    let done = publish(
        store.conn_mut(),
        &clock,
        id,
        &input(None, Some(Platform::Instagram), IG),
    )
    .unwrap();
    assert_eq!(done.at_wib, "2026-11-26T08:00");
    assert_eq!(
        (done.platform, done.status, done.post_url.as_deref()),
        (Platform::Instagram, SlotStatus::Terbit, Some(IG))
    );
    assert_eq!(
        steps(store.conn(), id),
        vec![
            (Status::Disetujui, Status::Terjadwal),
            (Status::Terjadwal, Status::Terbit)
        ]
    );
    assert_eq!(instagram_day_counts(store.conn(), "2026-11-26"), (1, 0));

    // The same post recorded twice would count twice: refused.
    let err = publish(
        store.conn_mut(),
        &clock,
        id,
        &input(None, Some(Platform::Instagram), IG),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.published_url");
    assert_eq!(slot_rows(store.conn()).len(), 1);
}

#[test]
fn a_url_of_another_platform_is_refused_and_nothing_changes() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn());

    // No slot yet: the new slot would be Instagram, the URL is Facebook's.
    let err = publish(
        store.conn_mut(),
        &clock,
        id,
        &input(None, Some(Platform::Instagram), FB),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.published_url");
    assert!(slot_rows(store.conn()).is_empty());
    assert_eq!(
        drafts::get(store.conn(), id).unwrap().status,
        Status::Disetujui
    );

    let ig = slot_on(
        store.conn_mut(),
        id,
        Platform::Instagram,
        "2026-11-26T09:00",
    );
    let err = publish(store.conn_mut(), &clock, id, &input(None, None, FB)).unwrap_err();
    assert_eq!(err.code(), "invalid.published_url");
    assert!(err.to_string().contains("Instagram"), "{err}");
    assert_eq!(
        slot_rows(store.conn()),
        vec![("instagram".into(), "terjadwal".into(), None)]
    );
    assert_eq!(
        drafts::get(store.conn(), id).unwrap().status,
        Status::Terjadwal
    );
    assert_eq!(steps(store.conn(), id).len(), 1);

    // A platform the draft is not meant for is refused too.
    store
        .conn()
        .execute("UPDATE drafts SET for_facebook = 0 WHERE id = ?1", [id])
        .unwrap();
    store
        .conn()
        .execute(
            "UPDATE slots SET status = 'dibatalkan' WHERE id = ?1",
            [ig.id],
        )
        .unwrap();
    let err = publish(
        store.conn_mut(),
        &clock,
        id,
        &input(None, Some(Platform::Facebook), FB),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.platform");
}

#[test]
fn only_an_approved_or_scheduled_draft_and_its_own_open_slot_can_be_published() {
    let (_dir, mut store) = store();
    let clock = clock();
    let raw = drafts::create(
        store.conn(),
        &clock,
        &DraftInput {
            title: "Belum disetujui".into(),
            ..DraftInput::default()
        },
    )
    .unwrap();
    let err = publish(
        store.conn_mut(),
        &clock,
        raw.id,
        &input(None, Some(Platform::Instagram), IG),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.status");

    let id = approved(store.conn());
    let other = approved(store.conn());
    let theirs = slot_on(
        store.conn_mut(),
        other,
        Platform::Instagram,
        "2026-11-26T09:00",
    );
    let err = publish(
        store.conn_mut(),
        &clock,
        id,
        &input(Some(theirs.id), None, IG),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.slot");

    // Publishing is one act: the bare workflow step is not offered on its own.
    let err = drafts::transition(store.conn_mut(), &clock, other, Status::Terbit, "Siti", "")
        .unwrap_err();
    assert_eq!(err.code(), "invalid.status");
    assert_eq!(
        get(store.conn(), theirs.id).unwrap().status,
        SlotStatus::Terjadwal
    );
}

#[test]
fn publishing_a_draft_answering_a_brief_records_its_fulfilment_once() {
    let (_dir, mut store) = store();
    let clock = clock();
    store_briefs(
        store.conn(),
        &clock,
        &BriefList {
            briefs: vec![Brief {
                id: 7,
                title: "Hari Jadi Cianjur".into(),
                body: "Unggah ucapan.".into(),
                programme: "Cianjur Manjur".into(),
                from_day: "2026-11-23".into(),
                to_day: "2026-12-06".into(),
                attachments: Vec::new(),
            }],
        },
    )
    .unwrap();
    let id = create_draft_from_brief(store.conn(), &clock, 7).unwrap().id;
    store
        .conn()
        .execute("UPDATE drafts SET status = 'disetujui' WHERE id = ?1", [id])
        .unwrap();
    slot_on(
        store.conn_mut(),
        id,
        Platform::Instagram,
        "2026-11-26T09:00",
    );

    // A refused attempt records nothing.
    publish(store.conn_mut(), &clock, id, &input(None, None, FB)).unwrap_err();
    assert!(fulfilments(store.conn()).is_empty());

    publish(store.conn_mut(), &clock, id, &input(None, None, IG)).unwrap();
    assert_eq!(
        fulfilments(store.conn()),
        vec![(7, IG.to_string(), "2026-11-26".to_string())]
    );
    // The slot is closed now: a second click is refused and adds nothing.
    let err = publish(store.conn_mut(), &clock, id, &input(None, None, IG)).unwrap_err();
    assert_eq!(err.code(), "invalid.platform");
    assert_eq!(fulfilments(store.conn()).len(), 1);
    assert_eq!(
        crate::sync::build(store.conn(), &clock, "2026-11-26", 1)
            .unwrap()
            .briefs_fulfilled,
        1
    );
}

// ---- changing a slot's time ----

#[test]
fn changing_a_slots_time_keeps_its_wib_day() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn());
    let slot = slot_on(
        store.conn_mut(),
        id,
        Platform::Instagram,
        "2026-11-27T09:00",
    );

    let moved = move_to_time(store.conn(), &clock, slot.id, "06:30").unwrap();
    // 06:30 WIB is the previous day in UTC; the WIB day stays.
    assert_eq!(moved.slot.at_wib, "2026-11-27T06:30");
    assert_eq!(moved.slot.at, "2026-11-26T23:30:00.000Z");
    assert_eq!(moved.slot.status, SlotStatus::Terjadwal);
    let moved = move_to_time(store.conn(), &clock, slot.id, " 23:59 ").unwrap();
    assert_eq!(moved.slot.at_wib, "2026-11-27T23:59");
}

#[test]
fn an_impossible_time_or_a_closed_slot_cannot_change_time() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn());
    let slot = slot_on(
        store.conn_mut(),
        id,
        Platform::Instagram,
        "2026-11-27T09:00",
    );
    for bad in [
        "",
        "24:00",
        "09:60",
        "9.00",
        "jam sembilan",
        "2026-11-27T10:00",
    ] {
        let err = move_to_time(store.conn(), &clock, slot.id, bad).unwrap_err();
        assert_eq!(err.code(), "invalid.time", "{bad}");
    }
    assert_eq!(
        get(store.conn(), slot.id).unwrap().at_wib,
        "2026-11-27T09:00"
    );

    publish(store.conn_mut(), &clock, id, &input(None, None, IG)).unwrap();
    let err = move_to_time(store.conn(), &clock, slot.id, "10:00").unwrap_err();
    assert_eq!(err.code(), "invalid.status");
}
