//! Files the admin takes out of the app for the agency's paperwork.
//!
//! Each format lives in its own file and takes plain, already-formatted rows, so an export
//! never depends on how the store models the data it came from.

mod atomic_write;
pub mod docx;

pub use atomic_write::write_file_atomically;
pub use docx::{drafts_to_docx, DocxDraft, DocxReport};
