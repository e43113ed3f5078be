//! The release build: the debug-only test hooks are not in it and have no effect.
//!
//! `cargo xtask test` builds the release app and passes its path in `MEDSOS_RELEASE_APP_BIN`.

mod support;

use std::path::Path;
use support::*;

/// What the debug build's hooks would have made the clock say.
const TEST_NOW: &str = "2026-03-02T02:00:00Z";

fn release_binary() -> std::path::PathBuf {
    required_path("MEDSOS_RELEASE_APP_BIN")
}

#[test]
fn the_release_binary_does_not_contain_the_test_hooks() {
    let bytes = std::fs::read(release_binary()).expect("read the release binary");
    for hook in [
        "MEDSOS_TEST_NOW",
        "MEDSOS_TEST_PICK_FILES",
        "MEDSOS_TEST_SAVE_DIR",
        "MEDSOS_TEST_NOTIFICATION_LOG",
        "MEDSOS_TEST_UPDATER_PUBKEY",
        "Jam uji",
        "soak-ketik",
        "soak-periksa",
    ] {
        assert!(
            !bytes.windows(hook.len()).any(|w| w == hook.as_bytes()),
            "the release binary still contains {hook:?}"
        );
    }
    // The debug build does, so the scan above would have found them.
    let debug = std::fs::read(app_binary()).expect("read the debug binary");
    assert!(debug.windows(15).any(|w| w == b"MEDSOS_TEST_NOW"));
}

#[tokio::test(flavor = "multi_thread")]
async fn in_the_release_window_the_test_clock_and_its_command_do_nothing() {
    let data = tempfile::tempdir().expect("temp data dir");
    let pick = data.path().join("tidak-ada.jpg");
    let driver = Driver::start_with(
        data.path(),
        &[
            ("MEDSOS_TEST_NOW", Path::new(TEST_NOW)),
            ("MEDSOS_TEST_PICK_FILES", &pick),
            ("MEDSOS_TEST_SAVE_DIR", data.path()),
        ],
    )
    .await;
    let client = driver.launch_binary(&release_binary()).await;
    find(&client, "first-run").await;

    // The clock is the system's, not the variable's.
    let status = invoke(&client, "app_status", serde_json::json!({})).await;
    assert!(status.starts_with("ok "), "{status}");
    let status: serde_json::Value = serde_json::from_str(&status[3..]).expect("app_status json");
    let today = time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::from_hms(7, 0, 0).expect("WIB"))
        .date();
    let now_wib = status["now_wib"].as_str().expect("now_wib");
    assert!(
        now_wib.starts_with(&today.to_string()),
        "release clock says {now_wib}, expected today {today}"
    );
    assert!(!now_wib.starts_with("2026-03-02"), "{now_wib}");

    // The command that moves the test clock does not exist for the window.
    let moved = invoke(
        &client,
        "debug_clock_set",
        serde_json::json!({ "at": "2026-03-09T02:00:00Z" }),
    )
    .await;
    assert!(moved.starts_with("error "), "{moved}");
    // Nor do the tray's test hooks.
    for hook in [
        "debug_window_close",
        "debug_tray_action",
        "debug_window_visible",
    ] {
        let answer = invoke(&client, hook, serde_json::json!({ "id": "buka" })).await;
        assert!(answer.starts_with("error "), "{hook}: {answer}");
    }
    screenshot(&client, "80-release-first-run").await;
    client.close().await.expect("close");
}
