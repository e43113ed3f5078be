//! medsos-core: the rules and the local store of Medsos PD.
//!
//! Everything an admin's data goes through lives here: validation, timestamps and the
//! SQLite store. The desktop shell and the UI only adapt and show what this crate decides.

pub mod accounts;
pub mod backup;
pub mod calendar;
pub mod clock;
pub mod complaints;
pub mod drafts;
pub mod error;
pub mod export;
pub mod finding;
pub mod kecamatan;
pub mod keystore;
pub mod media;
pub mod meta;
pub mod onboarding;
pub mod private_files;
pub mod profile;
pub mod programmes;
pub mod settings;
pub mod store;
pub mod sync;
pub mod templates;
pub mod text;
pub mod ui_rules;

#[cfg(test)]
mod test_support;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, ErrorPayload, Result};
pub use store::{Store, StoreOpenError};
