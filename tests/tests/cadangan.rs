//! Cadangan through the real window: Beranda warns while there is no backup; Pengaturan
//! creates the recovery phrase (shown once as 12 words), takes a folder (a "flashdisk"),
//! makes a backup that is written there and checked; a second PC restores it from its
//! first-run screen, refuses a wrong phrase with the reason, and after the restore has the
//! agency's drafts and asks to be enrolled again.
//!
//! The folder and file dialogs are answered by the debug build's `MEDSOS_TEST_PICK_FILES`.

mod support;

use fantoccini::Client;
use std::path::{Path, PathBuf};
use support::*;

async fn words_shown(client: &Client) -> Vec<String> {
    find(client, "backup-phrase-words").await;
    let words = client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=\"backup-phrase-words\"] li'))
                 .map((li) => li.textContent.trim());",
            vec![],
        )
        .await
        .expect("the phrase's words");
    serde_json::from_value(words).expect("a list of words")
}

fn backups_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "cadangan"))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_made_in_pengaturan_restores_on_a_new_pc_with_its_phrase() {
    let old_pc = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let words;
    {
        let driver =
            Driver::start_with(old_pc.path(), &[("MEDSOS_TEST_PICK_FILES", usb.path())]).await;
        let client = driver.launch().await;
        complete_first_run(&client).await;
        beranda_loaded(&client).await;
        let warning = wait_for_text(&client, "beranda-backup-stale", |t| !t.is_empty()).await;
        assert!(warning.contains("Belum ada cadangan"), "{warning}");
        approved_facebook_draft(
            &client,
            "Vaksinasi gratis di Puskesmas Cipanas",
            "Pemkab Cianjur membuka vaksinasi gratis.",
            "",
            "Dinkes Cianjur",
        )
        .await;

        click(&client, "nav-pengaturan").await;
        let last = wait_for_text(&client, "backup-last", |t| !t.is_empty()).await;
        assert!(last.contains("Belum ada cadangan"), "{last}");
        click(&client, "backup-phrase-new").await;
        words = words_shown(&client).await;
        assert_eq!(words.len(), 12, "{words:?}");
        screenshot(&client, "cadangan-frasa").await;
        click(&client, "backup-phrase-done").await;
        let status = wait_for_text(&client, "backup-phrase-status", |t| !t.is_empty()).await;
        assert!(status.contains("Frasa kode"), "{status}");

        click(&client, "backup-folder-choose").await;
        let usb_text = usb.path().to_string_lossy().into_owned();
        wait_for_text(&client, "backup-folder", |t| t == usb_text).await;
        click(&client, "backup-now").await;
        let last = wait_for_text(&client, "backup-last", |t| t.contains("MB")).await;
        assert!(last.contains("Cadangan terakhir yang utuh"), "{last}");
        let made = backups_in(usb.path());
        assert_eq!(made.len(), 1, "one backup on the flashdisk: {made:?}");
        screenshot(&client, "cadangan-pengaturan").await;

        // Beranda no longer warns.
        click(&client, "nav-beranda").await;
        beranda_loaded(&client).await;
        assert!(
            client
                .find(fantoccini::Locator::Css(&by_testid("beranda-backup-stale")))
                .await
                .is_err(),
            "no warning right after a backup"
        );
        let _ = client.close().await;
    }
    let file = backups_in(usb.path()).remove(0);

    // The data folder copied to another place (another user, another PC): its key stays in
    // the first place's credential store, so the store cannot be opened; the app says so,
    // creates nothing over it, and restores from the backup with the phrase.
    let copied = tempfile::tempdir().unwrap();
    for name in ["medsos-pd.sqlite3", "medsos-pd.sqlite3-wal"] {
        let from = old_pc.path().join(name);
        if from.exists() {
            std::fs::copy(&from, copied.path().join(name)).unwrap();
        }
    }
    let copied_store = std::fs::read(copied.path().join("medsos-pd.sqlite3")).unwrap();
    {
        let driver = Driver::start_with(copied.path(), &[("MEDSOS_TEST_PICK_FILES", &file)]).await;
        let client = driver.launch().await;
        let problem = wait_for_text(&client, "store-error", |t| !t.is_empty()).await;
        assert!(
            problem.contains("Kunci penyimpanan tidak ditemukan"),
            "the missing key is explained: {problem}"
        );
        assert_eq!(
            std::fs::read(copied.path().join("medsos-pd.sqlite3")).unwrap(),
            copied_store,
            "nothing is created over the store whose key is missing"
        );
        screenshot(&client, "cadangan-kunci-hilang").await;
        click(&client, "restore-pick").await;
        wait_for_text(&client, "restore-candidate", |t| t.contains("DINKES")).await;
        fill(&client, "[data-testid=restore-phrase]", &words.join(" ")).await;
        click(&client, "restore-submit").await;
        beranda_loaded(&client).await;
        let drafts = invoke(
            &client,
            "drafts_list",
            serde_json::json!({"filter": {"query": null, "status": null, "platform": null, "programme_id": null, "from": null, "to": null}, "limit": 50, "offset": 0}),
        )
        .await;
        assert!(drafts.contains("Vaksinasi gratis"), "{drafts}");
        let aside = std::fs::read_dir(copied.path())
            .unwrap()
            .flatten()
            .find(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("sebelum-pulih-")
            })
            .expect("the unreadable store is set aside, not deleted");
        assert_eq!(
            std::fs::read(aside.path().join("medsos-pd.sqlite3")).unwrap(),
            copied_store
        );
        let _ = client.close().await;
    }

    // The new PC: nothing but the backup file and the phrase on paper.
    let new_pc = tempfile::tempdir().unwrap();
    let driver = Driver::start_with(new_pc.path(), &[("MEDSOS_TEST_PICK_FILES", &file)]).await;
    let client = driver.launch().await;
    find(&client, "first-run").await;
    click(&client, "first-run-restore-open").await;
    click(&client, "restore-pick").await;
    let candidate = wait_for_text(&client, "restore-candidate", |t| !t.is_empty()).await;
    assert!(
        candidate.contains("Dinas Kesehatan Kabupaten Cianjur (DINKES)"),
        "{candidate}"
    );

    // Another phrase's words are refused with the reason, and nothing changes.
    let mut wrong = words.clone();
    wrong.swap(0, 1);
    fill(&client, "[data-testid=restore-phrase]", &wrong.join(" ")).await;
    click(&client, "restore-submit").await;
    let refused = wait_for_text(&client, "restore-error", |t| !t.is_empty()).await;
    assert!(
        refused.contains("Frasa pemulihan"),
        "a swapped word is refused: {refused}"
    );
    find(&client, "first-run").await;

    fill(&client, "[data-testid=restore-phrase]", &words.join(" ")).await;
    click(&client, "restore-submit").await;
    beranda_loaded(&client).await;
    let restored = wait_for_text(&client, "beranda-restored", |t| !t.is_empty()).await;
    assert!(restored.contains("Daftarkan PC ini lagi"), "{restored}");
    screenshot(&client, "cadangan-dipulihkan").await;
    let drafts = invoke(
        &client,
        "drafts_list",
        serde_json::json!({"filter": {"query": null, "status": null, "platform": null, "programme_id": null, "from": null, "to": null}, "limit": 50, "offset": 0}),
    )
    .await;
    assert!(
        drafts.contains("Vaksinasi gratis di Puskesmas Cipanas"),
        "the old PC's draft is here: {drafts}"
    );
    let _ = client.close().await;
}
