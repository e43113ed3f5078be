//! How the hub hashes a credential before it stores or looks it up.

use sha2::{Digest, Sha256};
use std::fmt::Write;

/// A plain sha256 is enough here: both secrets are random with 60 or more bits of entropy,
/// so there is no dictionary to guess from and no need for a slow, salted hash.
pub(super) fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_hex_is_64_lowercase_hex_digits() {
        let hash = sha256_hex("abc");
        assert_eq!(
            hash,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
