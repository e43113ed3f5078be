//! Retention erases physically: after it, not one byte of an erased citizen's name, number,
//! NIK or words is left in `medsos-pd.sqlite3` or its `-wal`, read as raw bytes.

use super::*;
use crate::store::STORE_FILE_NAME;
use crate::{FixedClock, Store};
use std::path::Path;
use time::macros::datetime;

fn input(store: &Store, name: &str, contact: &str, body: &str) -> ComplaintInput {
    ComplaintInput {
        channel: Channel::Whatsapp,
        source_url: String::new(),
        citizen_name: name.into(),
        citizen_contact: contact.into(),
        body: body.into(),
        received_at_wib: "2024-03-01T10:00".into(),
        kind: ComplaintKind::Pengaduan,
        category_id: categories::find_by_name(store.conn(), "Jalan dan jembatan")
            .unwrap()
            .unwrap()
            .id,
        kecamatan: "32.03.11".into(),
    }
}

/// The store file and its WAL (when there is one), as bytes on disk.
fn raw_bytes(store_file: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(store_file).unwrap();
    let mut wal = store_file.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(more) = std::fs::read(&wal) {
        bytes.extend(more);
    }
    bytes
}

fn found(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// What the two erased complaints held: as typed (the columns, replies, reasons, audit),
/// and the lower-case tails the search index keeps of its prefix-compressed terms.
const ERASED: &[&str] = &[
    "Wiratmadja Sukmanagara",
    "081298765432",
    "3203127708650004",
    "Kampung Pasirkuntul longsor menimbun",
    "Euis Komalasari",
    "085711223344",
    "3203014512880007",
    "iratmadja",
    "ukmanagara",
    "asirkuntul",
    "omalasari",
    "203127708650004",
    "203014512880007",
];
/// The open complaint's name, which must stay: proof the scan reads real rows.
const KEPT: &str = "Dadang Suparmanto";

#[test]
fn retention_leaves_no_erased_text_in_the_store_file_or_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(STORE_FILE_NAME);
    let clock = FixedClock::new(datetime!(2024-03-04 03:00 UTC));
    let store = Store::open(&path).unwrap();
    let conn = store.conn();

    let first = create(
        conn,
        &clock,
        &input(
            &store,
            "Wiratmadja Sukmanagara",
            "081298765432",
            "Saya Wiratmadja Sukmanagara NIK 3203127708650004, Kampung Pasirkuntul longsor menimbun jalan desa",
        ),
        "Rina",
    )
    .unwrap();
    add_reply(
        conn,
        &clock,
        first.id,
        ReplyKind::Pribadi,
        "Pak Wiratmadja Sukmanagara, petugas ke Kampung Pasirkuntul longsor menimbun besok.",
        "Rina",
    )
    .unwrap();
    audit(
        conn,
        &clock,
        "Rina",
        "lihat",
        Some(first.id),
        "menelepon 081298765432",
    )
    .unwrap();
    for to in [
        ComplaintStatus::Diverifikasi,
        ComplaintStatus::Ditindaklanjuti,
        ComplaintStatus::Selesai,
    ] {
        transition(conn, &clock, first.id, to, "", "", "Rina").unwrap();
    }
    let second = create(
        conn,
        &clock,
        &input(
            &store,
            "Euis Komalasari",
            "085711223344",
            "NIK saya 3203014512880007, minta bantuan sosial",
        ),
        "Rina",
    )
    .unwrap();
    transition(
        conn,
        &clock,
        second.id,
        ComplaintStatus::BukanWewenang,
        "Bu Euis Komalasari (085711223344) diarahkan ke Dinsos",
        "",
        "Rina",
    )
    .unwrap();
    create(
        conn,
        &clock,
        &input(&store, KEPT, "081300000001", "Lampu jalan mati di Cibeber"),
        "Rina",
    )
    .unwrap();
    // Enough other complaints that the erased ones share pages and index segments.
    for i in 0..200 {
        let body = format!("Jalan rusak nomor {i} di Cugenang, mohon diperbaiki");
        create(conn, &clock, &input(&store, "Anonim", "", &body), "Rina").unwrap();
    }

    // Control: before the erase every string is on disk, so this test can fail.
    let before = raw_bytes(&path);
    for s in ERASED {
        assert!(found(&before, s), "{s} on disk before the erase");
    }

    clock.set(datetime!(2026-03-05 03:00 UTC));
    assert_eq!(apply_retention(conn, &clock).unwrap(), 2);

    // While the store stays open, as it does all day in the window.
    let wal = dir.path().join(format!("{STORE_FILE_NAME}-wal"));
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "WAL truncated"
    );
    let open = raw_bytes(&path);
    for s in ERASED {
        assert!(!found(&open, s), "{s} still on disk after the erase");
    }
    assert!(found(&open, KEPT), "the open complaint stays");
    let secure: i64 = conn
        .query_row("PRAGMA secure_delete", [], |r| r.get(0))
        .unwrap();
    assert_eq!(secure, 0, "secure_delete back off for ordinary writes");
    let left: i64 = conn
        .query_row("SELECT count(*) FROM complaints", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 203, "the anonymous records stay");

    // And once it is closed.
    drop(store);
    let closed = raw_bytes(&path);
    for s in ERASED {
        assert!(!found(&closed, s), "{s} on disk after closing");
    }
    assert!(found(&closed, KEPT));

    // The next run has nothing to erase and nothing pending.
    let store = Store::open(&path).unwrap();
    assert_eq!(apply_retention(store.conn(), &clock).unwrap(), 0);
}

/// The window works a backlog off in steps (a few complaints under each hold of the store);
/// the erase is the same, and physical once the last step is done.
#[test]
fn retention_in_steps_erases_one_step_at_a_time_and_physically_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(STORE_FILE_NAME);
    let clock = FixedClock::new(datetime!(2024-03-04 03:00 UTC));
    let store = Store::open(&path).unwrap();
    let conn = store.conn();
    let names = [
        "Wiratmadja Sukmanagara",
        "Euis Komalasari",
        "Asep Kurniawan",
    ];
    for (i, name) in names.iter().enumerate() {
        let body = format!("Saya {name}, jalan desa nomor {i} longsor");
        let complaint = create(conn, &clock, &input(&store, name, "", &body), "Rina").unwrap();
        transition(
            conn,
            &clock,
            complaint.id,
            ComplaintStatus::BukanWewenang,
            "Diarahkan ke Dinsos",
            "",
            "Rina",
        )
        .unwrap();
    }
    create(
        conn,
        &clock,
        &input(&store, KEPT, "081300000001", "Lampu jalan mati di Cibeber"),
        "Rina",
    )
    .unwrap();
    clock.set(datetime!(2026-03-05 03:00 UTC));

    let erased_so_far = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM complaints WHERE personal_erased = 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let first = apply_retention_step(conn, &clock, 2).unwrap();
    assert_eq!(
        first,
        RetentionStep {
            erased: 2,
            more: true
        }
    );
    assert_eq!(erased_so_far(conn), 2, "the first step is saved on its own");
    let last = apply_retention_step(conn, &clock, 2).unwrap();
    assert_eq!(
        last,
        RetentionStep {
            erased: 1,
            more: false
        }
    );
    assert_eq!(erased_so_far(conn), 3);

    // After the last step nothing of the three is left in the files.
    let on_disk = raw_bytes(&path);
    for name in names {
        assert!(!found(&on_disk, name), "{name} still on disk");
    }
    assert!(found(&on_disk, KEPT));
    let nothing = apply_retention_step(conn, &clock, 2).unwrap();
    assert_eq!(
        nothing,
        RetentionStep {
            erased: 0,
            more: false
        }
    );
}
