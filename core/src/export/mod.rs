//! Files the admin takes out of the app for the agency's paperwork.
//!
//! Each format lives in its own file and takes plain, already-formatted rows, so an export
//! never depends on how the store models the data it came from.

pub mod docx;

pub use docx::{drafts_to_docx, write_docx, DocxDraft, DocxReport};
