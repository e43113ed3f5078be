//! Aduan through the real window: three complaints captured, one verified and answered, one
//! forwarded, one closed; a deadline that skips cuti bersama and Natal; a CSV with one bad
//! row refused with its row number; the list exported as XLSX and read back.

mod support;

use calamine::{Reader, Xlsx};
use fantoccini::{Client, Locator};
use std::path::Path;
use support::*;

/// 08:00 WIB on Wednesday 23 December 2026: the next two days are cuti bersama and Natal.
const TEST_NOW: &str = "2026-12-23T01:00:00Z";

/// Row 3 has a date that does not exist; the others are fine.
const CSV: &str = "Cap waktu,Nama,Kecamatan,Kategori,Isi aduan\n\
    21/12/2026 08:15:00,Dedi Mulyadi,Cugenang,Jalan dan jembatan,Jembatan gantung Desa Sukamulya goyang\n\
    31/02/2026 09:00:00,Rina,Cipanas,Kesehatan,Antrean puskesmas terlalu lama\n\
    22/12/2026 10:30:00,,Pacet,Lainnya,Mohon info jadwal pembuatan KTP keliling\n";

async fn select(client: &Client, testid: &str, value: &str) {
    find(client, testid)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("select {value} in {testid}: {e}"));
}

/// Captures one complaint through the form and answers with its id (from the list row).
async fn capture(client: &Client, body: &str, name: &str, channel: &str, kecamatan: &str) -> i64 {
    click(client, "aduan-new").await;
    fill(client, "[data-testid=c-body]", body).await;
    fill(client, "[data-testid=c-name]", name).await;
    select(client, "c-channel", channel).await;
    select(client, "c-kecamatan", kecamatan).await;
    click(client, "c-save").await;
    let number = wait_for_text(client, "complaint-number", |t| t.starts_with("ADU-")).await;
    wait_for_text(client, "complaint-body", |t| t == body).await;
    number
        .trim_start_matches("ADU-")
        .parse()
        .expect("complaint number")
}

async fn open(client: &Client, id: i64) {
    click(client, &format!("aduan-row-{id}")).await;
    wait_for_text(client, "complaint-number", |t| t == format!("ADU-{id:06}")).await;
}

async fn step(client: &Client, to: &str, expect: &str) {
    click(client, &format!("c-to-{to}")).await;
    wait_for_text(client, "complaint-status", |t| t == expect).await;
}

#[tokio::test]
async fn complaints_are_captured_answered_forwarded_closed_imported_and_exported() {
    let data = tempfile::tempdir().expect("data dir");
    let out_dir = tempfile::tempdir().expect("out dir");
    let csv = out_dir.path().join("google-form.csv");
    std::fs::write(&csv, CSV).expect("csv");
    let driver = Driver::start_with(
        data.path(),
        &[
            ("MEDSOS_TEST_NOW", Path::new(TEST_NOW)),
            ("MEDSOS_TEST_PICK_FILES", &csv),
            ("MEDSOS_TEST_SAVE_DIR", out_dir.path()),
        ],
    )
    .await;
    let client = driver.launch().await;
    complete_first_run(&client).await;
    click(&client, "nav-aduan").await;
    find(&client, "aduan").await;

    // Three complaints pasted from comments and messages.
    let jalan = capture(
        &client,
        "Jalan di Kampung Babakan rusak parah, mohon segera diperbaiki. Hub 081234567890",
        "Siti Aminah",
        "instagram_komentar",
        "32.03.07",
    )
    .await;
    // A first answer is due one working day later: 24 (cuti bersama) and 25 December
    // (Natal) and the weekend are skipped, so Monday 28 December.
    let first = wait_for_text(&client, "deadline-jawaban_pertama", |t| !t.is_empty()).await;
    assert!(first.starts_with("2026-12-28"), "{first}");
    screenshot(&client, "30-aduan-captured").await;
    let pju = capture(
        &client,
        "Lampu PJU di jalan raya Cipanas mati sejak seminggu",
        "@ujang.cjr",
        "whatsapp",
        "32.03.23",
    )
    .await;
    let info = capture(
        &client,
        "Kapan jadwal posyandu balita bulan Januari?",
        "Rina",
        "facebook_messenger",
        "luar_cianjur",
    )
    .await;
    wait_for_text(&client, "aduan-total", |t| t == "3 aduan").await;
    // The list masks names (UU PDP); the detail view shows them in full.
    let list = wait_for_text(&client, "aduan-list", |t| t.contains("ADU-")).await;
    assert!(!list.contains("Siti Aminah"), "{list}");
    assert!(!list.contains("081234567890"), "{list}");

    // Verified, then answered with a template; the reply is logged.
    open(&client, jalan).await;
    step(&client, "diverifikasi", "Diverifikasi").await;
    let templates = client
        .find_all(Locator::Css("[data-testid=reply-template] option"))
        .await
        .expect("templates");
    assert!(templates.len() >= 2, "at least one reply template");
    let value = templates[1]
        .attr("value")
        .await
        .expect("value")
        .expect("id");
    select(&client, "reply-template", &value).await;
    let reply = wait_for_text(&client, "reply-body", |_| true).await;
    let reply = if reply.is_empty() {
        find(&client, "reply-body")
            .await
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default()
    } else {
        reply
    };
    assert!(
        reply.contains(&format!("ADU-{jalan:06}")),
        "the template names the complaint: {reply}"
    );
    click(&client, "reply-save").await;
    wait_for_text(&client, "complaint-replies", |t| {
        t.contains(&format!("ADU-{jalan:06}"))
    })
    .await;
    let done = wait_for_text(&client, "complaint-deadlines", |t| t.contains("terpenuhi")).await;
    assert!(done.contains("terpenuhi"), "{done}");
    screenshot(&client, "31-aduan-verified-replied").await;

    // The street-light complaint was logged as "Lainnya": corrected, and the step recorded.
    open(&client, pju).await;
    click(&client, "reclassify").await;
    let mut lights = None;
    for option in client
        .find_all(Locator::Css("[data-testid=reclassify-category] option"))
        .await
        .expect("categories")
    {
        if option.text().await.unwrap_or_default() == "Penerangan jalan" {
            lights = option.attr("value").await.expect("value");
        }
    }
    select(
        &client,
        "reclassify-category",
        &lights.expect("Penerangan jalan"),
    )
    .await;
    click(&client, "reclassify-save").await;
    wait_for_text(&client, "complaint-history", |t| {
        t.contains("Klasifikasi diubah") && t.contains("Penerangan jalan")
    })
    .await;

    // Forwarded to the agency that owns street lights; the PD must be named.
    click(&client, "c-to-diteruskan").await;
    click(&client, "c-confirm").await;
    let refused = wait_for_text(&client, "complaint-error", |t| !t.is_empty()).await;
    assert!(!refused.is_empty());
    fill(&client, "[data-testid=c-forward-to]", "Dinas Perhubungan").await;
    click(&client, "c-confirm").await;
    wait_for_text(&client, "complaint-status", |t| t == "Diteruskan").await;
    wait_for_text(&client, "complaint-history", |t| {
        t.contains("Dinas Perhubungan")
    })
    .await;

    // The information request is answered and closed.
    open(&client, info).await;
    step(&client, "diverifikasi", "Diverifikasi").await;
    step(&client, "ditindaklanjuti", "Ditindaklanjuti").await;
    step(&client, "selesai", "Selesai").await;
    let history = wait_for_text(&client, "complaint-history", |t| t.contains("Selesai")).await;
    assert!(
        history.contains("Baru"),
        "every step is recorded: {history}"
    );

    // A Google Form export with one impossible date: nothing is imported, row 3 is named.
    click(&client, "aduan-import").await;
    let problems = wait_for_text(&client, "import-problems", |t| t.contains("Baris 3")).await;
    assert!(!problems.contains("Baris 2"), "{problems}");
    assert!(
        !find(&client, "import-commit")
            .await
            .is_enabled()
            .await
            .expect("enabled?"),
        "an import with a bad row cannot be committed"
    );
    screenshot(&client, "32-aduan-import-refused").await;
    wait_for_text(&client, "aduan-total", |t| t == "3 aduan").await;

    // The list as XLSX for the monthly report, read back here.
    click(&client, "aduan-export-xlsx").await;
    let saved = wait_for_text(&client, "aduan-info", |t| t.contains(".xlsx")).await;
    let path = saved
        .split_whitespace()
        .find(|w| w.ends_with(".xlsx"))
        .expect("path in the message")
        .to_string();
    assert!(
        path.starts_with(&out_dir.path().display().to_string()),
        "{path}"
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&path).expect("xlsx opens");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    assert_eq!(sheet.height(), 4, "a header and three complaints");
    let cells: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    for id in [jalan, pju, info] {
        assert!(
            cells.iter().any(|c| c == &format!("ADU-{id:06}")),
            "ADU-{id:06} in {cells:?}"
        );
    }
    assert!(
        cells.iter().any(|c| c.contains("Dinas Perhubungan")),
        "{cells:?}"
    );
    assert!(
        !cells.iter().any(|c| c.contains("Siti Aminah")),
        "names stay masked without the personal-data option"
    );
    screenshot(&client, "33-aduan-exported").await;

    // Pengaturan shows who viewed personal data (UU PDP): the admin, when opening complaints.
    click(&client, "nav-pengaturan").await;
    let audit = wait_for_text(&client, "audit-log", |t| t.contains("melihat")).await;
    assert!(audit.contains(&format!("ADU-{jalan:06}")), "{audit}");
    find(&client, "complaint-settings").await;
    screenshot(&client, "34-pengaturan-aduan").await;

    // Beranda: nothing is overdue on 23 December (checked once its lists have loaded).
    click(&client, "nav-beranda").await;
    beranda_loaded(&client).await;
    assert!(client
        .find(Locator::Css(&by_testid("overdue-complaints")))
        .await
        .is_err());
}
