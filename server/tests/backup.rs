//! `medsos-hub backup`: the real binary copies the store of a real hub that is taking
//! uploads at the same moment, and refuses what it must refuse.
#![cfg(unix)]

use medsos_protocol::{DailySummary, SummaryBatch, SCHEMA_VERSION};
use rusqlite::{Connection, OpenFlags};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_medsos-hub"));
    command.env("RUST_LOG", "warn");
    command
}

fn hub(args: &[&str], db: &Path) -> Output {
    bin()
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("medsos-hub runs")
}

fn backup(db: &Path, out: &Path) -> Output {
    bin()
        .args(["backup", "--db"])
        .arg(db)
        .arg("--out")
        .arg(out)
        .output()
        .expect("medsos-hub backup runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The hub serving `db` on a free loopback port, with its `HOST:PORT`.
fn serve(db: &Path) -> (Child, String) {
    let mut child = bin()
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--rate-limit",
            "1000000",
            "--db",
        ])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("medsos-hub serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("listening line");
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .expect("address")
        .to_owned();
    (child, addr)
}

fn http(addr: &str, path: &str, token: Option<&str>, json: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connects");
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}\
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

/// Adds an agency, enrols one PC for it over HTTP, and answers the PC's token.
fn enrol(db: &Path, addr: &str, code: &str) -> String {
    let added = hub(
        &[
            "agency",
            "add",
            "--name",
            &format!("Dinas {code}"),
            "--code",
            code,
        ],
        db,
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let one_time = text(&added.stdout)
        .split_whitespace()
        .find(|word| word.len() == 14 && word.matches('-').count() == 2)
        .expect("code printed")
        .to_owned();
    let request = format!(r#"{{"code":"{one_time}","device_name":"PC {code}"}}"#);
    let (status, body) = http(addr, "/api/v1/enrolments", None, &request);
    assert_eq!(status, 201, "{body}");
    body.split('"')
        .find(|part| part.starts_with("mpd_"))
        .expect("token")
        .to_owned()
}

/// The `n`th day from 1 January 2025.
fn day(n: usize) -> String {
    let date = time::macros::date!(2025 - 01 - 01) + time::Duration::days(n as i64);
    date.to_string()
}

fn open_read_only(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("backup opens")
}

#[test]
fn a_backup_taken_during_uploads_is_whole_and_holds_every_acknowledged_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let created = hub(&["agency", "list"], &db);
    // `agency list` on a missing file refuses; `agency add` creates it below.
    assert!(!created.status.success());
    let added = hub(
        &["agency", "add", "--name", "Dinas Awal", "--code", "AWAL"],
        &db,
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let (mut child, addr) = serve(&db);
    let tokens: Vec<String> = ["DINKES", "DISDIK", "DPUPR"]
        .iter()
        .map(|code| enrol(&db, &addr, code))
        .collect();

    // Three PCs upload one day per request, as fast as the hub takes them; every day the
    // hub answered 200 for is written down before the backup starts or after.
    let acknowledged: Arc<Mutex<Vec<(usize, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let uploaders: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(pc, token)| {
            let (addr, token) = (addr.clone(), token.clone());
            let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) && n < 600 {
                    let batch = SummaryBatch {
                        schema_version: SCHEMA_VERSION,
                        days: vec![DailySummary::example(&day(n), 1)],
                    };
                    let json = serde_json::to_string(&batch).expect("json");
                    let (status, body) = http(&addr, "/api/v1/summaries", Some(&token), &json);
                    assert_eq!(status, 200, "{body}");
                    acknowledged.lock().expect("lock").push((pc, day(n)));
                    n += 1;
                }
            })
        })
        .collect();
    while acknowledged.lock().expect("lock").len() < 60 {
        std::thread::sleep(Duration::from_millis(10));
    }
    let before: Vec<(usize, String)> = acknowledged.lock().expect("lock").clone();
    let out = dir.path().join("cadangan").join("hub-2026-12-06.sqlite3");
    std::fs::create_dir(out.parent().expect("folder")).expect("folder");
    let taken = backup(&db, &out);
    let during = acknowledged.lock().expect("lock").len() - before.len();
    stop.store(true, Ordering::Relaxed);
    for uploader in uploaders {
        uploader.join().expect("uploader");
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(taken.status.success(), "{}", text(&taken.stderr));
    assert!(during > 0, "the uploads went on while the backup ran");
    let printed = text(&taken.stdout);
    assert!(printed.contains("integrity_check): ok"), "{printed}");
    assert!(printed.contains("4 PD, 3 PC"), "{printed}");

    let copy = open_read_only(&out);
    let verdict: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(verdict, "ok");
    let summaries: i64 = copy
        .query_row("SELECT COUNT(*) FROM summaries", [], |r| r.get(0))
        .expect("count");
    assert!(
        printed.contains(&format!("{summaries} ringkasan")),
        "{printed}"
    );
    for (pc, day) in &before {
        let code = ["DINKES", "DISDIK", "DPUPR"][*pc];
        let found: i64 = copy
            .query_row(
                "SELECT COUNT(*) FROM summaries s JOIN agencies a ON a.id = s.agency_id
                 WHERE a.code = ?1 AND s.day = ?2",
                [code, day.as_str()],
                |r| r.get(0),
            )
            .expect("query");
        assert_eq!(found, 1, "{code} {day} acknowledged before the backup");
    }
    // Nothing but the backup is left in its folder: the temporary file is gone.
    let names: Vec<_> = std::fs::read_dir(out.parent().expect("folder"))
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, [out.file_name().expect("name")]);
}

#[test]
fn a_backup_refuses_a_missing_db_an_existing_file_and_a_missing_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");

    let missing = backup(&db, &dir.path().join("salinan.sqlite3"));
    assert_eq!(missing.status.code(), Some(1));
    let message = text(&missing.stderr);
    assert!(message.contains("tidak ditemukan"), "{message}");
    assert!(!db.exists(), "a mistyped --db is not created");
    assert!(!dir.path().join("salinan.sqlite3").exists());

    let added = hub(
        &["agency", "add", "--name", "Dinas Awal", "--code", "AWAL"],
        &db,
    );
    assert!(added.status.success(), "{}", text(&added.stderr));

    let existing = dir.path().join("sudah-ada.sqlite3");
    std::fs::write(&existing, b"cadangan lama").expect("write");
    let refused = backup(&db, &existing);
    assert_eq!(refused.status.code(), Some(1));
    let message = text(&refused.stderr);
    assert!(message.contains("tidak akan ditimpa"), "{message}");
    assert_eq!(std::fs::read(&existing).expect("read"), b"cadangan lama");

    let nowhere = backup(&db, &dir.path().join("usb-dicabut").join("hub.sqlite3"));
    assert_eq!(nowhere.status.code(), Some(1));
    let message = text(&nowhere.stderr);
    assert!(message.contains("tidak ada"), "{message}");

    // A folder that is a file: the destination cannot take anything.
    let not_a_folder = backup(&db, &existing.join("hub.sqlite3"));
    assert_eq!(not_a_folder.status.code(), Some(1));

    let not_a_hub = dir.path().join("lain.sqlite3");
    Connection::open(&not_a_hub)
        .and_then(|c| c.execute_batch("CREATE TABLE catatan (isi TEXT);"))
        .expect("another program's database");
    let foreign = backup(&not_a_hub, &dir.path().join("x.sqlite3"));
    assert_eq!(foreign.status.code(), Some(1));
    assert!(text(&foreign.stderr).contains("bukan basis data Medsos Hub"));

    // Nothing half-made anywhere.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("hub.sqlite3"))
        .collect();
    names.sort();
    assert_eq!(names, ["lain.sqlite3", "sudah-ada.sqlite3"]);

    let fine = backup(&db, &dir.path().join("baik.sqlite3"));
    assert!(fine.status.success(), "{}", text(&fine.stderr));
    assert!(text(&fine.stdout).contains("1 PD, 0 PC, 0 ringkasan"));
}

/// A destination too small for the copy: a 64 KB tmpfs, where this machine lets the test
/// mount one (root in a container that allows it); elsewhere the test says so and passes.
#[test]
fn a_full_destination_is_named_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let added = hub(
        &["agency", "add", "--name", "Dinas Awal", "--code", "AWAL"],
        &db,
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let small = dir.path().join("usb-kecil");
    std::fs::create_dir(&small).expect("mount point");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&small)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("dilewati: tidak dapat memasang tmpfs kecil di mesin ini");
        return;
    }
    let full = backup(&db, &small.join("hub.sqlite3"));
    let left: Vec<_> = std::fs::read_dir(&small)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    let _ = Command::new("umount").arg(&small).status();
    assert_eq!(full.status.code(), Some(1));
    let message = text(&full.stderr);
    assert!(message.contains("penuh"), "{message}");
    assert!(left.is_empty(), "{left:?}");
}
