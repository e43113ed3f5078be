//! Media: the photos an admin brings back from a field event and attaches to a draf.
//!
//! Imported images are copied into a `media` folder beside the store file and named by the
//! SHA-256 of their bytes, so importing the same photo twice keeps one copy and a file name
//! can never point at different content. The store keeps one row per image; the draf keeps
//! the carousel order.

mod atomic;
mod attachments;
mod carousel;
mod decode;
mod dropped;
mod encode;
mod files;
mod import;
mod instagram;
mod item;
mod library;
mod prepare;
mod sealed;
mod thumbnail;

#[cfg(test)]
pub(crate) mod test_support;

pub use attachments::{attach, detach, list_for_draft, move_to};
pub use carousel::{carousel_items, prepare_carousel, CarouselReport};
pub use dropped::import_bytes;
pub use files::{media_dir, original_path, thumbs_dir};
pub use import::{import, MAX_IMPORT_BYTES};
pub use instagram::{carousel_findings, instagram_findings};
pub use item::{get, MediaFormat, MediaItem};
pub use library::{
    is_complaint_screenshot, library, new_draft_with, DraftRef, LibraryEntry, LibraryFilter,
    LibraryKind, LIBRARY_DEFAULT_LIMIT, LIBRARY_MAX_LIMIT,
};
pub use prepare::{prepare_for_instagram, Aspect, Crop, PreparedImage};
pub(crate) use sealed::media_dir_of;
pub use sealed::{
    is_sealed, read_media_file, register_key, seal, seal_complaint_screenshots, seal_item, MAGIC,
};
pub use thumbnail::{thumbnail_data_url, THUMBNAIL_MAX_SIDE};
