//! Two real `medsos-hub serve` processes on one PostgreSQL database behind a real nginx
//! (Debian's package, started with its own temp config on a random loopback port, the hubs
//! started with `--trusted-proxy 127.0.0.1` so they read the client from `X-Forwarded-For`)
//! serve as one hub: a session made on one works on the other, failed logins spread over both
//! are throttled as on one, the same batch sent to both at once is stored once, and killing a
//! hub with uploads in flight loses nothing once the PCs retry as the app's sync client does.
#![cfg(unix)]

use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::store::PgStore;
use medsos_pg_cluster::{Cluster, Nginx};
use medsos_protocol::{DayOutcome, SummaryBatchResult};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};
use time::{Date, OffsetDateTime};

const PASSWORD: &str = "rahasia-panjang-1";
const USER: &str = "rina.kominfo";

/// One hub process and the address it listens on.
struct Hub {
    child: Child,
    addr: String,
}

impl Hub {
    /// `serve` on the database at `url` (through the environment, as an operator keeps the
    /// password out of the process list), trusting the proxy on loopback.
    fn start(url: &str, key_file: &std::path::Path) -> Hub {
        let mut child = Command::new(env!("CARGO_BIN_EXE_medsos-hub"))
            .env("RUST_LOG", "warn")
            .env("MEDSOS_DATABASE_URL", url)
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--trusted-proxy",
                "127.0.0.1",
            ])
            .args(["--rate-limit", "100000", "--secret-key-file"])
            .arg(key_file)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("medsos-hub serve starts");
        let stdout = child.stdout.take().expect("stdout piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("reads the listening line");
        let addr = line
            .trim()
            .rsplit("http://")
            .next()
            .expect("address printed")
            .to_owned();
        Hub { child, addr }
    }

    /// SIGKILL: the process dies at once, requests in flight and all.
    fn kill(&mut self) {
        self.child.kill().expect("kills");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One database, two hubs on it, nginx in front of both.
struct Deployment {
    // Dropped in this order: the proxy, then the hubs, then the database.
    nginx: Nginx,
    hubs: Vec<Hub>,
    store: PgStore,
    _dir: tempfile::TempDir,
    _cluster: Cluster,
}

impl Deployment {
    fn start() -> Deployment {
        let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
        let url = cluster.url("hub");
        let store = PgStore::connect(&url).expect("store");
        let dir = tempfile::tempdir().expect("temp dir");
        let key = dir.path().join("hub.key");
        // The first creates the key file; the second reads the same one.
        let one = Hub::start(&url, &key);
        let two = Hub::start(&url, &key);
        let nginx = Nginx::start(&[&one.addr, &two.addr]).unwrap_or_else(|e| panic!("nginx: {e}"));
        Deployment {
            nginx,
            hubs: vec![one, two],
            store,
            _dir: dir,
            _cluster: cluster,
        }
    }

    fn proxy(&self) -> String {
        self.nginx.addr()
    }

    fn replica(&self, i: usize) -> String {
        self.hubs[i].addr.clone()
    }

    /// Registers an agency and enrols a PC for it through the proxy; its device token.
    fn enrol(&self, code: &str) -> String {
        let added = self
            .store
            .add_agency(
                &AgencyCode::parse(code).expect("code"),
                &AgencyName::parse(&format!("Dinas {code}")).expect("name"),
                OffsetDateTime::now_utc(),
            )
            .expect("agency");
        let body = format!(
            r#"{{"code":"{}","device_name":"PC Admin {code}"}}"#,
            added.enrolment.code
        );
        let answer = request(&self.proxy(), "POST", "/api/v1/enrolments", &json(&body));
        assert_eq!(answer.status, 201, "{}", answer.body);
        answer
            .body
            .split('"')
            .find(|part| part.starts_with("mpd_"))
            .expect("token")
            .to_owned()
    }
}

/// An HTTP answer: status, headers (names lower-cased) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value the answer sets for cookie `name`.
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .filter_map(|(_, v)| v.split(';').next()?.split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_owned())
    }
}

/// Extra request headers and a body.
fn json(body: &str) -> Vec<String> {
    vec![
        "Content-Type: application/json".to_owned(),
        format!("Content-Length: {}", body.len()),
        String::new(),
        body.to_owned(),
    ]
}

/// One HTTP/1.1 request on its own connection. `extra` is header lines, then (after an empty
/// one) the body. Err when the connection fails or is cut before a whole answer.
fn try_request(addr: &str, method: &str, path: &str, extra: &[String]) -> Result<Answer, String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    let (headers, body) = match extra.iter().position(String::is_empty) {
        Some(at) => (&extra[..at], extra[at + 1..].join("")),
        None => (extra, String::new()),
    };
    let mut text = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for header in headers {
        text.push_str(header);
        text.push_str("\r\n");
    }
    if body.is_empty() && method == "POST" {
        text.push_str("Content-Length: 0\r\n");
    }
    text.push_str("\r\n");
    text.push_str(&body);
    stream
        .write_all(text.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    let mut raw = String::new();
    stream
        .read_to_string(&mut raw)
        .map_err(|e| format!("read: {e}"))?;
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("cut off: {raw:?}"))?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("no status: {head:?}"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect::<Vec<_>>();
    // Chunked bodies are only read for their text here; the JSON answers have a length.
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(body).ok_or_else(|| "cut off inside a chunked body".to_owned())?
    } else {
        body.to_owned()
    };
    Ok(Answer {
        status,
        headers,
        body,
    })
}

fn dechunk(mut body: &str) -> Option<String> {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n")?;
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        if size == 0 {
            return Some(out);
        }
        out.push_str(rest.get(..size)?);
        body = rest.get(size + 2..)?;
    }
}

fn request(addr: &str, method: &str, path: &str, extra: &[String]) -> Answer {
    try_request(addr, method, path, extra).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

const SESSION: &str = "__Host-medsos_sesi";
const LOGIN: &str = "__Host-medsos_masuk";

/// Logs in at `addr` as the browser at `client` would: loads the form, then posts it. The
/// answer to the post.
fn log_in(addr: &str, client: &str, password: &str) -> Answer {
    let forwarded = format!("X-Forwarded-For: {client}");
    let form = request(addr, "GET", "/masuk", std::slice::from_ref(&forwarded));
    assert_eq!(form.status, 200, "{}", form.body);
    let csrf = form.cookie(LOGIN).expect("login cookie");
    let body = format!("username={USER}&password={password}&csrf={csrf}&lanjut=%2Fdasbor");
    request(
        addr,
        "POST",
        "/masuk",
        &[
            forwarded,
            format!("Cookie: {LOGIN}={csrf}"),
            "Content-Type: application/x-www-form-urlencoded".to_owned(),
            format!("Content-Length: {}", body.len()),
            String::new(),
            body,
        ],
    )
}

fn dashboard(addr: &str, session: &str) -> Answer {
    request(
        addr,
        "GET",
        "/dasbor",
        &[format!("Cookie: {SESSION}={session}")],
    )
}

fn add_officer(store: &PgStore) {
    store
        .add_user(USER, "Rina", PASSWORD, OffsetDateTime::now_utc())
        .expect("user");
}

#[test]
fn a_session_made_on_one_replica_works_on_the_other() {
    let hub = Deployment::start();
    add_officer(&hub.store);

    // Through the proxy: the form and the post may land on different replicas.
    let answer = log_in(&hub.proxy(), "203.0.113.5", PASSWORD);
    assert_eq!(answer.status, 303, "{}", answer.body);
    let session = answer.cookie(SESSION).expect("session cookie");
    // Round robin: four loads through the proxy reach both replicas; then each directly.
    for _ in 0..4 {
        let page = dashboard(&hub.proxy(), &session);
        assert_eq!(page.status, 200, "{}", page.body);
    }
    for i in 0..2 {
        let page = dashboard(&hub.replica(i), &session);
        assert_eq!(page.status, 200, "replica {i}: {}", page.body);
    }

    // Made on the first replica directly, used on the second directly.
    let answer = log_in(&hub.replica(0), "203.0.113.6", PASSWORD);
    assert_eq!(answer.status, 303, "{}", answer.body);
    let session = answer.cookie(SESSION).expect("session cookie");
    let page = dashboard(&hub.replica(1), &session);
    assert_eq!(page.status, 200, "{}", page.body);

    // Logged out on the second: the first refuses it too.
    let page_csrf = page
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("csrf in the page")
        .to_owned();
    let body = format!("csrf={page_csrf}");
    let out = request(
        &hub.replica(1),
        "POST",
        "/keluar",
        &[
            format!("Cookie: {SESSION}={session}"),
            "Content-Type: application/x-www-form-urlencoded".to_owned(),
            format!("Content-Length: {}", body.len()),
            String::new(),
            body,
        ],
    );
    assert_eq!(out.status, 303, "{}", out.body);
    let page = dashboard(&hub.replica(0), &session);
    assert_eq!(page.status, 303, "logged out everywhere");
}

#[test]
fn wrong_passwords_spread_over_both_replicas_are_throttled_as_on_one() {
    let hub = Deployment::start();
    add_officer(&hub.store);
    let guesser = "198.51.100.7";

    // A burst of wrong passwords from one client, half to each replica directly. Each attempt
    // counts from the moment it starts, in the database: three are free over both replicas
    // together (not three on each), the rest must wait.
    let burst = 12;
    let start = Arc::new(Barrier::new(burst));
    let answers: Vec<(usize, u16, Option<String>)> = (0..burst)
        .map(|i| {
            let start = Arc::clone(&start);
            let addr = hub.replica(i % 2);
            std::thread::spawn(move || {
                start.wait();
                let answer = log_in(&addr, guesser, "salah-sekali-123");
                (
                    i % 2,
                    answer.status,
                    answer.header("retry-after").map(str::to_owned),
                )
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().expect("thread"))
        .collect();
    let wrong = answers
        .iter()
        .filter(|(_, status, _)| *status == 401)
        .count();
    let refused: Vec<_> = answers
        .iter()
        .filter(|(_, status, _)| *status == 429)
        .collect();
    assert_eq!(wrong, 3, "{answers:?}");
    assert_eq!(refused.len(), burst - 3, "{answers:?}");
    assert!(
        refused.iter().all(|(_, _, wait)| wait.is_some()),
        "{answers:?}"
    );
    assert!(
        refused.iter().any(|(replica, ..)| *replica == 0)
            && refused.iter().any(|(replica, ..)| *replica == 1),
        "both replicas refuse: {answers:?}"
    );

    // The guessing client waits on both replicas, even with the right password...
    for i in 0..2 {
        let answer = log_in(&hub.replica(i), guesser, PASSWORD);
        assert_eq!(answer.status, 429, "replica {i}: {}", answer.body);
        assert!(
            answer.body.contains("Terlalu banyak percobaan"),
            "{}",
            answer.body
        );
    }
    // ... and through the proxy; an officer at another address is let in everywhere.
    let answer = log_in(&hub.proxy(), guesser, PASSWORD);
    assert_eq!(answer.status, 429, "{}", answer.body);
    for addr in [hub.replica(0), hub.replica(1), hub.proxy()] {
        let answer = log_in(&addr, "192.0.2.44", PASSWORD);
        assert_eq!(answer.status, 303, "{addr}: {}", answer.body);
    }
}

/// `count` days from `first`, revision 1, as the PC sends them.
fn batch(first: Date, count: usize, published: u32) -> String {
    let days: Vec<String> = (0..count)
        .map(|i| {
            let day = first + time::Duration::days(i as i64);
            format!(
                r#"{{"day":"{day}","revision":1,
        "posts":{{"instagram":{{"published":{published},"scheduled":1,"missed":0}},"facebook":{{"published":1,"scheduled":0,"missed":1}}}},
        "drafts_created":4,"briefs_fulfilled":0,
        "complaints":{{"received_by_type":{{"pengaduan":5}},"received_by_category":{{"jalan_rusak":5}},
          "received_by_kecamatan":{{"32.03.01":2}},"received_by_channel":{{"whatsapp":5}},
          "answered_within_deadline":5,"resolved":3,"overdue":1,"open_backlog":12,
          "median_first_response_minutes":95,"median_resolution_minutes":null}},
        "official_accounts":{{"verified":0,"pending":0,"unverified":0}}}}"#
            )
        })
        .collect();
    format!(r#"{{"schema_version":1,"days":[{}]}}"#, days.join(","))
}

fn upload(addr: &str, token: &str, batch: &str) -> Result<Answer, String> {
    let mut extra = vec![format!("Authorization: Bearer {token}")];
    extra.extend(json(batch));
    try_request(addr, "POST", "/api/v1/summaries", &extra)
}

fn outcomes(answer: &Answer) -> BTreeMap<String, DayOutcome> {
    let result: SummaryBatchResult =
        serde_json::from_str(&answer.body).unwrap_or_else(|e| panic!("{e}: {}", answer.body));
    result
        .results
        .into_iter()
        .map(|r| (r.day, r.outcome))
        .collect()
}

fn day(text: &str) -> Date {
    Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .expect("date")
}

#[test]
fn the_same_batch_sent_to_both_replicas_at_once_is_stored_once() {
    let hub = Deployment::start();
    let token = hub.enrol("DINKES");
    let first = day("2026-03-01");
    let days = 30;
    for round in 0..5 {
        let sent = batch(first + time::Duration::days(round * 30), days, 2);
        let start = Arc::new(Barrier::new(2));
        let answers: Vec<Answer> = (0..2)
            .map(|i| {
                let (start, addr, token, sent) = (
                    Arc::clone(&start),
                    hub.replica(i),
                    token.clone(),
                    sent.clone(),
                );
                std::thread::spawn(move || {
                    start.wait();
                    upload(&addr, &token, &sent).expect("answered")
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().expect("thread"))
            .collect();
        for answer in &answers {
            assert_eq!(answer.status, 200, "{}", answer.body);
        }
        let (one, two) = (outcomes(&answers[0]), outcomes(&answers[1]));
        assert_eq!(one.len(), days);
        assert_eq!(two.len(), days);
        for (day, outcome) in &one {
            let other = two[day];
            let mut pair = [*outcome, other];
            pair.sort_by_key(|o| format!("{o:?}"));
            assert_eq!(
                pair,
                [DayOutcome::Stored, DayOutcome::Unchanged],
                "round {round}, {day}: one stores it, the other finds it"
            );
        }
    }
    let stored = hub
        .store
        .summaries_between("2026-01-01", "2026-12-31")
        .expect("export");
    assert_eq!(stored.len(), 5 * days, "each day once");
}

/// Sends `batch` through the proxy until the hub answers it, as the app's sync client does
/// (`core::sync::client`): a cut connection, a 5xx (the proxy's 502 when the hub died with the
/// request) and a 429 are tried again after a growing wait (here from 20 ms, the app's from a
/// second), any other answer is final. How many tries it took, and the answer.
fn upload_until_answered(addr: &str, token: &str, batch: &str) -> (u32, Answer) {
    let mut wait = Duration::from_millis(20);
    let mut tries = 0;
    let give_up = Instant::now() + Duration::from_secs(120);
    loop {
        tries += 1;
        match upload(addr, token, batch) {
            Ok(answer) if answer.status != 429 && answer.status < 500 => return (tries, answer),
            Ok(_) | Err(_) if Instant::now() < give_up => {
                std::thread::sleep(wait);
                wait = (wait * 2).min(Duration::from_millis(500));
            }
            other => panic!(
                "no answer after {tries} tries: {:?}",
                other.map(|a| (a.status, a.body))
            ),
        }
    }
}

#[test]
fn killing_a_replica_mid_upload_loses_nothing() {
    let mut hub = Deployment::start();
    let pcs = 6;
    let batches = 12;
    let days = 30;
    let tokens: Vec<String> = (0..pcs).map(|i| hub.enrol(&format!("DINAS{i}"))).collect();
    let first = day("2025-01-01");
    let proxy = hub.proxy();
    let started = Arc::new(Barrier::new(pcs + 1));
    let uploads: Vec<_> = tokens
        .iter()
        .map(|token| {
            let (token, proxy, started) = (token.clone(), proxy.clone(), Arc::clone(&started));
            std::thread::spawn(move || {
                started.wait();
                let mut results = Vec::new();
                for b in 0..batches {
                    let sent = batch(first + time::Duration::days((b * days) as i64), days, 3);
                    let (tries, answer) = upload_until_answered(&proxy, &token, &sent);
                    assert_eq!(answer.status, 200, "{}", answer.body);
                    results.push((tries, outcomes(&answer)));
                }
                results
            })
        })
        .collect();
    started.wait();
    // Uploads are in flight: wait until some days are in, then kill the first replica.
    let deadline = Instant::now() + Duration::from_secs(60);
    while hub
        .store
        .summaries_between("2025-01-01", "2026-12-31")
        .expect("export")
        .len()
        < pcs * days
    {
        assert!(Instant::now() < deadline, "no uploads arrived");
        std::thread::sleep(Duration::from_millis(5));
    }
    hub.hubs[0].kill();
    let results: Vec<_> = uploads
        .into_iter()
        .map(|t| t.join().expect("uploader"))
        .collect();

    // Every day of every PC is stored, once.
    let stored = hub
        .store
        .summaries_between("2025-01-01", "2026-12-31")
        .expect("export");
    assert_eq!(stored.len(), pcs * batches * days, "each day exactly once");
    let mut seen = std::collections::HashSet::new();
    for row in &stored {
        assert!(seen.insert(format!("{row:?}")), "a duplicate row: {row:?}");
    }
    for (pc, answers) in results.iter().enumerate() {
        for (b, (_, outcome)) in answers.iter().enumerate() {
            assert_eq!(outcome.len(), days, "pc {pc} batch {b}");
            for (day, outcome) in outcome {
                // A retry of a batch the killed hub had stored finds it there.
                assert!(
                    matches!(outcome, DayOutcome::Stored | DayOutcome::Unchanged),
                    "pc {pc} {day}: {outcome:?}"
                );
            }
        }
    }
    // The survivor answers through the proxy alone.
    let (_, answer) = upload_until_answered(&proxy, &tokens[0], &batch(first, 1, 3));
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(outcomes(&answer)[&first.to_string()], DayOutcome::Unchanged);
    let retried: u32 = results.iter().flatten().map(|(tries, _)| tries - 1).sum();
    eprintln!(
        "{} batches, {retried} retried after the kill; nginx: {}",
        pcs * batches,
        hub.nginx.error_log().lines().count()
    );
}
