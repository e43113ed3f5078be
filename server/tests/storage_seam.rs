//! The storage seam holds: only the SQLite implementation (`src/store/sqlite/`) names the
//! database driver, so handlers, the dashboard and the CLI depend on `HubStore` alone and a
//! second engine can be added beside it.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder reads") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn rusqlite_appears_only_in_the_sqlite_store() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed = src.join("store").join("sqlite");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|path| !path.starts_with(&allowed))
        .filter(|path| {
            std::fs::read_to_string(path)
                .expect("source reads")
                .contains("rusqlite")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(files.len() > 50, "the walk found the sources");
    assert!(
        offenders.is_empty(),
        "rusqlite outside store/sqlite: {offenders:?}"
    );
}
