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
    let mut child = bin()
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(db)
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
