//! The real `medsos-hub serve` on loopback: it answers, it enrols, and it stops cleanly.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_medsos-hub"));
    command.env("RUST_LOG", "warn");
    command
}

/// Starts the server on a free port and returns it with its `HOST:PORT`.
fn start(db: &Path) -> (Child, String) {
    start_with(db, &[])
}

/// As [`start`], with more `serve` flags.
fn start_with(db: &Path, flags: &[&str]) -> (Child, String) {
    let mut child = bin()
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(db)
        .args(flags)
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
    (child, addr)
}

/// One HTTP/1.1 exchange over a plain socket; returns the status code and the body.
fn http(addr: &str, method: &str, path: &str, json: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connects");
    let body = json.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status line");
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn terminate(child: &mut Child) -> std::process::ExitStatus {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().expect("waits") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("medsos-hub did not stop within 20 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn agency(args: &[&str], db: &Path) -> Output {
    bin()
        .arg("agency")
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("medsos-hub agency runs")
}

#[test]
fn served_hub_enrols_a_pc_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let added = agency(
        &["add", "--name", "Dinas Kesehatan", "--code", "DINKES"],
        &db,
    );
    assert!(added.status.success());
    let stdout = String::from_utf8_lossy(&added.stdout).into_owned();
    let code = stdout
        .split_whitespace()
        .find(|word| word.len() == 14 && word.matches('-').count() == 2)
        .expect("code printed");

    let (mut child, addr) = start(&db);

    let (status, body) = http(&addr, "GET", "/healthz", None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"ok\""), "{body}");

    let request = format!(r#"{{"code":"{code}","device_name":"PC Admin Dinkes"}}"#);
    let (status, body) = http(&addr, "POST", "/api/v1/enrolments", Some(&request));
    assert_eq!(status, 201, "{body}");
    assert!(body.contains("mpd_"), "{body}");

    let exit = terminate(&mut child);
    assert!(exit.success(), "exit after SIGTERM: {exit:?}");

    let listed = agency(&["list"], &db);
    let table = String::from_utf8_lossy(&listed.stdout);
    assert!(
        table
            .lines()
            .any(|l| l.contains("DINKES") && l.ends_with("ya")),
        "{table}"
    );
}

fn hub_cmd(args: &[&str], db: &Path) -> Output {
    bin()
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("medsos-hub runs")
}

fn http_auth(addr: &str, method: &str, path: &str, token: &str, json: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connects");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Authorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
        json.len()
    );
    stream.write_all(request.as_bytes()).expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status line");
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn printed_code(stdout: &[u8]) -> String {
    String::from_utf8_lossy(stdout)
        .split_whitespace()
        .find(|word| word.len() == 14 && word.matches('-').count() == 2)
        .expect("code printed")
        .to_owned()
}

#[test]
fn served_hub_takes_summaries_until_revoked_and_exports_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let added = agency(
        &["add", "--name", "Dinas Kesehatan", "--code", "DINKES"],
        &db,
    );
    assert!(added.status.success());
    let code = printed_code(&added.stdout);
    let (mut child, addr) = start(&db);

    let request = format!(r#"{{"code":"{code}","device_name":"PC Admin Dinkes"}}"#);
    let (status, body) = http(&addr, "POST", "/api/v1/enrolments", Some(&request));
    assert_eq!(status, 201, "{body}");
    let token = body
        .split('"')
        .find(|part| part.starts_with("mpd_"))
        .expect("token")
        .to_owned();

    let batch = r#"{"schema_version":1,"days":[{"day":"2026-01-05","revision":1,
        "posts":{"instagram":{"published":2,"scheduled":1,"missed":0},"facebook":{"published":1,"scheduled":0,"missed":1}},
        "drafts_created":4,"briefs_fulfilled":0,
        "complaints":{"received_by_type":{"pengaduan":5},"received_by_category":{"jalan_rusak":5},
          "received_by_kecamatan":{"32.03.01":2},"received_by_channel":{"whatsapp":5},
          "answered_within_deadline":5,"resolved":3,"overdue":1,"open_backlog":12,
          "median_first_response_minutes":95,"median_resolution_minutes":null},
        "official_accounts":{"verified":0,"pending":0,"unverified":0}}]}"#;
    let (status, body) = http_auth(&addr, "POST", "/api/v1/summaries", &token, batch);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"stored\""), "{body}");
    let (status, body) = http_auth(&addr, "POST", "/api/v1/summaries", &token, batch);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"unchanged\""), "{body}");

    let revoked = agency(&["revoke", "--code", "DINKES"], &db);
    assert!(
        revoked.status.success(),
        "{}",
        String::from_utf8_lossy(&revoked.stderr)
    );
    let (status, body) = http_auth(&addr, "POST", "/api/v1/summaries", &token, batch);
    assert_eq!(status, 401, "{body}");

    let rotated = agency(&["rotate", "--code", "DINKES"], &db);
    assert!(rotated.status.success());
    let new_code = printed_code(&rotated.stdout);
    let request = format!(r#"{{"code":"{new_code}","device_name":"PC Baru"}}"#);
    let (status, body) = http(&addr, "POST", "/api/v1/enrolments", Some(&request));
    assert_eq!(status, 201, "{body}");

    let exit = terminate(&mut child);
    assert!(exit.success(), "exit after SIGTERM: {exit:?}");

    let csv = hub_cmd(
        &[
            "summaries",
            "export",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
        ],
        &db,
    );
    assert!(
        csv.status.success(),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    let text = String::from_utf8_lossy(&csv.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("agency_code,agency_name,day,schema_version,revision"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("DINKES,Dinas Kesehatan,2026-01-05,1,1,")
            && lines[1].contains(r#""{""pengaduan"":5}""#)
            && lines[1].contains(",95,,0,0,0"),
        "{text}"
    );

    let json = hub_cmd(
        &[
            "summaries",
            "export",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
            "--format",
            "json",
        ],
        &db,
    );
    assert!(json.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json export");
    assert_eq!(rows[0]["agency_code"], "DINKES");
    assert_eq!(rows[0]["summary"]["complaints"]["open_backlog"], 12);
    assert_eq!(rows[0]["summary"]["posts"]["facebook"]["missed"], 1);

    let none = hub_cmd(
        &[
            "summaries",
            "export",
            "--from",
            "2026-02-01",
            "--to",
            "2026-02-28",
        ],
        &db,
    );
    assert_eq!(
        String::from_utf8_lossy(&none.stdout).lines().count(),
        1,
        "header only"
    );
}

/// Reads until the server closes the connection, for at most `limit`: whether it closed,
/// and what it sent.
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (bool, String) {
    stream.set_read_timeout(Some(limit)).expect("timeout");
    let mut received = Vec::new();
    let closed = match stream.read_to_end(&mut received) {
        Ok(_) => true,
        Err(error) => !matches!(
            error.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    };
    (closed, String::from_utf8_lossy(&received).into_owned())
}

#[test]
fn a_half_sent_request_is_dropped_and_a_trickling_body_gets_408() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let (mut child, addr) = start_with(
        &db,
        &["--header-timeout-secs", "2", "--request-timeout-secs", "2"],
    );

    // Headers that never end: the connection is closed, well within 30 s.
    let mut half = TcpStream::connect(&addr).expect("connects");
    half.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nX-Lambat: ").as_bytes())
        .expect("sends");
    let (closed, _) = read_until_closed(&mut half, Duration::from_secs(25));
    assert!(closed, "a half-sent request head was kept open");

    // A body that stops halfway: 408 in the error shape, and the connection closed.
    let mut slow = TcpStream::connect(&addr).expect("connects");
    slow.write_all(
        format!(
            "POST /api/v1/enrolments HTTP/1.1\r\nHost: {addr}\r\n\
             Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{{\"code\":"
        )
        .as_bytes(),
    )
    .expect("sends");
    let (closed, response) = read_until_closed(&mut slow, Duration::from_secs(25));
    assert!(closed, "a trickling body was waited for: {response}");
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(response.contains("request.timeout"), "{response}");

    // The hub itself is unharmed.
    let (status, _) = http(&addr, "GET", "/healthz", None);
    assert_eq!(status, 200);
    assert!(terminate(&mut child).success());
}

#[test]
fn connections_beyond_the_cap_wait_until_one_closes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let (mut child, addr) = start_with(
        &db,
        &["--max-connections", "2", "--header-timeout-secs", "120"],
    );
    let idle: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(&addr).expect("connects"))
        .collect();
    let mut waiting = TcpStream::connect(&addr).expect("queued by the kernel");
    waiting
        .write_all(
            format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .expect("sends");
    let (closed, response) = read_until_closed(&mut waiting, Duration::from_secs(1));
    assert!(
        !closed && response.is_empty(),
        "answered past the cap: {response}"
    );
    drop(idle);
    let (closed, response) = read_until_closed(&mut waiting, Duration::from_secs(25));
    assert!(closed, "{response}");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(terminate(&mut child).success());
}

/// One HTTP/1.1 exchange with extra header lines; the status, the raw head and the body.
fn exchange(addr: &str, head: &str, body: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).expect("connects");
    let request = format!(
        "{head}\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status line");
    (status, head.to_owned(), body.to_owned())
}

#[test]
fn twelve_guesses_through_a_trusted_proxy_do_not_lock_the_officer_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let password = "kata-sandi-kominfo-1";
    let mut add = bin()
        .args([
            "user",
            "add",
            "--username",
            "rina",
            "--name",
            "Rina Kominfo",
            "--db",
        ])
        .arg(&db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("user add runs");
    add.stdin
        .take()
        .expect("stdin")
        .write_all(format!("{password}\n").as_bytes())
        .expect("password sent");
    assert!(add.wait().expect("user add ends").success());
    let (mut child, addr) = start_with(&db, &["--trusted-proxy", "127.0.0.1"]);

    let (status, head, form) = exchange(&addr, "GET /masuk HTTP/1.1", "");
    assert_eq!(status, 200);
    let token = head
        .lines()
        .find_map(|line| line.strip_prefix("set-cookie: __Host-medsos_masuk="))
        .and_then(|rest| rest.split(';').next())
        .expect("login cookie")
        .to_owned();
    assert!(form.contains(&token));
    // Every request arrives from the proxy on 127.0.0.1, which names the client.
    let login = |client: &str, password: &str| {
        exchange(
            &addr,
            &format!(
                "POST /masuk HTTP/1.1\r\nX-Forwarded-For: {client}\r\n\
                 Cookie: __Host-medsos_masuk={token}\r\n\
                 Content-Type: application/x-www-form-urlencoded"
            ),
            &format!("username=rina&password={password}&csrf={token}&lanjut=%2Fdasbor"),
        )
    };
    for i in 0..12 {
        let (status, _, _) = login("10.9.9.66", &format!("tebakan-ke-{i}"));
        assert!(status == 401 || status == 429, "guess {i}: {status}");
    }
    let (status, head, body) = login("10.1.1.7", password);
    assert_eq!(status, 303, "{head}\n{body}");
    assert!(head.contains("set-cookie: __Host-medsos_sesi="), "{head}");
    assert!(terminate(&mut child).success());
}
