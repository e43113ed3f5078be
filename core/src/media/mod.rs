//! Media: the photos an admin brings back from a field event and attaches to a draf.
//!
//! Imported images are copied into a `media` folder beside the store file and named by the
//! SHA-256 of their bytes, so importing the same photo twice keeps one copy and a file name
//! can never point at different content. The store keeps one row per image; the draf keeps
//! the carousel order.

mod atomic;
mod attachments;
mod decode;
mod dropped;
mod encode;
mod import;
mod instagram;
mod prepare;
mod thumbnail;

#[cfg(test)]
pub(crate) mod test_support;

pub use attachments::{attach, detach, list_for_draft, move_to};
pub use dropped::import_bytes;
pub use import::{import, MAX_IMPORT_BYTES};
pub use instagram::{carousel_findings, instagram_findings};
pub use prepare::{prepare_for_instagram, Aspect, Crop, PreparedImage};
pub use thumbnail::{thumbnail_data_url, THUMBNAIL_MAX_SIDE};

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The image formats the app reads. Detected from the file's content, never its extension,
/// because photos arrive renamed by chat apps and file managers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum MediaFormat {
    Jpeg,
    Png,
    Webp,
}

impl MediaFormat {
    /// The name stored in `media.format` and sent to the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaFormat::Jpeg => "jpeg",
            MediaFormat::Png => "png",
            MediaFormat::Webp => "webp",
        }
    }

    /// The extension of the copy in the media folder; Windows picks the viewer by it.
    pub fn extension(self) -> &'static str {
        match self {
            MediaFormat::Jpeg => "jpg",
            MediaFormat::Png => "png",
            MediaFormat::Webp => "webp",
        }
    }

    /// How the admin knows the format, for messages.
    pub fn label(self) -> &'static str {
        match self {
            MediaFormat::Jpeg => "JPEG",
            MediaFormat::Png => "PNG",
            MediaFormat::Webp => "WebP",
        }
    }

    fn parse(stored: &str) -> Option<MediaFormat> {
        match stored {
            "jpeg" => Some(MediaFormat::Jpeg),
            "png" => Some(MediaFormat::Png),
            "webp" => Some(MediaFormat::Webp),
            _ => None,
        }
    }
}

/// An imported image as stored. `width` and `height` are as the photo is meant to be seen,
/// i.e. after the EXIF orientation a phone camera records instead of rotating the pixels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MediaItem {
    #[ts(type = "number")]
    pub id: i64,
    /// Hex SHA-256 of the imported bytes; also the file's name in the media folder.
    pub sha256: String,
    /// The file name it had when first imported, to show in lists.
    pub original_name: String,
    pub format: MediaFormat,
    pub width: u32,
    pub height: u32,
    /// Size of the imported file in bytes.
    #[ts(type = "number")]
    pub bytes: i64,
    pub created_at: String,
}

impl MediaItem {
    /// Width over height, as Instagram states its aspect-ratio limits.
    pub fn aspect_ratio(&self) -> f64 {
        f64::from(self.width) / f64::from(self.height.max(1))
    }
}

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
fn read_original(media_dir: &Path, item: &MediaItem) -> Result<Vec<u8>> {
    match std::fs::read(original_path(media_dir, item)) {
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

fn file_name(sha256: &str, format: MediaFormat) -> String {
    format!("{sha256}.{}", format.extension())
}

fn thumbnail_path(media_dir: &Path, sha256: &str) -> PathBuf {
    thumbs_dir(media_dir).join(format!("{sha256}.jpg"))
}

const SELECT_MEDIA: &str =
    "SELECT id, sha256, original_name, format, width, height, bytes, created_at FROM media";

fn media_from_row(row: &Row<'_>) -> rusqlite::Result<MediaItem> {
    let format: String = row.get(3)?;
    let format = MediaFormat::parse(&format).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            3,
            rusqlite::types::Type::Text,
            format!("unknown media format {format:?}").into(),
        )
    })?;
    Ok(MediaItem {
        id: row.get(0)?,
        sha256: row.get(1)?,
        original_name: row.get(2)?,
        format,
        width: row.get(4)?,
        height: row.get(5)?,
        bytes: row.get(6)?,
        created_at: row.get(7)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<MediaItem> {
    conn.query_row(
        &format!("{SELECT_MEDIA} WHERE id = ?1"),
        [id],
        media_from_row,
    )
    .optional()?
    .ok_or(Error::NotFound { what: "Gambar" })
}

fn find_by_sha(conn: &Connection, sha256: &str) -> Result<Option<MediaItem>> {
    Ok(conn
        .query_row(
            &format!("{SELECT_MEDIA} WHERE sha256 = ?1"),
            [sha256],
            media_from_row,
        )
        .optional()?)
}

/// The file name to show for `path`, even when it is not valid Unicode.
fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Megabytes (10^6 bytes, as Instagram and file managers count them) with a decimal comma.
fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1_000_000.0).replace('.', ",")
}

fn io_error(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let what = what.into();
    move |source| Error::Io { what, source }
}
