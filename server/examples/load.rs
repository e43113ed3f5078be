//! Load generator for `POST /api/v1/summaries`: starts the hub on loopback over a fresh store,
//! enrols PCS PCs for each of AGENCIES agencies, and has each PC post BATCHES batches of 30
//! days over one keep-alive connection, all PCs at once. Prints summary days stored per
//! second, then the same for a full replay (every day answered `unchanged`). With two PCs or
//! more per agency, every day after the first PC's is added up with the others' (the agency's
//! figures are the sum of its PCs').
//!
//! `cargo run --release -p medsos-hub --example load -- [AGENCIES] [BATCHES] [PCS]` (default
//! 32 30 1; BATCHES at most 30, so both rounds stay within the default 60 requests a minute
//! per token).

use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::clock::SystemClock;
use medsos_hub::device::DeviceName;
use medsos_hub::store::sqlite::{self as store, agencies, enrolments};
use medsos_hub::store::Store;
use medsos_hub::{app, AppState};
use medsos_protocol::{DailySummary, SummaryBatch, SCHEMA_VERSION};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Instant;
use time::{Date, Duration, OffsetDateTime};
use tokio::net::TcpListener;

const DAYS_PER_BATCH: usize = 30;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let agencies_count = args.next().and_then(Result::ok).unwrap_or(32).max(1);
    let batches = args.next().and_then(Result::ok).unwrap_or(30).clamp(1, 30);
    let pcs = args.next().and_then(Result::ok).unwrap_or(1).clamp(1, 10);

    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let tokens = enrol(&db, agencies_count, pcs);
    let bodies: Vec<String> = (0..batches).map(batch_body).collect();
    let bytes: usize = bodies.iter().map(String::len).sum();

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let addr = runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let addr = listener.local_addr().expect("address").to_string();
        let state = AppState::new(Store::open(&db).expect("store"), Arc::new(SystemClock));
        tokio::spawn(async move { axum::serve(listener, app(state)).await });
        addr
    });
    {
        let days = tokens.len() * batches * DAYS_PER_BATCH;
        println!(
            "{agencies_count} PD x {pcs} PC x {batches} kiriman x {DAYS_PER_BATCH} hari = {days} hari, {} KB per kiriman",
            bytes / batches / 1024
        );
        let bodies = Arc::new(bodies);
        for round in ["baru (stored)", "ulang (unchanged)"] {
            let started = Instant::now();
            let tasks: Vec<_> = tokens
                .iter()
                .cloned()
                .map(|token| {
                    let addr = addr.clone();
                    let bodies = Arc::clone(&bodies);
                    std::thread::spawn(move || post_all(&addr, &token, &bodies))
                })
                .collect();
            for task in tasks {
                task.join().expect("client thread");
            }
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "{round}: {days} hari dalam {seconds:.2} s = {:.0} hari/detik",
                days as f64 / seconds
            );
        }
    }
    runtime.shutdown_background();
}

/// Registers the agencies and enrols `pcs` PCs each, straight through the store.
fn enrol(db: &std::path::Path, count: usize, pcs: usize) -> Vec<String> {
    let mut conn = store::open(db).expect("store opens");
    let now = OffsetDateTime::now_utc();
    let name = AgencyName::parse("Perangkat Daerah Uji").expect("name");
    let device = DeviceName::parse("PC Uji Beban").expect("device");
    (0..count)
        .flat_map(|n| {
            let code = AgencyCode::parse(&format!("PD{n:03}")).expect("code");
            let added = agencies::add(&mut conn, &code, &name, now).expect("agency");
            let mut tokens =
                vec![
                    enrolments::redeem(&mut conn, &added.enrolment.code, &device, None, now)
                        .expect("enrols")
                        .token
                        .into_secret(),
                ];
            for _ in 1..pcs {
                let more = agencies::issue_additional_code(&mut conn, &code, now).expect("code");
                tokens.push(
                    enrolments::redeem(&mut conn, &more.code, &device, None, now)
                        .expect("enrols")
                        .token
                        .into_secret(),
                );
            }
            tokens
        })
        .collect()
}

/// Batch `n` holds 30 consecutive days starting 2022-01-01 + 30n.
fn batch_body(n: usize) -> String {
    let first = Date::from_calendar_date(2022, time::Month::January, 1).expect("date");
    let days = (0..DAYS_PER_BATCH)
        .map(|i| {
            let offset = i64::try_from(n * DAYS_PER_BATCH + i).expect("small");
            DailySummary::example(&(first + Duration::days(offset)).to_string(), 1)
        })
        .collect();
    serde_json::to_string(&SummaryBatch {
        schema_version: SCHEMA_VERSION,
        days,
    })
    .expect("serialises")
}

/// Posts every body in turn over one keep-alive HTTP/1.1 connection; panics on any non-200.
fn post_all(addr: &str, token: &str, bodies: &[String]) {
    let stream = TcpStream::connect(addr).expect("connects");
    stream.set_nodelay(true).expect("nodelay");
    let mut stream = BufReader::new(stream);
    for body in bodies {
        let head = format!(
            "POST /api/v1/summaries HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let socket = stream.get_mut();
        socket.write_all(head.as_bytes()).expect("sends");
        socket.write_all(body.as_bytes()).expect("sends");
        let mut status = String::new();
        stream.read_line(&mut status).expect("status line");
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            stream.read_line(&mut line).expect("header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().expect("length");
                }
            }
        }
        let mut answer = vec![0; length];
        stream.read_exact(&mut answer).expect("body");
        assert!(
            status.contains(" 200 "),
            "{status}{}",
            String::from_utf8_lossy(&answer)
        );
    }
}
