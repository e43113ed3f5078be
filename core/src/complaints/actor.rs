//! Who acts: the name every step and every view of personal data is signed with.

use crate::error::{Error, Result};
use crate::text::{check_length, clean_line};

pub(crate) const MAX_ACTOR_CHARS: usize = 100;

/// The name of whoever acts; every step and every view of personal data is signed.
pub(crate) fn clean_actor(actor: &str) -> Result<String> {
    let actor = clean_line(actor);
    if actor.is_empty() {
        return Err(Error::invalid(
            "actor",
            "Nama petugas wajib diisi agar setiap langkah tercatat.",
        ));
    }
    check_length("actor", "Nama petugas", &actor, MAX_ACTOR_CHARS)?;
    Ok(actor)
}
