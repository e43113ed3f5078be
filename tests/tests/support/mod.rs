//! Shared pieces of the end-to-end tests: the real binaries, tauri-driver, screenshots.
//!
//! These tests need what `cargo xtask test` prepares: the built app and hub (paths in
//! `MEDSOS_APP_BIN` / `MEDSOS_HUB_BIN`), `tauri-driver` and WebKitWebDriver on PATH, and
//! a display (xvfb-run). Run them through `cargo xtask test`.

#![allow(dead_code)]

pub mod chromium;
pub mod meta;
pub mod updates;

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use std::net::TcpListener;
#[cfg(unix)]
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn required_path(var: &str) -> PathBuf {
    let value = std::env::var_os(var).unwrap_or_else(|| {
        panic!("{var} is not set: run the end-to-end tests through `cargo xtask test`")
    });
    let path = PathBuf::from(value);
    assert!(
        path.exists(),
        "{var} points at {} which does not exist",
        path.display()
    );
    path
}

pub fn app_binary() -> PathBuf {
    required_path("MEDSOS_APP_BIN")
}

pub fn hub_binary() -> PathBuf {
    required_path("MEDSOS_HUB_BIN")
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Registers an agency with `medsos-hub agency add` and answers the one-time enrolment code
/// it printed.
pub fn hub_add_agency(db: &Path, name: &str, code: &str) -> String {
    let added = hub_admin(&["agency", "add", "--name", name, "--code", code], db, None);
    added
        .split_whitespace()
        .find(|w| w.len() == 14 && w.matches('-').count() == 2)
        .unwrap_or_else(|| panic!("no enrolment code in: {added}"))
        .to_string()
}

/// Runs an admin command of the hub binary against `db` (`medsos-hub <args> --db <db>`),
/// with `stdin` as one line of input when given (a password); returns what it printed.
/// A failing command fails the test with the hub's message.
pub fn hub_admin(args: &[&str], db: &Path, stdin: Option<&str>) -> String {
    use std::io::Write;
    let mut child = Command::new(hub_binary())
        .args(args)
        .arg("--db")
        .arg(db)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run medsos-hub");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        writeln!(pipe, "{text}").expect("write stdin");
    }
    let out = child.wait_with_output().expect("medsos-hub ends");
    assert!(
        out.status.success(),
        "medsos-hub {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Starts `medsos-hub serve` over `db` on the loopback `port` and returns once it listens;
/// the server stops when the returned value is dropped.
pub fn serve_hub(db: &Path, port: u16) -> Running {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(hub_binary())
        .args(["serve", "--db"])
        .arg(db)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start medsos-hub");
    let stdout = child.stdout.take().expect("stdout");
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("hub prints its address");
    assert!(line.contains(&format!(":{port}")), "{line}");
    running
}

/// Where screenshots go: `target/e2e-screenshots/`, never committed.
pub fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

/// A running child process that is killed when the test ends, pass or fail.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A process started in its own process group; the whole group is ended on drop, so the
/// WebKitWebDriver and app that tauri-driver starts do not outlive the test.
pub struct Group(pub Child);

impl Drop for Group {
    fn drop(&mut self) {
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.0.id())])
            .status();
        // Windows has no process groups to signal; taskkill /T ends the tree.
        #[cfg(windows)]
        let _ = Command::new("taskkill")
            .args(["/T", "/F", "/PID", &self.0.id().to_string()])
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// tauri-driver on its own ports, launching the app with `data_dir` as MEDSOS_DATA_DIR.
pub struct Driver {
    _process: Group,
    pub port: u16,
    data_dir: PathBuf,
}

impl Driver {
    pub async fn start(data_dir: &Path) -> Driver {
        Driver::start_with(data_dir, &[]).await
    }

    /// Like `start`, with extra variables for the app (debug-only test hooks).
    pub async fn start_with(data_dir: &Path, env: &[(&str, &Path)]) -> Driver {
        let port = free_port();
        let native_port = free_port();
        let mut command = Command::new("tauri-driver");
        #[cfg(unix)]
        command.process_group(0);
        let process = command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("MEDSOS_DATA_DIR", data_dir)
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver on PATH (cargo xtask test installs it)");
        let driver = Driver {
            _process: Group(process),
            port,
            data_dir: data_dir.to_path_buf(),
        };
        wait_for_port(port, Duration::from_secs(20)).await;
        driver
    }

    /// Opens the app's window in a new WebDriver session.
    pub async fn launch(&self) -> Client {
        self.launch_binary(&app_binary()).await
    }

    /// Opens the window of the app built at `binary` (the release build, say).
    pub async fn launch_binary(&self, binary: &Path) -> Client {
        wait_for_previous_instance_to_leave(&self.data_dir).await;
        // Two rustls providers are linked (see tests/Cargo.toml); choose one, once.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": binary }),
        );
        let url = format!("http://127.0.0.1:{}", self.port);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let attempt = tokio::time::timeout(
                Duration::from_secs(60),
                ClientBuilder::rustls()
                    .expect("rustls client")
                    .capabilities(caps.clone())
                    .connect(&url),
            )
            .await
            .unwrap_or_else(|_| panic!("tauri-driver did not open a session within 60 s"));
            match attempt {
                Ok(client) => return client,
                Err(error) if Instant::now() < deadline => {
                    eprintln!("waiting for the app window: {error}");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(error) => panic!("could not open the app through tauri-driver: {error}"),
            }
        }
    }
}

/// The app on a data folder owns a D-Bus name on the session bus (one window per folder,
/// `src-tauri/src/lib.rs`). A window just closed through WebDriver may still hold it for a
/// moment while it exits, and a new start would hand over to it and end; so a new launch
/// on the same folder waits (up to 20 s) until the name is free. Without a session bus there
/// is no name and nothing to wait for.
pub async fn wait_for_previous_instance_to_leave(data_dir: &Path) {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none_or(|a| a.is_empty()) {
        return;
    }
    let dir = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    // The same FNV-1a name as `data_dir::instance_id` in the app.
    let hash = dir
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    let name = format!("id.go.cianjurkab.medsospd.d{hash:016x}");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let names = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.ListNames",
            ])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        if !names.contains(&name) || Instant::now() > deadline {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn wait_for_port(port: u16, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "nothing listened on port {port}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub fn by_testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// Waits (up to 20 s) for the element with `data-testid`.
pub async fn find(client: &Client, testid: &str) -> Element {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(&by_testid(testid)))
        .await
        .unwrap_or_else(|e| panic!("element [data-testid={testid}] did not appear: {e}"))
}

/// Waits until `testid`'s text satisfies `pred`, returning the text.
pub async fn wait_for_text(client: &Client, testid: &str, pred: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        // textContent, not the WebDriver text: WebKitWebDriver reports text cut with an
        // ellipsis (overflow hidden, nowrap) as empty although it is on screen.
        let text = find(client, testid)
            .await
            .prop("textContent")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if pred(&text) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "[data-testid={testid}] still says {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write screenshot");
}

/// Types into the input named `name` inside the element `scope`.
pub async fn fill(client: &Client, selector: &str, text: &str) {
    let input = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector} did not appear: {e}"));
    input.clear().await.expect("clear input");
    input.send_keys(text).await.expect("type into input");
}

/// Fills the first-run profile as a Dinas Kesehatan admin and waits for Beranda.
pub async fn complete_first_run(client: &Client) {
    find(client, "first-run").await;
    fill(
        client,
        "input[name=name]",
        "Dinas Kesehatan Kabupaten Cianjur",
    )
    .await;
    fill(client, "input[name=code]", "DINKES").await;
    fill(client, "input[name=admin_name]", "Siti Nurhaliza").await;
    find(client, "profile-submit")
        .await
        .click()
        .await
        .expect("submit");
    find(client, "beranda").await;
}

/// Sets an input's value the way typing would, for the date and time pickers WebDriver
/// cannot type into reliably.
pub async fn set_value(client: &Client, testid: &str, value: &str) {
    let element = find(client, testid).await;
    client
        .execute(
            "const el = arguments[0]; el.value = arguments[1];
             el.dispatchEvent(new Event('input', { bubbles: true }));
             el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![
                serde_json::to_value(&element).expect("element as JSON"),
                serde_json::Value::String(value.into()),
            ],
        )
        .await
        .unwrap_or_else(|e| panic!("set {testid}: {e}"));
}

/// Clicks the element with `data-testid`.
pub async fn click(client: &Client, testid: &str) {
    let element = find(client, testid).await;
    // Bring it into view first: WebKit refuses clicks on elements scrolled away.
    let _ = client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(&element).expect("element as JSON")],
        )
        .await;
    element
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {testid}: {e}"));
}

/// Waits (up to 20 s) until the JavaScript `condition` (the body of a function given
/// `args`, answering true or false) holds in the window; `what` names it in the failure.
pub async fn wait_until(
    client: &Client,
    what: &str,
    condition: &str,
    args: Vec<serde_json::Value>,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let holds = client
            .execute(condition, args.clone())
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if holds {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: not within 20 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Ticks every item of the pre-publish checklist shown in the editor, one at a time, each
/// saved (the store's "checked by ... at ..." shown beside it) before the next.
pub async fn tick_whole_checklist(client: &Client) {
    for item in [
        "sumber",
        "data_akurat",
        "bebas_hoaks_sara",
        "bukan_rahasia",
        "data_pribadi",
        "netral",
        "bahasa",
        "identitas",
    ] {
        let testid = format!("check-{item}");
        click(client, &testid).await;
        wait_until(
            client,
            &format!("checklist item {item} saved"),
            "const box = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);
             return !!box && box.checked && !!box.closest('li').querySelector('span.muted');",
            vec![serde_json::Value::String(testid)],
        )
        .await;
    }
}

/// Waits for Beranda with every one of its lists answered (`data-loaded`), so what it does
/// not show is absent, not merely not yet loaded.
pub async fn beranda_loaded(client: &Client) -> Element {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(
            "[data-testid=\"beranda\"][data-loaded=\"true\"]",
        ))
        .await
        .unwrap_or_else(|e| panic!("Beranda's lists did not load: {e}"))
}

/// The text on the X clipboard of the test's display (the window's, after a copy).
pub fn clipboard_text() -> String {
    arboard::Clipboard::new()
        .and_then(|mut c| c.get_text())
        .unwrap_or_default()
}

/// Puts `text` on the clipboard, so a later read shows whether the app replaced it.
pub fn set_clipboard_text(text: &str) {
    arboard::Clipboard::new()
        .and_then(|mut c| c.set_text(text))
        .expect("clipboard of the test display");
}

/// "Sinkronkan sekarang" on Laporan & Sinkron, waiting for the whole sync (summaries, then
/// fulfilments, accounts, briefs, holidays, the registry and the hub's view of the agency) to
/// end: the button is free again only then.
pub async fn sync_now(client: &Client) {
    click(client, "nav-laporan").await;
    click(client, "sync-now").await;
    wait_for_text(client, "sync-pending", |t| t == "0").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while find(client, "sync-now")
        .await
        .attr("disabled")
        .await
        .ok()
        .flatten()
        .is_some()
    {
        assert!(Instant::now() < deadline, "sync did not finish");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Calls an IPC command from the page: "ok <json>" or "error <json>".
pub async fn invoke(client: &Client, command: &str, args: serde_json::Value) -> String {
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
               .then((v) => done('ok ' + JSON.stringify(v)), (e) => done('error ' + JSON.stringify(e)));",
            vec![command.into(), args],
        )
        .await
        .expect("invoke")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A Facebook-only draft (no photo needed) written in Konten and approved with the whole
/// checklist; the editor stays open on it. `hashtags` may be empty.
pub async fn approved_facebook_draft(
    client: &Client,
    title: &str,
    body: &str,
    hashtags: &str,
    source: &str,
) {
    click(client, "nav-konten").await;
    click(client, "new-draft").await;
    fill(client, "[data-testid=draft-title]", title).await;
    fill(client, "[data-testid=draft-body]", body).await;
    if !hashtags.is_empty() {
        fill(client, "[data-testid=draft-hashtags]", hashtags).await;
    }
    fill(client, "[data-testid=draft-source]", source).await;
    click(client, "for-instagram").await;
    wait_for_text(client, "save-status", |t| t == "Tersimpan").await;
    click(client, "to-menunggu_persetujuan").await;
    wait_for_text(client, "draft-status", |t| t == "Menunggu persetujuan").await;
    tick_whole_checklist(client).await;
    click(client, "to-disetujui").await;
    wait_for_text(client, "draft-status", |t| t == "Disetujui").await;
}

/// Schedules the draft open in the editor on `platform` ("instagram" or "facebook") at
/// `at_wib` ("2026-11-27T09:00"), from the editor's schedule form.
pub async fn schedule(client: &Client, platform: &str, at_wib: &str) {
    find(client, "schedule-platform")
        .await
        .select_by_value(platform)
        .await
        .expect("platform");
    set_value(client, "schedule-at", at_wib).await;
    click(client, "schedule-submit").await;
}

/// Every screen of the app, by the id its navigation button and screen area carry.
pub const SCREENS: &[&str] = &[
    "beranda",
    "konten",
    "media",
    "kalender",
    "aduan",
    "akun",
    "laporan",
    "pengaturan",
];

/// The one-time enrolment code in what `medsos-hub agency add` printed.
pub fn enrolment_code(printed: &str) -> String {
    printed
        .lines()
        .find_map(|l| l.strip_prefix("Kode pendaftaran (sekali pakai): "))
        .unwrap_or_else(|| panic!("no enrolment code in: {printed}"))
        .trim()
        .to_owned()
}

/// The serious and critical accessibility violations axe-core finds on the page the client
/// shows, one line each ("rule: what is wrong @ where"); empty when there are none. axe-core
/// comes from `ui/node_modules` (a dev dependency of the UI, installed by `npm ci`) and is
/// put into the page through WebDriver, so the app's and the hub's own pages load nothing
/// extra and their content security policies stay as they are.
pub async fn axe_serious(client: &Client) -> Vec<String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (npm ci in ui/ installs axe-core)", path.display()));
    client
        .execute(
            &format!("if (!window.axe) {{ {source} }} return typeof window.axe;"),
            vec![],
        )
        .await
        .expect("axe-core loads in the page");
    let answer = client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               window.axe.run(document, { resultTypes: ["violations"] })
                 .then((r) => done(r.violations
                   .filter((v) => v.impact === "serious" || v.impact === "critical")
                   .flatMap((v) => v.nodes.slice(0, 4).map((n) =>
                     `${v.id} (${v.impact}): ${v.help} @ ${n.target.join(" ")} :: ${(n.failureSummary || "").replace(/\s+/g, " ")}`))))
                 .catch((e) => done([`axe-core failed: ${e}`]));"#,
            vec![],
        )
        .await
        .expect("axe-core answers");
    answer
        .as_array()
        .map(|lines| {
            lines
                .iter()
                .filter_map(|l| l.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
