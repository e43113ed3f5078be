//! Turning decoded pixels into the JPEG bytes we write: previews and Instagram copies.

use crate::error::{Error, Result};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, RgbImage};

/// 8-bit sRGB pixels with any transparency laid over white.
///
/// JPEG has no alpha; dropping it would turn the transparent background of a logo or an
/// infographic black. The pixel values are taken as sRGB: an embedded ICC profile (Display
/// P3 from newer phones, Adobe RGB from some cameras) is not converted, so such photos may
/// look slightly less saturated than on the phone.
pub(crate) fn flatten_to_rgb8(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over_white = |c: u8| -> u8 {
            let (c, a) = (u32::from(c), u32::from(a));
            // Rounded integer blend; the result is at most 255 by construction.
            ((c * a + 255 * (255 - a) + 127) / 255) as u8
        };
        image::Rgb([over_white(r), over_white(g), over_white(b)])
    })
}

/// Encodes baseline JPEG at `quality` (1-100). The encoder writes only a JFIF header: no
/// EXIF, XMP or ICC segment, which is what keeps GPS positions out of what we publish.
pub(crate) fn encode_jpeg(pixels: &RgbImage, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(pixels)
        .map_err(|e| Error::Io {
            what: "Gagal membuat berkas JPEG".into(),
            source: std::io::Error::other(e),
        })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgba, RgbaImage};

    #[test]
    fn media_transparent_pixels_become_white_not_black() {
        let mut logo = RgbaImage::from_pixel(2, 1, Rgba([0, 0, 0, 0]));
        logo.put_pixel(1, 0, Rgba([200, 10, 10, 255]));
        let flat = flatten_to_rgb8(&DynamicImage::ImageRgba8(logo));
        assert_eq!(flat.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(flat.get_pixel(1, 0).0, [200, 10, 10]);
    }
}
