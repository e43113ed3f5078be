use super::*;
use crate::drafts::{self, DraftInput, Platform, Status};
use crate::finding::Level;
use crate::{FixedClock, Store};
use rusqlite::Connection;
use time::macros::{date, datetime};

use crate::test_support::store;

/// 08:00 WIB on Thursday 26 November 2026.
fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-11-26 01:00 UTC))
}

/// An approved draft. Approval itself (checklist, findings) is the drafts module's business
/// and tested there; here the row is put in that state directly.
fn approved(conn: &Connection, title: &str, instagram: bool, facebook: bool) -> i64 {
    let draft = drafts::create(
        conn,
        &clock(),
        &DraftInput {
            title: title.into(),
            body: "Isi".into(),
            for_instagram: instagram,
            for_facebook: facebook,
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

fn slot_count(conn: &Connection) -> i64 {
    conn.query_row("SELECT COUNT(*) FROM slots", [], |r| r.get(0))
        .unwrap()
}

fn codes(warnings: &[crate::finding::Finding]) -> Vec<&str> {
    warnings.iter().map(|f| f.code.as_str()).collect()
}

// ---- scheduling ----

#[test]
fn scheduling_an_approved_draft_stores_utc_and_moves_the_draft_to_terjadwal() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Posyandu Cugenang", true, true);
    let out = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Instagram,
        "2026-11-27T09:00",
        "Siti",
    )
    .unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert_eq!(out.slot.at, "2026-11-27T02:00:00.000Z");
    assert_eq!(out.slot.at_wib, "2026-11-27T09:00");
    assert_eq!(out.slot.status, SlotStatus::Terjadwal);
    assert_eq!(out.slot.draft_title, "Posyandu Cugenang");
    let draft = drafts::get(store.conn(), id).unwrap();
    assert_eq!(draft.status, Status::Terjadwal);
    let steps = drafts::transitions(store.conn(), id).unwrap();
    let last = steps.last().unwrap();
    assert_eq!((last.from, last.to), (Status::Disetujui, Status::Terjadwal));
    assert_eq!(last.actor, "Siti");
}

#[test]
fn late_evening_wib_is_the_same_utc_day_and_early_morning_wib_the_previous_one() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Malam", true, true);
    let late = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Instagram,
        "2026-11-26T23:30",
        "Siti",
    )
    .unwrap();
    assert_eq!(late.slot.at, "2026-11-26T16:30:00.000Z");
    let early = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Facebook,
        "2026-11-27T05:00",
        "Siti",
    )
    .unwrap();
    assert_eq!(early.slot.at, "2026-11-26T22:00:00.000Z");
    assert_eq!(early.slot.at_wib, "2026-11-27T05:00");
}

#[test]
fn unparseable_or_impossible_times_are_refused_in_indonesian_and_nothing_is_saved() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Posyandu", true, true);
    for bad in [
        "",
        "besok pagi",
        "2026-02-30T09:00",
        "2026-11-27T24:00",
        "2026-11-27T09:60",
        "27-11-2026T09:00",
        "2026-11-27T09:00:00Z",
        "1900-01-01T09:00",
    ] {
        let err = schedule(
            store.conn_mut(),
            &clock,
            id,
            Platform::Instagram,
            bad,
            "Siti",
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid.at", "{bad}");
        assert!(
            err.to_string().contains("tidak valid") || err.to_string().contains("Tahun"),
            "{bad}: {err}"
        );
    }
    assert_eq!(slot_count(store.conn()), 0);
    assert_eq!(
        drafts::get(store.conn(), id).unwrap().status,
        Status::Disetujui
    );
}

#[test]
fn a_draft_that_is_not_approved_cannot_be_scheduled() {
    let (_dir, mut store) = store();
    let clock = clock();
    let draft = drafts::create(
        store.conn(),
        &clock,
        &DraftInput {
            title: "Belum".into(),
            ..DraftInput::default()
        },
    )
    .unwrap();
    let err = schedule(
        store.conn_mut(),
        &clock,
        draft.id,
        Platform::Instagram,
        "2026-11-27T09:00",
        "Siti",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.status");
    assert_eq!(err.to_string(), "Draf harus disetujui sebelum dijadwalkan.");
    let err = schedule(
        store.conn_mut(),
        &clock,
        9999,
        Platform::Instagram,
        "2026-11-27T09:00",
        "Siti",
    )
    .unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn a_platform_the_draft_is_not_for_is_refused() {
    let (_dir, mut store) = store();
    let id = approved(store.conn(), "Hanya Facebook", false, true);
    let err = schedule(
        store.conn_mut(),
        &clock(),
        id,
        Platform::Instagram,
        "2026-11-27T09:00",
        "Siti",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.platform");
    assert!(err.to_string().contains("Instagram"));
}

#[test]
fn a_slot_in_the_past_is_saved_with_a_warning() {
    let (_dir, mut store) = store();
    let id = approved(store.conn(), "Kemarin", true, true);
    let out = schedule(
        store.conn_mut(),
        &clock(),
        id,
        Platform::Instagram,
        "2026-11-25T09:00",
        "Siti",
    )
    .unwrap();
    assert_eq!(codes(&out.warnings), ["calendar.in_the_past"]);
    assert_eq!(out.warnings[0].level, Level::Warning);
    assert!(out.warnings[0]
        .message
        .contains("25 November 2026 09.00 WIB"));
    assert_eq!(slot_count(store.conn()), 1);
}

#[test]
fn two_slots_in_the_same_minute_on_the_same_platform_warn_but_other_platforms_do_not() {
    let (_dir, mut store) = store();
    let clock = clock();
    let a = approved(store.conn(), "A", true, true);
    let b = approved(store.conn(), "B", true, true);
    schedule(
        store.conn_mut(),
        &clock,
        a,
        Platform::Instagram,
        "2026-11-27T09:00",
        "Siti",
    )
    .unwrap();
    let other_platform = schedule(
        store.conn_mut(),
        &clock,
        b,
        Platform::Facebook,
        "2026-11-27T09:00",
        "Siti",
    )
    .unwrap();
    assert!(other_platform.warnings.is_empty());
    let clash = schedule(
        store.conn_mut(),
        &clock,
        b,
        Platform::Instagram,
        "2026-11-27T09:00",
        "Siti",
    )
    .unwrap();
    assert_eq!(codes(&clash.warnings), ["calendar.same_minute"]);
    assert_eq!(slot_count(store.conn()), 3);
    // A cancelled slot no longer clashes.
    cancel(store.conn(), &clock, clash.slot.id).unwrap();
    let again = reschedule(
        store.conn(),
        &clock,
        other_platform.slot.id,
        "2026-11-27T09:00",
    )
    .unwrap();
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
}

#[test]
fn a_refused_workflow_step_leaves_no_slot_behind() {
    let (_dir, mut store) = store();
    let id = approved(store.conn(), "Tanpa nama", true, true);
    let err = schedule(
        store.conn_mut(),
        &clock(),
        id,
        Platform::Instagram,
        "2026-11-27T09:00",
        "  ",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.actor");
    assert_eq!(slot_count(store.conn()), 0);
    assert_eq!(
        drafts::get(store.conn(), id).unwrap().status,
        Status::Disetujui
    );
}

#[test]
fn a_second_slot_of_a_scheduled_draft_keeps_it_terjadwal_with_one_workflow_step() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Dua platform", true, true);
    schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Instagram,
        "2026-11-27T09:00",
        "Siti",
    )
    .unwrap();
    schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Facebook,
        "2026-11-27T10:00",
        "Siti",
    )
    .unwrap();
    assert_eq!(slot_count(store.conn()), 2);
    assert_eq!(drafts::transitions(store.conn(), id).unwrap().len(), 1);
}

// ---- moving, cancelling, publishing ----

#[test]
fn dragging_to_another_day_keeps_the_wib_time_of_day() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Geser", true, true);
    let late = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Instagram,
        "2026-11-27T23:30",
        "S",
    )
    .unwrap()
    .slot;
    let early = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Facebook,
        "2026-11-27T05:00",
        "S",
    )
    .unwrap()
    .slot;
    let moved = move_to_day(store.conn(), &clock, late.id, "2026-11-30").unwrap();
    assert_eq!(moved.slot.at_wib, "2026-11-30T23:30");
    assert_eq!(moved.slot.at, "2026-11-30T16:30:00.000Z");
    let moved = move_to_day(store.conn(), &clock, early.id, "2026-12-01").unwrap();
    assert_eq!(moved.slot.at_wib, "2026-12-01T05:00");
    assert_eq!(moved.slot.at, "2026-11-30T22:00:00.000Z");
    for bad in ["2026-02-30", "30-11-2026", "besok"] {
        let err = move_to_day(store.conn(), &clock, early.id, bad).unwrap_err();
        assert_eq!(err.code(), "invalid.day", "{bad}");
    }
}

#[test]
fn rescheduling_warns_for_the_past_and_refuses_published_or_cancelled_slots() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Pindah", true, true);
    let ig = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Instagram,
        "2026-11-27T09:00",
        "S",
    )
    .unwrap()
    .slot;
    let fb = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Facebook,
        "2026-11-27T09:00",
        "S",
    )
    .unwrap()
    .slot;
    let back = reschedule(store.conn(), &clock, ig.id, "2026-11-20T09:00").unwrap();
    assert_eq!(codes(&back.warnings), ["calendar.in_the_past"]);
    let err = reschedule(store.conn(), &clock, ig.id, "2026-11-31T09:00").unwrap_err();
    assert_eq!(err.code(), "invalid.at");

    cancel(store.conn(), &clock, fb.id).unwrap();
    let err = reschedule(store.conn(), &clock, fb.id, "2026-11-28T09:00").unwrap_err();
    assert_eq!(err.code(), "invalid.status");
    assert!(err.to_string().contains("Dibatalkan"));
    assert_eq!(
        cancel(store.conn(), &clock, fb.id).unwrap_err().code(),
        "invalid.status"
    );
    assert_eq!(
        cancel(store.conn(), &clock, 4242).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn marking_published_validates_the_url_and_moves_the_draft_to_terbit_once() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Terbit", true, true);
    let ig = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Instagram,
        "2026-11-26T09:00",
        "S",
    )
    .unwrap()
    .slot;
    let fb = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Facebook,
        "2026-11-26T10:00",
        "S",
    )
    .unwrap()
    .slot;
    for bad in [
        "",
        "bukan tautan",
        "https://twitter.com/dinkes/status/1",
        "ftp://instagram.com/p/ABC/",
        "https://instagram.com/",
        "https://www.facebook.com/dinkes.cianjur/posts/1",
    ] {
        let err = mark_published(store.conn_mut(), &clock, ig.id, bad, "Siti").unwrap_err();
        assert_eq!(err.code(), "invalid.published_url", "{bad}");
    }
    assert_eq!(
        get(store.conn(), ig.id).unwrap().status,
        SlotStatus::Terjadwal
    );
    assert_eq!(
        drafts::get(store.conn(), id).unwrap().status,
        Status::Terjadwal
    );

    let done = mark_published(
        store.conn_mut(),
        &clock,
        ig.id,
        "https://www.instagram.com/p/ABC123/",
        "Siti",
    )
    .unwrap();
    assert_eq!(done.status, SlotStatus::Terbit);
    assert_eq!(
        done.post_url.as_deref(),
        Some("https://www.instagram.com/p/ABC123/")
    );
    let draft = drafts::get(store.conn(), id).unwrap();
    assert_eq!(draft.status, Status::Terbit);
    assert_eq!(
        draft.published_url.as_deref(),
        Some("https://www.instagram.com/p/ABC123/")
    );

    // The draft's Facebook slot goes out too; the draft is terbit already.
    mark_published(
        store.conn_mut(),
        &clock,
        fb.id,
        "https://www.facebook.com/dinkes.cianjur/posts/123",
        "Siti",
    )
    .unwrap();
    assert_eq!(drafts::transitions(store.conn(), id).unwrap().len(), 2);
    let err = mark_published(
        store.conn_mut(),
        &clock,
        ig.id,
        "https://www.instagram.com/p/XYZ/",
        "Siti",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.status");
}

#[test]
fn a_refused_publish_step_leaves_the_slot_open() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Tanpa nama", true, true);
    let ig = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Instagram,
        "2026-11-26T09:00",
        "S",
    )
    .unwrap()
    .slot;
    let err = mark_published(
        store.conn_mut(),
        &clock,
        ig.id,
        "https://www.instagram.com/p/ABC123/",
        "",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.actor");
    let slot = get(store.conn(), ig.id).unwrap();
    assert_eq!((slot.status, slot.post_url), (SlotStatus::Terjadwal, None));
}

// ---- views ----

#[test]
fn the_range_covers_whole_wib_days_and_hides_cancelled_slots() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Batas hari", true, true);
    let mut at = |platform, when: &str| {
        schedule(store.conn_mut(), &clock, id, platform, when, "S")
            .unwrap()
            .slot
    };
    let last_minute = at(Platform::Instagram, "2026-11-30T23:59");
    let midnight = at(Platform::Instagram, "2026-12-01T00:00");
    let dawn = at(Platform::Facebook, "2026-12-01T05:00");
    let cancelled = at(Platform::Facebook, "2026-12-01T07:00");
    cancel(store.conn(), &clock, cancelled.id).unwrap();

    let ids = |from, to| -> Vec<i64> {
        range(store.conn(), from, to)
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect()
    };
    assert_eq!(ids("2026-11-30", "2026-11-30"), [last_minute.id]);
    assert_eq!(ids("2026-12-01", "2026-12-01"), [midnight.id, dawn.id]);
    assert_eq!(
        ids("2026-11-01", "2026-12-31"),
        [last_minute.id, midnight.id, dawn.id]
    );
    let err = range(store.conn(), "2026-12-01", "2026-11-30").unwrap_err();
    assert_eq!(err.code(), "invalid.to");
    let err = range(store.conn(), "2026-11-31", "2026-12-01").unwrap_err();
    assert_eq!(err.code(), "invalid.from");
}

#[test]
fn a_drafts_slots_are_listed_earliest_first_without_cancelled_ones() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Dua platform", true, true);
    let other = approved(store.conn(), "Draf lain", true, true);
    let mut at = |draft, platform, when: &str| {
        schedule(store.conn_mut(), &clock, draft, platform, when, "S")
            .unwrap()
            .slot
    };
    let late = at(id, Platform::Instagram, "2026-12-02T09:00");
    let early = at(id, Platform::Facebook, "2026-12-01T09:00");
    let cancelled = at(id, Platform::Facebook, "2026-12-03T09:00");
    at(other, Platform::Facebook, "2026-12-01T10:00");
    cancel(store.conn(), &clock, cancelled.id).unwrap();

    let ids: Vec<i64> = for_draft(store.conn(), id)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, [early.id, late.id]);
}

#[test]
fn a_slot_is_missed_only_once_its_wib_day_has_ended() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Lupa", true, true);
    let slot = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Instagram,
        "2026-11-26T09:00",
        "S",
    )
    .unwrap()
    .slot;
    clock.set(datetime!(2026-11-26 23:59 +7));
    assert_eq!(mark_missed(store.conn(), &clock).unwrap(), 0);
    clock.set(datetime!(2026-11-27 00:00 +7));
    assert_eq!(mark_missed(store.conn(), &clock).unwrap(), 1);
    assert_eq!(
        get(store.conn(), slot.id).unwrap().status,
        SlotStatus::Terlewat
    );
    assert_eq!(mark_missed(store.conn(), &clock).unwrap(), 0);
    // Posted late after all: a missed slot can still be marked published.
    let done = mark_published(
        store.conn_mut(),
        &clock,
        slot.id,
        "https://www.instagram.com/p/LATE1/",
        "Siti",
    )
    .unwrap();
    assert_eq!(done.status, SlotStatus::Terbit);
}

// ---- reminders ----

#[test]
fn a_segera_reminder_is_due_within_the_lead_time_and_stays_gone_once_dismissed() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Posyandu", true, true);
    let slot = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Instagram,
        "2026-11-26T09:00",
        "S",
    )
    .unwrap()
    .slot;
    clock.set(datetime!(2026-11-26 08:29 +7));
    assert!(due_reminders(store.conn(), &clock, 30).unwrap().is_empty());
    clock.set(datetime!(2026-11-26 08:30 +7));
    let due = due_reminders(store.conn(), &clock, 30).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].slot_id, due[0].kind, due[0].at_wib.as_str()),
        (slot.id, ReminderKind::Segera, "2026-11-26T09:00")
    );
    assert!(
        due[0].message.contains("30 menit lagi"),
        "{}",
        due[0].message
    );
    assert!(due[0].message.contains("Instagram"));

    dismiss(store.conn(), &clock, slot.id, ReminderKind::Segera).unwrap();
    dismiss(store.conn(), &clock, slot.id, ReminderKind::Segera).unwrap();
    assert!(due_reminders(store.conn(), &clock, 30).unwrap().is_empty());

    // Moving the slot makes its reminders due afresh.
    reschedule(store.conn(), &clock, slot.id, "2026-11-26T08:45").unwrap();
    assert_eq!(due_reminders(store.conn(), &clock, 30).unwrap().len(), 1);
    assert_eq!(
        dismiss(store.conn(), &clock, 999, ReminderKind::Segera)
            .unwrap_err()
            .code(),
        "not_found"
    );
}

#[test]
fn a_reminder_that_fell_due_while_the_app_was_closed_is_returned_at_the_next_call() {
    let (dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Bazar UMKM", true, true);
    let slot = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Facebook,
        "2026-11-26T09:00",
        "S",
    )
    .unwrap()
    .slot;
    // The app closes at 08:00 WIB and opens again the next morning.
    drop(store);
    clock.set(datetime!(2026-11-27 07:30 +7));
    let store = Store::open(dir.path().join("s.sqlite3")).unwrap();
    mark_missed(store.conn(), &clock).unwrap();
    let due = due_reminders(store.conn(), &clock, 30).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].slot_id, due[0].kind),
        (slot.id, ReminderKind::Terlewat)
    );
    assert!(
        due[0].message.contains("26 November 2026 09.00 WIB")
            && due[0].message.contains("belum ditandai terbit"),
        "{}",
        due[0].message
    );
    dismiss(store.conn(), &clock, slot.id, ReminderKind::Terlewat).unwrap();
    assert!(due_reminders(store.conn(), &clock, 30).unwrap().is_empty());
}

#[test]
fn published_cancelled_and_long_past_slots_raise_no_reminders() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Sudah", true, true);
    let ig = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Instagram,
        "2026-11-26T08:10",
        "S",
    )
    .unwrap()
    .slot;
    let fb = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Facebook,
        "2026-11-26T08:20",
        "S",
    )
    .unwrap()
    .slot;
    let old_id = approved(store.conn(), "Lama", true, true);
    schedule(
        store.conn_mut(),
        &clock,
        old_id,
        Platform::Instagram,
        "2026-11-01T09:00",
        "S",
    )
    .unwrap();
    mark_published(
        store.conn_mut(),
        &clock,
        ig.id,
        "https://instagram.com/p/A1/",
        "S",
    )
    .unwrap();
    cancel(store.conn(), &clock, fb.id).unwrap();
    assert!(due_reminders(store.conn(), &clock, 30).unwrap().is_empty());
    assert_eq!(
        due_reminders(store.conn(), &clock, -1).unwrap_err().code(),
        "invalid.lead_minutes"
    );
}

// ---- civic layer and holidays ----

#[test]
fn civic_days_of_2026_hold_holidays_cuti_bersama_and_fixed_days_once_each() {
    let (_dir, store) = store();
    let days = civic_days(store.conn(), 2026).unwrap();
    let find = |t: &str| days.iter().filter(|d| d.tanggal == t).collect::<Vec<_>>();
    assert_eq!(find("2026-07-12")[0].jenis, CivicKind::HariJadi);
    assert_eq!(find("2026-02-16")[0].jenis, CivicKind::CutiBersama);
    let merdeka = find("2026-08-17");
    assert_eq!(merdeka.len(), 1);
    assert_eq!(merdeka[0].jenis, CivicKind::LiburNasional);
    for (t, nama) in [
        ("2026-04-21", "Hari Kartini"),
        ("2026-05-02", "Hari Pendidikan Nasional"),
        ("2026-10-01", "Hari Kesaktian Pancasila"),
        ("2026-10-28", "Hari Sumpah Pemuda"),
        ("2026-11-10", "Hari Pahlawan"),
        ("2026-11-12", "Hari Kesehatan Nasional"),
        ("2026-11-25", "Hari Guru Nasional"),
        ("2026-12-22", "Hari Ibu"),
    ] {
        assert_eq!(find(t)[0].nama, nama);
        assert_eq!(find(t)[0].jenis, CivicKind::Peringatan);
    }
    assert_eq!(days.len(), 25 + 10 - 1);
    assert!(days.windows(2).all(|w| w[0].tanggal <= w[1].tanggal));

    // A year without a holiday list still shows the fixed days, Kemerdekaan included.
    let next = civic_days(store.conn(), 2027).unwrap();
    assert_eq!(next.len(), 10);
    assert_eq!(next[3].tanggal, "2027-08-17");
    assert_eq!(
        civic_days(store.conn(), -5).unwrap_err().code(),
        "invalid.year"
    );
}

fn holiday_count(conn: &Connection, year: i32) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM holidays WHERE tanggal LIKE ?1",
        [format!("{year}-%")],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn importing_a_holiday_csv_replaces_that_years_rows_only() {
    let (_dir, mut store) = store();
    let csv = "tanggal,jenis,keterangan\n\
               2027-01-01,libur_nasional,Tahun Baru 2027 Masehi\n\
               2027-02-05,cuti_bersama,\"Cuti bersama Imlek, 2578\"\n";
    assert_eq!(
        import_holidays_csv(store.conn_mut(), csv.as_bytes()).unwrap(),
        2
    );
    assert_eq!(holiday_count(store.conn(), 2027), 2);
    assert_eq!(holiday_count(store.conn(), 2026), 25);
    let again = "\u{feff}tanggal,jenis,keterangan\r\n2027-01-01,libur_nasional,Tahun Baru\r\n";
    assert_eq!(
        import_holidays_csv(store.conn_mut(), again.as_bytes()).unwrap(),
        1
    );
    assert_eq!(holiday_count(store.conn(), 2027), 1);
    // The shipped 2026 file imports cleanly over the seeded rows.
    let shipped = include_bytes!("../../data/hari-libur-2026.csv");
    assert_eq!(import_holidays_csv(store.conn_mut(), shipped).unwrap(), 25);
    assert_eq!(holiday_count(store.conn(), 2026), 25);
}

#[test]
fn a_holiday_csv_with_a_bad_row_writes_nothing_and_names_the_row() {
    let (_dir, mut store) = store();
    let csv = "tanggal,jenis,keterangan\n\
               2027-01-01,libur_nasional,Tahun Baru 2027 Masehi\n\
               2027-02-05,cuti_bersama,Cuti bersama Imlek\n\
               2027-02-30,libur_nasional,Tanggal salah\n";
    let err = import_holidays_csv(store.conn_mut(), csv.as_bytes()).unwrap_err();
    assert_eq!(err.code(), "invalid.holidays_csv");
    assert_eq!(err.to_string(), "Baris 4: tanggal 2027-02-30 tidak valid.");
    assert_eq!(holiday_count(store.conn(), 2027), 0);

    let many = "tanggal,jenis,keterangan\n\
                2027-01-01,libur,Tahun Baru\n\
                2027-01-01,libur_nasional,Dua kali\n\
                2027-03-01,libur_nasional\n\
                2027-04-01,cuti_bersama,\n";
    let message = import_holidays_csv(store.conn_mut(), many.as_bytes())
        .unwrap_err()
        .to_string();
    for expected in [
        "Baris 2: jenis \"libur\"",
        "Baris 3: tanggal 2027-01-01 tercantum dua kali.",
        "Baris 4: harus ada 3 kolom",
        "Baris 5: keterangan wajib diisi",
    ] {
        assert!(message.contains(expected), "{expected} in {message}");
    }
    let no_header = "2027-01-01,libur_nasional,Tahun Baru\n";
    assert!(import_holidays_csv(store.conn_mut(), no_header.as_bytes())
        .unwrap_err()
        .to_string()
        .contains("Baris 1"));
    assert!(import_holidays_csv(store.conn_mut(), b"tanggal,jenis,keterangan\n").is_err());
    assert!(import_holidays_csv(store.conn_mut(), &[0xff, 0xfe, 0x00]).is_err());
    assert_eq!(holiday_count(store.conn(), 2027), 0);
    assert_eq!(holiday_count(store.conn(), 2026), 25);
}

#[test]
fn working_days_are_monday_to_friday_minus_holidays_and_cuti_bersama() {
    let (_dir, store) = store();
    let conn = store.conn();
    assert!(is_working_day(conn, date!(2026 - 11 - 26)).unwrap()); // Kamis
    assert!(!is_working_day(conn, date!(2026 - 11 - 28)).unwrap()); // Sabtu
    assert!(!is_working_day(conn, date!(2026 - 11 - 29)).unwrap()); // Minggu
    assert!(!is_working_day(conn, date!(2026 - 08 - 17)).unwrap()); // Senin, Kemerdekaan
    assert!(!is_working_day(conn, date!(2026 - 12 - 24)).unwrap()); // Kamis, cuti bersama
    assert!(is_working_day(conn, date!(2026 - 07 - 13)).unwrap()); // Senin biasa
}

// ---- iCalendar ----

#[test]
fn the_ics_export_parses_back_with_one_event_per_slot_in_utc() {
    let (_dir, mut store) = store();
    let clock = clock();
    let id = approved(store.conn(), "Posyandu; Cugenang, Cianjur", true, true);
    let late = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Instagram,
        "2026-11-26T23:30",
        "S",
    )
    .unwrap()
    .slot;
    let early = schedule(
        store.conn_mut(),
        &clock,
        id,
        Platform::Facebook,
        "2026-11-27T05:00",
        "S",
    )
    .unwrap()
    .slot;
    let ics = to_ics(store.conn(), "2026-11-01", "2026-11-30", "Dinas Kesehatan").unwrap();

    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(
        ics.split_inclusive('\n').all(|l| l.ends_with("\r\n")),
        "every line ends in CRLF"
    );
    let parsed: icalendar::Calendar = ics.parse().expect("a real parser accepts it");
    use icalendar::Component;
    let events: Vec<_> = parsed.events().collect();
    assert_eq!(events.len(), 2);
    let by_uid = |uid: &str| {
        *events
            .iter()
            .find(|e| e.get_uid() == Some(uid))
            .unwrap_or_else(|| panic!("{uid} in {ics}"))
    };
    let first = by_uid(&format!("slot-{}@medsos-pd", late.id));
    assert_eq!(first.property_value("DTSTART"), Some("20261126T163000Z"));
    assert_eq!(first.property_value("DTEND"), Some("20261126T164500Z"));
    assert_eq!(
        first.get_summary(),
        Some("[Instagram] Posyandu; Cugenang, Cianjur")
    );
    assert!(first
        .get_description()
        .unwrap_or("")
        .contains("Status: Terjadwal"));
    let second = by_uid(&format!("slot-{}@medsos-pd", early.id));
    assert_eq!(second.property_value("DTSTART"), Some("20261126T220000Z"));
    assert_eq!(
        second.get_summary(),
        Some("[Facebook] Posyandu; Cugenang, Cianjur")
    );

    // The early slot is on 27 November in WIB, so a range of the 26th (WIB) leaves it out.
    let one_day = to_ics(store.conn(), "2026-11-26", "2026-11-26", "Dinkes").unwrap();
    let parsed: icalendar::Calendar = one_day.parse().unwrap();
    assert_eq!(parsed.events().count(), 1);
    assert_eq!(
        to_ics(store.conn(), "2026-11-26", "kemarin", "Dinkes")
            .unwrap_err()
            .code(),
        "invalid.to"
    );
}

// ---- migration ----

#[test]
fn the_calendar_migration_applies_on_top_of_a_store_with_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.sqlite3");
    {
        let mut conn = Connection::open(&path).unwrap();
        crate::store::migrations().to_version(&mut conn, 4).unwrap();
        conn.execute(
            "INSERT INTO agency_profile (id, name, code, address, admin_name, updated_at)
             VALUES (1, 'Dinas Kesehatan', 'DINKES', '', 'Rina', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO drafts (title, body, status, created_at, updated_at)
             VALUES ('Lama', 'Isi', 'disetujui', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(holiday_count(store.conn(), 2026), 25);
    let out = schedule(
        store.conn_mut(),
        &clock(),
        1,
        Platform::Instagram,
        "2026-11-27T09:00",
        "Rina",
    )
    .unwrap();
    assert_eq!(out.slot.draft_title, "Lama");
}

// ---- weekly targets ----

#[test]
fn calendar_settings_default_to_three_posts_and_thirty_minutes_and_refuse_nonsense() {
    let (_dir, store) = store();
    let conn = store.conn();
    let defaults = settings(conn).unwrap();
    assert_eq!(
        defaults,
        CalendarSettings {
            instagram_weekly_target: 3,
            facebook_weekly_target: 3,
            reminder_lead_minutes: 30,
        }
    );
    let err = set_settings(
        conn,
        &CalendarSettings {
            instagram_weekly_target: 5,
            facebook_weekly_target: 99,
            reminder_lead_minutes: 10,
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.facebook_weekly_target");
    // Nothing of the refused form was written, not even its valid fields.
    assert_eq!(settings(conn).unwrap(), defaults);
    let err = set_settings(
        conn,
        &CalendarSettings {
            reminder_lead_minutes: 24 * 60 + 1,
            ..defaults.clone()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.reminder_lead_minutes");
    let saved = set_settings(
        conn,
        &CalendarSettings {
            instagram_weekly_target: 5,
            facebook_weekly_target: 2,
            reminder_lead_minutes: 60,
        },
    )
    .unwrap();
    assert_eq!(saved.instagram_weekly_target, 5);
    assert_eq!(settings(conn).unwrap(), saved);
}

#[test]
fn week_progress_counts_this_wib_week_monday_to_sunday_by_platform_and_status() {
    let (_dir, mut store) = store();
    // Thursday 26 November 2026, 08:00 WIB: the week is Mon 23 – Sun 29 November.
    let clock = clock();
    let both = approved(store.conn(), "Vaksinasi", true, true);
    let ig = approved(store.conn(), "Posyandu", true, false);
    let mut at = |draft: i64, platform: Platform, when: &str| {
        schedule(store.conn_mut(), &clock, draft, platform, when, "Siti")
            .unwrap()
            .slot
            .id
    };
    // Monday 00:30 WIB is Sunday 17:30 UTC: still this week.
    let monday_early = at(both, Platform::Instagram, "2026-11-23T00:30");
    let _tuesday_fb = at(both, Platform::Facebook, "2026-11-24T10:00");
    let _friday = at(ig, Platform::Instagram, "2026-11-27T09:00");
    // Sunday 23:59 WIB is this week; Monday 30th 00:00 WIB and last Sunday are not.
    let _sunday_late = at(ig, Platform::Instagram, "2026-11-29T23:59");
    let _next_week = at(ig, Platform::Instagram, "2026-11-30T00:00");
    let _last_week = at(both, Platform::Facebook, "2026-11-22T23:59");
    let cancelled = at(both, Platform::Facebook, "2026-11-28T08:00");
    cancel(store.conn(), &clock, cancelled).unwrap();
    mark_published(
        store.conn_mut(),
        &clock,
        monday_early,
        "https://www.instagram.com/p/Cx1abcDEF/",
        "Siti",
    )
    .unwrap();
    // Tuesday's Facebook slot passed unposted: counted as missed before it is marked (as
    // at start, when the mark waits for the store's check) and after.
    let before_marking = week_progress(store.conn(), &clock).unwrap();
    mark_missed(store.conn(), &clock).unwrap();

    let week = week_progress(store.conn(), &clock).unwrap();
    assert_eq!(before_marking, week);
    assert_eq!(
        (week.week_start.as_str(), week.week_end.as_str()),
        ("2026-11-23", "2026-11-29")
    );
    let ig_week = &week.platforms[0];
    assert_eq!(ig_week.platform, Platform::Instagram);
    assert_eq!(
        (
            ig_week.target,
            ig_week.published,
            ig_week.scheduled,
            ig_week.missed
        ),
        (3, 1, 2, 0)
    );
    let fb_week = &week.platforms[1];
    assert_eq!(
        (
            fb_week.target,
            fb_week.published,
            fb_week.scheduled,
            fb_week.missed
        ),
        (3, 0, 0, 1)
    );
}

#[test]
fn on_a_sunday_evening_wib_the_week_is_still_the_one_that_began_monday() {
    let (_dir, store) = store();
    // Sunday 29 November 2026, 22:00 WIB = 15:00 UTC.
    let sunday = FixedClock::new(datetime!(2026-11-29 15:00 UTC));
    let week = week_progress(store.conn(), &sunday).unwrap();
    assert_eq!(week.week_start, "2026-11-23");
    // Monday 30 November 01:00 WIB is still Sunday in UTC, but a new week in Cianjur.
    let monday = FixedClock::new(datetime!(2026-11-29 18:00 UTC));
    assert_eq!(
        week_progress(store.conn(), &monday).unwrap().week_start,
        "2026-11-30"
    );
}

#[test]
fn only_scheduled_or_missed_slots_can_still_move() {
    let open: Vec<_> = SlotStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .collect();
    assert_eq!(open, [SlotStatus::Terjadwal, SlotStatus::Terlewat]);
    for s in SlotStatus::ALL {
        assert_eq!(SlotStatus::parse(s.as_str()), Some(s));
    }
}
