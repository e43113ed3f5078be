//! Small JPEG previews for lists and the carousel editor.

use super::decode::decode;
use super::encode::{encode_jpeg, flatten_to_rgb8};
use super::files::{io_error, read_original, thumbnail_path, thumbs_dir};
use super::item::MediaItem;
use crate::error::Result;
use base64::Engine;
use image::DynamicImage;
use std::io::ErrorKind;
use std::path::Path;

/// The longest side of a preview: sharp in a 160 px tile on a high-DPI screen, a few tens of
/// kilobytes, so a carousel of ten crosses IPC quickly.
pub const THUMBNAIL_MAX_SIDE: u32 = 320;

/// Previews are looked at small; a lower quality halves their size without visible loss.
const THUMBNAIL_QUALITY: u8 = 80;

/// The JPEG bytes of a preview of `image` (already upright), never larger than the image.
pub(crate) fn make_thumbnail(image: &DynamicImage) -> Result<Vec<u8>> {
    let small = if image.width().max(image.height()) > THUMBNAIL_MAX_SIDE {
        // Box-averaging: fast on a 50 MP photo and alias-free at such large reductions.
        image.thumbnail(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE)
    } else {
        image.clone()
    };
    encode_jpeg(&flatten_to_rgb8(&small), THUMBNAIL_QUALITY)
}

/// The preview of `item` as a `data:image/jpeg;base64,...` URL, which the window's content
/// security policy allows, so the UI needs no access to the file system. A missing preview
/// (deleted, or from a backup without `thumbs/`) is made again from the original.
pub fn thumbnail_data_url(media_dir: &Path, item: &MediaItem) -> Result<String> {
    let path = thumbnail_path(media_dir, &item.sha256);
    let jpeg = match super::sealed::read_media_file(media_dir, &path) {
        Ok(jpeg) => jpeg,
        Err(e) if e.kind() == ErrorKind::NotFound => rebuild(media_dir, item)?,
        Err(e) => {
            return Err(io_error(format!(
                "Gagal membaca pratinjau \"{}\"",
                item.original_name
            ))(e))
        }
    };
    Ok(format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(jpeg)
    ))
}

fn rebuild(media_dir: &Path, item: &MediaItem) -> Result<Vec<u8>> {
    let original = read_original(media_dir, item)?;
    let jpeg = make_thumbnail(&decode(&original, &item.original_name)?.image)?;
    crate::private_files::create_private_dir(&thumbs_dir(media_dir)).map_err(io_error(format!(
        "Gagal membuat folder {}",
        media_dir.display()
    )))?;
    // The preview of a sealed copy (a complaint screenshot) is sealed too.
    let sealed = super::sealed::file_is_sealed(&super::files::original_path(media_dir, item));
    super::sealed::write_media_file(
        media_dir,
        &thumbnail_path(media_dir, &item.sha256),
        &jpeg,
        sealed,
    )
    .map_err(io_error(format!(
        "Gagal membuat pratinjau \"{}\"",
        item.original_name
    )))?;
    Ok(jpeg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::test_support::*;
    use crate::media::{import, media_dir};

    fn decode_data_url(url: &str) -> DynamicImage {
        let encoded = url
            .strip_prefix("data:image/jpeg;base64,")
            .expect("a JPEG data URL");
        let jpeg = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        image::load_from_memory(&jpeg).unwrap()
    }

    #[test]
    fn media_thumbnail_data_url_is_a_small_jpeg() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let source = write(dir.path(), "a.png", &png_bytes(1000, 500));
        let item = import(store.conn(), &clock(), &media, &source).unwrap();
        let thumb = decode_data_url(&thumbnail_data_url(&media, &item).unwrap());
        assert_eq!((thumb.width(), thumb.height()), (320, 160));
    }

    #[test]
    fn media_missing_thumbnail_is_rebuilt_from_the_original() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let source = write(dir.path(), "a.jpg", &jpeg_with_exif(400, 200, 6));
        let item = import(store.conn(), &clock(), &media, &source).unwrap();
        std::fs::remove_dir_all(media.join("thumbs")).unwrap();

        let thumb = decode_data_url(&thumbnail_data_url(&media, &item).unwrap());
        assert_eq!((thumb.width(), thumb.height()), (160, 320));
        assert!(media
            .join("thumbs")
            .join(format!("{}.jpg", item.sha256))
            .is_file());
    }

    #[test]
    fn media_small_images_are_not_enlarged_for_previews() {
        let thumb = make_thumbnail(&picture(100, 40).into()).unwrap();
        let thumb = image::load_from_memory(&thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (100, 40));
    }

    #[test]
    fn media_thumbnail_of_a_missing_original_says_not_found() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let source = write(dir.path(), "a.png", &transparent_png_bytes(40, 40));
        let item = import(store.conn(), &clock(), &media, &source).unwrap();
        std::fs::remove_dir_all(&media).unwrap();
        let err = thumbnail_data_url(&media, &item).unwrap_err();
        assert_eq!(err.code(), "not_found");
    }
}
