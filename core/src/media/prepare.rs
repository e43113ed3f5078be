//! "Siapkan untuk Instagram": a copy of an imported photo that Instagram takes as it is.

use super::atomic::write_atomically;
use super::decode::decode;
use super::encode::{encode_jpeg, flatten_to_rgb8};
use super::files::{io_error, read_original};
use super::instagram::{MAX_ASPECT, MAX_BYTES, MIN_ASPECT};
use super::item::{megabytes, MediaItem};
use crate::error::{Error, Result};
use image::imageops::FilterType;
use image::DynamicImage;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// Every prepared image is this wide: Instagram's feed width, so it neither scales it down
/// (losing sharpness to its own compression) nor up.
pub const OUTPUT_WIDTH: u32 = 1080;

/// High enough that text on banners and slides stays crisp; a 1080 × 1350 result is a few
/// hundred kilobytes.
const OUTPUT_QUALITY: u8 = 90;

/// The shape of the prepared image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Aspect {
    /// 1:1, 1080 × 1080.
    Square,
    /// 4:5, 1080 × 1350: the tallest Instagram accepts, the most room in the feed.
    Portrait,
    /// 1.91:1, 1080 × 566: the widest Instagram accepts.
    Landscape,
    /// The photo's own shape when Instagram accepts it; otherwise the nearest one it accepts
    /// (4:5 for a tall photo, 1.91:1 for a panorama), cropped around the focus.
    Original,
}

/// How to cut the photo: the shape, and where the kept window is centred, as fractions of
/// the upright photo's width and height (0.5, 0.5 is the middle). Values outside 0..1 are
/// clamped and the window never leaves the photo.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Crop {
    pub aspect: Aspect,
    pub focus_x: f32,
    pub focus_y: f32,
}

impl Crop {
    /// A centred crop: what the editor proposes before the admin moves the window.
    pub fn centred(aspect: Aspect) -> Crop {
        Crop {
            aspect,
            focus_x: 0.5,
            focus_y: 0.5,
        }
    }
}

/// The file written by [`prepare_for_instagram`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreparedImage {
    pub path: PathBuf,
    pub width: u32,
    pub height: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Writes to `out` a JPEG of `item` that Instagram accepts: upright (EXIF orientation
/// applied), cropped to `crop`, exactly [`OUTPUT_WIDTH`] wide, 8-bit RGB with transparency
/// laid over white, at most 8 MB.
///
/// The output carries no metadata at all: no EXIF (field photos record the GPS position of
/// where they were taken, and the camera's serial number), no XMP, no ICC profile. Pixels
/// are taken as sRGB; an embedded ICC profile is not converted (see `encode::flatten_to_rgb8`).
/// A photo narrower than 1080 px is enlarged, which Instagram would do anyway.
/// `out` is replaced atomically, so a failure leaves any earlier file there untouched.
pub fn prepare_for_instagram(
    media_dir: &Path,
    item: &MediaItem,
    crop: Crop,
    out: &Path,
) -> Result<PreparedImage> {
    let original = read_original(media_dir, item)?;
    let image = decode(&original, &item.original_name)?.image;
    let (width, height) = (image.width(), image.height());
    let output_height = output_height(crop.aspect, width, height);
    let window = crop_window(width, height, output_height, crop);

    let resized = scale(
        &image.crop_imm(window.x, window.y, window.width, window.height),
        output_height,
    );
    let jpeg = encode_jpeg(&flatten_to_rgb8(&resized), OUTPUT_QUALITY)?;
    // At most 1080 × 1350 × 3 bytes of pixels: a JPEG of it cannot come near 8 MB; the check
    // keeps that promise should the numbers above ever change.
    let size = jpeg.len() as u64;
    if size > MAX_BYTES {
        return Err(Error::invalid(
            "media",
            format!(
                "Hasil \"{}\" berukuran {} MB, melebihi batas Instagram {} MB.",
                item.original_name,
                megabytes(size),
                MAX_BYTES / 1_000_000
            ),
        ));
    }
    write_atomically(out, &jpeg).map_err(io_error(format!("Gagal menyimpan {}", out.display())))?;
    Ok(PreparedImage {
        path: out.to_path_buf(),
        width: OUTPUT_WIDTH,
        height: output_height,
        bytes: size,
    })
}

/// Scales the cropped window to the output size. Lanczos keeps text on banners crisp, but
/// its cost grows with the reduction; a 12 MP photo is first box-averaged to twice the
/// output size (fast, and alias-free at that factor), which cuts the time several-fold with
/// no visible difference.
fn scale(window: &DynamicImage, output_height: u32) -> DynamicImage {
    let (wide, tall) = (OUTPUT_WIDTH * 2, output_height * 2);
    if window.width() > wide && window.height() > tall {
        window.thumbnail_exact(wide, tall).resize_exact(
            OUTPUT_WIDTH,
            output_height,
            FilterType::Lanczos3,
        )
    } else {
        window.resize_exact(OUTPUT_WIDTH, output_height, FilterType::Lanczos3)
    }
}

/// The output height for `aspect`, rounded so the result stays inside Instagram's limits
/// (1080 / 566 = 1.908; 565 would give 1.912, just over 1.91).
fn output_height(aspect: Aspect, width: u32, height: u32) -> u32 {
    let tallest = (f64::from(OUTPUT_WIDTH) / MIN_ASPECT).floor() as u32;
    let widest = (f64::from(OUTPUT_WIDTH) / MAX_ASPECT).ceil() as u32;
    match aspect {
        Aspect::Square => OUTPUT_WIDTH,
        Aspect::Portrait => tallest,
        Aspect::Landscape => widest,
        Aspect::Original => {
            let ratio = f64::from(width) / f64::from(height.max(1));
            let own = (f64::from(OUTPUT_WIDTH) / ratio).round();
            own.clamp(f64::from(widest), f64::from(tallest)) as u32
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
struct Window {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
}

/// The largest window of the output's shape inside a `width` × `height` photo, centred on
/// the focus as far as the photo's edges allow.
fn crop_window(width: u32, height: u32, output_height: u32, crop: Crop) -> Window {
    let target = f64::from(OUTPUT_WIDTH) / f64::from(output_height);
    let (w, h) = (f64::from(width), f64::from(height));
    let (window_width, window_height) = if w / h > target {
        (((h * target).round() as u32).clamp(1, width), height)
    } else {
        (width, ((w / target).round() as u32).clamp(1, height))
    };
    let start = |focus: f32, whole: u32, part: u32| -> u32 {
        let focus = if focus.is_finite() {
            f64::from(focus.clamp(0.0, 1.0))
        } else {
            0.5
        };
        let centred = focus * f64::from(whole) - f64::from(part) / 2.0;
        centred.round().clamp(0.0, f64::from(whole - part)) as u32
    };
    Window {
        x: start(crop.focus_x, width, window_width),
        y: start(crop.focus_y, height, window_height),
        width: window_width,
        height: window_height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::test_support::*;
    use crate::media::{import, instagram_findings, media_dir, MediaFormat};

    fn prepared(bytes: &[u8], name: &str, crop: Crop) -> (tempfile::TempDir, PreparedImage) {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let source = write(dir.path(), name, bytes);
        let item = import(store.conn(), &clock(), &media, &source).unwrap();
        let out = dir.path().join("siap-instagram.jpg");
        let result = prepare_for_instagram(&media, &item, crop, &out).unwrap();
        (dir, result)
    }

    /// What the file at `path` would be if imported: its checks must come back clean.
    fn as_item(path: &Path) -> MediaItem {
        let bytes = std::fs::read(path).unwrap();
        let image = image::load_from_memory(&bytes).unwrap();
        MediaItem {
            id: 0,
            sha256: String::new(),
            original_name: "siap-instagram.jpg".into(),
            format: crate::media::decode::sniff(&bytes).unwrap(),
            width: image.width(),
            height: image.height(),
            bytes: bytes.len() as i64,
            created_at: String::new(),
        }
    }

    #[test]
    fn media_prepared_output_has_no_exif_and_is_1080_wide() {
        let phone_photo = jpeg_with_exif(1600, 1200, 1);
        assert!(
            header_markers(&phone_photo).contains(&0xE1),
            "fixture carries Exif"
        );

        let (_dir, result) = prepared(
            &phone_photo,
            "lapangan.jpg",
            Crop::centred(Aspect::Portrait),
        );
        let written = std::fs::read(&result.path).unwrap();
        let markers = header_markers(&written);
        assert!(
            !markers.iter().any(|m| (0xE1..=0xEF).contains(m)),
            "{markers:x?}"
        );
        assert!(!written.windows(6).any(|w| w == b"Exif\0\0"));
        assert_eq!((result.width, result.height), (1080, 1350));
        assert_eq!(result.bytes, written.len() as u64);

        let item = as_item(&result.path);
        assert_eq!(
            (item.format, item.width, item.height),
            (MediaFormat::Jpeg, 1080, 1350)
        );
        assert_eq!(instagram_findings(&item), vec![]);
        assert_eq!(
            image::load_from_memory(&written).unwrap().color(),
            image::ColorType::Rgb8
        );
    }

    #[test]
    fn media_prepare_turns_a_rotated_phone_photo_upright() {
        // Stored 400 × 300 with orientation 6: seen as 300 × 400, so "original" is 4:5-ish.
        let (_dir, result) = prepared(
            &jpeg_with_exif(400, 300, 6),
            "a.jpg",
            Crop::centred(Aspect::Original),
        );
        assert_eq!((result.width, result.height), (1080, 1350));
        let markers = header_markers(&std::fs::read(&result.path).unwrap());
        assert!(!markers.contains(&0xE1));
    }

    #[test]
    fn media_every_aspect_gives_an_allowed_shape() {
        let photo = png_bytes(900, 700);
        for (aspect, height) in [
            (Aspect::Square, 1080),
            (Aspect::Portrait, 1350),
            (Aspect::Landscape, 566),
            (Aspect::Original, 840),
        ] {
            let (_dir, result) = prepared(&photo, "a.png", Crop::centred(aspect));
            assert_eq!((result.width, result.height), (1080, height), "{aspect:?}");
            assert_eq!(
                instagram_findings(&as_item(&result.path)),
                vec![],
                "{aspect:?}"
            );
        }
    }

    #[test]
    fn media_large_photo_is_reduced_to_exactly_1080_wide() {
        let (_dir, result) = prepared(
            &jpeg_bytes(2400, 1300),
            "besar.jpg",
            Crop::centred(Aspect::Landscape),
        );
        assert_eq!((result.width, result.height), (1080, 566));
        assert_eq!(instagram_findings(&as_item(&result.path)), vec![]);
    }

    #[test]
    fn media_original_aspect_of_a_panorama_becomes_the_widest_allowed() {
        let (_dir, result) = prepared(
            &png_bytes(4000, 1000),
            "panorama.png",
            Crop::centred(Aspect::Original),
        );
        assert_eq!((result.width, result.height), (1080, 566));
    }

    #[test]
    fn media_transparent_png_is_prepared_on_white() {
        let (_dir, result) = prepared(
            &transparent_png_bytes(500, 500),
            "logo.png",
            Crop::centred(Aspect::Square),
        );
        let image = image::open(&result.path).unwrap().to_rgb8();
        let corner = image.get_pixel(10, 10).0;
        assert!(corner.iter().all(|&c| c > 240), "{corner:?}");
    }

    #[test]
    fn media_crop_window_follows_the_focus_and_stays_inside() {
        // 2000 × 1000 photo, square output: a 1000 × 1000 window sliding along x.
        let left = crop_window(
            2000,
            1000,
            1080,
            Crop {
                aspect: Aspect::Square,
                focus_x: 0.0,
                focus_y: 0.5,
            },
        );
        assert_eq!(
            left,
            Window {
                x: 0,
                y: 0,
                width: 1000,
                height: 1000
            }
        );
        let right = crop_window(
            2000,
            1000,
            1080,
            Crop {
                aspect: Aspect::Square,
                focus_x: 7.0,
                focus_y: 0.5,
            },
        );
        assert_eq!(right.x, 1000);
        let quarter = crop_window(
            2000,
            1000,
            1080,
            Crop {
                aspect: Aspect::Square,
                focus_x: 0.75,
                focus_y: f32::NAN,
            },
        );
        assert_eq!(
            quarter,
            Window {
                x: 1000,
                y: 0,
                width: 1000,
                height: 1000
            }
        );
        let middle = crop_window(
            2000,
            1000,
            1080,
            Crop {
                aspect: Aspect::Square,
                focus_x: 0.4,
                focus_y: 0.5,
            },
        );
        assert_eq!(middle.x, 300);
    }

    #[test]
    fn media_prepare_replaces_an_earlier_output_and_leaves_no_temp_file() {
        let (dir, store) = store();
        let media = media_dir(store.path());
        let source = write(dir.path(), "a.jpg", &jpeg_bytes(1200, 900));
        let item = import(store.conn(), &clock(), &media, &source).unwrap();
        let out_dir = dir.path().join("keluaran");
        std::fs::create_dir(&out_dir).unwrap();
        let out = out_dir.join("a-instagram.jpg");
        std::fs::write(&out, b"old").unwrap();
        prepare_for_instagram(&media, &item, Crop::centred(Aspect::Landscape), &out).unwrap();
        assert_eq!(files_under(&out_dir), vec!["a-instagram.jpg".to_string()]);
        assert_eq!(image::open(&out).unwrap().width(), 1080);
    }

    #[test]
    fn media_crop_settings_cross_ipc_in_snake_case() {
        let crop: Crop =
            serde_json::from_str(r#"{"aspect":"portrait","focus_x":0.3,"focus_y":0.6}"#).unwrap();
        assert_eq!(crop.aspect, Aspect::Portrait);
    }
}
