//! The Windows exes, cross-built with mingw-w64, run under Wine: the hub's HTTP contract,
//! the desktop command line and the folder it keeps its data in, the Internet Options proxy,
//! and the release exe's PE header. Run by `cargo xtask windows` (and the "Windows" step of
//! `cargo xtask test`), which builds the exes and sets:
//!
//! - `MEDSOS_WIN_HUB_EXE`, `MEDSOS_WIN_APP_EXE`: debug `medsos-hub.exe`, `medsos-pd.exe`;
//! - `MEDSOS_WIN_RELEASE_APP_EXE`: the release `medsos-pd.exe` (GUI subsystem);
//! - `WINEPREFIX`: a prefix booted for this run; `WINEDEBUG=-all`.
//!
//! Every test is ignored in a plain `cargo test`; without the variables they fail loudly.

use medsos_core::sync::protocol::{DailySummary, DayOutcome, SummaryBatch, SCHEMA_VERSION};
use medsos_core::sync::HubClient;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};

const IDENTIFIER: &str = "id.go.cianjurkab.medsospd";
const STORE: &str = "medsos-pd.sqlite3";
const INTERNET_SETTINGS: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings";
const PROXY_VARS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

const CSV: &str = "Cap waktu,Nama,Kecamatan,Kategori,Isi aduan\n\
    20/11/2026 08:15:00,Siti Aminah,Cugenang,Jalan dan jembatan,Jalan desa Sukamulya berlubang besar\n\
    21/11/2026 09:00:00,,Cipanas,Kesehatan,Antrean puskesmas terlalu lama\n";

fn required(var: &str) -> PathBuf {
    let value = std::env::var_os(var).unwrap_or_else(|| {
        panic!("{var} is not set: these tests run under Wine through `cargo xtask windows`")
    });
    let path = PathBuf::from(value);
    assert!(
        path.exists(),
        "{var} points at {} which does not exist",
        path.display()
    );
    path
}

fn hub_exe() -> PathBuf {
    required("MEDSOS_WIN_HUB_EXE")
}

fn app_exe() -> PathBuf {
    required("MEDSOS_WIN_APP_EXE")
}

/// The prefix xtask booted for this run.
fn main_prefix() -> PathBuf {
    required("WINEPREFIX")
}

/// A Linux path as the Windows programs see it (Wine maps `/` to drive Z:).
fn win(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

/// `wine <exe>` in `prefix`, with no proxy variables and no `MEDSOS_DATA_DIR` (so the
/// default folder is used unless a test sets it).
fn wine(prefix: &Path, exe: &Path) -> Command {
    let mut cmd = Command::new("wine");
    cmd.arg(exe)
        .env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        .env("WINEDLLOVERRIDES", "mscoree=d;mshtml=d")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("MEDSOS_DATA_DIR")
        .stdin(Stdio::null());
    for var in PROXY_VARS {
        cmd.env_remove(var);
    }
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs and returns the output; `code` is the exit code it must end with.
fn expect(cmd: &mut Command, code: i32) -> Output {
    let out = cmd.output().expect("wine runs");
    assert_eq!(
        out.status.code(),
        Some(code),
        "{cmd:?}\nstdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    out
}

/// The Windows user's profile folder in `prefix` (`drive_c/users/<user>`).
fn profile(prefix: &Path) -> PathBuf {
    let users = prefix.join("drive_c/users");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&users)
        .unwrap_or_else(|e| panic!("{}: {e}", users.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "Public") && p.is_dir())
        .collect();
    assert_eq!(found.len(), 1, "one user profile in {}", users.display());
    found.pop().unwrap()
}

fn local_dir(prefix: &Path) -> PathBuf {
    profile(prefix).join("AppData/Local").join(IDENTIFIER)
}

fn roaming_dir(prefix: &Path) -> PathBuf {
    profile(prefix).join("AppData/Roaming").join(IDENTIFIER)
}

/// A wineserver that outlives a test would hold the prefix; each test ends its own.
struct Prefix(PathBuf);

impl Drop for Prefix {
    fn drop(&mut self) {
        let _ = Command::new("wineserver")
            .arg("-k")
            .env("WINEPREFIX", &self.0)
            .status();
    }
}

/// A new prefix in `dir`, booted: a user profile nothing has touched yet.
fn fresh_prefix(dir: &Path) -> Prefix {
    let prefix = dir.join("prefix");
    let out = Command::new("wine")
        .args(["wineboot", "--init"])
        .env("WINEPREFIX", &prefix)
        .env("WINEDEBUG", "-all")
        .env("WINEDLLOVERRIDES", "mscoree=d;mshtml=d")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .output()
        .expect("wineboot");
    assert!(out.status.success(), "wineboot: {}", text(&out.stderr));
    Prefix(prefix)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The hub under Wine, killed when dropped.
struct Hub {
    child: Child,
    port: u16,
    db: PathBuf,
    prefix: PathBuf,
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Hub {
    fn start(prefix: &Path, dir: &Path) -> Hub {
        let db = dir.join("hub/hub.sqlite3");
        let port = free_port();
        let mut child = wine(prefix, &hub_exe())
            .args(["serve", "--db", &win(&db), "--listen"])
            .arg(format!("127.0.0.1:{port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start medsos-hub.exe under wine");
        let stdout = child.stdout.take().expect("stdout");
        let hub = Hub {
            child,
            port,
            db,
            prefix: prefix.to_path_buf(),
        };
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the hub prints its address");
        assert!(line.contains(&format!("127.0.0.1:{port}")), "{line}");
        hub
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `medsos-hub.exe <args> --db <db>` under Wine.
    fn admin(&self, args: &[&str]) -> String {
        let out = expect(
            wine(&self.prefix, &hub_exe())
                .args(args)
                .args(["--db", &win(&self.db)]),
            0,
        );
        text(&out.stdout)
    }

    /// A new agency and its one-time enrolment code.
    fn agency(&self, name: &str, code: &str) -> String {
        let added = self.admin(&["agency", "add", "--name", name, "--code", code]);
        added
            .lines()
            .find_map(|l| l.strip_prefix("Kode pendaftaran (sekali pakai): "))
            .unwrap_or_else(|| panic!("no enrolment code in: {added}"))
            .trim()
            .to_string()
    }

    /// The days the hub holds: (day, revision).
    fn summaries(&self) -> Vec<(String, u64)> {
        let out = self.admin(&[
            "summaries",
            "export",
            "--from",
            "2020-01-01",
            "--to",
            "2100-12-31",
            "--format",
            "json",
        ]);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
        rows.iter()
            .map(|r| {
                (
                    r["day"].as_str().unwrap().to_string(),
                    r["revision"].as_u64().unwrap(),
                )
            })
            .collect()
    }
}

/// One plain HTTP/1.1 GET: (status, body).
fn http_get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, body)
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

/// Today in WIB, `YYYY-MM-DD`, shifted by `days`.
fn wib_day(days: i64) -> String {
    let now = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+7));
    let day = now.date() + time::Duration::days(days);
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

#[test]
#[ignore = "run by cargo xtask windows"]
fn the_hub_under_wine_serves_enrols_and_stores_a_summary_once() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&main_prefix(), dir.path());

    let (status, body) = http_get(hub.port, "/healthz");
    assert_eq!(status, 200, "{body}");
    let health: serde_json::Value = serde_json::from_str(&body).expect("healthz is JSON");
    assert_eq!(health["status"], "ok");
    let (status, body) = http_get(hub.port, "/api/openapi.json");
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&body).expect("OpenAPI is JSON");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    assert!(doc["paths"]["/api/v1/summaries"]["post"].is_object());
    assert!(hub.db.is_file(), "the hub made its database under Wine");

    // The admin command line under Wine makes the agency and its code; the PC's side is
    // the real client over HTTP.
    let code = hub.agency("Dinas Kesehatan", "DINKES");
    // rustls is built here with two providers (fantoccini's and the client's): name one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = HubClient::new(&hub.url(), None).unwrap();
    let enrolled = client.enrol(&code, "PC uji Wine", None).expect("enrolment");
    assert!(
        client.enrol(&code, "PC kedua", None).is_err(),
        "a one-time code works once"
    );
    let day = wib_day(-1);
    let batch = SummaryBatch {
        schema_version: SCHEMA_VERSION,
        days: vec![DailySummary::example(&day, 1)],
    };
    let first = client.send_once(&enrolled.token, &batch).expect("stored");
    assert_eq!(first.results[0].outcome, DayOutcome::Stored);
    // The same batch again (a replay after a lost answer) changes nothing.
    let again = client.send_once(&enrolled.token, &batch).expect("replayed");
    assert_eq!(again.results[0].outcome, DayOutcome::Unchanged);
    assert_eq!(again.results[0].revision, 1);
    assert_eq!(hub.summaries(), vec![(day, 1)]);
    assert!(
        client.send_once("bukan-token", &batch).is_err(),
        "an unknown token is refused"
    );
}

#[test]
#[ignore = "run by cargo xtask windows"]
fn the_desktop_command_line_under_wine_keeps_its_data_in_local_app_data() {
    let prefix = main_prefix();
    let _server = Prefix(prefix.clone());
    let local = local_dir(&prefix);
    let roaming = roaming_dir(&prefix);
    for dir in [&local, &roaming] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("aduan.csv");
    std::fs::write(&csv, CSV).unwrap();
    let app = app_exe();

    let out = expect(
        wine(&prefix, &app).args(["aduan", "import", &win(&csv), "--channel", "whatsapp"]),
        0,
    );
    assert!(
        text(&out.stdout).contains("2 aduan diimpor"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        local.join(STORE).is_file(),
        "the store is in {}",
        local.display()
    );
    assert!(
        !roaming.exists(),
        "nothing under Roaming: {}",
        roaming.display()
    );

    let export = dir.path().join("laporan.csv");
    expect(
        wine(&prefix, &app).args(["aduan", "export", "--format", "csv", "--out", &win(&export)]),
        0,
    );
    let exported = std::fs::read_to_string(&export).expect("the export was written");
    assert!(
        exported.contains("Antrean puskesmas terlalu lama"),
        "{exported}"
    );

    let today = wib_day(0);
    let out = expect(wine(&prefix, &app).args(["summary", "--day", &today]), 0);
    let payload: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the summary is JSON");
    assert_eq!(payload["day"], today.as_str());

    // Failures answer 1 with a message, as in cmd.
    let out = expect(
        wine(&prefix, &app).args([
            "aduan",
            "import",
            r"Z:\tidak\ada.csv",
            "--channel",
            "whatsapp",
        ]),
        1,
    );
    assert!(
        text(&out.stderr).contains("tidak dapat dibaca"),
        "{}",
        text(&out.stderr)
    );
    let out = expect(wine(&prefix, &app).arg("sync"), 1);
    assert!(!text(&out.stderr).is_empty(), "sync says why it cannot");

    // Enrol to the hub (also under Wine) and sync the pending days.
    let hub = Hub::start(&prefix, dir.path());
    let code = hub.agency("Dinas Kesehatan", "DINKES");
    expect(
        wine(&prefix, &app).args([
            "enrol",
            "--hub",
            &hub.url(),
            "--code",
            &code,
            "--device",
            "PC Wine",
        ]),
        0,
    );
    let out = expect(wine(&prefix, &app).args(["sync", "--attempts", "2"]), 0);
    assert!(
        text(&out.stdout).contains("Dikirim"),
        "{}",
        text(&out.stdout)
    );
    let held = hub.summaries();
    assert!(!held.is_empty(), "the hub holds the PC's days: {held:?}");
    assert!(!roaming.exists(), "still nothing under Roaming");
}

#[test]
#[ignore = "run by cargo xtask windows"]
fn a_store_left_in_roaming_moves_to_local_once_with_its_complaints() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = fresh_prefix(dir.path());
    let local = local_dir(&prefix.0);
    let roaming = roaming_dir(&prefix.0);
    let app = app_exe();
    let csv = dir.path().join("aduan.csv");
    std::fs::write(&csv, CSV).unwrap();

    // An earlier version's store: made by the app itself in the roaming folder, with a photo.
    let roaming_win = format!(
        r"C:\users\{}\AppData\Roaming\{IDENTIFIER}",
        profile(&prefix.0).file_name().unwrap().to_string_lossy()
    );
    expect(
        wine(&prefix.0, &app)
            .env("MEDSOS_DATA_DIR", &roaming_win)
            .args(["aduan", "import", &win(&csv), "--channel", "whatsapp"]),
        0,
    );
    assert!(roaming.join(STORE).is_file(), "{}", roaming.display());
    std::fs::create_dir_all(roaming.join("media/ab")).unwrap();
    std::fs::write(roaming.join("media/ab/foto.jpg"), b"jpeg bytes").unwrap();
    // WebView2 has already made its folder in Local: the move must copy, not rename.
    std::fs::create_dir_all(local.join("EBWebView")).unwrap();
    std::fs::write(local.join("EBWebView/Local State"), b"{}").unwrap();

    let export = dir.path().join("laporan.csv");
    let out = expect(
        wine(&prefix.0, &app).args(["aduan", "export", "--format", "csv", "--out", &win(&export)]),
        0,
    );
    assert!(
        text(&out.stderr).contains("dipindahkan"),
        "{}",
        text(&out.stderr)
    );
    assert!(local.join(STORE).is_file());
    assert_eq!(
        std::fs::read(local.join("media/ab/foto.jpg")).unwrap(),
        b"jpeg bytes"
    );
    assert_eq!(
        std::fs::read(local.join("EBWebView/Local State")).unwrap(),
        b"{}"
    );
    assert!(!roaming.exists(), "the roaming copy is gone");
    let exported = std::fs::read_to_string(&export).unwrap();
    assert!(exported.contains("Jalan desa Sukamulya"), "{exported}");

    // Once: the next run finds its store in Local and says nothing of a move.
    let out = expect(
        wine(&prefix.0, &app).args(["aduan", "export", "--format", "csv", "--out", &win(&export)]),
        0,
    );
    assert!(
        !text(&out.stderr).contains("dipindahkan"),
        "{}",
        text(&out.stderr)
    );
}

/// A relay that records the first request line of each connection and passes the bytes on
/// to a port on loopback: a forward proxy for plain HTTP when the client treats it as one,
/// a stand-in address of the hub otherwise. CONNECT (HTTPS) is recorded and refused.
struct Proxy {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    fn start(target_port: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let log = Arc::clone(&log);
                std::thread::spawn(move || relay(client, target_port, &log));
            }
        });
        Proxy { port, seen }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn relay(mut client: TcpStream, target_port: u16, log: &Mutex<Vec<String>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n") {
        match client.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let line = text(&head).trim_end().to_string();
    log.lock().unwrap().push(line.clone());
    if line.starts_with("CONNECT ") {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        return;
    }
    let Ok(mut hub) = TcpStream::connect(("127.0.0.1", target_port)) else {
        return;
    };
    if hub.write_all(&head).is_err() {
        return;
    }
    let (Ok(mut client_back), Ok(mut hub_back)) = (client.try_clone(), hub.try_clone()) else {
        return;
    };
    let up = std::thread::spawn(move || {
        let _ = std::io::copy(&mut client, &mut hub);
        let _ = hub.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut hub_back, &mut client_back);
    let _ = client_back.shutdown(std::net::Shutdown::Both);
    let _ = up.join();
}

fn set_internet_options(prefix: &Path, enable: bool, server: &str) {
    let reg = |args: &[&str]| {
        let out = Command::new("wine")
            .args(["reg", "add", INTERNET_SETTINGS])
            .args(args)
            .arg("/f")
            .env("WINEPREFIX", prefix)
            .env("WINEDEBUG", "-all")
            .env_remove("DISPLAY")
            .stdin(Stdio::null())
            .output()
            .expect("wine reg");
        assert!(
            out.status.success(),
            "reg add {args:?}: {}",
            text(&out.stderr)
        );
    };
    reg(&[
        "/v",
        "ProxyEnable",
        "/t",
        "REG_DWORD",
        "/d",
        if enable { "1" } else { "0" },
    ]);
    reg(&["/v", "ProxyServer", "/t", "REG_SZ", "/d", server]);
}

#[test]
#[ignore = "run by cargo xtask windows"]
fn sync_goes_through_the_internet_options_proxy_and_the_proxy_variables() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = fresh_prefix(dir.path());
    let hub = Hub::start(&prefix.0, dir.path());
    // The PC knows the hub by `front`, a plain relay that records every connection's first
    // request line, direct or proxied; `proxy` is the proxy, relaying to `front`.
    let front = Proxy::start(hub.port);
    let proxy = Proxy::start(front.port);
    let hub_url = format!("http://127.0.0.1:{}", front.port);
    let app = app_exe();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let pd = || {
        let mut cmd = wine(&prefix.0, &app);
        cmd.env("MEDSOS_DATA_DIR", win(&data));
        cmd
    };
    // reqwest makes no exception for loopback (only NO_PROXY or ProxyOverride do), so a hub
    // on 127.0.0.1 is reached through the proxy. A request line with the absolute URL is
    // what a client sends only to a proxy.
    let proxied = |from: usize| -> Vec<String> {
        let lines = proxy.seen()[from..].to_vec();
        for line in &lines {
            assert!(
                line.contains(&format!(" {hub_url}/")),
                "a proxied request names the hub's absolute URL: {line}"
            );
        }
        lines
    };

    set_internet_options(&prefix.0, true, &format!("127.0.0.1:{}", proxy.port));
    let code = hub.agency("Dinas Kesehatan", "DINKES");
    expect(pd().args(["enrol", "--hub", &hub_url, "--code", &code]), 0);
    let lines = proxied(0);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("POST ") && l.contains("/api/v1/enrolments")),
        "the enrolment went through the Internet Options proxy: {lines:?}"
    );
    let csv = dir.path().join("aduan.csv");
    std::fs::write(&csv, CSV).unwrap();
    expect(
        pd().args(["aduan", "import", &win(&csv), "--channel", "whatsapp"]),
        0,
    );
    let before = proxy.seen().len();
    expect(pd().args(["sync", "--attempts", "1"]), 0);
    let lines = proxied(before);
    assert!(
        lines.iter().any(|l| l.contains("/api/v1/summaries")),
        "the summaries went through the proxy: {lines:?}"
    );
    assert!(!hub.summaries().is_empty(), "and reached the hub");

    // Switched off in Internet Options: straight to the hub.
    set_internet_options(&prefix.0, false, &format!("127.0.0.1:{}", proxy.port));
    let (before, direct_before) = (proxy.seen().len(), front.seen().len());
    expect(pd().args(["sync", "--attempts", "1"]), 0);
    assert_eq!(proxy.seen().len(), before, "no proxy when ProxyEnable is 0");
    let direct = front.seen()[direct_before..].to_vec();
    assert!(
        !direct.is_empty() && direct.iter().all(|l| l.contains(" /api/")),
        "the sync went to the hub directly: {direct:?}"
    );

    // HTTP_PROXY for an http:// hub.
    let before = proxy.seen().len();
    expect(
        pd().env("HTTP_PROXY", format!("http://127.0.0.1:{}", proxy.port))
            .args(["sync", "--attempts", "1"]),
        0,
    );
    assert!(!proxied(before).is_empty(), "HTTP_PROXY is honoured");

    // HTTPS_PROXY for an https:// hub: the client asks the proxy for a tunnel, without
    // looking the name up itself. This proxy refuses, so the enrolment fails, says why,
    // and exits 1.
    let before = proxy.seen().len();
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let out = expect(
        wine(&prefix.0, &app)
            .env("MEDSOS_DATA_DIR", win(&other))
            .env("HTTPS_PROXY", format!("http://127.0.0.1:{}", proxy.port))
            .args([
                "enrol",
                "--hub",
                "https://hub.medsos.invalid",
                "--code",
                "AAAA-BBBB-CCCC",
            ]),
        1,
    );
    assert!(!text(&out.stderr).is_empty());
    let tunnel = proxy.seen()[before..].to_vec();
    assert!(
        tunnel
            .iter()
            .any(|l| l.starts_with("CONNECT hub.medsos.invalid:443 ")),
        "HTTPS_PROXY is honoured: {tunnel:?}"
    );
}

/// The release exe's PE header: a GUI program (no console window behind the app) that
/// imports AttachConsole (so its command line still speaks in cmd and PowerShell).
#[test]
#[ignore = "run by cargo xtask windows"]
fn the_release_exe_is_a_gui_program_that_attaches_to_the_parent_console() {
    let release = std::fs::read(required("MEDSOS_WIN_RELEASE_APP_EXE")).unwrap();
    let pe = Pe::parse(&release);
    assert_eq!(pe.subsystem, 2, "IMAGE_SUBSYSTEM_WINDOWS_GUI");
    // mingw's own imports name KERNEL32.dll, raw-dylib ones (windows-sys) kernel32.dll.
    let kernel32: Vec<&String> = pe
        .imports
        .iter()
        .filter(|(dll, _)| dll.eq_ignore_ascii_case("kernel32.dll"))
        .flat_map(|(_, names)| names)
        .collect();
    assert!(!kernel32.is_empty(), "imports from KERNEL32");
    assert!(
        kernel32.iter().any(|n| *n == "AttachConsole"),
        "AttachConsole among {kernel32:?}"
    );
    // The command-line tests above ran this very exe (xtask builds the release configuration
    // once), so the GUI subsystem did not cost the command line its output or exit codes.

    // And it runs: exit codes and output come back (Wine hands a GUI program the terminal,
    // so this shows the command line works, not the console attachment itself).
    let prefix = main_prefix();
    let _server = Prefix(prefix.clone());
    let exe = required("MEDSOS_WIN_RELEASE_APP_EXE");
    let out = expect(wine(&prefix, &exe).arg("--version"), 0);
    assert!(
        text(&out.stdout).contains("medsos-pd"),
        "{}",
        text(&out.stdout)
    );
    let out = expect(
        wine(&prefix, &exe).args(["summary", "--day", "bukan-tanggal"]),
        1,
    );
    assert!(!text(&out.stderr).is_empty());
}

/// The little of a PE32+ image these checks need.
struct Pe {
    subsystem: u16,
    /// (DLL name, imported function names)
    imports: Vec<(String, Vec<String>)>,
}

impl Pe {
    fn parse(image: &[u8]) -> Pe {
        let u16_at = |at: usize| u16::from_le_bytes([image[at], image[at + 1]]);
        let u32_at = |at: usize| u32::from_le_bytes(image[at..at + 4].try_into().unwrap());
        let u64_at = |at: usize| u64::from_le_bytes(image[at..at + 8].try_into().unwrap());
        assert_eq!(&image[..2], b"MZ", "a DOS header");
        let pe = u32_at(0x3c) as usize;
        assert_eq!(&image[pe..pe + 4], b"PE\0\0", "a PE signature");
        let coff = pe + 4;
        let sections = usize::from(u16_at(coff + 2));
        let optional_size = usize::from(u16_at(coff + 16));
        let optional = coff + 20;
        assert_eq!(u16_at(optional), 0x20b, "PE32+ (64-bit)");
        let subsystem = u16_at(optional + 68);
        // Data directory 1: the import table.
        let import_rva = u32_at(optional + 112 + 8);
        let section_table = optional + optional_size;
        let offset = |rva: u32| -> usize {
            (0..sections)
                .map(|i| section_table + i * 40)
                .find_map(|s| {
                    let size = u32_at(s + 8).max(u32_at(s + 16));
                    let start = u32_at(s + 12);
                    (rva >= start && rva < start + size)
                        .then(|| (rva - start + u32_at(s + 20)) as usize)
                })
                .unwrap_or_else(|| panic!("RVA {rva:#x} in no section"))
        };
        let c_string = |at: usize| {
            let end = image[at..].iter().position(|b| *b == 0).unwrap();
            String::from_utf8_lossy(&image[at..at + end]).into_owned()
        };
        let mut imports = Vec::new();
        if import_rva != 0 {
            let mut descriptor = offset(import_rva);
            loop {
                let lookup = u32_at(descriptor);
                let name = u32_at(descriptor + 12);
                let thunks = u32_at(descriptor + 16);
                if name == 0 {
                    break;
                }
                let mut entry = offset(if lookup != 0 { lookup } else { thunks });
                let mut names = Vec::new();
                loop {
                    let thunk = u64_at(entry);
                    if thunk == 0 {
                        break;
                    }
                    if thunk & (1 << 63) == 0 {
                        names.push(c_string(offset(thunk as u32) + 2));
                    }
                    entry += 8;
                }
                imports.push((c_string(offset(name)), names));
                descriptor += 20;
            }
        }
        Pe { subsystem, imports }
    }
}
