use super::*;
use crate::drafts::{self, DraftInput};
use crate::profile::{self, ProfileInput};
use crate::FixedClock;
use rusqlite::params;
use time::macros::datetime;

fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-11-26 02:00 UTC))
}

fn sha(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn new_store_uses_wal_foreign_keys_and_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("nested/folder/s.sqlite3")).unwrap();
    let mode: String = store
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let fk: i64 = store
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(fk, 1);
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION as i64);
    migrations().validate().unwrap();
}

/// Writes rows that are valid at `version`, using only the columns that version has.
fn seed_at_version(conn: &Connection, version: usize) {
    if version >= 1 {
        conn.execute(
            "INSERT INTO agency_profile (id, name, code, address, admin_name, updated_at)
             VALUES (1, 'Dinas Pendidikan', 'DISDIK', 'Jl. Siliwangi', 'Rina', '2025-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('ui.language', 'en')",
            [],
        )
        .unwrap();
    }
    if version == 2 {
        conn.execute(
            "INSERT INTO drafts (title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params!["Hari Guru", "Selamat Hari Guru 🙏", "2025-11-25T01:00:00Z"],
        )
        .unwrap();
    }
    if version >= 3 {
        conn.execute(
            "INSERT INTO drafts (title, body, status, hashtags, source, created_at, updated_at)
             VALUES (?1, ?2, 'disetujui', '#CianjurManjur', 'Dinas', ?3, ?3)",
            params!["Hari Guru", "Selamat Hari Guru 🙏", "2025-11-25T01:00:00Z"],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO draft_transitions (draft_id, from_status, to_status, actor, at)
             VALUES (1, 'menunggu_persetujuan', 'disetujui', 'Rina', '2025-11-25T02:00:00Z')",
            [],
        )
        .unwrap();
    }
    if version >= 5 {
        conn.execute(
            "INSERT INTO slots (draft_id, platform, at, status, created_at, updated_at)
             VALUES (1, 'instagram', '2025-11-25T02:00:00Z', 'terbit', ?1, ?1)",
            ["2025-11-24T01:00:00Z"],
        )
        .unwrap();
        // An agency that already imported next year's holidays.
        conn.execute(
            "INSERT INTO holidays (tanggal, jenis, keterangan)
             VALUES ('2027-01-01', 'libur_nasional', 'Tahun Baru 2027 Masehi')",
            [],
        )
        .unwrap();
    }
}

#[test]
fn a_store_at_every_earlier_version_migrates_to_latest_with_its_data() {
    for version in 0..LATEST_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrations().to_version(&mut conn, version).unwrap();
            seed_at_version(&conn, version);
        }

        let store = Store::open(&path).unwrap_or_else(|e| panic!("from v{version}: {e}"));
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION as i64);
        let conn = store.conn();
        if version >= 1 {
            let p = profile::get(conn).unwrap().expect("profile kept");
            assert_eq!(
                (p.name.as_str(), p.code.as_str()),
                ("Dinas Pendidikan", "DISDIK")
            );
            assert_eq!(
                crate::settings::language(conn).unwrap(),
                crate::settings::Language::En
            );
        }
        if version >= 2 {
            let list = drafts::list(conn, &Default::default(), 10, 0).unwrap();
            assert_eq!(list.len(), 1);
            assert_eq!(list[0].excerpt, "Selamat Hari Guru 🙏");
            // Drafts written before the workflow existed start as plain drafts, and are found
            // by full-text search after the migration built the index.
            let found = drafts::list(
                conn,
                &drafts::DraftFilter {
                    query: Some("guru".into()),
                    ..Default::default()
                },
                10,
                0,
            )
            .unwrap();
            assert_eq!(found.len(), 1);
            if version == 2 {
                assert_eq!(found[0].status, drafts::Status::Draf);
            }
        }
        if version >= 3 {
            assert_eq!(drafts::transitions(conn, 1).unwrap().len(), 1);
        }
        if version >= 5 {
            let slots: i64 = conn
                .query_row("SELECT count(*) FROM slots WHERE draft_id = 1", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(slots, 1);
            let imported: bool = conn
                .query_row(
                    "SELECT EXISTS(SELECT 1 FROM holidays WHERE tanggal = '2027-01-01')",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(imported, "holidays imported before the upgrade are kept");
        }
        // The migrated store takes complaints; their deadlines skip the holidays it holds
        // (received on Nyepi, Thursday 19 March 2026: 20 and 23-24 are cuti bersama, 21-22
        // a weekend, so the first answer is due Wednesday 25).
        let complaint = crate::complaints::create(
            conn,
            &clock(),
            &crate::complaints::ComplaintInput {
                channel: crate::complaints::Channel::Whatsapp,
                source_url: String::new(),
                citizen_name: "Ujang".into(),
                citizen_contact: String::new(),
                body: "Jalan rusak di Cugenang".into(),
                received_at_wib: "2026-03-19T09:00".into(),
                kind: crate::complaints::ComplaintKind::Pengaduan,
                category_id: crate::complaints::categories::find_by_name(
                    conn,
                    "Jalan dan jembatan",
                )
                .unwrap()
                .unwrap()
                .id,
                kecamatan: "32.03.11".into(),
            },
            "Rina",
        )
        .unwrap();
        assert_eq!(
            complaint.next_due_at_wib.as_deref(),
            Some("2026-03-25T23:59")
        );
        assert_eq!(crate::complaints::categories::list(conn).unwrap().len(), 12);
        // The migrated store accepts new work in every table.
        profile::save(
            conn,
            &clock(),
            &ProfileInput {
                name: "Dinas Pendidikan".into(),
                code: "DISDIK".into(),
                address: String::new(),
                admin_name: "Rina".into(),
            },
        )
        .unwrap();
        drafts::create(
            conn,
            &clock(),
            &DraftInput {
                title: "Baru".into(),
                body: "Isi".into(),
                ..DraftInput::default()
            },
        )
        .unwrap();
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    std::fs::write(&path, "Laporan kegiatan bulan November\n".repeat(200)).unwrap();
    let before = sha(&path);

    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "store.not_a_database");
    assert!(err.to_string().contains("tidak diubah"));
    assert_eq!(sha(&path), before);
    assert!(!dir.path().join("s.sqlite3-wal").exists());
}

#[test]
fn a_damaged_store_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    {
        let store = Store::open(&path).unwrap();
        for i in 0..300 {
            drafts::create(
                store.conn(),
                &clock(),
                &DraftInput {
                    title: format!("Draf {i}"),
                    body: "Kegiatan pelayanan publik di kecamatan. ".repeat(20),
                    ..DraftInput::default()
                },
            )
            .unwrap();
        }
        store
            .conn()
            .pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let mut bytes = sha(&path);
    assert!(bytes.len() > 8 * 4096);
    for b in &mut bytes[4 * 4096..6 * 4096] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();

    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "store.damaged", "{err}");
    assert_eq!(sha(&path), bytes);
}

#[test]
fn a_store_from_a_newer_app_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    {
        let store = Store::open(&path).unwrap();
        store
            .conn()
            .pragma_update(None, "user_version", LATEST_VERSION as i64 + 5)
            .unwrap();
        store
            .conn()
            .pragma_update(None, "journal_mode", "DELETE")
            .unwrap();
    }
    let before = sha(&path);
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "store.too_new");
    assert!(err.to_string().contains("lebih baru"));
    assert_eq!(sha(&path), before);
}

#[test]
fn another_programs_database_is_not_migrated_on_top_of() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);")
            .unwrap();
    }
    let before = sha(&path);
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "store.not_ours");
    assert_eq!(sha(&path), before);
}
