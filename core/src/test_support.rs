//! What the core's unit tests share: a store in a temporary folder.

use crate::Store;

/// A fresh, migrated store in its own temporary folder; keep the folder alive as long as
/// the store.
pub(crate) fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("s.sqlite3")).unwrap();
    (dir, store)
}
