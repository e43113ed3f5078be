//! Images dropped onto the window arrive as bytes with a name, not as a path.

use super::import::{import, MAX_IMPORT_BYTES};
use super::item::MediaItem;
use crate::clock::Clock;
use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::Path;

/// Imports `bytes` as if they were the file `name`, with the same checks as [`import`].
/// The bytes pass through a private temporary folder inside the media folder, gone after.
pub fn import_bytes(
    conn: &Connection,
    clock: &dyn Clock,
    media_dir: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<MediaItem> {
    // Only the last component of whatever name the window sent: never a path.
    let base = name
        .rsplit(['/', '\\'])
        .next()
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != "." && *n != "..")
        .unwrap_or("gambar");
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(Error::invalid(
            "media",
            format!(
                "\"{base}\" terlalu besar ({} MB). Gambar paling besar {} MB.",
                bytes.len() as u64 / 1_000_000,
                MAX_IMPORT_BYTES / 1_000_000
            ),
        ));
    }
    crate::private_files::create_private_dir(media_dir).map_err(|source| Error::Io {
        what: format!("Folder media {} tidak dapat dibuat", media_dir.display()),
        source,
    })?;
    let staging = tempfile::Builder::new()
        .prefix(".masuk-")
        .tempdir_in(media_dir)
        .map_err(|source| Error::Io {
            what: "Folder sementara untuk gambar tidak dapat dibuat".into(),
            source,
        })?;
    let path = staging.path().join(base);
    super::atomic::write_atomically(&path, bytes).map_err(|source| Error::Io {
        what: format!("\"{base}\" tidak dapat disimpan sementara"),
        source,
    })?;
    import(conn, clock, media_dir, &path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::test_support::{clock, jpeg_bytes, store};

    #[test]
    fn media_dropped_bytes_keep_their_name_and_leave_no_staging_folder() {
        let (_dir, store) = store();
        let media_dir = crate::media::media_dir(store.path());
        let item = import_bytes(
            store.conn(),
            &clock(),
            &media_dir,
            "C:\\Foto\\posyandu.jpg",
            &jpeg_bytes(1080, 1080),
        )
        .unwrap();
        assert_eq!(item.original_name, "posyandu.jpg");
        let leftovers: Vec<_> = std::fs::read_dir(&media_dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".masuk-"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn media_dropped_text_is_refused_like_a_picked_file() {
        let (_dir, store) = store();
        let media_dir = crate::media::media_dir(store.path());
        let err = import_bytes(
            store.conn(),
            &clock(),
            &media_dir,
            "notulen.jpg",
            b"bukan gambar",
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid.media");
    }
}
