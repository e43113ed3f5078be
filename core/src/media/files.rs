//! The media folder's files: where an image's copy and preview live, reading the copy back,
//! and how a failure to read or write one is told.

use super::item::{MediaFormat, MediaItem};
use crate::error::{Error, Result};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The media folder of the store at `store_path`: kept beside the store file so that backing
/// up or moving the data folder takes the photos along.
pub fn media_dir(store_path: &Path) -> PathBuf {
    store_path
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join("media")
}

/// Where the small JPEG previews live; they can always be rebuilt from the originals.
pub fn thumbs_dir(media_dir: &Path) -> PathBuf {
    media_dir.join("thumbs")
}

/// The imported copy of `item` inside `media_dir`.
pub fn original_path(media_dir: &Path, item: &MediaItem) -> PathBuf {
    media_dir.join(file_name(&item.sha256, item.format))
}

/// The imported copy of `item`; its absence is reported as such, not as a generic I/O error.
pub(super) fn read_original(media_dir: &Path, item: &MediaItem) -> Result<Vec<u8>> {
    match super::sealed::read_media_file(media_dir, &original_path(media_dir, item)) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(Error::NotFound {
            what: "Berkas gambar di folder media",
        }),
        Err(e) => Err(io_error(format!(
            "Gagal membaca \"{}\"",
            item.original_name
        ))(e)),
    }
}

pub(super) fn file_name(sha256: &str, format: MediaFormat) -> String {
    format!("{sha256}.{}", format.extension())
}

pub(super) fn thumbnail_path(media_dir: &Path, sha256: &str) -> PathBuf {
    thumbs_dir(media_dir).join(format!("{sha256}.jpg"))
}

/// The file name to show for `path`, even when it is not valid Unicode.
pub(super) fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

pub(super) fn io_error(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let what = what.into();
    move |source| Error::Io { what, source }
}
