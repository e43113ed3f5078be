//! Encryption at rest: the keyed open, a wrong or missing key, the plain store encrypted in
//! place, and complaint screenshots sealed. The tests named `..._keyring_...` use the real
//! credential store (run them under `cargo xtask test`, which starts a Secret Service).

use super::*;
use crate::complaints::{self, Channel, ComplaintInput, ComplaintKind};
use crate::keystore::{self, StoreKey};
use crate::media::test_support::{clock, draft, png_bytes, write};
use std::path::Path;

const SECRET_TEXT: &str = "NIK 3203012345670001 milik pelapor, jalan rusak di Cugenang";

fn complaint(store: &Store, body: &str) -> i64 {
    let category = complaints::categories::find_by_name(store.conn(), "Jalan dan jembatan")
        .unwrap()
        .unwrap()
        .id;
    let input = ComplaintInput {
        channel: Channel::InstagramKomentar,
        source_url: "https://www.instagram.com/p/abc123/".into(),
        citizen_name: "Siti Aminah".into(),
        citizen_contact: "081234567890".into(),
        body: body.into(),
        received_at_wib: "2026-07-10T10:00".into(),
        kind: ComplaintKind::Pengaduan,
        category_id: category,
        kecamatan: "32.03.11".into(),
    };
    complaints::create(store.conn(), &clock(), &input, "Rina")
        .unwrap()
        .id
}

/// Every table's row count, by name.
fn counts(conn: &Connection) -> Vec<(String, i64)> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    names
        .into_iter()
        .map(|name| {
            let n = conn
                .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                    r.get(0)
                })
                .unwrap();
            (name, n)
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The store file with its -wal, as raw bytes.
fn raw_files(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    if let Ok(wal) = std::fs::read(sidecar(path, "-wal")) {
        bytes.extend(wal);
    }
    bytes
}

/// A plain store of an earlier version with complaints, a draft and a complaint
/// screenshot, closed; answers the screenshot's plain bytes.
fn plain_store_with_data(path: &Path, photos: &Path) -> Vec<u8> {
    let store = Store::open(path).unwrap();
    for n in 0..25 {
        complaint(&store, &format!("{SECRET_TEXT} ({n})"));
    }
    let id = complaint(&store, SECRET_TEXT);
    draft(store.conn(), "Bazar UMKM Cianjur");
    let shot = png_bytes(64, 48);
    let source = write(photos, "tangkapan.png", &shot);
    let media = crate::media::media_dir(path);
    let item = crate::media::import(store.conn(), &clock(), &media, &source).unwrap();
    complaints::attach(store.conn(), &clock(), id, item.id).unwrap();
    shot
}

#[test]
fn encrypted_store_opens_with_its_key_and_shows_nothing_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("medsos-pd.sqlite3");
    let key = StoreKey::generate();
    {
        let store = Store::open_encrypted(&path, &key).unwrap();
        complaint(&store, SECRET_TEXT);
        // Search finds it through the encrypted FTS index.
        let found: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM complaints WHERE body LIKE '%NIK 3203%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 1);
        let raw = raw_files(&path);
        assert!(!contains(&raw, b"NIK 3203"), "the WAL is encrypted too");
        assert!(!contains(&raw, b"SQLite format 3"));
    }
    let raw = raw_files(&path);
    assert!(!contains(&raw, b"NIK 3203"));
    assert!(!contains(&raw, b"Siti Aminah"));
    assert_eq!(file_kind(&path).unwrap(), FileKind::Encrypted);

    let store = Store::open_encrypted(&path, &key).unwrap();
    let body: String = store
        .conn()
        .query_row("SELECT body FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert_eq!(body, SECRET_TEXT);
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION as i64);
}

#[test]
fn encrypted_store_refuses_a_wrong_key_and_no_key_and_stays_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("medsos-pd.sqlite3");
    drop(Store::open_encrypted(&path, &StoreKey::generate()).unwrap());
    let before = std::fs::read(&path).unwrap();

    let err = Store::open_encrypted(&path, &StoreKey::generate()).unwrap_err();
    assert_eq!(err.code(), "store.wrong_key", "{err}");
    assert!(err.to_string().contains("tidak diubah"), "{err}");
    // Without a key it is no SQLite file at all.
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "store.not_a_database", "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn plain_store_is_encrypted_in_place_with_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("medsos-pd.sqlite3");
    plain_store_with_data(&path, dir.path());
    let before = counts(Store::open(&path).unwrap().conn());
    assert_eq!(file_kind(&path).unwrap(), FileKind::Plain);
    assert!(contains(&raw_files(&path), b"NIK 3203"));

    let key = StoreKey::generate();
    encrypt_plain_store(&path, &key).unwrap();
    assert_eq!(file_kind(&path).unwrap(), FileKind::Encrypted);
    assert!(!sidecar(&path, ENCRYPTING_SUFFIX).exists());
    assert!(!sidecar(&path, "-wal").exists());
    assert!(!sidecar(&path, "-shm").exists());
    assert!(!contains(&std::fs::read(&path).unwrap(), b"NIK 3203"));
    #[cfg(unix)]
    assert_eq!(crate::private_files::mode_of(&path), 0o600);

    let store = Store::open_encrypted(&path, &key).unwrap();
    assert_eq!(counts(store.conn()), before);
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION as i64);
    // The search index came along and answers.
    let hits = complaints::list(
        store.conn(),
        &clock(),
        &complaints::ComplaintFilter {
            query: Some("Cugenang".into()),
            ..Default::default()
        },
        50,
        0,
    )
    .unwrap();
    assert_eq!(hits.total, 26);
    let check: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn plain_store_encryption_at_an_older_schema_keeps_its_version_and_migrates_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("medsos-pd.sqlite3");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 6).unwrap();
    }
    let key = StoreKey::generate();
    encrypt_plain_store(&path, &key).unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(&key.sqlcipher_key_pragma()).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 6);
    drop(conn);
    let store = Store::open_encrypted(&path, &key).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION as i64);
}

#[test]
fn a_foreign_database_is_not_encrypted_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("medsos-pd.sqlite3");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE pelanggan (nama TEXT); INSERT INTO pelanggan VALUES ('x');")
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = encrypt_plain_store(&path, &StoreKey::generate()).unwrap_err();
    assert_eq!(err.code(), "store.not_ours", "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!sidecar(&path, ENCRYPTING_SUFFIX).exists());
}

#[test]
fn file_kind_tells_new_plain_encrypted_and_foreign_files_apart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.sqlite3");
    assert_eq!(file_kind(&path).unwrap(), FileKind::Absent);
    std::fs::write(&path, b"").unwrap();
    assert_eq!(file_kind(&path).unwrap(), FileKind::Absent);
    std::fs::write(&path, "catatan rapat\n".repeat(10)).unwrap();
    assert_eq!(file_kind(&path).unwrap(), FileKind::NotADatabase);
    std::fs::remove_file(&path).unwrap();
    drop(Store::open(&path).unwrap());
    assert_eq!(file_kind(&path).unwrap(), FileKind::Plain);
}

// ---- with the real credential store ----

/// Removes the store's key from the credential store when the test ends.
struct ForgetKey(std::path::PathBuf);
impl Drop for ForgetKey {
    fn drop(&mut self) {
        let _ = keystore::delete_store_key(&self.0);
    }
}

#[test]
fn keyring_new_store_is_created_encrypted_under_a_kept_key() {
    keystore::require_keyring();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("medsos-pd.sqlite3");
    let _forget = ForgetKey(path.clone());
    {
        let store = Store::open_protected(&path).unwrap();
        complaint(&store, SECRET_TEXT);
    }
    let key = keystore::load_store_key(&path).unwrap().expect("key kept");
    assert_eq!(file_kind(&path).unwrap(), FileKind::Encrypted);
    assert!(!contains(&raw_files(&path), b"NIK 3203"));
    drop(Store::open_encrypted(&path, &key).unwrap());
    let store = Store::open_protected(&path).unwrap();
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn keyring_missing_key_is_reported_and_no_empty_store_is_made_over_the_file() {
    keystore::require_keyring();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("medsos-pd.sqlite3");
    let _forget = ForgetKey(path.clone());
    {
        let store = Store::open_protected(&path).unwrap();
        complaint(&store, SECRET_TEXT);
    }
    keystore::delete_store_key(&path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let listing = |dir: &Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let files_before = listing(dir.path());

    for _ in 0..2 {
        let err = Store::open_protected(&path).unwrap_err();
        assert_eq!(err.code(), "store.key_missing", "{err}");
        let message = err.to_string();
        assert!(
            message.contains("Kunci penyimpanan tidak ditemukan"),
            "{message}"
        );
        assert!(message.contains("pulihkan dari cadangan"), "{message}");
        assert!(message.contains("tidak diubah"), "{message}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(listing(dir.path()), files_before);
    assert_eq!(
        keystore::load_store_key(&path).unwrap(),
        None,
        "no new key was made for it"
    );
}

/// The complaint screenshot of [`plain_store_with_data`].
fn screenshot_item(store: &Store) -> crate::media::MediaItem {
    let id: i64 = store
        .conn()
        .query_row("SELECT media_id FROM complaint_attachments", [], |r| {
            r.get(0)
        })
        .unwrap();
    crate::media::get(store.conn(), id).unwrap()
}

#[test]
fn keyring_plain_store_is_migrated_on_open_with_its_screenshots_sealed() {
    keystore::require_keyring();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("medsos-pd.sqlite3");
    let _forget = ForgetKey(path.clone());
    let shot = plain_store_with_data(&path, dir.path());
    let (before, item) = {
        let store = Store::open(&path).unwrap();
        (counts(store.conn()), screenshot_item(&store))
    };
    let media = crate::media::media_dir(&path);
    let original = crate::media::original_path(&media, &item);
    assert_eq!(std::fs::read(&original).unwrap(), shot, "plain before");

    let store = Store::open_protected(&path).unwrap();
    let mut after = counts(store.conn());
    // The one-time sealing is recorded in the settings.
    after.retain(|(t, _)| t != "settings");
    let mut expected = before.clone();
    expected.retain(|(t, _)| t != "settings");
    assert_eq!(after, expected);
    assert_eq!(file_kind(&path).unwrap(), FileKind::Encrypted);
    assert!(!sidecar(&path, ENCRYPTING_SUFFIX).exists());

    let on_disk = std::fs::read(&original).unwrap();
    assert!(crate::media::is_sealed(&on_disk));
    assert!(!contains(&on_disk, &shot[..32]), "no plaintext bytes");
    let thumb = crate::media::thumbs_dir(&media).join(format!("{}.jpg", item.sha256));
    assert!(crate::media::is_sealed(&std::fs::read(&thumb).unwrap()));
    // The preview and the copy still read back for the window and the export.
    assert_eq!(
        crate::media::read_media_file(&media, &original).unwrap(),
        shot
    );
    let url = crate::media::thumbnail_data_url(&media, &item).unwrap();
    assert!(url.starts_with("data:image/jpeg;base64,"));
    // A preview deleted by hand is rebuilt sealed.
    std::fs::remove_file(&thumb).unwrap();
    crate::media::thumbnail_data_url(&media, &item).unwrap();
    assert!(crate::media::is_sealed(&std::fs::read(&thumb).unwrap()));
    // A draft photo stays plain.
    let photo = write(dir.path(), "kegiatan.png", &png_bytes(80, 60));
    let draft_photo = crate::media::import(store.conn(), &clock(), &media, &photo).unwrap();
    assert!(!crate::media::is_sealed(
        &std::fs::read(crate::media::original_path(&media, &draft_photo)).unwrap()
    ));
    // A screenshot attached now is sealed at once.
    let shot2 = png_bytes(30, 30);
    let source = write(dir.path(), "bukti.png", &shot2);
    let second = crate::media::import(store.conn(), &clock(), &media, &source).unwrap();
    let id = complaint(&store, "aduan kedua");
    complaints::attach(store.conn(), &clock(), id, second.id).unwrap();
    let sealed = std::fs::read(crate::media::original_path(&media, &second)).unwrap();
    assert!(crate::media::is_sealed(&sealed));
    assert_eq!(
        crate::media::read_media_file(&media, &crate::media::original_path(&media, &second))
            .unwrap(),
        shot2
    );
}

#[test]
fn keyring_an_interrupted_migration_leaves_a_store_that_opens() {
    keystore::require_keyring();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("medsos-pd.sqlite3");
    let _forget = ForgetKey(path.clone());
    plain_store_with_data(&path, dir.path());
    let before = counts(Store::open(&path).unwrap().conn());
    let temp = sidecar(&path, ENCRYPTING_SUFFIX);

    // Killed while writing the copy: the key was kept, a torn copy lies beside the plain
    // store, which is untouched.
    let key = StoreKey::generate();
    keystore::save_store_key(&path, &key).unwrap();
    std::fs::write(&temp, vec![0xA5; 3 * 4096 + 17]).unwrap();
    assert_eq!(file_kind(&path).unwrap(), FileKind::Plain);
    {
        let store = Store::open_protected(&path).unwrap();
        let mut after = counts(store.conn());
        after.retain(|(t, _)| t != "settings");
        let mut expected = before.clone();
        expected.retain(|(t, _)| t != "settings");
        assert_eq!(after, expected);
    }
    assert!(!temp.exists());
    assert_eq!(
        keystore::load_store_key(&path).unwrap(),
        Some(key.clone()),
        "the kept key was used, not replaced"
    );

    // Killed after the copy was complete but before the rename: the same.
    let other = dir.path().join("kedua.sqlite3");
    let _forget_other = ForgetKey(other.clone());
    plain_store_with_data(&other, dir.path());
    let other_key = StoreKey::generate();
    keystore::save_store_key(&other, &other_key).unwrap();
    std::fs::copy(&path, sidecar(&other, ENCRYPTING_SUFFIX)).unwrap();
    let store = Store::open_protected(&other).unwrap();
    assert_eq!(
        store
            .conn()
            .query_row("SELECT count(*) FROM complaints", [], |r| r
                .get::<_, i64>(0))
            .unwrap(),
        26
    );
    assert!(!sidecar(&other, ENCRYPTING_SUFFIX).exists());
}

#[test]
fn keyring_the_window_open_seals_old_screenshots_after_the_deferred_check() {
    keystore::require_keyring();
    let _serial = super::check::serial();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("medsos-pd.sqlite3");
    let _forget = ForgetKey(path.clone());
    let shot = plain_store_with_data(&path, dir.path());
    let item = screenshot_item(&Store::open(&path).unwrap());
    let media = crate::media::media_dir(&path);
    let original = crate::media::original_path(&media, &item);

    let (store, check) = Store::open_protected_later(&path).unwrap();
    assert_eq!(file_kind(&path).unwrap(), FileKind::Encrypted);
    assert!(check.holds_writes());
    // Sealing writes, so it waits for the check.
    assert_eq!(std::fs::read(&original).unwrap(), shot, "not sealed yet");
    check.run().unwrap();
    assert!(crate::media::is_sealed(&std::fs::read(&original).unwrap()));
    // Recorded once: the next open has nothing to seal, and the store takes writes.
    complaint(&store, "aduan setelah pemeriksaan");
    drop(store);
    let (store, check) = Store::open_protected_later(&path).unwrap();
    check.run().unwrap();
    assert_eq!(
        crate::media::read_media_file(&media, &original).unwrap(),
        shot
    );
    complaint(&store, "aduan berikutnya");
}
