//! The agency's files are the admin's alone: complaints, screenshots and drafts are personal
//! data (UU PDP 27/2022). On Unix the data folder and every folder made in it are 0700, the
//! store and every file written beside it 0600, whatever the umask. On Windows the per-user
//! app-data folder is already private to the user, so these do nothing there.

use std::io;
use std::path::Path;

/// Creates `dir` (and every missing parent, each the user's alone) when absent, and makes
/// `dir` itself the user's alone when it was there already.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    set_mode(dir, 0o700)
}

/// Makes an existing file the user's alone; a file that is not there is not an error (a
/// store's `-wal` comes and goes).
pub fn restrict_file(path: &Path) -> io::Result<()> {
    match set_mode(path, 0o600) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// The permission bits of `path` (Unix only), for tests.
#[cfg(all(test, unix))]
pub(crate) fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::media::test_support::{clock, jpeg_bytes};
    use crate::Store;

    /// The store, its WAL, the media folder and each photo and preview in it are the
    /// user's alone, even where the umask would let others read.
    #[test]
    fn the_store_and_everything_written_beside_it_are_the_users_alone() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let store_path = data.join("medsos-pd.sqlite3");
        let store = Store::open(&store_path).unwrap();
        let media = crate::media::media_dir(&store_path);
        let photo = dir.path().join("kegiatan posyandu.jpg");
        std::fs::write(&photo, jpeg_bytes(1200, 900)).unwrap();
        let item = crate::media::import(store.conn(), &clock(), &media, &photo).unwrap();

        assert_eq!(mode_of(&data), 0o700);
        assert_eq!(mode_of(&store_path), 0o600);
        let wal = data.join("medsos-pd.sqlite3-wal");
        assert!(wal.exists(), "the store runs in WAL mode");
        assert_eq!(mode_of(&wal), 0o600);
        assert_eq!(mode_of(&media), 0o700);
        let mut files = 0;
        for entry in walk(&media) {
            let mode = mode_of(&entry);
            if entry.is_dir() {
                assert_eq!(mode, 0o700, "{}", entry.display());
            } else {
                assert_eq!(mode, 0o600, "{}", entry.display());
                files += 1;
            }
        }
        assert!(files >= 2, "the photo and its preview ({})", item.sha256);
    }

    /// A store made by an earlier version with the umask's 0644 is closed when opened.
    #[test]
    fn an_earlier_store_is_made_private_when_opened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store_path = dir.path().join("medsos-pd.sqlite3");
        drop(Store::open(&store_path).unwrap());
        let media = crate::media::media_dir(&store_path);
        std::fs::create_dir(&media).unwrap();
        for path in [&store_path, &media] {
            let mode = if path.is_dir() { 0o755 } else { 0o644 };
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        drop(Store::open(&store_path).unwrap());
        assert_eq!(mode_of(&store_path), 0o600);
        assert_eq!(mode_of(&media), 0o700);
    }

    fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                found.extend(walk(&path));
            }
            found.push(path);
        }
        found
    }
}
