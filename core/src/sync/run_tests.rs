use super::*;
use crate::drafts::{self, DraftInput};
use crate::FixedClock;
use medsos_protocol::DayResult;
use time::macros::datetime;

use crate::sync::canned_hub::{canned_hub, request_lines};
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
    assert_eq!(
        s.last_success_at.as_deref(),
        Some("2026-11-26T02:05:00.000Z")
    );

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

fn client(url: &str) -> HubClient {
    HubClient::new(url, None).unwrap().with_backoff(
        std::time::Duration::from_millis(1),
        std::time::Duration::from_millis(5),
    )
}

fn summaries_answer(revision: u32, outcome: &str) -> (u16, String) {
    (
        200,
        format!(
            r#"{{"results":[{{"day":"2026-11-26","revision":{revision},"outcome":"{outcome}"}}]}}"#
        ),
    )
}

/// What the hub answers after the summaries when no fulfilment, account or report waits:
/// no briefs, one holiday this year and no list for the next, an empty registry, and a hub
/// that knows neither where accounts stand nor the kinerja (not a failure).
fn rest_of_sync() -> Vec<(u16, String)> {
    let holidays = HolidayList {
        year: 2026,
        holidays: vec![medsos_protocol::Holiday {
            day: "2026-12-25".into(),
            kind: medsos_protocol::HolidayKind::LiburNasional,
            name: "Hari Raya Natal".into(),
        }],
    };
    vec![
        (200, r#"{"briefs":[]}"#.into()),
        (200, serde_json::to_string(&holidays).unwrap()),
        (404, r#"{"code":"not_found","message":"Tidak ada."}"#.into()),
        (200, r#"{"agencies":[]}"#.into()),
        (404, r#"{"code":"not_found","message":"Tidak ada."}"#.into()),
        (
            405,
            r#"{"code":"method_not_allowed","message":"Tidak."}"#.into(),
        ),
        // A hub without Meta: the manual path stays, not a failure.
        (404, r#"{"code":"not_found","message":"Tidak ada."}"#.into()),
    ]
}

/// The window's way to the store: a lock taken for each step and let go before the network
/// is used (the shell's `WindowStore` over its `AppState`).
struct StepLocked(std::sync::Mutex<crate::Store>);

impl StoreAccess for StepLocked {
    fn with_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T>,
    ) -> std::result::Result<T, String> {
        let store = self.0.lock().unwrap();
        f(store.conn()).map_err(|e| e.to_string())
    }

    fn with_conn_mut<T>(
        &mut self,
        f: impl FnOnce(&mut Connection) -> Result<T>,
    ) -> std::result::Result<T, String> {
        let mut store = self.0.lock().unwrap();
        f(store.conn_mut()).map_err(|e| e.to_string())
    }
}

/// The history without its ids (each store numbers its own rows).
fn history_rows(conn: &Connection) -> Vec<(String, String, String, String)> {
    history(conn, 50)
        .unwrap()
        .into_iter()
        .map(|e| (e.at, e.kind, e.days, e.detail))
        .collect()
}

#[test]
fn the_window_and_the_command_line_run_the_same_sync() {
    let clock = FixedClock::new(datetime!(2026-11-26 02:00 UTC));
    let answers = || {
        let mut all = vec![summaries_answer(1, "stored")];
        all.extend(rest_of_sync());
        all
    };

    // `medsos-pd sync`: the connection held throughout.
    let (_cli_dir, mut cli_store) = store();
    draft(cli_store.conn(), &clock);
    let (url, cli_hub) = canned_hub(answers());
    let cli_report = sync_with(cli_store.conn_mut(), &clock, &client(&url), "t", 1).unwrap();
    let cli_seen = cli_hub.join().unwrap();

    // The window's button and background thread: the store locked for each step only.
    let (_window_dir, window_store) = store();
    draft(window_store.conn(), &clock);
    let mut window = StepLocked(std::sync::Mutex::new(window_store));
    let (url, window_hub) = canned_hub(answers());
    let window_report = sync_with(&mut window, &clock, &client(&url), "t", 1).unwrap();
    let window_seen = window_hub.join().unwrap();
    let window_store = window.0.into_inner().unwrap();

    assert_eq!(cli_seen, window_seen, "the same requests in the same order");
    let lines = request_lines(&cli_seen);
    assert!(lines[0].starts_with("POST /api/v1/summaries "), "{lines:?}");
    assert!(lines[1].starts_with("GET /api/v1/briefs "), "{lines:?}");
    assert!(
        lines[2].starts_with("GET /api/v1/holidays/2026 "),
        "{lines:?}"
    );
    assert!(lines[4].starts_with("GET /api/v1/registry "), "{lines:?}");
    assert_eq!(cli_report, window_report);
    assert_eq!(cli_report.error, None);
    assert_eq!(cli_report.acknowledged, 1);
    assert_eq!(cli_report.holidays_imported, 1);
    assert_eq!(cli_report.pending_days, 0);
    let rows = history_rows(cli_store.conn());
    assert_eq!(rows, history_rows(window_store.conn()));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].1, "kirim");
    assert_eq!(rows[0].2, "2026-11-26 r1");
    for store in [&cli_store, &window_store] {
        let natal: bool = store
            .conn()
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM holidays WHERE tanggal = '2026-12-25')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(natal);
    }
}

#[test]
fn a_day_the_hub_holds_higher_goes_again_one_revision_up_in_the_same_sync() {
    let (_dir, mut store) = store();
    let clock = FixedClock::new(datetime!(2026-11-26 02:00 UTC));
    draft(store.conn(), &clock);
    let mut answers = vec![
        summaries_answer(4, "ignored_older"),
        summaries_answer(5, "stored"),
    ];
    answers.extend(rest_of_sync());
    let (url, hub) = canned_hub(answers);
    let report = sync_with(store.conn_mut(), &clock, &client(&url), "t", 1).unwrap();
    hub.join().unwrap();
    assert_eq!(report.sent, vec!["2026-11-26 r1", "2026-11-26 r5"]);
    assert_eq!(report.acknowledged, 1);
    assert_eq!(report.pending_days, 0);
    assert_eq!(report.error, None);
}

#[test]
fn a_hub_that_never_acknowledges_ends_the_sync_after_a_bounded_number_of_rounds() {
    let (_dir, mut store) = store();
    let clock = FixedClock::new(datetime!(2026-11-26 02:00 UTC));
    draft(store.conn(), &clock);
    // One pending day: its batch fits in one round, and four rounds are the most a sync
    // takes. Each answer names a revision never sent, so nothing is acknowledged.
    let mut answers = vec![summaries_answer(99, "stored"); 4];
    answers.extend(rest_of_sync());
    let (url, hub) = canned_hub(answers);
    let report = sync_with(store.conn_mut(), &clock, &client(&url), "t", 1).unwrap();
    let seen = hub.join().unwrap();
    let lines = request_lines(&seen);
    let posts = lines
        .iter()
        .filter(|line| line.starts_with("POST /api/v1/summaries "))
        .count();
    assert_eq!(posts, 4, "{lines:?}");
    assert_eq!(report.acknowledged, 0);
    assert_eq!(report.pending_days, 1);
    let rows = history_rows(store.conn());
    assert_eq!(rows.len(), 4);
    assert!(
        rows.iter().all(|r| r.3.contains("tidak dijawab hub")),
        "{rows:?}"
    );
}

#[test]
fn a_failed_send_is_recorded_and_nothing_else_goes() {
    let (dir, mut store) = store();
    let clock = FixedClock::new(datetime!(2026-11-26 02:00 UTC));
    draft(store.conn(), &clock);
    let refused = (
        401,
        r#"{"code":"auth.invalid_token","message":"Token PC ini tidak dikenal hub."}"#.to_string(),
    );
    let (url, hub) = canned_hub(vec![refused]);
    let report = sync_with(store.conn_mut(), &clock, &client(&url), "t", 1).unwrap();
    assert_eq!(hub.join().unwrap().len(), 1, "nothing after the summaries");
    let error = report.error.unwrap();
    assert_eq!(report.pending_days, 1);
    let rows = history_rows(store.conn());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1, "gagal");
    assert_eq!(rows[0].3, error);
    assert_eq!(
        status(store.conn(), dir.path()).unwrap().last_error,
        Some(error)
    );
}
