//! Laporan & Sinkron through the real window and the real hub on loopback: the PC enrols
//! with Diskominfo's one-time code, shows what it will send in words, syncs (bringing back
//! Diskominfo's content brief), and the hub holds that day's summary without personal data.

mod support;

use std::path::Path;
use support::*;

/// 10:00 WIB on Thursday 26 November 2026.
const TEST_NOW: &str = "2026-11-26T03:00:00Z";

#[tokio::test(flavor = "multi_thread")]
async fn the_pc_enrols_shows_its_summary_and_syncs_it_to_the_hub() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let code = hub_add_agency(&db, "Dinas Kesehatan Kabupaten Cianjur", "DINKES");
    hub_admin(
        &[
            "brief",
            "add",
            "--title",
            "Gerakan Cianjur Sehat: ajak warga ke posyandu",
            "--body",
            "Unggah kegiatan posyandu di wilayah masing-masing dengan #CianjurSehat.",
            "--programme",
            "Cianjur Manjur",
            "--from",
            "2026-11-23",
            "--to",
            "2026-12-06",
        ],
        &db,
        None,
    );
    let port = free_port();
    let _hub = serve_hub(&db, port);

    let data = tempfile::tempdir().expect("data dir");
    let driver = Driver::start_with(data.path(), &[("MEDSOS_TEST_NOW", Path::new(TEST_NOW))]).await;
    let client = driver.launch().await;
    complete_first_run(&client).await;

    // Something to report: a complaint with personal data that must not leave the PC.
    click(&client, "nav-aduan").await;
    click(&client, "aduan-new").await;
    fill(
        &client,
        "[data-testid=c-body]",
        "Jalan Desa Sukamulya rusak, hubungi 081234567890",
    )
    .await;
    fill(&client, "[data-testid=c-name]", "Siti Aminah").await;
    click(&client, "c-save").await;
    wait_for_text(&client, "complaint-number", |t| t.starts_with("ADU-")).await;

    // What will be sent, in words, before anything is: no name in it.
    click(&client, "nav-laporan").await;
    let preview = wait_for_text(&client, "summary-preview", |t| t.contains("aduan")).await;
    assert!(!preview.contains("Siti"), "{preview}");

    // Enrolment in Pengaturan: plain http only to this PC, then Diskominfo's code.
    click(&client, "nav-pengaturan").await;
    fill(
        &client,
        "[data-testid=enrol-url]",
        &format!("http://10.1.2.3:{port}"),
    )
    .await;
    fill(&client, "[data-testid=enrol-code]", &code).await;
    click(&client, "enrol-submit").await;
    let refused = wait_for_text(&client, "enrol-error", |t| !t.is_empty()).await;
    assert!(
        refused.contains("https://"),
        "plain http only to this PC: {refused}"
    );
    fill(
        &client,
        "[data-testid=enrol-url]",
        &format!("http://127.0.0.1:{port}"),
    )
    .await;
    click(&client, "enrol-submit").await;
    wait_for_text(&client, "hub-settings", |t| t.contains("127.0.0.1")).await;
    click(&client, "nav-laporan").await;
    wait_for_text(&client, "sync-pending", |t| t != "0").await;
    screenshot(&client, "40-laporan-terdaftar").await;

    click(&client, "sync-now").await;
    wait_for_text(&client, "sync-pending", |t| t == "0").await;
    let history = wait_for_text(&client, "sync-history", |t| t.contains("2026-11-26")).await;
    assert!(history.contains("kirim"), "{history}");
    screenshot(&client, "41-laporan-terkirim").await;

    // The brief Diskominfo published arrived with the sync and is on Beranda.
    click(&client, "nav-beranda").await;
    wait_for_text(&client, "briefs", |t| t.contains("Gerakan Cianjur Sehat")).await;
    screenshot(&client, "42-beranda-brief").await;

    // The hub holds the day, and nothing personal.
    let exported = hub_admin(
        &[
            "summaries",
            "export",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "json",
        ],
        &db,
        None,
    );
    assert!(exported.contains("2026-11-26"), "{exported}");
    for secret in ["Siti", "Aminah", "081234567890", "Sukamulya"] {
        assert!(!exported.contains(secret), "{secret} reached the hub");
    }
}
