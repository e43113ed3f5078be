//! An imported image as the store keeps it: its format, its row, and how the row is read.

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
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

const SELECT_MEDIA: &str =
    "SELECT id, sha256, original_name, format, width, height, bytes, created_at FROM media";

pub(super) fn media_from_row(row: &Row<'_>) -> rusqlite::Result<MediaItem> {
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

pub(super) fn find_by_sha(conn: &Connection, sha256: &str) -> Result<Option<MediaItem>> {
    Ok(conn
        .query_row(
            &format!("{SELECT_MEDIA} WHERE sha256 = ?1"),
            [sha256],
            media_from_row,
        )
        .optional()?)
}

/// Megabytes (10^6 bytes, as Instagram and file managers count them) with a decimal comma.
pub(super) fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1_000_000.0).replace('.', ",")
}
