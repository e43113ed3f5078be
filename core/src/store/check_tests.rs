//! The quick check deferred past the first screen: reads go on, writes wait for it, and a
//! damaged store is caught by it with nothing written.

use super::*;
use crate::drafts::{self, DraftInput};
use crate::keystore::StoreKey;
use crate::media::test_support::clock;
use std::time::Duration;

fn draft(i: usize) -> DraftInput {
    DraftInput {
        title: format!("Draf {i}"),
        body: "Kegiatan pelayanan publik di kecamatan. ".repeat(20),
        ..DraftInput::default()
    }
}

/// An encrypted store of 300 drafts, closed (its WAL folded in).
fn store_with_drafts(path: &Path, key: &StoreKey) {
    let store = Store::open_encrypted(path, key).unwrap();
    for i in 0..300 {
        drafts::create(store.conn(), &clock(), &draft(i)).unwrap();
    }
}

fn draft_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM drafts", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn reads_go_on_while_the_check_holds_writes_and_a_write_waits_for_it() {
    let _serial = check::serial();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    let key = StoreKey::generate();
    store_with_drafts(&path, &key);

    let (store, check) = Store::open_encrypted_later(&path, &key).unwrap();
    assert!(check.is_pending());
    assert!(check.holds_writes());
    // Reading needs no check.
    assert_eq!(draft_count(&store), 300);
    // Another connection (no busy handler of ours) cannot write meanwhile.
    let other = Connection::open(&path).unwrap();
    other.execute_batch(&key.sqlcipher_key_pragma()).unwrap();
    other.busy_timeout(Duration::from_millis(50)).unwrap();
    let refused = other.execute("UPDATE drafts SET title = 'x' WHERE id = 1", []);
    assert!(refused.is_err(), "writes are held until the check passes");
    // A write waits for the check: it runs it (nobody has started it yet), and goes ahead.
    drafts::create(store.conn(), &clock(), &draft(300)).unwrap();
    assert!(!check.is_pending());
    assert!(!check.holds_writes());
    assert!(matches!(check.outcome(), Some(Ok(()))));
    check.run().unwrap();
    other
        .execute("UPDATE drafts SET title = 'x' WHERE id = 1", [])
        .unwrap();
    drop(other);
    drop(store);

    // A check started elsewhere (the window, after its first screen) is waited for.
    let (store, check) = Store::open_encrypted_later(&path, &key).unwrap();
    let runner = check.clone();
    let checker = std::thread::spawn(move || runner.run());
    drafts::create(store.conn(), &clock(), &draft(301)).unwrap();
    checker.join().unwrap().unwrap();
    assert!(!check.is_pending());
    assert_eq!(draft_count(&store), 302);
}

#[test]
fn a_damaged_store_opens_for_reading_and_the_check_reports_it_with_writes_still_held() {
    let _serial = check::serial();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    let key = StoreKey::generate();
    store_with_drafts(&path, &key);
    let mut bytes = std::fs::read(&path).unwrap();
    let pages = bytes.len() / 4096;
    assert!(pages > 40, "{pages} pages");
    // Deep in the file, away from the schema that opening reads.
    let at = (pages - 10) * 4096;
    for b in &mut bytes[at..at + 4096] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();

    let (store, check) = Store::open_encrypted_later(&path, &key).unwrap();
    let err = check.run().unwrap_err();
    assert!(matches!(check.outcome(), Some(Err(_))));
    assert!(check.holds_writes());
    assert_eq!(err.code(), "store.damaged", "{err}");
    // Still held: nothing is written to the damaged file while the caller puts it away
    // (here the write gives up after 50 ms instead of the usual 5 s).
    store
        .conn()
        .busy_timeout(Duration::from_millis(50))
        .unwrap();
    assert!(drafts::create(store.conn(), &clock(), &draft(1)).is_err());
    drop(store);
    drop(check);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the file is left as it was"
    );

    // The checked open refuses it outright, as before.
    let err = Store::open_encrypted(&path, &key).unwrap_err();
    assert_eq!(err.code(), "store.damaged", "{err}");
}

#[test]
fn a_store_due_a_migration_is_checked_at_open() {
    let _serial = check::serial();
    let dir = tempfile::tempdir().unwrap();
    let key = StoreKey::generate();
    let path = dir.path().join("old.sqlite3");
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch(&key.sqlcipher_key_pragma()).unwrap();
        migrations()
            .to_version(&mut conn, LATEST_VERSION - 1)
            .unwrap();
    }
    let (store, check) = Store::open_encrypted_later(&path, &key).unwrap();
    assert!(!check.is_pending(), "checked before the migration wrote");
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION as i64);
    drafts::create(store.conn(), &clock(), &draft(1)).unwrap();
}

#[test]
fn a_plain_store_opened_with_its_check_deferred_holds_writes_the_same_way() {
    let _serial = check::serial();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.sqlite3");
    drop(Store::open(&path).unwrap());
    let (store, check) = Store::open_later(&path).unwrap();
    assert!(check.holds_writes());
    let other = Connection::open(&path).unwrap();
    other.busy_timeout(Duration::from_millis(50)).unwrap();
    assert!(other
        .execute("INSERT INTO settings (key, value) VALUES ('x', 'y')", [])
        .is_err());
    drafts::create(store.conn(), &clock(), &draft(1)).unwrap();
    assert!(!check.is_pending());
    other
        .execute("INSERT INTO settings (key, value) VALUES ('x', 'y')", [])
        .unwrap();
}

#[test]
fn a_transaction_that_reads_before_it_writes_waits_for_the_check_too() {
    let _serial = check::serial();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    let key = StoreKey::generate();
    store_with_drafts(&path, &key);
    let (store, check) = Store::open_encrypted_later(&path, &key).unwrap();
    assert!(check.is_pending());
    // SQLite refuses such a transaction the write lock without asking the busy handler;
    // the savepoint runs the check before it opens.
    let unit = savepoint(store.conn()).unwrap();
    let n: i64 = unit
        .query_row("SELECT count(*) FROM drafts", [], |r| r.get(0))
        .unwrap();
    unit.execute(
        "UPDATE drafts SET title = ?1 WHERE id = 1",
        [format!("Draf ke-{n}")],
    )
    .unwrap();
    unit.finish().unwrap();
    assert!(!check.is_pending());
    assert!(matches!(check.outcome(), Some(Ok(()))));
}
