//! The one-time enrolment code (kode pendaftaran) Diskominfo hands to an agency's admin, who
//! types it into Medsos PD. Made to be read aloud and typed: `K7QF-2M9D-XW4T`.

use super::hash::sha256_hex;
use rand::Rng;
use std::fmt;
use time::Duration;

/// How long a code can be used after it is issued.
pub const ENROLMENT_CODE_LIFETIME: Duration = Duration::days(7);

/// Uppercase letters and digits without 0/O and 1/I, which people confuse. 32 symbols, so
/// 12 of them carry 60 bits.
const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const LENGTH: usize = 12;
const GROUP: usize = 4;

/// A well-formed code, kept without separators and in uppercase.
#[derive(Clone, PartialEq, Eq)]
pub struct EnrolmentCode(String);

impl EnrolmentCode {
    /// Draws a fresh code from the thread's cryptographically secure generator.
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        let code = (0..LENGTH)
            .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
            .collect();
        EnrolmentCode(code)
    }

    /// Reads a code as a person typed it: any case, with or without dashes and spaces.
    /// `None` when it cannot be a code the hub issued.
    pub fn parse(typed: &str) -> Option<Self> {
        let code: String = typed
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let well_formed = code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b));
        well_formed.then_some(EnrolmentCode(code))
    }

    /// What the database keeps instead of the code.
    pub fn hash(&self) -> String {
        sha256_hex(&self.0)
    }
}

/// Shows the code in groups of four, the way it is printed for the admin.
impl fmt::Display for EnrolmentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, symbol) in self.0.chars().enumerate() {
            if index > 0 && index % GROUP == 0 {
                f.write_str("-")?;
            }
            write!(f, "{symbol}")?;
        }
        Ok(())
    }
}

/// Keeps the code out of logs.
impl fmt::Debug for EnrolmentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnrolmentCode(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_code_is_three_groups_of_four_unambiguous_symbols() {
        let shown = EnrolmentCode::generate().to_string();
        let groups: Vec<&str> = shown.split('-').collect();
        assert_eq!(groups.len(), 3, "{shown}");
        for group in groups {
            assert_eq!(group.len(), 4, "{shown}");
            assert!(group.bytes().all(|b| ALPHABET.contains(&b)), "{shown}");
        }
        assert!(!shown.contains(['0', 'O', '1', 'I']), "{shown}");
    }

    #[test]
    fn typed_code_is_accepted_in_any_case_with_or_without_separators() {
        let expected = EnrolmentCode::parse("K7QF-2M9D-XW4T").expect("printed form");
        for typed in [
            "k7qf-2m9d-xw4t",
            "K7QF2M9DXW4T",
            " k7qf 2m9d xw4t ",
            "K7QF - 2M9D - XW4T",
        ] {
            assert_eq!(
                EnrolmentCode::parse(typed),
                Some(expected.clone()),
                "{typed}"
            );
        }
        assert_eq!(expected.to_string(), "K7QF-2M9D-XW4T");
    }

    #[test]
    fn codes_of_wrong_length_or_ambiguous_symbols_are_not_codes() {
        for typed in [
            "",
            "K7QF-2M9D",
            "K7QF-2M9D-XW4TX",
            "K7QF-2M9D-XW40",
            "K7QF-2M9D-XWOT",
            "K7QF_2M9D_XW4T",
            "K7QF-2M9D-XW4É",
        ] {
            assert_eq!(EnrolmentCode::parse(typed), None, "{typed}");
        }
    }

    #[test]
    fn code_hash_does_not_contain_the_code() {
        let code = EnrolmentCode::generate();
        let hash = code.hash();
        assert_eq!(hash.len(), 64);
        assert!(!hash.to_uppercase().contains(&code.0));
        assert_eq!(format!("{code:?}"), "EnrolmentCode(..)");
    }
}
