//! Load on the public registry, and what an officer feels meanwhile: starts the hub on
//! loopback (served as `serve` serves it, client addresses known) over a store of 38 agencies
//! with two listed accounts each and a year of daily summaries, then has CLIENTS threads send
//! look-alike checks to `/registri?cek=` as fast as they are answered, each over its own
//! keep-alive connection, while one more thread asks for `/healthz` and the officer's
//! `/dasbor` in turn every 20 ms. Prints p50/p95/max of those two under no load and under
//! each load, and what the checks were answered.
//!
//! Loads: 500-character checks with the default budget per client (120 a minute; every client
//! here is 127.0.0.1, so nearly all are 429), the same with no budget (all refused by the
//! length check), and 200-character look-alike checks (the longest taken) with no budget,
//! every one matched against the registry and rendered: the work the bounds protect.
//!
//! `cargo run --release -p medsos-hub --example public_load -- [CLIENTS] [SECONDS]` (default
//! 16 10). Figures go to BENCHMARKS.md.

use medsos_hub::account::Handle;
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::clock::{today_wib, SystemClock};
use medsos_hub::store::sqlite::{self as store, accounts, agencies, summaries, users};
use medsos_hub::store::Store;
use medsos_hub::summary::check_batch;
use medsos_hub::{app, AppState};
use medsos_protocol::{DailySummary, Platform, SummaryBatch, MAX_DAYS_PER_BATCH, SCHEMA_VERSION};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use tokio::net::TcpListener;

const AGENCIES: usize = 38;
const DAYS: i64 = 365;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u64>());
    let clients = args.next().and_then(Result::ok).unwrap_or(16).clamp(1, 256) as usize;
    let seconds = args.next().and_then(Result::ok).unwrap_or(10).clamp(1, 600);

    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let started = Instant::now();
    let session = seed(&db);
    println!(
        "{AGENCIES} PD x {DAYS} hari, 2 akun resmi per PD; diisi dalam {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let cookie = format!("__Host-medsos_sesi={session}");

    // "dinkescianjur" with Cyrillic letters, repeated: a look-alike no handle can be.
    let lookalike = |chars: usize| -> String {
        "dinkesci\u{430}njur\u{3bf}"
            .chars()
            .cycle()
            .take(chars)
            .collect()
    };
    let loads: [(&str, Option<u32>, String); 3] = [
        (
            "500 karakter, batas laju bawaan",
            Some(medsos_hub::public_limit::DEFAULT_PUBLIC_PER_MINUTE),
            lookalike(500),
        ),
        ("500 karakter, tanpa batas laju", None, lookalike(500)),
        (
            "200 karakter (terpanjang yang diperiksa), tanpa batas laju",
            None,
            lookalike(200),
        ),
    ];
    for (what, budget, text) in loads {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let addr = runtime.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
            let addr = listener.local_addr().expect("address");
            let state = AppState::new(Store::open(&db).expect("store"), Arc::new(SystemClock))
                .with_public_rate_limit(budget);
            let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
            tokio::spawn(async move { axum::serve(listener, service).await });
            addr
        });
        let quiet = sample(addr, &cookie, None, Duration::from_secs(3));
        let path = format!("/registri?cek={}", encode(&text));
        let loaded = sample(
            addr,
            &cookie,
            Some((clients, path)),
            Duration::from_secs(seconds),
        );
        println!("\n{what}: {clients} klien, {seconds} s");
        println!("  tanpa beban  {}", quiet.report());
        println!("  dengan beban {}", loaded.report());
        runtime.shutdown_background();
    }
}

/// A store of [`AGENCIES`] agencies, each with an Instagram and a Facebook account listed and
/// a summary for each of the last [`DAYS`] days, and an officer; answers a session for the
/// officer.
fn seed(db: &Path) -> String {
    let mut conn = store::open(db).expect("store opens");
    let now = OffsetDateTime::now_utc();
    let today = today_wib(now);
    for n in 0..AGENCIES {
        let code = AgencyCode::parse(&format!("PD{n:02}")).expect("code");
        let name = AgencyName::parse(&format!("Perangkat Daerah Uji {n:02}")).expect("name");
        let agency = agencies::add(&mut conn, &code, &name, now).expect("agency");
        for platform in [Platform::Instagram, Platform::Facebook] {
            let handle = Handle::parse(&format!("pduji{n:02}cianjur")).expect("handle");
            accounts::add(&mut conn, &code, platform, &handle, n % 2 == 0, now).expect("listed");
        }
        let days: Vec<DailySummary> = (1..=DAYS)
            .map(|back| DailySummary::example(&(today - time::Duration::days(back)).to_string(), 1))
            .collect();
        for chunk in days.chunks(MAX_DAYS_PER_BATCH) {
            let batch = SummaryBatch {
                schema_version: SCHEMA_VERSION,
                days: chunk.to_vec(),
            };
            let checked = check_batch(&batch, today).expect("plausible");
            summaries::ingest(&mut conn, agency.id, 0, &checked, "2026-01-01T00:00:00Z")
                .expect("ingest");
        }
    }
    let officer =
        users::add(&conn, "beban", "Petugas Uji", "kata-sandi-uji-panjang", now).expect("officer");
    users::start_session(&conn, officer, now).expect("session")
}

/// What one run measured.
struct Sampled {
    healthz: Vec<Duration>,
    dasbor: Vec<Duration>,
    /// The checks' answers by status, and how many per second.
    checks: BTreeMap<u16, u64>,
    seconds: f64,
}

impl Sampled {
    fn report(&self) -> String {
        let mut line = format!(
            "/healthz {} | /dasbor {}",
            percentiles(&self.healthz),
            percentiles(&self.dasbor)
        );
        let total: u64 = self.checks.values().sum();
        if total > 0 {
            let statuses: Vec<String> = self
                .checks
                .iter()
                .map(|(status, n)| format!("{status}: {n}"))
                .collect();
            line.push_str(&format!(
                " | pemeriksaan {:.0}/s ({})",
                total as f64 / self.seconds,
                statuses.join(", ")
            ));
        }
        line
    }
}

fn percentiles(samples: &[Duration]) -> String {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 * q).ceil() as usize).clamp(1, ms.len()) - 1];
    format!(
        "p50 {:.1} ms, p95 {:.1} ms, maks {:.1} ms (n={})",
        at(0.5),
        at(0.95),
        at(1.0),
        ms.len()
    )
}

/// For `length`: `/healthz` and `/dasbor` in turn every 20 ms, each over a new connection as a
/// browser opening the page would, while `load` (when given) has that many clients send the
/// check as fast as it is answered.
fn sample(
    addr: SocketAddr,
    cookie: &str,
    load: Option<(usize, String)>,
    length: Duration,
) -> Sampled {
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = load
        .into_iter()
        .flat_map(|(clients, path)| (0..clients).map(move |_| path.clone()))
        .map(|path| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut connection = Connection::open(addr);
                let mut statuses: BTreeMap<u16, u64> = BTreeMap::new();
                while !stop.load(Ordering::Relaxed) {
                    let status = connection.get(&path, None);
                    *statuses.entry(status).or_default() += 1;
                }
                statuses
            })
        })
        .collect();
    let started = Instant::now();
    let (mut healthz, mut dasbor) = (Vec::new(), Vec::new());
    while started.elapsed() < length {
        for (path, into) in [("/healthz", &mut healthz), ("/dasbor", &mut dasbor)] {
            let asked = Instant::now();
            let status = Connection::open(addr).get(path, Some(cookie));
            into.push(asked.elapsed());
            assert_eq!(status, 200, "{path}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    stop.store(true, Ordering::Relaxed);
    let seconds = started.elapsed().as_secs_f64();
    let mut checks = BTreeMap::new();
    for worker in workers {
        for (status, n) in worker.join().expect("client thread") {
            *checks.entry(status).or_default() += n;
        }
    }
    Sampled {
        healthz,
        dasbor,
        checks,
        seconds,
    }
}

/// One keep-alive HTTP/1.1 connection.
struct Connection {
    stream: BufReader<TcpStream>,
    addr: SocketAddr,
}

impl Connection {
    fn open(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).expect("connects");
        stream.set_nodelay(true).expect("nodelay");
        Connection {
            stream: BufReader::new(stream),
            addr,
        }
    }

    /// GETs `path` and reads the whole answer; returns its status.
    fn get(&mut self, path: &str, cookie: Option<&str>) -> u16 {
        let cookie = cookie.map_or_else(String::new, |c| format!("Cookie: {c}\r\n"));
        let head = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n{cookie}\r\n", self.addr);
        self.stream
            .get_mut()
            .write_all(head.as_bytes())
            .expect("sends");
        let mut status = String::new();
        self.stream.read_line(&mut status).expect("status line");
        let code = status
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("no status in {status:?}"));
        let mut length = None;
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).expect("header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().ok();
                }
            }
        }
        let length: usize = length.unwrap_or_else(|| panic!("{path}: no Content-Length"));
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).expect("body");
        code
    }
}

/// Percent-encodes `text` for a query value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
