//! Updates from the agency's own hub, through the real window and the real hub on loopback:
//! Diskominfo publishes a signed release with `medsos-hub release add`, the PC syncs, the
//! window offers "Pembaruan tersedia" with the notes, and the click downloads the file and
//! checks its signature against the release key. This window runs from a build folder, like
//! a `.deb` install (not an AppImage), so a good file is verified and the admin is told to
//! update through the package. A tampered file, or a signature from another key, is refused
//! with a message, and the app keeps running. The hub's `/rilis` records the PC's version.
//!
//! The debug build trusts the key in `MEDSOS_TEST_UPDATER_PUBKEY` in place of Diskominfo's.

mod support;

use fantoccini::Client;
use std::path::Path;
use support::updates::ReleaseKey;
use support::*;

/// A newer version than the workspace's.
const NEXT: &str = "9.1.0";

fn publish(db: &Path, dir: &Path, version: &str, bytes: &[u8], signature: &str) -> String {
    let file = dir.join(format!("medsos-pd_{version}_amd64.deb"));
    std::fs::write(&file, bytes).expect("artifact");
    let sig = dir.join(format!("medsos-pd_{version}_amd64.deb.sig"));
    std::fs::write(&sig, signature).expect("signature");
    hub_admin(
        &[
            "release",
            "add",
            "--version",
            version,
            "--target",
            "linux-x86_64",
            "--file",
            file.to_str().expect("utf-8 path"),
            "--signature",
            sig.to_str().expect("utf-8 path"),
            "--notes",
            "Perbaikan pengingat jadwal.\nKalender lebih cepat.",
        ],
        db,
        None,
    )
}

async fn enrol_and_sync(client: &Client, port: u16, code: &str) {
    click(client, "nav-pengaturan").await;
    fill(
        client,
        "[data-testid=enrol-url]",
        &format!("http://127.0.0.1:{port}"),
    )
    .await;
    fill(client, "[data-testid=enrol-code]", code).await;
    click(client, "enrol-submit").await;
    wait_for_text(client, "hub-settings", |t| t.contains("127.0.0.1")).await;
    sync_now(client).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_release_is_offered_and_verified_and_a_tampered_one_is_refused() {
    let key = ReleaseKey::generate();
    let other = ReleaseKey::generate();
    let hub_dir = tempfile::tempdir().expect("hub dir");
    let db = hub_dir.path().join("hub.sqlite3");
    let code = hub_add_agency(&db, "Dinas Kesehatan", "DINKES");
    let artifacts = tempfile::tempdir().expect("artifacts");
    let good: Vec<u8> = b"!<arch>\nmedsos-pd versi uji\n".repeat(2000);
    publish(
        &db,
        artifacts.path(),
        NEXT,
        &good,
        &key.sign(&good, "medsos-pd_9.1.0_amd64.deb"),
    );
    let port = free_port();
    let _hub = serve_hub(&db, port);

    let data = tempfile::tempdir().expect("data dir");
    let driver = Driver::start_with(
        data.path(),
        &[("MEDSOS_TEST_UPDATER_PUBKEY", Path::new(key.pubkey.as_str()))],
    )
    .await;
    let client = driver.launch().await;
    complete_first_run(&client).await;
    enrol_and_sync(&client, port, &code).await;

    // The sync asked the hub; the window offers the release with Diskominfo's notes.
    let banner = wait_for_text(&client, "update-banner", |t| t.contains(NEXT)).await;
    assert!(banner.contains("Pembaruan tersedia"), "{banner}");
    assert!(banner.contains("0.1.0"), "the installed version: {banner}");
    let notes = wait_for_text(&client, "update-notes", |t| !t.is_empty()).await;
    assert!(notes.contains("Perbaikan pengingat jadwal."), "{notes}");
    assert!(notes.contains("Kalender lebih cepat."), "{notes}");
    screenshot(&client, "95-pembaruan-tersedia").await;

    // The click downloads and verifies; a package install is told how to update.
    click(&client, "update-install").await;
    let message = wait_for_text(&client, "update-message", |t| !t.is_empty()).await;
    assert!(message.contains("sah"), "{message}");
    assert!(message.contains("apt install"), "{message}");
    assert!(message.contains(NEXT), "{message}");
    screenshot(&client, "96-pembaruan-terverifikasi").await;

    // The PC told the hub which version it runs (for the hub's /rilis page).
    let hub = rusqlite::Connection::open(&db).expect("hub db");
    let reported: Option<String> = hub
        .query_row("SELECT app_version FROM devices", [], |row| row.get(0))
        .expect("the enrolled PC");
    assert_eq!(reported.as_deref(), Some(env!("CARGO_PKG_VERSION")));

    // A newer release whose file was changed after signing: refused, nothing installed.
    let tampered_version = "9.2.0";
    let original: Vec<u8> = b"!<arch>\nmedsos-pd versi kedua\n".repeat(2000);
    let mut tampered = original.clone();
    tampered[100] ^= 0x20;
    publish(
        &db,
        artifacts.path(),
        tampered_version,
        &tampered,
        &key.sign(&original, "medsos-pd_9.2.0_amd64.deb"),
    );
    // Pengaturan's "Periksa pembaruan" asks the hub now.
    click(&client, "nav-pengaturan").await;
    click(&client, "update-check").await;
    wait_for_text(&client, "update-checked", |t| t.contains(tampered_version)).await;
    wait_for_text(&client, "update-banner", |t| t.contains(tampered_version)).await;
    click(&client, "update-install").await;
    let refused = wait_for_text(&client, "update-error", |t| !t.is_empty()).await;
    assert!(refused.contains("Tanda tangan"), "{refused}");
    assert!(refused.contains("tidak dipasang"), "{refused}");
    screenshot(&client, "97-pembaruan-ditolak").await;

    // A good file signed with another key: refused the same way.
    let foreign_version = "9.3.0";
    let foreign: Vec<u8> = b"!<arch>\nmedsos-pd versi asing\n".repeat(2000);
    publish(
        &db,
        artifacts.path(),
        foreign_version,
        &foreign,
        &other.sign(&foreign, "medsos-pd_9.3.0_amd64.deb"),
    );
    click(&client, "update-check").await;
    wait_for_text(&client, "update-banner", |t| t.contains(foreign_version)).await;
    click(&client, "update-install").await;
    wait_for_text(&client, "update-error", |t| {
        t.contains("Tanda tangan") && !t.is_empty()
    })
    .await;

    // The app keeps running its installed version: screens still answer.
    click(&client, "nav-beranda").await;
    beranda_loaded(&client).await;
    let status = invoke(&client, "app_status", serde_json::json!({})).await;
    assert!(status.starts_with("ok "), "{status}");
    client.close().await.expect("close");
}
