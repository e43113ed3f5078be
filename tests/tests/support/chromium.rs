//! Headless Chromium through chromedriver, for the hub's dashboard (plain web pages, so no
//! tauri-driver and no display: it runs the same with or without xvfb-run).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`cargo xtask test` installs them).

use super::{free_port, wait_for_port, Group};
use fantoccini::{Client, ClientBuilder};
#[cfg(unix)]
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// chromedriver on a free port; it and the browsers it starts end with the test.
pub struct Chromium {
    _process: Group,
    pub port: u16,
    /// Where the browser saves downloads, without asking.
    pub downloads: tempfile::TempDir,
}

impl Chromium {
    pub async fn start() -> Chromium {
        for path in [CHROMEDRIVER, CHROMIUM] {
            assert!(
                Path::new(path).exists(),
                "{path} is missing: install Debian's chromium and chromium-driver (cargo xtask test does)"
            );
        }
        let port = free_port();
        let mut command = Command::new(CHROMEDRIVER);
        #[cfg(unix)]
        command.process_group(0);
        let process = command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start chromedriver");
        let chromium = Chromium {
            _process: Group(process),
            port,
            downloads: tempfile::tempdir().expect("download folder"),
        };
        wait_for_port(port, Duration::from_secs(20)).await;
        chromium
    }

    pub fn download_dir(&self) -> PathBuf {
        self.downloads.path().to_path_buf()
    }

    /// A new headless browser window of 1400 × 900.
    pub async fn session(&self) -> Client {
        // Two rustls providers are linked (see tests/Cargo.toml); choose one, once.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "chrome".into());
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1400,900",
                ],
                "prefs": {
                    "download.default_directory": self.download_dir(),
                    "download.prompt_for_download": false,
                },
            }),
        );
        let url = format!("http://127.0.0.1:{}", self.port);
        tokio::time::timeout(
            Duration::from_secs(60),
            ClientBuilder::rustls()
                .expect("rustls client")
                .capabilities(caps)
                .connect(&url),
        )
        .await
        .unwrap_or_else(|_| panic!("chromedriver did not open a session within 60 s"))
        .unwrap_or_else(|e| panic!("could not open Chromium through chromedriver: {e}"))
    }

    /// Waits (up to 30 s) for a finished download whose name ends with `suffix`.
    pub async fn downloaded(&self, suffix: &str) -> PathBuf {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let found = std::fs::read_dir(self.downloads.path())
                .expect("download folder")
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.to_string_lossy().ends_with(suffix));
            if let Some(path) = found {
                return path;
            }
            assert!(
                Instant::now() < deadline,
                "no *{suffix} appeared in {}",
                self.downloads.path().display()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// Types a name and password into the dashboard's login form and submits it.
pub async fn submit_login(client: &Client, username: &str, password: &str) {
    super::fill(client, "input[name=username]", username).await;
    super::fill(client, "input[name=password]", password).await;
    client
        .find(fantoccini::Locator::Css("form button[type=submit]"))
        .await
        .expect("Masuk")
        .click()
        .await
        .expect("submit");
}
