//! The bearer token an enrolled PC sends with every request: `mpd_` and 32 hex digits.
//! The prefix makes a leaked token easy to recognise in logs and secret scanners.

use super::hash::sha256_hex;
use rand::Rng;
use std::fmt;
use std::fmt::Write;

const PREFIX: &str = "mpd_";

pub struct DeviceToken(String);

impl DeviceToken {
    /// Draws 128 random bits from the thread's cryptographically secure generator.
    pub fn generate() -> Self {
        let bytes: [u8; 16] = rand::rng().random();
        let mut token = String::with_capacity(PREFIX.len() + 32);
        token.push_str(PREFIX);
        for byte in bytes {
            // Writing to a String cannot fail.
            let _ = write!(token, "{byte:02x}");
        }
        DeviceToken(token)
    }

    /// What the database keeps instead of the token.
    pub fn hash(&self) -> String {
        sha256_hex(&self.0)
    }

    /// The hash to look up for a token a PC presented, or `None` when the text cannot be a
    /// token the hub issued (so no query is spent on it).
    pub fn hash_presented(text: &str) -> Option<String> {
        let digits = text.strip_prefix(PREFIX)?;
        let well_formed = digits.len() == 32
            && digits
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        well_formed.then(|| sha256_hex(text))
    }

    /// The token itself, to hand to the PC exactly once.
    pub fn into_secret(self) -> String {
        self.0
    }
}

/// Keeps the token out of logs.
impl fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeviceToken(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_prefix_and_32_lowercase_hex_digits() {
        let token = DeviceToken::generate().into_secret();
        let digits = token.strip_prefix("mpd_").expect("prefix");
        assert_eq!(digits.len(), 32, "{token}");
        assert!(
            digits
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{token}"
        );
    }

    #[test]
    fn a_presented_token_hashes_like_the_issued_one_and_junk_does_not_hash() {
        let token = DeviceToken::generate();
        let hash = token.hash();
        assert_eq!(
            DeviceToken::hash_presented(&token.into_secret()),
            Some(hash)
        );
        for junk in ["", "mpd_", "mpd_XYZ", &format!("mpd_{}", "A".repeat(32))] {
            assert_eq!(DeviceToken::hash_presented(junk), None, "{junk}");
        }
    }

    #[test]
    fn tokens_differ_and_are_stored_as_their_hash() {
        let first = DeviceToken::generate();
        let second = DeviceToken::generate();
        assert_ne!(first.hash(), second.hash());
        let hash = first.hash();
        assert!(!hash.contains(&first.into_secret()[PREFIX.len()..]));
    }
}
