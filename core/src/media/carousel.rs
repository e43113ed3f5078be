//! "Siapkan carousel untuk Instagram": every photo of a draft prepared for Instagram into
//! one folder, numbered in carousel order, in one action.

use super::attachments::list_for_draft;
use super::instagram::MAX_CAROUSEL_ITEMS;
use super::item::MediaItem;
use super::library::{is_complaint_screenshot, screenshot_refused};
use super::prepare::{prepare_for_instagram, Aspect, Crop, PreparedImage};
use crate::error::{Error, Result};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The longest part of a file name kept from the photo's own name.
const MAX_STEM_CHARS: usize = 60;

/// What [`prepare_carousel`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CarouselReport {
    pub folder: PathBuf,
    /// One file per photo, in carousel order.
    pub files: Vec<PreparedImage>,
}

/// The draft's photos in carousel order, when they can make one carousel: at least one, at
/// most Instagram's ten, and no complaint screenshot among them. Checked before asking
/// for a folder, so a refusal comes before the dialog.
pub fn carousel_items(conn: &Connection, draft_id: i64) -> Result<Vec<MediaItem>> {
    crate::drafts::get(conn, draft_id)?;
    let items = list_for_draft(conn, draft_id)?;
    if items.is_empty() {
        return Err(Error::invalid(
            "media",
            "Draf ini belum punya foto. Tambahkan foto dulu, lalu siapkan carousel.",
        ));
    }
    if items.len() > MAX_CAROUSEL_ITEMS {
        return Err(Error::invalid(
            "media",
            format!(
                "Carousel Instagram paling banyak {MAX_CAROUSEL_ITEMS} foto, sedangkan draf ini \
                 punya {}. Lepaskan beberapa foto dulu.",
                items.len()
            ),
        ));
    }
    for item in &items {
        if is_complaint_screenshot(conn, item.id)? {
            return Err(screenshot_refused(&item.original_name));
        }
    }
    Ok(items)
}

/// Writes each of `items` into `folder` as `01-<name>.jpg`, `02-<name>.jpg`, ... prepared
/// for Instagram: the photo's own shape when Instagram accepts it, else centre-cropped to
/// the nearest shape it accepts (4:5 or 1.91:1), 1080 px wide, JPEG without metadata.
/// A file already there is never replaced: the new one gets a fresh name (`01-a-2.jpg`).
pub fn prepare_carousel(
    media_dir: &Path,
    items: &[MediaItem],
    folder: &Path,
) -> Result<CarouselReport> {
    if !folder.is_dir() {
        return Err(Error::invalid(
            "folder",
            format!(
                "Folder {} tidak ditemukan. Pilih folder lain.",
                folder.display()
            ),
        ));
    }
    let mut files = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let out = fresh_path(folder, index + 1, &stem(&item.original_name));
        files.push(prepare_for_instagram(
            media_dir,
            item,
            Crop::centred(Aspect::Original),
            &out,
        )?);
    }
    Ok(CarouselReport {
        folder: folder.to_path_buf(),
        files,
    })
}

/// `NN-<stem>.jpg` in `folder`, or `NN-<stem>-2.jpg`, `-3`, ... when taken.
fn fresh_path(folder: &Path, number: usize, stem: &str) -> PathBuf {
    let first = folder.join(format!("{number:02}-{stem}.jpg"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| folder.join(format!("{number:02}-{stem}-{n}.jpg")))
        .find(|path| !path.exists())
        .expect("some numbered name is free")
}

/// The photo's name without its extension, safe as a file name on Windows and Linux.
fn stem(original_name: &str) -> String {
    let base = original_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(original_name);
    let base = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') {
                '-'
            } else {
                c
            }
        })
        .take(MAX_STEM_CHARS)
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if cleaned.is_empty() {
        "foto".into()
    } else {
        cleaned.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::instagram::{MAX_ASPECT, MAX_BYTES, MIN_ASPECT};
    use crate::media::test_support::*;
    use crate::media::{attach, import, media_dir};
    use crate::Store;

    fn draft_with(dir: &Path, store: &Store, photos: &[(&str, Vec<u8>)]) -> (i64, Vec<i64>) {
        let draft_id = draft(store.conn(), "Bazar UMKM Cianjur");
        let media = media_dir(store.path());
        let ids = photos
            .iter()
            .map(|(name, bytes)| {
                let source = write(dir, name, bytes);
                let item = import(store.conn(), &clock(), &media, &source).unwrap();
                attach(store.conn(), draft_id, item.id).unwrap();
                item.id
            })
            .collect();
        (draft_id, ids)
    }

    #[test]
    fn media_carousel_writes_every_photo_numbered_in_carousel_order_within_limits() {
        let (dir, store) = store();
        let (draft_id, ids) = draft_with(
            dir.path(),
            &store,
            &[
                ("panggung.jpg", jpeg_bytes(2400, 1600)),
                ("tinggi.png", png_bytes(600, 1400)),
                ("panorama.webp", webp_bytes(1900, 500)),
            ],
        );
        // The admin dragged the portrait photo first.
        crate::media::move_to(store.conn(), draft_id, ids[1], 0).unwrap();
        let out = dir.path().join("carousel");
        std::fs::create_dir(&out).unwrap();

        let items = carousel_items(store.conn(), draft_id).unwrap();
        let report = prepare_carousel(&media_dir(store.path()), &items, &out).unwrap();
        assert_eq!(report.folder, out);
        assert_eq!(
            files_under(&out),
            vec!["01-tinggi.jpg", "02-panggung.jpg", "03-panorama.jpg"]
        );
        let written: Vec<_> = report
            .files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            written,
            vec!["01-tinggi.jpg", "02-panggung.jpg", "03-panorama.jpg"]
        );
        for file in &report.files {
            let bytes = std::fs::read(&file.path).unwrap();
            assert_eq!(&bytes[..2], &[0xFF, 0xD8], "JPEG");
            assert!(bytes.len() as u64 <= MAX_BYTES);
            let image = image::load_from_memory(&bytes).unwrap();
            assert_eq!((image.width(), image.height()), (file.width, file.height));
            assert!(image.width() <= 1440 && image.height() <= 1440);
            let ratio = f64::from(image.width()) / f64::from(image.height());
            assert!(
                (MIN_ASPECT - 1e-9..=MAX_ASPECT + 1e-9).contains(&ratio),
                "{ratio} of {:?}",
                file.path
            );
        }
        // Tall photo to 4:5, 3:2 kept, panorama to 1.91:1.
        let sizes: Vec<_> = report.files.iter().map(|f| (f.width, f.height)).collect();
        assert_eq!(sizes, vec![(1080, 1350), (1080, 720), (1080, 566)]);
    }

    #[test]
    fn media_carousel_never_overwrites_a_file_already_in_the_folder() {
        let (dir, store) = store();
        let (draft_id, _) = draft_with(
            dir.path(),
            &store,
            &[
                ("a.jpg", jpeg_bytes(1200, 1200)),
                ("b.jpg", jpeg_bytes(1300, 1200)),
            ],
        );
        let out = dir.path().join("keluaran");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("01-a.jpg"), b"punya orang lain").unwrap();
        let items = carousel_items(store.conn(), draft_id).unwrap();
        let media = media_dir(store.path());
        prepare_carousel(&media, &items, &out).unwrap();
        let again = prepare_carousel(&media, &items, &out).unwrap();
        assert_eq!(
            std::fs::read(out.join("01-a.jpg")).unwrap(),
            b"punya orang lain"
        );
        assert_eq!(
            files_under(&out),
            vec![
                "01-a-2.jpg",
                "01-a-3.jpg",
                "01-a.jpg",
                "02-b-2.jpg",
                "02-b.jpg"
            ]
        );
        assert_eq!(
            again.files[0].path.file_name().unwrap().to_string_lossy(),
            "01-a-3.jpg"
        );
    }

    #[test]
    fn media_carousel_refuses_no_photos_more_than_ten_and_screenshots() {
        let (dir, store) = store();
        let empty = draft(store.conn(), "Kosong");
        let err = carousel_items(store.conn(), empty).unwrap_err();
        assert_eq!(err.code(), "invalid.media");
        assert!(err.to_string().contains("belum punya foto"), "{err}");
        assert_eq!(
            carousel_items(store.conn(), empty + 100)
                .unwrap_err()
                .code(),
            "not_found"
        );

        let photos: Vec<(String, Vec<u8>)> = (0..11)
            .map(|n| (format!("f{n}.png"), png_bytes(30 + n, 30)))
            .collect();
        let refs: Vec<(&str, Vec<u8>)> = photos
            .iter()
            .map(|(n, b)| (n.as_str(), b.clone()))
            .collect();
        let (eleven, ids) = draft_with(dir.path(), &store, &refs);
        let err = carousel_items(store.conn(), eleven).unwrap_err();
        assert!(err.to_string().contains("paling banyak 10 foto"), "{err}");
        assert!(err.to_string().contains("punya 11"), "{err}");

        crate::media::detach(store.conn(), eleven, ids[10]).unwrap();
        assert_eq!(carousel_items(store.conn(), eleven).unwrap().len(), 10);
        let complaint_id = complaint(store.conn());
        screenshot(store.conn(), complaint_id, ids[4]);
        let err = carousel_items(store.conn(), eleven).unwrap_err();
        assert_eq!(err.code(), "invalid.media");
        assert!(
            err.to_string()
                .contains("\"f4.png\" adalah tangkapan layar aduan"),
            "{err}"
        );
    }

    #[test]
    fn media_carousel_refuses_a_missing_folder() {
        let (dir, store) = store();
        let (draft_id, _) = draft_with(dir.path(), &store, &[("a.jpg", jpeg_bytes(500, 500))]);
        let items = carousel_items(store.conn(), draft_id).unwrap();
        let err = prepare_carousel(
            &media_dir(store.path()),
            &items,
            &dir.path().join("tidak-ada"),
        )
        .unwrap_err();
        assert_eq!(err.code(), "invalid.folder");
    }

    #[test]
    fn media_carousel_file_names_are_safe() {
        assert_eq!(stem("Bazar UMKM.jpg"), "Bazar UMKM");
        assert_eq!(stem("a:b*c?.png"), "a-b-c-");
        assert_eq!(stem(".jpg"), "jpg");
        assert_eq!(stem("..."), "foto");
        assert_eq!(stem("C:\\Users\\x\\foto lapangan.jpeg"), "foto lapangan");
        assert_eq!(stem("tanpa-ekstensi"), "tanpa-ekstensi");
        assert_eq!(stem(&"x".repeat(200)).chars().count(), MAX_STEM_CHARS);
    }
}
