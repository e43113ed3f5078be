//! `cargo xtask bench-window`: how long the release app takes to show Beranda with a busy
//! agency's store (DESIGN.md: within 1 s of start, under Xvfb).
//!
//! Each run opens the app through tauri-driver and times from the WebDriver session request
//! to the moment `[data-testid=beranda]` exists. That includes WebKitWebDriver's own start,
//! so the figure is an upper bound on what an admin waits.

use crate::install::{self, Purpose};
use crate::process::{command, run};
use crate::{root, target_dir, Result};
use medsos_core::drafts::{self, DraftInput};
use medsos_core::profile::{self, ProfileInput};
use medsos_core::{FixedClock, Store};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const DRAFTS: usize = 20_000;
const RUNS: usize = 7;
const PORT: u16 = 4471;

pub fn bench_window() -> Result {
    install::system_packages(Purpose::Test)?;
    install::npm_packages()?;
    install::tauri_driver()?;
    if std::env::var_os("DISPLAY").is_none() {
        return Err("butuh layar; jalankan: xvfb-run -a -s \"-screen 0 1280x800x24\" cargo xtask bench-window".into());
    }
    run(command("npm")
        .args(["run", "build"])
        .current_dir(root().join("ui")))?;
    run(command("cargo").args(["build", "--release", "--locked", "-p", "medsos-pd"]))?;
    let app = target_dir().join("release/medsos-pd");

    let data = target_dir().join("bench-window");
    if !data.join(medsos_core::store::STORE_FILE_NAME).exists() {
        seed(&data.join(medsos_core::store::STORE_FILE_NAME))?;
    }

    let driver = Driver::start(&data)?;
    let mut times = Vec::new();
    for i in 0..=RUNS {
        let took = time_to_beranda(&app)?;
        // The first start warms the page cache and WebKit's caches; it is reported apart.
        if i == 0 {
            println!("cold start (not counted): {} ms", took.as_millis());
        } else {
            println!("run {i}: {} ms", took.as_millis());
            times.push(took);
        }
    }
    drop(driver);
    times.sort();
    let median = times[times.len() / 2];
    let max = times[times.len() - 1];
    println!(
        "\nwindow shows Beranda with {DRAFTS} drafts: median {} ms, max {} ms over {RUNS} runs (budget 1000 ms)",
        median.as_millis(),
        max.as_millis()
    );
    Ok(())
}

fn seed(path: &Path) -> Result {
    let mut store = Store::open(path).map_err(|e| e.to_string())?;
    let clock = FixedClock::new(time::OffsetDateTime::now_utc() - time::Duration::days(5 * 365));
    profile::save(
        store.conn(),
        &clock,
        &ProfileInput {
            name: "Dinas Kesehatan Kabupaten Cianjur".into(),
            code: "DINKES".into(),
            address: "Jl. Pangeran Hidayatulloh No. 48, Cianjur".into(),
            admin_name: "Siti Nurhaliza".into(),
        },
    )
    .map_err(|e| e.to_string())?;
    let tx = store.conn_mut().transaction().map_err(|e| e.to_string())?;
    for i in 0..DRAFTS {
        clock.advance(time::Duration::minutes(131));
        drafts::create(
            &tx,
            &clock,
            &DraftInput {
                title: format!("Kegiatan pelayanan kesehatan nomor {i}"),
                body: "Kegiatan Posyandu di Kecamatan Cugenang diikuti puluhan balita. ".repeat(12),
                hashtags: "#CianjurManjur #DinkesCianjur".into(),
                ..DraftInput::default()
            },
        )
        .map_err(|e| e.to_string())?;
    }
    tx.commit().map_err(|e| e.to_string())?;
    Ok(())
}

struct Driver(Child);

impl Driver {
    fn start(data: &Path) -> Result<Driver> {
        #[cfg(unix)]
        use std::os::unix::process::CommandExt;
        let mut cmd = command("tauri-driver");
        cmd.args([
            "--port",
            &PORT.to_string(),
            "--native-port",
            &(PORT + 1).to_string(),
        ])
        .env("MEDSOS_DATA_DIR", data)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        #[cfg(unix)]
        cmd.process_group(0);
        let child = cmd.spawn().map_err(|e| format!("tauri-driver: {e}"))?;
        std::thread::sleep(Duration::from_millis(1500));
        Ok(Driver(child))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = command("kill")
            .args(["-TERM", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn url(path: &str) -> String {
    format!("http://127.0.0.1:{PORT}{path}")
}

fn time_to_beranda(app: &PathBuf) -> Result<Duration> {
    let caps = serde_json::json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": app}}}});
    let start = Instant::now();
    let session: serde_json::Value = ureq::post(&url("/session"))
        .send_json(caps)
        .map_err(|e| format!("sesi WebDriver: {e}"))?
        .into_json()
        .map_err(|e| e.to_string())?;
    let id = session["value"]["sessionId"]
        .as_str()
        .ok_or("tauri-driver tidak memberi sessionId")?
        .to_string();
    let find = serde_json::json!({"using": "css selector", "value": "[data-testid=\"beranda\"]"});
    let deadline = start + Duration::from_secs(30);
    let took = loop {
        let found = ureq::post(&url(&format!("/session/{id}/element")))
            .send_json(find.clone())
            .is_ok();
        if found {
            break start.elapsed();
        }
        if Instant::now() > deadline {
            return Err("Beranda tidak muncul dalam 30 detik".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = ureq::delete(&url(&format!("/session/{id}"))).call();
    std::thread::sleep(Duration::from_millis(500));
    Ok(took)
}
