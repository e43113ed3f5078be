//! One window per data folder: a second start hands over to the running app and exits.
//! The command line still runs beside the window.
//!
//! The running app finds itself through a D-Bus name (Linux), so this test needs a session
//! bus: the one `cargo xtask test` runs the tests in (it also carries the Secret Service
//! that keeps the store key), or else a private `dbus-daemon`, stopped with the test.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};
use support::*;

/// The session bus for the test; a private one is killed when dropped.
struct SessionBus {
    process: Option<Child>,
    address: String,
}

impl SessionBus {
    fn start() -> SessionBus {
        if let Some(address) = std::env::var("DBUS_SESSION_BUS_ADDRESS")
            .ok()
            .filter(|a| !a.is_empty())
        {
            return SessionBus {
                process: None,
                address,
            };
        }
        let mut process = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            // Its chatter about activated accessibility services is not the test's.
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (Debian's dbus package, installed by cargo xtask test)");
        let mut line = String::new();
        BufReader::new(process.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the bus address");
        let address = line.trim().to_owned();
        assert!(address.starts_with("unix:"), "bus address {address:?}");
        SessionBus {
            process: Some(process),
            address,
        }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        if let Some(process) = &mut self.process {
            let _ = process.kill();
            let _ = process.wait();
        }
    }
}

/// Waits up to `limit` for the child to end; kills it and answers `None` if it does not.
fn wait_or_kill(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn start_app(data: &Path, bus: &SessionBus) -> Child {
    Command::new(app_binary())
        .env("MEDSOS_DATA_DIR", data)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the app")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_start_focuses_the_running_window_and_the_cli_still_runs() {
    let bus = SessionBus::start();
    let data = tempfile::tempdir().expect("temp data dir");
    let driver = Driver::start_with(
        data.path(),
        &[("DBUS_SESSION_BUS_ADDRESS", Path::new(&bus.address))],
    )
    .await;
    let client = driver.launch().await;
    complete_first_run(&client).await;
    find(&client, "beranda").await;

    // A second start on the same folder hands over and ends by itself, successfully.
    let mut second = start_app(data.path(), &bus);
    let status = wait_or_kill(&mut second, Duration::from_secs(60));
    let status = status.expect("the second instance was still running after 60 s");
    assert!(status.success(), "second instance ended with {status}");

    // The first window is untouched and still answers.
    find(&client, "nav-kalender")
        .await
        .click()
        .await
        .expect("nav");
    find(&client, "screen-kalender").await;
    screenshot(&client, "81-single-instance").await;

    // The command line runs beside the window, on the same store.
    let cli = Command::new(app_binary())
        .args(["aduan", "retensi"])
        .env("MEDSOS_DATA_DIR", data.path())
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdin(Stdio::null())
        .output()
        .expect("run the CLI");
    assert!(
        cli.status.success(),
        "CLI beside the window: {}",
        String::from_utf8_lossy(&cli.stderr)
    );

    // Another data folder is another instance: it starts and stays.
    let other = tempfile::tempdir().expect("second data dir");
    let mut third = start_app(other.path(), &bus);
    let ended = wait_or_kill(&mut third, Duration::from_secs(5));
    assert!(
        ended.is_none(),
        "an app on another data folder ended at once: {ended:?}"
    );
    client.close().await.expect("close");
}
