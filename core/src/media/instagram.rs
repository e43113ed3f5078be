//! Instagram's limits on images (Meta's IG media reference for content publishing), checked
//! before the admin schedules a post so a refusal does not surface at posting time.

use super::item::{megabytes, MediaFormat, MediaItem};
use crate::finding::Finding;
use medsos_rules::limits::INSTAGRAM;

// Short names for Instagram's limits in `medsos_rules::limits`, where they are written once.

/// Narrowest accepted shape: 4:5 portrait.
pub(crate) const MIN_ASPECT: f64 = INSTAGRAM.image.min_aspect;
/// Widest accepted shape: 1.91:1 landscape.
pub(crate) const MAX_ASPECT: f64 = INSTAGRAM.image.max_aspect;
/// Below this Instagram refuses the image.
pub(crate) const MIN_WIDTH: u32 = INSTAGRAM.image.min_width;
/// Above this Instagram scales the image down itself, with its own filter and compression.
pub(crate) const MAX_WIDTH: u32 = INSTAGRAM.image.max_width;
/// "8 MB" taken as 10^6-byte megabytes, the stricter reading.
pub(crate) const MAX_BYTES: u64 = INSTAGRAM.image.max_bytes;
/// Items in one carousel post.
pub(crate) const MAX_CAROUSEL_ITEMS: usize = INSTAGRAM.carousel_items;

/// Rounding slack for shapes computed from whole pixels.
const ASPECT_EPSILON: f64 = 1e-9;

const FIELD: &str = "media";
const PREPARE_HINT: &str = "Gunakan \"Siapkan untuk Instagram\"";

/// What would stop or degrade posting `item` to Instagram as it is.
pub fn instagram_findings(item: &MediaItem) -> Vec<Finding> {
    let name = &item.original_name;
    let mut findings = Vec::new();
    if item.format != MediaFormat::Jpeg {
        findings.push(Finding::warning(
            "instagram.media_not_jpeg",
            FIELD,
            format!(
                "\"{name}\" berformat {}, sedangkan Instagram hanya menerima JPEG untuk posting langsung. {PREPARE_HINT} untuk membuat salinan JPEG.",
                item.format.label()
            ),
        ));
    }
    let size = u64::try_from(item.bytes).unwrap_or(0);
    if size > MAX_BYTES {
        findings.push(Finding::error(
            "instagram.media_too_large",
            FIELD,
            format!(
                "\"{name}\" berukuran {} MB, sedangkan Instagram menerima paling besar {} MB. {PREPARE_HINT} untuk memperkecilnya.",
                megabytes(size),
                MAX_BYTES / 1_000_000
            ),
        ));
    }
    let ratio = item.aspect_ratio();
    let accepted = MIN_ASPECT - ASPECT_EPSILON..=MAX_ASPECT + ASPECT_EPSILON;
    if !accepted.contains(&ratio) {
        findings.push(Finding::error(
            "instagram.media_aspect_ratio",
            FIELD,
            format!(
                "\"{name}\" berasio {}:1 ({}×{} piksel), sedangkan Instagram menerima rasio antara 4:5 (0,80:1) dan 1,91:1. {PREPARE_HINT} untuk memotongnya.",
                decimal(ratio),
                item.width,
                item.height
            ),
        ));
    }
    if item.width < MIN_WIDTH {
        findings.push(Finding::error(
            "instagram.media_too_narrow",
            FIELD,
            format!(
                "\"{name}\" hanya selebar {} piksel, sedangkan Instagram menolak gambar yang lebih sempit dari {MIN_WIDTH} piksel. Gunakan foto dengan resolusi lebih tinggi.",
                item.width
            ),
        ));
    } else if item.width > MAX_WIDTH {
        findings.push(Finding::warning(
            "instagram.media_will_be_rescaled",
            FIELD,
            format!(
                "\"{name}\" selebar {} piksel; Instagram akan memperkecilnya sendiri menjadi paling lebar {MAX_WIDTH} piksel. {PREPARE_HINT} agar hasilnya tetap tajam.",
                item.width
            ),
        ));
    }
    findings
}

/// What is wrong with a carousel of `count` images as a whole.
pub fn carousel_findings(count: usize) -> Vec<Finding> {
    if count <= MAX_CAROUSEL_ITEMS {
        return Vec::new();
    }
    vec![Finding::error(
        "instagram.carousel_too_many",
        FIELD,
        format!(
            "Carousel Instagram berisi paling banyak {MAX_CAROUSEL_ITEMS} gambar, draf ini memiliki {count}. Lepaskan {} gambar.",
            count - MAX_CAROUSEL_ITEMS
        ),
    )]
}

/// A ratio with two decimals and a decimal comma, as Indonesian readers write it.
fn decimal(value: f64) -> String {
    format!("{value:.2}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Level;

    fn item(format: MediaFormat, width: u32, height: u32, bytes: i64) -> MediaItem {
        MediaItem {
            id: 1,
            sha256: "0".repeat(64),
            original_name: "foto.jpg".into(),
            format,
            width,
            height,
            bytes,
            created_at: "2026-07-12T02:00:00Z".into(),
        }
    }

    fn codes(findings: &[Finding]) -> Vec<(&str, Level)> {
        findings
            .iter()
            .map(|f| (f.code.as_str(), f.level))
            .collect()
    }

    #[test]
    fn media_a_1080_jpeg_within_limits_has_no_findings() {
        for (width, height) in [
            (1080, 1080),
            (1080, 1350),
            (1080, 566),
            (320, 400),
            (1440, 754),
        ] {
            let findings = instagram_findings(&item(MediaFormat::Jpeg, width, height, 900_000));
            assert!(findings.is_empty(), "{width}×{height}: {findings:?}");
        }
    }

    #[test]
    fn media_panorama_is_an_aspect_error_with_its_ratio() {
        let findings = instagram_findings(&item(MediaFormat::Jpeg, 4000, 1000, 3_000_000));
        let aspect = findings
            .iter()
            .find(|f| f.code == "instagram.media_aspect_ratio")
            .expect("aspect finding");
        assert_eq!(aspect.level, Level::Error);
        assert_eq!(aspect.field, "media");
        assert!(aspect.message.contains("4,00:1"), "{}", aspect.message);
        assert!(findings
            .iter()
            .any(|f| f.code == "instagram.media_will_be_rescaled" && f.level == Level::Warning));
    }

    #[test]
    fn media_too_tall_portrait_is_an_aspect_error() {
        let findings = instagram_findings(&item(MediaFormat::Jpeg, 1080, 1920, 1_000_000));
        assert_eq!(
            codes(&findings),
            vec![("instagram.media_aspect_ratio", Level::Error)]
        );
        assert!(
            findings[0].message.contains("0,56:1"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn media_png_is_a_warning_pointing_to_prepare() {
        let findings = instagram_findings(&item(MediaFormat::Png, 1080, 1080, 2_000_000));
        assert_eq!(
            codes(&findings),
            vec![("instagram.media_not_jpeg", Level::Warning)]
        );
        assert!(findings[0].message.contains("Siapkan untuk Instagram"));
    }

    #[test]
    fn media_200_px_wide_image_is_an_error() {
        let findings = instagram_findings(&item(MediaFormat::Jpeg, 200, 200, 20_000));
        assert_eq!(
            codes(&findings),
            vec![("instagram.media_too_narrow", Level::Error)]
        );
    }

    #[test]
    fn media_over_8_mb_is_an_error() {
        let findings = instagram_findings(&item(MediaFormat::Jpeg, 1080, 1080, 9_200_000));
        assert_eq!(
            codes(&findings),
            vec![("instagram.media_too_large", Level::Error)]
        );
        assert!(
            findings[0].message.contains("9,2 MB"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn media_carousel_of_11_is_an_error_and_10_is_fine() {
        assert!(carousel_findings(10).is_empty());
        let findings = carousel_findings(11);
        assert_eq!(
            codes(&findings),
            vec![("instagram.carousel_too_many", Level::Error)]
        );
        assert!(findings[0].message.contains("Lepaskan 1 gambar"));
    }
}
