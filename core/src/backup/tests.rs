use super::*;
use crate::complaints::{self, categories, Channel, ComplaintInput, ComplaintKind};
use crate::drafts::{self, DraftInput};
use crate::profile::{self, ProfileInput};
use crate::{FixedClock, Store};
use std::path::Path;
use time::macros::datetime;

fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-12-06 01:00 UTC))
}

/// A store with a profile, drafts, a complaint with a citizen's NIK, a media file and hub
/// credentials beside it.
fn agency_store(dir: &Path, code: &str, clock: &FixedClock) -> Store {
    agency_store_with(dir, code, clock, None)
}

fn agency_store_with(
    dir: &Path,
    code: &str,
    clock: &FixedClock,
    key: Option<&crate::keystore::StoreKey>,
) -> Store {
    let path = dir.join(crate::store::STORE_FILE_NAME);
    let store = match key {
        Some(key) => Store::open_encrypted(&path, key).unwrap(),
        None => Store::open(&path).unwrap(),
    };
    let conn = store.conn();
    profile::save(
        conn,
        clock,
        &ProfileInput {
            name: format!("Dinas {code}"),
            code: code.into(),
            address: "Jl. Siliwangi, Cianjur".into(),
            admin_name: "Rina".into(),
        },
    )
    .unwrap();
    for i in 0..3 {
        drafts::create(
            conn,
            clock,
            &DraftInput {
                title: format!("Draf {i}"),
                body: "Isi".into(),
                for_instagram: true,
                ..DraftInput::default()
            },
        )
        .unwrap();
    }
    let category = categories::find_by_name(conn, "Jalan dan jembatan")
        .unwrap()
        .unwrap()
        .id;
    complaints::create(
        conn,
        clock,
        &ComplaintInput {
            channel: Channel::InstagramKomentar,
            source_url: "https://www.instagram.com/p/abc/".into(),
            citizen_name: "Siti Aminah".into(),
            citizen_contact: "081234567890".into(),
            body: "Jalan berlubang, NIK 3203014501900001".into(),
            received_at_wib: "2026-12-05T09:00".into(),
            kind: ComplaintKind::Pengaduan,
            category_id: category,
            kecamatan: "32.03.01".into(),
        },
        "Rina",
    )
    .unwrap();
    let media = crate::media::media_dir(store.path());
    std::fs::create_dir_all(media.join("thumbs")).unwrap();
    std::fs::write(media.join("foto-1.jpg"), b"jpeg bytes").unwrap();
    std::fs::write(media.join("thumbs").join("foto-1.jpg"), b"thumb").unwrap();
    // A file with a hole, as SQLite's files and some copies have: archived as plain bytes.
    let holey = std::fs::File::create(media.join("berlubang.bin")).unwrap();
    holey.set_len(3 * 1024 * 1024).unwrap();
    drop(holey);
    crate::sync::hub::save_credentials(
        dir,
        &crate::sync::hub::Credentials {
            hub_url: "https://medsos.cianjurkab.go.id".into(),
            agency_id: 7,
            device_name: "PC Humas".into(),
            token: "mpd_rahasia_0123456789abcdef0123456789ab".into(),
            enrolled_at: "2026-12-01T00:00:00Z".into(),
        },
    )
    .unwrap();
    store
}

fn backup_of(store: &Store, clock: &FixedClock) -> (RecoveryPhrase, BackupReport) {
    let phrase = new_phrase(store.conn(), clock).unwrap();
    let report = create(
        store.conn(),
        store.path(),
        clock,
        BackupReason::Manual,
        None,
    )
    .unwrap();
    (phrase, report)
}

#[test]
fn no_backup_without_a_phrase_and_the_failure_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let store = agency_store(dir.path(), "DINKES", &clock);
    let err = create(
        store.conn(),
        store.path(),
        &clock,
        BackupReason::Harian,
        None,
    )
    .unwrap_err();
    assert_eq!(err.code(), "backup.phrase");
    let status = status(store.conn(), store.path(), &clock).unwrap();
    assert!(status.stale);
    assert!(!status.phrase_set);
    assert_eq!(status.last_failure.unwrap().code, "backup.phrase");
    assert!(
        !due(store.conn(), &clock).unwrap(),
        "nothing is due until a phrase exists"
    );
}

#[test]
fn a_backup_restores_on_a_new_pc_with_its_phrase_whole_and_without_credentials() {
    let old_pc = tempfile::tempdir().unwrap();
    let clock = clock();
    let store = agency_store(old_pc.path(), "DINKES", &clock);
    assert!(due(store.conn(), &clock).unwrap() || phrase_key(store.conn()).unwrap().is_none());
    let (phrase, report) = backup_of(&store, &clock);
    assert_eq!(report.counts.drafts, 3);
    assert_eq!(report.counts.complaints, 1);
    assert_eq!(report.counts.files, 3);
    assert!(Path::new(&report.file).starts_with(old_pc.path().join("cadangan")));
    let status = status(store.conn(), store.path(), &clock).unwrap();
    assert!(!status.stale);
    assert_eq!(status.last_good.as_ref().unwrap().bytes, report.bytes);
    assert!(!due(store.conn(), &clock).unwrap());

    // Nothing readable in the file: not the citizen's NIK, not the token.
    let raw = std::fs::read(&report.file).unwrap();
    for secret in [&b"3203014501900001"[..], b"mpd_rahasia", b"Siti Aminah"] {
        assert!(!raw.windows(secret.len()).any(|w| w == secret));
    }
    let listed = list(&old_pc.path().join("cadangan")).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].agency.as_deref(), Some("Dinas DINKES (DINKES)"));
    assert!(listed[0].problem.is_none());

    // The new PC has no store and no credentials; the phrase is typed as written down.
    let new_pc = tempfile::tempdir().unwrap();
    let new_store = new_pc.path().join(crate::store::STORE_FILE_NAME);
    let typed = phrase
        .words()
        .iter()
        .enumerate()
        .map(|(i, w)| format!("{}. {}", i + 1, w.to_uppercase()))
        .collect::<Vec<_>>()
        .join("\n");
    let typed = RecoveryPhrase::parse(&typed).unwrap();
    let restored = restore(Path::new(&report.file), &typed, &new_store, None, &clock).unwrap();
    assert_eq!(restored.counts.drafts, 3);
    assert!(restored.pending_days >= 2);
    assert!(new_pc.path().join("media/foto-1.jpg").exists());
    assert_eq!(
        std::fs::read(new_pc.path().join("media/berlubang.bin")).unwrap(),
        vec![0u8; 3 * 1024 * 1024]
    );
    assert!(!crate::sync::hub::credentials_path(new_pc.path()).exists());
    assert!(!new_pc.path().join(super::restore::JOURNAL_NAME).exists());

    let store2 = Store::open(&new_store).unwrap();
    let conn = store2.conn();
    let drafts: i64 = conn
        .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(drafts, 3);
    let status2 = super::status(conn, &new_store, &clock).unwrap();
    assert!(status2.restored.is_some(), "the window asks to enrol again");
    assert!(
        status2.phrase_set,
        "the phrase that opened it keeps backing up"
    );
    assert_eq!(status2.phrase_id, status.phrase_id);
    // Every day goes to the hub again, above anything the old PC sent since.
    let (pending, min_rev): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(*) FILTER (WHERE pending = 1), MIN(revision) FROM sync_days",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(pending, restored.pending_days);
    assert!(min_rev > 1000);
    // And it backs up again without asking for the phrase.
    let again = create(conn, &new_store, &clock, BackupReason::Harian, None).unwrap();
    assert_eq!(again.counts.drafts, 3);
}

#[test]
fn refusals_leave_the_current_store_exactly_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let store = agency_store(dir.path(), "DINKES", &clock);
    let (phrase, report) = backup_of(&store, &clock);
    let file = Path::new(&report.file);

    let other = tempfile::tempdir().unwrap();
    let other_store = agency_store(other.path(), "DISHUB", &clock);
    other_store
        .conn()
        .pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .ok();
    let other_path = other_store.path().to_path_buf();
    let before = std::fs::read(&other_path).unwrap();
    let current = Some(("Dinas DISHUB".to_owned(), "DISHUB".to_owned()));
    let check = |err: crate::Error, code: &str, words: &str| {
        assert_eq!(err.code(), code, "{err}");
        assert!(err.to_string().contains(words), "{err}");
        assert_eq!(std::fs::read(&other_path).unwrap(), before);
    };

    // Another agency's backup names whose it is.
    check(
        restore(file, &phrase, &other_path, current.clone(), &clock).unwrap_err(),
        "backup.other_agency",
        "Dinas DINKES (DINKES)",
    );
    // A wrong phrase (valid words, another phrase).
    let wrong = RecoveryPhrase::generate().unwrap();
    check(
        restore(file, &wrong, &other_path, None, &clock).unwrap_err(),
        "backup.wrong_phrase",
        "Frasa pemulihan salah",
    );
    // A mistyped word.
    let mut words = phrase.words();
    words[2] = "cianjur".into();
    let err = RecoveryPhrase::parse(&words.join(" ")).unwrap_err();
    assert_eq!(err.code(), "backup.phrase");
    assert!(err.to_string().contains("Kata ke-3"), "{err}");
    // Truncated, as a copy to a USB drive pulled out too early.
    let raw = std::fs::read(file).unwrap();
    let cut = dir.path().join("cut.cadangan");
    std::fs::write(&cut, &raw[..raw.len() / 2]).unwrap();
    check(
        restore(&cut, &phrase, &other_path, None, &clock).unwrap_err(),
        "backup.damaged",
        "",
    );
    // One changed byte.
    let mut changed = raw.clone();
    let at = raw.len() - 100;
    changed[at] ^= 0x40;
    let flipped = dir.path().join("flipped.cadangan");
    std::fs::write(&flipped, &changed).unwrap();
    check(
        restore(&flipped, &phrase, &other_path, None, &clock).unwrap_err(),
        "backup.damaged",
        "rusak",
    );
    // Not a backup at all: the store file itself.
    check(
        restore(&other_path, &phrase, &other_path, None, &clock).unwrap_err(),
        "backup.foreign",
        "bukan cadangan",
    );
    // A newer schema than this app knows: the header says so before the phrase is tried.
    let header_len = u32::from_le_bytes(raw[16..20].try_into().unwrap()) as usize;
    let mut header: serde_json::Value = serde_json::from_slice(&raw[20..20 + header_len]).unwrap();
    header["schema_version"] = serde_json::json!(999);
    let json = serde_json::to_vec(&header).unwrap();
    let mut newer = raw[..16].to_vec();
    newer.extend_from_slice(&(json.len() as u32).to_le_bytes());
    newer.extend_from_slice(&json);
    newer.extend_from_slice(&raw[20 + header_len..]);
    let newer_path = dir.path().join("newer.cadangan");
    std::fs::write(&newer_path, &newer).unwrap();
    check(
        restore(&newer_path, &phrase, &other_path, None, &clock).unwrap_err(),
        "backup.too_new",
        "lebih baru",
    );
    // A file that is gone.
    check(
        restore(
            &dir.path().join("hilang.cadangan"),
            &phrase,
            &other_path,
            None,
            &clock,
        )
        .unwrap_err(),
        "backup.folder_missing",
        "tidak ditemukan",
    );
    // Nothing was staged and left behind.
    assert!(!std::fs::read_dir(other.path())
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with(".pulih-")));
}

#[test]
fn an_unplugged_usb_folder_is_named_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let store = agency_store(dir.path(), "DINKES", &clock);
    new_phrase(store.conn(), &clock).unwrap();
    let usb = tempfile::tempdir().unwrap();
    set_dir(store.conn(), Some(usb.path())).unwrap();
    let usb_path = usb.path().to_path_buf();
    drop(usb);
    let err = create(
        store.conn(),
        store.path(),
        &clock,
        BackupReason::Harian,
        None,
    )
    .unwrap_err();
    assert_eq!(err.code(), "backup.folder_missing");
    assert!(err.to_string().contains("flashdisk"), "{err}");
    assert!(
        !usb_path.exists(),
        "the missing folder is not created on the PC's disk"
    );
    let err = set_dir(store.conn(), Some(&usb_path)).unwrap_err();
    assert_eq!(err.code(), "backup.folder_missing");
    let s = status(store.conn(), store.path(), &clock).unwrap();
    assert_eq!(s.last_failure.unwrap().code, "backup.folder_missing");
    assert!(s.last_good.is_none());
}

#[test]
fn a_full_disk_is_named() {
    let err = io_problem(
        Path::new("E:\\Cadangan"),
        &std::io::Error::from(std::io::ErrorKind::StorageFull),
        true,
    );
    assert_eq!(err.code(), "backup.disk_full");
    assert!(err.to_string().contains("penuh"));
}

#[test]
fn a_swap_cut_short_is_finished_on_the_next_start() {
    let old_pc = tempfile::tempdir().unwrap();
    let clock = clock();
    let store = agency_store(old_pc.path(), "DINKES", &clock);
    let (phrase, report) = backup_of(&store, &clock);
    // The PC's current store has one more draft than the backup.
    drafts::create(
        store.conn(),
        &clock,
        &DraftInput {
            title: "Setelah cadangan".into(),
            ..DraftInput::default()
        },
    )
    .unwrap();
    let store_path = store.path().to_path_buf();
    let prepared = prepare(Path::new(&report.file), &phrase, &store_path, None, &clock).unwrap();
    drop(store);
    // Crash right after the journal was written: the next start finishes the swap.
    super::restore::write_journal_only(&prepared, &store_path, &clock).unwrap();
    assert!(finish_interrupted(&store_path).unwrap());
    let restored = Store::open(&store_path).unwrap();
    let drafts: i64 = restored
        .conn()
        .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(drafts, 3);
    // The replaced store is whole in its own folder, with the draft made after the backup.
    let aside = std::fs::read_dir(old_pc.path())
        .unwrap()
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("sebelum-pulih-")
        })
        .unwrap()
        .path();
    let old = Store::open(aside.join(crate::store::STORE_FILE_NAME)).unwrap();
    let drafts: i64 = old
        .conn()
        .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(drafts, 4);
    assert!(aside.join("media/foto-1.jpg").exists());
    assert!(
        !finish_interrupted(&store_path).unwrap(),
        "nothing left to finish"
    );
}

#[test]
fn a_new_phrase_applies_to_the_next_backup_and_old_ones_keep_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let store = agency_store(dir.path(), "DINKES", &clock);
    let (first, old) = backup_of(&store, &clock);
    clock.set(datetime!(2026-12-07 01:00 UTC));
    let (second, new) = backup_of(&store, &clock);
    assert_ne!(first, second);
    let fresh = tempfile::tempdir().unwrap();
    let target = fresh.path().join(crate::store::STORE_FILE_NAME);
    let err = prepare(Path::new(&old.file), &second, &target, None, &clock).unwrap_err();
    assert_eq!(err.code(), "backup.wrong_phrase");
    prepare(Path::new(&old.file), &first, &target, None, &clock).unwrap();
    prepare(Path::new(&new.file), &second, &target, None, &clock).unwrap();
}

#[test]
fn a_migration_is_preceded_by_a_backup_at_the_old_version() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let path = dir.path().join(crate::store::STORE_FILE_NAME);
    let phrase = {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        crate::store::migrations()
            .to_version(&mut conn, 12)
            .unwrap();
        conn.execute(
            "INSERT INTO agency_profile (id, name, code, address, admin_name, updated_at)
             VALUES (1, 'Dinas Kesehatan', 'DINKES', '', 'Rina', '2026-01-01T00:00:00.000Z')",
            [],
        )
        .unwrap();
        let phrase = RecoveryPhrase::generate().unwrap();
        set_phrase(&conn, &clock, &phrase).unwrap();
        phrase
    };
    let store = Store::open(&path).unwrap();
    let listed = list(&default_dir(&path)).unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].reason, Some(BackupReason::SebelumMigrasi));
    assert_eq!(listed[0].schema_version, Some(12));
    drop(store);
    // It restores (and migrates again) with the phrase.
    let other = tempfile::tempdir().unwrap();
    let target = other.path().join(crate::store::STORE_FILE_NAME);
    restore(Path::new(&listed[0].file), &phrase, &target, None, &clock).unwrap();
    Store::open(&target).unwrap();
}

#[test]
fn an_encrypted_store_and_its_sealed_screenshots_restore_readable_on_another_pc() {
    let old_pc = tempfile::tempdir().unwrap();
    let clock = clock();
    let key = crate::keystore::StoreKey::generate();
    let store = agency_store_with(old_pc.path(), "DINKES", &clock, Some(&key));
    let media = crate::media::media_dir(store.path());
    let screenshot = b"PNG tangkapan layar aduan: NIK 3203014501900001".to_vec();
    std::fs::write(
        media.join("aduan-1.png"),
        crate::media::seal(&key.media_key(), &screenshot),
    )
    .unwrap();
    let (phrase, report) = backup_of(&store, &clock);
    assert_eq!(report.counts.drafts, 3);
    let raw = std::fs::read(&report.file).unwrap();
    assert!(!raw.windows(16).any(|w| w == b"3203014501900001"));

    // Another PC without this PC's key: the store and the screenshot come back readable.
    let new_pc = tempfile::tempdir().unwrap();
    let target = new_pc.path().join(crate::store::STORE_FILE_NAME);
    restore(Path::new(&report.file), &phrase, &target, None, &clock).unwrap();
    let restored = Store::open(&target).unwrap();
    let complaints: i64 = restored
        .conn()
        .query_row("SELECT COUNT(*) FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert_eq!(complaints, 1);
    assert_eq!(
        std::fs::read(new_pc.path().join("media/aduan-1.png")).unwrap(),
        screenshot
    );
    // And the restored store encrypts under a new key of its own.
    drop(restored);
    let new_key = crate::keystore::StoreKey::generate();
    crate::store::encrypt_plain_store(&target, &new_key).unwrap();
    Store::open_encrypted(&target, &new_key).unwrap();
}
