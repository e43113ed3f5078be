//! The tray through the real window: closing the window hides it (once with a notification
//! that says where it went), a reminder still falls due and is raised while it is hidden,
//! the tray's "Buka Medsos PD" brings the window back, and Pengaturan keeps the two window
//! settings (closing to the tray, starting hidden at login).
//!
//! The window manager's close button and the tray icon cannot be clicked under Xvfb, so the
//! debug build's hooks do exactly what they do (`debug_window_close` asks the window to
//! close as its title bar does, `debug_tray_action` runs a tray menu item). Notifications
//! raised go to the debug build's notification log (`MEDSOS_TEST_NOTIFICATION_LOG`).

mod support;

use fantoccini::Client;
use std::path::Path;
use std::time::{Duration, Instant};
use support::*;

/// 08:00 WIB on Thursday 26 November 2026.
const TEST_NOW: &str = "2026-11-26T01:00:00Z";

/// The notifications raised so far, as (title, body).
fn raised(log: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .map(|v| {
            (
                v["title"].as_str().unwrap_or_default().to_owned(),
                v["body"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

async fn wait_for_notification(
    log: &Path,
    what: &str,
    pred: impl Fn(&(String, String)) -> bool,
) -> (String, String) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(found) = raised(log).into_iter().find(|n| pred(n)) {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "no notification {what} within 20 s; raised: {:?}",
            raised(log)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn window_visible(client: &Client) -> bool {
    let answer = invoke(client, "debug_window_visible", serde_json::json!({})).await;
    match answer.as_str() {
        "ok true" => true,
        "ok false" => false,
        other => panic!("debug_window_visible: {other}"),
    }
}

async fn wait_for_visibility(client: &Client, visible: bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while window_visible(client).await != visible {
        assert!(
            Instant::now() < deadline,
            "the window did not become {}",
            if visible { "visible" } else { "hidden" }
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hidden_in_the_tray_the_reminder_still_comes_and_the_tray_brings_the_window_back() {
    let data = tempfile::tempdir().expect("data dir");
    let home = tempfile::tempdir().expect("home");
    let log = data.path().join("notifikasi.jsonl");
    let driver = Driver::start_with(
        data.path(),
        &[
            ("MEDSOS_TEST_NOW", Path::new(TEST_NOW)),
            ("MEDSOS_TEST_NOTIFICATION_LOG", &log),
            // The login entry goes under $HOME/.config/autostart: the test's own folder.
            ("HOME", home.path()),
        ],
    )
    .await;
    let client = driver.launch().await;
    complete_first_run(&client).await;

    // A Facebook-only draft, approved with the checklist and scheduled for Friday 09:00 WIB.
    approved_facebook_draft(
        &client,
        "Posyandu Keliling",
        "Posyandu keliling di Desa Sukamaju, Kecamatan Cianjur, Jumat pagi.",
        "",
        "Dinas Kesehatan",
    )
    .await;
    schedule(&client, "facebook", "2026-11-27T09:00").await;
    wait_for_text(&client, "draft-status", |t| t == "Terjadwal").await;

    // Closing the window hides it; the first time, a notification says where the app went.
    assert!(window_visible(&client).await);
    let closed = invoke(&client, "debug_window_close", serde_json::json!({})).await;
    assert_eq!(closed, "ok null");
    wait_for_visibility(&client, false).await;
    let hint = wait_for_notification(&log, "about the tray", |(title, _)| {
        title == "Medsos PD tetap berjalan"
    })
    .await;
    assert!(hint.1.contains("Keluar"), "{hint:?}");
    assert!(
        !raised(&log).iter().any(|(t, _)| t.starts_with("Jadwal")),
        "nothing is due on Thursday morning: {:?}",
        raised(&log)
    );

    // Friday 08:45 WIB while hidden: the 09:00 post is within the 30-minute lead.
    let moved = invoke(
        &client,
        "debug_clock_set",
        serde_json::json!({ "at": "2026-11-27T01:45:00Z" }),
    )
    .await;
    assert!(moved.starts_with("ok "), "{moved}");
    let reminder = wait_for_notification(&log, "for the Friday post", |(title, _)| {
        title == "Jadwal tayang segera"
    })
    .await;
    assert!(reminder.1.contains("Posyandu Keliling"), "{reminder:?}");
    assert!(
        !window_visible(&client).await,
        "the reminder came while hidden"
    );

    // The tray's "Buka Medsos PD" shows the window, with the reminder on Beranda.
    let opened = invoke(
        &client,
        "debug_tray_action",
        serde_json::json!({ "id": "buka" }),
    )
    .await;
    assert_eq!(opened, "ok true");
    wait_for_visibility(&client, true).await;
    click(&client, "nav-beranda").await;
    wait_for_text(&client, "beranda", |t| t.contains("Posyandu Keliling")).await;
    screenshot(&client, "90-tray-window-back").await;

    // A second close hides again without a second explanation, and each reminder once.
    invoke(&client, "debug_window_close", serde_json::json!({})).await;
    wait_for_visibility(&client, false).await;
    invoke(
        &client,
        "debug_tray_action",
        serde_json::json!({ "id": "buka" }),
    )
    .await;
    wait_for_visibility(&client, true).await;
    let all = raised(&log);
    assert_eq!(
        all.iter()
            .filter(|(t, _)| t == "Medsos PD tetap berjalan")
            .count(),
        1,
        "{all:?}"
    );
    assert_eq!(
        all.iter()
            .filter(|(t, _)| t == "Jadwal tayang segera")
            .count(),
        1,
        "{all:?}"
    );

    // Pengaturan: start hidden at login writes the login entry, with the hidden argument.
    click(&client, "nav-pengaturan").await;
    find(&client, "window-settings").await;
    let close_to_tray = find(&client, "close-to-tray").await;
    assert_eq!(
        close_to_tray
            .prop("checked")
            .await
            .expect("checked")
            .as_deref(),
        Some("true"),
        "closing to the tray is on by default"
    );
    click(&client, "start-at-login").await;
    click(&client, "window-settings-save").await;
    wait_for_text(&client, "window-settings", |t| {
        t.contains("Pengaturan tersimpan")
    })
    .await;
    let entry = home.path().join(".config/autostart/Medsos PD.desktop");
    let text = std::fs::read_to_string(&entry)
        .unwrap_or_else(|e| panic!("login entry {}: {e}", entry.display()));
    assert!(text.contains("--tersembunyi"), "{text}");
    screenshot(&client, "91-pengaturan-jendela").await;

    // Turning closing-to-the-tray off is kept; turning the login entry off removes it.
    click(&client, "close-to-tray").await;
    click(&client, "start-at-login").await;
    click(&client, "window-settings-save").await;
    let mut saved = String::new();
    for _ in 0..50 {
        saved = invoke(&client, "window_options", serde_json::json!({})).await;
        if saved.contains("\"close_to_tray\":false") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(saved.contains("\"close_to_tray\":false"), "{saved}");
    assert!(saved.contains("\"start_at_login\":false"), "{saved}");
    assert!(!entry.exists(), "the login entry is removed");

    client.close().await.expect("close");
}
