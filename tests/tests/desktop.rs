//! The real app window under Xvfb, driven through tauri-driver and WebKitWebDriver.

mod support;

use fantoccini::Locator;
use support::*;

const SCREENS: &[&str] = &[
    "beranda",
    "konten",
    "kalender",
    "aduan",
    "akun",
    "laporan",
    "pengaturan",
];

#[tokio::test(flavor = "multi_thread")]
async fn first_run_profile_then_a_draft_survives_a_restart() {
    let data = tempfile::tempdir().expect("temp data dir");
    let driver = Driver::start(data.path()).await;

    // First start: the profile form, in Indonesian.
    let client = driver.launch().await;
    assert_eq!(client.title().await.expect("title"), "Medsos PD");
    find(&client, "first-run").await;
    let lead = client
        .find(Locator::Css("[data-testid=first-run] h1"))
        .await
        .expect("heading")
        .text()
        .await
        .expect("heading text");
    assert_eq!(lead, "Selamat datang di Medsos PD");
    screenshot(&client, "01-first-run").await;

    // A missing name is refused beside the field, nothing is saved.
    find(&client, "profile-submit")
        .await
        .click()
        .await
        .expect("submit");
    let error = find(&client, "error-name")
        .await
        .text()
        .await
        .expect("error text");
    assert!(error.contains("Nama instansi wajib diisi"), "{error}");
    screenshot(&client, "02-first-run-error").await;

    fill(
        &client,
        "input[name=name]",
        "Dinas Kesehatan Kabupaten Cianjur",
    )
    .await;
    fill(&client, "input[name=code]", "dinkes").await;
    fill(
        &client,
        "input[name=address]",
        "Jl. Pangeran Hidayatulloh No. 48, Cianjur",
    )
    .await;
    fill(&client, "input[name=admin_name]", "Siti Nurhaliza").await;
    find(&client, "profile-submit")
        .await
        .click()
        .await
        .expect("submit");
    find(&client, "beranda").await;

    // Every screen of the navigation opens.
    for screen in SCREENS {
        find(&client, &format!("nav-{screen}"))
            .await
            .click()
            .await
            .expect("nav click");
        find(&client, &format!("screen-{screen}")).await;
        screenshot(&client, &format!("03-{screen}")).await;
    }

    // Konten: write a draft; autosave stores it without any save button.
    find(&client, "nav-konten")
        .await
        .click()
        .await
        .expect("nav");
    find(&client, "new-draft")
        .await
        .click()
        .await
        .expect("new draft");
    fill(
        &client,
        "[data-testid=draft-title]",
        "Posyandu Desa Sukamaju",
    )
    .await;
    let body = "Kegiatan Posyandu di Desa Sukamaju, Kecamatan Cugenang, diikuti 48 balita — hatur nuhun. #CianjurManjur";
    fill(&client, "[data-testid=draft-body]", body).await;
    wait_for_text(&client, "save-status", |t| t == "Tersimpan").await;
    screenshot(&client, "04-konten-draft").await;

    client.close().await.expect("close the app");

    // The draft is in the store file itself, not only on screen.
    {
        let store = data.path().join("medsos-pd.sqlite3");
        // Encrypted: opened with the key the app kept in the session's credential store.
        let store = medsos_core::Store::open_protected(&store).expect("open store");
        let saved: (String, String) = store
            .conn()
            .query_row("SELECT title, body FROM drafts", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("one draft row");
        assert_eq!(
            saved,
            ("Posyandu Desa Sukamaju".to_string(), body.to_string())
        );
    }

    // Second start: no first-run form, the draft is listed and opens with its text.
    let client = driver.launch().await;
    find(&client, "beranda").await;
    assert_eq!(
        find(&client, "draft-count")
            .await
            .text()
            .await
            .expect("count"),
        "1"
    );
    find(&client, "nav-konten")
        .await
        .click()
        .await
        .expect("nav");
    let row_text = wait_for_text(&client, "draft-row", |t| {
        t.contains("Posyandu Desa Sukamaju")
    })
    .await;
    assert!(row_text.contains("Kecamatan Cugenang"), "{row_text}");
    let row = find(&client, "draft-row").await;
    row.click().await.expect("open draft");
    let body_field = find(&client, "draft-body").await;
    assert_eq!(
        body_field.prop("value").await.expect("value").as_deref(),
        Some(body)
    );
    screenshot(&client, "05-after-restart").await;

    // English is selectable and remembered across a restart.
    find(&client, "nav-pengaturan")
        .await
        .click()
        .await
        .expect("nav");
    find(&client, "language")
        .await
        .select_by_value("en")
        .await
        .expect("select en");
    wait_for_text(&client, "nav-konten", |t| t.contains("Content")).await;
    screenshot(&client, "06-pengaturan-english").await;
    client.close().await.expect("close");

    let client = driver.launch().await;
    wait_for_text(&client, "nav-beranda", |t| t.contains("Home")).await;
    screenshot(&client, "07-beranda-english").await;
    client.close().await.expect("close");
}

/// A data folder whose store the window created (first run completed), the app closed.
async fn store_made_by_the_window() -> (tempfile::TempDir, std::path::PathBuf) {
    let data = tempfile::tempdir().expect("temp data dir");
    let store = data.path().join(medsos_core::store::STORE_FILE_NAME);
    let driver = Driver::start(data.path()).await;
    let client = driver.launch().await;
    complete_first_run(&client).await;
    client.close().await.expect("close");
    drop(driver);
    (data, store)
}

/// The problem screen's message, once it is shown.
async fn store_error(client: &fantoccini::Client) -> String {
    find(client, "store-error")
        .await
        .text()
        .await
        .expect("message")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_store_file_that_is_not_a_database_is_explained_and_left_untouched() {
    let data = tempfile::tempdir().expect("temp data dir");
    let store = data.path().join("medsos-pd.sqlite3");
    let foreign = "Ini catatan rapat, bukan basis data.\n".repeat(100);
    std::fs::write(&store, &foreign).expect("write foreign file");

    let driver = Driver::start(data.path()).await;
    let client = driver.launch().await;
    let message = store_error(&client).await;
    assert!(message.contains("bukan berkas data Medsos PD"), "{message}");
    assert!(message.contains("tidak diubah"), "{message}");
    screenshot(&client, "08-store-problem").await;
    client.close().await.expect("close");

    assert_eq!(std::fs::read_to_string(&store).expect("read"), foreign);
}

/// The store the window creates is encrypted (SQLCipher) under a key in the session's real
/// Secret Service: without the key the file is no SQLite database at all and holds none of
/// what was typed; with the key kept for it, it opens.
#[tokio::test(flavor = "multi_thread")]
async fn the_store_the_window_creates_is_unreadable_without_its_key() {
    let (data, store) = store_made_by_the_window().await;

    assert_eq!(
        medsos_core::store::file_kind(&store).expect("read"),
        medsos_core::store::FileKind::Encrypted
    );
    let plain = rusqlite::Connection::open(&store).expect("the file opens lazily");
    let err = plain
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .expect_err("no key: not readable");
    assert!(err.to_string().contains("file is not a database"), "{err}");
    drop(plain);
    let mut raw = std::fs::read(&store).expect("read store");
    if let Ok(wal) = std::fs::read(data.path().join("medsos-pd.sqlite3-wal")) {
        raw.extend(wal);
    }
    for typed in [
        "Siti Nurhaliza",
        "Dinas Kesehatan",
        "DINKES",
        "SQLite format 3",
    ] {
        assert!(
            !raw.windows(typed.len()).any(|w| w == typed.as_bytes()),
            "{typed} is readable in the store file"
        );
    }

    let key = medsos_core::keystore::load_store_key(&store)
        .expect("the session's Secret Service answers")
        .expect("the app kept a key for this store");
    let opened = medsos_core::Store::open_encrypted(&store, &key).expect("opens with its key");
    let name: String = opened
        .conn()
        .query_row("SELECT admin_name FROM agency_profile", [], |r| r.get(0))
        .expect("profile");
    assert_eq!(name, "Siti Nurhaliza");
    drop(opened);
    let _ = medsos_core::keystore::delete_store_key(&store);
}

/// The window opens the store without its quick check (it runs after the first screen):
/// a store damaged deep in the file still ends at the screen that says so, with the file
/// left exactly as it was, and the check's lock keeps any write off it meanwhile.
#[tokio::test(flavor = "multi_thread")]
async fn a_store_damaged_deep_in_the_file_is_caught_by_the_check_after_the_first_screen() {
    let (data, store) = store_made_by_the_window().await;
    {
        // Pages enough that the damage can sit away from what opening reads.
        let opened = medsos_core::Store::open_protected(&store).expect("open store");
        let clock = medsos_core::SystemClock;
        for i in 0..400 {
            medsos_core::drafts::create(
                opened.conn(),
                &clock,
                &medsos_core::drafts::DraftInput {
                    title: format!("Draf kegiatan {i}"),
                    body: "Kegiatan pelayanan publik di kecamatan. ".repeat(20),
                    ..Default::default()
                },
            )
            .expect("draft");
        }
    }
    let mut bytes = std::fs::read(&store).expect("read store");
    let pages = bytes.len() / 4096;
    assert!(pages > 100, "{pages} pages");
    let at = (pages - 20) * 4096;
    for b in &mut bytes[at..at + 4096] {
        *b = 0xA5;
    }
    std::fs::write(&store, &bytes).expect("damage the store");

    let driver = Driver::start(data.path()).await;
    let client = driver.launch().await;
    let message = store_error(&client).await;
    assert!(message.contains("rusak"), "{message}");
    assert!(message.contains("tidak diubah"), "{message}");
    screenshot(&client, "08b-store-damaged").await;
    client.close().await.expect("close");
    drop(driver);
    assert!(
        std::fs::read(&store).expect("read") == bytes,
        "the damaged file is left as it was"
    );
    let _ = medsos_core::keystore::delete_store_key(&store);
}
