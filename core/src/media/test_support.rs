//! Real image files for the media tests, made with the image crate, plus a hand-built EXIF
//! block of the kind a phone writes (orientation and a GPS position in Cianjur).

use crate::clock::FixedClock;
use crate::drafts::{self, DraftInput};
use crate::Store;
use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use rusqlite::Connection;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use time::macros::datetime;

pub fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("medsos-pd.sqlite3")).unwrap();
    (dir, store)
}

pub fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-07-12 02:00 UTC))
}

pub fn draft(conn: &Connection, title: &str) -> i64 {
    let input = DraftInput {
        title: title.into(),
        body: "Kegiatan lapangan".into(),
        ..DraftInput::default()
    };
    drafts::create(conn, &clock(), &input).unwrap().id
}

/// A picture with detail in both directions, so a rotation or crop shows in the pixels.
pub fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            ((x ^ y) & 0xFF) as u8,
        ])
    })
}

fn encode(image: &image::DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

pub fn jpeg_bytes(width: u32, height: u32) -> Vec<u8> {
    encode(&picture(width, height).into(), ImageFormat::Jpeg)
}

pub fn png_bytes(width: u32, height: u32) -> Vec<u8> {
    encode(&picture(width, height).into(), ImageFormat::Png)
}

pub fn webp_bytes(width: u32, height: u32) -> Vec<u8> {
    encode(&picture(width, height).into(), ImageFormat::WebP)
}

/// A PNG whose left half is fully transparent, like a logo.
pub fn transparent_png_bytes(width: u32, height: u32) -> Vec<u8> {
    let image = RgbaImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([0, 90, 160, 255])
        }
    });
    encode(&image.into(), ImageFormat::Png)
}

/// A JPEG carrying an APP1 Exif segment right after SOI, as phone cameras write it:
/// IFD0 with Orientation and a pointer to a GPS IFD holding 6°49'12" S, 107°8'24" E.
pub fn jpeg_with_exif(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let plain = jpeg_bytes(width, height);
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    // IFD0 at 8: two entries, ends at 8 + 2 + 24 + 4 = 38.
    tiff.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut tiff, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut tiff, 0x8825, 4, 1, 38);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD at 38: four entries, ends at 38 + 2 + 48 + 4 = 92; rationals follow.
    tiff.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut tiff, 0x0001, 2, 2, u32::from_le_bytes(*b"S\0\0\0"));
    entry(&mut tiff, 0x0002, 5, 3, 92);
    entry(&mut tiff, 0x0003, 2, 2, u32::from_le_bytes(*b"E\0\0\0"));
    entry(&mut tiff, 0x0004, 5, 3, 116);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for (numerator, denominator) in [(6, 1), (49, 1), (12, 1), (107, 1), (8, 1), (24, 1)] {
        tiff.extend_from_slice(&u32::to_le_bytes(numerator));
        tiff.extend_from_slice(&u32::to_le_bytes(denominator));
    }
    assert_eq!(tiff.len(), 140);

    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&plain[2..]);
    out
}

fn entry(tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
    tiff.extend_from_slice(&tag.to_le_bytes());
    tiff.extend_from_slice(&kind.to_le_bytes());
    tiff.extend_from_slice(&count.to_le_bytes());
    if kind == 3 {
        // A SHORT value sits left-justified in the 4-byte field.
        tiff.extend_from_slice(&u16::try_from(value).unwrap().to_le_bytes());
        tiff.extend_from_slice(&[0, 0]);
    } else {
        tiff.extend_from_slice(&value.to_le_bytes());
    }
}

/// The markers of the segments before the first scan, in file order (0xE1 is APP1: Exif
/// or XMP; 0xE2 is APP2: ICC).
pub fn header_markers(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "not a JPEG");
    let mut markers = Vec::new();
    let mut at = 2;
    loop {
        assert_eq!(
            jpeg[at], 0xFF,
            "segment at {at} does not start with a marker"
        );
        let marker = jpeg[at + 1];
        markers.push(marker);
        if marker == 0xDA {
            return markers;
        }
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        at += 2 + length;
    }
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Every file under `dir`, relative, sorted; empty when `dir` does not exist.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

/// A complaint to attach screenshots to.
pub fn complaint(conn: &Connection) -> i64 {
    use crate::complaints::{self, Channel, ComplaintInput, ComplaintKind};
    let category = complaints::categories::find_by_name(conn, "Jalan dan jembatan")
        .unwrap()
        .unwrap()
        .id;
    let input = ComplaintInput {
        channel: Channel::Whatsapp,
        source_url: String::new(),
        citizen_name: "Siti Aminah".into(),
        citizen_contact: "081234567890".into(),
        body: "Jalan rusak di Cugenang".into(),
        received_at_wib: "2026-07-10T10:00".into(),
        kind: ComplaintKind::Pengaduan,
        category_id: category,
        kecamatan: "32.03.11".into(),
    };
    complaints::create(conn, &clock(), &input, "Rina")
        .unwrap()
        .id
}

/// Attaches `media_id` to the complaint as a screenshot.
pub fn screenshot(conn: &Connection, complaint_id: i64, media_id: i64) {
    crate::complaints::attach(conn, &clock(), complaint_id, media_id).unwrap();
}
