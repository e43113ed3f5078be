//! Terhubung ke Meta budgets, against the Graph API stand-in over loopback, with the real hub
//! serving the photos Meta fetches (`cargo bench -p medsos-hub --bench meta`):
//! - 40 agencies' slots due in the same minute are all published within 2 minutes;
//! - a daily insights pull for 40 accounts × 30 posts takes at most 60 s.
//!
//! Each budget is measured over several rounds and reported as p50 / p95 / max of the
//! rounds' wall times. The container status is read every 2 s as in production (the
//! stand-in answers IN_PROGRESS once, as Meta often does).

use medsos_graph_standin::{IgAccount, IgMedia, Page, StandIn, World};
use medsos_hub::clock::Clock;
use medsos_hub::meta::graph::Graph;
use medsos_hub::meta::secret::SecretKey;
use medsos_hub::meta::{insights, publish, MetaSettings};
use medsos_hub::store::{SqliteStore, Store};
use medsos_hub::AppState;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::OffsetDateTime;

const AGENCIES: usize = 40;
const ROUNDS: usize = 5;
const SYSTEM_TOKEN: &str = "EAAB-bench-system-token";

struct Movable(Mutex<OffsetDateTime>);

impl Clock for Movable {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().expect("clock")
    }
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn world() -> World {
    let mut world = World::new(SYSTEM_TOKEN);
    for i in 0..AGENCIES {
        world.add_page(Page {
            id: format!("1040000000{i:05}"),
            name: format!("PD {i}"),
            username: Some(format!("pd{i}cianjur")),
            access_token: format!("EAAB-page-{i}"),
            followers: 1000,
            instagram: Some(IgAccount {
                id: format!("1784140000{i:05}"),
                username: format!("pd{i}.cianjur"),
                followers_count: 2000,
            }),
        });
    }
    world.polls_until_finished = 1;
    world.quota_total = 10_000;
    world
}

fn stats(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    format!(
        "p50 {:.2} s · p95 {:.2} s · max {:.2} s ({} rounds)",
        at(0.5).as_secs_f64(),
        at(0.95).as_secs_f64(),
        samples.last().expect("samples").as_secs_f64(),
        samples.len()
    )
}

struct Hub {
    _dir: tempfile::TempDir,
    state: AppState,
    clock: Arc<Movable>,
    base: String,
    tokens: Vec<String>,
    standin: StandIn,
}

async fn hub() -> Hub {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("hub.sqlite3");
    let key_file = dir.path().join("hub.key");
    let mut codes = Vec::new();
    for i in 0..AGENCIES {
        let out =
            medsos_hub::cli::agency::add(&db, &format!("Perangkat Daerah {i}"), &format!("PD{i}"))
                .expect("agency");
        codes.push(
            out.lines()
                .find_map(|l| l.strip_prefix("Kode pendaftaran (sekali pakai): "))
                .expect("code")
                .to_owned(),
        );
        medsos_hub::cli::accounts::add(
            &db,
            &format!("PD{i}"),
            "instagram",
            &format!("pd{i}.cianjur"),
            false,
        )
        .expect("ig");
        medsos_hub::cli::accounts::add(
            &db,
            &format!("PD{i}"),
            "facebook",
            &format!("pd{i}cianjur"),
            false,
        )
        .expect("fb");
    }
    let standin = StandIn::start(world()).await;
    let options = medsos_hub::cli::meta::Options {
        graph_url: standin.base_url(),
        key_file: key_file.clone(),
    };
    let (db2, opts) = (db.clone(), options.clone());
    tokio::task::spawn_blocking(move || medsos_hub::cli::meta::connect(&db2, SYSTEM_TOKEN, &opts))
        .await
        .expect("joined")
        .expect("connect");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let clock = Arc::new(Movable(Mutex::new(OffsetDateTime::now_utc())));
    let state = AppState::new(
        Store::new(SqliteStore::open(&db).expect("store")),
        clock.clone(),
    )
    .with_rate_limit(100_000)
    .with_meta(MetaSettings {
        graph: Graph::new(&standin.base_url()),
        public_url: Some(base.clone()),
        key: Some(SecretKey::load(&key_file).expect("key")),
        ..MetaSettings::default()
    });
    tokio::spawn(medsos_hub::connections::serve(
        listener,
        medsos_hub::app(state.clone()),
        medsos_hub::connections::Limits::default(),
        std::future::pending(),
    ));
    let http = reqwest::Client::new();
    let mut tokens = Vec::new();
    for code in codes {
        let answer: serde_json::Value = http
            .post(format!("{base}/api/v1/enrolments"))
            .json(&json!({"code": code, "device_name": "PC"}))
            .send()
            .await
            .expect("enrol")
            .json()
            .await
            .expect("json");
        tokens.push(answer["token"].as_str().expect("token").to_owned());
    }
    Hub {
        _dir: dir,
        state,
        clock,
        base,
        tokens,
        standin,
    }
}

async fn publishing(hub: &Hub) -> Vec<Duration> {
    let http = reqwest::Client::new();
    let photos: Vec<Vec<u8>> = (0..2u8)
        .map(|i| medsos_graph_standin::fixtures::jpeg(1080, 1350, 40 + i * 100))
        .collect();
    for token in &hub.tokens {
        for photo in &photos {
            http.put(format!("{}/api/v1/media/{}", hub.base, sha(photo)))
                .bearer_auth(token)
                .body(photo.clone())
                .send()
                .await
                .expect("media");
        }
    }
    let mut samples = Vec::new();
    for round in 0..ROUNDS {
        let now = *hub.clock.0.lock().expect("clock");
        let due = now + time::Duration::minutes(1);
        // Half the agencies post an Instagram carousel, half a Facebook photo, all due in
        // the same minute.
        for (i, token) in hub.tokens.iter().enumerate() {
            let (platform, media) = if i % 2 == 0 {
                ("instagram", vec![sha(&photos[0]), sha(&photos[1])])
            } else {
                ("facebook", vec![sha(&photos[0])])
            };
            let response = http
                .post(format!("{}/api/v1/publications", hub.base))
                .bearer_auth(token)
                .json(&json!({
                    "id": format!("bench-{round}-{i}"),
                    "platform": platform,
                    "scheduled_at": medsos_hub::clock::to_wire(due),
                    "caption": format!("Unggahan uji {round}-{i} #CianjurManjur"),
                    "media": media,
                }))
                .send()
                .await
                .expect("publication");
            assert!(
                response.status().is_success(),
                "{}",
                response.text().await.unwrap_or_default()
            );
        }
        *hub.clock.0.lock().expect("clock") = due;
        let before = hub.standin.with(|w| w.ig_posts.len() + w.fb_posts.len());
        let started = Instant::now();
        // The publisher's own ticks, until every one is out.
        let mut published = 0;
        while published < AGENCIES {
            published += publish::run_due(&hub.state).await.expect("round");
            if published < AGENCIES {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            assert!(
                started.elapsed() < Duration::from_secs(600),
                "stuck at {published}"
            );
        }
        samples.push(started.elapsed());
        let after = hub.standin.with(|w| w.ig_posts.len() + w.fb_posts.len());
        assert_eq!(after - before, AGENCIES, "each published exactly once");
        *hub.clock.0.lock().expect("clock") = due + time::Duration::minutes(5);
    }
    samples
}

async fn pulling(hub: &Hub) -> Vec<Duration> {
    // 30 posts of the last 30 days on every Instagram account and every Page.
    let now = OffsetDateTime::now_utc();
    *hub.clock.0.lock().expect("clock") = now;
    hub.standin.with(|w| {
        w.ig_posts.clear();
        w.fb_posts.clear();
        for i in 0..AGENCIES {
            for p in 0..30i64 {
                w.ig_posts.push(IgMedia {
                    id: format!("179{i:05}{p:05}"),
                    owner_ig_id: format!("1784140000{i:05}"),
                    caption: format!("Postingan {p}"),
                    permalink: format!("https://www.instagram.com/p/B{i}X{p}/"),
                    timestamp: now - time::Duration::hours(p * 23 + 1),
                    media_type: "IMAGE".to_owned(),
                    ..IgMedia::default()
                });
            }
        }
    });
    let mut samples = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let report = insights::pull(&hub.state).await.expect("pull");
        samples.push(started.elapsed());
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert!(report.posts >= AGENCIES * 30, "{}", report.posts);
    }
    samples
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: run only for bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let hub = hub().await;
        let publish = publishing(&hub).await;
        println!(
            "{AGENCIES} agencies' slots due in the same minute (20 IG carousels of 2, 20 FB photos), until all published: {} — budget 120 s",
            stats(publish)
        );
        let pull = pulling(&hub).await;
        println!(
            "daily insights pull, {AGENCIES} IG accounts × 30 posts + {AGENCIES} Pages: {} — budget 60 s",
            stats(pull)
        );
    });
}
