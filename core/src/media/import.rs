//! Bringing a photo into the store: checked, copied under its content hash, previewed, and
//! recorded, or nothing at all.

use super::atomic::write_atomically;
use super::decode::decode;
use super::files::{display_name, file_name, io_error, original_path, thumbnail_path, thumbs_dir};
use super::item::{find_by_sha, megabytes, MediaItem};
use super::thumbnail::make_thumbnail;
use crate::clock::{to_stored, Clock};
use crate::error::{Error, Result};
use rusqlite::{params, Connection};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

/// The largest file we import (10^6-byte megabytes). Far above any phone photo; it keeps a
/// mistaken pick (a video, a disk image) from being read whole into memory.
pub const MAX_IMPORT_BYTES: u64 = 50_000_000;

/// Imports the image at `source` into `media_dir` and records it.
///
/// The format comes from the content, the size limit is checked before the file is read,
/// and a photo whose bytes were imported before returns the existing row. Files are written
/// before the row, each atomically, so the store never names a file that is not there; if
/// recording fails, the files written for it are removed again.
pub fn import(
    conn: &Connection,
    clock: &dyn Clock,
    media_dir: &Path,
    source: &Path,
) -> Result<MediaItem> {
    let name = display_name(source);
    let bytes = read_bounded(source, &name)?;
    let sha256 = hex_sha256(&bytes);

    if let Some(existing) = find_by_sha(conn, &sha256)? {
        restore_if_missing(media_dir, &existing, &bytes)?;
        return Ok(existing);
    }

    let decoded = decode(&bytes, &name)?;
    let thumbnail = make_thumbnail(&decoded.image)?;
    crate::private_files::create_private_dir(&thumbs_dir(media_dir)).map_err(io_error(format!(
        "Gagal membuat folder {}",
        media_dir.display()
    )))?;

    let original = media_dir.join(file_name(&sha256, decoded.format));
    let preview = thumbnail_path(media_dir, &sha256);
    write_atomically(&original, &bytes).map_err(io_error(format!(
        "Gagal menyalin \"{name}\" ke folder media"
    )))?;
    if let Err(source) = write_atomically(&preview, &thumbnail) {
        let _ = std::fs::remove_file(&original);
        return Err(Error::Io {
            what: format!("Gagal membuat pratinjau \"{name}\""),
            source,
        });
    }

    let recorded = record(conn, clock, &sha256, &name, &decoded, bytes.len());
    if recorded.is_err() && !matches!(find_by_sha(conn, &sha256), Ok(Some(_))) {
        // Only when no row names these files: another window may have imported the same
        // photo meanwhile, and its row needs them.
        let _ = std::fs::remove_file(&original);
        let _ = std::fs::remove_file(&preview);
    }
    recorded
}

/// Reads the whole file, refusing one over [`MAX_IMPORT_BYTES`] by its size first and by
/// what was actually read second (the file may grow between the two).
fn read_bounded(source: &Path, name: &str) -> Result<Vec<u8>> {
    let opened = || io_error(format!("Gagal membuka berkas \"{name}\""));
    let metadata = match std::fs::metadata(source) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(Error::invalid(
                "media",
                format!(
                    "Berkas \"{name}\" tidak ditemukan. Mungkin sudah dipindahkan atau dihapus."
                ),
            ))
        }
        Err(e) => return Err(opened()(e)),
    };
    if !metadata.is_file() {
        return Err(Error::invalid(
            "media",
            format!("\"{name}\" bukan berkas gambar. Pilih satu berkas JPEG, PNG atau WebP."),
        ));
    }
    if metadata.len() > MAX_IMPORT_BYTES {
        return Err(too_big(name, metadata.len()));
    }
    let file = File::open(source).map_err(opened())?;
    let capacity = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(opened())?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_big(name, bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_big(name: &str, size: u64) -> Error {
    Error::invalid(
        "media",
        format!(
            "Berkas \"{name}\" terlalu besar ({} MB). Gambar yang dapat diimpor paling besar {} MB.",
            megabytes(size),
            MAX_IMPORT_BYTES / 1_000_000
        ),
    )
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The row exists but its file was deleted by hand; we hold the very bytes, so put it back.
fn restore_if_missing(media_dir: &Path, item: &MediaItem, bytes: &[u8]) -> Result<()> {
    let original = original_path(media_dir, item);
    if original.is_file() {
        return Ok(());
    }
    crate::private_files::create_private_dir(media_dir).map_err(io_error(format!(
        "Gagal membuat folder {}",
        media_dir.display()
    )))?;
    write_atomically(&original, bytes).map_err(io_error(format!(
        "Gagal memulihkan \"{}\" di folder media",
        item.original_name
    )))
}

fn record(
    conn: &Connection,
    clock: &dyn Clock,
    sha256: &str,
    name: &str,
    decoded: &super::decode::Decoded,
    size: usize,
) -> Result<MediaItem> {
    // Two windows may import the same photo at once; the second keeps the first's row.
    conn.execute(
        "INSERT INTO media (sha256, original_name, format, width, height, bytes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (sha256) DO NOTHING",
        params![
            sha256,
            name,
            decoded.format.as_str(),
            decoded.image.width(),
            decoded.image.height(),
            size as i64,
            to_stored(clock.now()),
        ],
    )?;
    find_by_sha(conn, sha256)?.ok_or(Error::NotFound { what: "Gambar" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::test_support::*;
    use crate::media::{media_dir, MediaFormat};

    fn media_rows(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM media", [], |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn media_import_copies_under_content_hash_with_a_thumbnail() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let source = write(dir.path(), "apel-pagi.jpg", &jpeg_bytes(800, 600));
        let item = import(store.conn(), &clock(), &media, &source).unwrap();

        assert_eq!(item.format, MediaFormat::Jpeg);
        assert_eq!((item.width, item.height), (800, 600));
        assert_eq!(item.original_name, "apel-pagi.jpg");
        assert_eq!(item.sha256.len(), 64);
        assert_eq!(item.created_at, "2026-07-12T02:00:00.000Z");
        assert_eq!(
            files_under(&media),
            vec![
                format!("{}.jpg", item.sha256),
                format!("thumbs/{}.jpg", item.sha256)
            ]
        );
        let thumb = image::open(media.join("thumbs").join(format!("{}.jpg", item.sha256))).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (320, 240));
    }

    #[test]
    fn media_import_dedupes_by_content_not_name() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let bytes = png_bytes(400, 400);
        let first = write(dir.path(), "logo.png", &bytes);
        let renamed = write(dir.path(), "logo (1).png", &bytes);
        let a = import(store.conn(), &clock(), &media, &first).unwrap();
        let b = import(store.conn(), &clock(), &media, &renamed).unwrap();

        assert_eq!(a, b);
        assert_eq!(b.original_name, "logo.png");
        assert_eq!(media_rows(store.conn()), 1);
        assert_eq!(files_under(&media).len(), 2);
    }

    #[test]
    fn media_reimport_restores_a_deleted_original() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let source = write(dir.path(), "a.png", &png_bytes(50, 50));
        let item = import(store.conn(), &clock(), &media, &source).unwrap();
        std::fs::remove_file(media.join(format!("{}.png", item.sha256))).unwrap();
        import(store.conn(), &clock(), &media, &source).unwrap();
        assert!(media.join(format!("{}.png", item.sha256)).is_file());
    }

    #[test]
    fn media_text_file_renamed_jpg_is_refused_and_nothing_is_written() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let source = write(dir.path(), "undangan.jpg", b"Undangan rapat koordinasi\n");
        let err = import(store.conn(), &clock(), &media, &source).unwrap_err();

        assert_eq!(err.code(), "invalid.media");
        assert_eq!(
            err.to_string(),
            "Berkas \"undangan.jpg\" bukan gambar yang dapat dibaca (JPEG, PNG atau WebP)."
        );
        assert_eq!(media_rows(store.conn()), 0);
        assert!(files_under(&media).is_empty());
    }

    #[test]
    fn media_truncated_jpeg_is_refused_as_damaged() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let whole = jpeg_bytes(640, 480);
        let source = write(dir.path(), "terpotong.jpg", &whole[..whole.len() / 2]);
        let err = import(store.conn(), &clock(), &media, &source).unwrap_err();

        assert_eq!(err.code(), "invalid.media");
        assert!(
            err.to_string()
                .starts_with("Gambar \"terpotong.jpg\" rusak"),
            "{err}"
        );
        assert_eq!(media_rows(store.conn()), 0);
        assert!(files_under(&media).is_empty());
    }

    #[test]
    fn media_truncated_png_is_refused_as_damaged() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let whole = png_bytes(300, 300);
        let source = write(dir.path(), "spanduk.png", &whole[..whole.len() / 2]);
        let err = import(store.conn(), &clock(), &media, &source).unwrap_err();
        assert!(
            err.to_string().starts_with("Gambar \"spanduk.png\" rusak"),
            "{err}"
        );
        assert!(files_under(&media).is_empty());
    }

    #[test]
    fn media_file_over_50_mb_is_refused_by_its_size() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let path = dir.path().join("video.jpg");
        // Sparse and all zeros: were it read and decoded, the message would be "bukan gambar".
        File::create(&path)
            .unwrap()
            .set_len(MAX_IMPORT_BYTES + 1_000_000)
            .unwrap();
        let err = import(store.conn(), &clock(), &media, &path).unwrap_err();

        assert_eq!(err.code(), "invalid.media");
        assert_eq!(
            err.to_string(),
            "Berkas \"video.jpg\" terlalu besar (51,0 MB). Gambar yang dapat diimpor paling besar 50 MB."
        );
        assert!(files_under(&media).is_empty());
    }

    #[test]
    fn media_missing_source_says_not_found() {
        let (dir, store) = store();
        let err = import(
            store.conn(),
            &clock(),
            &media_dir(store.path()),
            &dir.path().join("hilang.jpg"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("tidak ditemukan"), "{err}");
    }

    #[test]
    fn media_exif_orientation_6_swaps_width_and_height() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let source = write(dir.path(), "IMG_20260712.jpg", &jpeg_with_exif(400, 300, 6));
        let item = import(store.conn(), &clock(), &media, &source).unwrap();
        assert_eq!((item.width, item.height), (300, 400));
        // The original is kept byte for byte; only what we derive from it is turned.
        assert_eq!(
            std::fs::read(media.join(format!("{}.jpg", item.sha256))).unwrap(),
            std::fs::read(&source).unwrap()
        );
    }

    #[test]
    fn media_webp_is_imported_as_webp() {
        let (dir, store) = store();
        let source = write(dir.path(), "poster", &webp_bytes(120, 90));
        let item = import(store.conn(), &clock(), &media_dir(store.path()), &source).unwrap();
        assert_eq!(item.format, MediaFormat::Webp);
        assert_eq!((item.width, item.height), (120, 90));
    }

    #[test]
    fn media_failed_record_removes_the_files_it_wrote() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        store
            .conn()
            .execute_batch(
                "CREATE TRIGGER refuse BEFORE INSERT ON media BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
            )
            .unwrap();
        let source = write(dir.path(), "a.jpg", &jpeg_bytes(64, 64));
        let err = import(store.conn(), &clock(), &media, &source).unwrap_err();
        assert_eq!(err.code(), "database");
        assert!(files_under(&media).is_empty(), "{:?}", files_under(&media));
    }
}
