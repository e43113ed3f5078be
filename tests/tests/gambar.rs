//! The window as admins get it on Linux: drawn by WebKit on the CPU, its OpenGL compositing
//! off (src-tauri/src/rendering.rs). The other window tests drive the app through WebDriver,
//! which keeps WebKit's default drawing (WebDriver's screenshots never come back without
//! compositing), so this one starts the app as a person does, without WebDriver, and checks
//! that its first screen is painted and is not blank.
//!
//! Needs a display (`cargo xtask test` runs the tests under Xvfb), a session bus with the
//! Secret Service for the store key (also `cargo xtask test`), and ImageMagick's `import`.

mod support;

use std::io::{BufRead, BufReader};
#[cfg(unix)]
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use support::*;

#[test]
fn the_window_without_compositing_paints_its_first_screen() {
    if std::env::var_os("DISPLAY").is_none() {
        panic!("this test needs a display: run it under xvfb-run (cargo xtask test does)");
    }
    let data = tempfile::tempdir().expect("temp data dir");
    let mut command = Command::new(app_binary());
    // Its own process group, ended with WebKit's processes when the test ends.
    #[cfg(unix)]
    command.process_group(0);
    let mut child = command
        .env("MEDSOS_DATA_DIR", data.path())
        .env("MEDSOS_STARTUP_TRACE", "1")
        // As a person starts it: no WebDriver, no switch of the caller's.
        .env_remove("TAURI_WEBVIEW_AUTOMATION")
        .env_remove("MEDSOS_GPU")
        .env_remove("WEBKIT_DISABLE_COMPOSITING_MODE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the app");
    let stderr = child.stderr.take().expect("stderr");
    let running = Group(child);
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(90)) {
            Ok(line) if line.starts_with("medsos-startup first-run-ready ") => break,
            Ok(line) => seen.push(line),
            Err(_) => panic!(
                "the first-run form was not painted within 90 s; the app wrote:\n{}",
                seen.join("\n")
            ),
        }
    }

    let shot = screenshot_dir().join("gambar-tanpa-komposit.png");
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(&shot)
        .status()
        .expect("ImageMagick's import (installed by cargo xtask test)");
    assert!(status.success(), "import failed: {status}");
    // The form has text, fields, a logo and a button: a blank or black window has one or two
    // colours.
    let colours = Command::new("identify")
        .args(["-format", "%k"])
        .arg(&shot)
        .output()
        .expect("ImageMagick's identify");
    let colours: u32 = String::from_utf8_lossy(&colours.stdout)
        .trim()
        .parse()
        .expect("a number of colours");
    assert!(
        colours > 50,
        "the window looks blank ({colours} colours): {}",
        shot.display()
    );
    drop(running);
}
