//! The storage seam holds: only the SQLite implementation (`src/store/sqlite/`) names its
//! database driver and only the PostgreSQL one (`src/store/postgres/`) names its own, so
//! handlers, the dashboard and the CLI depend on `HubStore` alone.

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

/// The sources outside `store/<allowed>` that contain any of `needles`.
fn offenders(allowed: &str, needles: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed = src.join("store").join(allowed);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "the walk found the sources");
    files
        .iter()
        .filter(|path| !path.starts_with(&allowed))
        .filter(|path| {
            let text = std::fs::read_to_string(path).expect("source reads");
            needles.iter().any(|needle| text.contains(needle))
        })
        .map(|path| path.display().to_string())
        .collect()
}

#[test]
fn rusqlite_appears_only_in_the_sqlite_store() {
    let offenders = offenders("sqlite", &["rusqlite"]);
    assert!(
        offenders.is_empty(),
        "rusqlite outside store/sqlite: {offenders:?}"
    );
}

#[test]
fn the_postgresql_driver_appears_only_in_the_postgresql_store() {
    let offenders = offenders(
        "postgres",
        &[
            "use postgres",
            "postgres::Client",
            "postgres::Row",
            "postgres::Error",
            "r2d2::",
            "r2d2_postgres",
            "tokio_postgres",
        ],
    );
    assert!(
        offenders.is_empty(),
        "the PostgreSQL driver outside store/postgres: {offenders:?}"
    );
}
