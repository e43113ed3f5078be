//! Sinkron end to end: a store enrolled through medsos-core with the real hub on loopback,
//! then syncs through a fault-injecting proxy and across a hub restart. After each sequence
//! the hub's stored summaries must equal the app's payloads, with no duplicate and no loss.

#[path = "support/proxy.rs"]
mod proxy;
mod support;

use medsos_core::drafts::{self, DraftInput};
use medsos_core::sync::{self, HubClient};
use medsos_core::{FixedClock, Store};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::*;

fn enrolment_code(db: &Path) -> String {
    let out = Command::new(hub_binary())
        .args(["agency", "add", "--db"])
        .arg(db)
        .args(["--name", "Dinas Kesehatan", "--code", "DINKES"])
        .output()
        .expect("agency add");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    support::enrolment_code(&text)
}

/// The hub's stored summaries: day -> (revision, summary JSON).
fn hub_summaries(db: &Path) -> BTreeMap<String, (u64, serde_json::Value)> {
    let out = Command::new(hub_binary())
        .args(["summaries", "export", "--db"])
        .arg(db)
        .args([
            "--from",
            "2020-01-01",
            "--to",
            "2100-12-31",
            "--format",
            "json",
        ])
        .output()
        .expect("summaries export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let mut map = BTreeMap::new();
    for row in rows {
        let day = row["day"].as_str().unwrap().to_string();
        let revision = row["revision"].as_u64().unwrap();
        assert!(
            map.insert(day.clone(), (revision, row["summary"].clone()))
                .is_none(),
            "{day} stored twice"
        );
    }
    map
}

/// What the app has acknowledged: day -> (revision, payload it would send at that revision).
fn app_summaries(store: &Store, clock: &FixedClock) -> BTreeMap<String, (u64, serde_json::Value)> {
    let conn = store.conn();
    let days: Vec<(String, u32, i64)> = conn
        .prepare("SELECT day, COALESCE(sent_revision, 0), pending FROM sync_days ORDER BY day")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut map = BTreeMap::new();
    for (day, revision, pending) in days {
        assert_eq!(pending, 0, "{day} still pending");
        let mut payload = sync::build(conn, clock, &day, revision).unwrap();
        payload.revision = revision;
        map.insert(
            day,
            (u64::from(revision), serde_json::to_value(payload).unwrap()),
        );
    }
    map
}

fn draft(store: &Store, clock: &FixedClock, title: &str) {
    drafts::create(
        store.conn(),
        clock,
        &DraftInput {
            title: title.into(),
            body: "Isi".into(),
            for_instagram: true,
            ..DraftInput::default()
        },
    )
    .unwrap();
}

/// Runs one `sync_with` on a blocking thread (the client is blocking), with a fresh client
/// (fresh connections) through `url`.
async fn sync_via(
    store_path: PathBuf,
    clock: FixedClock,
    url: String,
    token: String,
    attempts: u32,
) -> sync::SyncReport {
    tokio::task::spawn_blocking(move || {
        let mut store = Store::open(&store_path).unwrap();
        let client = HubClient::new(&url, None)
            .unwrap()
            .with_backoff(Duration::from_millis(20), Duration::from_millis(200));
        sync::sync_with(store.conn_mut(), &clock, &client, &token, attempts).unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn summaries_reach_the_hub_exactly_once_through_a_bad_network_and_a_hub_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hub/hub.sqlite3");
    let data = dir.path().join("pc");
    std::fs::create_dir_all(&data).unwrap();
    let store_path = data.join(medsos_core::store::STORE_FILE_NAME);
    let port = free_port();
    let code = enrolment_code(&db);
    let mut hub = serve_hub(&db, port);
    let base = format!("http://127.0.0.1:{port}");

    // A store with drafts over the last 20 days (the hub takes days up to tomorrow).
    let now = time::OffsetDateTime::now_utc();
    let clock = FixedClock::new(now - time::Duration::days(20));
    let store = Store::open(&store_path).unwrap();
    for i in 0..20 {
        for _ in 0..(i % 3 + 1) {
            draft(&store, &clock, "Posyandu");
        }
        clock.advance(time::Duration::days(1));
    }
    clock.set(now);

    // Enrol through core, directly to the hub: the last 30 days with data are marked.
    let creds = {
        let (data, base, clock) = (data.clone(), base.clone(), clock.clone());
        let path = store_path.clone();
        tokio::task::spawn_blocking(move || {
            let store = Store::open(&path).unwrap();
            sync::enrol_and_save(store.conn(), &clock, &data, &base, &code, "PC Uji", None)
        })
        .await
        .unwrap()
        .expect("enrolled")
    };
    assert!(sync::status(store.conn(), &data).unwrap().enrolled);

    // 1. A clean sync: the hub holds exactly what the app would send.
    let report = sync_via(
        store_path.clone(),
        clock.clone(),
        base.clone(),
        creds.token.clone(),
        3,
    )
    .await;
    assert_eq!(report.error, None);
    assert_eq!(report.pending_days, 0);
    assert_eq!(report.acknowledged, 20);
    assert_eq!(hub_summaries(&db), app_summaries(&store, &clock));

    // 2. A correction to a past day goes again one revision up and replaces it.
    let past = now - time::Duration::days(10);
    let past_day = {
        let c = FixedClock::new(past);
        draft(&store, &c, "Koreksi");
        let wib = past.to_offset(medsos_core::clock::WIB).date();
        format!(
            "{:04}-{:02}-{:02}",
            wib.year(),
            wib.month() as u8,
            wib.day()
        )
    };
    let report = sync_via(
        store_path.clone(),
        clock.clone(),
        base.clone(),
        creds.token.clone(),
        3,
    )
    .await;
    assert_eq!(report.sent, vec![format!("{past_day} r2")]);
    let hub_now = hub_summaries(&db);
    assert_eq!(hub_now[&past_day].0, 2);
    assert_eq!(hub_now, app_summaries(&store, &clock));

    // 3. Through the fault-injecting proxy: more changes, syncs until nothing is pending.
    let proxy = proxy::Proxy::start(port, proxy::CYCLE).await;
    let via = format!("http://127.0.0.1:{}", proxy.port);
    for round in 0..6 {
        let c = FixedClock::new(now - time::Duration::days(round * 3));
        draft(&store, &c, "Lewat proxy");
        let mut tries = 0;
        loop {
            let report = sync_via(
                store_path.clone(),
                clock.clone(),
                via.clone(),
                creds.token.clone(),
                4,
            )
            .await;
            if report.pending_days == 0 && report.error.is_none() {
                break;
            }
            tries += 1;
            assert!(
                tries < 20,
                "never converged: {report:?}; {}",
                proxy.report("POST /api/v1/summaries")
            );
        }
        assert_eq!(
            hub_summaries(&db),
            app_summaries(&store, &clock),
            "round {round}; {}",
            proxy.report("POST /api/v1/summaries")
        );
    }
    assert!(
        proxy.connections.load(std::sync::atomic::Ordering::SeqCst) >= proxy::CYCLE.len(),
        "{}",
        proxy.report("POST /api/v1/summaries")
    );

    // 4. The hub is killed mid-sync and restarted on the same database.
    {
        let c = FixedClock::new(now - time::Duration::days(19));
        for _ in 0..19 {
            draft(&store, &c, "Sebelum mati");
            c.advance(time::Duration::days(1));
        }
    }
    let sync_task = tokio::spawn(sync_via(
        store_path.clone(),
        clock.clone(),
        via.clone(),
        creds.token.clone(),
        40,
    ));
    tokio::time::sleep(Duration::from_millis(150)).await;
    drop(hub); // kill
    tokio::time::sleep(Duration::from_millis(700)).await;
    hub = serve_hub(&db, port);
    let report = sync_task.await.unwrap();
    let mut tries = 0;
    let mut last = report;
    while last.pending_days > 0 || last.error.is_some() {
        tries += 1;
        assert!(tries < 20, "never converged after restart: {last:?}");
        last = sync_via(
            store_path.clone(),
            clock.clone(),
            via.clone(),
            creds.token.clone(),
            4,
        )
        .await;
    }
    assert_eq!(hub_summaries(&db), app_summaries(&store, &clock));
    let log = sync::history(store.conn(), 200).unwrap();
    assert!(log.iter().any(|e| e.kind == "daftar"));
    assert!(log.iter().any(|e| e.kind == "kirim"));
    drop(proxy);
    drop(hub);
}
