use super::*;
use crate::drafts::{self, DraftInput};
use crate::FixedClock;
use medsos_protocol::DayResult;
use time::macros::datetime;

use crate::test_support::store;

fn draft(conn: &Connection, clock: &FixedClock) {
    drafts::create(
        conn,
        clock,
        &DraftInput {
            title: "Posyandu".into(),
            body: "Isi".into(),
            for_instagram: true,
            ..DraftInput::default()
        },
    )
    .unwrap();
}

fn answer(prepared: &Prepared, outcome: DayOutcome) -> SummaryBatchResult {
    SummaryBatchResult {
        results: prepared
            .sent
            .iter()
            .map(|d| DayResult {
                day: d.day.clone(),
                revision: d.revision,
                outcome,
            })
            .collect(),
    }
}

#[test]
fn prepare_sends_at_most_30_days_oldest_first() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = FixedClock::new(datetime!(2026-09-01 02:00 UTC));
    for _ in 0..45 {
        draft(conn, &clock);
        clock.advance(time::Duration::days(1));
    }
    let prepared = prepare(conn, &clock, 100).unwrap().unwrap();
    assert_eq!(prepared.batch.days.len(), 30);
    assert_eq!(prepared.batch.schema_version, SCHEMA_VERSION);
    assert_eq!(prepared.batch.days[0].day, "2026-09-01");
    assert_eq!(prepared.batch.days[29].day, "2026-09-30");
    assert_eq!(prepared.batch.days[0].drafts_created, 1);
    let applied = apply(
        conn,
        &clock,
        &prepared,
        &answer(&prepared, DayOutcome::Stored),
    )
    .unwrap();
    assert_eq!(
        applied,
        Applied {
            acknowledged: 30,
            still_pending: 0
        }
    );
    let rest = prepare(conn, &clock, 100).unwrap().unwrap();
    assert_eq!(rest.batch.days.len(), 15);
    apply(conn, &clock, &rest, &answer(&rest, DayOutcome::Unchanged)).unwrap();
    assert!(prepare(conn, &clock, 100).unwrap().is_none());
}

#[test]
fn a_day_the_hub_holds_at_a_higher_revision_goes_again_above_it() {
    let (_dir, store) = store();
    let conn = store.conn();
    let clock = FixedClock::new(datetime!(2026-11-26 02:00 UTC));
    draft(conn, &clock);
    let prepared = prepare(conn, &clock, 30).unwrap().unwrap();
    assert_eq!(prepared.sent[0].revision, 1);
    let result = SummaryBatchResult {
        results: vec![DayResult {
            day: "2026-11-26".into(),
            revision: 4,
            outcome: DayOutcome::IgnoredOlder,
        }],
    };
    let applied = apply(conn, &clock, &prepared, &result).unwrap();
    assert_eq!(applied.still_pending, 1);
    let again = prepare(conn, &clock, 30).unwrap().unwrap();
    assert_eq!(again.sent[0].revision, 5);
    assert_eq!(again.batch.days[0].revision, 5);
    apply(conn, &clock, &again, &answer(&again, DayOutcome::Replaced)).unwrap();
    assert!(prepare(conn, &clock, 30).unwrap().is_none());
}

#[test]
fn status_and_history_say_what_happened_in_plain_words() {
    let (dir, store) = store();
    let conn = store.conn();
    let clock = FixedClock::new(datetime!(2026-11-26 02:00 UTC));
    let s = status(conn, dir.path()).unwrap();
    assert!(!s.enrolled);
    assert_eq!(s.last_success_at, None);
    draft(conn, &clock);
    assert_eq!(status(conn, dir.path()).unwrap().pending_days, 1);

    record_failure(
        conn,
        &clock,
        "Hub tidak dapat dihubungi (jaringan terputus?).",
    )
    .unwrap();
    let s = status(conn, dir.path()).unwrap();
    assert_eq!(
        s.last_error.as_deref(),
        Some("Hub tidak dapat dihubungi (jaringan terputus?).")
    );
    assert_eq!(s.pending_days, 1);

    clock.advance(time::Duration::minutes(5));
    let prepared = prepare(conn, &clock, 30).unwrap().unwrap();
    apply(
        conn,
        &clock,
        &prepared,
        &answer(&prepared, DayOutcome::Stored),
    )
    .unwrap();
    let s = status(conn, dir.path()).unwrap();
    assert_eq!(s.pending_days, 0);
    assert_eq!(s.last_error, None);
    assert_eq!(s.last_success_at.as_deref(), Some("2026-11-26T02:05:00Z"));

    let log = history(conn, 10).unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].kind, "kirim");
    assert_eq!(log[0].days, "2026-11-26 r1");
    assert!(
        log[0].detail.contains("1 hari diterima hub"),
        "{}",
        log[0].detail
    );
    assert!(log[0].detail.contains("disimpan"), "{}", log[0].detail);
    assert_eq!(log[1].kind, "gagal");
}

#[test]
fn syncing_without_enrolment_says_so() {
    let (dir, mut store) = store();
    let clock = FixedClock::new(datetime!(2026-11-26 02:00 UTC));
    let err = sync_all(store.conn_mut(), &clock, dir.path(), 1).unwrap_err();
    assert!(err.to_string().contains("belum terdaftar"), "{err}");
}
