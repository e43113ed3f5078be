//! Reading an image the admin picked: format from the content, orientation from EXIF, and a
//! message in the admin's words for everything that is not a readable JPEG, PNG or WebP.

use super::item::MediaFormat;
use crate::error::{Error, Result};
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// The largest image we decode. A 108 MP phone photo fits; beyond this an office PC with a
/// few gigabytes of memory would struggle with the copies that cropping and scaling make.
pub(crate) const MAX_PIXELS: u64 = 120_000_000;

/// A decoded image, turned upright.
pub(crate) struct Decoded {
    pub format: MediaFormat,
    pub image: DynamicImage,
}

/// Decodes `bytes` (named `name` in messages) and applies its EXIF orientation, so the
/// pixels are as the photographer held the phone.
pub(crate) fn decode(bytes: &[u8], name: &str) -> Result<Decoded> {
    let format = sniff(bytes).ok_or_else(|| not_an_image(bytes, name))?;
    if format == MediaFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(damaged(name));
    }
    let image_format = match format {
        MediaFormat::Jpeg => ImageFormat::Jpeg,
        MediaFormat::Png => ImageFormat::Png,
        MediaFormat::Webp => ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    // Room for the largest allowed image as RGBA plus the decoder's own working buffers;
    // a 16-bit PNG of that size is refused as too big rather than exhausting memory.
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 * 2);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| decode_error(e, name))?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(too_many_pixels(name, width, height));
    }
    // A damaged EXIF block should not cost the admin a photo whose pixels are fine.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| decode_error(e, name))?;
    image.apply_orientation(orientation);
    Ok(Decoded { format, image })
}

/// The format of `bytes` by their signature, if it is one we read.
pub(crate) fn sniff(bytes: &[u8]) -> Option<MediaFormat> {
    match image::guess_format(bytes).ok()? {
        ImageFormat::Jpeg => Some(MediaFormat::Jpeg),
        ImageFormat::Png => Some(MediaFormat::Png),
        ImageFormat::WebP => Some(MediaFormat::Webp),
        _ => None,
    }
}

/// Whether a JPEG reaches its end-of-image marker after the first scan.
///
/// The decoder is lenient on purpose and paints the missing part of a cut-off file grey; an
/// admin would then post half a photo. A file cut short in a copy from a phone has no EOI
/// after its scan data, while scan data can never contain one (0xFF is always stuffed), so
/// looking for it is a cheap and exact test. Bytes after EOI (motion photos) are allowed.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    scan_start(bytes)
        .is_some_and(|start| bytes[start..].windows(2).any(|pair| pair == [0xFF, 0xD9]))
}

/// The offset just past the first start-of-scan header, walking the segments from SOI.
fn scan_start(bytes: &[u8]) -> Option<usize> {
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        // Any number of 0xFF fill bytes may precede a marker.
        while *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        let marker = *bytes.get(at + 1)?;
        at += 2;
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            continue;
        }
        let length = usize::from(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]));
        if length < 2 {
            return None;
        }
        at += length;
        if marker == 0xDA {
            return (at <= bytes.len()).then_some(at);
        }
    }
}

fn decode_error(error: ImageError, name: &str) -> Error {
    match error {
        ImageError::Limits(_) => Error::invalid(
            "media",
            format!(
                "Gambar \"{name}\" terlalu besar untuk diolah. Perkecil ukurannya (paling banyak {} megapiksel), lalu coba lagi.",
                MAX_PIXELS / 1_000_000
            ),
        ),
        _ => damaged(name),
    }
}

fn too_many_pixels(name: &str, width: u32, height: u32) -> Error {
    Error::invalid(
        "media",
        format!(
            "Gambar \"{name}\" terlalu besar untuk diolah ({width}×{height} piksel). Perkecil ukurannya (paling banyak {} megapiksel), lalu coba lagi.",
            MAX_PIXELS / 1_000_000
        ),
    )
}

fn damaged(name: &str) -> Error {
    Error::invalid(
        "media",
        format!(
            "Gambar \"{name}\" rusak atau tidak lengkap sehingga tidak dapat dibuka. Salin ulang dari kamera atau ponsel, lalu coba lagi."
        ),
    )
}

/// iPhones save HEIC unless told otherwise; say so instead of a bare "not an image".
fn not_an_image(bytes: &[u8], name: &str) -> Error {
    let is_heif = bytes.get(4..8) == Some(&b"ftyp"[..])
        && matches!(
            bytes.get(8..12),
            Some(b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1")
        );
    let message = if is_heif {
        format!(
            "Berkas \"{name}\" berformat HEIC (foto iPhone) yang belum dapat dibaca. Ubah dulu ke JPEG, atau atur iPhone di Pengaturan > Kamera > Format > Paling Kompatibel."
        )
    } else {
        format!("Berkas \"{name}\" bukan gambar yang dapat dibaca (JPEG, PNG atau WebP).")
    };
    Error::invalid("media", message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::test_support::{jpeg_bytes, png_bytes};

    #[test]
    fn media_format_comes_from_content_not_extension() {
        assert_eq!(sniff(&png_bytes(8, 8)), Some(MediaFormat::Png));
        assert_eq!(sniff(&jpeg_bytes(8, 8)), Some(MediaFormat::Jpeg));
        assert_eq!(sniff(b"Rapat koordinasi pukul 09.00"), None);
    }

    #[test]
    fn media_complete_jpeg_passes_and_cut_off_jpeg_does_not() {
        let jpeg = jpeg_bytes(64, 48);
        assert!(jpeg_is_complete(&jpeg));
        assert!(!jpeg_is_complete(&jpeg[..jpeg.len() - 2]));
        let mut with_trailer = jpeg.clone();
        with_trailer.extend_from_slice(b"motion photo video follows");
        assert!(jpeg_is_complete(&with_trailer));
    }

    #[test]
    fn media_heic_gets_its_own_message() {
        let mut heic = vec![0, 0, 0, 24];
        heic.extend_from_slice(b"ftypheic");
        heic.extend_from_slice(&[0; 16]);
        let Err(err) = decode(&heic, "IMG_0001.HEIC") else {
            panic!("HEIC must be refused");
        };
        assert!(err.to_string().contains("HEIC"), "{err}");
    }
}
